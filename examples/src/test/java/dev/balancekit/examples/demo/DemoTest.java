package dev.balancekit.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end at test pace: every section appears, in order, and it exits 0. */
class DemoTest {
  @TempDir Path dir;

  @Test
  void showsEverySectionInOrderAndSucceeds() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit =
        Demo.run(
            new PrintStream(bytes, true, StandardCharsets.UTF_8), dir, Demo.Pace.quick(), false);
    String printed = bytes.toString(StandardCharsets.UTF_8);
    String out = printed.replace("\n    ", " "); // undo the wrapping at 80 columns

    assertThat(exit).as(out).isZero();
    assertThat(out)
        .containsSubsequence(
            "1. Trading bot",
            "stream LIVE",
            "kraken-stream",
            "killing the stream",
            "kraken-rest",
            "taking REST down too",
            "STALE",
            "bringing both back",
            "kraken-stream",
            "cache hit rate",
            "2. Chat economy",
            "streak 3",
            "claims again on day 4, refused: Daily reward already claimed",
            "PENDING",
            "COMPLETED",
            "bob sends himself 1: refused (TransferRejectedException)",
            "carol sends alice 5000: refused (InsufficientFundsException) insufficient balance",
            "leaderboard:",
            "#1",
            "verifyIntegrity(): sound",
            "3. Trends",
            "BTC ",
            "strength",
            "USD ",
            "alert ",
            "demo finished");
    assertThat(out).doesNotContain("accepted?!").doesNotContain("FAILED").doesNotContain("\u001b[");
    // Kraken's stream carries totals only: unknown fields are shown as unknown, never as zero.
    assertThat(out).containsPattern("BTC +[0-9.]+ +- +- LIVE");
    for (String line : printed.split("\n")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(80);
    }
  }
}
