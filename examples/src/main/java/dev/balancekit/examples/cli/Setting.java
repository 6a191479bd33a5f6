package dev.balancekit.examples.cli;

import dev.balancekit.source.kraken.KrakenSource;
import org.jspecify.annotations.Nullable;

/**
 * Every setting the command line reads from somewhere other than its own flags. Each has a key in
 * the {@code --config} properties file and a {@code BALANCEKIT_*} environment variable; a flag
 * bound to it with {@link Configurable} wins over both.
 *
 * <p>Precedence, highest first: the flag, the environment variable, the properties file, the
 * built-in default. Secrets have no flag (except {@code --token}, which algod tokens of local nodes
 * commonly are) and are printed as {@code ****}.
 */
enum Setting {
  KRAKEN_API_KEY(
      "kraken.api-key",
      "BALANCEKIT_KRAKEN_API_KEY",
      null,
      true,
      "Kraken API key (public part); never a flag"),
  KRAKEN_API_SECRET(
      "kraken.api-secret",
      "BALANCEKIT_KRAKEN_API_SECRET",
      null,
      true,
      "Kraken API secret (base64, signs requests); never a flag"),
  KRAKEN_REST_URL(
      "kraken.rest-url",
      "BALANCEKIT_KRAKEN_REST_URL",
      KrakenSource.DEFAULT_REST_URL,
      false,
      "Kraken REST base URL (--kraken-rest)"),
  KRAKEN_WS_URL(
      "kraken.ws-url",
      "BALANCEKIT_KRAKEN_WS_URL",
      KrakenSource.DEFAULT_WEBSOCKET_URL,
      false,
      "Kraken WebSocket v2 URL (--kraken-ws)"),
  ALGORAND_NETWORK(
      "algorand.network",
      "BALANCEKIT_ALGORAND_NETWORK",
      "mainnet",
      false,
      "Algorand network: mainnet, testnet, betanet or localnet (--network)"),
  ALGOD_URL(
      "algorand.algod-url",
      "BALANCEKIT_ALGOD_URL",
      null,
      false,
      "algod base URL (--algod); default: the network's public AlgoNode endpoint, localnet http://localhost:4001"),
  ALGOD_TOKEN(
      "algorand.algod-token", "BALANCEKIT_ALGOD_TOKEN", null, true, "algod API token (--token)"),
  HEDERA_NETWORK(
      "hedera.network",
      "BALANCEKIT_HEDERA_NETWORK",
      "mainnet",
      false,
      "Hedera network: mainnet, testnet or previewnet (--network)"),
  MIRROR_URL(
      "hedera.mirror-url",
      "BALANCEKIT_MIRROR_URL",
      null,
      false,
      "Hedera Mirror Node base URL (--mirror); default: the network's public mirror"),
  LEDGER_DB("ledger.db", "BALANCEKIT_DB", "economy.db", false, "ledger SQLite file (ledger --db)"),
  LEDGER_ASSET(
      "ledger.asset",
      "BALANCEKIT_LEDGER_ASSET",
      "COIN:0",
      false,
      "the economy's asset as CODE:scale (ledger --asset)"),
  HISTORY_DB(
      "history.db",
      "BALANCEKIT_HISTORY_DB",
      "history.db",
      false,
      "balance history SQLite file (history --db)"),
  TIMEOUT(
      "timeout",
      "BALANCEKIT_TIMEOUT",
      "15s",
      false,
      "network call timeout, e.g. 15s, 500ms, 2m (--timeout)");

  private final String key;
  private final String env;
  private final @Nullable String defaultValue;
  private final boolean secret;
  private final String description;

  Setting(
      String key, String env, @Nullable String defaultValue, boolean secret, String description) {
    this.key = key;
    this.env = env;
    this.defaultValue = defaultValue;
    this.secret = secret;
    this.description = description;
  }

  /** The key in the properties file, for example {@code algorand.algod-url}. */
  String key() {
    return key;
  }

  /** The environment variable, for example {@code BALANCEKIT_ALGOD_URL}. */
  String env() {
    return env;
  }

  /** The built-in default, or null when there is none. */
  @Nullable String defaultValue() {
    return defaultValue;
  }

  /** Whether the value is printed as {@code ****}. */
  boolean secret() {
    return secret;
  }

  String description() {
    return description;
  }
}
