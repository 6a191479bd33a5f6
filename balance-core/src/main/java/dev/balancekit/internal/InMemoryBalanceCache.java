package dev.balancekit.internal;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.CacheStats;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CacheCounters;
import dev.balancekit.spi.CachePolicy;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Unbounded map judged by a {@link CachePolicy}; values past {@code maxStaleness} are dropped when looked up. */
public final class InMemoryBalanceCache implements BalanceCache {

  private record Stored(AccountBalances value, Instant storedAt, boolean pinned) { }

  private final CachePolicy policy;
  private final ConcurrentHashMap<AccountRef, Stored> entries = new ConcurrentHashMap<>();
  private final CacheCounters counters = new CacheCounters();
  private volatile RemovalListener listener = (account, cause) -> { };

  public InMemoryBalanceCache(CachePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public Optional<Lookup> lookup(AccountRef account, Instant now) {
    Stored stored = servable(account, now);
    State state = stored == null ? null : stored.pinned() ? State.FRESH : policy.judge(stored.storedAt(), now);
    counters.recordLookup(state);
    return state == null ? Optional.empty() : Optional.of(new Lookup(stored.value(), state));
  }

  @Override
  public Optional<AccountBalances> peek(AccountRef account, Instant now) {
    return Optional.ofNullable(servable(account, now)).map(Stored::value);
  }

  /** The stored entry unless it is past its staleness bound, in which case it is removed. */
  private Stored servable(AccountRef account, Instant now) {
    Stored stored = entries.get(account);
    if (stored == null || stored.pinned() || policy.judge(stored.storedAt(), now) != null) {
      return stored;
    }
    if (entries.remove(account, stored)) {
      counters.recordEviction();
      listener.removed(account, RemovalCause.EXPIRED);
    }
    return null;
  }

  @Override
  public void put(AccountBalances value, Instant now, boolean pinned) {
    entries.put(value.account(), new Stored(value, now, pinned));
  }

  @Override
  public void unpinAll(Instant now) {
    entries.replaceAll((account, s) -> s.pinned() ? new Stored(s.value(), now, false) : s);
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
    if (entries.remove(account) != null) {
      listener.removed(account, RemovalCause.EXPLICIT);
    }
  }

  @Override
  public CacheStats stats() {
    return counters.snapshot(entries.size());
  }

  @Override
  public String toString() {
    return "BalanceCache.inMemory(" + policy + ")";
  }
}
