package dev.balancekit.benchmarks;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.BalanceManager;
import dev.balancekit.cache.CaffeineBalanceCache;
import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.source.ManualClock;
import dev.balancekit.spi.BalanceCache;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * How many upstream calls a cache saves: {@code reads} reads of random accounts out of {@code
 * accounts}, arriving at {@code readsPerSecond} on a simulated clock, with and without a {@link
 * CaffeineBalanceCache} of the given TTL. Deterministic for a seed.
 *
 * <p>Run: {@code java -cp balance-benchmarks/target/benchmarks.jar
 * dev.balancekit.benchmarks.UpstreamCallsSimulation}
 */
public final class UpstreamCallsSimulation {
  private static final Asset BTC = Asset.of("BTC", 8);

  /** What one run counted. */
  public record Result(
      int reads, int accounts, Duration ttl, long callsWithCache, long callsWithoutCache) {
    /** Share of upstream calls the cache saved, in percent. */
    public double savedPercent() {
      return 100.0 * (callsWithoutCache - callsWithCache) / callsWithoutCache;
    }
  }

  private UpstreamCallsSimulation() {}

  public static Result run(int reads, int accounts, Duration ttl, int readsPerSecond, long seed) {
    BalanceCache cache = CaffeineBalanceCache.builder().ttl(ttl).maximumSize(accounts).build();
    return new Result(
        reads,
        accounts,
        ttl,
        calls(reads, accounts, cache, readsPerSecond, seed),
        calls(reads, accounts, BalanceCache.none(), readsPerSecond, seed));
  }

  private static long calls(
      int reads, int accounts, BalanceCache cache, int readsPerSecond, long seed) {
    ManualClock clock = ManualClock.at("2026-11-22T00:00:00Z");
    InMemoryBalanceSource rest = InMemoryBalanceSource.create("rest", clock);
    AccountRef[] refs = new AccountRef[accounts];
    for (int i = 0; i < accounts; i++) {
      refs[i] = AccountRef.of("kraken", "acct-" + i);
      rest.put(refs[i], BTC, "1");
    }
    Duration between = Duration.ofNanos(1_000_000_000L / readsPerSecond);
    SplittableRandom random = new SplittableRandom(seed);
    try (BalanceManager manager =
        BalanceManager.builder().source(rest.fetchOnly()).cache(cache).clock(clock).build()) {
      for (int i = 0; i < reads; i++) {
        manager.balance(refs[random.nextInt(accounts)], BTC);
        clock.advance(between);
      }
    }
    return rest.fetchCount();
  }

  public static void main(String[] args) {
    Result r = run(100_000, 1_000, Duration.ofSeconds(30), 1_000, 42);
    System.out.printf(
        "%d reads over %d accounts at 1,000 reads/s (%d s simulated), TTL %d s:%n",
        r.reads(), r.accounts(), r.reads() / 1_000, r.ttl().toSeconds());
    System.out.printf("  upstream calls without cache: %d%n", r.callsWithoutCache());
    System.out.printf(
        "  upstream calls with CaffeineBalanceCache: %d (%.1f%% saved)%n",
        r.callsWithCache(), r.savedPercent());
  }
}
