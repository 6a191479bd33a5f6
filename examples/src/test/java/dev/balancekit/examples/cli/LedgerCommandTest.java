package dev.balancekit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.examples.cli.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code balancekit ledger ...} against a temporary SQLite file, each command a separate run as
 * from a shell.
 */
class LedgerCommandTest {
  @TempDir Path dir;

  private final CliRun cli = new CliRun();
  private Path db;

  @BeforeEach
  void init() {
    db = dir.resolve("economy.db");
    Result r = cli.run("ledger", "--db", db.toString(), "init");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("created ledger " + db);
    assertThat(db).isRegularFile();
  }

  private Result ledger(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "ledger";
    all[1] = "--db";
    all[2] = db.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return cli.run(all);
  }

  @Test
  void initTwiceLeavesTheLedgerAsItIs() {
    ledger("daily", "--server", "guild-42", "--user", "alice");

    Result again = ledger("init", "--json");

    assertThat(again.exit()).isZero();
    assertThat(again.json().get("created").booleanValue()).isFalse();
    assertThat(
            ledger("balance", "--server", "guild-42", "--user", "alice", "--json")
                .json()
                .get("balance")
                .asText())
        .isEqualTo("150");
  }

  @Test
  void dailyTwiceIsRefusedTheSecondTimeWithExitOneAndTheNextClaimTime() {
    Result first =
        ledger("daily", "--server", "guild-42", "--user", "alice", "--name", "Alice", "--json");
    Result second = ledger("daily", "--server", "guild-42", "--user", "alice");

    assertThat(first.exit()).as(first.toString()).isZero();
    JsonNode claim = first.json();
    assertThat(claim.get("amount").isTextual()).isTrue();
    assertThat(claim.get("amount").asText()).isEqualTo("50");
    assertThat(claim.get("balance").asText()).isEqualTo("150"); // starting balance 100 + reward 50
    assertThat(claim.get("streak").asInt()).isEqualTo(1);
    assertThat(second.exit()).as(second.toString()).isEqualTo(BalanceKitCli.REFUSED);
    assertThat(second.out()).isEmpty();
    assertThat(second.oneErrorLine())
        .startsWith(
            "balancekit ledger daily: Daily reward already claimed; the next one "
                + "is available in ")
        .contains(claim.get("nextClaimAt").asText());
  }

  @Test
  void refusalWithJsonIsAlsoAnErrorDocument() {
    ledger("daily", "--server", "guild-42", "--user", "alice");

    Result second = ledger("daily", "--server", "guild-42", "--user", "alice", "--json");

    assertThat(second.exit()).isEqualTo(1);
    JsonNode error = second.json().get("error");
    assertThat(error.get("exit").asInt()).isEqualTo(1);
    assertThat(error.get("kind").asText()).isEqualTo("refused");
    assertThat(error.get("rule").asText()).isEqualTo("daily_claimed");
    assertThat(error.get("message").asText()).startsWith("Daily reward already claimed");
  }

  @Test
  void aLargeSendWaitsForConfirmationAndConfirmCompletesIt() {
    ledger("daily", "--server", "guild-42", "--user", "alice", "--name", "Alice");
    ledger("daily", "--server", "guild-42", "--user", "bob");

    Result pending =
        ledger(
            "send",
            "--server",
            "guild-42",
            "--from",
            "alice",
            "--to",
            "bob",
            "--amount",
            "120",
            "--reason",
            "rent",
            "--json");

    assertThat(pending.exit()).as(pending.toString()).isZero();
    JsonNode p = pending.json();
    assertThat(p.get("status").asText()).isEqualTo("PENDING");
    String id = p.get("id").asText();
    assertThat(p.get("amount").asText()).isEqualTo("120");
    assertThat(p.get("confirm").asText()).endsWith("confirm --server guild-42 --user alice " + id);
    assertThat(p.get("cancel").asText()).endsWith("cancel --server guild-42 --user alice " + id);
    assertThat(balance("alice")).isEqualTo("150"); // nothing moved yet

    Result confirmed = ledger("confirm", "--server", "guild-42", "--user", "alice", id, "--json");

    assertThat(confirmed.exit()).as(confirmed.toString()).isZero();
    assertThat(confirmed.json().get("status").asText()).isEqualTo("COMPLETED");
    assertThat(confirmed.json().get("senderBalance").asText()).isEqualTo("30");
    assertThat(balance("alice")).isEqualTo("30");
    assertThat(balance("bob")).isEqualTo("270");
    Result twice = ledger("confirm", "--server", "guild-42", "--user", "alice", id);
    assertThat(twice.exit()).isEqualTo(1);
    assertThat(twice.oneErrorLine()).startsWith("balancekit ledger confirm: ");
  }

