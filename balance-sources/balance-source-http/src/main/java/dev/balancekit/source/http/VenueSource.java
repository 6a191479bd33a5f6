package dev.balancekit.source.http;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.SourceState;
import dev.balancekit.Subscription;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.SourceSink;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The part every request/response source over a {@link VenueClient} shares: its name, its state
 * (the client's: LIVE, or DEGRADED while the breaker is not closed or calls are rate limited;
 * CLOSED once closed), {@link #attach} reporting the client's state changes, an idempotent {@link
 * #close}, and a {@link #fetch} that refuses null, unsupported accounts and calls after close
 * before {@link #read} runs. Adapter modules extend it; applications use what the adapters build.
 *
 * <p>Thread-safe, as subclasses must be.
 */
public abstract class VenueSource implements BalanceSource {
  private final String name;
  private final VenueClient client;
  private final Runnable onClose;
  private final Object lifecycle = new Object();
  private @Nullable Subscription stateSubscription;
  private boolean attached;
  private volatile boolean closed;

  /**
   * @param onClose run once, by the first {@link #close()}; for example releasing a client the
   *     source's builder owns
   * @throws IllegalArgumentException if an argument is null or {@code name} blank
   */
  protected VenueSource(String name, VenueClient client, Runnable onClose) {
    this.name = Checks.notBlank("name", name);
    this.client = Checks.notNull("client", client);
    this.onClose = Checks.notNull("onClose", onClose);
  }

  /** Reads {@code account}, which is supported and not null, from the venue; must not block. */
  protected abstract CompletableFuture<AccountBalances> read(AccountRef account);

  @Override
  public final String name() {
    return name;
  }

  /**
   * Fetches the balances of {@code account}; never blocks. Cancelling the future cancels the HTTP
   * call.
   *
   * @return a future completed by {@link #read}, or failed with {@link IllegalArgumentException}
   *     for an account this source does not serve or {@link IllegalStateException} once closed
   * @throws IllegalArgumentException if {@code account} is null
   */
  @Override
  public final CompletableFuture<AccountBalances> fetch(AccountRef account) {
    Checks.notNull("account", account);
    if (closed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("source '" + name + "' is closed"));
    }
    if (!supports(account)) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "source '" + name + "' serves " + served() + ", not " + account));
    }
    return read(account);
  }

  /**
   * Reports the venue client's state changes (breaker, rate limits) to {@code sink} until closed.
   *
   * @throws IllegalArgumentException if {@code sink} is null
   * @throws IllegalStateException if already attached or closed
   */
  @Override
  public final void attach(SourceSink sink) {
    Checks.notNull("sink", sink);
    synchronized (lifecycle) {
      if (attached || closed) {
        throw new IllegalStateException("source '" + name + "' is already attached or closed");
      }
      attached = true;
      stateSubscription = client.onStateChange(sink::onStateChange);
    }
  }

  @Override
  public final SourceState state() {
    return closed ? SourceState.CLOSED : client.state();
  }

  /** Stops reporting state changes and runs the close action once. Idempotent. */
  @Override
  public final void close() {
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

  /** What {@link #supports} accepts, for the message refusing another account. */
  protected abstract String served();

  /** Whether {@link #close()} has been called. */
  protected final boolean isClosed() {
    return closed;
  }

  /** The venue client calls go through. */
  protected final VenueClient client() {
    return client;
  }
}
