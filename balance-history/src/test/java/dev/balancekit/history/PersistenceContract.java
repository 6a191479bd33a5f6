package dev.balancekit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.ManualClock;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every JDBC dialect must do; subclasses say where the database is. */
abstract class PersistenceContract {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final Asset BTC = Asset.of("BTC", 8);
  static final Asset WEI = Asset.of("WEI", 18);
  static final Instant START = Instant.parse("2024-01-10T00:00:00Z");

  final ManualClock clock = ManualClock.at(START);

  /** A JDBC URL DriverManager can open, for direct SQL. */
  abstract String url();

  /** The table prefix the histories of this test use. */
  abstract String prefix();

  /** Opens a history on the test database with {@code config}. */
  abstract BalanceHistory open(HistoryConfig config);

  HistoryConfig.Builder config() {
    // A long flush interval: the tests flush or close explicitly.
    return HistoryConfig.custom()
        .clock(clock)
        .tablePrefix(prefix())
        .flushInterval(Duration.ofHours(1));
  }

  List<HistoryEntry> entries(BalanceHistory h, Asset asset) {
    return h.series(ACCOUNT, asset, Instant.EPOCH, START.plus(Duration.ofDays(3650)), 10_000)
        .entries();
  }

  void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(url());
        Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  @Test
  void aRestartReloadsTheEntriesWithinRetentionExactly() {
    BigDecimal huge = new BigDecimal("98765432109876543210.123456789012345678");
    try (BalanceHistory h = open(config().retention(Duration.ofDays(1)).build())) {
      h.append(ACCOUNT, BTC, START.minus(Duration.ofDays(2)), BigDecimal.ONE, ChangeKind.DEPOSIT);
      h.append(ACCOUNT, BTC, START.minusSeconds(10), new BigDecimal("1.5"), ChangeKind.TRADE);
      h.append(
          ACCOUNT, BTC, START.plusNanos(1_234_000), new BigDecimal("-0.00000001"), ChangeKind.FEE);
      h.append(ACCOUNT, WEI, START, huge, ChangeKind.REWARD);
    }
    try (BalanceHistory h = open(config().retention(Duration.ofDays(1)).build())) {
      assertThat(entries(h, BTC))
          .extracting(HistoryEntry::total)
          .containsExactly(new BigDecimal("1.50000000"), new BigDecimal("-0.00000001"));
      assertThat(entries(h, BTC))
          .extracting(HistoryEntry::kind)
          .containsExactly(ChangeKind.TRADE, ChangeKind.FEE);
      assertThat(entries(h, BTC).get(1).at()).isEqualTo(START.plusNanos(1_234_000));
      assertThat(entries(h, WEI)).extracting(HistoryEntry::total).containsExactly(huge);
    }
  }

  @Test
  void aCrashLosesOnlyTheWritesSinceTheLastFlush() {
    BalanceHistory writer = open(config().build());
    try {
      writer.append(ACCOUNT, BTC, START, BigDecimal.ONE, ChangeKind.UNKNOWN);
      writer.flush();
      writer.append(ACCOUNT, BTC, START.plusSeconds(1), BigDecimal.TEN, ChangeKind.UNKNOWN);
      // A second instance sees what a restart after a crash now would see.
      try (BalanceHistory afterCrash = open(config().build())) {
        assertThat(entries(afterCrash, BTC))
            .extracting(e -> e.total().intValue())
            .containsExactly(1);
      }
    } finally {
      writer.close();
    }
    try (BalanceHistory h = open(config().build())) {
      assertThat(entries(h, BTC)).extracting(e -> e.total().intValue()).containsExactly(1, 10);
    }
  }

  @Test
  void cleanUpDeletesExpiredAndOverCountRowsInBatches() {
    HistoryConfig tight =
        config().retention(Duration.ofHours(1)).maxEntriesPerSeries(3).deleteBatchSize(2).build();
    try (BalanceHistory h = open(tight)) {
      for (int i = 0; i < 7; i++) {
        h.append(
            ACCOUNT,
            WEI,
            START.minus(Duration.ofHours(2)).plusSeconds(i),
            BigDecimal.ONE,
            ChangeKind.UNKNOWN);
      }
      for (int i = 1; i <= 5; i++) {
        h.append(ACCOUNT, BTC, START.plusSeconds(i), BigDecimal.valueOf(i), ChangeKind.UNKNOWN);
      }
      ((DefaultBalanceHistory) h).cleanUp();
    }
    try (BalanceHistory h = open(config().retention(Duration.ofDays(3650)).build())) {
      assertThat(entries(h, WEI)).isEmpty();
      assertThat(entries(h, BTC)).extracting(e -> e.total().intValue()).containsExactly(3, 4, 5);
    }
  }

  @Test
  void alertsAndTheirAcknowledgementSurviveARestartWithoutBeingRaisedAgain() {
    AlertRule low = AlertRule.belowWarning("low-btc", "BTC", BigDecimal.TEN);
    long id;
    try (BalanceHistory h = open(config().build())) {
      h.addRule(low);
      h.append(ACCOUNT, BTC, START, BigDecimal.ONE, ChangeKind.UNKNOWN);
      id = h.alerts(AlertFilter.all()).get(0).id();
      h.acknowledge(id, "ops");
    }
    try (BalanceHistory h = open(config().build())) {
      h.addRule(low);
      h.append(ACCOUNT, BTC, START.plusSeconds(1), BigDecimal.valueOf(2), ChangeKind.UNKNOWN);
      assertThat(h.alerts(AlertFilter.all()))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.id()).isEqualTo(id);
                assertThat(a.isActive()).isTrue();
                assertThat(a.acknowledger()).contains("ops");
                assertThat(a.message()).contains("below the warning threshold");
              });
      h.append(ACCOUNT, BTC, START.plusSeconds(2), BigDecimal.valueOf(50), ChangeKind.UNKNOWN);
      h.append(ACCOUNT, BTC, START.plusSeconds(3), BigDecimal.ONE, ChangeKind.UNKNOWN);
      assertThat(h.alerts(AlertFilter.all())).extracting(Alert::id).containsExactly(id, id + 1);
    }
    try (BalanceHistory h = open(config().build())) {
      assertThat(h.alerts(AlertFilter.all().activeOnly()))
          .extracting(Alert::id)
          .containsExactly(id + 1);
    }
  }

  @Test
  void tablesOfAnotherSchemaVersionAreRefusedWithAClearError() throws SQLException {
    open(config().build()).close();
    sql("UPDATE " + prefix() + "schema_version SET version = 99");
    assertThatThrownBy(() -> open(config().build()))
        .isInstanceOf(HistoryException.class)
        .hasMessageContaining("schema version 99 but this BalanceKit reads version 1");
  }
}
