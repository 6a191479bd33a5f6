package dev.balancekit.spi;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.SourceState;
import java.util.concurrent.CompletableFuture;

/**
 * Something that can tell what an account holds: an exchange REST API, a chain node, a ledger.
 *
 * <p>Implementations must be thread-safe; the manager calls {@link #fetch} from many threads.
 */
public interface BalanceSource extends AutoCloseable {

  /**
   * A short, stable name for status, events and {@code Balance.source()}; never contains secrets.
   */
  String name();

  /** Whether this source can answer for {@code account} (usually: the venue matches). */
  default boolean supports(AccountRef account) {
    return true;
  }

  /**
   * Fetches the balances of {@code account}. Must not block the caller on I/O. The manager cancels
   * the returned future when the fetch times out: cancelling it must cancel the I/O (so return the
   * future the I/O completes, or propagate cancellation to it, not a detached {@code thenApply}).
   *
   * @return a future completed with the balances, or exceptionally with {@link
   *     dev.balancekit.AccountNotFoundException} for an unknown account, {@link
   *     dev.balancekit.SourceUnavailableException} when the source cannot answer now, or any other
   *     exception on failure; never completed with an invented zero
   */
  CompletableFuture<AccountBalances> fetch(AccountRef account);

  /**
   * Connects this source to the manager that owns it. Called once, when the manager is built; a
   * streaming source starts streaming here, a request/response source may keep {@code sink} to
   * report state changes (circuit breaker, rate limit). The default ignores it.
   *
   * @throws IllegalStateException if already attached or closed
   */
  default void attach(SourceSink sink) {}

  /**
   * The source's state now. {@link SourceState#LIVE} means it answers; a request/response source
   * reports {@link SourceState#DEGRADED} while it refuses calls (circuit open, rate limited).
   */
  default SourceState state() {
    return SourceState.LIVE;
  }

  /** Releases connections and threads. Idempotent. */
  @Override
  default void close() {}
}
