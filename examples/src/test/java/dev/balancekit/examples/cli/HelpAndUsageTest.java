package dev.balancekit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.examples.cli.CliRun.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command has --help with its exit codes; usage errors are one line with exit code 2. */
class HelpAndUsageTest {
  private final CliRun cli = new CliRun();

  @Test
  void everyCommandHasHelpThatExitsZeroAndListsItsExitCodes() {
    List<List<String>> paths = new ArrayList<>();
    collect(
        BalanceKitCli.commandTree(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
        new ArrayList<>(),
        paths);

    assertThat(paths)
        .extracting(p -> String.join(" ", p))
        .contains(
            "",
            "demo",
            "kraken balances",
            "algorand balance",
            "algorand check-send",
            "ledger init",
            "ledger balance",
            "ledger daily",
            "ledger send",
            "ledger confirm",
            "ledger cancel",
            "ledger history",
            "ledger leaderboard",
            "ledger export",
            "ledger verify",
            "history trend",
            "history analytics",
            "hedera balance",
            "config");
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      Result r = cli.run(args.toArray(String[]::new));
      assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
      assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: balancekit");
      assertThat(r.err()).isEmpty();
      CommandLine.Model.CommandSpec spec = find(path);
      if (spec.subcommands().isEmpty() || path.isEmpty()) {
        assertThat(r.out()).as(String.join(" ", args)).contains("Exit codes:");
      }
    }
  }

  @Test
  void helpShowsTheJsonShapeOfCommandsThatPrintOne() {
    assertThat(cli.run("ledger", "send", "--help").out())
        .contains("JSON (--json):", "\"status\": COMPLETED|PENDING");
    assertThat(cli.run("algorand", "check-send", "--help").out())
        .contains("1   the send would be refused");
    assertThat(cli.run("--help").out()).contains("2   usage:", "3   unavailable:");
  }

  @Test
  void unknownCommandsAndOptionsAreUsageErrorsOnOneLine() {
    Result command = cli.run("ledgr", "init");
    Result option = cli.run("ledger", "init", "--frobnicate");
    Result noSubcommand = cli.run("ledger");
    Result json = cli.run("ledger", "daily", "--json");

    assertThat(command.exit()).isEqualTo(BalanceKitCli.USAGE);
    assertThat(command.oneErrorLine())
        .isEqualTo(
            "balancekit: Unexpected argument: 'ledgr' and 1 more (see " + "'balancekit --help')");
    assertThat(option.exit()).isEqualTo(2);
    assertThat(option.oneErrorLine()).contains("Unknown option: '--frobnicate'");
    assertThat(noSubcommand.exit()).isEqualTo(2);
    assertThat(noSubcommand.oneErrorLine())
        .startsWith("balancekit ledger: Missing required subcommand");
    assertThat(json.exit()).isEqualTo(2);
    assertThat(json.json().at("/error/kind").asText()).isEqualTo("usage");
    assertThat(json.json().at("/error/message").asText()).contains("--server");
  }

  @Test
  void versionExitsZero() {
    Result r = cli.run("--version");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("balancekit ");
  }

  private static void collect(CommandLine cmd, List<String> path, List<List<String>> into) {
    into.add(path);
    for (var sub : cmd.getSubcommands().entrySet()) {
      List<String> next = new ArrayList<>(path);
      next.add(sub.getKey());
      collect(sub.getValue(), next, into);
    }
  }

  private static CommandLine.Model.CommandSpec find(List<String> path) {
    CommandLine cmd =
        BalanceKitCli.commandTree(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    for (String name : path) {
      cmd = cmd.getSubcommands().get(name);
    }
    return cmd.getCommandSpec();
  }
}
