package dev.balancekit.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.history.AnalyticsPeriod;
import dev.balancekit.history.BalanceHistory;
import dev.balancekit.history.ChangeKind;
import dev.balancekit.history.PeriodAnalytics;
import dev.balancekit.history.Trend;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code balancekit history ...}: trends and period analytics over a balance history database
 * ({@link BalanceHistory#sqlite(Path)}, as a manager's recorder writes it). Accounts are {@code
 * venue/id}, assets {@code CODE:scale}.
 *
 * <table>
 *   <caption>JSON documents (--json); amounts are exact strings, statistics numbers</caption>
 *   <tr><th>command</th><th>document</th></tr>
 *   <tr><td>trend</td><td>{@code {"account", "asset", "scale", "window": "PT24H", "direction": "UP"|"DOWN"|"FLAT", "strength", "slopePerHour", "volatility", "change", "changePercent", "min", "max", "samples", "first", "last"}}</td></tr>
 *   <tr><td>analytics</td><td>{@code {"account", "period": {"type", "from", "to"}, "assets": [{"asset", "scale", "opening", "closing", "netChange", "percentChange", "volatility", "risk", "largestInflow", "largestOutflow", "samples", "activity": {"deposit": {"count", "sum"}}}]}}</td></tr>
 * </table>
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "Trends and period analytics from a balance history database (BalanceHistory.sqlite).",
    subcommands = {HistoryCommand.TrendCommand.class, HistoryCommand.Analytics.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      BalanceKitCli.EXIT_OK,
      BalanceKitCli.EXIT_USAGE,
      BalanceKitCli.EXIT_UNAVAILABLE,
      BalanceKitCli.EXIT_INTERNAL
    })
final class HistoryCommand {

  @Option(
      names = "--db",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description =
          "The history's SQLite file (default ${DEFAULT-VALUE}; env BALANCEKIT_HISTORY_DB).")
  @Configurable(Setting.HISTORY_DB)
  Path db;

  /** Opens the history file, which must exist: reading never creates one. */
  BalanceHistory open() {
    if (!Files.isRegularFile(db)) {
      throw CliException.usage(
          "no history database at " + db + " (--db FILE or BALANCEKIT_HISTORY_DB)");
    }
    return BalanceHistory.sqlite(db);
  }

