package dev.balancekit.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.CacheStats;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CacheCounters;
import dev.balancekit.spi.CachePolicy;
import dev.balancekit.spi.MapBalanceCache;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BalanceCache} on Caffeine: a size bound with Caffeine's eviction, plus per-entry TTL,
 * refresh-ahead, stale-if-error and expiry at the staleness bound as judged by a {@link
 * CachePolicy} (values pinned by a LIVE stream stay fresh until unpinned), and statistics.
 *
 * <pre>{@code
 * BalanceCache cache = CaffeineBalanceCache.builder()
 *     .ttl(Duration.ofSeconds(30)).maximumSize(10_000).maxStaleness(Duration.ofMinutes(10)).build();
 * }</pre>
 *
 * <p>Thread-safe. Removal notifications run on the thread that caused them and only queue events.
 */
public final class CaffeineBalanceCache implements BalanceCache {

  private final Cache<AccountRef, MapBalanceCache.Entry> caffeine;
  private final MapBalanceCache judged;
  private final long maximumSize;

  private CaffeineBalanceCache(Builder b) {
    CachePolicy policy = CachePolicy.of(b.ttl, b.maxStaleness(), b.refreshAhead);
    this.maximumSize = b.maximumSize;
    // No Caffeine expiry on purpose: variable expiry halves Caffeine's read throughput
    // (BENCHMARKS.md).
    // Age is judged by the policy on every read, and sweep() drops what is too old to serve.
    this.caffeine =
        Caffeine.newBuilder().maximumSize(b.maximumSize).evictionListener(this::evicted).build();
    this.judged =
        new MapBalanceCache(
            caffeine.asMap(),
            policy,
            b.recordStats ? new CacheCounters() : CacheCounters.disabled());
  }

  /**
   * Only size evictions are Caffeine's own doing; the judged map announces expiry and invalidation.
   */
  private void evicted(
      AccountRef key,
      MapBalanceCache.Entry entry,
      com.github.benmanes.caffeine.cache.RemovalCause cause) {
    if (key != null) {
      judged.removed(key, RemovalCause.SIZE);
    }
  }

  /** A builder with the defaults of {@link BalanceManagerConfig#defaults()}. */
  public static Builder builder() {
    return builder(BalanceManagerConfig.defaults());
  }

  /** A builder taking {@code ttl} and {@code maximumSize} from {@code config}. */
  public static Builder builder(BalanceManagerConfig config) {
    return new Builder(config);
  }

  /** The policy values are judged by. */
  public CachePolicy policy() {
    return judged.policy();
  }

  /** The size bound. */
  public long maximumSize() {
    return maximumSize;
  }

  @Override
  public @Nullable Lookup lookup(AccountRef account, Instant now) {
    return judged.lookup(account, now);
  }

  @Override
  public Optional<AccountBalances> peek(AccountRef account, Instant now) {
    return judged.peek(account, now);
  }

  @Override
  public void put(AccountBalances value, Instant now, boolean pinned) {
    judged.put(value, now, pinned);
  }

  @Override
  public void unpinAll(Instant now) {
    judged.unpinAll(now);
  }

  @Override
  public void recordLoad(long nanos, boolean success) {
    judged.recordLoad(nanos, success);
  }

  @Override
  public void attach(RemovalListener listener) {
    judged.attach(listener);
  }

  @Override
  public void invalidate(AccountRef account) {
    judged.invalidate(account);
  }

  @Override
  public void sweep(Instant now) {
    judged.sweep(now);
  }

  /** Runs Caffeine's pending maintenance (size eviction) now; it otherwise rides on later calls. */
  public void cleanUp() {
    caffeine.cleanUp();
  }

  @Override
  public CacheStats stats() {
    CacheStats counted = judged.stats();
    return new CacheStats(
        counted.hits(),
        counted.misses(),
        counted.evictions(),
        caffeine.estimatedSize(),
        counted.loadSuccesses(),
        counted.loadFailures(),
        counted.totalLoadNanos());
  }

  @Override
  public void close() {
    caffeine.invalidateAll();
    caffeine.cleanUp();
  }

  @Override
  public String toString() {
    return "CaffeineBalanceCache{" + judged.policy() + ", maximumSize=" + maximumSize + '}';
  }

  /**
   * Builds a {@link CaffeineBalanceCache}; each setter checks its argument at once and names it in
   * the {@link IllegalArgumentException}. Not thread-safe.
   */
  public static final class Builder {
    private static final Duration MIN_DEFAULT_STALENESS = Duration.ofHours(1);

    private Duration ttl;
    private long maximumSize;
    private double refreshAhead = 1.0;
    private @Nullable Duration maxStaleness;
    private boolean recordStats = true;

    /** Starts from {@code config}'s TTL and size, which it has already checked. */
    private Builder(BalanceManagerConfig config) {
      this.ttl = config.cacheDefaultTtl();
      this.maximumSize = config.cacheMaxSize();
    }

    /** How long a value is served without asking a source. Default 300 s. */
    public Builder ttl(Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("ttl must be positive, but was " + value);
      }
      this.ttl = value;
      return this;
    }

    /**
     * How many accounts the cache holds at most; Caffeine evicts the least valuable beyond. Default
     * 1000.
     */
    public Builder maximumSize(long accounts) {
      if (accounts < 1) {
        throw new IllegalArgumentException("maximumSize must be at least 1, but was " + accounts);
      }
      this.maximumSize = accounts;
      return this;
    }

    /**
     * Share of the TTL after which a read also reloads in the background, in {@code (0, 1]}.
     * Default 1 (off); 0.8 reloads values read in the last fifth of their TTL.
     */
    public Builder refreshAhead(double share) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException("refreshAhead must be in (0, 1], but was " + share);
      }
      this.refreshAhead = share;
      return this;
    }

    /**
     * The greatest age at which a value is still served, marked STALE, while every source fails; it
     * is dropped after. At least the TTL. Default: the TTL or one hour, whichever is longer.
     */
    public Builder maxStaleness(Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("maxStaleness must be positive, but was " + value);
      }
      this.maxStaleness = value;
      return this;
    }

    /** Whether to count hits, misses, evictions and loads. Default true. */
    public Builder recordStats(boolean enabled) {
      this.recordStats = enabled;
      return this;
    }

    /**
     * Builds the cache.
     *
     * @throws IllegalStateException if {@code maxStaleness} is shorter than {@code ttl}
     */
    public CaffeineBalanceCache build() {
      if (maxStaleness != null && maxStaleness.compareTo(ttl) < 0) {
        throw new IllegalStateException(
            "maxStaleness (" + maxStaleness + ") must be at least ttl (" + ttl + ")");
      }
      return new CaffeineBalanceCache(this);
    }

    private Duration maxStaleness() {
      if (maxStaleness != null) {
        return maxStaleness;
      }
      return ttl.compareTo(MIN_DEFAULT_STALENESS) > 0 ? ttl : MIN_DEFAULT_STALENESS;
    }
  }
}
