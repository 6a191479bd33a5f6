package dev.balancekit.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.source.algorand.AlgorandSource;
import dev.balancekit.source.algorand.SendCheck;
import dev.balancekit.source.http.Secret;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code balancekit algorand ...}: balances and send checks through an algod node. Nothing is
 * signed.
 */
@Command(
    name = "algorand",
    mixinStandardHelpOptions = true,
    description =
        "Algorand through an algod node: balances and send checks (nothing is signed or sent).",
    subcommands = {AlgorandCommand.BalanceCommand.class, AlgorandCommand.CheckSend.class})
final class AlgorandCommand {

  /** The public algod endpoints used when neither --algod nor BALANCEKIT_ALGOD_URL is given. */
  static final Map<String, String> DEFAULT_ALGOD =
      Map.of(
          "mainnet", "https://mainnet-api.algonode.cloud",
          "testnet", "https://testnet-api.algonode.cloud",
          "betanet", "https://betanet-api.algonode.cloud",
          "localnet", "http://localhost:4001");

  /** The node options both subcommands share. */
  static final class Node {
    @Option(
        names = "--network",
        paramLabel = "NETWORK",
        description =
            "mainnet, testnet, betanet or localnet (default ${DEFAULT-VALUE}; env "
                + "BALANCEKIT_ALGORAND_NETWORK).")
    @Configurable(Setting.ALGORAND_NETWORK)
    String network;

    @Option(
        names = "--algod",
        paramLabel = "URL",
        description =
            "algod base URL (env BALANCEKIT_ALGOD_URL; default: the network's public AlgoNode endpoint, "
                + "localnet http://localhost:4001).")
    @Configurable(Setting.ALGOD_URL)
    String algod;

    @Option(
        names = "--token",
        paramLabel = "TOKEN",
        description =
            "algod API token, sent as X-Algo-API-Token (env BALANCEKIT_ALGOD_TOKEN; none by default).")
    @Configurable(Setting.ALGOD_TOKEN)
    String token;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        description =
            "Timeout of each algod call (default ${DEFAULT-VALUE}; env BALANCEKIT_TIMEOUT).")
    @Configurable(Setting.TIMEOUT)
    String timeout;

    String network() {
      if (network == null || !DEFAULT_ALGOD.containsKey(network)) {
        throw CliException.usage(
            "--network must be mainnet, testnet, betanet or localnet, but was "
                + Args.quote(network));
      }
      return network;
    }

    String algodUrl() {
      if (algod != null) {
        return algod;
      }
      // network() accepts only the networks DEFAULT_ALGOD has an endpoint for.
      return Objects.requireNonNull(DEFAULT_ALGOD.get(network()));
    }

    Duration timeout() {
      return Args.duration("--timeout", timeout);
    }

