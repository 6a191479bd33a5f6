package dev.balancekit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UpstreamCallsSimulationTest {
  @Test
  void cacheCutsCallsToAboutOnePerAccountPerTtlWindow() {
    // 20,000 reads at 1,000/s = 20 s simulated, inside one 30 s TTL: one call per account read.
    var r = UpstreamCallsSimulation.run(20_000, 500, Duration.ofSeconds(30), 1_000, 7);
    assertThat(r.callsWithoutCache()).isEqualTo(20_000);
    assertThat(r.callsWithCache()).isEqualTo(500);
  }

  @Test
  void overSeveralTtlWindowsEachAccountIsFetchedAtMostOncePerWindow() {
    // 100 s simulated with a 30 s TTL: at most 4 windows per account.
    var r = UpstreamCallsSimulation.run(100_000, 1_000, Duration.ofSeconds(30), 1_000, 42);
    assertThat(r.callsWithCache()).isBetween(3_000L, 4_000L);
    assertThat(r.savedPercent()).isGreaterThan(95.0);
  }
}
