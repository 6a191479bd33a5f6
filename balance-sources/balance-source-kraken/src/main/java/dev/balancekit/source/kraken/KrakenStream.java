package dev.balancekit.source.kraken;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.SourceState;
import dev.balancekit.source.http.ManagedWebSocket;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.SourceSink;
import dev.balancekit.spi.StreamingBalanceSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The account's balance stream: a {@link ManagedWebSocket} speaking {@link KrakenStreamProtocol},
 * bound to the one account its API key reads, with REST behind it for reads while it is not LIVE.
 *
 * <p>Thread-safe.
 */
final class KrakenStream implements StreamingBalanceSource {
  private final ManagedWebSocket socket;
  private final AccountRef account;
  private final BalanceSource rest;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param onClose run once, by the first {@link #close()}
   */
  KrakenStream(ManagedWebSocket socket, AccountRef account, BalanceSource rest, Runnable onClose) {
    this.socket = socket;
    this.account = account;
    this.rest = rest;
    this.onClose = onClose;
    socket.track(account);
  }

  /**
   * What a {@link ManagedWebSocket} resyncs from: after a subscribe, the snapshot that subscription
   * delivers (so a connect never depends on REST, and a refused subscription reconnects); after a
   * sequence gap, {@code BalanceEx} over REST.
   */
  static BalanceSource resyncSource(KrakenStreamProtocol protocol, BalanceSource rest) {
    return new BalanceSource() {
      @Override
      public String name() {
        return rest.name();
      }

      @Override
      public boolean supports(AccountRef requested) {
        return rest.supports(requested);
      }

      @Override
      public CompletableFuture<AccountBalances> fetch(AccountRef requested) {
        CompletableFuture<AccountBalances> connectionSnapshot = protocol.takeConnectionSnapshot();
        // A copy: the connection cancels a resync that timed out, which must not fail the snapshot
        // itself.
        return connectionSnapshot != null ? connectionSnapshot.copy() : rest.fetch(requested);
      }

      @Override
      public String toString() {
        return "resync of " + protocol;
      }
    };
  }

  ManagedWebSocket socket() {
    return socket;
  }

  @Override
  public String name() {
    return socket.name();
  }

  /** Only the account whose API key the source holds. */
  @Override
  public boolean supports(AccountRef other) {
    return account.equals(other);
  }

  /**
   * The stream's view while LIVE, else a {@code BalanceEx} fetch.
   *
   * @throws IllegalArgumentException if {@code requested} is null
   */
  @Override
  public CompletableFuture<AccountBalances> fetch(AccountRef requested) {
    if (requested == null) {
      throw new IllegalArgumentException("account must not be null");
    }
    Optional<AccountBalances> view = socket.view(requested);
    if (supports(requested) && socket.state() == SourceState.LIVE && view.isPresent()) {
      return CompletableFuture.completedFuture(view.get());
    }
    return rest.fetch(requested);
  }

  /** See {@link ManagedWebSocket#attach}. */
  @Override
  public void attach(SourceSink sink) {
    socket.attach(sink);
  }

  @Override
  public SourceState state() {
    return socket.state();
  }

  /** Nothing to do: the stream always follows its one account. */
  @Override
  public void track(AccountRef other) {}

  @Override
  public Optional<AccountBalances> view(AccountRef requested) {
    return supports(requested) ? socket.view(requested) : Optional.empty();
  }

  /** Closes the connection. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      socket.close();
      onClose.run();
    }
  }

  @Override
  public String toString() {
    return "KrakenStream{" + account + ", " + socket + '}';
  }
}
