package dev.balancekit.source.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.Asset;
import dev.balancekit.BalanceKitException;
import dev.balancekit.source.http.Futures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kraken's asset codes and the assets they stand for. REST codes are legacy-prefixed ({@code XXBT},
 * {@code ZUSD}) and may carry a wallet suffix ({@code XBT.F}); WebSocket v2 codes are canonical
 * ({@code BTC}). Both map to one canonical {@link Asset} whose scale comes from configuration or
 * from the public {@code Assets} endpoint, fetched once and again after {@code refreshAfter}.
 *
 * <p>An asset not in the table is never guessed: callers skip it and count it.
 *
 * <p>Thread-safe.
 */
final class KrakenAssets {
  private static final Logger log = LoggerFactory.getLogger(KrakenAssets.class);

  /** Kraken's legacy X/Z-prefixed codes and its own names for assets the world calls otherwise. */
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("XXBT", "BTC"),
          Map.entry("XBT", "BTC"),
          Map.entry("XXDG", "DOGE"),
          Map.entry("XDG", "DOGE"),
          Map.entry("XETH", "ETH"),
          Map.entry("XETC", "ETC"),
          Map.entry("XLTC", "LTC"),
          Map.entry("XMLN", "MLN"),
          Map.entry("XREP", "REP"),
          Map.entry("XXLM", "XLM"),
          Map.entry("XXMR", "XMR"),
          Map.entry("XXRP", "XRP"),
          Map.entry("XZEC", "ZEC"),
          Map.entry("ZAUD", "AUD"),
          Map.entry("ZCAD", "CAD"),
          Map.entry("ZCHF", "CHF"),
          Map.entry("ZEUR", "EUR"),
          Map.entry("ZGBP", "GBP"),
          Map.entry("ZJPY", "JPY"),
          Map.entry("ZUSD", "USD"));

  /**
   * REST suffixes of balances outside the spot wallet: yield-bearing, auto-earn, tokenized, staked,
   * opt-in rewards.
   */
  private static final Set<String> WALLET_SUFFIXES = Set.of("B", "F", "T", "S", "M");

  private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9._\\-]{1,32}");

  /**
   * A REST code split into its canonical asset code and its wallet suffix ({@code ""} for the spot
   * balance).
   */
  static final class RestCode {
    final String canonical;
    final String suffix;

    RestCode(String canonical, String suffix) {
      this.canonical = canonical;
      this.suffix = suffix;
    }

    boolean isSpot() {
      return suffix.isEmpty();
    }
  }

  /** The assets known at one moment, by canonical code. Immutable. */
  static final class Table {
    static final Table EMPTY = new Table(Map.of(), Instant.MIN);

    private final Map<String, Asset> byCode;
    private final Instant loadedAt;

    Table(Map<String, Asset> byCode, Instant loadedAt) {
      this.byCode = Collections.unmodifiableMap(new HashMap<>(byCode));
      this.loadedAt = loadedAt;
    }

    /** The asset with canonical {@code code}, or null if unknown. */
    @Nullable Asset find(String code) {
      return byCode.get(code);
    }

    int size() {
      return byCode.size();
    }
  }

  /** How a table that is not configured is fetched, and when again. */
  private record Fetching(
      Supplier<CompletableFuture<Table>> loader, Duration refreshAfter, Clock clock) {}

  // Exactly one of configured and fetching is set.
  private final @Nullable Table configured;
  private final @Nullable Fetching fetching;
  private final AtomicReference<Table> fetched = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<Table>> loading = new AtomicReference<>();

  private KrakenAssets(@Nullable Table configured, @Nullable Fetching fetching) {
    this.configured = configured;
    this.fetching = fetching;
  }

  /** Only {@code assets}, never fetched. */
  static KrakenAssets configured(Map<String, Asset> assets) {
    return new KrakenAssets(new Table(assets, Instant.MAX), null);
  }

  /** Fetched with {@code loader} on first use and again once older than {@code refreshAfter}. */
  static KrakenAssets fetched(
      Supplier<CompletableFuture<Table>> loader, Duration refreshAfter, Clock clock) {
    return new KrakenAssets(null, new Fetching(loader, refreshAfter, clock));
  }

  /**
   * {@code code} quoted if it looks like an asset code, else a placeholder: venue text is not
   * logged as it is.
   */
  static String printable(@Nullable String code) {
    return code != null && PRINTABLE.matcher(code).matches()
        ? "'" + code + "'"
        : "<unprintable code>";
  }

  /** The canonical code of a WebSocket v2 code (already canonical but for Kraken's own names). */
  static String canonical(String code) {
    return ALIASES.getOrDefault(code, code);
  }

  /**
   * A REST code split into canonical code and wallet suffix; null for a suffix Kraken does not
   * document.
   */
  static @Nullable RestCode parseRestCode(String code) {
    int dot = code.indexOf('.');
    if (dot < 0) {
      return new RestCode(canonical(code), "");
    }
    String suffix = code.substring(dot + 1);
    return dot == 0 || !WALLET_SUFFIXES.contains(suffix)
        ? null
        : new RestCode(canonical(code.substring(0, dot)), suffix);
  }

  /**
   * Reads the {@code result} of the {@code Assets} endpoint: key to {@code decimals}. Suffixed
   * entries are left out (their balances take the base asset's scale), as are entries whose code or
   * decimals an {@link Asset} cannot take.
   *
   * @throws IllegalArgumentException if {@code result} is not an object of objects
   */
  static Table readAssetsResult(JsonNode result, Instant at) {
    if (!result.isObject()) {
      throw new IllegalArgumentException("Assets result is not an object");
    }
    Map<String, Asset> byCode = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      RestCode code = parseRestCode(e.getKey());
      JsonNode decimals = e.getValue().get("decimals");
      if (code == null || !code.isSpot()) {
        continue;
      }
      if (decimals == null || !decimals.canConvertToInt() || !decimals.isIntegralNumber()) {
        throw new IllegalArgumentException(
            "Assets entry '" + code.canonical + "' has no integer 'decimals'");
      }
      try {
        byCode.putIfAbsent(code.canonical, Asset.of(code.canonical, decimals.intValue()));
      } catch (IllegalArgumentException unusable) {
        log.debug("Kraken asset '{}' skipped: {}", code.canonical, unusable.getMessage());
      }
    }
    return new Table(byCode, at);
  }

  /** Whether the table comes from configuration (and is therefore never fetched). */
  boolean isConfigured() {
    return configured != null;
  }

  /** The table known now: configured, or the last fetched (empty before the first fetch). */
  Table now() {
    if (configured != null) {
      return configured;
    }
    Table t = fetched.get();
    return t == null ? Table.EMPTY : t;
  }

  /**
   * The table, fetching it first when there is none or it is due for a refresh. A failed refresh
   * keeps the old table for another {@code refreshAfter}; a failed first fetch fails. Cancelling
   * the returned future does not cancel the fetch, which other callers may share.
   */
  CompletableFuture<Table> ready() {
    if (configured != null) {
      return CompletableFuture.completedFuture(configured);
    }
    Fetching how = Objects.requireNonNull(fetching, "a table that is not configured is fetched");
    Duration refreshAfter = how.refreshAfter();
    Clock clock = how.clock();
    Table current = fetched.get();
    if (current != null && current.loadedAt.plus(refreshAfter).isAfter(clock.instant())) {
      return CompletableFuture.completedFuture(current);
    }
    CompletableFuture<Table> mine = new CompletableFuture<>();
    CompletableFuture<Table> running = loading.compareAndExchange(null, mine);
    if (running != null) {
      return running.copy();
    }
    CompletableFuture<Table> load;
    try {
      load = how.loader().get();
    } catch (RuntimeException e) {
      load = CompletableFuture.failedFuture(e);
    }
    // Every outcome of the load is passed on to mine (a failed refresh logged here).
    var unused =
        load.whenComplete(
            (table, error) -> {
              if (error == null) {
                fetched.set(table);
              }
              loading.set(null);
              if (error == null) {
                mine.complete(table);
              } else if (current != null) {
                log.warn(
                    "Kraken asset table not refreshed, keeping the one of {} for another {}: {}",
                    current.loadedAt,
                    refreshAfter,
                    BalanceKitException.describe(Futures.unwrap(error)));
                // Not retried on every call meanwhile: each retry would spend a call of the
                // rate limit.
                fetched.compareAndSet(current, new Table(current.byCode, clock.instant()));
                mine.complete(current);
              } else {
                mine.completeExceptionally(Futures.unwrap(error));
              }
            });
    return mine.copy();
  }
}
