package dev.balancekit.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When a cached value is fresh, due for a background refresh, or only good as a stale fallback.
 * Shared by every {@link BalanceCache} so they judge alike. Immutable and thread-safe.
 *
 * <ul>
 *   <li>age below {@code refreshAhead x ttl}: {@link BalanceCache.State#FRESH}
 *   <li>age below {@code ttl}: {@link BalanceCache.State#REFRESH_DUE} (served, reloaded in the
 *       background)
 *   <li>age below {@code maxStaleness}: {@link BalanceCache.State#EXPIRED} (reloaded; served STALE
 *       only if that fails)
 *   <li>older: gone
 * </ul>
 */
public final class CachePolicy {

  private final Duration ttl;
  private final Duration maxStaleness;
  private final double refreshAhead;
  // Judged on every cached read: kept as nanos so judging allocates nothing.
  private final long ttlNanos;
  private final long refreshNanos;
  private final long staleNanos;

  private CachePolicy(Duration ttl, Duration maxStaleness, double refreshAhead) {
    this.ttl = ttl;
    this.maxStaleness = maxStaleness;
    this.refreshAhead = refreshAhead;
    this.ttlNanos = saturatedNanos(ttl);
    this.refreshNanos = (long) (ttlNanos * refreshAhead);
    this.staleNanos = saturatedNanos(maxStaleness);
  }

  /**
   * Returns a policy.
   *
   * @param ttl how long a value is served without asking a source; positive
   * @param maxStaleness the greatest age at which a value is still served, marked STALE, when every
   *     source fails; at least {@code ttl}
   * @param refreshAhead share of {@code ttl} after which a read triggers a background reload, in
   *     {@code (0, 1]}; 1 turns refresh-ahead off
   * @throws IllegalArgumentException naming the first bad argument and its value
   */
  public static CachePolicy of(Duration ttl, Duration maxStaleness, double refreshAhead) {
    if (ttl == null || ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive, but was " + ttl);
    }
    if (maxStaleness == null || maxStaleness.compareTo(ttl) < 0) {
      throw new IllegalArgumentException(
          "maxStaleness must be at least ttl (" + ttl + "), but was " + maxStaleness);
    }
    if (!(refreshAhead > 0 && refreshAhead <= 1)) {
      throw new IllegalArgumentException("refreshAhead must be in (0, 1], but was " + refreshAhead);
    }
    return new CachePolicy(ttl, maxStaleness, refreshAhead);
  }

  public Duration ttl() {
    return ttl;
  }

  public Duration maxStaleness() {
    return maxStaleness;
  }

  public double refreshAhead() {
    return refreshAhead;
  }

  /**
   * The state of a value stored at {@code storedAt}, judged at {@code now}; null when too old to
   * serve.
   */
  public BalanceCache.@Nullable State judge(Instant storedAt, Instant now) {
    long age = ageNanos(storedAt, now);
    if (age < refreshNanos) {
      return BalanceCache.State.FRESH;
    }
    if (age < ttlNanos) {
      return BalanceCache.State.REFRESH_DUE;
    }
    return age <= staleNanos ? BalanceCache.State.EXPIRED : null;
  }

  private static long ageNanos(Instant from, Instant to) {
    long seconds = to.getEpochSecond() - from.getEpochSecond();
    if (seconds < 0) {
      return 0;
    }
    if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, seconds * 1_000_000_000L + (to.getNano() - from.getNano()));
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CachePolicy other
        && ttl.equals(other.ttl)
        && maxStaleness.equals(other.maxStaleness)
        && refreshAhead == other.refreshAhead;
  }

  @Override
  public int hashCode() {
    return Objects.hash(ttl, maxStaleness, refreshAhead);
  }

  @Override
  public String toString() {
    return "CachePolicy{ttl="
        + ttl
        + ", maxStaleness="
        + maxStaleness
        + ", refreshAhead="
        + refreshAhead
        + '}';
  }
}
