package dev.balancekit.examples.cli;

import dev.balancekit.examples.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code balancekit}: the demo and commands for real accounts.
 *
 * <pre>
 * balancekit demo [--quick] [--dir DIR]
 * balancekit kraken balances [--kraken-rest URL] [--kraken-ws URL] [--asset CODE:SCALE]...
 * balancekit algorand balance ADDRESS [--network N] [--algod URL] [--token T]
 * balancekit algorand check-send --from A --to B --amount X [--asset ALGO|ID] [--simulate]
 * balancekit ledger [--db FILE] [--asset CODE:SCALE] init|balance|daily|send|confirm|cancel|history|leaderboard|export|verify
 * balancekit history [--db FILE] trend|analytics
 * balancekit hedera balance ACCOUNT [--network N | --mirror URL]
 * balancekit config
 * </pre>
 *
 * <p>Global flags, accepted anywhere on the line: {@code --json} (one JSON document on stdout; the
 * shapes are in each command's help and Javadoc), {@code --verbose} (stack traces of failures and
 * library logging) and {@code --config FILE} (a properties file of {@link Setting settings}).
 * Settings resolve as: flag, then {@code BALANCEKIT_*} environment variable, then the file, then
 * the built-in default ({@link Config}).
 *
 * <table>
 *   <caption>Exit codes (every command)</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>done; a send check passed; the ledger is sound</td></tr>
 *   <tr><td>1</td><td>refused or unsound: a send check or a ledger operation was refused, the ledger failed verification, an account does not exist</td></tr>
 *   <tr><td>2</td><td>usage: a malformed or missing argument, key, file or setting; credentials refused</td></tr>
 *   <tr><td>3</td><td>unavailable: a network, venue or database did not answer (or answered badly)</td></tr>
 *   <tr><td>4</td><td>internal: an unexpected failure (a bug; {@code --verbose} shows the stack trace)</td></tr>
 * </table>
 *
 * <p>A failure prints one line on stderr ({@code balancekit ledger daily: Daily reward already
 * claimed; ...}); with {@code --json} also {@code {"error":{"exit":1,"kind":"refused","rule":...,
 * "message":...}}} on stdout. No stack trace unless {@code --verbose}.
 *
 * <p>The static {@code run} methods are safe to call from several threads: each builds its own
 * command tree; {@link #main} exits the JVM with the command's code.
 */
@Command(
    name = "balancekit",
    mixinStandardHelpOptions = true,
    version = "balancekit 0.1.0-SNAPSHOT",
    description = "Exact balances from exchanges, chains and your own ledger.",
    subcommands = {
      BalanceKitCli.DemoCommand.class,
      KrakenCommand.class,
      AlgorandCommand.class,
      LedgerCommand.class,
      HistoryCommand.class,
      HederaCommand.class,
      ConfigCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      BalanceKitCli.EXIT_OK,
      BalanceKitCli.EXIT_REFUSED,
      BalanceKitCli.EXIT_USAGE,
      BalanceKitCli.EXIT_UNAVAILABLE,
      BalanceKitCli.EXIT_INTERNAL
    },
    footerHeading = "%nSettings:%n",
    footer = {
      "Flags win over BALANCEKIT_* environment variables, which win over the --config properties file "
          + "(or BALANCEKIT_CONFIG), which wins over built-in defaults. 'balancekit config' shows the result."
    })
public final class BalanceKitCli {

  /** Exit code: done. */
  public static final int OK = 0;

  /** Exit code: refused (a send check, a ledger operation) or unsound (ledger verification). */
  public static final int REFUSED = 1;

  /** Exit code: a malformed or missing argument, key, file or setting. */
  public static final int USAGE = 2;

  /** Exit code: a network, venue or database did not answer. */
  public static final int UNAVAILABLE = 3;

  /** Exit code: an unexpected failure (a bug). */
  public static final int INTERNAL = 4;

  static final String EXIT_OK = "0:done (a send check passed, the ledger is sound)";
  static final String EXIT_REFUSED =
      "1:refused or unsound (send check, ledger operation, verification, no such account)";
  static final String EXIT_USAGE =
      "2:usage: malformed or missing argument, key, file or setting; credentials refused";
  static final String EXIT_UNAVAILABLE = "3:unavailable: network, venue or database did not answer";
  static final String EXIT_INTERNAL = "4:internal error (a bug; --verbose prints the stack trace)";

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description =
          "Print one JSON document on stdout (amounts as exact strings); failures too, as {\"error\":...}.")
  boolean json;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of failures (and library warnings).")
  boolean verbose;

  @Option(
      names = "--config",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Properties file of settings (or BALANCEKIT_CONFIG); see 'balancekit config'.")
  Path config;

  /**
   * Whether {@code --json} / {@code --verbose} appear among the arguments, for failures before or
   * during parsing.
   */
  boolean jsonSeen;

  boolean verboseSeen;

  private BalanceKitCli() {}

  public static void main(String[] args) {
    if (!Arrays.asList(args).contains("--verbose")) {
      // Failures are reported as one line; library warnings would only repeat them.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
    }
    System.exit(run(args));
  }

  /** Runs a command line on the process's stdout, stderr and environment; returns its exit code. */
  public static int run(String... args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    return run(out, err, System.getenv(), System.out, args);
  }

  /**
   * Runs a command line with the given stdout, stderr and environment (the only place commands read
   * {@code BALANCEKIT_*} variables from); returns its exit code. Both writers are flushed.
   */
  public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
    return run(out, err, env, null, args);
  }

  private static int run(
      PrintWriter out,
      PrintWriter err,
      Map<String, String> env,
      @Nullable PrintStream terminal,
      String... args) {
    BalanceKitCli root = new BalanceKitCli();
    // Until the line is parsed (and when it does not parse), these say how to report a failure.
    root.verboseSeen = Arrays.asList(args).contains("--verbose");
    root.jsonSeen = Arrays.asList(args).contains("--json");
    Config config;
    try {
      config = Config.load(env, args);
    } catch (CliException e) {
      Cli early = new Cli(out, err, Config.load(Map.of()), root, terminal);
      return new Failures(early).report(e, "balancekit");
    }
    Cli cli = new Cli(out, err, config, root, terminal);
    Failures failures = new Failures(cli);
    CommandLine cmd = commandLine(cli, root, failures);
    try {
      return cmd.execute(args);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Error e) {
      // picocli hands only Exceptions to the handler; a LinkageError (a broken installation) is
      // reported too.
      return failures.report(e, cmd);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * The whole command tree, wired to {@code cli}: its factory, writers, failure handlers and
   * settings.
   */
  static CommandLine commandLine(Cli cli, BalanceKitCli root, Failures failures) {
    return new CommandLine(root, cli.factory())
        .setOut(cli.out)
        .setErr(cli.err)
        .setExecutionExceptionHandler(failures)
        .setParameterExceptionHandler(failures)
        .setDefaultValueProvider(cli.config);
  }

  /**
   * A command tree on {@code out}/{@code err} with no settings, for walking it (help of every
   * command).
   */
  static CommandLine commandTree(PrintWriter out, PrintWriter err) {
    BalanceKitCli root = new BalanceKitCli();
    Cli cli = new Cli(out, err, Config.load(Map.of()), root, null);
    return commandLine(cli, root, new Failures(cli));
  }

  /** {@code balancekit demo}. */
  @Command(
      name = "demo",
      mixinStandardHelpOptions = true,
      description =
          "A tour on loopback: Kraken simulator, fallbacks, chat economy, trends. No account, key or internet.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the demo ran through", "1:a step of the demo failed"})
  static final class DemoCommand implements Callable<Integer> {
    private final Cli cli;

    @Option(names = "--quick", description = "Shorter pauses (for tests).")
    boolean quick;

    @Option(
        names = "--dir",
        description = "Where the demo's ledger file goes (default: the current directory).")
    Path dir = Path.of(".");

    DemoCommand(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      Demo.Pace pace = quick ? Demo.Pace.quick() : Demo.Pace.normal();
      if (cli.terminal != null) {
        return Demo.run(cli.terminal, dir, pace, true);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int exit = Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir, pace, false);
      cli.out.print(bytes.toString(StandardCharsets.UTF_8));
      cli.out.flush();
      return exit;
    }
  }
}
