package dev.balancekit.spi;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.SourceState;
import java.util.Optional;

/**
 * A source that pushes updates (a WebSocket stream, a polling loop) through the {@link SourceSink}
 * given to {@link #attach} and keeps a synced view of the accounts it follows. While it is the
 * primary and {@link #state()} is {@link SourceState#LIVE}, the manager answers reads from {@link
 * #view} without I/O; otherwise it uses its fallbacks.
 *
 * <p>Implementations must be thread-safe.
 */
public interface StreamingBalanceSource extends BalanceSource {

  /**
   * Starts the stream, delivering to {@code sink}. Called once by the manager that owns the source.
   *
   * @throws IllegalStateException if already started or closed
   */
  @Override
  void attach(SourceSink sink);

  /** Asks the stream to follow {@code account}; a no-op for streams bound to one account. */
  default void track(AccountRef account) {}

  /** The current connection state. */
  @Override
  SourceState state();

  /** The synced view of {@code account}, if the stream follows it and has received its snapshot. */
  Optional<AccountBalances> view(AccountRef account);
}
