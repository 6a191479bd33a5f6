package dev.balancekit.spi;

import dev.balancekit.CacheStats;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The counters every {@link BalanceCache} keeps, in one place so that caches count alike.
 * Thread-safe; recording never blocks.
 */
public final class CacheCounters {
  private final boolean enabled;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder loadSuccesses = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder totalLoadNanos = new LongAdder();

  /** Counters that count. */
  public CacheCounters() {
    this(true);
  }

  private CacheCounters(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Counters that ignore every record, for caches built without statistics; only size is reported.
   */
  public static CacheCounters disabled() {
    return new CacheCounters(false);
  }

  /**
   * Counts a lookup by the state it found; {@code null} (nothing servable) is a miss, so is
   * EXPIRED.
   */
  public void recordLookup(BalanceCache.@Nullable State state) {
    if (!enabled) {
      return;
    }
    (state == BalanceCache.State.FRESH || state == BalanceCache.State.REFRESH_DUE ? hits : misses)
        .increment();
  }

  public void recordEviction() {
    if (!enabled) {
      return;
    }
    evictions.increment();
  }

  /** Counts a fetch the manager made for the cache, and its duration. */
  public void recordLoad(long nanos, boolean success) {
    if (!enabled) {
      return;
    }
    (success ? loadSuccesses : loadFailures).increment();
    totalLoadNanos.add(Math.max(0, nanos));
  }

  /** The counters now, with {@code size} values held. */
  public CacheStats snapshot(long size) {
    return new CacheStats(
        hits.sum(),
        misses.sum(),
        evictions.sum(),
        size,
        loadSuccesses.sum(),
        loadFailures.sum(),
        totalLoadNanos.sum());
  }
}
