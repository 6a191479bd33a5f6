package dev.balancekit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Series pages, point-in-time lookups, recent changes, CSV export and the dashboard report. */
class QueriesTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final AccountRef OTHER = AccountRef.of("binance", "spot");
  static final Asset BTC = Asset.of("BTC", 8);
  static final Asset USD = Asset.of("USD", 2);
  static final Instant START = Instant.parse("2024-05-01T00:00:00Z");

  final ManualClock clock = ManualClock.at(START);
  final BalanceHistory history =
      BalanceHistory.inMemory(HistoryConfig.custom().clock(clock).build());

  @AfterEach
  void close() {
    history.close();
  }

  void put(AccountRef account, Asset asset, long second, String total, ChangeKind kind) {
    history.append(account, asset, START.plusSeconds(second), new BigDecimal(total), kind);
  }

  @Test
  void pagesWalkTheWholeRangeOnceEvenAcrossEqualTimestamps() {
    for (int i = 0; i < 10; i++) {
      put(ACCOUNT, BTC, i / 3, Integer.toString(i), ChangeKind.UNKNOWN); // three entries per second
    }
    List<BigDecimal> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      SeriesPage page = history.series(ACCOUNT, BTC, START, START.plusSeconds(60), 4, cursor);
      page.entries().forEach(e -> seen.add(e.total()));
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).extracting(BigDecimal::intValue).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void theRangeIsHalfOpenAndBadArgumentsAreNamed() {
    put(ACCOUNT, BTC, 0, "1", ChangeKind.UNKNOWN);
    put(ACCOUNT, BTC, 10, "2", ChangeKind.UNKNOWN);
    assertThat(history.series(ACCOUNT, BTC, START, START.plusSeconds(10), 10).entries()).hasSize(1);
    assertThat(history.series(ACCOUNT, BTC, START, START.plusSeconds(10), 10).next()).isEmpty();
    assertThatThrownBy(() -> history.series(ACCOUNT, BTC, START, START, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be between 1 and 10000, but was 0");
    assertThatThrownBy(() -> history.series(ACCOUNT, BTC, START, START, 5, "nonsense"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cursor is malformed: nonsense");
    assertThatThrownBy(() -> history.series(ACCOUNT, BTC, START.plusSeconds(1), START, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before from");
  }

  @Test
  void atAnswersTheTotalInEffect() {
    put(ACCOUNT, BTC, 10, "1", ChangeKind.UNKNOWN);
    put(ACCOUNT, BTC, 20, "2", ChangeKind.UNKNOWN);
    assertThat(history.at(ACCOUNT, BTC, START.plusSeconds(5))).isEmpty();
    assertThat(history.at(ACCOUNT, BTC, START.plusSeconds(10)).orElseThrow().total())
        .isEqualByComparingTo("1");
    assertThat(history.at(ACCOUNT, BTC, START.plusSeconds(19)).orElseThrow().total())
        .isEqualByComparingTo("1");
    assertThat(history.at(ACCOUNT, BTC, START.plusSeconds(99)).orElseThrow().total())
        .isEqualByComparingTo("2");
    assertThat(history.at(OTHER, BTC, START.plusSeconds(99))).isEmpty();
  }

  @Test
  void recentChangesSkipUnchangedTotalsAndApplyTheFilter() {
    put(ACCOUNT, BTC, 0, "1", ChangeKind.UNKNOWN);
    put(ACCOUNT, BTC, 100, "1", ChangeKind.UNKNOWN);
    put(ACCOUNT, BTC, 3000, "1.5", ChangeKind.DEPOSIT);
    put(OTHER, USD, 3100, "10", ChangeKind.TRADE);
    put(OTHER, USD, 3200, "8", ChangeKind.FEE);
    clock.advance(Duration.ofSeconds(3600));

    List<BalanceChange> all = history.recentChanges(Duration.ofHours(1), c -> true);
    assertThat(all)
        .extracting(BalanceChange::delta)
        .extracting(BigDecimal::toPlainString)
        .containsExactly("1.00000000", "0.50000000", "10.00", "-2.00");
    assertThat(all.get(1).previousTotal()).contains(new BigDecimal("1.00000000"));
    assertThat(history.recentChanges(Duration.ofMinutes(10), c -> c.delta().signum() < 0))
        .singleElement()
        .satisfies(c -> assertThat(c.kind()).isEqualTo(ChangeKind.FEE));
  }

  @Test
  void csvQuotesFieldsWithCommasQuotesAndNewlines() {
    AccountRef odd = AccountRef.of("ledger:guild", "a,\"b\"");
    history.append(odd, USD, START, new BigDecimal("-1234.50"), ChangeKind.TRANSFER_OUT);
    history.append(odd, USD, START.plusSeconds(1), new BigDecimal("0"), ChangeKind.UNKNOWN);
    StringBuilder out = new StringBuilder();
    history.exportCsv(odd, USD, START, START.plusSeconds(2), out);
    assertThat(out.toString())
        .isEqualTo(
            "account,asset,at,total,kind\r\n"
                + "\"ledger:guild/a,\"\"b\"\"\",USD,2024-05-01T00:00:00Z,-1234.50,transfer_out\r\n"
                + "\"ledger:guild/a,\"\"b\"\"\",USD,2024-05-01T00:00:01Z,0.00,\r\n");
    assertThat(Csv.escape("line\nbreak")).isEqualTo("\"line\nbreak\"");
    assertThat(Csv.escape("plain")).isEqualTo("plain");
  }

  @Test
  void anAccountExportListsEveryAssetByCode() {
    put(ACCOUNT, USD, 1, "5", ChangeKind.UNKNOWN);
    put(ACCOUNT, BTC, 2, "1", ChangeKind.UNKNOWN);
    StringBuilder out = new StringBuilder();
    history.exportCsv(ACCOUNT, out);
    assertThat(out.toString().split("\r\n"))
        .containsExactly(
            "account,asset,at,total,kind",
            "kraken/main,BTC,2024-05-01T00:00:02Z,1.00000000,",
            "kraken/main,USD,2024-05-01T00:00:01Z,5.00,");
  }

  @Test
  void aReportHasCurrentTotalsHistoryTrendsAndActiveAlerts() {
    history.addRule(AlertRule.belowWarning("low-usd", "USD", new BigDecimal("10")));
    put(ACCOUNT, USD, 0, "20", ChangeKind.UNKNOWN);
    put(ACCOUNT, USD, 3600, "5", ChangeKind.WITHDRAWAL);
    put(ACCOUNT, BTC, 10, "1", ChangeKind.UNKNOWN);
    clock.advance(Duration.ofHours(1));

    BalanceReport report = history.report(ACCOUNT, true, true);
    assertThat(report.current().get(USD).total()).isEqualByComparingTo("5");
    assertThat(report.recentHistory().get(USD)).hasSize(2);
    assertThat(report.trends().get(USD).direction()).isEqualTo(Trend.Direction.DOWN);
    assertThat(report.activeAlerts()).extracting(Alert::rule).containsExactly("low-usd");

    BalanceReport lean = history.report(ACCOUNT, false, false);
    assertThat(lean.recentHistory()).isEmpty();
    assertThat(lean.activeAlerts()).isEmpty();
    assertThat(lean.current()).containsOnlyKeys(USD, BTC);
  }
}
