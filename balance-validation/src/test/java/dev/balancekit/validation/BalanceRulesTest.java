package dev.balancekit.validation;

import static dev.balancekit.validation.Fixtures.ALICE;
import static dev.balancekit.validation.Fixtures.BTC;
import static dev.balancekit.validation.Fixtures.BYTES;
import static dev.balancekit.validation.Fixtures.NOW;
import static dev.balancekit.validation.Fixtures.balance;
import static dev.balancekit.validation.Fixtures.now;
import static dev.balancekit.validation.Fixtures.total;
import static dev.balancekit.validation.Fixtures.withOthers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountBalances;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.Severity;
import dev.balancekit.ValidationIssue;
import dev.balancekit.ValidationReport;
import dev.balancekit.spi.ValidationContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BalanceRulesTest {

  private static final String HUGE =
      "999999999999999999999999999999"; // 30 integer digits, the most allowed

  @Test
  void defaultsAreTheSevenPublicRulesInDocumentedOrderAndSeverity() {
    assertThat(BalanceRules.defaults())
        .extracting(BalanceRule::name)
        .containsExactly(
            "negative_balance",
            "negative_free_balance",
            "hold_exceeds_balance",
            "source_inconsistency",
            "unrealistic_balance",
            "stale_data",
            "precision_overflow");
    assertThat(BalanceRules.defaults())
        .extracting(BalanceRule::defaultSeverity)
        .containsExactly(
            Severity.ERROR,
            Severity.WARNING,
            Severity.ERROR,
            Severity.WARNING,
            Severity.WARNING,
            Severity.WARNING,
            Severity.ERROR);
  }

  @Test
  void aValidBalanceWithEveryOptionalFieldMissingPassesEveryDefaultRule() {
    assertThat(Validators.defaults().validate(total(BTC, "1.5"), now()))
        .isEqualTo(ValidationReport.empty());
  }

  @Nested
  class NegativeBalance {
    private final BalanceRule rule = BalanceRules.negativeBalance();

    @Test
    void passesPositiveAndZeroAtTheBoundary() {
      assertThat(rule.check(total(BTC, "0.00000001"), now())).isEmpty();
      assertThat(rule.check(total(BTC, "0"), now())).isEmpty();
    }

    @Test
    void reportsTheSmallestNegativeAndHugeNegativeTotals() {
      assertThat(rule.check(total(BTC, "-0.00000001"), now()))
          .get()
          .satisfies(
              v -> assertThat(v.details()).containsEntry("total", new BigDecimal("-0.00000001")));
      assertThat(rule.check(total(BYTES, "-" + HUGE), now())).isPresent();
    }
  }

  @Nested
  class NegativeFreeBalance {
    private final BalanceRule rule = BalanceRules.negativeFreeBalance();

    @Test
    void passesUnknownZeroAndPositiveAvailable() {
      assertThat(rule.check(total(BTC, "1"), now())).isEmpty();
      assertThat(rule.check(balance(BTC, "1").available(BTC.zero()).build(), now())).isEmpty();
    }

    @Test
    void reportsNegativeAvailableEvenWhenTotalIsPositive() {
      Balance b = balance(BTC, "1").available(new BigDecimal("-0.5")).build();
      assertThat(rule.check(b, now()))
          .get()
          .extracting(Violation::message)
          .asString()
          .contains("-0.50000000 BTC");
    }
  }

  @Nested
  class HoldExceedsBalance {
    private final BalanceRule rule = BalanceRules.holdExceedsBalance();

    @Test
    void passesUnknownHoldAndHoldExactlyEqualToTotal() {
      assertThat(rule.check(total(BTC, "1"), now())).isEmpty();
      assertThat(rule.check(balance(BTC, "1").held(BigDecimal.ONE).build(), now())).isEmpty();
    }

    @Test
    void reportsHoldAboveTotalIncludingAnyHoldOnANegativeTotal() {
      assertThat(rule.check(balance(BTC, "1").held(new BigDecimal("1.00000001")).build(), now()))
          .get()
          .satisfies(v -> assertThat(v.details()).containsKeys("held", "total"));
      assertThat(rule.check(balance(BYTES, "-1").held(BigDecimal.ZERO).build(), now())).isPresent();
    }
  }

  @Nested
  class SourceInconsistency {

    private AccountBalances rest(Balance... balances) {
      return AccountBalances.snapshot(ALICE, List.of(balances), NOW);
    }

    private Balance fromRest(String total) {
      return total(BTC, total).toBuilder().source("rest").build();
    }

    @Test
    void passesWithoutOtherSourcesAndWhenTheyAgree() {
      BalanceRule rule = BalanceRules.sourceInconsistency(Tolerance.exact());
      assertThat(rule.check(total(BTC, "1"), now())).isEmpty();
      assertThat(rule.check(total(BTC, "1"), withOthers(rest(fromRest("1.00000000"))))).isEmpty();
    }

    @Test
    void reportsTheLargestDisagreementWithBothSourcesNamed() {
      BalanceRule rule = BalanceRules.sourceInconsistency(Tolerance.exact());
      Optional<Violation> found =
          rule.check(total(BTC, "1"), withOthers(rest(fromRest("1.1")), rest(fromRest("3"))));
      assertThat(found)
          .get()
          .satisfies(
              v -> {
                assertThat(v.details())
                    .containsEntry("difference", new BigDecimal("2.00000000"))
                    .containsEntry("otherSource", "rest");
                assertThat(v.message())
                    .contains("'stream' says 1.00000000 BTC", "'rest' says 3.00000000 BTC");
              });
    }

    @Test
    void completeSnapshotWithoutTheAssetMeansZeroButAPartialOneSaysNothing() {
      BalanceRule rule = BalanceRules.sourceInconsistency(Tolerance.exact());
      Balance other = total(BYTES, "5").toBuilder().source("rest").build();
      assertThat(rule.check(total(BTC, "1"), withOthers(rest(other)))).isPresent();
      assertThat(
              rule.check(
                  total(BTC, "1"), withOthers(AccountBalances.partial(ALICE, List.of(other), NOW))))
          .isEmpty();
    }

    @Test
    void absoluteToleranceAcceptsExactlyItsLimitAndReportsAboveIt() {
      BalanceRule rule =
          BalanceRules.sourceInconsistency(Tolerance.absolute(new BigDecimal("0.01")));
      assertThat(rule.check(total(BTC, "1"), withOthers(rest(fromRest("1.01"))))).isEmpty();
      assertThat(rule.check(total(BTC, "1"), withOthers(rest(fromRest("1.01000001"))))).isPresent();
    }

    @Test
    void relativeToleranceIsAFractionOfTheLargerMagnitude() {
      BalanceRule rule =
          BalanceRules.sourceInconsistency(Tolerance.relative(new BigDecimal("0.01")));
      assertThat(rule.check(total(BTC, "99"), withOthers(rest(fromRest("100")))))
          .isEmpty(); // 1 = 1% of 100
      assertThat(rule.check(total(BTC, "98.99999999"), withOthers(rest(fromRest("100")))))
          .isPresent();
      assertThat(rule.check(total(BTC, "0"), withOthers(rest(fromRest("0"))))).isEmpty();
      assertThat(rule.check(total(BYTES, HUGE), withOthers(rest(total(BYTES, "-" + HUGE)))))
          .isPresent();
    }

    @Test
    void refusesANullOrNegativeTolerance() {
      assertThatThrownBy(() -> BalanceRules.sourceInconsistency(null))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Tolerance.of(BigDecimal.ONE, new BigDecimal("-0.1")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("relative=-0.1");
    }
  }

  @Nested
  class UnrealisticBalance {
    private final BalanceRule rule =
        BalanceRules.unrealisticBalance(Map.of("BTC", new BigDecimal("21000000")));

    @Test
    void passesAtTheCeilingAndForAssetsWithoutOne() {
      assertThat(rule.check(total(BTC, "21000000"), now())).isEmpty();
      assertThat(rule.check(total(BYTES, HUGE), now())).isEmpty();
    }

    @Test
    void reportsAboveTheCeiling() {
      assertThat(rule.check(total(BTC, "21000000.00000001"), now()))
          .get()
          .satisfies(
              v -> assertThat(v.details()).containsEntry("ceiling", new BigDecimal("21000000")));
    }

    @Test
    void refusesNegativeCeilingsNamingTheAsset() {
      assertThatThrownBy(
              () -> BalanceRules.unrealisticBalance(Map.of("ETH", BigDecimal.ONE.negate())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ceiling of ETH")
          .hasMessageContaining("-1");
    }
  }

  @Nested
  class StaleData {
    private final BalanceRule rule = BalanceRules.staleData(Duration.ofMinutes(5));

    private ValidationContext at(Instant now) {
      return new ValidationContext(null, List.of(), now);
    }

    @Test
    void passesExactlyAtTheMaximumAgeAndForFutureObservations() {
      assertThat(rule.check(total(BTC, "1"), at(NOW.plus(Duration.ofMinutes(5))))).isEmpty();
      assertThat(rule.check(total(BTC, "1"), at(NOW.minusSeconds(3600)))).isEmpty();
    }

    @Test
    void reportsOneNanosecondPastTheMaximumAge() {
      assertThat(rule.check(total(BTC, "1"), at(NOW.plus(Duration.ofMinutes(5)).plusNanos(1))))
          .get()
          .satisfies(
              v ->
                  assertThat(v.details()).containsEntry("age", Duration.ofMinutes(5).plusNanos(1)));
    }

    @Test
    void extremeTimestampsAreReportedNotThrown() {
      Balance ancient = balance(BTC, "1").observedAt(Instant.MIN).receivedAt(Instant.MIN).build();
      assertThat(rule.check(ancient, at(Instant.MAX))).isPresent();
      assertThat(rule.check(total(BTC, "1"), at(Instant.MIN))).isEmpty();
    }

    @Test
    void refusesZeroMaximumAge() {
      assertThatThrownBy(() -> BalanceRules.staleData(Duration.ZERO))
          .hasMessageContaining("maxAge")
          .hasMessageContaining("PT0S");
    }
  }

  @Nested
  class PrecisionOverflow {
    private final PrecisionOverflowRule rule = BalanceRules.precisionOverflow();

    @Test
    void passesEveryBalanceCoreCanBuild() {
      assertThat(
              rule.check(
                  balance(BTC, "1").available(BigDecimal.ONE).held(BigDecimal.ZERO).build(), now()))
          .isEmpty();
      assertThat(rule.check(total(BYTES, HUGE), now())).isEmpty();
    }

    @Test
    void rawAmountsAtTheScalePassAndOneMoreDecimalIsReported() {
      assertThat(rule.checkAmount(ALICE, BTC, "0.00000001").issues()).isEmpty();
      assertThat(rule.checkAmount(ALICE, BTC, "1.000000010").issues())
          .isEmpty(); // trailing zero is no precision
      ValidationReport report = rule.checkAmount(ALICE, BTC, "0.000000001");
      assertThat(report.isValid()).isFalse();
      assertThat(report.issues())
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.rule()).isEqualTo("precision_overflow");
                assertThat(i.severity()).isEqualTo(Severity.ERROR);
                assertThat(i.asset()).contains("BTC");
                assertThat(i.details()).containsEntry("decimals", 9).containsEntry("scale", 8);
              });
    }

    @Test
    void zeroScaleAssetsAcceptWholeNumbersOnly() {
      assertThat(rule.checkAmount(ALICE, BYTES, "1000").issues()).isEmpty();
      assertThat(rule.checkAmount(ALICE, BYTES, "1E+3").issues()).isEmpty();
      assertThat(rule.checkAmount(ALICE, BYTES, new BigDecimal("10.0")).issues()).isEmpty();
      assertThat(rule.checkAmount(ALICE, BYTES, "0.5").issues()).hasSize(1);
    }

    @Test
    void badRawDataIsReportedNeverThrown() {
      for (String bad :
          new String[] {
            null,
            "",
            "  ",
            "NaN",
            "Infinity",
            "0x10",
            "1e999999999999",
            "abc",
            "1".repeat(101),
            "1e-999999999",
            HUGE + "0"
          }) {
        assertThat(rule.checkAmount(ALICE, BTC, bad).issues())
            .as("raw %s", bad)
            .singleElement()
            .extracting(ValidationIssue::rule)
            .isEqualTo("precision_overflow");
      }
      assertThat(rule.checkAmount(ALICE, BTC, (BigDecimal) null).issues()).hasSize(1);
      assertThat(
              rule.checkAmount(ALICE, BTC, new BigDecimal("1E-999999999"))
                  .issues()
                  .get(0)
                  .message())
          .hasSizeLessThan(200);
    }

    @Test
    void reasonsTellMissingNotANumberDecimalsAndMagnitudeApart() {
      assertThat(rule.inspect(BTC, "amount", (String) null))
          .get()
          .satisfies(v -> assertThat(v.details()).containsEntry("reason", "missing"));
      assertThat(rule.inspect(BTC, "amount", "NaN"))
          .get()
          .satisfies(v -> assertThat(v.details()).containsEntry("reason", "not_a_number"));
      assertThat(rule.inspect(BTC, "amount", "1" + HUGE))
          .get()
          .satisfies(
              v -> assertThat(v.details()).containsEntry("reason", "too_many_integer_digits"));
      assertThat(rule.inspect(Asset.of("X", 0), "fee", "0.1"))
          .get()
          .satisfies(v -> assertThat(v.message()).startsWith("fee 0.1 has 1 decimals"));
    }
  }
}
