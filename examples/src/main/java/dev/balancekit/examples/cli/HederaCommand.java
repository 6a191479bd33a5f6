package dev.balancekit.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.source.hedera.HederaNetwork;
import dev.balancekit.source.hedera.HederaSource;
import dev.balancekit.source.http.VenueConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code balancekit hedera ...}: Hedera balances from the Mirror Node. */
@Command(
    name = "hedera",
    mixinStandardHelpOptions = true,
    description = "Hedera: HBAR and HTS token balances from the Mirror Node REST API.",
    subcommands = HederaCommand.BalanceCommand.class)
final class HederaCommand {

  /**
   * {@code balancekit hedera balance ACCOUNT}.
   *
   * <p>JSON: {@code {"account": "hedera:testnet/0.0.8", "network": "testnet", "balances":
   * [{"asset": "HBAR", "tokenId": null | "0.0.27335", "scale": 8, "total": "0.00000080",
   * "available": string | null, "held": string | null}]}}: HBAR first, then tokens by id.
   */
  @Command(
      name = "balance",
      mixinStandardHelpOptions = true,
      description = {
        "Print the HBAR and token balances of an account (shard.realm.num, with an optional checksum).",
        "Tokens are named by their id unless --token-code gives a code (symbols are not unique on Hedera)."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        BalanceKitCli.EXIT_OK,
        "1:the mirror does not know the account",
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE,
        BalanceKitCli.EXIT_INTERNAL
      },
      footerHeading = "%nJSON (--json):%n",
      footer =
          "{\"account\": \"hedera:NETWORK/0.0.N\", \"network\", \"balances\": [{\"asset\": \"HBAR\", "
              + "\"tokenId\": null|\"0.0.27335\", \"scale\": 8, \"total\": \"0.00000080\", \"available\": string|null, "
              + "\"held\": string|null}]}")
  static final class BalanceCommand implements Callable<Integer> {
    private final Cli cli;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The account id, e.g. 0.0.1234.")
    String account;

    @Option(
        names = "--network",
        paramLabel = "NETWORK",
        description =
            "mainnet, testnet or previewnet (default ${DEFAULT-VALUE}; env BALANCEKIT_HEDERA_NETWORK).")
    @Configurable(Setting.HEDERA_NETWORK)
    String network;

    @Option(
        names = "--mirror",
        paramLabel = "URL",
        description =
            "Mirror Node base URL, /api/v1 is appended (env BALANCEKIT_MIRROR_URL; default: the network's "
                + "public mirror).")
    @Configurable(Setting.MIRROR_URL)
    String mirror;

    @Option(
        names = "--token-code",
        paramLabel = "ID=CODE",
        description = "A code for a token id, e.g. 0.0.456858=USDC; repeatable.")
    List<String> tokenCodes;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        description =
            "Deadline of the read, retries included (default ${DEFAULT-VALUE}; env BALANCEKIT_TIMEOUT).")
    @Configurable(Setting.TIMEOUT)
    String timeout;

    BalanceCommand(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      HederaNetwork net;
      try {
        net =
            HederaNetwork.valueOf(network == null ? "" : network.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw CliException.usage(
            "--network must be mainnet, testnet or previewnet, but was " + Args.quote(network));
      }
      AccountRef ref = Args.account("ACCOUNT", net.venue() + "/" + account);
      Duration deadline = Args.duration("--timeout", timeout);
      HederaSource.Builder b =
          HederaSource.builder()
              .network(net)
              .venueConfig(
                  VenueConfig.custom()
                      .name("hedera-" + net.shortName())
                      .managerConfig(BalanceManagerConfig.custom().restTimeout(deadline).build())
                      .build());
      if (mirror != null) {
        b.mirrorUrl(mirror);
      }
      if (tokenCodes != null) {
        for (String tc : tokenCodes) {
          int eq = tc.indexOf('=');
          if (eq < 1) {
            throw CliException.usage(
                "--token-code must be ID=CODE (e.g. 0.0.456858=USDC), but was " + Args.quote(tc));
          }
          b.tokenCode(tc.substring(0, eq).strip(), tc.substring(eq + 1).strip());
        }
      }
      try (HederaSource hedera = b.build()) {
        AccountBalances read = KrakenCommand.await(hedera.rest().fetch(ref), deadline);
        List<Balance> balances =
            read.balances().stream()
                .sorted(
                    Comparator.comparing((Balance x) -> x.asset().venueId().isPresent())
                        .thenComparing(x -> x.asset().venueId().orElse("")))
                .toList();
        if (cli.json()) {
          ObjectNode doc = Cli.object();
          doc.put("account", ref.toString());
          doc.put("network", net.shortName());
          ArrayNode list = doc.putArray("balances");
          for (Balance x : balances) {
            ObjectNode o = list.addObject();
            o.put("asset", x.asset().code());
            o.put("tokenId", x.asset().venueId().orElse(null));
            o.put("scale", x.asset().scale());
            o.put("total", Cli.amount(x.total()));
            o.put("available", Cli.amount(x.available().orElse(null)));
            o.put("held", Cli.amount(x.held().orElse(null)));
          }
          cli.print(doc);
          return BalanceKitCli.OK;
        }
        cli.out.println(ref + " (" + hedera.rest().name() + ")");
        Table t = new Table("ASSET", "TOKEN", ">TOTAL", ">AVAILABLE", ">HELD");
        for (Balance x : balances) {
          t.row(
              x.asset().code(),
              x.asset().venueId().orElse("-"),
              x.total().toPlainString(),
              x.available().map(BigDecimal::toPlainString).orElse("-"),
              x.held().map(BigDecimal::toPlainString).orElse("-"));
        }
        t.print(cli.out);
        return BalanceKitCli.OK;
      }
    }
  }
}
