package dev.balancekit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Period analytics over UTC day, week, month and year edges, including a leap day. */
class AnalyticsTest {
  static final AccountRef ALICE = AccountRef.of("ledger:guild", "alice");
  static final AccountRef BOB = AccountRef.of("ledger:guild", "bob");
  static final Asset COIN = Asset.of("COIN", 2);

  final ManualClock clock = ManualClock.at("2024-12-31T00:00:00Z");
  final BalanceHistory history =
      BalanceHistory.inMemory(
          HistoryConfig.custom().clock(clock).retention(Duration.ofDays(3650)).build());

  @AfterEach
  void close() {
    history.close();
  }

  void put(AccountRef account, String at, String total, ChangeKind kind) {
    history.append(account, COIN, Instant.parse(at), new BigDecimal(total), kind);
  }

  PeriodAnalytics of(AccountRef account, AnalyticsPeriod period) {
    return history.analytics(account, period).get(COIN);
  }

  @Test
  void periodsAreHalfOpenUtcRanges() {
    assertThat(AnalyticsPeriod.day(LocalDate.of(2024, 2, 29)))
        .isEqualTo(
            new AnalyticsPeriod(
                AnalyticsPeriod.Type.DAILY,
                Instant.parse("2024-02-29T00:00:00Z"),
                Instant.parse("2024-03-01T00:00:00Z")));
    AnalyticsPeriod week = AnalyticsPeriod.week(LocalDate.of(2024, 3, 3)); // a Sunday
    assertThat(week.from()).isEqualTo(Instant.parse("2024-02-26T00:00:00Z"));
    assertThat(week.to()).isEqualTo(Instant.parse("2024-03-04T00:00:00Z"));
    AnalyticsPeriod february = AnalyticsPeriod.month(YearMonth.of(2024, 2));
    assertThat(Duration.between(february.from(), february.to())).isEqualTo(Duration.ofDays(29));
    AnalyticsPeriod leapYear = AnalyticsPeriod.year(Year.of(2024));
    assertThat(Duration.between(leapYear.from(), leapYear.to())).isEqualTo(Duration.ofDays(366));
    assertThat(
            AnalyticsPeriod.containing(
                    AnalyticsPeriod.Type.MONTHLY, Instant.parse("2023-02-28T23:59:59Z"))
                .to())
        .isEqualTo(Instant.parse("2023-03-01T00:00:00Z"));
    assertThatThrownBy(() -> AnalyticsPeriod.between(Instant.EPOCH, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("to must be after from");
  }

  @Test
  void aDayOpensWithThePreviousDaysLastTotalAndClosesBeforeMidnight() {
    put(ALICE, "2024-02-28T23:59:59.999999Z", "100", ChangeKind.UNKNOWN);
    put(ALICE, "2024-02-29T00:00:00Z", "150", ChangeKind.DEPOSIT);
    put(ALICE, "2024-02-29T12:00:00Z", "120", ChangeKind.WITHDRAWAL);
    put(ALICE, "2024-02-29T23:59:59.999999Z", "125", ChangeKind.FEE);
    put(ALICE, "2024-03-01T00:00:00Z", "999", ChangeKind.DEPOSIT);

    PeriodAnalytics leapDay = of(ALICE, AnalyticsPeriod.day(LocalDate.of(2024, 2, 29)));
    assertThat(leapDay.opening()).isEqualByComparingTo("100");
    assertThat(leapDay.closing()).isEqualByComparingTo("125");
    assertThat(leapDay.netChange()).isEqualByComparingTo("25");
    assertThat(leapDay.percentChange()).isEqualByComparingTo("25");
    assertThat(leapDay.samples()).isEqualTo(3);
    assertThat(leapDay.activity())
        .containsOnlyKeys(ChangeKind.DEPOSIT, ChangeKind.WITHDRAWAL, ChangeKind.FEE);
    assertThat(leapDay.activity().get(ChangeKind.DEPOSIT).sum()).isEqualByComparingTo("50");
    assertThat(leapDay.activity().get(ChangeKind.WITHDRAWAL).sum()).isEqualByComparingTo("-30");
    assertThat(leapDay.largestInflow()).isEqualByComparingTo("50");
    assertThat(leapDay.largestOutflow()).isEqualByComparingTo("30");
    // relative changes 0.5, -0.2, 5/120: population sd 0.2903010
    assertThat(leapDay.volatility())
        .isCloseTo(0.29030104, org.assertj.core.api.Assertions.within(1e-7));
    assertThat(leapDay.risk()).isEqualTo(RiskLevel.HIGH);

    PeriodAnalytics february = of(ALICE, AnalyticsPeriod.month(YearMonth.of(2024, 2)));
    assertThat(february.opening()).isEqualByComparingTo("100");
    assertThat(february.closing()).isEqualByComparingTo("125");
    assertThat(february.samples()).isEqualTo(4);

    PeriodAnalytics march = of(ALICE, AnalyticsPeriod.month(YearMonth.of(2024, 3)));
    assertThat(march.opening()).isEqualByComparingTo("125");
    assertThat(march.closing()).isEqualByComparingTo("999");
  }

  @Test
  void aWeekRunsFromMondayToMonday() {
    put(ALICE, "2024-03-03T23:00:00Z", "10", ChangeKind.UNKNOWN); // Sunday: week before
    put(ALICE, "2024-03-04T00:00:00Z", "20", ChangeKind.REWARD); // Monday
    put(ALICE, "2024-03-10T23:59:59Z", "30", ChangeKind.REWARD); // Sunday
    put(ALICE, "2024-03-11T00:00:00Z", "40", ChangeKind.REWARD); // next Monday
    PeriodAnalytics week = of(ALICE, AnalyticsPeriod.week(LocalDate.of(2024, 3, 6)));
    assertThat(week.opening()).isEqualByComparingTo("10");
    assertThat(week.closing()).isEqualByComparingTo("30");
    assertThat(week.activity().get(ChangeKind.REWARD))
        .isEqualTo(new PeriodAnalytics.KindActivity(2, new BigDecimal("20.00")));
  }

  @Test
  void aPeriodBeforeAnyDataHasNoAnalyticsAndAPeriodAfterItIsQuiet() {
    put(ALICE, "2024-06-15T10:00:00Z", "10", ChangeKind.UNKNOWN);
    assertThat(history.analytics(ALICE, AnalyticsPeriod.day(LocalDate.of(2024, 6, 14)))).isEmpty();
    PeriodAnalytics later = of(ALICE, AnalyticsPeriod.day(LocalDate.of(2024, 6, 20)));
    assertThat(later.samples()).isZero();
    assertThat(later.netChange()).isEqualByComparingTo("0");
    assertThat(later.risk()).isEqualTo(RiskLevel.LOW);
  }

  @Test
  void aHalvingIsCriticalAndAZeroOpeningHasNoPercent() {
    put(ALICE, "2024-07-01T00:00:00Z", "100", ChangeKind.UNKNOWN);
    put(ALICE, "2024-07-01T01:00:00Z", "95", ChangeKind.UNKNOWN);
    put(ALICE, "2024-07-01T02:00:00Z", "90", ChangeKind.UNKNOWN);
    put(ALICE, "2024-07-01T03:00:00Z", "50", ChangeKind.UNKNOWN);
    assertThat(of(ALICE, AnalyticsPeriod.day(LocalDate.of(2024, 7, 1))).risk())
        .isEqualTo(RiskLevel.CRITICAL);
    put(BOB, "2024-07-01T00:00:00Z", "0", ChangeKind.UNKNOWN);
    put(BOB, "2024-07-01T05:00:00Z", "10", ChangeKind.DEPOSIT);
    assertThat(of(BOB, AnalyticsPeriod.day(LocalDate.of(2024, 7, 1))).percent()).isEmpty();
  }

  @Test
  void systemAnalyticsSumAccountsOfOneVenue() {
    put(ALICE, "2024-08-01T00:00:00Z", "100", ChangeKind.UNKNOWN);
    put(ALICE, "2024-08-01T10:00:00Z", "150", ChangeKind.DEPOSIT);
    put(BOB, "2024-08-01T00:00:00Z", "200", ChangeKind.UNKNOWN);
    put(BOB, "2024-08-01T11:00:00Z", "100", ChangeKind.TRANSFER_OUT);
    history.append(
        AccountRef.of("kraken", "x"),
        COIN,
        Instant.parse("2024-08-01T01:00:00Z"),
        BigDecimal.TEN,
        ChangeKind.UNKNOWN);
    SystemAnalytics s =
        history.systemAnalytics("ledger:guild", AnalyticsPeriod.day(LocalDate.of(2024, 8, 1)));
    assertThat(s.accounts()).isEqualTo(2);
    PeriodAnalytics coin = s.byAsset().get(COIN);
    assertThat(coin.opening()).isEqualByComparingTo("300");
    assertThat(coin.closing()).isEqualByComparingTo("250");
    assertThat(coin.netChange()).isEqualByComparingTo("-50");
    assertThat(coin.largestInflow()).isEqualByComparingTo("50");
    assertThat(coin.largestOutflow()).isEqualByComparingTo("100");
    assertThat(coin.activity()).containsOnlyKeys(ChangeKind.DEPOSIT, ChangeKind.TRANSFER_OUT);
    assertThat(s.accountsByRisk()).isEqualTo(Map.of(RiskLevel.LOW, 1, RiskLevel.CRITICAL, 1));
  }
}
