package dev.balancekit.source.kraken;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.http.Futures;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.StreamMessage;
import dev.balancekit.source.http.StreamProtocol;
import dev.balancekit.source.http.VenueClient;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kraken's WebSocket v2 {@code balances} channel for a {@link
 * dev.balancekit.source.http.ManagedWebSocket}: authenticate with a fresh {@code
 * GetWebSocketsToken} token (after making sure the asset table is loaded), subscribe with a
 * snapshot, and read frames with the streaming parser into snapshots and deltas.
 *
 * <p>The channel carries totals only, so {@code available} and {@code held} stay empty. Each
 * asset's per-wallet breakdown ({@code spot:main}, {@code earn:flex}, ...) comes from the snapshot;
 * an update moves the wallet it names by {@code amount - fee}, and the breakdown is kept only while
 * its wallets add up to the total Kraken reports and no message was missed (else it is empty until
 * the next snapshot) — a breakdown is never guessed.
 *
 * <p>Each subscription's first snapshot is also handed to the connection's resync through {@link
 * #takeConnectionSnapshot()}, so that a connect does not depend on REST; a refused subscription (an
 * expired token) fails that resync, which makes the connection reconnect and authenticate again.
 *
 * <p>Thread-safe: the reading state is guarded by this object's monitor, and futures are completed
 * outside it.
 */
final class KrakenStreamProtocol implements StreamProtocol {
  private static final Logger log = LoggerFactory.getLogger(KrakenStreamProtocol.class);

  private final String name;
  private final AccountRef account;
  private final VenueClient client;
  private final @Nullable KrakenRest rest;
  private final KrakenAssets assets;
  private final Clock clock;
  private final LongAdder skippedUnknownAssets;
  private final HttpUrl streamUrl;

  // Guarded by this.
  private final Map<String, Map<String, BigDecimal>> walletBook = new HashMap<>();
  private final Set<String> unknownWallets = new HashSet<>();
  private boolean walletBookTrusted;
  private long lastSequence = -1;
  private CompletableFuture<AccountBalances> connectionSnapshot = new CompletableFuture<>();
  private boolean connectionSnapshotReceived;
  private boolean connectionSnapshotTaken;

  /**
   * @param name the stream's name, put in {@link Balance#source()}
   * @param rest where tokens come from; null for a reader that never connects
   * @param streamUrl the WebSocket URL as http(s), named in exceptions
   */
  KrakenStreamProtocol(
      String name,
      AccountRef account,
      VenueClient client,
      @Nullable KrakenRest rest,
      KrakenAssets assets,
      Clock clock,
      LongAdder skippedUnknownAssets,
      HttpUrl streamUrl) {
    this.name = name;
    this.account = account;
    this.client = client;
    this.rest = rest;
    this.assets = assets;
    this.clock = clock;
    this.skippedUnknownAssets = skippedUnknownAssets;
    this.streamUrl = streamUrl;
  }

