package dev.balancekit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.examples.cli.CliRun.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code balancekit demo} still runs through the command line, onto the given writer. */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void theDemoRunsThroughTheCommandLine() {
    Result r = new CliRun().run("demo", "--quick", "--dir", dir.toString());

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("1. Trading bot", "2. Chat economy", "demo finished")
        .doesNotContain("\u001b[");
  }
}
