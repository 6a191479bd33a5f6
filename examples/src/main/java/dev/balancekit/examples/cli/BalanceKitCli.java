package dev.balancekit.examples.cli;

import dev.balancekit.examples.demo.Demo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code balancekit}: the demo and commands for real accounts. */
@Command(name = "balancekit", mixinStandardHelpOptions = true, version = "balancekit 0.1.0-SNAPSHOT",
    description = "Exact balances from exchanges, chains and your own ledger.",
    subcommands = {BalanceKitCli.DemoCommand.class})
public final class BalanceKitCli {

  private BalanceKitCli() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line; returns its exit code. */
  public static int run(String... args) {
    return new CommandLine(new BalanceKitCli()).execute(args);
  }

  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "A tour on loopback: Kraken simulator, fallbacks, chat economy, trends. No account, key or internet.")
  static final class DemoCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Shorter pauses (for tests).")
    boolean quick;

    @Option(names = "--dir", description = "Where the demo's ledger file goes (default: the current directory).")
    Path dir = Path.of(".");

    @Override
    public Integer call() throws Exception {
      return Demo.run(System.out, dir, quick ? Demo.Pace.quick() : Demo.Pace.normal(), true);
    }
  }
}
