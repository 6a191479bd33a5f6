package dev.balancekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickDemoTest {
  @Test
  void tourShowsLiveFallbackStaleAndTypedErrorInThatOrder() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    QuickDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out)
        .contains("BTC = 1.50000000  [LIVE from kraken-ws, age 0 s]")
        .contains("changed: BTC 1.50000000 -> 1.25000000 (delta -0.25000000)")
        .contains("BTC = 1.25000000  [CACHED from kraken-ws, age 0 s]")
        .contains("BTC = 1.25000000  [LIVE from kraken-rest, age 0 s]")
        .contains("BTC = 1.25000000  [STALE from kraken-rest, age 45 s]")
        .contains("BalanceUnavailableException: no balance available for kraken/demo-trader:"
            + " source 'kraken-rest' unavailable: HTTP 503 Service Unavailable; nothing usable cached")
        .contains("reads=6 live=3 cached=1 stale=1 unavailable=1 fallbacks=1 tracked=1")
        .endsWith("== done: manager closed, its threads stopped\n");
    assertThat(out.indexOf("LIVE from kraken-ws")).isLessThan(out.indexOf("STALE from kraken-rest"));
  }
}
