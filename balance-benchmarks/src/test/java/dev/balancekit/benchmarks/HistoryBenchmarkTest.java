package dev.balancekit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.balancekit.history.Trend;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Runs each benchmark body once, so a broken benchmark fails the build instead of a night's run.
 */
class HistoryBenchmarkTest {
  @Test
  void everyBenchmarkDoesItsWorkAndBothTrendsAgree() {
    HistoryBenchmark b = new HistoryBenchmark();
    b.setUp();
    try {
      b.historyAppend();
      assertThat(b.baselineListAppend()).isTrue();
      assertThat(b.appendHistory.at(HistoryBenchmark.ACCOUNT, HistoryBenchmark.BTC, Instant.now()))
          .isPresent();

      Trend trend = b.historyTrend();
      HistoryBenchmark.Fit fit = b.baselineListTrend();
      assertThat(trend.samples()).isEqualTo(HistoryBenchmark.POINTS);
      assertThat(trend.slopePerHour()).isCloseTo(fit.slopePerHour(), within(1e-6));
      assertThat(trend.strength()).isCloseTo(fit.strength(), within(1e-9));
      assertThat(trend.volatility()).isCloseTo(fit.volatility(), within(1e-12));
      assertThat(trend.min()).isEqualByComparingTo(fit.min());
      assertThat(trend.max()).isEqualByComparingTo(fit.max());
    } finally {
      b.tearDown();
    }
  }
}
