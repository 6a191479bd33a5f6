package dev.balancekit.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.ManualClock;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Regression tests of bugs the fuzz tests found. */
class FuzzBugsTest {
  private static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  private static final Asset BTC = Asset.of("BTC", 8);
  private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");

  /** Found by {@link HistoryFuzzTest}: the cursor "<second 1>.-5" and "<second 1>.2147483647". */
  @ParameterizedTest
  @ValueSource(strings = {"-5", "2147483647"})
  void cursorWithAnImpossibleCountDoesNotRewind(String count) {
    BalanceHistory history =
        BalanceHistory.inMemory(HistoryConfig.custom().clock(ManualClock.at(START)).build());
    try {
      for (int i = 0; i < 10; i++) {
        history.append(
            ACCOUNT, BTC, START.plusSeconds(i / 3), BigDecimal.valueOf(i), ChangeKind.UNKNOWN);
      }
      Instant second1 = START.plusSeconds(1);
      String cursor = Micros.of(second1) + "." + count;
      SeriesPage page;
      try {
        page = history.series(ACCOUNT, BTC, START, START.plusSeconds(3), 9, cursor);
      } catch (IllegalArgumentException malformed) {
        return; // refusing it is right
      }
      assertThat(page.entries()).allSatisfy(e -> assertThat(e.at()).isAfterOrEqualTo(second1));
    } finally {
      history.close();
    }
  }
}
