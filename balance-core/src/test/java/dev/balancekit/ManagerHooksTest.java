package dev.balancekit;

import static dev.balancekit.ManagerConcurrencyTest.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.event.BalanceEvent;
import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.spi.BalanceRecorder;
import dev.balancekit.spi.BalanceValidator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManagerHooksTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final Asset BTC = Asset.of("BTC", 8);

  final InMemoryBalanceSource stream = InMemoryBalanceSource.create("ws");
  final List<BalanceEvent> events = new CopyOnWriteArrayList<>();
  BalanceManager manager;

  /** Flags any negative total, as the validation module's negative_balance rule would. */
  static final BalanceValidator NO_NEGATIVES =
      (current, context) ->
          new ValidationReport(
              current.balances().stream()
                  .filter(b -> b.total().signum() < 0)
                  .map(
                      b ->
                          new ValidationIssue(
                              "negative_balance",
                              Severity.ERROR,
                              current.account(),
                              b.asset().code(),
                              "negative",
                              Map.of()))
                  .toList());

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  void everyAcceptedUpdateIsValidatedAndFindingsAreEventsAndCounted() throws Exception {
    manager = BalanceManager.builder().source(stream).validator(NO_NEGATIVES).build();
    manager.onEvent(events::add);
    stream.put(ACCOUNT, BTC, "1");
    stream.put(ACCOUNT, BTC, "-0.5");

    awaitCondition(() -> events.stream().anyMatch(e -> e instanceof BalanceEvent.ValidationFailed));
    BalanceEvent.ValidationFailed failed =
        events.stream()
            .filter(e -> e instanceof BalanceEvent.ValidationFailed)
            .map(BalanceEvent.ValidationFailed.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(failed.report().isValid()).isFalse();
    assertThat(failed.report().issues())
        .extracting(ValidationIssue::rule)
        .containsExactly("negative_balance");
    assertThat(manager.statistics().validationFailures()).isEqualTo(1);
    assertThat(manager.validate(ACCOUNT).isValid()).isFalse();
    assertThat(manager.validateAll()).containsOnlyKeys(ACCOUNT);
  }

  @Test
  void withValidationDisabledUpdatesAreNotValidatedButValidateStillAnswers() throws Exception {
    manager =
        BalanceManager.builder()
            .source(stream)
            .validator(NO_NEGATIVES)
            .config(BalanceManagerConfig.custom().enableValidation(false).build())
            .build();
    stream.put(ACCOUNT, BTC, "-1");
    assertThat(manager.statistics().validationFailures()).isZero();
    assertThat(manager.validate(ACCOUNT).issues()).hasSize(1);
  }

  @Test
  void aThrowingValidatorIsACriticalFindingNotAnIngestFailure() throws Exception {
    manager =
        BalanceManager.builder()
            .source(stream)
            .validator(
                (current, context) -> {
                  throw new IllegalStateException("rule bug");
                })
            .build();
    manager.onEvent(events::add);
    stream.put(ACCOUNT, BTC, "1");

    assertThat(manager.balance(ACCOUNT, BTC).total()).isEqualByComparingTo("1");
    awaitCondition(() -> events.stream().anyMatch(e -> e instanceof BalanceEvent.ValidationFailed));
    ValidationIssue issue = manager.validate(ACCOUNT).issues().get(0);
    assertThat(issue.rule()).isEqualTo("validator_failed");
    assertThat(issue.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(issue.message()).isEqualTo("the validator threw IllegalStateException");
  }

  @Test
  void withoutAValidatorValidateReturnsAnEmptyReport() {
    manager = BalanceManager.builder().source(stream).build();
    stream.put(ACCOUNT, BTC, "-1");
    assertThat(manager.validate(ACCOUNT)).isEqualTo(ValidationReport.empty());
    assertThat(manager.validateAll()).isEmpty();
  }

  @Test
  void theRecorderGetsEveryUpdateInOrderAndIsClosedWithTheManager() throws Exception {
    List<BigDecimal> recorded = new CopyOnWriteArrayList<>();
    AtomicBoolean closed = new AtomicBoolean();
    BalanceRecorder recorder =
        new BalanceRecorder() {
          @Override
          public void record(BalanceEvent.Updated update) {
            recorded.add(update.update().find("BTC").orElseThrow().total());
          }

          @Override
          public void close() {
            closed.set(true);
          }
        };
    manager = BalanceManager.builder().source(stream).recorder(recorder).build();
    for (int i = 1; i <= 100; i++) {
      stream.put(ACCOUNT, BTC, Integer.toString(i));
    }
    awaitCondition(() -> recorded.size() == 100);
    for (int i = 0; i < 100; i++) {
      assertThat(recorded.get(i)).isEqualByComparingTo(Integer.toString(i + 1));
    }
    manager.close();
    assertThat(closed).isTrue();
  }

  @Test
  void changedFiresOnlyAtOrAboveTheConfiguredThreshold() throws Exception {
    manager =
        BalanceManager.builder()
            .source(stream)
            .cache(
                dev.balancekit.spi.BalanceCache.inMemory(
                    dev.balancekit.spi.CachePolicy.of(
                        java.time.Duration.ofHours(1), java.time.Duration.ofHours(1), 1.0)))
            .changeThreshold(new BigDecimal("10"), new BigDecimal("50"))
            .build();
    List<BalanceEvent.Changed> changes = new CopyOnWriteArrayList<>();
    manager.onChange(changes::add);
    stream.put(ACCOUNT, BTC, "100");
    stream.put(ACCOUNT, BTC, "105"); // +5: under 10 and under 50 %
    stream.put(ACCOUNT, BTC, "115"); // +10: at the absolute threshold
    stream.put(ACCOUNT, BTC, "6"); // -109: both
    stream.put(ACCOUNT, BTC, "9"); // +3 = 50 % of 6: at the percent threshold
    stream.put(ACCOUNT, BTC, "9.5"); // +0.5: neither
    awaitCondition(() -> changes.size() >= 3);
    Thread.sleep(50);
    assertThat(changes)
        .extracting(c -> c.current().stripTrailingZeros().toPlainString())
        .containsExactly("115", "6", "9");
  }

  @Test
  void changeThresholdRejectsNegativeOrMissingValues() {
    assertThatThrownBy(
            () -> BalanceManager.builder().changeThreshold(new BigDecimal("-1"), BigDecimal.ZERO))
        .hasMessage("absolute must be zero or positive, but was -1");
    assertThatThrownBy(() -> BalanceManager.builder().changeThreshold(BigDecimal.ZERO, null))
        .hasMessage("percent must be zero or positive, but was null");
  }
}
