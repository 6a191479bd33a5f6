package dev.balancekit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Trend figures against series computed by hand (hourly samples, so x is hours 0, 1, 2, ...). */
class TrendTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final Asset USD = Asset.of("USD", 2);
  static final Instant START = Instant.parse("2024-03-01T00:00:00Z");

  final ManualClock clock = ManualClock.at(START);
  BalanceHistory history = BalanceHistory.inMemory(HistoryConfig.custom().clock(clock).build());

  @AfterEach
  void close() {
    history.close();
  }

  void hourly(String... totals) {
    for (int i = 0; i < totals.length; i++) {
      history.append(
          ACCOUNT,
          USD,
          START.plus(Duration.ofHours(i)),
          new BigDecimal(totals[i]),
          ChangeKind.UNKNOWN);
    }
    clock.advance(Duration.ofHours(totals.length - 1));
  }

  Trend trend() {
    return history.trend(ACCOUNT, USD, Duration.ofDays(1));
  }

  @Test
  void linearUpIsAPerfectFitRisingTenPerHour() {
    hourly("100", "110", "120", "130");
    Trend t = trend();
    assertThat(t.direction()).isEqualTo(Trend.Direction.UP);
    assertThat(t.slopePerHour()).isCloseTo(10.0, within(1e-12));
    assertThat(t.strength()).isCloseTo(1.0, within(1e-12));
    // relative changes 10/100, 10/110, 10/120: mean 0.0916667, population sd 0.0068135038
    assertThat(t.volatility()).isCloseTo(0.0068135038198141665, within(1e-15));
    assertThat(t.change()).isEqualByComparingTo("30");
    assertThat(t.changePercent()).isEqualByComparingTo("30");
    assertThat(t.min()).isEqualTo(new BigDecimal("100.00"));
    assertThat(t.max()).isEqualTo(new BigDecimal("130.00"));
    assertThat(t.samples()).isEqualTo(4);
    assertThat(t.first()).isEqualTo(START);
    assertThat(t.last()).isEqualTo(START.plus(Duration.ofHours(3)));
  }

  @Test
  void linearDownIsAPerfectFitFallingTenPerHour() {
    hourly("130", "120", "110", "100");
    Trend t = trend();
    assertThat(t.direction()).isEqualTo(Trend.Direction.DOWN);
    assertThat(t.slopePerHour()).isCloseTo(-10.0, within(1e-12));
    assertThat(t.strength()).isCloseTo(1.0, within(1e-12));
    assertThat(t.volatility()).isCloseTo(0.005716371006045906, within(1e-15));
    assertThat(t.change()).isEqualByComparingTo("-30");
    assertThat(t.changePercent()).isEqualByComparingTo("-23.076923");
  }

  @Test
  void noiseAroundAFlatLineIsFlatWithinTheBandAndWeak() {
    history.close();
    history =
        BalanceHistory.inMemory(
            HistoryConfig.custom()
                .clock(clock)
                .flatBandPercentPerHour(new BigDecimal("0.2"))
                .build());
    hourly("100", "101", "99", "100", "101", "99");
    Trend t = trend();
    // slope -0.8/7 = -0.1142857 per hour: within 0.2 % of the mean 100, so FLAT; R² = 0.0571429
    assertThat(t.slopePerHour()).isCloseTo(-0.11428571428571428, within(1e-12));
    assertThat(t.direction()).isEqualTo(Trend.Direction.FLAT);
    assertThat(t.strength()).isCloseTo(0.05714285714285714, within(1e-12));
    assertThat(t.volatility()).isCloseTo(0.014616470379159837, within(1e-15));
    assertThat(t.min()).isEqualByComparingTo("99");
    assertThat(t.max()).isEqualByComparingTo("101");
  }

  @Test
  void theSameNoiseIsDownWithTheDefaultBand() {
    hourly("100", "101", "99", "100", "101", "99");
    assertThat(trend().direction()).isEqualTo(Trend.Direction.DOWN);
  }

  @Test
  void aSinglePointIsFlatWithNoStrength() {
    hourly("42.50");
    Trend t = trend();
    assertThat(t.direction()).isEqualTo(Trend.Direction.FLAT);
    assertThat(t.strength()).isZero();
    assertThat(t.slopePerHour()).isZero();
    assertThat(t.volatility()).isZero();
    assertThat(t.change()).isEqualByComparingTo("0");
    assertThat(t.min()).isEqualByComparingTo("42.5");
    assertThat(t.samples()).isEqualTo(1);
  }

  @Test
  void twoPointsGiveTheirExactSlope() {
    history.append(ACCOUNT, USD, START, new BigDecimal("100"), ChangeKind.UNKNOWN);
    history.append(
        ACCOUNT, USD, START.plus(Duration.ofHours(2)), new BigDecimal("104"), ChangeKind.UNKNOWN);
    clock.advance(Duration.ofHours(2));
    Trend t = trend();
    assertThat(t.slopePerHour()).isCloseTo(2.0, within(1e-12));
    assertThat(t.strength()).isCloseTo(1.0, within(1e-12));
    assertThat(t.volatility()).isZero();
    assertThat(t.direction()).isEqualTo(Trend.Direction.UP);
    assertThat(t.changePercent()).isEqualByComparingTo("4");
  }

  @Test
  void aConstantSeriesIsFlatWithNoStrengthOrVolatility() {
    hourly("5", "5", "5", "5", "5");
    Trend t = trend();
    assertThat(t.direction()).isEqualTo(Trend.Direction.FLAT);
    assertThat(t.strength()).isZero();
    assertThat(t.slopePerHour()).isZero();
    assertThat(t.volatility()).isZero();
    assertThat(t.change()).isEqualByComparingTo("0");
  }

  @Test
  void noEntriesGiveAnEmptyFlatTrend() {
    Trend t = trend();
    assertThat(t.samples()).isZero();
    assertThat(t.direction()).isEqualTo(Trend.Direction.FLAT);
    assertThat(t.minimum()).isEmpty();
    assertThat(t.percent()).isEmpty();
  }

  @Test
  void theWindowLeavesOutOlderEntries() {
    hourly("1000", "100", "110", "120");
    Trend t = history.trend(ACCOUNT, USD, Duration.ofHours(2));
    assertThat(t.samples()).isEqualTo(3);
    assertThat(t.slopePerHour()).isCloseTo(10.0, within(1e-12));
  }

  @Test
  void trendsAreExactlyReproducible() {
    for (int i = 0; i < 500; i++) {
      history.append(
          ACCOUNT,
          USD,
          START.plusSeconds(i * 60L),
          BigDecimal.valueOf((i * 7919L) % 1000 + 1, 2),
          ChangeKind.UNKNOWN);
    }
    clock.advance(Duration.ofHours(9));
    assertThat(trend()).isEqualTo(trend());
  }

  @Test
  void hugeTotalsKeepExactMinMaxAndChange() {
    Asset wei = Asset.of("ETH", 18);
    BigDecimal huge = new BigDecimal("123456789012.123456789012345678");
    history.append(ACCOUNT, wei, START, huge, ChangeKind.UNKNOWN);
    history.append(
        ACCOUNT,
        wei,
        START.plus(Duration.ofHours(1)),
        huge.add(BigDecimal.ONE),
        ChangeKind.UNKNOWN);
    clock.advance(Duration.ofHours(1));
    Trend t = history.trend(ACCOUNT, wei, Duration.ofDays(1));
    assertThat(t.min()).isEqualTo(huge);
    assertThat(t.max()).isEqualTo(huge.add(BigDecimal.ONE));
    assertThat(t.change()).isEqualByComparingTo("1");
    assertThat(t.slopePerHour()).isCloseTo(1.0, within(1e-3));
  }
}