  @Test
  void thePendingSendPrintsItsIdAndTheCommandsThatCompleteIt() {
    ledger("daily", "--server", "guild-42", "--user", "alice");

    Result pending =
        ledger("send", "--server", "guild-42", "--from", "alice", "--to", "bob", "--amount", "100");

    assertThat(pending.exit()).isZero();
    assertThat(pending.out())
        .startsWith("PENDING: 100 COIN from alice to bob waits for confirmation until ")
        .contains("  id:      ")
        .contains(
            "  confirm: balancekit ledger --db "
                + db
                + " confirm --server guild-42 "
                + "--user alice ")
        .contains("  cancel:  balancekit ledger --db " + db + " cancel --server guild-42");
    String id =
        pending
            .out()
            .lines()
            .filter(l -> l.startsWith("  id:"))
            .findFirst()
            .orElseThrow()
            .substring("  id:".length())
            .strip();

    Result cancelled = ledger("cancel", "--server", "guild-42", "--user", "alice", id);

    assertThat(cancelled.exit()).as(cancelled.toString()).isZero();
    assertThat(cancelled.out()).startsWith("cancelled 100 COIN from alice; nothing moved");
    assertThat(balance("alice")).isEqualTo("150");
  }

  @Test
  void yesConfirmsAtOnceAndASmallSendNeedsNoConfirmation() {
    ledger("daily", "--server", "guild-42", "--user", "alice");
    ledger("daily", "--server", "guild-42", "--user", "carol");

    Result big =
        ledger(
            "send",
            "--server",
            "guild-42",
            "--from",
            "alice",
            "--to",
            "bob",
            "--amount",
            "140",
            "--yes",
            "--json");
    Result small =
        ledger("send", "--server", "guild-42", "--from", "carol", "--to", "bob", "--amount", "40");

    assertThat(big.json().get("status").asText()).isEqualTo("COMPLETED");
    assertThat(small.exit()).isZero();
    assertThat(small.out())
        .startsWith("sent 40 COIN from carol to bob; carol now holds 110 COIN, bob 280 COIN;");
  }

  @Test
  void anOverdraftIsRefusedWithExitOneAndNothingMoves() {
    ledger("daily", "--server", "guild-42", "--user", "alice");

    Result r =
        ledger(
            "send",
            "--server",
            "guild-42",
            "--from",
            "alice",
            "--to",
            "bob",
            "--amount",
            "5000",
            "--yes");

    assertThat(r.exit()).as(r.toString()).isEqualTo(BalanceKitCli.REFUSED);
    assertThat(r.oneErrorLine())
        .isEqualTo(
            "balancekit ledger send: insufficient balance: sender ledger:guild-42/alice"
                + " has 150 COIN but trying to send 5000 COIN");
    assertThat(balance("alice")).isEqualTo("150");
  }

