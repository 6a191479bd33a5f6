package dev.balancekit;

/**
 * Counters of a balance cache at one moment. Immutable and thread-safe.
 *
 * @param hits lookups that found a value fresh enough to serve
 * @param misses lookups that found nothing, or only an expired value
 * @param evictions values removed for size or age
 * @param size values held now
 */
public record CacheStats(long hits, long misses, long evictions, long size) {

  private static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0);

  /** @throws IllegalArgumentException if a counter is negative */
  public CacheStats {
    if (hits < 0 || misses < 0 || evictions < 0 || size < 0) {
      throw new IllegalArgumentException(
          "counters must not be negative: hits=" + hits + ", misses=" + misses + ", evictions=" + evictions
              + ", size=" + size);
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
}
