package dev.balancekit.validation;

import static dev.balancekit.validation.Fixtures.ALICE;
import static dev.balancekit.validation.Fixtures.BTC;
import static dev.balancekit.validation.Fixtures.BYTES;
import static dev.balancekit.validation.Fixtures.NOW;
import static dev.balancekit.validation.Fixtures.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.Balance;
import dev.balancekit.Severity;
import dev.balancekit.ValidationIssue;
import dev.balancekit.ValidationReport;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LimitRulesTest {

  private final InMemoryChangeWindow window = InMemoryChangeWindow.create(Duration.ofDays(8));

  private Validator validator(Limits limits) {
    return Validator.builder()
        .rules(
            LimitRules.custom()
                .limits("BYTES", limits)
                .changeWindow(window)
                .riskAlertScore(100)
                .build()
                .rules())
        .build();
  }

  private static Limits limits() {
    return Limits.custom()
        .minBalance(BigDecimal.valueOf(100))
        .maxBalance(BigDecimal.valueOf(1000))
        .dailyChangeLimit(BigDecimal.valueOf(300))
        .changeWarningThreshold(BigDecimal.valueOf(150))
        .changeCriticalThreshold(BigDecimal.valueOf(250))
        .build();
  }

  private ValidationReport change(Validator v, String before, String after, Instant at) {
    return v.validateChange(total(BYTES, before), total(BYTES, after), at);
  }

  @Test
  void rulesAreTheSevenPublicNamesWithTheirSeverities() {
    assertThat(LimitRules.custom().tier("BYTES", Tier.GOLD).build().rules())
        .extracting(r -> r.name() + "=" + r.defaultSeverity())
        .containsExactly(
            "min_balance=ERROR",
            "max_balance=ERROR",
            "daily_change_limit=ERROR",
            "weekly_change_limit=ERROR",
            "change_warning_threshold=WARNING",
            "change_critical_threshold=CRITICAL",
            "risk_score=WARNING");
  }

  @Test
  void balanceLimitsPassExactlyAtTheLimitsAndReportOutside() {
    Validator v = validator(limits());
    assertThat(change(v, "100", "100", NOW).issues()).isEmpty();
    assertThat(change(v, "1000", "1000", NOW).issues()).isEmpty();
    assertThat(change(v, "99", "99", NOW).issues())
        .extracting(ValidationIssue::rule)
        .containsExactly("min_balance");
    ValidationReport above = change(v, "1001", "1001", NOW);
    assertThat(above.issues())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.rule()).isEqualTo("max_balance");
              assertThat(i.details()).containsEntry("limit", BigDecimal.valueOf(1000));
              assertThat(i.message())
                  .isEqualTo("total 1001 BYTES is above the maximum of 1000 BYTES");
            });
  }

  @Test
  void thresholdsFireAtOrAboveTheirFigureWithTheirOwnSeverity() {
    Validator v = validator(limits());
    assertThat(change(v, "500", "649", NOW).issues()).isEmpty();
    assertThat(change(v, "500", "650", NOW).issues())
        .extracting(ValidationIssue::rule, ValidationIssue::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("change_warning_threshold", Severity.WARNING));
    assertThat(change(v, "500", "250", NOW).issues())
        .extracting(ValidationIssue::rule)
        .containsExactly("change_warning_threshold", "change_critical_threshold");
  }

  @Test
  void dailyLimitSumsTheWindowAndThisChangeAndDropsChangesOlderThanADay() {
    Validator v =
        validator(
            Limits.from(limits())
                .changeWarningThreshold(null)
                .changeCriticalThreshold(null)
                .build());
    window.record(ALICE, "BYTES", BigDecimal.valueOf(-200), NOW.minus(Duration.ofHours(23)));
    assertThat(change(v, "500", "600", NOW).issues())
        .isEmpty(); // 200 + 100 = 300, exactly the limit
    ValidationReport over = change(v, "500", "601", NOW);
    assertThat(over.issues())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.rule()).isEqualTo("daily_change_limit");
              assertThat(i.details())
                  .containsEntry("windowTotal", BigDecimal.valueOf(301))
                  .containsEntry("change", BigDecimal.valueOf(101));
            });
    assertThat(change(v, "500", "601", NOW.plus(Duration.ofHours(2))).issues()).isEmpty();
  }

  @Test
  void weeklyLimitIsFourTimesDailyUnlessSet() {
    assertThat(Tier.BRONZE.limits().weeklyChangeLimit()).contains(BigDecimal.valueOf(200_000));
    assertThat(
            Tier.BRONZE
                .customize()
                .weeklyChangeLimit(BigDecimal.valueOf(60_000))
                .build()
                .weeklyChangeLimit())
        .contains(BigDecimal.valueOf(60_000));
    Validator v = validator(Limits.custom().dailyChangeLimit(BigDecimal.valueOf(300)).build());
    for (int day = 1; day <= 4; day++) {
      window.record(
          ALICE,
          "BYTES",
          BigDecimal.valueOf(300),
          NOW.minus(Duration.ofDays(day)).minus(Duration.ofHours(1)));
    }
    // 1,200 in the last week, exactly 4 × 300: any further change breaks the weekly limit only.
    assertThat(change(v, "500", "501", NOW).issues())
        .extracting(ValidationIssue::rule)
        .containsExactly("weekly_change_limit");
  }

  @Test
  void tierPresetsHoldTheIssueFigures() {
    assertThat(Tier.values())
        .extracting(
            t ->
                t.limits().minBalance().orElseThrow().intValue()
                    + "/"
                    + t.limits().maxBalance().orElseThrow().intValue()
                    + "/"
                    + t.limits().dailyChangeLimit().orElseThrow().intValue())
        .containsExactly(
            "10000/1000000/50000",
            "10000/1000000/100000",
            "15000/1500000/150000",
            "25000/2500000/250000",
            "50000/5000000/500000");
  }

  @Test
  void riskScoreGrowsWithSizeAndVelocityWithinZeroToHundred() {
    assertThat(RiskScore.of(BigDecimal.valueOf(1000), BigDecimal.valueOf(1000), BigDecimal.ZERO))
        .isZero();
    assertThat(RiskScore.of(BigDecimal.valueOf(1000), BigDecimal.valueOf(1100), BigDecimal.ZERO))
        .isEqualTo(8);
    assertThat(
            RiskScore.of(
                BigDecimal.valueOf(1000), BigDecimal.valueOf(1100), BigDecimal.valueOf(1000)))
        .isEqualTo(26);
    // size saturates on a zero balance (60); one turnover of the new balance is half the velocity
    // points (20)
    assertThat(RiskScore.of(BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.ZERO)).isEqualTo(80);
    assertThat(
            RiskScore.of(
                new BigDecimal("-1E+29"), new BigDecimal("1E+29"), new BigDecimal("1E+30")))
        .isEqualTo(100);
    assertThatThrownBy(() -> RiskScore.of(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE.negate()))
        .hasMessageContaining("recentAbsoluteChanges=-1");
  }

  @Test
  void riskRuleReportsAtTheAlertScore() {
    Validator v =
        Validator.builder()
            .rules(
                LimitRules.custom()
                    .limits("BYTES", Limits.custom().build())
                    .riskAlertScore(26)
                    .changeWindow(window)
                    .build()
                    .rules())
            .build();
    window.record(ALICE, "BYTES", BigDecimal.valueOf(1000), NOW.minusSeconds(60));
    assertThat(change(v, "1000", "1100", NOW).issues())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.rule()).isEqualTo("risk_score");
              assertThat(i.details()).containsEntry("score", 26);
            });
    assertThat(change(v, "1000", "1050", NOW).issues()).isEmpty(); // 3 + 20 = 23
  }

  @Test
  void assetsWithoutLimitsAndUpdatesWithoutPreviousViewOnlyMeetBalanceLimits() {
    Validator v = validator(limits());
    assertThat(v.validateChange(total(BTC, "0"), total(BTC, "5000"), NOW).issues()).isEmpty();
    assertThat(v.validate(total(BYTES, "500"), Fixtures.now()).issues()).isEmpty();
    Balance first = total(BYTES, "500");
    assertThat(v.validateChange(null, first, NOW).issues()).isEmpty();
  }

  @Test
  void hugeAndNegativeValuesAreReportedNotThrown() {
    Validator v = validator(limits());
    String huge = "999999999999999999999999999999";
    assertThat(change(v, "-" + huge, huge, NOW).issues())
        .extracting(ValidationIssue::rule)
        .contains("max_balance", "daily_change_limit", "change_critical_threshold");
  }

  @Test
  void buildersCheckArgumentsAtOnceAndConflictsInBuild() {
    assertThatThrownBy(() -> Limits.custom().maxBalance(BigDecimal.ONE.negate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBalance must be zero or positive, but was -1");
    assertThatThrownBy(
            () -> Limits.custom().minBalance(BigDecimal.TEN).maxBalance(BigDecimal.ONE).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("minBalance 10 is above maxBalance 1");
    assertThatThrownBy(() -> Tier.GOLD.customize().weeklyChangeLimit(BigDecimal.ONE).build())
        .hasMessageContaining("weeklyChangeLimit 1 is below dailyChangeLimit 150000");
    assertThatThrownBy(() -> LimitRules.custom().riskAlertScore(101)).hasMessageContaining("101");
    assertThatThrownBy(() -> LimitRules.custom().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> InMemoryChangeWindow.create(Duration.ZERO))
        .hasMessageContaining("PT0S");
  }
}
