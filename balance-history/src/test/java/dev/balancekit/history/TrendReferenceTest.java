package dev.balancekit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The four-at-a-time trend pass against a plain textbook computation, on random series that cover
 * what its fast path must get right: lengths around the group of four, zero totals (skipped
 * predecessors), negative totals, and a ring that has wrapped because older entries were evicted.
 */
class TrendReferenceTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "ref");
  static final Asset USD = Asset.of("USD", 2);
  static final Instant START = Instant.parse("2024-03-01T00:00:00Z");

  @Test
  void agreesWithATextbookFitOnRandomSeries() {
    Random random = new Random(20261122);
    for (int round = 0; round < 300; round++) {
      int capacity = 1 + random.nextInt(40);
      int appended = 1 + random.nextInt(60);
      ManualClock clock = ManualClock.at(START);
      List<long[]> kept = new ArrayList<>();
      try (BalanceHistory history =
          BalanceHistory.inMemory(
              HistoryConfig.custom().clock(clock).maxEntriesPerSeries(capacity).build())) {
        for (int i = 0; i < appended; i++) {
          long cents = random.nextInt(10) == 0 ? 0 : random.nextInt(2_000_001) - 200_000;
          long seconds = 60L * i + random.nextInt(30);
          history.append(
              ACCOUNT,
              USD,
              START.plusSeconds(seconds),
              BigDecimal.valueOf(cents, 2),
              ChangeKind.TRADE);
          kept.add(new long[] {seconds * 1_000_000L, cents});
          if (kept.size() > capacity) {
            kept.remove(0);
          }
        }
        clock.advance(Duration.ofHours(2));
        Trend t = history.trend(ACCOUNT, USD, Duration.ofDays(1));
        assertMatches(t, kept, "round " + round);
      }
    }
  }

  private static void assertMatches(Trend t, List<long[]> samples, String what) {
    int n = samples.size();
    double meanX = 0;
    double meanY = 0;
    for (long[] s : samples) {
      meanX += (double) s[0] / n;
      meanY += (double) s[1] / n;
    }
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    double sr = 0;
    double srr = 0;
    int changes = 0;
    for (int i = 0; i < n; i++) {
      double dx = samples.get(i)[0] - meanX;
      double dy = samples.get(i)[1] - meanY;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
      min = Math.min(min, samples.get(i)[1]);
      max = Math.max(max, samples.get(i)[1]);
      if (i > 0 && samples.get(i - 1)[1] != 0) {
        double r = (double) (samples.get(i)[1] - samples.get(i - 1)[1]) / samples.get(i - 1)[1];
        sr += r;
        srr += r * r;
        changes++;
      }
    }
    double slopePerHour = sxx == 0 ? 0 : sxy / sxx * 3_600_000_000d / 100;
    double strength = sxx == 0 || syy == 0 ? 0 : sxy * sxy / (sxx * syy);
    double volatility =
        changes == 0 ? 0 : Math.sqrt(Math.max(0, srr / changes - (sr / changes) * (sr / changes)));
    assertThat(t.samples()).as(what).isEqualTo(n);
    assertThat(t.min()).as(what).isEqualByComparingTo(BigDecimal.valueOf(min, 2));
    assertThat(t.max()).as(what).isEqualByComparingTo(BigDecimal.valueOf(max, 2));
    assertThat(t.slopePerHour())
        .as(what)
        .isCloseTo(slopePerHour, within(1e-9 * (1 + Math.abs(slopePerHour))));
    assertThat(t.strength()).as(what).isCloseTo(Math.min(1, strength), within(1e-9));
    assertThat(t.volatility()).as(what).isCloseTo(volatility, within(1e-9 * (1 + volatility)));
  }
}