    AlgorandSource build(boolean simulate) {
      AlgorandSource.Builder b =
          AlgorandSource.builder()
              .network(network())
              .algodUrl(algodUrl())
              .requestTimeout(timeout())
              .simulate(simulate)
              .threads(1);
      if (token != null) {
        b.apiToken(Secret.of(token));
      }
      return b.build();
    }
  }

  /**
   * {@code balancekit algorand balance ADDRESS}.
   *
   * <p>JSON: {@code {"account": "algorand:testnet/ADDR", "network": "testnet", "round": 50893756 |
   * null, "balances": [{"asset": "ALGO", "assetId": null | "31566704", "scale": 6, "total":
   * "0.200000", "available": "0.000000", "held": "0.200000"}]}}: ALGO first, then ASAs by code.
   */
  @Command(
      name = "balance",
      mixinStandardHelpOptions = true,
      description = {
        "Print the ALGO and ASA balances of an address.",
        "ALGO: total, available (spendable: total minus the minimum balance) and held (the minimum balance). "
            + "ASAs: exact to 2^64-1 base units; a frozen holding is all held."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        BalanceKitCli.EXIT_OK,
        "1:algod does not know the account",
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE,
        BalanceKitCli.EXIT_INTERNAL
      },
      footerHeading = "%nJSON (--json):%n",
      footer =
          "{\"account\": \"algorand:NETWORK/ADDRESS\", \"network\", \"round\": number|null, \"balances\": "
              + "[{\"asset\": \"ALGO\", \"assetId\": null|\"31566704\", \"scale\": 6, \"total\": \"0.200000\", "
              + "\"available\": string|null, \"held\": string|null}]}")
  static final class BalanceCommand implements Callable<Integer> {
    private final Cli cli;

    @Parameters(
        index = "0",
        paramLabel = "ADDRESS",
        description = "The account's 58-character address.")
    String address;

    @Mixin Node node;

    BalanceCommand(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      String network = node.network();
      AccountRef account = Args.account("ADDRESS", "algorand:" + network + "/" + address);
      try (AlgorandSource algorand = node.build(false)) {
        AccountBalances read = KrakenCommand.await(algorand.fetch(account), node.timeout());
        List<Balance> balances =
            read.balances().stream()
                .sorted(
                    Comparator.comparing((Balance b) -> b.asset().venueId().isPresent())
                        .thenComparing(b -> b.asset().code())
                        .thenComparing(b -> b.asset().venueId().orElse("")))
                .toList();
        OptionalLong round =
            balances.stream()
                .map(Balance::sequence)
                .filter(OptionalLong::isPresent)
                .findFirst()
                .orElse(OptionalLong.empty());
        if (cli.json()) {
          ObjectNode doc = Cli.object();
          doc.put("account", account.toString());
          doc.put("network", network);
          if (round.isPresent()) {
            doc.put("round", round.getAsLong());
          } else {
            doc.putNull("round");
          }
          ArrayNode list = doc.putArray("balances");
          for (Balance b : balances) {
            ObjectNode o = list.addObject();
            o.put("asset", b.asset().code());
            o.put("assetId", b.asset().venueId().orElse(null));
            o.put("scale", b.asset().scale());
            o.put("total", Cli.amount(b.total()));
            o.put("available", Cli.amount(b.available().orElse(null)));
            o.put("held", Cli.amount(b.held().orElse(null)));
          }
          cli.print(doc);
          return BalanceKitCli.OK;
        }
        cli.out.println(account + (round.isPresent() ? " (round " + round.getAsLong() + ")" : ""));
        Table t = new Table("ASSET", "ID", ">TOTAL", ">AVAILABLE", ">HELD");
        for (Balance b : balances) {
          t.row(
              b.asset().code(),
              b.asset().venueId().orElse("-"),
              b.total().toPlainString(),
              b.available().map(BigDecimal::toPlainString).orElse("-"),
              b.held().map(BigDecimal::toPlainString).orElse("-"));
        }
        t.print(cli.out);
        return BalanceKitCli.OK;
      }
    }
  }

  /**
   * {@code balancekit algorand check-send}: {@link AlgorandSource#checkSend(String, String, String,
   * String)}.
   *
   * <p>JSON: {@code {"network": "testnet", "from": A, "to": B, "asset": "ALGO" | "31566704",
   * "amount": "5", "ok": false, "findings": [{"step": "SUFFICIENCY", "refusal": true, "leg": 0,
   * "rule": "insufficient_funds", "message": "..."}], "refusals": ["..."], "warnings": ["..."],
   * "fee": "0.001000", "legFees": ["0.001000"], "totals": [{"asset": "ALGO", "assetId": null,
   * "scale": 6, "sent": "5.000000", "total": "5.001000"}], "simulated": false}}: findings in the
   * order the checks ran; {@code total} is what leaves the sender in that asset, the fee included
   * for ALGO.
   */
  @Command(
      name = "check-send",
      mixinStandardHelpOptions = true,
      description = {
        "Check a send as algod would, without signing anything: addresses, asset, amount, the "
            + "sender's balance and opt-in, amount plus fee within the spendable ALGO, the receiver's opt-in and "
            + "minimum balance.",
        "Prints every finding in the order the checks ran, the fee and the totals. Problems with the send itself "
            + "(a mistyped address, an unknown asset, too many decimals) are findings, not usage errors."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:the send would pass (warnings may remain)",
        "1:the send would be refused",
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE,
        BalanceKitCli.EXIT_INTERNAL
      },
      footerHeading = "%nJSON (--json):%n",
      footer =
          "{\"network\", \"from\", \"to\", \"asset\", \"amount\", \"ok\": bool, \"findings\": [{\"step\", "
              + "\"refusal\": bool, \"leg\", \"rule\", \"message\"}], \"refusals\": [..], \"warnings\": [..], "
              + "\"fee\": \"0.001000\", \"legFees\": [..], \"totals\": [{\"asset\", \"assetId\", \"scale\", \"sent\", "
              + "\"total\"}], \"simulated\": bool}")
  static final class CheckSend implements Callable<Integer> {
    private final Cli cli;

    @Option(names = "--from", required = true, paramLabel = "ADDRESS", description = "The sender.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "The receiver.")
    String to;

    @Option(
        names = "--amount",
        required = true,
        paramLabel = "AMOUNT",
        description = "A positive decimal amount of the asset, e.g. 5 or 0.25.")
    String amount;

    @Option(
        names = "--asset",
        paramLabel = "ALGO|ID",
        defaultValue = "ALGO",
        description = "ALGO or an ASA id such as 31566704 (default ${DEFAULT-VALUE}).")
    String asset;

    @Option(
        names = "--simulate",
        description = "Also run a send that passes through algod's simulate endpoint.")
    boolean simulate;

    @Mixin Node node;

    CheckSend(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Args.positiveAmount("--amount", amount);
      String network = node.network();
      SendCheck check;
      try (AlgorandSource algorand = node.build(simulate)) {
        check = algorand.checkSend(from, to, asset, amount.strip());
      }
      if (cli.json()) {
        ObjectNode doc = Cli.object();
        doc.put("network", network);
        doc.put("from", from);
        doc.put("to", to);
        doc.put("asset", asset);
        doc.put("amount", amount.strip());
        doc.put("ok", check.ok());
        ArrayNode findings = doc.putArray("findings");
        for (SendCheck.Finding f : check.findings()) {
          ObjectNode o = findings.addObject();
          o.put("step", f.step().name());
          o.put("refusal", f.refusal());
          o.put("leg", f.leg());
          o.put("rule", f.rule());
          o.put("message", f.message());
        }
        check.refusals().forEach(doc.putArray("refusals")::add);
        check.warnings().forEach(doc.putArray("warnings")::add);
        doc.put("fee", Cli.amount(check.fee()));
        ArrayNode legFees = doc.putArray("legFees");
        check.legFees().forEach(f -> legFees.add(Cli.amount(f)));
        ArrayNode totals = doc.putArray("totals");
        for (Map.Entry<Asset, BigDecimal> e : check.sent().entrySet()) {
          ObjectNode o = totals.addObject();
          o.put("asset", e.getKey().code());
          o.put("assetId", e.getKey().venueId().orElse(null));
          o.put("scale", e.getKey().scale());
          o.put("sent", Cli.amount(e.getValue()));
          o.put("total", Cli.amount(check.total(e.getKey())));
        }
        doc.put("simulated", check.simulated());
        cli.print(doc);
      } else {
        print(network, check);
      }
      return check.ok() ? BalanceKitCli.OK : BalanceKitCli.REFUSED;
    }

    private void print(String network, SendCheck check) {
      cli.out.println(
          "check-send "
              + amount.strip()
              + " "
              + asset
              + " from "
              + from
              + " to "
              + to
              + " on algorand:"
              + network);
      if (check.findings().isEmpty()) {
        cli.out.println("findings: none");
      } else {
        cli.out.println("findings (in the order the checks ran):");
        int n = 1;
        for (SendCheck.Finding f : check.findings()) {
          cli.out.println(
              "  "
                  + n++
                  + ". "
                  + (f.refusal() ? "REFUSED " : "warning ")
                  + f.step()
                  + " "
                  + f.rule()
                  + ": "
                  + f.message());
        }
      }
      if (!check.legFees().isEmpty()) {
        cli.out.println("fee:    " + AlgorandSource.algo().format(check.fee()));
      }
      for (Map.Entry<Asset, BigDecimal> e : check.sent().entrySet()) {
        cli.out.println(
            "sent:   "
                + e.getKey().format(e.getValue())
                + e.getKey().venueId().map(id -> " (ASA " + id + ")").orElse(""));
        cli.out.println(
            "total:  "
                + e.getKey().format(check.total(e.getKey()))
                + (e.getKey().equals(AlgorandSource.algo()) && !check.legFees().isEmpty()
                    ? " (fee included)"
                    : ""));
      }
      if (check.simulated()) {
        cli.out.println("algod's simulation: passed");
      }
      cli.out.println(
          check.ok()
              ? "result: the send would pass"
              : "result: REFUSED, the send would be refused");
      cli.out.flush();
    }
  }
}
