package dev.balancekit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.BalanceManagerConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Settings are checked at once; each history's one thread is a named daemon that close() stops. */
class LifecycleTest {

  static Set<Thread> historyThreads() {
    Set<Thread> all = Thread.getAllStackTraces().keySet();
    all.removeIf(t -> !t.getName().startsWith("balancekit-history-"));
    return all;
  }

  @Test
  void theHistoryThreadIsANamedDaemonAndCloseStopsIt() throws InterruptedException {
    Set<Thread> before = historyThreads();
    BalanceHistory h =
        BalanceHistory.inMemory(
            HistoryConfig.custom().cleanupInterval(Duration.ofMillis(10)).build());
    Thread.sleep(50); // let the clean-up run at least once, so the thread exists
    Set<Thread> mine = historyThreads();
    mine.removeAll(before);
    assertThat(mine).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    h.close();
    h.close();
    for (Thread t : mine) {
      t.join(5_000);
      assertThat(t.isAlive()).isFalse();
    }
  }

  @Test
  void settingsNameTheParameterAndTheValue() {
    assertThatThrownBy(() -> HistoryConfig.custom().maxEntriesPerSeries(0))
        .hasMessage("maxEntriesPerSeries must be at least 1, but was 0");
    assertThatThrownBy(() -> HistoryConfig.custom().retention(Duration.ofSeconds(-1)))
        .hasMessage("retention must be positive, but was PT-1S");
    assertThatThrownBy(() -> HistoryConfig.custom().tablePrefix("Robert'); DROP TABLE x;--"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tablePrefix must be");
    assertThatThrownBy(() -> HistoryConfig.custom().flatBandPercentPerHour(new BigDecimal("-0.1")))
        .hasMessage("flatBandPercentPerHour must be zero or positive, but was -0.1");
    assertThatThrownBy(() -> BalanceHistory.inMemory(null)).hasMessage("config must not be null");
  }

  @Test
  void theManagersHistorySettingsCarryOver() {
    HistoryConfig c =
        HistoryConfig.from(
                BalanceManagerConfig.custom()
                    .historyMaxEntries(500)
                    .historyRetention(Duration.ofHours(2))
                    .build())
            .build();
    assertThat(c.maxEntriesPerSeries()).isEqualTo(500);
    assertThat(c.retention()).isEqualTo(Duration.ofHours(2));
    assertThat(HistoryConfig.defaults().maxEntriesPerSeries()).isEqualTo(10_000);
    assertThat(HistoryConfig.defaults().retention()).isEqualTo(Duration.ofDays(7));
  }
}