  @Test
  void aSelfTransferIsRefused() {
    Result r =
        ledger(
            "send",
            "--server",
            "guild-42",
            "--from",
            "alice",
            "--to",
            "alice",
            "--amount",
            "1",
            "--json");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.json().at("/error/rule").asText()).isEqualTo("self_transfer");
  }

  @Test
  void leaderboardRanksByBalanceWithDisplayNames() {
    ledger("daily", "--server", "guild-42", "--user", "alice", "--name", "Alice");
    ledger("daily", "--server", "guild-42", "--user", "bob", "--name", "Bob");
    ledger("send", "--server", "guild-42", "--from", "alice", "--to", "bob", "--amount", "25");
    ledger("daily", "--server", "other", "--user", "zed");

    Result json = ledger("leaderboard", "--server", "guild-42", "--json");
    Result text = ledger("leaderboard", "--server", "guild-42", "--limit", "1");

    JsonNode entries = json.json().get("entries");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).get("rank").asInt()).isEqualTo(1);
    assertThat(entries.get(0).get("user").asText()).isEqualTo("bob");
    assertThat(entries.get(0).get("name").asText()).isEqualTo("Bob");
    assertThat(entries.get(0).get("balance").asText()).isEqualTo("175");
    assertThat(entries.get(1).get("balance").asText()).isEqualTo("125");
    assertThat(text.out().lines())
        .containsExactly("#  USER  NAME  BALANCE", "1  bob   Bob       175");
  }

  @Test
  void exportWritesTheServersAuditRowsAsCsvOrJson() {
    ledger("daily", "--server", "guild-42", "--user", "alice", "--name", "Alice, the first");
    ledger(
        "send",
        "--server",
        "guild-42",
        "--from",
        "alice",
        "--to",
        "bob",
        "--amount",
        "10",
        "--reason",
        "tip");

    Result csv = ledger("export", "--server", "guild-42");
    Result json = ledger("export", "--server", "guild-42", "--json");

    assertThat(csv.exit()).isZero();
    assertThat(csv.out())
        .startsWith("id,namespace,at,action,actor_id,actor_name,account_id,account_name,");
    assertThat(csv.out())
        .contains("\r\n")
        .contains(",claim,alice,\"Alice, the first\",")
        .contains(",send,alice,")
        .contains(",tip,");
    JsonNode events = json.json().get("events");
    assertThat(events).hasSize((int) csv.out().lines().count() - 1);
    JsonNode send = events.get(events.size() - 1);
    assertThat(send.get("action").asText()).isEqualTo("send");
    assertThat(send.get("amount").isTextual()).isTrue();
    assertThat(send.get("amount").asText()).isEqualTo("10");
    assertThat(send.get("counterpartyId").asText()).isEqualTo("bob");
    assertThat(send.get("reason").asText()).isEqualTo("tip");
  }

  @Test
  void historyListsAMembersRowsOldestFirst() {
    ledger("daily", "--server", "guild-42", "--user", "alice");
    ledger("send", "--server", "guild-42", "--from", "alice", "--to", "bob", "--amount", "10");

    Result json = ledger("history", "--server", "guild-42", "--user", "bob", "--json");
    Result text = ledger("history", "--server", "guild-42", "--user", "alice");

    JsonNode events = json.json().get("events");
    assertThat(events).extracting(e -> e.get("action").asText()).contains("send");
    assertThat(text.out().lines().findFirst().orElseThrow()).startsWith("ID  AT");
    assertThat(text.out()).contains("start").contains("claim").contains("send");
  }

  @Test
  void verifyIsSoundAndFindsTampering() throws Exception {
    ledger("daily", "--server", "guild-42", "--user", "alice");
    ledger("send", "--server", "guild-42", "--from", "alice", "--to", "bob", "--amount", "10");

    Result sound = ledger("verify", "--json");
    assertThat(sound.exit()).as(sound.toString()).isZero();
    assertThat(sound.json().get("sound").booleanValue()).isTrue();
    assertThat(sound.json().get("violations")).isEmpty();

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      assertThat(
              s.executeUpdate("UPDATE bk_accounts SET balance = balance + 1 WHERE account = 'bob'"))
          .isEqualTo(1);
    }
    Result unsound = ledger("verify");

    assertThat(unsound.exit()).as(unsound.toString()).isEqualTo(BalanceKitCli.REFUSED);
    assertThat(unsound.out()).startsWith("UNSOUND: ").contains("bob");
    assertThat(unsound.oneErrorLine())
        .startsWith("balancekit ledger verify: the ledger is unsound");
  }

  @Test
  void badInputIsAUsageErrorOnOneLine() {
    Result negative =
        ledger("send", "--server", "guild-42", "--from", "alice", "--to", "bob", "--amount", "-5");
    Result decimals =
        ledger("send", "--server", "guild-42", "--from", "alice", "--to", "bob", "--amount", "1.5");
    Result notANumber =
        ledger(
            "send", "--server", "guild-42", "--from", "alice", "--to", "bob", "--amount", "lots");
    Result badServer = ledger("balance", "--server", "Guild 42", "--user", "alice");
    Result badAsset =
        ledger("--asset", "COIN", "balance", "--server", "guild-42", "--user", "alice");
    Result missing =
        cli.run(
            "ledger",
            "--db",
            dir.resolve("nope.db").toString(),
            "balance",
            "--server",
            "g",
            "--user",
            "a");
    Result noServer = ledger("daily", "--user", "alice");

    assertThat(negative.exit()).isEqualTo(BalanceKitCli.USAGE);
    assertThat(negative.oneErrorLine())
        .isEqualTo("balancekit ledger send: --amount must be a positive number, but " + "was -5");
    assertThat(decimals.exit()).isEqualTo(2);
    assertThat(decimals.oneErrorLine()).contains("has 1 decimals but COIN allows at most 0");
    assertThat(notANumber.exit()).isEqualTo(2);
    assertThat(notANumber.oneErrorLine()).contains("'lots'").contains("--amount");
    assertThat(badServer.exit()).isEqualTo(2);
    assertThat(badServer.oneErrorLine()).contains("namespace must be");
    assertThat(badAsset.exit()).isEqualTo(2);
    assertThat(badAsset.oneErrorLine()).contains("--asset must be CODE:scale");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.oneErrorLine()).contains("no ledger at ").contains("init");
    assertThat(dir.resolve("nope.db")).doesNotExist();
    assertThat(noServer.exit()).isEqualTo(2);
    assertThat(noServer.oneErrorLine()).contains("--server");
  }

  @Test
  void aNamespaceKeepsItsAsset() {
    ledger("daily", "--server", "guild-42", "--user", "alice");

    Result r = ledger("--asset", "GEM:2", "balance", "--server", "guild-42", "--user", "alice");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.oneErrorLine()).contains("guild-42");
  }

  @Test
  void verboseAddsTheStackTrace() {
    Result r =
        ledger(
            "send",
            "--server",
            "guild-42",
            "--from",
            "alice",
            "--to",
            "alice",
            "--amount",
            "1",
            "--verbose");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("\tat ");
  }

  private String balance(String user) {
    Result r = ledger("balance", "--server", "guild-42", "--user", user, "--json");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Files.exists(db)).isTrue();
    return r.json().get("balance").asText();
  }
}
