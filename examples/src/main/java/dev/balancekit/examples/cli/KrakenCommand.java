package dev.balancekit.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.VenueConfig;
import dev.balancekit.source.kraken.KrakenSource;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code balancekit kraken ...}: the Kraken spot account the API key in the environment belongs to.
 */
@Command(
    name = "kraken",
    mixinStandardHelpOptions = true,
    description =
        "Kraken spot account of the API key in BALANCEKIT_KRAKEN_API_KEY / BALANCEKIT_KRAKEN_API_SECRET.",
    subcommands = KrakenCommand.Balances.class)
final class KrakenCommand {

  /**
   * {@code balancekit kraken balances}: one signed {@code BalanceEx} read through {@code
   * KrakenSource.builder()...build().rest()}.
   *
   * <p>JSON: {@code {"account": "kraken/main", "source": "kraken-rest", "receivedAt": ISO,
   * "balances": [{"asset": "BTC", "scale": 10, "total": "1.2435000000", "available": "0.4012000000"
   * | null, "held": "0.8423000000" | null}], "skippedUnknownAssets": 0}}, balances sorted by asset
   * code.
   */
  @Command(
      name = "balances",
      mixinStandardHelpOptions = true,
      description = {
        "Read the account's balances once (REST BalanceEx, signed) and print asset, total, available "
            + "and held.",
        "Keys come only from the environment (or the --config file): BALANCEKIT_KRAKEN_API_KEY and "
            + "BALANCEKIT_KRAKEN_API_SECRET, never from arguments. Asset scales come from Kraken's public Assets "
            + "endpoint unless --asset lists them."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        BalanceKitCli.EXIT_OK,
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE,
        BalanceKitCli.EXIT_INTERNAL
      },
      footerHeading = "%nJSON (--json):%n",
      footer =
          "{\"account\": \"kraken/main\", \"source\": \"kraken-rest\", \"receivedAt\": ISO-8601, \"balances\": "
              + "[{\"asset\": \"BTC\", \"scale\": 10, \"total\": \"1.2435000000\", \"available\": string|null, "
              + "\"held\": string|null}], \"skippedUnknownAssets\": 0}  (amounts are exact strings)")
  static final class Balances implements Callable<Integer> {
    private final Cli cli;

    @Option(
        names = "--kraken-rest",
        paramLabel = "URL",
        description = "REST base URL (default ${DEFAULT-VALUE}; env BALANCEKIT_KRAKEN_REST_URL).")
    @Configurable(Setting.KRAKEN_REST_URL)
    String restUrl;

    @Option(
        names = "--kraken-ws",
        paramLabel = "URL",
        description =
            "WebSocket v2 URL, checked but not used by this one-shot read (default ${DEFAULT-VALUE}; "
                + "env BALANCEKIT_KRAKEN_WS_URL).")
    @Configurable(Setting.KRAKEN_WS_URL)
    String webSocketUrl;

    @Option(
        names = "--account",
        paramLabel = "NAME",
        defaultValue = "main",
        description =
            "The name the account goes by in the output: kraken/NAME (default ${DEFAULT-VALUE}).")
    String account;

    @Option(
        names = "--asset",
        paramLabel = "CODE:SCALE",
        description =
            "Read only these assets (canonical codes, e.g. BTC:10 USD:4) and skip the Assets endpoint; "
                + "repeatable.")
    List<String> assets;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        description =
            "Deadline of the read, retries included (default ${DEFAULT-VALUE}; env BALANCEKIT_TIMEOUT).")
    @Configurable(Setting.TIMEOUT)
    String timeout;

    Balances(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      String key = cli.config.get(Setting.KRAKEN_API_KEY);
      String secret = cli.config.get(Setting.KRAKEN_API_SECRET);
      if (key == null || secret == null) {
        throw CliException.usage(
            (key == null ? Setting.KRAKEN_API_KEY.env() : Setting.KRAKEN_API_SECRET.env())
                + " is not set: export the Kraken API key and secret in the environment (or put kraken.api-key and "
                + "kraken.api-secret in the --config file); keys are never taken from arguments");
      }
      Duration deadline = Args.duration("--timeout", timeout);
      AccountRef ref = Args.account("--account", "kraken/" + account);
      KrakenSource.Builder builder =
          KrakenSource.builder()
              .account(ref)
              .apiKey(Secret.of(key))
              .apiSecret(Secret.of(secret))
              .restUrl(restUrl)
              .webSocketUrl(webSocketUrl)
              .venueConfig(
                  VenueConfig.custom()
                      .name("kraken")
                      .managerConfig(BalanceManagerConfig.custom().restTimeout(deadline).build())
                      .rateLimit(15, Duration.ofSeconds(45))
                      .build());
      if (assets != null && !assets.isEmpty()) {
        builder.assets(assets.stream().map(a -> Args.asset("--asset", a)).toArray(Asset[]::new));
      }
      try (KrakenSource kraken = builder.build()) {
        AccountBalances read = await(kraken.rest().fetch(ref), deadline);
        List<Balance> balances =
            read.balances().stream()
                .sorted(Comparator.comparing((Balance b) -> b.asset().code()))
                .toList();
        if (cli.json()) {
          ObjectNode doc = Cli.object();
          doc.put("account", ref.toString());
          doc.put("source", kraken.rest().name());
          doc.put("receivedAt", Cli.instant(read.receivedAt()));
          ArrayNode list = doc.putArray("balances");
          for (Balance b : balances) {
            ObjectNode o = list.addObject();
            o.put("asset", b.asset().code());
            o.put("scale", b.asset().scale());
            o.put("total", Cli.amount(b.total()));
            o.put("available", Cli.amount(b.available().orElse(null)));
            o.put("held", Cli.amount(b.held().orElse(null)));
          }
          doc.put("skippedUnknownAssets", kraken.skippedUnknownAssets());
          cli.print(doc);
          return BalanceKitCli.OK;
        }
        cli.out.println(
            ref
                + " ("
                + kraken.rest().name()
                + ", "
                + balances.size()
                + " assets, read "
                + read.receivedAt()
                + ")");
        Table t = new Table("ASSET", ">TOTAL", ">AVAILABLE", ">HELD");
        for (Balance b : balances) {
          t.row(
              b.asset().code(),
              b.total().toPlainString(),
              b.available().map(v -> v.toPlainString()).orElse("-"),
              b.held().map(v -> v.toPlainString()).orElse("-"));
        }
        t.print(cli.out);
        if (kraken.skippedUnknownAssets() > 0) {
          cli.out.println(
              "("
                  + kraken.skippedUnknownAssets()
                  + " balance(s) of assets not in the asset table were "
                  + "skipped)");
        }
        return BalanceKitCli.OK;
      }
    }
  }

  /** The value of {@code future}, waiting a little longer than the venue client's own deadline. */
  static <T> T await(java.util.concurrent.CompletableFuture<T> future, Duration deadline)
      throws Exception {
    try {
      return future.get(deadline.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw CliException.unavailable("no answer within " + deadline.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }
}
