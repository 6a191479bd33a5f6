package dev.balancekit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.Freshness;
import org.junit.jupiter.api.Test;

/**
 * Runs each benchmark body once, so a broken benchmark fails the build instead of a night's run.
 */
class ManagerReadBenchmarkTest {
  @Test
  void everyBenchmarkReadsTheSameBalanceOnItsIntendedPath() {
    ManagerReadBenchmark b = new ManagerReadBenchmark();
    b.setUp();
    try {
      assertThat(b.baselineDirectViewRead().total()).isEqualByComparingTo("1.23456789");
      assertThat(b.managerReadFromLiveStream().freshness()).isEqualTo(Freshness.LIVE);
      assertThat(b.managerReadFromFreshCache().freshness()).isEqualTo(Freshness.CACHED);
      assertThat(b.managerReadFromFreshCache().total()).isEqualByComparingTo("1.23456789");
    } finally {
      b.tearDown();
    }
  }
}