  /** Loads the asset table if needed, then fetches a new token: one per connection. */
  @Override
  public CompletionStage<Optional<Secret>> authenticate() {
    KrakenRest tokens = rest;
    if (tokens == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("a detached reader cannot connect"));
    }
    return Futures.then(assets.ready(), table -> tokens.webSocketToken()).thenApply(Optional::of);
  }

  /** The subscription of a new connection; resets what the previous connection built up. */
  @Override
  public List<String> subscribeMessages(Optional<Secret> credential) {
    Secret token =
        credential.orElseThrow(() -> new IllegalStateException("no token to subscribe with"));
    CompletableFuture<AccountBalances> superseded;
    synchronized (this) {
      superseded = connectionSnapshot;
      connectionSnapshot = new CompletableFuture<>();
      connectionSnapshotReceived = false;
      connectionSnapshotTaken = false;
      forgetWallets();
      lastSequence = -1;
    }
    superseded.completeExceptionally(
        SourceUnavailableException.of(name, "the connection was replaced"));
    String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(token.reveal()));
    return List.of(
        "{\"method\":\"subscribe\",\"params\":{\"channel\":\"balances\",\"token\":\""
            + quoted
            + "\",\"snapshot\":true}}");
  }

  /**
   * The first snapshot of the current subscription, the first time it is asked for after a
   * subscribe (by the connect's resync); null afterwards, when a resync (after a gap) must ask
   * REST.
   */
  synchronized @Nullable CompletableFuture<AccountBalances> takeConnectionSnapshot() {
    if (connectionSnapshotTaken) {
      return null;
    }
    connectionSnapshotTaken = true;
    return connectionSnapshot;
  }

  /**
   * Reads one frame with the streaming parser.
   *
   * @return a snapshot or delta of the {@code balances} channel; {@link StreamMessage#ignored()}
   *     for acks, heartbeats, status and other channels
   * @throws IllegalArgumentException if the frame is malformed or an amount does not fit its asset
   *     (more decimals than its scale, not a number); nothing of it is applied
   */
  @Override
  public StreamMessage read(String text) {
    BalancesFrame frame = client.streamJson(text, BalancesFrame::read);
    if (frame.method != null) {
      boolean ofBalances = frame.resultChannel == null || frame.resultChannel.equals("balances");
      if (frame.method.equals("subscribe") && ofBalances) {
        onSubscribeAnswer(frame);
      }
      return StreamMessage.ignored();
    }
    if (!"balances".equals(frame.channel)) {
      return StreamMessage.ignored();
    }
    boolean snapshot = "snapshot".equals(frame.type);
    if (!snapshot && !"update".equals(frame.type)) {
      return StreamMessage.ignored();
    }
    List<BalancesFrame.Entry> data = frame.data;
    if (data == null) {
      throw new IllegalArgumentException("a balances " + frame.type + " without data");
    }
    Instant now = clock.instant();
    return snapshot
        ? readSnapshot(frame, data, assets.now(), now)
        : readUpdate(frame, data, assets.now(), now);
  }

  private StreamMessage readSnapshot(
      BalancesFrame frame, List<BalancesFrame.Entry> data, KrakenAssets.Table table, Instant now) {
    List<Balance> balances = new ArrayList<>(data.size());
    Map<String, Map<String, BigDecimal>> book = new HashMap<>();
    List<String> withoutWallets = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    for (BalancesFrame.Entry e : data) {
      String code = assetCode(e);
      Asset asset = find(table, code);
      if (asset == null) {
        unread.add(KrakenAssets.canonical(code)); // unknown, not zero, if anyone asks
        continue;
      }
      BigDecimal total = required(asset, "balance", e.balance);
      Map<String, BigDecimal> wallets = e.wallets == null ? Map.of() : wallets(asset, e.wallets);
      // A breakdown that contradicts the total is unknown, as in updates.
      if (e.wallets == null || sum(wallets).compareTo(total) != 0) {
        wallets = Map.of();
        withoutWallets.add(asset.code());
      } else {
        book.put(asset.code(), wallets);
      }
      balances.add(balance(asset, total, wallets, now, now, frame));
    }
    AccountBalances view = AccountBalances.snapshot(account, balances, now).withUnread(unread);
    CompletableFuture<AccountBalances> firstOfConnection;
    synchronized (this) {
      forgetWallets();
      walletBook.putAll(book);
      unknownWallets.addAll(withoutWallets);
      walletBookTrusted = true;
      lastSequence = frame.sequence;
      firstOfConnection = connectionSnapshotReceived ? null : connectionSnapshot;
      connectionSnapshotReceived = true;
    }
    countSkipped(unread.size());
    if (firstOfConnection != null) {
      firstOfConnection.complete(view);
    }
    return StreamMessage.snapshot(view, sequence(frame));
  }

  private StreamMessage readUpdate(
      BalancesFrame frame, List<BalancesFrame.Entry> data, KrakenAssets.Table table, Instant now) {
    List<AssetChange> changes = new ArrayList<>(data.size());
    int skipped = 0;
    synchronized (this) {
      boolean inOrder =
          !frame.hasSequence() || lastSequence < 0 || frame.sequence == lastSequence + 1;
      boolean trusted = walletBookTrusted && inOrder;
      for (BalancesFrame.Entry e : data) {
        Asset asset = find(table, assetCode(e));
        if (asset == null) {
          skipped++;
          continue;
        }
        // Entries of one asset come in ledger order: the last one's balance is the asset's total.
        AssetChange c =
            AssetChange.of(
                changes,
                asset,
                required(asset, "balance", e.balance),
                e.timestamp == null ? now : e.timestamp,
                walletBook.getOrDefault(asset.code(), Map.of()));
        if (c.walletsUnknown) {
          continue;
        }
        if (!trusted
            || unknownWallets.contains(asset.code())
            || e.walletType == null
            || e.walletId == null
            || e.amount == null) {
          c.walletsUnknown = true;
          continue;
        }
        BigDecimal moved = e.fee == null ? e.amount : e.amount.subtract(e.fee);
        c.wallets.merge(e.walletType + ":" + e.walletId, moved, BigDecimal::add);
      }
      List<Balance> balances = new ArrayList<>(changes.size());
      for (AssetChange c : changes) {
        if (!c.walletsUnknown && sum(c.wallets).compareTo(c.total) != 0) {
          c.walletsUnknown = true;
        }
        balances.add(
            balance(
                c.asset,
                c.total,
                c.walletsUnknown ? Map.of() : c.wallets,
                c.observedAt,
                now,
                frame));
      }
      AccountBalances delta = AccountBalances.partial(account, balances, now);
      // Committed only now: a malformed frame changes nothing.
      if (inOrder) {
        for (AssetChange c : changes) {
          if (c.walletsUnknown) {
            walletBook.remove(c.asset.code());
            unknownWallets.add(c.asset.code());
          } else {
            walletBook.put(c.asset.code(), c.wallets);
          }
        }
      } else {
        forgetWallets();
      }
      if (frame.hasSequence()) {
        lastSequence = frame.sequence;
      }
      countSkipped(skipped);
      return StreamMessage.delta(delta, sequence(frame));
    }
  }

  /** What one update does to one asset. */
  private static final class AssetChange {
    final Asset asset;
    BigDecimal total;
    Instant observedAt;

    /** The breakdown as the entries so far move it; meaningless once {@code walletsUnknown}. */
    final Map<String, BigDecimal> wallets;

    boolean walletsUnknown;

    private AssetChange(
        Asset asset, BigDecimal total, Instant observedAt, Map<String, BigDecimal> wallets) {
      this.asset = asset;
      this.total = total;
      this.observedAt = observedAt;
      this.wallets = new LinkedHashMap<>(wallets);
    }

    /**
     * The change of {@code asset} in {@code changes} with {@code total} and {@code observedAt} as
     * its latest, added (its breakdown starting from {@code booked}) if new; updates touch one or
     * two assets.
     */
    static AssetChange of(
        List<AssetChange> changes,
        Asset asset,
        BigDecimal total,
        Instant observedAt,
        Map<String, BigDecimal> booked) {
      for (AssetChange c : changes) {
        if (c.asset.equals(asset)) {
          c.total = total;
          c.observedAt = observedAt;
          return c;
        }
      }
      AssetChange c = new AssetChange(asset, total, observedAt, booked);
      changes.add(c);
      return c;
    }
  }

  private void onSubscribeAnswer(BalancesFrame frame) {
    if (frame.success) {
      log.debug("stream '{}' subscribed to balances", name);
      return;
    }
    String error = KrakenErrors.sanitise(frame.error);
    RuntimeException refused = KrakenErrors.forErrors(name, streamUrl, List.of(error), null);
    CompletableFuture<AccountBalances> pending;
    synchronized (this) {
      pending = connectionSnapshotReceived ? null : connectionSnapshot;
    }
    log.warn(
        "stream '{}': Kraken refused the balances subscription ({}); reconnecting with a new token",
        name,
        error);
    if (pending != null) {
      pending.completeExceptionally(refused);
    }
  }

  /** Guarded by this: no breakdown is trusted until the next snapshot. */
  private void forgetWallets() {
    walletBook.clear();
    unknownWallets.clear();
    walletBookTrusted = false;
  }

  private static String assetCode(BalancesFrame.Entry e) {
    if (e.asset == null) {
      throw new IllegalArgumentException("a data entry without asset");
    }
    return e.asset;
  }

  /** The asset of WebSocket code {@code code}, or null (logged) if the table does not know it. */
  private @Nullable Asset find(KrakenAssets.Table table, String code) {
    Asset asset = table.find(KrakenAssets.canonical(code));
    if (asset == null) {
      log.debug(
          "stream '{}' skipped the balance of unknown asset {}",
          name,
          KrakenAssets.printable(code));
    }
    return asset;
  }

  private void countSkipped(int skipped) {
    if (skipped > 0) {
      skippedUnknownAssets.add(skipped);
    }
  }

  private static Map<String, BigDecimal> wallets(Asset asset, List<BalancesFrame.Wallet> reported) {
    Map<String, BigDecimal> wallets = new LinkedHashMap<>();
    for (BalancesFrame.Wallet w : reported) {
      if (w.type == null || w.id == null) {
        throw new IllegalArgumentException("a wallet of " + asset.code() + " without type or id");
      }
      String key = w.type + ":" + w.id;
      if (wallets.put(key, required(asset, "wallet " + key, w.balance)) != null) {
        throw new IllegalArgumentException(
            "wallet " + key + " of " + asset.code() + " is listed twice");
      }
    }
    return wallets;
  }

  private static BigDecimal required(Asset asset, String field, @Nullable BigDecimal value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " of " + asset.code() + " is missing");
    }
    return value;
  }

  private static BigDecimal sum(Map<String, BigDecimal> wallets) {
    BigDecimal sum = BigDecimal.ZERO;
    for (BigDecimal amount : wallets.values()) {
      sum = sum.add(amount);
    }
    return sum;
  }

  private Balance balance(
      Asset asset,
      BigDecimal total,
      Map<String, BigDecimal> wallets,
      Instant observedAt,
      Instant receivedAt,
      BalancesFrame frame) {
    Balance.Builder b =
        Balance.builder(account, asset)
            .total(total)
            .wallets(wallets)
            .source(name)
            .observedAt(observedAt)
            .receivedAt(receivedAt);
    if (frame.hasSequence()) {
      b.sequence(frame.sequence);
    }
    return b.build();
  }

  private static OptionalLong sequence(BalancesFrame frame) {
    return frame.hasSequence() ? OptionalLong.of(frame.sequence) : OptionalLong.empty();
  }

  @Override
  public String toString() {
    return "KrakenStreamProtocol{" + name + ", " + account + '}';
  }
}
