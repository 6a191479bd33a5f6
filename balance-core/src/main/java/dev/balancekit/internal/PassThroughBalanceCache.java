package dev.balancekit.internal;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.CacheStats;
import dev.balancekit.spi.BalanceCache;
import java.time.Instant;
import java.util.Optional;

/** Keeps nothing. Stateless and thread-safe, so one instance serves every manager. */
public final class PassThroughBalanceCache implements BalanceCache {
  public static final PassThroughBalanceCache INSTANCE = new PassThroughBalanceCache();

  private PassThroughBalanceCache() {
  }

  @Override
  public Lookup lookup(AccountRef account, Instant now) {
    return null;
  }

  @Override
  public Optional<AccountBalances> peek(AccountRef account, Instant now) {
    return Optional.empty();
  }

  @Override
  public void put(AccountBalances value, Instant now, boolean pinned) {
  }

  @Override
  public void unpinAll(Instant now) {
  }

  @Override
  public void recordLoad(long nanos, boolean success) {
  }

  @Override
  public void invalidate(AccountRef account) {
  }

  @Override
  public CacheStats stats() {
    return CacheStats.empty();
  }

  @Override
  public String toString() {
    return "BalanceCache.none()";
  }
}
