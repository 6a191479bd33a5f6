package dev.balancekit.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.balancekit.Asset;
import dev.balancekit.economy.AuditEvent;
import dev.balancekit.economy.BalanceView;
import dev.balancekit.economy.ClaimResult;
import dev.balancekit.economy.Economy;
import dev.balancekit.economy.LeaderboardEntry;
import dev.balancekit.economy.Member;
import dev.balancekit.economy.SendResult;
import dev.balancekit.ledger.IntegrityReport;
import dev.balancekit.ledger.Ledger;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code balancekit ledger ...}: a chat-bot economy ({@link Economy}) on an SQLite {@link Ledger}
 * file. A server ({@code --server}) is an economy namespace; users are its members.
 *
 * <table>
 *   <caption>JSON documents (--json); amounts are exact strings in the economy's asset</caption>
 *   <tr><th>command</th><th>document</th></tr>
 *   <tr><td>init</td><td>{@code {"db", "created": bool, "asset": "COIN", "scale": 0}}</td></tr>
 *   <tr><td>balance</td><td>{@code {"server", "user", "asset", "balance", "totalReceived", "totalSent", "streak", "dailyAvailable", "nextDailyAt", "optedOut"}}</td></tr>
 *   <tr><td>daily</td><td>{@code {"server", "user", "asset", "amount", "streakBonus", "streak", "balance", "nextClaimAt"}}</td></tr>
 *   <tr><td>send, confirm, cancel</td><td>{@code {"server", "status": "COMPLETED"|"PENDING"|"CANCELLED", "id", "from", "to" (send only), "asset", "amount", "tax", "debited", "senderBalance", "recipientBalance", "totalSent", "expiresAt", "confirm", "cancel"}} ({@code confirm}/{@code cancel}: the command lines completing a pending send, else null)</td></tr>
 *   <tr><td>history, export</td><td>{@code {"server", "user" (history only), "events": [{"id", "at", "action", "actorId", "actorName", "accountId", "accountName", "counterpartyId", "counterpartyName", "amount", "tax", "balanceBefore", "balanceAfter", "reason", "transferId", "detail"}]}}</td></tr>
 *   <tr><td>leaderboard</td><td>{@code {"server", "asset", "entries": [{"rank", "user", "name", "balance"}]}}</td></tr>
 *   <tr><td>verify</td><td>{@code {"db", "sound": bool, "accountsChecked", "violations": [..]}}</td></tr>
 * </table>
 */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    description = {
      "A chat-bot economy on an SQLite ledger file: daily rewards with streaks, sends (large ones wait "
          + "for confirmation), leaderboard, audit history, CSV export, integrity check.",
      "Start with 'balancekit ledger --db economy.db init'."
    },
    subcommands = {
      LedgerCommand.Init.class,
      LedgerCommand.BalanceCmd.class,
      LedgerCommand.Daily.class,
      LedgerCommand.Send.class,
      LedgerCommand.Confirm.class,
      LedgerCommand.Cancel.class,
      LedgerCommand.History.class,
      LedgerCommand.Leaderboard.class,
      LedgerCommand.Export.class,
      LedgerCommand.Verify.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      BalanceKitCli.EXIT_OK,
      BalanceKitCli.EXIT_REFUSED,
      BalanceKitCli.EXIT_USAGE,
      BalanceKitCli.EXIT_UNAVAILABLE,
      BalanceKitCli.EXIT_INTERNAL
    })
final class LedgerCommand {

  @Option(
      names = "--db",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "The ledger's SQLite file (default ${DEFAULT-VALUE}; env BALANCEKIT_DB).")
  @Configurable(Setting.LEDGER_DB)
  Path db;

  @Option(
      names = "--asset",
      scope = ScopeType.INHERIT,
      paramLabel = "CODE:SCALE",
      description = "The economy's asset (default ${DEFAULT-VALUE}; env BALANCEKIT_LEDGER_ASSET).")
  @Configurable(Setting.LEDGER_ASSET)
  String asset;

  /** The part every ledger subcommand shares: opening the file, the economy, the exit code. */
  abstract static class Op implements Callable<Integer> {
    final Cli cli;

    @ParentCommand LedgerCommand ledgerCommand;

    Op(Cli cli) {
      this.cli = cli;
    }

    Asset asset() {
      return Args.asset("--asset", ledgerCommand.asset);
    }

    Path db() {
      return ledgerCommand.db;
    }

