package dev.balancekit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Severity;
import dev.balancekit.event.BalanceEvent;
import dev.balancekit.source.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Threshold, drop and limit alerts: raised once while active, resolved, acknowledged, filtered. */
class AlertsTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final AccountRef OTHER = AccountRef.of("kraken", "other");
  static final Asset USD = Asset.of("USD", 2);
  static final Instant START = Instant.parse("2024-05-01T00:00:00Z");

  final ManualClock clock = ManualClock.at(START);
  final BalanceHistory history =
      BalanceHistory.inMemory(HistoryConfig.custom().clock(clock).build());
  final List<BalanceEvent.AlertRaised> raised = new CopyOnWriteArrayList<>();
  long second;

  @AfterEach
  void close() {
    history.close();
  }

  void put(AccountRef account, String total) {
    history.append(
        account, USD, START.plusSeconds(++second), new BigDecimal(total), ChangeKind.UNKNOWN);
  }

  @Test
  void aConditionThatStillHoldsRaisesOnlyOneAlertUntilItClears() {
    history.addRule(AlertRule.belowWarning("low-usd", "USD", new BigDecimal("100")));
    history.addRule(AlertRule.belowCritical("empty-usd", "USD", new BigDecimal("10")));
    history.onAlert(raised::add);
    put(ACCOUNT, "150");
    put(ACCOUNT, "90");
    put(ACCOUNT, "80");
    put(ACCOUNT, "5");
    put(ACCOUNT, "4");
    assertThat(raised)
        .extracting(BalanceEvent.AlertRaised::alert)
        .containsExactly("low-usd", "empty-usd");
    assertThat(raised.get(1).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(raised.get(0).message())
        .isEqualTo(
            "USD of kraken/main is 90.00 USD, below the warning threshold 100.00 USD (rule low-usd)");

    put(ACCOUNT, "200"); // clears both
    assertThat(history.alerts(AlertFilter.all().activeOnly())).isEmpty();
    put(ACCOUNT, "50"); // holds again: a new alert
    assertThat(raised)
        .extracting(BalanceEvent.AlertRaised::alert)
        .containsExactly("low-usd", "empty-usd", "low-usd");
    assertThat(history.alerts(AlertFilter.all())).hasSize(3);
    assertThat(history.alerts(AlertFilter.all().type(AlertType.BELOW_WARNING).activeOnly()))
        .hasSize(1);
  }

  @Test
  void acknowledgingRecordsWhoAndWhenOnceAndKeepsTheAlertActive() {
    history.addRule(AlertRule.belowWarning("low-usd", "USD", new BigDecimal("100")));
    put(ACCOUNT, "50");
    long id = history.alerts(AlertFilter.all()).get(0).id();
    clock.advance(Duration.ofMinutes(5));
    Alert acked = history.acknowledge(id, "ops@example.com");
    assertThat(acked.acknowledger()).contains("ops@example.com");
    assertThat(acked.acknowledgedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    assertThat(acked.isActive()).isTrue();
    clock.advance(Duration.ofMinutes(5));
    assertThat(history.acknowledge(id, "someone-else")).isEqualTo(acked);
    put(ACCOUNT, "40");
    assertThat(history.alerts(AlertFilter.all())).hasSize(1);
    assertThatThrownBy(() -> history.acknowledge(999, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no alert with id 999");
    assertThatThrownBy(() -> history.acknowledge(id, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("by must name who acknowledges");
  }

  @Test
  void rulesCanBeNarrowedToOneAccountAndFilteredByAccount() {
    history.addRule(
        AlertRule.belowWarning("low-usd", "USD", new BigDecimal("100")).forAccount(OTHER));
    put(ACCOUNT, "1");
    put(OTHER, "1");
    assertThat(history.alerts(AlertFilter.all())).extracting(Alert::account).containsExactly(OTHER);
    assertThat(history.alerts(AlertFilter.all().account(ACCOUNT))).isEmpty();
  }

  @Test
  void aSignificantDropWithinTheWindowAlerts() {
    history.addRule(
        AlertRule.significantDrop("drop", new BigDecimal("20"), Duration.ofMinutes(10)));
    history.onAlert(raised::add);
    put(ACCOUNT, "100");
    put(ACCOUNT, "85");
    assertThat(raised).isEmpty();
    put(ACCOUNT, "80");
    assertThat(raised)
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.message())
                    .isEqualTo(
                        "USD of kraken/main dropped 20 % from 100.00 USD to 80.00 USD within PT10M (rule drop)"));
    second += 3600; // the peak has left the window
    put(ACCOUNT, "79");
    assertThat(history.alerts(AlertFilter.all().activeOnly())).isEmpty();
  }

  @Test
  void theLimitHookComparesEachChangeWithTheValidationLimit() {
    history.addRule(
        AlertRule.limitExceeded(
            "max-change",
            (account, asset) ->
                account.equals(ACCOUNT) ? Optional.of(new BigDecimal("50")) : Optional.empty()));
    put(ACCOUNT, "100");
    put(ACCOUNT, "150");
    put(OTHER, "0");
    put(OTHER, "1000");
    assertThat(history.alerts(AlertFilter.all())).isEmpty();
    put(ACCOUNT, "200.01");
    Alert a = history.alerts(AlertFilter.all()).get(0);
    assertThat(a.type()).isEqualTo(AlertType.LIMIT_EXCEEDED);
    assertThat(a.value()).isEqualByComparingTo("50.01");
    assertThat(a.severity()).isEqualTo(Severity.ERROR);
  }

  @Test
  void aThrowingListenerDoesNotStopOthersOrRecording() {
    history.addRule(AlertRule.belowWarning("low-usd", "USD", BigDecimal.TEN));
    history.onAlert(
        a -> {
          throw new IllegalStateException("listener bug");
        });
    history.onAlert(raised::add).close();
    List<BalanceEvent.AlertRaised> second = new CopyOnWriteArrayList<>();
    history.onAlert(second::add);
    put(ACCOUNT, "1");
    assertThat(raised).isEmpty();
    assertThat(second).hasSize(1);
  }

  @Test
  void ruleArgumentsAreCheckedTogether() {
    assertThatThrownBy(() -> AlertRule.significantDrop("bad name", BigDecimal.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name must be")
        .hasMessageContaining("percent must be in (0, 100], but was 0")
        .hasMessageContaining("window must be positive, but was PT0S");
  }
}
