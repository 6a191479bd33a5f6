package dev.balancekit;

import java.time.Duration;

/**
 * Counters of a balance cache at one moment. Immutable and thread-safe.
 *
 * @param hits lookups that found a value fresh enough to serve
 * @param misses lookups that found nothing, or only an expired value
 * @param evictions values removed for size or age
 * @param size values held now
 * @param loadSuccesses fetches that filled the cache
 * @param loadFailures fetches that failed
 * @param totalLoadNanos time spent in fetches, successful or not
 */
public record CacheStats(
    long hits,
    long misses,
    long evictions,
    long size,
    long loadSuccesses,
    long loadFailures,
    long totalLoadNanos) {

  private static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0, 0, 0);

  /**
   * @throws IllegalArgumentException if a counter is negative
   */
  public CacheStats {
    if (hits < 0
        || misses < 0
        || evictions < 0
        || size < 0
        || loadSuccesses < 0
        || loadFailures < 0
        || totalLoadNanos < 0) {
      throw new IllegalArgumentException(
          "counters must not be negative: "
              + hits
              + ", "
              + misses
              + ", "
              + evictions
              + ", "
              + size
              + ", "
              + loadSuccesses
              + ", "
              + loadFailures
              + ", "
              + totalLoadNanos);
    }
  }

  /** All zero. */
  public static CacheStats empty() {
    return EMPTY;
  }

  /** {@code hits / (hits + misses)}, or 1.0 when there were no lookups (as Caffeine does). */
  public double hitRate() {
    long requests = hits + misses;
    return requests == 0 ? 1.0 : (double) hits / requests;
  }

  /** Mean time of a fetch, or zero when there was none. */
  public Duration averageLoadTime() {
    long loads = loadSuccesses + loadFailures;
    return loads == 0 ? Duration.ZERO : Duration.ofNanos(totalLoadNanos / loads);
  }
}
