package dev.balancekit.economy;

import dev.balancekit.BalanceKitException;
import java.time.Duration;
import java.time.Instant;

/**
 * The member already claimed today's reward (UTC); nothing was paid. Worded for a chat: "Daily
 * reward already claimed; the next one is available in 3 h 12 min (2026-11-23T00:00:00Z)".
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class DailyRewardClaimedException extends BalanceKitException {
  private static final long serialVersionUID = 1L;

  private final String userId;
  private final Instant nextClaimAt;
  private final Duration retryAfter;

  private DailyRewardClaimedException(String userId, Instant nextClaimAt, Duration retryAfter) {
    super(
        "Daily reward already claimed; the next one is available in "
            + humane(retryAfter)
            + " ("
            + nextClaimAt
            + ")");
    this.userId = userId;
    this.nextClaimAt = nextClaimAt;
    this.retryAfter = retryAfter;
  }

  /** {@code userId} may claim again at {@code nextClaimAt}; it is {@code now}. */
  public static DailyRewardClaimedException of(String userId, Instant nextClaimAt, Instant now) {
    return new DailyRewardClaimedException(userId, nextClaimAt, Duration.between(now, nextClaimAt));
  }

  public String userId() {
    return userId;
  }

  /** When the next claim opens (the next UTC midnight). */
  public Instant nextClaimAt() {
    return nextClaimAt;
  }

  /** How long until then. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** {@code 3 h 12 min}, or {@code 42 s} under a minute; rounded up so it is never too early. */
  private static String humane(Duration d) {
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    if (seconds < 60) {
      return seconds + " s";
    }
    long minutes = (seconds + 59) / 60;
    return minutes < 60 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
  }
}
