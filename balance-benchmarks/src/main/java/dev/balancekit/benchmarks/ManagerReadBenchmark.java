package dev.balancekit.benchmarks;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManager;
import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CachePolicy;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One balance read through the manager, on the two paths that must not do I/O: a live stream's view
 * and a fresh cached value. The baseline reads the same stream view directly, without the manager,
 * so the difference is the manager's own cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ManagerReadBenchmark {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "bench");
  static final Asset BTC = Asset.of("BTC", 8);

  InMemoryBalanceSource stream;
  BalanceManager streamed;
  BalanceManager cached;

  @Setup(Level.Trial)
  public void setUp() {
    stream = InMemoryBalanceSource.create("ws");
    stream.put(ACCOUNT, BTC, "1.23456789");
    stream.put(ACCOUNT, Asset.of("ETH", 18), "4.2");
    streamed = BalanceManager.builder().source(stream).build();

    InMemoryBalanceSource rest = InMemoryBalanceSource.create("rest");
    rest.put(ACCOUNT, BTC, "1.23456789");
    cached =
        BalanceManager.builder()
            .source(rest.fetchOnly())
            .cache(
                BalanceCache.inMemory(
                    CachePolicy.of(Duration.ofHours(1), Duration.ofHours(1), 1.0)))
            .build();
    cached.balance(ACCOUNT, BTC);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    streamed.close();
    cached.close();
  }

  /** Baseline: the stream view read directly, no manager. */
  @Benchmark
  public Balance baselineDirectViewRead() {
    return stream.view(ACCOUNT).orElseThrow().get(BTC).orElseThrow();
  }

  @Benchmark
  public Balance managerReadFromLiveStream() {
    return streamed.balance(ACCOUNT, BTC);
  }

  @Benchmark
  public Balance managerReadFromFreshCache() {
    return cached.balance(ACCOUNT, BTC);
  }
}
