package dev.balancekit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.examples.cli.CliRun.Result;
import dev.balancekit.history.BalanceHistory;
import dev.balancekit.history.ChangeKind;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code balancekit history ...} over a history database written the way a manager's recorder
 * writes it.
 */
class HistoryCommandTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final Asset BTC = Asset.of("BTC", 8);

  @TempDir Path dir;

  private final CliRun cli = new CliRun();
  private Path db;
  private Instant now;

  @BeforeEach
  void record() {
    db = dir.resolve("history.db");
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (BalanceHistory history = BalanceHistory.sqlite(db)) {
      history.append(
          ACCOUNT,
          BTC,
          now.minus(Duration.ofHours(3)),
          new BigDecimal("1.00000000"),
          ChangeKind.DEPOSIT);
      history.append(
          ACCOUNT,
          BTC,
          now.minus(Duration.ofHours(2)),
          new BigDecimal("1.10000000"),
          ChangeKind.TRADE);
      history.append(
          ACCOUNT,
          BTC,
          now.minus(Duration.ofHours(1)),
          new BigDecimal("1.05000000"),
          ChangeKind.TRADE);
      history.append(
          ACCOUNT,
          BTC,
          now.minus(Duration.ofMinutes(10)),
          new BigDecimal("1.25000000"),
          ChangeKind.DEPOSIT);
      history.flush();
    }
  }

  @Test
  void trendOfOneAssetOverAWindow() {
    Result json =
        cli.run(
            "history",
            "--db",
            db.toString(),
            "trend",
            "kraken/main",
            "BTC:8",
            "--window",
            "24h",
            "--json");
    Result text = cli.run("history", "--db", db.toString(), "trend", "kraken/main", "BTC:8");

    assertThat(json.exit()).as(json.toString()).isZero();
    JsonNode t = json.json();
    assertThat(t.get("direction").asText()).isEqualTo("UP");
    assertThat(t.get("samples").asInt()).isEqualTo(4);
    assertThat(t.get("change").isTextual()).isTrue();
    assertThat(t.get("change").asText()).isEqualTo("0.25000000");
    assertThat(t.get("changePercent").asText()).isEqualTo("25.000000");
    assertThat(t.get("min").asText()).isEqualTo("1.00000000");
    assertThat(t.get("max").asText()).isEqualTo("1.25000000");
    assertThat(t.get("strength").isNumber()).isTrue();
    assertThat(t.get("window").asText()).isEqualTo("PT24H");
    assertThat(text.exit()).isZero();
    assertThat(text.out())
        .startsWith("kraken/main BTC over the last 24h: UP, strength ")
        .contains("change +0.25000000 (+25.000000 %), min 1.00000000, max 1.25000000, 4 samples");
  }

  @Test
  void aWindowWithoutEntriesSaysSo() {
    Result r =
        cli.run(
            "history", "--db", db.toString(), "trend", "kraken/main", "BTC:8", "--window", "5m");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("no entries for kraken/main BTC in the last 5m");
  }

  @Test
  void analyticsOfACustomPeriod() {
    Result r =
        cli.run(
            "history",
            "--db",
            db.toString(),
            "analytics",
            "kraken/main",
            "--from",
            now.minus(Duration.ofHours(4)).toString(),
            "--to",
            now.toString(),
            "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode doc = r.json();
    assertThat(doc.at("/period/type").asText()).isEqualTo("CUSTOM");
    JsonNode btc = doc.get("assets").get(0);
    assertThat(btc.get("asset").asText()).isEqualTo("BTC");
    assertThat(btc.get("opening").asText()).isEqualTo("1.00000000");
    assertThat(btc.get("closing").asText()).isEqualTo("1.25000000");
    assertThat(btc.get("netChange").asText()).isEqualTo("0.25000000");
    assertThat(btc.get("largestOutflow").asText()).isEqualTo("0.05000000");
    assertThat(btc.get("samples").asInt()).isEqualTo(4);
    assertThat(btc.at("/activity/trade/count").asInt()).isEqualTo(2);
    assertThat(btc.at("/activity/trade/sum").isTextual()).isTrue();
  }

  @Test
  void analyticsOfADayTable() {
    Result r =
        cli.run("history", "--db", db.toString(), "analytics", "kraken/main", "--period", "year");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().lines().skip(1).findFirst().orElseThrow()).startsWith("ASSET");
    assertThat(r.out()).contains("BTC");
  }

  @Test
  void theDatabaseComesFromTheEnvironment() {
    Result r =
        new CliRun()
            .env("BALANCEKIT_HISTORY_DB", db.toString())
            .run("history", "trend", "kraken/main", "BTC:8", "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.json().get("samples").asInt()).isEqualTo(4);
  }

  @Test
  void badInputIsAUsageErrorOnOneLine() {
    Result account = cli.run("history", "--db", db.toString(), "trend", "kraken-main", "BTC:8");
    Result asset = cli.run("history", "--db", db.toString(), "trend", "kraken/main", "BTC");
    Result window =
        cli.run(
            "history", "--db", db.toString(), "trend", "kraken/main", "BTC:8", "--window", "-1h");
    Result period =
        cli.run("history", "--db", db.toString(), "analytics", "kraken/main", "--period", "decade");
    Result missing =
        cli.run(
            "history", "--db", dir.resolve("none.db").toString(), "trend", "kraken/main", "BTC:8");

    assertThat(account.exit()).isEqualTo(2);
    assertThat(account.oneErrorLine()).contains("account must look like 'venue/id'");
    assertThat(asset.exit()).isEqualTo(2);
    assertThat(asset.oneErrorLine()).contains("ASSET must be CODE:scale");
    assertThat(window.exit()).isEqualTo(2);
    assertThat(window.oneErrorLine()).contains("--window");
    assertThat(period.exit()).isEqualTo(2);
    assertThat(period.oneErrorLine()).contains("--period must be day, week, month or year");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.oneErrorLine()).contains("no history database at");
    assertThat(dir.resolve("none.db")).doesNotExist();
  }
}
