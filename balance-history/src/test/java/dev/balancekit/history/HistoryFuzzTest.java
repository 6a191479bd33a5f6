package dev.balancekit.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.ManualClock;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a client hands the history: a {@link BalanceHistory#series} cursor (refused with {@link
 * IllegalArgumentException} when malformed; otherwise a page of at most {@code limit} entries in
 * the range, none before the cursor's position), and an account id that then comes back out of
 * {@link BalanceHistory#exportCsv} as one RFC 4180 field, whatever commas, quotes or line breaks it
 * holds. History has no CSV import; the export is what other tools parse.
 */
class HistoryFuzzTest {
  private static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  private static final Asset BTC = Asset.of("BTC", 8);
  private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
  private static final BalanceHistory HISTORY =
      BalanceHistory.inMemory(HistoryConfig.custom().clock(ManualClock.at(START)).build());

  static {
    for (int i = 0; i < 10; i++) { // three entries per second
      HISTORY.append(
          ACCOUNT, BTC, START.plusSeconds(i / 3), BigDecimal.valueOf(i), ChangeKind.UNKNOWN);
    }
  }

  static Stream<Arguments> seeds() {
    long second1 = Micros.of(START.plusSeconds(1));
    return Stream.of(
        Arguments.of(4, second1 + ".1", "alice"),
        Arguments.of(4, second1 + ".0", "a,b"),
        Arguments.of(1, second1 + ".3", "say \"hi\""),
        Arguments.of(9, "-9223372036854775808.0", "x\"\""),
        Arguments.of(9, second1 + ".-5", "\u00e9\u20ac"),
        Arguments.of(9, second1 + ".2147483647", "a\"b,c"),
        Arguments.of(9, "9223372036854775807.1", "ok"),
        Arguments.of(2, "1.2.3", "ok"),
        Arguments.of(2, "nonsense", "ok"),
        Arguments.of(2, ".", "ok"));
  }

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "2s")
  void history(
      @InRange(min = 1, max = 20) int limit, @NotNull String cursor, @NotNull String accountId) {
    checkSeries(limit, cursor);
    checkExport(accountId);
  }

  private static void checkSeries(int limit, String cursor) {
    Instant from = START;
    Instant to = START.plusSeconds(3);
    SeriesPage page;
    try {
      page = HISTORY.series(ACCOUNT, BTC, from, to, limit, cursor);
    } catch (IllegalArgumentException refused) {
      return;
    }
    assertThat(page.entries()).hasSizeLessThanOrEqualTo(limit);
    String[] parts = cursor.split("\\.", -1);
    long afterMicros = Long.parseLong(parts[0]);
    for (HistoryEntry e : page.entries()) {
      assertThat(e.at()).isAfterOrEqualTo(from).isBefore(to);
      assertThat(Micros.of(e.at())).isGreaterThanOrEqualTo(afterMicros);
    }
  }

  private static void checkExport(String accountId) {
    AccountRef account;
    try {
      account = AccountRef.of("ledger:fuzz", accountId);
    } catch (IllegalArgumentException notAnId) {
      return;
    }
    BalanceHistory history =
        BalanceHistory.inMemory(HistoryConfig.custom().clock(ManualClock.at(START)).build());
    try {
      history.append(account, BTC, START, BigDecimal.ONE, ChangeKind.DEPOSIT);
      StringBuilder csv = new StringBuilder();
      history.exportCsv(account, csv);
      List<List<String>> rows = parse(csv.toString());
      assertThat(rows).hasSize(2);
      assertThat(rows.get(0)).containsExactly("account", "asset", "at", "total", "kind");
      assertThat(rows.get(1)).hasSize(5);
      assertThat(rows.get(1).get(0)).isEqualTo(account.toString());
      assertThat(rows.get(1).get(3)).isEqualTo("1.00000000");
    } finally {
      history.close();
    }
  }

  /** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
  static List<List<String>> parse(String csv) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    while (i < csv.length()) {
      if (csv.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= csv.length()) {
            throw new AssertionError("unterminated quoted field in " + csv);
          }
          char c = csv.charAt(i++);
          if (c == '"') {
            if (i < csv.length() && csv.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
      } else {
        while (i < csv.length() && csv.charAt(i) != ',' && csv.charAt(i) != '\r') {
          char c = csv.charAt(i++);
          assertThat(c).as("unquoted field character").isNotIn('"', '\n');
          field.append(c);
        }
      }
      row.add(field.toString());
      field.setLength(0);
      if (i < csv.length() && csv.charAt(i) == ',') {
        i++;
      } else {
        assertThat(csv.startsWith("\r\n", i)).as("record ends in CRLF").isTrue();
        i += 2;
        rows.add(row);
        row = new ArrayList<>();
      }
    }
    return rows;
  }
}
