package dev.balancekit.spi;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.SourceState;
import java.util.Optional;

/**
 * A source that pushes updates (a WebSocket stream, a polling loop) and keeps a synced view of the
 * accounts it follows. While {@link #state()} is {@link SourceState#LIVE} the manager answers reads
 * from {@link #view} without I/O; otherwise it uses its fallbacks.
 *
 * <p>Implementations must be thread-safe.
 */
public interface StreamingBalanceSource extends BalanceSource {

  /** Receives what a stream pushes. Implementations return quickly and never throw. */
  interface Sink {
    /** New balances arrived; {@code update} may be partial (a delta) or a complete snapshot. */
    void onUpdate(AccountBalances update);

    /** The stream moved from {@code from} to {@code to}; {@code reason} is for people and has no secrets. */
    void onStateChange(SourceState from, SourceState to, String reason);
  }

  /**
   * Starts the stream, delivering to {@code sink}. Called once by the manager that owns the source.
   *
   * @throws IllegalStateException if already started or closed
   */
  void start(Sink sink);

  /** Asks the stream to follow {@code account}; a no-op for streams bound to one account. */
  default void track(AccountRef account) {
  }

  /** The current connection state. */
  SourceState state();

  /** The synced view of {@code account}, if the stream follows it and has received its snapshot. */
  Optional<AccountBalances> view(AccountRef account);
}
