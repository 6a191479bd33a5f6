package dev.balancekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.Freshness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeUsageTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void usageExampleRunsAndReadsTheStreamedBalance() {
    var btc = ReadmeUsage.run("0.75");
    assertThat(btc.total()).isEqualByComparingTo("0.75");
    assertThat(btc.freshness()).isEqualTo(Freshness.LIVE);
  }

  @Test
  void readmeShowsExactlyTheCompiledExampleLines() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    List<String> lines = marked(Files.readAllLines(
        ROOT.resolve("examples/src/main/java/dev/balancekit/examples/ReadmeUsage.java")));
    assertThat(lines).hasSizeGreaterThan(10);
    String block = String.join("\n", lines);
    assertThat(readme).contains(block);
  }

  @Test
  void quickStartHoldsExactlyTwoCommandsDemoFirstTestsSecond() throws IOException {
    List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
    int start = readme.indexOf("## Quick start");
    assertThat(start).isNotNegative();
    List<String> commands = new ArrayList<>();
    boolean inBlock = false;
    for (String line : readme.subList(start, readme.size())) {
      if (line.startsWith("```")) {
        if (inBlock) {
          break;
        }
        inBlock = true;
      } else if (inBlock) {
        commands.add(line);
      }
    }
    assertThat(commands).containsExactly("mvn -B -q -Pdemo -DskipTests package", "mvn -B verify");
  }

  /** The lines between README:BEGIN and README:END markers, de-indented to the README's level. */
  private static List<String> marked(List<String> source) {
    List<String> out = new ArrayList<>();
    boolean in = false;
    int indent = -1;
    for (String line : source) {
      if (line.contains("// README:BEGIN")) {
        in = true;
        if (indent < 0) {
          indent = line.indexOf("//");
        }
      } else if (line.contains("// README:END")) {
        in = false;
      } else if (in) {
        out.add(line.length() >= indent ? line.substring(indent) : line.strip());
      }
    }
    return out;
  }
}
