package dev.balancekit.source.kraken;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.http.Checks;
import dev.balancekit.source.http.ManagedWebSocket;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.StreamMessage;
import dev.balancekit.source.http.VenueClient;
import dev.balancekit.source.http.VenueConfig;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.StreamingBalanceSource;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Kraken spot balances of one account (the one its API key belongs to): a {@linkplain #stream()
 * streaming source} on the WebSocket v2 {@code balances} channel and a {@linkplain #rest() REST
 * source} on {@code BalanceEx}, sharing one {@link VenueClient} (rate limiter, circuit breaker,
 * retries).
 *
 * <pre>{@code
 * KrakenSource kraken = KrakenSource.builder()
 *     .account(AccountRef.of("kraken", "main"))
 *     .apiKey(Secret.of(System.getenv("KRAKEN_API_KEY")))
 *     .apiSecret(Secret.of(System.getenv("KRAKEN_API_SECRET")))
 *     .build();
 * BalanceManager manager = BalanceManager.builder()
 *     .source(kraken.stream()).fallback(kraken.rest()).cache(cache).build();
 * }</pre>
 *
 * <h2>Stream</h2>
 *
 * Every (re)connect fetches a new token ({@code GetWebSocketsToken}; Kraken wants it used within 15
 * minutes), subscribes with a snapshot and becomes LIVE once that snapshot is in; updates are
 * merged into it. A sequence gap resyncs from {@code BalanceEx}; a refused subscription (an expired
 * token) reconnects with a new token; a dropped connection reconnects with backoff and keeps the
 * last view (DEGRADED) meanwhile. The channel carries totals only: {@code available} and {@code
 * held} of streamed balances are empty. {@link dev.balancekit.Balance#wallets()} holds the
 * per-wallet totals ({@code spot:main}, {@code earn:flex}, ...) while they are known exactly.
 *
 * <h2>REST</h2>
 *
 * {@code BalanceEx} signed as Kraken specifies (nonce, {@code API-Key}, {@code API-Sign}); REST
 * codes ({@code XXBT}, {@code ZUSD}, suffixes {@code .B .F .T .S .M}) become canonical assets
 * ({@code BTC}, {@code USD}), a suffixed entry adding to its asset's total; {@code available =
 * balance + credit - credit_used - hold_trade} and {@code held = hold_trade} of the plain (spot)
 * entry. Kraken's errors become {@link dev.balancekit.source.http.HttpSourceException} ({@code
 * AUTH_FAILED}, {@code RATE_LIMITED}), {@link dev.balancekit.SourceUnavailableException} (outages)
 * or {@link KrakenApiException} (invalid nonce, anything else).
 *
 * <h2>Amounts</h2>
 *
 * JSON numbers and strings alike become exact {@code BigDecimal}s at the asset's scale, from the
 * {@linkplain Builder#assets configured assets} or else Kraken's public {@code Assets} endpoint
 * (fetched once, refreshed after {@linkplain Builder#assetTableRefresh a while}). A value with more
 * decimals than its asset allows is never rounded: a stream message holding one is skipped and
 * counted in {@link #malformedMessages()}, a REST answer holding one fails with kind {@code
 * MALFORMED_RESPONSE}. A balance of an asset not in the table is skipped and counted in {@link
 * #skippedUnknownAssets()}, never guessed.
 *
 * <p>Secrets (API key, API secret, WebSocket tokens) never appear in logs, {@code toString()} or
 * exception messages.
 *
 * <p>Thread-safe. Owns the venue client's threads and the stream's connection until {@link
 * #close()}, or until both sources are closed (as a manager that owns them does when it closes).
 */
public final class KrakenSource implements AutoCloseable {
  /** Kraken's production REST base URL. */
  public static final String DEFAULT_REST_URL = "https://api.kraken.com";

  /** Kraken's production authenticated WebSocket v2 URL. */
  public static final String DEFAULT_WEBSOCKET_URL = "wss://ws-auth.kraken.com/v2";

  private final String name;
  private final AccountRef account;
  private final VenueClient client;
  private final KrakenAssets assets;
  private final KrakenRestSource rest;
  private final KrakenStream stream;
  private final HttpUrl webSocketUrl;
  private final Clock clock;
  private final LongAdder skippedUnknownAssets;
  private final AtomicInteger openSources = new AtomicInteger(2);

  private KrakenSource(
      Builder b,
      AccountRef account,
      Secret apiKey,
      KrakenSigner signer,
      VenueConfig venueConfig,
      Duration assetTableRefresh) {
    this.name = b.name;
    this.account = account;
    this.clock = b.clock;
    this.webSocketUrl = b.webSocketUrl;
    this.skippedUnknownAssets = new LongAdder();
    this.client = VenueClient.create(venueConfig);
    KrakenRest calls = new KrakenRest(client, b.restUrl, apiKey, signer, b.rateLimitWait);
    this.assets =
        b.configuredAssets != null
            ? KrakenAssets.configured(b.configuredAssets)
            : KrakenAssets.fetched(() -> calls.assets(clock), assetTableRefresh, clock);
    this.rest =
        new KrakenRestSource(
            name + "-rest",
            account,
            calls,
            assets,
            clock,
            skippedUnknownAssets,
            this::sourceClosed);
    KrakenStreamProtocol protocol =
        new KrakenStreamProtocol(
            name + "-stream",
            account,
            client,
            calls,
            assets,
            clock,
            skippedUnknownAssets,
            webSocketUrl);
    ManagedWebSocket socket =
        ManagedWebSocket.builder()
            .name(name + "-stream")
            .client(client)
            .url(b.webSocketUrlText)
            .protocol(protocol)
            .snapshotSource(KrakenStream.resyncSource(protocol, rest))
            .reconnectBackoff(b.reconnectInitial, b.reconnectMax)
            .build();
    this.stream = new KrakenStream(socket, account, rest, this::sourceClosed);
  }

  /**
   * The venue client goes when both sources have gone, so that closing a manager that owns them
   * frees it.
   */
  private void sourceClosed() {
    if (openSources.decrementAndGet() == 0) {
      client.close();
    }
  }

  /** A builder; {@code account}, {@code apiKey} and {@code apiSecret} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The streaming source, for {@code BalanceManager.Builder.source}. It connects when a manager
   * attaches it; its {@code fetch} answers from the view while LIVE and from {@code BalanceEx}
   * otherwise.
   */
  public StreamingBalanceSource stream() {
    return stream;
  }

  /**
   * The REST source on {@code BalanceEx}, for {@code BalanceManager.Builder.fallback}; also the
   * stream's resync.
   */
  public BalanceSource rest() {
    return rest;
  }

  /**
   * A new reader of {@code balances} frames, independent of the stream: for replaying recorded
   * frames, diagnostics and benchmarks. It reads with this source's account, clock and the assets
   * known now (the configured ones, or the table last fetched), and keeps its own per-wallet state;
   * what it reads never reaches the stream's view or counters. The function throws {@link
   * IllegalArgumentException} for a malformed frame or an amount that does not fit its asset. Give
   * it frames in order, from one thread at a time.
   */
  public Function<String, StreamMessage> messageReader() {
    return new KrakenStreamProtocol(
            name + "-stream", account, client, null, assets, clock, new LongAdder(), webSocketUrl)
        ::read;
  }

  /**
   * Stream messages that could not be read and were skipped (malformed, or an amount beyond its
   * asset's scale).
   */
  public long malformedMessages() {
    return stream.socket().malformedMessages();
  }

  /** Balances of assets not in the asset table, skipped by the stream or by REST. */
  public long skippedUnknownAssets() {
    return skippedUnknownAssets.sum();
  }

  /** Sequence gaps the stream saw; each starts a resync from {@code BalanceEx}. */
  public long sequenceGaps() {
    return stream.socket().sequenceGaps();
  }

  /**
   * Resyncs the stream started: one per subscription (from its own snapshot) and one per gap (from
   * REST).
   */
  public long resyncs() {
    return stream.socket().resyncs();
  }

  /** Reconnects the stream scheduled after losing or failing to set up its connection. */
  public long reconnects() {
    return stream.socket().reconnects();
  }

  /**
   * Closes the stream, the REST source and the venue client. Idempotent. Closing a manager that
   * owns both sources has the same effect: the venue client is closed once both sources are.
   */
  @Override
  public void close() {
    stream.close();
    rest.close();
  }

  @Override
  public String toString() {
    return "KrakenSource{"
        + name
        + ", "
        + account
        + ", stream="
        + stream.state()
        + ", rest="
        + rest.state()
        + ", assets="
        + (assets.isConfigured() ? "configured" : "fetched")
        + '}';
  }

  /**
   * Builds a {@link KrakenSource}. Each setter checks its argument at once and throws {@link
   * IllegalArgumentException} naming it and its value (never a secret's value); {@link #build()}
   * throws {@link IllegalStateException} for missing or conflicting settings. Not thread-safe.
   */
  public static final class Builder {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.\\-]{0,40}");

    private String name = "kraken";
    private @Nullable AccountRef account;
    private @Nullable Secret apiKey;
    private @Nullable KrakenSigner signer;
    private HttpUrl restUrl = HttpUrl.get(DEFAULT_REST_URL);
    private String webSocketUrlText = DEFAULT_WEBSOCKET_URL;
    private HttpUrl webSocketUrl = HttpUrl.get("https://ws-auth.kraken.com/v2");
    private @Nullable VenueConfig venueConfig;
    private @Nullable Map<String, Asset> configuredAssets;
    private @Nullable Duration assetTableRefresh;
    private Duration rateLimitWait = Duration.ofSeconds(3);
    private Duration reconnectInitial = Duration.ofMillis(500);
    private Duration reconnectMax = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Prefix of the sources' names: {@code <name>-stream} and {@code <name>-rest}. Default {@code
     * kraken}.
     *
     * @throws IllegalArgumentException unless 1-41 lower-case letters, digits, {@code _ . -}
     */
    public Builder name(String value) {
      if (value == null || !NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "name must be 1-41 lower-case letters, digits, '_', '.' or '-', but was "
                + Checks.quote(value));
      }
      this.name = value;
      return this;
    }

    /**
     * The account the API key belongs to, for example {@code AccountRef.of("kraken", "main")}.
     * Required.
     *
     * @throws IllegalArgumentException if null or not on a {@code kraken} venue
     */
    public Builder account(AccountRef value) {
      if (value == null || !value.venueFamily().equals("kraken")) {
        throw new IllegalArgumentException(
            "account must be on a 'kraken' venue (for example kraken/main), but was " + value);
      }
      this.account = value;
      return this;
    }

    /**
     * The public API key, sent as {@code API-Key}. Required.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder apiKey(Secret value) {
      if (value == null) {
        throw new IllegalArgumentException("apiKey must not be null");
      }
      this.apiKey = value;
      return this;
    }

    /**
     * The private API key, base64 as Kraken issues it; it signs requests and is never sent.
     * Required.
     *
     * @throws IllegalArgumentException if null or not base64 (the message never repeats it)
     */
    public Builder apiSecret(Secret value) {
      if (value == null) {
        throw new IllegalArgumentException("apiSecret must not be null");
      }
      this.signer = new KrakenSigner(value);
      return this;
    }

    /**
     * The REST base URL; {@code /0/private/...} and {@code /0/public/...} are appended. Default
     * {@value KrakenSource#DEFAULT_REST_URL}.
     *
     * @throws IllegalArgumentException if not an http(s) URL, or it has a query or fragment
     */
    public Builder restUrl(String value) {
      HttpUrl parsed = value == null ? null : HttpUrl.parse(value.strip());
      if (parsed == null || parsed.query() != null || parsed.fragment() != null) {
        throw new IllegalArgumentException(
            "restUrl must be an http(s) URL without query or fragment, but was "
                + Checks.quote(value));
      }
      this.restUrl = parsed;
      return this;
    }

    /**
     * The authenticated WebSocket v2 URL. Default {@value KrakenSource#DEFAULT_WEBSOCKET_URL}.
     *
     * @throws IllegalArgumentException if not a ws(s) URL, or it has a query or fragment
     */
    public Builder webSocketUrl(String value) {
      String text = value == null ? "" : value.strip();
      String asHttp = text.replaceFirst("(?i)^ws:", "http:").replaceFirst("(?i)^wss:", "https:");
      HttpUrl parsed = asHttp.equals(text) ? null : HttpUrl.parse(asHttp);
      if (parsed == null || parsed.query() != null || parsed.fragment() != null) {
        throw new IllegalArgumentException(
            "webSocketUrl must be a ws:// or wss:// URL without query or fragment, "
                + "but was "
                + Checks.quote(value));
      }
      this.webSocketUrlText = text;
      this.webSocketUrl = parsed;
      return this;
    }

    /**
     * Timeouts, breaker, retries, rate limit and JSON limits of the Kraken calls and stream.
     * Default: name {@code kraken}, at most 15 calls per 45 s (Kraken's starter tier: a counter of
     * 15 that decays by 0.33 per second), the rest as {@link VenueConfig}'s defaults.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder venueConfig(VenueConfig value) {
      if (value == null) {
        throw new IllegalArgumentException("venueConfig must not be null");
      }
      this.venueConfig = value;
      return this;
    }

    /**
     * The only assets to read, by canonical code ({@code BTC}, not {@code XXBT}) with their scales;
     * then the {@code Assets} endpoint is never called and any other asset is skipped and counted.
     * By default the asset table is fetched from Kraken.
     *
     * @throws IllegalArgumentException if none is given, one is null, or two share a code
     */
    public Builder assets(Asset... values) {
      if (values == null || values.length == 0) {
        throw new IllegalArgumentException("assets must list at least one asset");
      }
      Map<String, Asset> byCode = new LinkedHashMap<>();
      for (Asset a : values) {
        if (a == null) {
          throw new IllegalArgumentException("assets must not contain null");
        }
        if (byCode.put(a.code(), a) != null) {
          throw new IllegalArgumentException("assets lists " + a.code() + " twice");
        }
      }
      this.configuredAssets = byCode;
      return this;
    }

    /**
     * How long a fetched asset table is used before it is fetched again (a failed refresh keeps the
     * old one). Default 1 hour. Not for configured assets.
     *
     * @throws IllegalArgumentException if null or not positive
     */
    public Builder assetTableRefresh(Duration value) {
      this.assetTableRefresh = Checks.positive("assetTableRefresh", value);
      return this;
    }

    /**
     * How long to hold off after Kraken's {@code EAPI:Rate limit exceeded}, which comes without a
     * Retry-After; the venue client waits this long before a retry and reports DEGRADED meanwhile.
     * Default 3 s (Kraken's starter tier regains one call in about 3 s).
     *
     * @throws IllegalArgumentException if null or not positive
     */
    public Builder rateLimitBackoff(Duration value) {
      this.rateLimitWait = Checks.positive("rateLimitBackoff", value);
      return this;
    }

    /**
     * Stream reconnect delays start near {@code initial} and double per failed attempt up to {@code
     * max} (jittered). Default 500 ms to 30 s.
     *
     * @throws IllegalArgumentException if either is null or under 1 ms, or {@code max} is below
     *     {@code initial}
     */
    public Builder reconnectBackoff(Duration initial, Duration max) {
      Checks.backoff("reconnectBackoff", initial, max);
      this.reconnectInitial = initial;
      this.reconnectMax = max;
      return this;
    }

    /**
     * The clock stamping received balances (and judging the asset table's age). Default UTC system
     * clock.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder clock(Clock value) {
      if (value == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = value;
      return this;
    }

    /**
     * Returns the source; its venue client's threads start now, the stream connects when attached.
     *
     * @throws IllegalStateException if account, apiKey or apiSecret is missing, or
     *     assetTableRefresh is set together with configured assets
     */
    public KrakenSource build() {
      if (account == null || apiKey == null || signer == null) {
        throw new IllegalStateException(
            "a KrakenSource needs account, apiKey and apiSecret (account="
                + account
                + ", apiKey="
                + (apiKey == null ? "missing" : "set")
                + ", apiSecret="
                + (signer == null ? "missing" : "set")
                + ")");
      }
      if (configuredAssets != null && assetTableRefresh != null) {
        throw new IllegalStateException(
            "assetTableRefresh applies to the fetched asset table, but assets are"
                + " configured ("
                + configuredAssets.keySet()
                + ")");
      }
      return new KrakenSource(
          this,
          account,
          apiKey,
          signer,
          venueConfig != null
              ? venueConfig
              : VenueConfig.custom().name("kraken").rateLimit(15, Duration.ofSeconds(45)).build(),
          assetTableRefresh != null ? assetTableRefresh : Duration.ofHours(1));
    }
  }
}
