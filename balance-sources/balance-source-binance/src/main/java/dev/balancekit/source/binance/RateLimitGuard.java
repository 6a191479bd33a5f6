package dev.balancekit.source.binance;

import java.time.Duration;
import java.util.Optional;

/**
 * Remembers how long Binance asked this client's IP to stay away (HTTP 418/429 with Retry-After, or a
 * WebSocket API answer with {@code retryAfter}), so that neither REST nor the stream calls again before
 * then: calling during a ban is what makes Binance lengthen it. Thread-safe.
 */
final class RateLimitGuard {
  private final Object lock = new Object();
  private long untilNanos;
  private boolean active;

  /** Stay away for {@code wait} from now, unless an earlier request asked for longer. */
  void backOff(Duration wait) {
    if (wait == null || wait.isZero() || wait.isNegative()) {
      return;
    }
    long until = System.nanoTime() + wait.toNanos();
    synchronized (lock) {
      if (!active || until - untilNanos > 0) {
        untilNanos = until;
        active = true;
      }
    }
  }

  /** How long calls must still wait, if they must. */
  Optional<Duration> remaining() {
    synchronized (lock) {
      if (!active) {
        return Optional.empty();
      }
      long left = untilNanos - System.nanoTime();
      if (left <= 0) {
        active = false;
        return Optional.empty();
      }
      return Optional.of(Duration.ofNanos(left));
    }
  }
}
