package dev.balancekit.source.http;

import dev.balancekit.SourceState;
import dev.balancekit.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LIVE / DEGRADED / CLOSED state of a request/response venue, derived from its circuit breaker
 * and from rate limits (the venue's or ours), and reported to listeners on every change.
 * Thread-safe; listeners are called in order of the changes, under this object's lock.
 */
final class VenueState {
  static final Duration LONGEST_PAUSE = Duration.ofDays(7);

  private static final Logger log = LoggerFactory.getLogger(VenueState.class);

  private final String name;
  private final ScheduledExecutorService scheduler;
  private final List<VenueClient.StateListener> listeners = new CopyOnWriteArrayList<>();
  private volatile SourceState current = SourceState.LIVE;
  private boolean breakerNotClosed;
  private long rateLimitedUntilNanos;
  private boolean rateLimited;
  private boolean paused;
  private boolean closed;

  VenueState(String name, ScheduledExecutorService scheduler) {
    this.name = name;
    this.scheduler = scheduler;
  }

  SourceState current() {
    return current;
  }

  Subscription listen(VenueClient.StateListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  synchronized void breaker(boolean notClosed, String reason) {
    breakerNotClosed = notClosed;
    recompute(reason);
  }

  /**
   * Calls are rate limited for {@code period} from now; the state recovers by itself afterwards.
   */
  synchronized void rateLimitedFor(Duration period, String reason) {
    limitFor(period, reason, false);
  }

  /**
   * The venue asked us to stay away for {@code period} (a {@code Retry-After}, a used-up request
   * weight): rate limited as above, and {@link #pausedFor()} tells callers to fail fast meanwhile.
   * A shorter pause never cuts a longer one.
   */
  synchronized void pauseFor(Duration period, String reason) {
    limitFor(period, reason, true);
  }

  /** How much of the venue's pause is left, if one is on. */
  synchronized Optional<Duration> pausedFor() {
    if (!paused) {
      return Optional.empty();
    }
    long left = rateLimitedUntilNanos - System.nanoTime();
    if (left <= 0) {
      paused = false;
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(left));
  }

  private void limitFor(Duration asked, String reason, boolean pause) {
    // A venue's absurd wait (centuries overflow toNanos) is cut to the longest ban venues document.
    Duration period = asked.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : asked;
    long until = System.nanoTime() + period.toNanos();
    if (!rateLimited || until - rateLimitedUntilNanos > 0) {
      rateLimitedUntilNanos = until;
    }
    rateLimited = true;
    paused |= pause;
    recompute(reason);
    try {
      // Not kept: the task cannot fail (recompute catches what listeners throw), close() stops it.
      var unused =
          scheduler.schedule(this::rateLimitMayHaveEnded, period.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      log.debug("venue '{}' is closing; rate-limit end not scheduled", name);
    }
  }

  private synchronized void rateLimitMayHaveEnded() {
    if (rateLimited && System.nanoTime() - rateLimitedUntilNanos >= 0) {
      rateLimited = false;
      paused = false;
      recompute("rate limit period over");
    }
  }

  synchronized void close() {
    closed = true;
    recompute("closed");
  }

  private void recompute(String reason) {
    SourceState next =
        closed
            ? SourceState.CLOSED
            : breakerNotClosed || rateLimited ? SourceState.DEGRADED : SourceState.LIVE;
    SourceState previous = current;
    if (previous == next || previous == SourceState.CLOSED) {
      return;
    }
    current = next;
    for (VenueClient.StateListener listener : listeners) {
      try {
        listener.onStateChange(previous, next, reason);
      } catch (RuntimeException e) {
        log.warn("state listener of venue '{}' failed", name, e);
      }
    }
  }
}
