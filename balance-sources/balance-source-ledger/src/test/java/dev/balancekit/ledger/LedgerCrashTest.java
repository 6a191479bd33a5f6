package dev.balancekit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.source.ManualClock;
import dev.balancekit.transfer.TransferReceipt;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A transfer the ledger reported durable survives a SIGKILL of the JVM at any moment. */
class LedgerCrashTest {
  private static final int KILLS = 20;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Stores.class)
  void everyTransferReportedDurableSurvivesAKillAtARandomMoment(Stores store) throws Exception {
    String schema = store.freshSchema();
    try {
      List<String> reported = new ArrayList<>();
      for (int run = 0; run < KILLS; run++) {
        reported.addAll(runAndKill(store, schema, run));
        try (Ledger ledger = store.open(dir, ManualClock.at("2026-11-22T00:00:00Z"), schema)) {
          for (String key : reported) {
            TransferReceipt again = ledger.submit(CrashChild.transfer(key));
            assertThat(again.replay())
                .as("transfer %s was reported durable, so it must already exist", key)
                .isTrue();
          }
          assertThat(ledger.verifyIntegrity().violations()).isEmpty();
        }
      }
      assertThat(reported)
          .as("the children got transfers through before being killed")
          .hasSizeGreaterThan(KILLS);
    } finally {
      store.drop(schema);
    }
  }

  /**
   * Starts a child that submits transfers, kills it with SIGKILL after a random delay, returns what
   * it reported.
   */
  private List<String> runAndKill(Stores store, String schema, int run) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName(),
                store.name(),
                dir.toString(),
                Integer.toString(run)));
    if (schema != null) {
      command.add(schema);
    }
    Process child =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> keys = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String first = out.readLine();
      assertThat(first).as("child %s started", run).isEqualTo("ready");
      long killAt =
          System.nanoTime()
              + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(50, 400));
      while (System.nanoTime() < killAt) {
        if (out.ready()) {
          keys.add(out.readLine());
        } else {
          Thread.sleep(1);
        }
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush
      child.waitFor(10, TimeUnit.SECONDS);
      try {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("crash-")) {
            keys.add(line); // printed before the kill landed
          }
        }
      } catch (java.io.IOException closedWithTheProcess) {
        // keys still in the pipe are simply not checked
      }
    }
    return keys;
  }
}
