package dev.balancekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.AccountRef;
import dev.balancekit.Freshness;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadmeUsageTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void usageExampleRunsAndReadsTheStreamedBalance() {
    var btc = ReadmeUsage.run("0.75");
    assertThat(btc.total()).isEqualByComparingTo("0.75");
    assertThat(btc.freshness()).isEqualTo(Freshness.LIVE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ReadmeUsage.java", "ReadmeRestSource.java", "ReadmeLedger.java"})
  void readmeShowsExactlyTheCompiledExampleLines(String example) throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    List<String> lines =
        marked(
            Files.readAllLines(
                ROOT.resolve("examples/src/main/java/dev/balancekit/examples/" + example)));
    assertThat(lines).hasSizeGreaterThan(10);
    String block = String.join("\n", lines);
    assertThat(readme).contains(block);
  }

  @Test
  void ledgerExampleEndsWithBobHoldingWhatHeWasSent(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    assertThat(ReadmeLedger.run(dir).total()).isEqualByComparingTo("190");
  }

  @Test
  void restExampleReadsExactAmountsAndSendsTheKeyOnlyAsAHeader() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(
          new MockResponse()
              .setHeader("Content-Type", "application/json")
              .setBody(
                  "{\"balances\":[{\"currency\":\"BTC\",\"total\":\"0.12345678\",\"free\":\"0.1\",\"locked\":\"0.02345678\"},"
                      + "{\"currency\":\"XUSD\",\"total\":12.5}]}"));
      server.start(InetAddress.getLoopbackAddress(), 0);
      String base = server.url("/").toString().replaceAll("/$", "");

      var btc = ReadmeRestSource.read(base, "k-123", AccountRef.of("myexchange", "alice"));

      assertThat(btc.total()).isEqualTo(new BigDecimal("0.12345678"));
      assertThat(btc.held()).contains(new BigDecimal("0.02345678"));
      RecordedRequest request = server.takeRequest();
      assertThat(request.getPath()).isEqualTo("/v1/accounts/alice/balances");
      assertThat(request.getHeader("X-Api-Key")).isEqualTo("k-123");
    }
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
