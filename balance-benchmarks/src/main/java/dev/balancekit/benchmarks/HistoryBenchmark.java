package dev.balancekit.benchmarks;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.history.BalanceHistory;
import dev.balancekit.history.ChangeKind;
import dev.balancekit.history.Trend;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * Balance history on one thread: appends to a full 10,000-entry series and a trend over 10,000
 * points, each beside the baseline of an {@code ArrayList} of per-entry objects holding an {@link
 * Instant} and a {@link BigDecimal} doing the same work. Goals: at least 5,000,000 appends/s and a
 * trend within 50 µs. {@link #main} measures bytes per stored entry by heap delta (goal 24).
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class HistoryBenchmark {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "bench");
  static final Asset BTC = Asset.of("BTC", 8);
  static final int POINTS = 10_000;
  static final int AMOUNTS = 1_024;

  /** The object-per-entry baseline. */
  static final class Entry {
    final Instant at;
    final BigDecimal total;

    Entry(Instant at, BigDecimal total) {
      this.at = at;
      this.total = total;
    }
  }

  /** Least-squares figures of the baseline, so its work cannot be optimised away. */
  record Fit(
      double slopePerHour, double strength, double volatility, BigDecimal min, BigDecimal max) {}

  BigDecimal[] amounts;
  Instant base;
  long sequence;

  BalanceHistory appendHistory;
  List<Entry> appendBaseline;

  BalanceHistory trendHistory;
  List<Entry> trendBaseline;
  Instant trendFrom;
  Instant trendTo;

  @Setup(Level.Trial)
  public void setUp() {
    amounts = new BigDecimal[AMOUNTS];
    for (int i = 0; i < AMOUNTS; i++) {
      amounts[i] = BigDecimal.valueOf(100_000_000L + (i * 7_919L) % 50_000_000L, 8);
    }
    base = Instant.now().minus(Duration.ofHours(4));
    appendHistory = BalanceHistory.inMemory();
    appendBaseline = new ArrayList<>(POINTS);

    trendHistory = BalanceHistory.inMemory();
    trendBaseline = new ArrayList<>(POINTS);
    for (int i = 0; i < POINTS; i++) {
      Instant at = base.plusSeconds(i);
      trendHistory.append(ACCOUNT, BTC, at, amounts[i % AMOUNTS], ChangeKind.TRADE);
      trendBaseline.add(new Entry(at, amounts[i % AMOUNTS]));
    }
    trendFrom = base;
    trendTo = base.plusSeconds(POINTS);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    appendHistory.close();
    trendHistory.close();
  }

  private long next() {
    return sequence++;
  }

  /** One append to a full series (the oldest entry is evicted). */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void historyAppend() {
    long n = next();
    appendHistory.append(
        ACCOUNT,
        BTC,
        base.plusNanos(n * 1_000),
        amounts[(int) (n & (AMOUNTS - 1))],
        ChangeKind.TRADE);
  }

  /** One add of a per-entry object; the list is cleared at 10,000 entries to stay bounded. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public boolean baselineListAppend() {
    long n = next();
    if (appendBaseline.size() == POINTS) {
      appendBaseline.clear();
    }
    return appendBaseline.add(
        new Entry(base.plusNanos(n * 1_000), amounts[(int) (n & (AMOUNTS - 1))]));
  }

  /** Trend over 10,000 points. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Trend historyTrend() {
    return trendHistory.trend(ACCOUNT, BTC, trendFrom, trendTo);
  }

  /** The same figures over the list of objects, in one pass. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Fit baselineListTrend() {
    Instant t0 = trendBaseline.get(0).at;
    double meanX = 0;
    double meanY = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    double meanR = 0;
    double srr = 0;
    int changes = 0;
    double prev = 0;
    BigDecimal min = null;
    BigDecimal max = null;
    int k = 0;
    for (Entry e : trendBaseline) {
      double x = Duration.between(t0, e.at).toNanos() / 3.6e12;
      double y = e.total.doubleValue();
      k++;
      double dx = x - meanX;
      meanX += dx / k;
      double dy = y - meanY;
      meanY += dy / k;
      sxx += dx * (x - meanX);
      syy += dy * (y - meanY);
      sxy += dx * (y - meanY);
      if (k > 1 && prev != 0) {
        double r = (y - prev) / prev;
        changes++;
        double dr = r - meanR;
        meanR += dr / changes;
        srr += dr * (r - meanR);
      }
      prev = y;
      min = min == null || e.total.compareTo(min) < 0 ? e.total : min;
      max = max == null || e.total.compareTo(max) > 0 ? e.total : max;
    }
    return new Fit(
        sxx > 0 ? sxy / sxx : 0,
        sxx > 0 && syy > 0 ? sxy * sxy / (sxx * syy) : 0,
        changes == 0 ? 0 : Math.sqrt(srr / changes),
        Objects.requireNonNull(min, "the baseline holds points"),
        Objects.requireNonNull(max, "the baseline holds points"));
  }

  /**
   * Bytes per stored entry by heap delta: 100 full series of 10,000 entries through the public API,
   * then the same entries as per-entry objects in lists. Run with {@code java -cp
   * balance-benchmarks/target/benchmarks.jar dev.balancekit.benchmarks.HistoryBenchmark}.
   */
  public static void main(String[] args) {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    long entries = (long) series * POINTS;
    Instant start = Instant.now().minus(Duration.ofHours(4));
    long before = usedHeap();
    BalanceHistory history = BalanceHistory.inMemory();
    for (int s = 0; s < series; s++) {
      AccountRef account = AccountRef.of("kraken", "acct-" + s);
      for (int i = 0; i < POINTS; i++) {
        history.append(
            account,
            BTC,
            start.plusMillis(i * 1_000L + s),
            BigDecimal.valueOf(100_000_000L + i * 7_919L, 8),
            ChangeKind.TRADE);
      }
    }
    long historyBytes = usedHeap() - before;
    before = usedHeap();
    List<List<Entry>> lists = new ArrayList<>();
    for (int s = 0; s < series; s++) {
      List<Entry> list = new ArrayList<>(POINTS);
      for (int i = 0; i < POINTS; i++) {
        list.add(
            new Entry(
                start.plusMillis(i * 1_000L + s),
                BigDecimal.valueOf(100_000_000L + i * 7_919L, 8)));
      }
      lists.add(list);
    }
    long baselineBytes = usedHeap() - before;
    System.out.printf(
        "bytes per entry over %,d entries: BalanceHistory %.1f, ArrayList<Instant+BigDecimal> %.1f%n",
        entries, historyBytes / (double) entries, baselineBytes / (double) entries);
    // Keeps both alive until measured.
    if (lists.size() != series
        || history
            .series(
                AccountRef.of("kraken", "acct-0"), BTC, start, start.plus(Duration.ofDays(1)), 1)
            .entries()
            .isEmpty()) {
      throw new IllegalStateException("nothing stored");
    }
    history.close();
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
