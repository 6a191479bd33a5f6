package dev.balancekit.spi;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.CacheStats;
import dev.balancekit.internal.PassThroughBalanceCache;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Where the manager keeps the last balances it accepted. The cache judges freshness (usually with a
 * {@link CachePolicy}); the manager decides what to do with the judgement: serve, refresh in the
 * background, reload, or serve stale when every source fails.
 *
 * <p>Implementations must be thread-safe. The manager serialises writes per account, so {@link
 * #put} needs no compare-and-set.
 */
public interface BalanceCache extends AutoCloseable {

  /** How usable a cached value is. */
  enum State {
    /** Serve it. */
    FRESH,
    /** Serve it and reload in the background. */
    REFRESH_DUE,
    /** Reload; serve it, marked stale, only if the reload fails. */
    EXPIRED
  }

  /**
   * A cached value and its state at lookup time.
   *
   * @param value the cached balances
   * @param state how usable they are
   */
  record Lookup(AccountBalances value, State state) {
    public Lookup {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * The value cached for {@code account}, judged at {@code now}; {@code null} if none or too old.
   * (Not an {@code Optional}: this is the hot path of every cached read and should not allocate.)
   */
  @Nullable Lookup lookup(AccountRef account, Instant now);

  /**
   * The stored value of {@code account} if it is still within its staleness bound at {@code now},
   * whatever its state, without counting a hit or a miss. The manager merges updates into it.
   */
  Optional<AccountBalances> peek(AccountRef account, Instant now);

  /**
   * Stores {@code value} (already merged with the previous value) as received at {@code now}. A
   * {@code pinned} value was pushed by a LIVE stream: it stays fresh until {@link #unpinAll}.
   */
  void put(AccountBalances value, Instant now, boolean pinned);

  /**
   * The stream that pinned values stopped being LIVE: from {@code now} on they age like any other
   * value, as if stored at {@code now} (the last moment the stream vouched for them).
   */
  void unpinAll(Instant now);

  /**
   * Removes every unpinned value past its staleness bound at {@code now}, announcing each as {@link
   * RemovalCause#EXPIRED}. The manager calls it periodically; lookups also drop such values as they
   * meet them.
   */
  default void sweep(Instant now) {}

  /** Counts a fetch the manager made, successful or not, and how long it took. */
  void recordLoad(long nanos, boolean success);

  /** Registers the manager's listener for removals. Called once, when the manager is built. */
  default void attach(RemovalListener listener) {}

  /** Why a value left the cache. */
  enum RemovalCause {
    /** Older than the staleness bound. */
    EXPIRED,
    /** Evicted to stay within the size bound. */
    SIZE,
    /** Invalidated by a caller. */
    EXPLICIT
  }

  /** Told when a value leaves the cache. Must be quick and must not throw. */
  @FunctionalInterface
  interface RemovalListener {
    void removed(AccountRef account, RemovalCause cause);
  }

  /** Forgets {@code account}. */
  void invalidate(AccountRef account);

  /** Counters since the cache was built. */
  CacheStats stats();

  /** Releases resources. Idempotent. */
  @Override
  default void close() {}

  /**
   * A cache that answers nothing: every read goes to a source and nothing can be served stale. It
   * still remembers each account's last merged view, which no read is answered from, so partial
   * updates merge and {@code Changed} events and {@code validate} work without a cache.
   */
  static BalanceCache none() {
    return new PassThroughBalanceCache();
  }

  /**
   * An unbounded map-backed cache judged by {@code policy}, for tests, demos and small fixed sets
   * of accounts. Use the Caffeine cache of {@code balance-cache} for a size bound and eviction.
   *
   * @throws NullPointerException if {@code policy} is null
   */
  static BalanceCache inMemory(CachePolicy policy) {
    return new MapBalanceCache(new ConcurrentHashMap<>(), policy, new CacheCounters());
  }
}
