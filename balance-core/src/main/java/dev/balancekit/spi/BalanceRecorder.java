package dev.balancekit.spi;

import dev.balancekit.event.BalanceEvent;

/**
 * Keeps what the manager accepts, for history, analytics and audit. The manager hands it every
 * {@link BalanceEvent.Updated}, in order per account, off the ingest thread, and closes it on
 * close. The {@code balance-history} module provides one.
 *
 * <p>Implementations must be thread-safe; a slow recorder delays only itself.
 */
public interface BalanceRecorder extends AutoCloseable {

  /** Records an accepted update. Must not throw for bad data. */
  void record(BalanceEvent.Updated update);

  /** Flushes and releases resources. Idempotent. */
  @Override
  default void close() {}
}
