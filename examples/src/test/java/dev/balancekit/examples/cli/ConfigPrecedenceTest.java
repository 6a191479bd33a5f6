package dev.balancekit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.examples.cli.CliRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flags win over BALANCEKIT_* environment variables, which win over the --config file, which wins
 * over defaults.
 */
class ConfigPrecedenceTest {
  @TempDir Path dir;

  private Path file;

  @BeforeEach
  void writeConfigFile() throws IOException {
    file = dir.resolve("balancekit.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "ledger.db=" + dir.resolve("from-file.db").toString().replace("\\", "\\\\"),
            "ledger.asset=GEM:2",
            "algorand.network=testnet",
            "kraken.api-key=LEAKCHECK-key-from-file",
            ""));
  }

  private static String initDb(Result r) {
    assertThat(r.exit()).as(r.toString()).isZero();
    return Path.of(r.json().get("db").asText()).getFileName().toString();
  }

  @Test
  void flagThenEnvironmentThenFileThenDefault() {
    CliRun noEnv = new CliRun();
    CliRun withEnv = new CliRun().env("BALANCEKIT_DB", dir.resolve("from-env.db").toString());

    assertThat(initDb(noEnv.run("ledger", "--config", file.toString(), "init", "--json")))
        .isEqualTo("from-file.db");
    assertThat(initDb(withEnv.run("ledger", "--config", file.toString(), "init", "--json")))
        .isEqualTo("from-env.db");
    assertThat(
            initDb(
                withEnv.run(
                    "ledger",
                    "--config",
                    file.toString(),
                    "--db",
                    dir.resolve("from-flag.db").toString(),
                    "init",
                    "--json")))
        .isEqualTo("from-flag.db");
    // The file's asset applies to all three; without file, env or flag the default (COIN:0) does.
    assertThat(
            withEnv
                .run("--config", file.toString(), "ledger", "init", "--json")
                .json()
                .get("asset")
                .asText())
        .isEqualTo("GEM");
    assertThat(
            new CliRun()
                .env("BALANCEKIT_DB", dir.resolve("default-asset.db").toString())
                .run("ledger", "init", "--json")
                .json()
                .get("asset")
                .asText())
        .isEqualTo("COIN");
  }

  @Test
  void theConfigFileMayBeNamedByTheEnvironmentAndTheFlagAnywhereOnTheLine() {
    Result byEnv =
        new CliRun().env("BALANCEKIT_CONFIG", file.toString()).run("ledger", "init", "--json");
    Result flagLast = new CliRun().run("ledger", "init", "--json", "--config=" + file);

    assertThat(initDb(byEnv)).isEqualTo("from-file.db");
    assertThat(initDb(flagLast)).isEqualTo("from-file.db");
  }

  @Test
  void configShowsEachValueWithItsSourceAndMasksSecrets() {
    Result r =
        new CliRun()
            .env("BALANCEKIT_DB", "env.db")
            .env("BALANCEKIT_KRAKEN_API_SECRET", "LEAKCHECK-secret-from-env")
            .env("BALANCEKIT_ALGOD_TOKEN", "LEAKCHECK-token-from-env")
            .run("config", "--config", file.toString(), "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).doesNotContain("LEAKCHECK");
    JsonNode doc = r.json();
    assertThat(doc.get("configFile").asText()).endsWith("balancekit.properties");
    assertThat(setting(doc, "ledger.db").get("value").asText()).isEqualTo("env.db");
    assertThat(setting(doc, "ledger.db").get("source").asText()).isEqualTo("env");
    assertThat(setting(doc, "algorand.network").get("value").asText()).isEqualTo("testnet");
    assertThat(setting(doc, "algorand.network").get("source").asText()).isEqualTo("file");
    assertThat(setting(doc, "timeout").get("value").asText()).isEqualTo("15s");
    assertThat(setting(doc, "timeout").get("source").asText()).isEqualTo("default");
    assertThat(setting(doc, "kraken.api-key").get("value").asText()).isEqualTo("****");
    assertThat(setting(doc, "kraken.api-key").get("source").asText()).isEqualTo("file");
    assertThat(setting(doc, "kraken.api-secret").get("value").asText()).isEqualTo("****");
    assertThat(setting(doc, "algorand.algod-token").get("value").asText()).isEqualTo("****");
    assertThat(setting(doc, "algorand.algod-url").get("value").isNull()).isTrue();
  }

  @Test
  void configAsATable() {
    Result r = new CliRun().env("BALANCEKIT_KRAKEN_API_KEY", "LEAKCHECK-key").run("config");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).doesNotContain("LEAKCHECK").contains("config file: none");
    assertThat(r.out().lines())
        .anyMatch(
            l ->
                l.matches(
                    "kraken\\.api-key +BALANCEKIT_KRAKEN_API_KEY +\\*{4} +env "
                        + "BALANCEKIT_KRAKEN_API_KEY"));
    assertThat(r.out().lines())
        .anyMatch(l -> l.matches("ledger\\.db +BALANCEKIT_DB +economy\\.db +default"));
  }

  @Test
  void aMissingConfigFileIsAUsageError() {
    Result r = new CliRun().run("config", "--config", dir.resolve("missing.properties").toString());

    assertThat(r.exit()).isEqualTo(BalanceKitCli.USAGE);
    assertThat(r.oneErrorLine()).contains("missing.properties does not exist");
  }

  private static JsonNode setting(JsonNode doc, String key) {
    for (JsonNode s : doc.get("settings")) {
      if (s.get("key").asText().equals(key)) {
        return s;
      }
    }
    throw new AssertionError("no setting " + key);
  }
}
