package dev.balancekit;

/** A registered listener; {@link #close()} unregisters it. Thread-safe and idempotent. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  /** Stops delivery to the listener. Events already queued may still arrive. */
  @Override
  void close();
}
