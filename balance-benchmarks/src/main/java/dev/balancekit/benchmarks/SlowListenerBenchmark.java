package dev.balancekit.benchmarks;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.BalanceManager;
import dev.balancekit.Subscription;
import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CachePolicy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ingestion with a listener that never wakes up, against the same manager without listeners (the
 * baseline, {@code listener=none}): bounded listener queues must keep ingestion at its pace.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SlowListenerBenchmark {
  static final Asset BTC = Asset.of("BTC", 8);
  static final AccountRef[] ACCOUNTS = new AccountRef[10];

  static {
    for (int i = 0; i < ACCOUNTS.length; i++) {
      ACCOUNTS[i] = AccountRef.of("ws", "acct-" + i);
    }
  }

  @Param({"none", "sleeping"})
  public String listener;

  InMemoryBalanceSource stream;
  BalanceManager manager;
  Subscription subscription;
  final CountDownLatch wake = new CountDownLatch(1);
  long next;

  @Setup(Level.Trial)
  public void setUp() {
    stream = InMemoryBalanceSource.create("ws");
    manager =
        BalanceManager.builder()
            .source(stream)
            .cache(
                BalanceCache.inMemory(
                    CachePolicy.of(Duration.ofHours(1), Duration.ofHours(1), 1.0)))
            .build();
    subscription =
        "sleeping".equals(listener) ? manager.onUpdate(e -> awaitQuietly(wake)) : () -> {};
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    wake.countDown();
    subscription.close();
    manager.close();
  }

  /** One update pushed by the stream and applied: merged, cached, and queued for listeners. */
  @Benchmark
  public void ingest() {
    long n = ++next;
    stream.put(ACCOUNTS[(int) (n % ACCOUNTS.length)], BTC, Long.toString(n));
  }

  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
