package dev.balancekit;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A source cannot answer right now: not connected, not yet synced, timed out, rate limited or
 * behind an open circuit breaker. The manager moves on to the next source.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class SourceUnavailableException extends BalanceKitException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final @Nullable Duration retryAfter;

  private SourceUnavailableException(
      String source, String reason, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(
        "source '"
            + source
            + "' unavailable: "
            + reason
            + (retryAfter == null ? "" : " (retry after " + retryAfter.toMillis() + " ms)"),
        cause);
    this.source = source;
    this.retryAfter = retryAfter;
  }

  /** {@code source} cannot answer for {@code reason}. */
  public static SourceUnavailableException of(String source, String reason) {
    return new SourceUnavailableException(source, reason, null, null);
  }

  /** {@code source} cannot answer for {@code reason}, caused by {@code cause}. */
  public static SourceUnavailableException of(String source, String reason, Throwable cause) {
    return new SourceUnavailableException(source, reason, null, cause);
  }

  /** {@code source} asked to be left alone for {@code retryAfter} (rate limit, maintenance). */
  public static SourceUnavailableException retryAfter(
      String source, String reason, Duration retryAfter) {
    return new SourceUnavailableException(source, reason, retryAfter, null);
  }

  /** {@code source} asked to be left alone for {@code retryAfter}, as {@code cause} says. */
  public static SourceUnavailableException retryAfter(
      String source, String reason, Duration retryAfter, Throwable cause) {
    return new SourceUnavailableException(source, reason, retryAfter, cause);
  }

  public String source() {
    return source;
  }

  /** How long the source asked callers to wait, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
