package dev.balancekit.validation;

import static dev.balancekit.validation.Fixtures.ALICE;
import static dev.balancekit.validation.Fixtures.BOB;
import static dev.balancekit.validation.Fixtures.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.BalanceManager;
import dev.balancekit.ValidationIssue;
import dev.balancekit.ValidationReport;
import dev.balancekit.event.BalanceEvent;
import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.source.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The validator plugged into a real manager, as a user would. */
class ManagerIntegrationTest {

  private final ManualClock clock = ManualClock.at("2025-03-01T12:00:00Z");
  private final InMemoryBalanceSource stream = InMemoryBalanceSource.create("stream", clock);
  private final List<BalanceEvent.ValidationFailed> failures = new CopyOnWriteArrayList<>();
  private BalanceManager manager;

  @BeforeEach
  void start() {
    manager =
        BalanceManager.builder()
            .source(stream)
            .clock(clock)
            .listenerExecutor(Runnable::run)
            .validator(Validators.defaults())
            .build();
    manager.onEvent(
        e -> {
          if (e instanceof BalanceEvent.ValidationFailed f) {
            failures.add(f);
          }
        });
  }

  @AfterEach
  void stop() {
    manager.close();
  }

  @Test
  void aBadUpdateRaisesValidationFailedAndIsCounted() {
    stream.put(ALICE, BTC, "1");
    manager.balance(ALICE, BTC);
    assertThat(failures).isEmpty();

    stream.put(ALICE, BTC, "-2");

    assertThat(failures)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.account()).isEqualTo(ALICE);
              assertThat(f.report().issues())
                  .extracting(ValidationIssue::rule)
                  .containsExactly("negative_balance");
            });
    assertThat(manager.statistics().validationFailures()).isEqualTo(1);
  }

  @Test
  void validateAndValidateAllUseTheValidatorOnKnownAccounts() {
    stream.put(ALICE, BTC, "1");
    stream.put(BOB, BTC, "1");
    manager.balance(ALICE, BTC);
    manager.balance(BOB, BTC);
    assertThat(manager.validate(ALICE)).isSameAs(ValidationReport.empty());

    clock.advance(Duration.ofMinutes(6));

    assertThat(manager.validate(ALICE).issues())
        .extracting(ValidationIssue::rule)
        .containsExactly("stale_data");
    Map<dev.balancekit.AccountRef, ValidationReport> all = manager.validateAll();
    assertThat(all).containsOnlyKeys(ALICE, BOB);
    assertThat(all.get(BOB).isValid()).isTrue(); // a warning does not make it invalid
  }
}