    @Override
    public Integer call() {
      Path db = db();
      Asset asset = asset();
      if (!Files.isRegularFile(db)) {
        throw CliException.usage(
            "no ledger at " + db + ": create it with 'balancekit ledger --db " + db + " init'");
      }
      try (Ledger ledger = Ledger.builder().sqlite(db).build()) {
        Economy economy = Economy.builder().ledger(ledger).asset(asset).build();
        return run(ledger, economy);
      } catch (IllegalStateException e) {
        // The economy's own words: a namespace keeping another asset, a schema of another version.
        throw CliException.usage(e.getMessage(), e);
      }
    }

    abstract int run(Ledger ledger, Economy economy);

    /**
     * The member with the display name the economy last stored for them (their id if never seen).
     */
    static Member member(Economy economy, String server, String id) {
      Member.of(id); // checks the id first, naming it
      return Member.of(id, economy.rank(server, id).map(LeaderboardEntry::displayName).orElse(id));
    }

    String format(Economy economy, BigDecimal amount) {
      return economy.asset().format(amount);
    }
  }

  /** {@code init}: creates the file with the ledger's and the economy's tables. */
  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description =
          "Create the ledger file (ledger and economy tables). An existing ledger is left as it is.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        BalanceKitCli.EXIT_OK,
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE
      },
      footerHeading = "%nJSON (--json):%n",
      footer = "{\"db\": path, \"created\": bool, \"asset\", \"scale\"}")
  static final class Init extends Op {
    Init(Cli cli) {
      super(cli);
    }

    @Override
    public Integer call() {
      Path db = db();
      Asset asset = asset();
      Path parent = db.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw CliException.usage(
            "cannot create " + db + ": directory " + parent + " does not exist");
      }
      boolean existed = Files.exists(db);
      if (existed && !Files.isRegularFile(db)) {
        throw CliException.usage(db + " exists and is not a file");
      }
      try (Ledger ledger = Ledger.builder().sqlite(db).build()) {
        Economy.builder().ledger(ledger).asset(asset).build();
      } catch (IllegalStateException e) {
        throw CliException.usage(e.getMessage(), e);
      }
      if (cli.json()) {
        ObjectNode doc = Cli.object();
        doc.put("db", db.toAbsolutePath().toString());
        doc.put("created", !existed);
        doc.put("asset", asset.code());
        doc.put("scale", asset.scale());
        cli.print(doc);
      } else {
        cli.out.println(
            (existed ? "ledger " + db + " already exists; tables checked" : "created ledger " + db)
                + " (asset "
                + asset.code()
                + ", "
                + asset.scale()
                + " decimals)");
      }
      return BalanceKitCli.OK;
    }

    @Override
    int run(Ledger ledger, Economy economy) {
      throw new UnsupportedOperationException("init opens the ledger itself");
    }
  }

  /** {@code balance}. */
  @Command(
      name = "balance",
      mixinStandardHelpOptions = true,
      description =
          "A member's balance, streak, totals and when the next daily reward opens. Writes nothing.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        BalanceKitCli.EXIT_OK,
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE
      },
      footerHeading = "%nJSON (--json):%n",
      footer =
          "{\"server\", \"user\", \"asset\", \"balance\", \"totalReceived\", \"totalSent\", \"streak\", "
              + "\"dailyAvailable\", \"nextDailyAt\", \"optedOut\"}")
  static final class BalanceCmd extends Op {
    @Option(
        names = "--server",
        required = true,
        paramLabel = "SERVER",
        description = "The server (namespace).")
    String server;

    @Option(
        names = "--user",
        required = true,
        paramLabel = "USER",
        description = "The member's id.")
    String user;

    BalanceCmd(Cli cli) {
      super(cli);
    }

    @Override
    int run(Ledger ledger, Economy economy) {
      BalanceView v = economy.balance(server, user);
      if (cli.json()) {
        ObjectNode doc = Cli.object();
        doc.put("server", server);
        doc.put("user", v.userId());
        doc.put("asset", economy.asset().code());
        doc.put("balance", Cli.amount(v.balance()));
        doc.put("totalReceived", Cli.amount(v.totalReceived()));
        doc.put("totalSent", Cli.amount(v.totalSent()));
        doc.put("streak", v.streak());
        doc.put("dailyAvailable", v.dailyAvailable());
        doc.put("nextDailyAt", Cli.instant(v.nextDailyAt()));
        doc.put("optedOut", v.optedOut());
        cli.print(doc);
      } else {
        cli.out.println(v.userId() + " on " + server + ": " + format(economy, v.balance()));
        cli.out.println(
            "  streak "
                + v.streak()
                + ", daily reward "
                + (v.dailyAvailable() ? "available now" : "next at " + v.nextDailyAt())
                + ", received "
                + format(economy, v.totalReceived())
                + ", sent "
                + format(economy, v.totalSent())
                + (v.optedOut() ? ", refuses incoming transfers" : ""));
      }
      return BalanceKitCli.OK;
    }
  }

  /** {@code daily}. */
  @Command(
      name = "daily",
      mixinStandardHelpOptions = true,
      description =
          "Claim today's reward (UTC day) with the streak bonus. A second claim the same day is refused "
              + "(exit 1) with the time the next one opens.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        BalanceKitCli.EXIT_OK,
        "1:refused: today's reward was already claimed",
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE
      },
      footerHeading = "%nJSON (--json):%n",
      footer =
          "{\"server\", \"user\", \"asset\", \"amount\", \"streakBonus\", \"streak\", \"balance\", "
              + "\"nextClaimAt\"}")
  static final class Daily extends Op {
    @Option(
        names = "--server",
        required = true,
        paramLabel = "SERVER",
        description = "The server (namespace).")
    String server;

    @Option(
        names = "--user",
        required = true,
        paramLabel = "USER",
        description = "The member's id.")
    String user;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description =
            "The member's display name, stored with the audit rows (default: as last stored, else the id).")
    String name;

    Daily(Cli cli) {
      super(cli);
    }

    @Override
    int run(Ledger ledger, Economy economy) {
      Member member = name != null ? Member.of(user, name) : member(economy, server, user);
      ClaimResult r = economy.claimDaily(server, member);
      if (cli.json()) {
        ObjectNode doc = Cli.object();
        doc.put("server", server);
        doc.put("user", member.id());
        doc.put("asset", economy.asset().code());
        doc.put("amount", Cli.amount(r.amount()));
        doc.put("streakBonus", Cli.amount(r.streakBonus()));
        doc.put("streak", r.streak());
        doc.put("balance", Cli.amount(r.balance()));
        doc.put("nextClaimAt", Cli.instant(r.nextClaimAt()));
        cli.print(doc);
      } else {
        cli.out.println(
            member.displayName()
                + " claimed "
                + format(economy, r.amount())
                + (r.streakBonus().signum() > 0
                    ? " (streak bonus " + format(economy, r.streakBonus()) + ")"
                    : "")
                + ", streak "
                + r.streak()
                + ", balance "
                + format(economy, r.balance())
                + "; next claim at "
                + r.nextClaimAt());
      }
      return BalanceKitCli.OK;
    }
  }

  /** What send, confirm and cancel print. */
  abstract static class Transfer extends Op {
    Transfer(Cli cli) {
      super(cli);
    }

    /** Prints {@code r}; {@code to} is null when the recipient is not known here. */
    int print(Economy economy, String server, SendResult r, String from, @Nullable String to) {
      String confirm = null;
      String cancel = null;
      if (r.needsConfirmation()) {
        String base = "balancekit ledger --db " + db() + " ";
        String tail = " --server " + server + " --user " + from + " " + r.id();
        confirm = base + "confirm" + tail;
        cancel = base + "cancel" + tail;
      }
      if (cli.json()) {
        ObjectNode doc = Cli.object();
        doc.put("server", server);
        doc.put("status", r.status().name());
        doc.put("id", r.id());
        doc.put("from", from);
        doc.put("to", to);
        doc.put("asset", economy.asset().code());
        doc.put("amount", Cli.amount(r.amount()));
        doc.put("tax", Cli.amount(r.tax()));
        doc.put("debited", Cli.amount(r.debited()));
        doc.put("senderBalance", Cli.amount(r.senderBalance()));
        doc.put("recipientBalance", Cli.amount(r.recipientBalance()));
        doc.put("totalSent", Cli.amount(r.totalSent()));
        doc.put("expiresAt", Cli.instant(r.expiresAt()));
        doc.put("confirm", confirm);
        doc.put("cancel", cancel);
        cli.print(doc);
        return BalanceKitCli.OK;
      }
      String who = from + (to == null ? "" : " to " + to);
      switch (r.status()) {
        case COMPLETED ->
            cli.out.println(
                "sent "
                    + format(economy, r.amount())
                    + " from "
                    + who
                    + (r.tax().signum() > 0 ? " (tax " + format(economy, r.tax()) + ")" : "")
                    + "; "
                    + from
                    + " now holds "
                    + format(economy, r.senderBalance())
                    + (to == null ? "" : ", " + to + " " + format(economy, r.recipientBalance()))
                    + "; transfer "
                    + r.id());
        case PENDING -> {
          cli.out.println(
              "PENDING: "
                  + format(economy, r.amount())
                  + " from "
                  + who
                  + " waits for confirmation until "
                  + r.expiresAt()
                  + " (nothing moved yet)");
          cli.out.println("  id:      " + r.id());
          cli.out.println("  confirm: " + confirm);
          cli.out.println("  cancel:  " + cancel);
        }
        default ->
            cli.out.println(
                "cancelled " + format(economy, r.amount()) + " from " + who + "; nothing moved");
      }
      return BalanceKitCli.OK;
    }
  }

  /** {@code send}. */
  @Command(
      name = "send",
      mixinStandardHelpOptions = true,
      description = {
        "Send from one member to another under the server's policies (cooldown, caps, tax, funds).",
        "At or above the confirmation threshold (100 by default) nothing moves yet: the send is PENDING and its id "
            + "is printed with the 'confirm' and 'cancel' commands that complete it within "
            + "60 s; --yes confirms it at once."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:sent, or pending confirmation (see status)",
        "1:refused: insufficient funds, self-transfer, cooldown, cap, opted-out recipient",
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE
      },
      footerHeading = "%nJSON (--json):%n",
      footer =
          "{\"server\", \"status\": COMPLETED|PENDING|CANCELLED, \"id\", \"from\", \"to\", \"asset\", \"amount\", "
              + "\"tax\", \"debited\", \"senderBalance\", \"recipientBalance\", \"totalSent\", \"expiresAt\", "
              + "\"confirm\": command|null, \"cancel\": command|null}")
  static final class Send extends Transfer {
    @Option(
        names = "--server",
        required = true,
        paramLabel = "SERVER",
        description = "The server (namespace).")
    String server;

    @Option(
        names = "--from",
        required = true,
        paramLabel = "USER",
        description = "The sender's id.")
    String from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "USER",
        description = "The recipient's id.")
    String to;

    @Option(
        names = "--amount",
        required = true,
        paramLabel = "AMOUNT",
        description = "A positive amount.")
    BigDecimal amount;

    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        description = "Shown in the audit history (at most 100 chars).")
    String reason;

    @Option(names = "--yes", description = "Confirm a send that needs confirmation at once.")
    boolean yes;

    Send(Cli cli) {
      super(cli);
    }

    @Override
    int run(Ledger ledger, Economy economy) {
      BigDecimal value = Args.positiveAmount("--amount", amount, economy.asset());
      SendResult r =
          economy.send(
              server, member(economy, server, from), member(economy, server, to), value, reason);
      if (r.needsConfirmation() && yes) {
        r = economy.confirm(server, r.id(), from);
      }
      return print(economy, server, r, from, to);
    }
  }

  /** What {@code confirm} and {@code cancel} take: the pending send and its sender. */
  abstract static class PendingSend extends Transfer {
    @Option(
        names = "--server",
        required = true,
        paramLabel = "SERVER",
        description = "The server (namespace).")
    String server;

    @Option(
        names = "--user",
        required = true,
        paramLabel = "USER",
        description = "The sender's id.")
    String user;

    @Parameters(
        index = "0",
        paramLabel = "ID",
        description = "The pending send's id, as send printed it.")
    String id;

    PendingSend(Cli cli) {
      super(cli);
    }
  }

  /** {@code confirm}. */
  @Command(
      name = "confirm",
      mixinStandardHelpOptions = true,
      description =
          "Complete a pending send (its sender confirms), checking the policies and funds again.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        BalanceKitCli.EXIT_OK,
        "1:refused: unknown, foreign, expired or resolved pending id; funds or policies",
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE
      },
      footerHeading = "%nJSON (--json):%n",
      footer = "as send's, with \"to\": null")
  static final class Confirm extends PendingSend {
    Confirm(Cli cli) {
      super(cli);
    }

    @Override
    int run(Ledger ledger, Economy economy) {
      return print(economy, server, economy.confirm(server, id, user), user, null);
    }
  }

  /** {@code cancel}. */
  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = "Cancel a pending send (its sender cancels); nothing had moved.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        BalanceKitCli.EXIT_OK,
        "1:refused: unknown, foreign, expired or resolved pending id",
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE
      },
      footerHeading = "%nJSON (--json):%n",
      footer = "as send's, with \"to\": null")
  static final class Cancel extends PendingSend {
    Cancel(Cli cli) {
      super(cli);
    }

    @Override
    int run(Ledger ledger, Economy economy) {
      return print(economy, server, economy.cancel(server, id, user), user, null);
    }
  }

  /** JSON of audit rows. */
  static void events(ArrayNode list, List<AuditEvent> events) {
    for (AuditEvent e : events) {
      ObjectNode o = list.addObject();
      o.put("id", e.id());
      o.put("at", Cli.instant(e.at()));
      o.put("action", e.action().code());
      o.put("actorId", e.actorId());
      o.put("actorName", e.actorName());
      o.put("accountId", e.accountId());
      o.put("accountName", e.accountName());
      o.put("counterpartyId", e.counterpartyId());
      o.put("counterpartyName", e.counterpartyName());
      o.put("amount", Cli.amount(e.amount()));
      o.put("tax", Cli.amount(e.tax()));
      o.put("balanceBefore", Cli.amount(e.balanceBefore()));
      o.put("balanceAfter", Cli.amount(e.balanceAfter()));
      o.put("reason", e.reason());
      o.put("transferId", e.transferId());
      o.put("detail", e.detail());
    }
  }

  /** {@code history}. */
  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description =
          "A member's audit history, oldest first: claims, sends (either side), pending sends, admin "
              + "changes.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        BalanceKitCli.EXIT_OK,
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE
      },
      footerHeading = "%nJSON (--json):%n",
      footer =
          "{\"server\", \"user\", \"events\": [{\"id\", \"at\", \"action\", \"actorId\", \"actorName\", "
              + "\"accountId\", \"accountName\", \"counterpartyId\", \"counterpartyName\", \"amount\", \"tax\", "
              + "\"balanceBefore\", \"balanceAfter\", \"reason\", \"transferId\", \"detail\"}]}")
  static final class History extends Op {
    @Option(
        names = "--server",
        required = true,
        paramLabel = "SERVER",
        description = "The server (namespace).")
    String server;

    @Option(
        names = "--user",
        required = true,
        paramLabel = "USER",
        description = "The member's id.")
    String user;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description = "Show the last N rows (default ${DEFAULT-VALUE}).")
    int limit;

    History(Cli cli) {
      super(cli);
    }

    @Override
    int run(Ledger ledger, Economy economy) {
      if (limit < 1) {
        throw CliException.usage("--limit must be at least 1, but was " + limit);
      }
      Deque<AuditEvent> last = new ArrayDeque<>();
      long after = 0;
      List<AuditEvent> page;
      do {
        page = economy.events(server, user, after, 1000);
        for (AuditEvent e : page) {
          last.addLast(e);
          if (last.size() > limit) {
            last.removeFirst();
          }
          after = e.id();
        }
      } while (page.size() == 1000);
      List<AuditEvent> shown = new ArrayList<>(last);
      if (cli.json()) {
        ObjectNode doc = Cli.object();
        doc.put("server", server);
        doc.put("user", user);
        events(doc.putArray("events"), shown);
        cli.print(doc);
        return BalanceKitCli.OK;
      }
      if (shown.isEmpty()) {
        cli.out.println("no history for " + user + " on " + server);
        return BalanceKitCli.OK;
      }
      Table t =
          new Table(">ID", "AT", "ACTION", "ACCOUNT", "OTHER", ">AMOUNT", ">BALANCE", "REASON");
      for (AuditEvent e : shown) {
        t.row(
            e.id(),
            e.at(),
            e.action().code(),
            e.accountId(),
            e.counterpartyId(),
            Cli.amount(e.amount()),
            Cli.amount(e.balanceAfter()),
            e.reason());
      }
      t.print(cli.out);
      return BalanceKitCli.OK;
    }
  }

  /** {@code leaderboard}. */
  @Command(
      name = "leaderboard",
      mixinStandardHelpOptions = true,
      description = "The highest balances of a server; equal balances ordered by member id.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        BalanceKitCli.EXIT_OK,
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE
      },
      footerHeading = "%nJSON (--json):%n",
      footer =
          "{\"server\", \"asset\", \"entries\": [{\"rank\", \"user\", \"name\", \"balance\"}]}")
  static final class Leaderboard extends Op {
    @Option(
        names = "--server",
        required = true,
        paramLabel = "SERVER",
        description = "The server (namespace).")
    String server;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "10",
        description = "How many places, 1-1000 (default ${DEFAULT-VALUE}).")
    int limit;

    Leaderboard(Cli cli) {
      super(cli);
    }

    @Override
    int run(Ledger ledger, Economy economy) {
      List<LeaderboardEntry> entries = economy.leaderboard(server, limit);
      if (cli.json()) {
        ObjectNode doc = Cli.object();
        doc.put("server", server);
        doc.put("asset", economy.asset().code());
        ArrayNode list = doc.putArray("entries");
        for (LeaderboardEntry e : entries) {
          ObjectNode o = list.addObject();
          o.put("rank", e.rank());
          o.put("user", e.userId());
          o.put("name", e.displayName());
          o.put("balance", Cli.amount(e.balance()));
        }
        cli.print(doc);
        return BalanceKitCli.OK;
      }
      if (entries.isEmpty()) {
        cli.out.println("no members on " + server + " yet");
        return BalanceKitCli.OK;
      }
      Table t = new Table(">#", "USER", "NAME", ">BALANCE");
      for (LeaderboardEntry e : entries) {
        t.row(e.rank(), e.userId(), e.displayName(), e.balance().toPlainString());
      }
      t.print(cli.out);
      return BalanceKitCli.OK;
    }
  }

  /** {@code export}. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write a server's whole audit history (or one member's) to stdout as RFC 4180 CSV, header "
              + "first; with --json as one JSON document instead.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        BalanceKitCli.EXIT_OK,
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE
      },
      footerHeading = "%nJSON (--json):%n",
      footer = "{\"server\", \"user\": id|null, \"events\": [as history's]}")
  static final class Export extends Op {
    @Option(
        names = "--server",
        required = true,
        paramLabel = "SERVER",
        description = "The server (namespace).")
    String server;

    @Option(names = "--user", paramLabel = "USER", description = "Only the rows of this member.")
    String user;

    Export(Cli cli) {
      super(cli);
    }

    @Override
    int run(Ledger ledger, Economy economy) {
      if (!cli.json()) {
        if (user == null) {
          economy.exportCsv(server, cli.out);
        } else {
          economy.exportCsv(server, user, cli.out);
        }
        cli.out.flush();
        return BalanceKitCli.OK;
      }
      List<AuditEvent> all = new ArrayList<>();
      long after = 0;
      List<AuditEvent> page;
      do {
        page =
            user == null
                ? economy.events(server, after, 1000)
                : economy.events(server, user, after, 1000);
        all.addAll(page);
        after = page.isEmpty() ? after : page.get(page.size() - 1).id();
      } while (page.size() == 1000);
      ObjectNode doc = Cli.object();
      doc.put("server", server);
      doc.put("user", user);
      events(doc.putArray("events"), all);
      cli.print(doc);
      return BalanceKitCli.OK;
    }
  }

  /** {@code verify}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Check every ledger invariant on committed data: each balance equals the sum of its entries, "
              + "each server and asset sums to zero, no balance below its holds, holds equal pending sends.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:sound",
        "1:unsound: the violations are listed",
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE
      },
      footerHeading = "%nJSON (--json):%n",
      footer = "{\"db\", \"sound\": bool, \"accountsChecked\", \"violations\": [..]}")
  static final class Verify extends Op {
    Verify(Cli cli) {
      super(cli);
    }

    @Override
    int run(Ledger ledger, Economy economy) {
      IntegrityReport report = ledger.verifyIntegrity();
      if (cli.json()) {
        ObjectNode doc = Cli.object();
        doc.put("db", db().toAbsolutePath().toString());
        doc.put("sound", report.isSound());
        doc.put("accountsChecked", report.accountsChecked());
        report.violations().forEach(doc.putArray("violations")::add);
        cli.print(doc);
      } else if (report.isSound()) {
        cli.out.println(
            "sound: "
                + report.accountsChecked()
                + " account balances checked, every invariant holds");
      } else {
        cli.out.println(
            "UNSOUND: "
                + report.violations().size()
                + " violation(s) in "
                + report.accountsChecked()
                + " account balances");
        report.violations().forEach(v -> cli.out.println("  " + v));
      }
      if (!report.isSound()) {
        cli.err.println(
            "balancekit ledger verify: the ledger is unsound ("
                + report.violations().size()
                + " violation(s))");
        cli.err.flush();
      }
      return report.isSound() ? BalanceKitCli.OK : BalanceKitCli.REFUSED;
    }
  }
}
