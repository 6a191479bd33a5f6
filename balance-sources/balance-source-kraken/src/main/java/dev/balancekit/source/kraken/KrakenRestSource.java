package dev.balancekit.source.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.source.http.Futures;
import dev.balancekit.source.http.JsonAmounts;
import dev.balancekit.source.http.VenueSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's balances from Kraken's private {@code BalanceEx}: one complete snapshot per fetch.
 * Entries of one asset ({@code XXBT}, {@code XBT.F}, ...) are summed into its total and kept apart
 * in {@link Balance#wallets()} ({@code spot:main} for the plain code, the REST code for a suffixed
 * one); {@code available = balance + credit - credit_used - hold_trade} and {@code held =
 * hold_trade} come from the plain (spot) entry only, and stay empty when it lacks {@code
 * hold_trade} or is absent.
 *
 * <p>Thread-safe.
 */
final class KrakenRestSource extends VenueSource {
  private static final Logger log = LoggerFactory.getLogger(KrakenRestSource.class);
  static final String SPOT_WALLET = "spot:main";

  private final AccountRef account;
  private final KrakenRest rest;
  private final KrakenAssets assets;
  private final Clock clock;
  private final LongAdder skippedUnknownAssets;

  /**
   * @param onClose run once, by the first {@link #close()}
   */
  KrakenRestSource(
      String name,
      AccountRef account,
      KrakenRest rest,
      KrakenAssets assets,
      Clock clock,
      LongAdder skippedUnknownAssets,
      Runnable onClose) {
    super(name, rest.client(), onClose);
    this.account = account;
    this.rest = rest;
    this.assets = assets;
    this.clock = clock;
    this.skippedUnknownAssets = skippedUnknownAssets;
  }

  /** Only the account whose API key this source holds. */
  @Override
  public boolean supports(AccountRef other) {
    return account.equals(other);
  }

  /**
   * Reads {@code BalanceEx}; the future fails with {@link
   * dev.balancekit.source.http.HttpSourceException} (kind {@code AUTH_FAILED}, {@code
   * RATE_LIMITED}, {@code MALFORMED_RESPONSE} for an amount with more decimals than its asset
   * allows, ...), {@link dev.balancekit.SourceUnavailableException} or {@link KrakenApiException}.
   */
  @Override
  protected CompletableFuture<AccountBalances> read(AccountRef requested) {
    CompletableFuture<KrakenAssets.Table> table = assets.ready();
    if (table.isDone() && !table.isCompletedExceptionally()) {
      return balanceEx(table.join());
    }
    return Futures.then(table, this::balanceEx);
  }

  private CompletableFuture<AccountBalances> balanceEx(KrakenAssets.Table table) {
    return rest.privateCall("BalanceEx", result -> read(result, table, clock.instant()));
  }

  @Override
  protected String served() {
    return "the account of its API key, " + account;
  }

  /** Reads a {@code BalanceEx} result; an unknown asset is skipped and counted. */
  AccountBalances read(JsonNode result, KrakenAssets.Table table, Instant at) {
    Map<Asset, Holding> holdings = new LinkedHashMap<>();
    List<String> unread = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      KrakenAssets.RestCode code = KrakenAssets.parseRestCode(e.getKey());
      Asset asset = code == null ? null : table.find(code.canonical);
      if (code == null || asset == null) {
        skippedUnknownAssets.increment();
        if (code != null) {
          unread.add(code.canonical); // unknown, not zero, if anyone asks
        }
        log.debug(
            "source '{}' skipped the balance of unknown asset {}",
            name(),
            KrakenAssets.printable(e.getKey()));
        continue;
      }
      if (!e.getValue().isObject()) {
        throw new IllegalArgumentException("entry " + e.getKey() + " is not an object");
      }
      holdings.computeIfAbsent(asset, Holding::new).add(e.getKey(), code, e.getValue());
    }
    List<Balance> balances = new ArrayList<>(holdings.size());
    for (Holding h : holdings.values()) {
      Balance.Builder b =
          Balance.builder(account, h.asset)
              .total(h.total)
              .wallets(h.wallets)
              .source(name())
              .observedAt(at)
              .receivedAt(at);
      // Without a spot entry holding hold_trade, both stay unknown.
      if (h.available != null) {
        b.available(h.available);
      }
      if (h.held != null) {
        b.held(h.held);
      }
      balances.add(b.build());
    }
    return AccountBalances.snapshot(account, balances, at).withUnread(unread);
  }

  /** What the entries of one asset add up to. */
  private static final class Holding {
    final Asset asset;
    final Map<String, BigDecimal> wallets = new LinkedHashMap<>();
    BigDecimal total;
    @Nullable BigDecimal available;
    @Nullable BigDecimal held;

    Holding(Asset asset) {
      this.asset = asset;
      this.total = asset.zero();
    }

    void add(String restCode, KrakenAssets.RestCode code, JsonNode entry) {
      BigDecimal balance = JsonAmounts.read(asset, restCode + " balance", entry.get("balance"));
      String wallet = code.isSpot() ? SPOT_WALLET : restCode;
      if (wallets.putIfAbsent(wallet, balance) != null) {
        throw new IllegalArgumentException(
            "two entries for the " + wallet + " wallet of " + asset.code());
      }
      total = total.add(balance);
      JsonNode holdTrade = entry.get("hold_trade");
      if (code.isSpot() && holdTrade != null) {
        BigDecimal holdAmount = JsonAmounts.read(asset, restCode + " hold_trade", holdTrade);
        held = holdAmount;
        available =
            balance
                .add(optional(restCode + " credit", entry.get("credit")))
                .subtract(optional(restCode + " credit_used", entry.get("credit_used")))
                .subtract(holdAmount);
      }
    }

    /** Kraken leaves the credit fields out of accounts without credit. */
    private BigDecimal optional(String field, @Nullable JsonNode node) {
      return node == null ? asset.zero() : JsonAmounts.read(asset, field, node);
    }
  }

  @Override
  public String toString() {
    return "KrakenRestSource{"
        + name()
        + ", "
        + account
        + ", "
        + KrakenErrors.where(rest.base())
        + ", "
        + state()
        + '}';
  }
}
