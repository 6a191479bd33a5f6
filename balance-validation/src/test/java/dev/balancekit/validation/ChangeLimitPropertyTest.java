package dev.balancekit.validation;

import static dev.balancekit.validation.Fixtures.ALICE;
import static dev.balancekit.validation.Fixtures.BYTES;
import static dev.balancekit.validation.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.Balance;
import dev.balancekit.ValidationIssue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Any random sequence of changes, applied one by one, either passes every limit rule or is reported
 * by exactly the limit rules it breaks, the first of which (in rule order) comes first in the
 * report. The expectation is computed from a plain list of past changes, independent of the window.
 */
class ChangeLimitPropertyTest {

  private static final List<String> LIMIT_RULES =
      List.of(
          LimitRules.MIN_BALANCE,
          LimitRules.MAX_BALANCE,
          LimitRules.DAILY_CHANGE_LIMIT,
          LimitRules.WEEKLY_CHANGE_LIMIT);
  private static final Limits LIMITS =
      Tier.BRONZE.customize().weeklyChangeLimit(BigDecimal.valueOf(120_000)).build();

  record Step(long delta, long minutesLater) {}

  @Provide
  Arbitrary<Step> steps() {
    return Combinators.combine(
            Arbitraries.longs().between(-60_000, 60_000),
            Arbitraries.longs().between(0, 3 * 24 * 60))
        .as(Step::new);
  }

  @Property(tries = 200)
  void everyChangeEitherPassesEveryLimitOrIsReportedByTheFirstRuleItBreaks(
      @ForAll @Size(max = 40) List<@net.jqwik.api.From("steps") Step> steps,
      @ForAll("startBalances") long start) {
    InMemoryChangeWindow window = InMemoryChangeWindow.create(Duration.ofDays(8));
    Validator validator =
        Validator.builder()
            .rules(LimitRules.custom().limits("BYTES", LIMITS).changeWindow(window).build().rules())
            .disable(LimitRules.RISK_SCORE)
            .build();
    List<long[]> past = new ArrayList<>(); // {epochSecond, |delta|}
    Instant now = NOW;
    long total = start;
    for (Step step : steps) {
      now = now.plus(Duration.ofMinutes(step.minutesLater()));
      Balance before = Balance.of(ALICE, BYTES, BigDecimal.valueOf(total), "ledger", now);
      total += step.delta();
      Balance after = Balance.of(ALICE, BYTES, BigDecimal.valueOf(total), "ledger", now);

      List<String> broken = expectedBroken(total, Math.abs(step.delta()), past, now);
      List<String> reported =
          validator.validateChange(before, after, now).issues().stream()
              .map(ValidationIssue::rule)
              .filter(LIMIT_RULES::contains)
              .toList();

      assertThat(reported).as("step %s from %s", step, before.total()).isEqualTo(broken);
      if (!broken.isEmpty()) {
        assertThat(reported.get(0)).isEqualTo(broken.get(0));
      }
      window.record(before, after);
      past.add(new long[] {now.getEpochSecond(), Math.abs(step.delta())});
    }
  }

  @Provide
  Arbitrary<Long> startBalances() {
    return Arbitraries.longs().between(0, 1_200_000);
  }

  private static List<String> expectedBroken(
      long total, long change, List<long[]> past, Instant now) {
    List<String> broken = new ArrayList<>();
    if (total < 10_000) {
      broken.add(LimitRules.MIN_BALANCE);
    }
    if (total > 1_000_000) {
      broken.add(LimitRules.MAX_BALANCE);
    }
    if (sumSince(past, now.minus(Duration.ofDays(1))) + change > 50_000) {
      broken.add(LimitRules.DAILY_CHANGE_LIMIT);
    }
    if (sumSince(past, now.minus(Duration.ofDays(7))) + change > 120_000) {
      broken.add(LimitRules.WEEKLY_CHANGE_LIMIT);
    }
    return broken;
  }

  private static long sumSince(List<long[]> past, Instant since) {
    return past.stream().filter(p -> p[0] >= since.getEpochSecond()).mapToLong(p -> p[1]).sum();
  }
}
