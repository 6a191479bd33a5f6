package dev.balancekit.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManager;
import dev.balancekit.cache.CaffeineBalanceCache;
import dev.balancekit.source.InMemoryBalanceSource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A cached {@code balance(account, asset)} through the manager with {@link CaffeineBalanceCache},
 * against the baseline of a raw Caffeine {@code getIfPresent} of the same balance, over the same
 * 1,000 accounts, on 1 and 2 threads. Goal: the manager keeps at least half the raw throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CachedReadBenchmark {
  static final int ACCOUNTS = 1_000;
  static final Asset BTC = Asset.of("BTC", 8);

  AccountRef[] accounts;
  Cache<AccountRef, Balance> raw;
  BalanceManager manager;

  /** Each thread walks the accounts from its own position. */
  @State(Scope.Thread)
  public static class Cursor {
    int next = (int) (Thread.currentThread().getId() * 7919 % ACCOUNTS);

    int advance() {
      int i = next;
      next = i + 1 == ACCOUNTS ? 0 : i + 1;
      return i;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    InMemoryBalanceSource rest = InMemoryBalanceSource.create("rest");
    accounts = new AccountRef[ACCOUNTS];
    raw = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
    manager =
        BalanceManager.builder()
            .source(rest.fetchOnly())
            .cache(
                CaffeineBalanceCache.builder().ttl(Duration.ofHours(1)).maximumSize(10_000).build())
            .build();
    for (int i = 0; i < ACCOUNTS; i++) {
      accounts[i] = AccountRef.of("kraken", "acct-" + i);
      raw.put(accounts[i], rest.put(accounts[i], BTC, i + ".12345678"));
      manager.balance(accounts[i], BTC);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
  }

  @Benchmark
  @Threads(1)
  public Balance baselineRawCaffeine1Thread(Cursor c) {
    return raw.getIfPresent(accounts[c.advance()]);
  }

  @Benchmark
  @Threads(1)
  public Balance managerCached1Thread(Cursor c) {
    return manager.balance(accounts[c.advance()], BTC);
  }

  @Benchmark
  @Threads(2)
  public Balance baselineRawCaffeine2Threads(Cursor c) {
    return raw.getIfPresent(accounts[c.advance()]);
  }

  @Benchmark
  @Threads(2)
  public Balance managerCached2Threads(Cursor c) {
    return manager.balance(accounts[c.advance()], BTC);
  }
}
