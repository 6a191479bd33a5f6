package dev.balancekit.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code balancekit config}: the effective settings and where each comes from, secrets as {@code
 * ****}.
 *
 * <p>JSON: {@code {"configFile": "/path" | null, "settings": [{"key": "ledger.db", "env":
 * "BALANCEKIT_DB", "value": "economy.db" | "****" | null, "source": "env" | "file" | "default" |
 * null, "secret": false, "description": "..."}]}}
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Print the effective configuration: each setting's value (secrets as ****) and whether it "
          + "comes from a BALANCEKIT_* environment variable, the --config file or the built-in default.",
      "Flags of a command win over all three."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {BalanceKitCli.EXIT_OK, BalanceKitCli.EXIT_USAGE},
    footerHeading = "%nJSON (--json):%n",
    footer =
        "{\"configFile\": path|null, \"settings\": [{\"key\", \"env\", \"value\" (**** for secrets, null when "
            + "unset), \"source\": env|file|default|null, \"secret\", \"description\"}]}")
final class ConfigCommand implements Callable<Integer> {
  private final Cli cli;

  ConfigCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Config config = cli.config;
    if (cli.json()) {
      ObjectNode doc = Cli.object();
      doc.put("configFile", config.file().map(p -> p.toAbsolutePath().toString()).orElse(null));
      var settings = doc.putArray("settings");
      for (Setting s : Setting.values()) {
        Optional<Config.Resolved> r = config.resolve(s);
        ObjectNode o = settings.addObject();
        o.put("key", s.key());
        o.put("env", s.env());
        o.put("value", r.map(Config.Resolved::shown).orElse(null));
        o.put(
            "source",
            r.map(v -> v.source().name().toLowerCase(java.util.Locale.ROOT)).orElse(null));
        o.put("secret", s.secret());
        o.put("description", s.description());
      }
      cli.print(doc);
      return BalanceKitCli.OK;
    }
    cli.out.println(
        "config file: "
            + config
                .file()
                .map(Object::toString)
                .orElse("none (--config FILE or " + Config.CONFIG_ENV + ")"));
    Table t = new Table("KEY", "ENV", "VALUE", "SOURCE");
    for (Setting s : Setting.values()) {
      Optional<Config.Resolved> r = config.resolve(s);
      t.row(
          s.key(),
          s.env(),
          r.map(Config.Resolved::shown).orElse("(unset)"),
          r.map(config::origin).orElse("-"));
    }
    t.print(cli.out);
    return BalanceKitCli.OK;
  }
}
