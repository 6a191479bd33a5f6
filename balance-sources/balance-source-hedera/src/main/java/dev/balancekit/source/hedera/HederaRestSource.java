package dev.balancekit.source.hedera;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.SourceState;
import dev.balancekit.Subscription;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.SourceSink;
import java.util.concurrent.CompletableFuture;

/**
 * Balances of any account of one Hedera network, read from the Mirror Node on each fetch (see
 * {@link MirrorReader}); concurrent fetches of one account share one read. An unknown account fails
 * with {@link AccountNotFoundException}, never a zero balance.
 *
 * <p>Thread-safe.
 */
final class HederaRestSource implements BalanceSource {
  private final String name;
  private final HederaNetwork network;
  private final MirrorReader reader;
  private final Runnable onClose;
  private final Object lifecycle = new Object();
  private Subscription stateSubscription;
  private boolean attached;
  private volatile boolean closed;

  /** @param onClose run once, by the first {@link #close()} */
  HederaRestSource(String name, HederaNetwork network, MirrorReader reader, Runnable onClose) {
    this.name = name;
    this.network = network;
    this.reader = reader;
    this.onClose = onClose;
  }

  @Override
  public String name() {
    return name;
  }

  /** Accounts of this source's network ({@code hedera:testnet}, ...). */
  @Override
  public boolean supports(AccountRef account) {
    return account != null && account.venue().equals(network.venue());
  }

  /**
   * Reads {@code account} from the Mirror Node; never blocks. Cancelling the future cancels the calls
   * once every fetch sharing them has cancelled.
   *
   * @return a future failing with {@link AccountNotFoundException} for an account the mirror does not
   *     know, {@link IllegalArgumentException} for another network's account or a wrong checksum,
   *     {@link dev.balancekit.source.http.HttpSourceException} (for example {@code MALFORMED_RESPONSE}) or
   *     {@link dev.balancekit.SourceUnavailableException}
   * @throws IllegalArgumentException if {@code account} is null
   */
  @Override
  public CompletableFuture<AccountBalances> fetch(AccountRef account) {
    if (account == null) {
      throw new IllegalArgumentException("account must not be null");
    }
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("source '" + name + "' is closed"));
    }
    if (!supports(account)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "source '" + name + "' reads accounts of " + network.venue() + ", not " + account));
    }
    EntityId id;
    try {
      id = EntityId.account(account, network);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return balances(reader.account(id), account, name);
  }

  /** {@code holdings} as balances of {@code account} from {@code source}; {@link MirrorReader.Missing} becomes not-found. */
  static CompletableFuture<AccountBalances> balances(CompletableFuture<Holdings> holdings, AccountRef account,
      String source) {
    CompletableFuture<AccountBalances> result = new CompletableFuture<>();
    holdings.whenComplete((h, e) -> {
      Throwable cause = e == null ? null : Chain.unwrap(e);
      if (cause instanceof MirrorReader.Missing) {
        result.completeExceptionally(AccountNotFoundException.of(account, source));
      } else if (cause != null) {
        result.completeExceptionally(cause);
      } else {
        try {
          result.complete(h.toBalances(account, source));
        } catch (RuntimeException ex) {
          result.completeExceptionally(ex);
        }
      }
    });
    Chain.cancelWith(result, holdings);
    return result;
  }

  /**
   * Reports the mirror client's state changes (breaker, rate limits) to {@code sink} until closed.
   *
   * @throws IllegalArgumentException if {@code sink} is null
   * @throws IllegalStateException if already attached or closed
   */
  @Override
  public void attach(SourceSink sink) {
    if (sink == null) {
      throw new IllegalArgumentException("sink must not be null");
    }
    synchronized (lifecycle) {
      if (attached || closed) {
        throw new IllegalStateException("source '" + name + "' is already attached or closed");
      }
      attached = true;
      stateSubscription = reader.mirror().client().onStateChange(sink::onStateChange);
    }
  }

  /** LIVE, or DEGRADED while the mirror's breaker is not closed or it rate limits; CLOSED once closed. */
  @Override
  public SourceState state() {
    return closed ? SourceState.CLOSED : reader.mirror().client().state();
  }

  /** Stops reporting state changes. Idempotent. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (stateSubscription != null) {
        stateSubscription.close();
        stateSubscription = null;
      }
    }
    onClose.run();
  }

  @Override
  public String toString() {
    return "HederaRestSource{" + name + ", " + network.venue() + ", " + reader.mirror() + ", " + state() + '}';
  }
}
