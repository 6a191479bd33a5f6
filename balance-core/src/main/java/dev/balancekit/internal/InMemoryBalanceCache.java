package dev.balancekit.internal;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.CacheStats;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CachePolicy;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Unbounded map judged by a {@link CachePolicy}; values past {@code maxStaleness} are dropped when looked up. */
public final class InMemoryBalanceCache implements BalanceCache {

  private record Stored(AccountBalances value, Instant storedAt) { }

  private final CachePolicy policy;
  private final ConcurrentHashMap<AccountRef, Stored> entries = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();

  public InMemoryBalanceCache(CachePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public Optional<Lookup> lookup(AccountRef account, Instant now) {
    Stored stored = entries.get(account);
    State state = stored == null ? null : policy.judge(stored.storedAt(), now);
    if (stored != null && state == null && entries.remove(account, stored)) {
      evictions.increment();
    }
    (state == State.FRESH || state == State.REFRESH_DUE ? hits : misses).increment();
    return state == null ? Optional.empty() : Optional.of(new Lookup(stored.value(), state));
  }

  @Override
  public Optional<AccountBalances> peek(AccountRef account, Instant now) {
    Stored stored = entries.get(account);
    return stored != null && policy.judge(stored.storedAt(), now) != null
        ? Optional.of(stored.value()) : Optional.empty();
  }

  @Override
  public void put(AccountBalances value, Instant now) {
    entries.put(value.account(), new Stored(value, now));
  }

  @Override
  public void invalidate(AccountRef account) {
    entries.remove(account);
  }

  @Override
  public CacheStats stats() {
    return new CacheStats(hits.sum(), misses.sum(), evictions.sum(), entries.size());
  }

  @Override
  public String toString() {
    return "BalanceCache.inMemory(" + policy + ")";
  }
}
