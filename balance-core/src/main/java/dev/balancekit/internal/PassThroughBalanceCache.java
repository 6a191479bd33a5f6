package dev.balancekit.internal;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.CacheStats;
import dev.balancekit.spi.BalanceCache;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link BalanceCache#none()}: answers no read, remembers each account's last view for merging.
 * Thread-safe.
 */
public final class PassThroughBalanceCache implements BalanceCache {
  /**
   * The last merged view per account: what updates are merged into and changes measured against.
   */
  private final Map<AccountRef, AccountBalances> last = new ConcurrentHashMap<>();

  public PassThroughBalanceCache() {}

  @Override
  public @Nullable Lookup lookup(AccountRef account, Instant now) {
    return null;
  }

  @Override
  public Optional<AccountBalances> peek(AccountRef account, Instant now) {
    return Optional.ofNullable(last.get(account));
  }

  @Override
  public void put(AccountBalances value, Instant now, boolean pinned) {
    last.put(value.account(), value);
  }

  @Override
  public void unpinAll(Instant now) {}

  @Override
  public void recordLoad(long nanos, boolean success) {}

  @Override
  public void invalidate(AccountRef account) {
    last.remove(account);
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
