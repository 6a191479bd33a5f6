package dev.balancekit.validation;

import static dev.balancekit.validation.Fixtures.ALICE;
import static dev.balancekit.validation.Fixtures.BTC;
import static dev.balancekit.validation.Fixtures.BYTES;
import static dev.balancekit.validation.Fixtures.NOW;
import static dev.balancekit.validation.Fixtures.balance;
import static dev.balancekit.validation.Fixtures.now;
import static dev.balancekit.validation.Fixtures.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountBalances;
import dev.balancekit.Severity;
import dev.balancekit.ValidationIssue;
import dev.balancekit.ValidationReport;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValidatorTest {

  private static final BalanceRule ALWAYS_INFO =
      BalanceRule.of(
          "always_info",
          Severity.INFO,
          (b, ctx) -> Optional.of(Violation.of("noted", Map.of("n", 1))));
  private static final BalanceRule THROWS =
      BalanceRule.of(
          "throws",
          Severity.INFO,
          (b, ctx) -> {
            throw new IllegalStateException("boom");
          });
  private static final BalanceRule RETURNS_NULL =
      BalanceRule.of("returns_null", Severity.INFO, (b, ctx) -> null);

  @Test
  void issuesCarryRuleSeverityAccountAssetMessageAndDetails() {
    ValidationReport report = Validators.defaults().validate(total(BTC, "-1"), now());
    assertThat(report.issues())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.rule()).isEqualTo("negative_balance");
              assertThat(i.severity()).isEqualTo(Severity.ERROR);
              assertThat(i.account()).isEqualTo(ALICE);
              assertThat(i.asset()).contains("BTC");
              assertThat(i.message()).isEqualTo("total -1.00000000 BTC is negative");
              assertThat(i.details()).containsEntry("total", new BigDecimal("-1.00000000"));
            });
    assertThat(report.isValid()).isFalse();
  }

  @Test
  void onlyErrorAndCriticalMakeAReportInvalid() {
    Validator infoOnly = Validator.builder().rule(ALWAYS_INFO).build();
    assertThat(infoOnly.validate(total(BTC, "1"), now()).isValid()).isTrue();
    Validator warning =
        Validator.builder().rule(ALWAYS_INFO).severity("always_info", Severity.WARNING).build();
    assertThat(warning.validate(total(BTC, "1"), now()).isValid()).isTrue();
    Validator critical =
        Validator.builder().rule(ALWAYS_INFO).severity("always_info", Severity.CRITICAL).build();
    assertThat(critical.validate(total(BTC, "1"), now()).isValid()).isFalse();
  }

  @Test
  void severityOverrideReplacesTheDefaultForThatRuleOnly() {
    Validator v =
        Validators.defaultsBuilder()
            .severity("negative_balance", Severity.CRITICAL)
            .severity("negative_free_balance", Severity.INFO)
            .build();
    ValidationReport report =
        v.validate(balance(BTC, "-1").available(new BigDecimal("-1")).build(), now());
    assertThat(report.issues())
        .extracting(ValidationIssue::rule, ValidationIssue::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("negative_balance", Severity.CRITICAL),
            org.assertj.core.groups.Tuple.tuple("negative_free_balance", Severity.INFO));
    assertThat(v.severityOf("hold_exceeds_balance")).isEqualTo(Severity.ERROR);
  }

  @Test
  void disabledRulesDoNotRunAndCanBeSwitchedAtRuntime() {
    Validator v = Validators.defaultsBuilder().disable("negative_balance").build();
    assertThat(v.isEnabled("negative_balance")).isFalse();
    assertThat(v.validate(total(BTC, "-1"), now()).issues()).isEmpty();
    v.enable("negative_balance");
    assertThat(v.validate(total(BTC, "-1"), now()).issues()).hasSize(1);
    v.disable("negative_balance");
    assertThat(v.validate(total(BTC, "-1"), now()).issues()).isEmpty();
    assertThat(v.toString()).contains("negative_balance=off", "stale_data=WARNING");
  }

  @Test
  void aThrowingRuleIsItsOwnCriticalIssueAndTheOthersStillRun() {
    Validator v =
        Validator.builder()
            .rule(THROWS)
            .rule(BalanceRules.negativeBalance())
            .rule(RETURNS_NULL)
            .build();
    ValidationReport report = v.validate(total(BTC, "-1"), now());
    assertThat(report.issues())
        .extracting(ValidationIssue::rule, ValidationIssue::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("throws", Severity.CRITICAL),
            org.assertj.core.groups.Tuple.tuple("negative_balance", Severity.ERROR),
            org.assertj.core.groups.Tuple.tuple("returns_null", Severity.CRITICAL));
    assertThat(report.issues().get(0).message())
        .isEqualTo("rule 'throws' threw IllegalStateException");
    assertThat(report.issues().get(0).details())
        .containsEntry("error", IllegalStateException.class.getName());
  }

  @Test
  void reportAggregatesEveryBalanceInAssetOrderThenRuleOrder() {
    AccountBalances view =
        AccountBalances.snapshot(
            ALICE,
            List.of(balance(BYTES, "-5").held(BigDecimal.TEN).build(), balance(BTC, "-1").build()),
            NOW);
    ValidationReport report = Validators.defaults().validate(view, now());
    assertThat(report.issues())
        .extracting(i -> i.assetCode() + ":" + i.rule())
        .containsExactly(
            "BTC:negative_balance", "BYTES:negative_balance", "BYTES:hold_exceeds_balance");
    assertThat(report.atLeast(Severity.ERROR)).hasSize(3);
  }

  @Test
  void aValidAccountGetsTheSharedEmptyReport() {
    AccountBalances view =
        AccountBalances.snapshot(ALICE, List.of(total(BTC, "1"), total(BYTES, "2")), NOW);
    assertThat(Validators.defaults().validate(view, now())).isSameAs(ValidationReport.empty());
    assertThat(
            Validators.defaults().validate(AccountBalances.snapshot(ALICE, List.of(), NOW), now()))
        .isSameAs(ValidationReport.empty());
  }

  @Test
  void eachDefaultsCallIsIndependent() {
    Validator a = Validators.defaults();
    a.disable("stale_data");
    assertThat(Validators.defaults().isEnabled("stale_data")).isTrue();
  }

  @Test
  void replaceKeepsThePositionOfTheReplacedRule() {
    BalanceRule strict = BalanceRules.staleData(java.time.Duration.ofSeconds(1));
    Validator v = Validators.defaultsBuilder().replace(strict).build();
    assertThat(v.ruleNames()).containsExactlyElementsOf(Validators.defaults().ruleNames());
    assertThat(
            v.validate(
                    total(BTC, "1"),
                    new dev.balancekit.spi.ValidationContext(null, List.of(), NOW.plusSeconds(2)))
                .issues())
        .extracting(ValidationIssue::rule)
        .containsExactly("stale_data");
  }

  @Test
  void builderChecksEachArgumentAtOnceAndNamesItsValue() {
    Validator.Builder b = Validator.builder().rule(ALWAYS_INFO);
    assertThatThrownBy(() -> b.rule(ALWAYS_INFO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'always_info' was already added");
    assertThatThrownBy(() -> b.rule(null)).hasMessage("rule must not be null");
    assertThatThrownBy(() -> b.replace(THROWS)).hasMessageContaining("no rule named 'throws'");
    assertThatThrownBy(() -> b.severity("Bad Name", Severity.INFO))
        .hasMessageContaining("'Bad Name'");
    assertThatThrownBy(() -> b.severity("always_info", null)).hasMessageContaining("always_info");
    assertThatThrownBy(() -> BalanceRule.of("x", null, (bal, c) -> Optional.empty()))
        .hasMessageContaining("defaultSeverity=null");
  }

  @Test
  void buildRefusesOverridesOrDisablesOfUnknownRulesListingThemAll() {
    Validator.Builder b =
        Validator.builder().rule(ALWAYS_INFO).severity("nope", Severity.INFO).disable("also_nope");
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[also_nope, nope]")
        .hasMessageContaining("always_info");
  }

  @Test
  void runtimeSwitchesRefuseUnknownNames() {
    Validator v = Validators.defaults();
    assertThatThrownBy(() -> v.disable("negative"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no rule named 'negative'")
        .hasMessageContaining("negative_balance");
    assertThatThrownBy(() -> v.isEnabled(null)).hasMessageContaining("no rule named null");
  }

  @Test
  void violationRefusesBlankMessagesAndNullDetails() {
    assertThatThrownBy(() -> Violation.of(" ")).hasMessageContaining("' '");
    assertThatThrownBy(() -> Violation.of("m", null)).hasMessageContaining("details of 'm'");
    Map<String, Object> withNull = new java.util.HashMap<>();
    withNull.put("k", null);
    assertThatThrownBy(() -> Violation.of("m", withNull))
        .hasMessageContaining("null keys or values");
  }
}
