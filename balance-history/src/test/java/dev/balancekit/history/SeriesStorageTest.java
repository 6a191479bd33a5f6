package dev.balancekit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.ManualClock;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/** Compact storage: bounds by count and age, exact big totals, time order, and bytes per entry. */
class SeriesStorageTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final Asset BTC = Asset.of("BTC", 8);
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  final ManualClock clock = ManualClock.at(START);

  BalanceHistory history(int maxEntries, Duration retention) {
    return BalanceHistory.inMemory(
        HistoryConfig.custom()
            .clock(clock)
            .maxEntriesPerSeries(maxEntries)
            .retention(retention)
            .build());
  }

  List<BigDecimal> totals(BalanceHistory h) {
    return h
        .series(ACCOUNT, BTC, Instant.EPOCH, START.plus(Duration.ofDays(3650)), 10_000)
        .entries()
        .stream()
        .map(HistoryEntry::total)
        .toList();
  }

  @Test
  void retentionByCountKeepsTheNewestEntries() {
    try (BalanceHistory h = history(3, Duration.ofDays(7))) {
      for (int i = 1; i <= 5; i++) {
        h.append(ACCOUNT, BTC, START.plusSeconds(i), BigDecimal.valueOf(i), ChangeKind.DEPOSIT);
      }
      assertThat(totals(h)).extracting(BigDecimal::intValue).containsExactly(3, 4, 5);
    }
  }

  @Test
  void retentionByAgeDropsEntriesOlderThanTheRetention() {
    try (BalanceHistory h = history(100, Duration.ofHours(1))) {
      h.append(ACCOUNT, BTC, START, BigDecimal.ONE, ChangeKind.UNKNOWN);
      h.append(
          ACCOUNT,
          BTC,
          START.plus(Duration.ofMinutes(50)),
          BigDecimal.valueOf(2),
          ChangeKind.UNKNOWN);
      clock.advance(Duration.ofMinutes(70));
      assertThat(totals(h)).extracting(BigDecimal::intValue).containsExactly(2);
      assertThat(h.at(ACCOUNT, BTC, START.plusSeconds(1))).isEmpty();
      ((DefaultBalanceHistory) h).cleanUp();
      clock.advance(Duration.ofMinutes(60));
      assertThat(totals(h)).isEmpty();
    }
  }

  @Test
  void totalsBeyondALongAreKeptExactlyAndTheSeriesSwitchesStorage() {
    Asset wei = Asset.of("WEI", 18);
    BigDecimal small = new BigDecimal("1.000000000000000001");
    BigDecimal huge = new BigDecimal("98765432109876543210.123456789012345678");
    try (BalanceHistory h = history(10, Duration.ofDays(7))) {
      h.append(ACCOUNT, wei, START, small, ChangeKind.UNKNOWN);
      h.append(ACCOUNT, wei, START.plusSeconds(1), huge, ChangeKind.UNKNOWN);
      h.append(ACCOUNT, wei, START.plusSeconds(2), huge.negate(), ChangeKind.UNKNOWN);
      assertThat(h.series(ACCOUNT, wei, START, START.plusSeconds(3), 10).entries())
          .extracting(HistoryEntry::total)
          .containsExactly(small, huge, huge.negate());
    }
  }

  @Test
  void moreDecimalsThanTheAssetAllowsAreRejected() {
    try (BalanceHistory h = history(10, Duration.ofDays(7))) {
      assertThatThrownBy(
              () ->
                  h.append(ACCOUNT, BTC, START, new BigDecimal("0.000000001"), ChangeKind.UNKNOWN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("9 decimals");
    }
  }

  @Test
  void aLateEntryIsInsertedInTimeOrderAndKindsAreKept() {
    try (BalanceHistory h = history(10, Duration.ofDays(7))) {
      h.append(ACCOUNT, BTC, START.plusSeconds(10), BigDecimal.TEN, ChangeKind.TRADE);
      h.append(ACCOUNT, BTC, START.plusSeconds(30), BigDecimal.valueOf(30), ChangeKind.FEE);
      h.append(ACCOUNT, BTC, START.plusSeconds(20), BigDecimal.valueOf(20), ChangeKind.REWARD);
      List<HistoryEntry> entries =
          h.series(ACCOUNT, BTC, START, START.plusSeconds(60), 10).entries();
      assertThat(entries)
          .extracting(HistoryEntry::kind)
          .containsExactly(ChangeKind.TRADE, ChangeKind.REWARD, ChangeKind.FEE);
      assertThat(entries.get(1).total()).isEqualTo(new BigDecimal("20.00000000"));
    }
  }

  @Test
  void aCodeKeepsOneScale() {
    try (BalanceHistory h = history(10, Duration.ofDays(7))) {
      h.append(ACCOUNT, BTC, START, BigDecimal.ONE, ChangeKind.UNKNOWN);
      assertThatThrownBy(
              () ->
                  h.append(ACCOUNT, Asset.of("BTC", 2), START, BigDecimal.ONE, ChangeKind.UNKNOWN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("one code must keep one scale");
    }
  }

  /**
   * The object-per-entry baseline (a class, not a record: JOL cannot read record field offsets on
   * JDK 17).
   */
  static final class Entry {
    final Instant at;
    final BigDecimal total;

    Entry(Instant at, BigDecimal total) {
      this.at = at;
      this.total = total;
    }
  }

  /**
   * Bytes per entry of a full 10,000-entry series, beside the object-per-entry baseline; printed
   * for BENCHMARKS.md.
   */
  @Test
  void aFullSeriesCostsAtMost24BytesPerEntry() {
    int n = 10_000;
    Series series = new Series(ACCOUNT, BTC, n);
    List<Entry> baseline = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant at = START.plusMillis(i * 1_000L + 1);
      BigDecimal total = BigDecimal.valueOf(100_000_000L + i * 7919L, 8);
      series.append(
          Micros.of(at),
          total.unscaledValue(),
          total.unscaledValue().longValue(),
          true,
          ChangeKind.TRADE);
      baseline.add(new Entry(at, total));
    }
    // Shared per-series objects (account, asset) are counted too.
    double perEntry = GraphLayout.parseInstance(series).totalSize() / (double) n;
    double baselinePerEntry = GraphLayout.parseInstance(baseline).totalSize() / (double) n;
    System.out.printf(
        "history bytes/entry: compact series %.2f, ArrayList<Instant+BigDecimal> %.2f%n",
        perEntry, baselinePerEntry);
    assertThat(perEntry).isLessThanOrEqualTo(24);
    assertThat(baselinePerEntry).isGreaterThan(perEntry * 3);
  }

  @Test
  void aBigIntegerSeriesStillKeepsEveryEntry() {
    Series series = new Series(ACCOUNT, BTC, 4);
    BigInteger big = BigInteger.TWO.pow(70);
    series.append(1, BigInteger.ONE, 1, true, ChangeKind.UNKNOWN);
    series.append(2, big, 0, false, ChangeKind.UNKNOWN);
    for (int i = 3; i <= 6; i++) {
      series.append(i, BigInteger.valueOf(i), i, true, ChangeKind.UNKNOWN);
    }
    assertThat(series.size()).isEqualTo(4);
    assertThat(series.bigUnitsAt(0)).isEqualTo(BigInteger.valueOf(3));
    assertThat(series.isBig()).isTrue();
  }
}
