package dev.balancekit.spi;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.CacheStats;
import dev.balancekit.Freshness;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BalanceCache} over any {@link ConcurrentMap}, judged by a {@link CachePolicy}: the one
 * implementation of lookup, pinning, stale bounds and counting that every map-like cache shares.
 * {@link BalanceCache#inMemory} puts it over a {@code ConcurrentHashMap}; the Caffeine cache puts
 * it over {@code Cache.asMap()} so Caffeine adds the size bound and physical expiry.
 *
 * <p>Thread-safe if the map is.
 */
public final class MapBalanceCache implements BalanceCache {

  /**
   * What the map holds per account: the merged balances, when they were stored (or unpinned), and
   * whether a LIVE stream vouches for them. Immutable; carries its ready-made {@code FRESH} lookup
   * so the common cached read allocates nothing.
   */
  public static final class Entry {
    private final AccountBalances value;
    private final Instant storedAt;
    private final boolean pinned;
    private final Lookup fresh;

    Entry(AccountBalances value, Instant storedAt, boolean pinned) {
      this.value = Objects.requireNonNull(value, "value");
      this.storedAt = Objects.requireNonNull(storedAt, "storedAt");
      this.pinned = pinned;
      this.fresh = new Lookup(value, State.FRESH);
    }

    public AccountBalances value() {
      return value;
    }

    public Instant storedAt() {
      return storedAt;
    }

    public boolean pinned() {
      return pinned;
    }

    Lookup lookup(State state) {
      return state == State.FRESH ? fresh : new Lookup(value, state);
    }
  }

  private final ConcurrentMap<AccountRef, Entry> map;
  private final CachePolicy policy;
  private final CacheCounters counters;
  private volatile RemovalListener listener = (account, cause) -> {};

  /**
   * A cache over {@code map} judged by {@code policy}, counting into {@code counters}.
   *
   * @throws NullPointerException if any argument is null
   */
  public MapBalanceCache(
      ConcurrentMap<AccountRef, Entry> map, CachePolicy policy, CacheCounters counters) {
    this.map = Objects.requireNonNull(map, "map");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  /** The policy values are judged by. */
  public CachePolicy policy() {
    return policy;
  }

  @Override
  public @Nullable Lookup lookup(AccountRef account, Instant now) {
    Entry entry = servable(account, now);
    State state =
        entry == null ? null : entry.pinned() ? State.FRESH : policy.judge(entry.storedAt(), now);
    counters.recordLookup(state);
    return entry == null || state == null ? null : entry.lookup(state);
  }

  @Override
  public Optional<AccountBalances> peek(AccountRef account, Instant now) {
    return Optional.ofNullable(servable(account, now)).map(Entry::value);
  }

  /** The entry, unless it is past its staleness bound, in which case it is removed. */
  private @Nullable Entry servable(AccountRef account, Instant now) {
    Entry entry = map.get(account);
    if (entry == null || entry.pinned() || policy.judge(entry.storedAt(), now) != null) {
      return entry;
    }
    if (map.remove(account, entry)) {
      removed(account, RemovalCause.EXPIRED);
    }
    return null;
  }

  /** Stores the value already marked {@link Freshness#CACHED}, so serving it copies nothing. */
  @Override
  public void put(AccountBalances value, Instant now, boolean pinned) {
    map.put(value.account(), new Entry(value.withFreshness(Freshness.CACHED), now, pinned));
  }

  @Override
  public void unpinAll(Instant now) {
    map.replaceAll((account, e) -> e.pinned() ? new Entry(e.value(), now, false) : e);
  }

  @Override
  public void sweep(Instant now) {
    map.forEach(
        (account, entry) -> {
          if (!entry.pinned()
              && policy.judge(entry.storedAt(), now) == null
              && map.remove(account, entry)) {
            removed(account, RemovalCause.EXPIRED);
          }
        });
  }

  @Override
  public void recordLoad(long nanos, boolean success) {
    counters.recordLoad(nanos, success);
  }

  @Override
  public void attach(RemovalListener removalListener) {
    this.listener = Objects.requireNonNull(removalListener, "listener");
  }

  @Override
  public void invalidate(AccountRef account) {
    if (map.remove(account) != null) {
      removed(account, RemovalCause.EXPLICIT);
    }
  }

  /**
   * Counts and announces a removal. Called by this class for values past their staleness bound and
   * invalidations, and by a wrapping cache for removals its map makes on its own (size, expiry).
   */
  public void removed(AccountRef account, RemovalCause cause) {
    if (cause != RemovalCause.EXPLICIT) {
      counters.recordEviction();
    }
    listener.removed(account, cause);
  }

  @Override
  public CacheStats stats() {
    return counters.snapshot(map.size());
  }

  @Override
  public String toString() {
    return "MapBalanceCache{" + policy + ", size=" + map.size() + '}';
  }
}