  /** {@code trend ACCOUNT ASSET [--window 24h]}. */
  @Command(
      name = "trend",
      mixinStandardHelpOptions = true,
      description =
          "The least-squares trend of one account's asset over a window ending now: direction, "
              + "strength (R²), slope per hour, volatility, exact change, min and max.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        BalanceKitCli.EXIT_OK,
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE
      },
      footerHeading = "%nJSON (--json):%n",
      footer =
          "{\"account\", \"asset\", \"scale\", \"window\", \"direction\": UP|DOWN|FLAT, \"strength\", "
              + "\"slopePerHour\", \"volatility\", \"change\", \"changePercent\": string|null, \"min\", \"max\", "
              + "\"samples\", \"first\", \"last\"}")
  static final class TrendCommand implements Callable<Integer> {
    private final Cli cli;

    @ParentCommand HistoryCommand history;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "venue/id, e.g. kraken/main.")
    String account;

    @Parameters(index = "1", paramLabel = "ASSET", description = "CODE:scale, e.g. BTC:8.")
    String asset;

    @Option(
        names = "--window",
        paramLabel = "DURATION",
        defaultValue = "24h",
        description = "How far back from now: 30m, 24h, 7d, PT6H (default ${DEFAULT-VALUE}).")
    String window;

    TrendCommand(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      AccountRef ref = Args.account("ACCOUNT", account);
      Asset a = Args.asset("ASSET", asset);
      Duration w = Args.duration("--window", window);
      Trend t;
      try (BalanceHistory h = history.open()) {
        t = h.trend(ref, a, w);
      }
      if (cli.json()) {
        ObjectNode doc = Cli.object();
        doc.put("account", ref.toString());
        doc.put("asset", a.code());
        doc.put("scale", a.scale());
        doc.put("window", w.toString());
        doc.put("direction", t.direction().name());
        doc.put("strength", t.strength());
        doc.put("slopePerHour", t.slopePerHour());
        doc.put("volatility", t.volatility());
        doc.put("change", Cli.amount(t.change()));
        doc.put("changePercent", Cli.amount(t.changePercent()));
        doc.put("min", Cli.amount(t.min()));
        doc.put("max", Cli.amount(t.max()));
        doc.put("samples", t.samples());
        doc.put("first", Cli.instant(t.first()));
        doc.put("last", Cli.instant(t.last()));
        cli.print(doc);
        return BalanceKitCli.OK;
      }
      if (t.samples() == 0) {
        cli.out.println("no entries for " + ref + " " + a.code() + " in the last " + window);
        return BalanceKitCli.OK;
      }
      cli.out.println(
          ref
              + " "
              + a.code()
              + " over the last "
              + window
              + ": "
              + t.direction()
              + String.format(
                  Locale.ROOT,
                  ", strength %.2f, slope %+.6g/h, volatility %.4f",
                  t.strength(),
                  t.slopePerHour(),
                  t.volatility()));
      cli.out.println(
          "  change "
              + signed(t.change())
              + t.percent().map(p -> " (" + signed(p) + " %)").orElse("")
              + ", min "
              + t.minimum().map(BigDecimal::toPlainString).orElse("-")
              + ", max "
              + t.maximum().map(BigDecimal::toPlainString).orElse("-")
              + ", "
              + t.samples()
              + " samples from "
              + t.first()
              + " to "
              + t.last());
      return BalanceKitCli.OK;
    }
  }

  /** {@code analytics ACCOUNT [--period day|week|month|year] [--date D] | --from I --to I}. */
  @Command(
      name = "analytics",
      mixinStandardHelpOptions = true,
      description =
          "What happened to each asset of an account in one period (UTC): opening, closing, net change, "
              + "volatility, risk, activity per kind, largest inflow and outflow.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        BalanceKitCli.EXIT_OK,
        BalanceKitCli.EXIT_USAGE,
        BalanceKitCli.EXIT_UNAVAILABLE
      },
      footerHeading = "%nJSON (--json):%n",
      footer =
          "{\"account\", \"period\": {\"type\", \"from\", \"to\"}, \"assets\": [{\"asset\", \"scale\", "
              + "\"opening\", \"closing\", \"netChange\", \"percentChange\", \"volatility\", \"risk\", "
              + "\"largestInflow\", \"largestOutflow\", \"samples\", \"activity\": {KIND: {\"count\", \"sum\"}}}]}")
  static final class Analytics implements Callable<Integer> {
    private final Cli cli;

    @ParentCommand HistoryCommand history;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "venue/id, e.g. kraken/main.")
    String account;

    @Option(
        names = "--period",
        paramLabel = "PERIOD",
        defaultValue = "day",
        description = "day, week, month or year, containing --date (default ${DEFAULT-VALUE}).")
    String period;

    @Option(
        names = "--date",
        paramLabel = "YYYY-MM-DD",
        description = "A day in the period (default: today, UTC).")
    String date;

    @Option(
        names = "--from",
        paramLabel = "INSTANT",
        description = "Start of a custom period (ISO-8601, e.g. 2026-01-05T00:00:00Z); needs --to.")
    String from;

    @Option(
        names = "--to",
        paramLabel = "INSTANT",
        description = "End (excluded) of a custom period.")
    String to;

    /** The clock deciding "today"; tests may replace it. */
    Clock clock = Clock.systemUTC();

    Analytics(Cli cli) {
      this.cli = cli;
    }

    AnalyticsPeriod period() {
      if (from != null || to != null) {
        if (from == null || to == null) {
          throw CliException.usage("a custom period needs both --from and --to");
        }
        try {
          return AnalyticsPeriod.between(Instant.parse(from), Instant.parse(to));
        } catch (DateTimeParseException e) {
          throw CliException.usage(
              "--from and --to must be ISO-8601 instants such as 2026-01-05T00:00:00Z, but were "
                  + Args.quote(from)
                  + " and "
                  + Args.quote(to));
        }
      }
      LocalDate day;
      try {
        day = date == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : LocalDate.parse(date);
      } catch (DateTimeParseException e) {
        throw CliException.usage("--date must be YYYY-MM-DD, but was " + Args.quote(date));
      }
      return switch (period.toLowerCase(Locale.ROOT)) {
        case "day", "daily" -> AnalyticsPeriod.day(day);
        case "week", "weekly" -> AnalyticsPeriod.week(day);
        case "month", "monthly" -> AnalyticsPeriod.month(YearMonth.from(day));
        case "year", "yearly" -> AnalyticsPeriod.year(Year.from(day));
        default ->
            throw CliException.usage(
                "--period must be day, week, month or year, but was " + Args.quote(period));
      };
    }

    @Override
    public Integer call() {
      AccountRef ref = Args.account("ACCOUNT", account);
      AnalyticsPeriod p = period();
      Map<Asset, PeriodAnalytics> byAsset;
      try (BalanceHistory h = history.open()) {
        byAsset = h.analytics(ref, p);
      }
      List<PeriodAnalytics> rows =
          byAsset.values().stream()
              .sorted(Comparator.comparing((PeriodAnalytics a) -> a.asset().code()))
              .toList();
      if (cli.json()) {
        ObjectNode doc = Cli.object();
        doc.put("account", ref.toString());
        ObjectNode period = doc.putObject("period");
        period.put("type", p.type().name());
        period.put("from", Cli.instant(p.from()));
        period.put("to", Cli.instant(p.to()));
        ArrayNode assets = doc.putArray("assets");
        for (PeriodAnalytics a : rows) {
          ObjectNode o = assets.addObject();
          o.put("asset", a.asset().code());
          o.put("scale", a.asset().scale());
          o.put("opening", Cli.amount(a.opening()));
          o.put("closing", Cli.amount(a.closing()));
          o.put("netChange", Cli.amount(a.netChange()));
          o.put("percentChange", Cli.amount(a.percentChange()));
          o.put("volatility", a.volatility());
          o.put("risk", a.risk().name());
          o.put("largestInflow", Cli.amount(a.largestInflow()));
          o.put("largestOutflow", Cli.amount(a.largestOutflow()));
          o.put("samples", a.samples());
          ObjectNode activity = o.putObject("activity");
          for (Map.Entry<ChangeKind, PeriodAnalytics.KindActivity> e :
              a.activity().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            ObjectNode k = activity.putObject(e.getKey().code());
            k.put("count", e.getValue().count());
            k.put("sum", Cli.amount(e.getValue().sum()));
          }
        }
        cli.print(doc);
        return BalanceKitCli.OK;
      }
      cli.out.println(
          ref + ", " + p.type().name().toLowerCase(Locale.ROOT) + " " + p.from() + " to " + p.to());
      if (rows.isEmpty()) {
        cli.out.println("no entries in this period");
        return BalanceKitCli.OK;
      }
      Table t =
          new Table(
              "ASSET",
              ">OPENING",
              ">CLOSING",
              ">NET",
              ">%",
              "RISK",
              ">IN MAX",
              ">OUT MAX",
              ">SAMPLES");
      for (PeriodAnalytics a : rows) {
        t.row(
            a.asset().code(),
            a.opening().toPlainString(),
            a.closing().toPlainString(),
            signed(a.netChange()),
            a.percent().map(HistoryCommand::signed).orElse("-"),
            a.risk(),
            a.largestInflow().toPlainString(),
            a.largestOutflow().toPlainString(),
            a.samples());
      }
      t.print(cli.out);
      return BalanceKitCli.OK;
    }
  }

  static String signed(BigDecimal v) {
    return (v.signum() > 0 ? "+" : "") + v.toPlainString();
  }
}
