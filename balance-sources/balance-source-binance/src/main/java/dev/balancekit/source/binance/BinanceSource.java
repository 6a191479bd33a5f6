package dev.balancekit.source.binance;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.http.Checks;
import dev.balancekit.source.http.ManagedWebSocket;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.StreamProtocol;
import dev.balancekit.source.http.VenueClient;
import dev.balancekit.source.http.VenueConfig;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.StreamingBalanceSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Binance spot balances of one account (one API key): a streaming source over the WebSocket API
 * user data stream, and a REST source over {@code GET /api/v3/account}, sharing one HTTP client,
 * one rate limit and one circuit breaker. Use the stream as a {@code BalanceManager}'s source and
 * the REST source as its fallback; the stream also resyncs from REST after every (re)connect.
 *
 * <pre>{@code
 * BinanceSource binance = BinanceSource.builder()
 *     .account(AccountRef.of("binance", "main"))
 *     .apiKey(Secret.of(System.getenv("BINANCE_API_KEY")))
 *     .secretKey(Secret.of(System.getenv("BINANCE_SECRET_KEY")))
 *     .asset(Asset.of("BTC", 8)).asset(Asset.of("USDT", 8))
 *     .build();
 * BalanceManager manager = BalanceManager.builder()
 *     .source(binance.stream())
 *     .fallback(binance.rest())
 *     .build();
 * }</pre>
 *
 * <p><b>Stream.</b> Every connection subscribes with {@code userDataStream.subscribe.signature},
 * signed with HMAC-SHA256 over its sorted parameters and a fresh {@code timestamp}; once Binance
 * accepts the subscription the stream fetches the REST account and goes LIVE. {@code
 * outboundAccountPosition} sets the free and locked amounts of the assets it lists; {@code
 * balanceUpdate} adds its signed delta to the free amount. Binance numbers neither, so each value
 * is ordered by the account update time it reflects ({@code u}, the delta's clear time {@code T},
 * REST {@code updateTime}; carried as {@code Balance.sequence()}): an older event never overwrites
 * a newer value, a delta a later value already includes is not added twice, and events that race a
 * resync give the same result whichever comes first. After a drop the stream reconnects with
 * backoff, re-signs and resyncs, keeping the last view meanwhile. When Binance ends the event
 * stream ({@code eventStreamTerminated}, {@code serverShutdown}), and before a connection is {@code
 * maxConnectionAge} old (Binance ends connections after 24 hours), it subscribes anew on a new
 * connection by itself.
 *
 * <p><b>REST.</b> {@code GET /api/v3/account} signed over its query ({@code recvWindow}, {@code
 * timestamp}) with the key in {@code X-MBX-APIKEY}; {@code free} becomes available, {@code locked}
 * held, their sum the total. HTTP 429 and 418 fail with {@link
 * dev.balancekit.source.http.HttpSourceException} of kind {@code RATE_LIMITED}; the retry honours
 * {@code Retry-After}, and until it has passed further calls (and stream subscriptions) fail fast
 * with {@link dev.balancekit.SourceUnavailableException} instead of reaching Binance.
 *
 * <p><b>Amounts</b> are read exactly, as the configured {@link Asset}s allow: a value with more
 * decimals than its asset's scale is reported, never rounded (a REST answer fails as a malformed
 * response; a stream message is logged, counted in {@link #malformedMessages()} and skipped).
 * Assets that were not configured are skipped and counted, never guessed.
 *
 * <p><b>Secrets</b> (API key, secret key, signatures) never appear in logs, {@code toString()} or
 * exception messages.
 *
 * <p>Thread-safe. It owns threads until both sources are closed (a {@code BalanceManager} closes
 * the sources it was given) or {@link #close()} is called.
 */
public final class BinanceSource implements AutoCloseable {
  /**
   * Deltas held per asset on top of its newest position, at most; a position that includes them
   * comes with every balance change, so more means positions stopped coming. The oldest is dropped
   * with a warning.
   */
  private static final int MAX_DELTAS_PER_ASSET = 10_000;

  /** Why a required setting is present in the constructor: {@link Builder#build()} checked it. */
  private static final String CHECKED_BY_BUILD = "checked by build()";

  private final String name;
  private final AccountRef account;
  private final Map<String, Asset> assets;
  private final VenueClient client;
  private final HttpUrl webSocketEndpoint;
  private final Secret apiKey;
  private final BinanceSigner signer;
  private final Duration recvWindow;
  private final Clock clock;
  private final Counters counters = new Counters();
  private final AtomicInteger openSources = new AtomicInteger(2);
  private final BinanceRest rest;
  private final BinanceUserStream stream;

  private BinanceSource(Builder b) {
    this.name = b.name;
    this.account = Objects.requireNonNull(b.account, CHECKED_BY_BUILD);
    this.assets = Collections.unmodifiableMap(new LinkedHashMap<>(b.assets));
    this.client =
        VenueClient.create(
            b.venueConfig != null
                ? b.venueConfig
                : VenueConfig.custom().name(b.name).rateLimit(2, Duration.ofSeconds(1)).build());
    this.webSocketEndpoint = b.webSocketUrl;
    this.apiKey = Objects.requireNonNull(b.apiKey, CHECKED_BY_BUILD);
    this.signer = new BinanceSigner(Objects.requireNonNull(b.secretKey, CHECKED_BY_BUILD));
    this.recvWindow = b.recvWindow;
    this.clock = b.clock;
    String streamName = name + "-stream";
    this.rest =
        new BinanceRest(
            name + "-rest",
            account,
            client,
            b.restBaseUrl,
            apiKey,
            signer,
            recvWindow,
            assets,
            clock,
            counters,
            this::sourceClosed);
    BinanceBook book = new BinanceBook(account, streamName, counters, MAX_DELTAS_PER_ASSET);
    String url = b.webSocketUrl.toString().replaceFirst("^http", "ws");
    this.stream =
        new BinanceUserStream(
            streamName,
            book,
            rest,
            counters,
            session -> protocol(streamName, book, counters, session),
            (protocol, resync) ->
                ManagedWebSocket.builder()
                    .name(streamName)
                    .client(client)
                    .url(url)
                    .protocol(protocol)
                    .snapshotSource(resync)
                    .reconnectBackoff(b.reconnectInitial, b.reconnectMax)
                    .maxReconnectAttempts(b.maxReconnectAttempts)
                    .build(),
            b.maxConnectionAge,
            b.reconnectInitial,
            b.reconnectMax,
            this::sourceClosed);
  }

  /**
   * A builder; {@code account}, {@code apiKey}, {@code secretKey} and at least one asset are
   * required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The account the API key belongs to, which both sources serve. */
  public AccountRef account() {
    return account;
  }

  /**
   * The user data stream, named {@code <name>-stream}; the same instance on every call. It connects
   * when attached to a manager; its view is empty until the first REST snapshot after Binance
   * accepted the subscription.
   */
  public StreamingBalanceSource stream() {
    return stream;
  }

  /** The REST account source, named {@code <name>-rest}; the same instance on every call. */
  public BalanceSource rest() {
    return rest;
  }

  /**
   * A new protocol of the user data stream for this account and these assets, with a view of its
   * own (not shared with {@link #stream()}), for driving a {@code ManagedWebSocket} of your own or
   * for measuring: its {@link StreamProtocol#read(String)} parses one text frame with a streaming
   * parser, merges it into its view and returns what changed. Thread-safe.
   */
  public StreamProtocol streamProtocol() {
    Counters own = new Counters();
    String streamName = name + "-stream";
    return protocol(
        streamName,
        new BinanceBook(account, streamName, own, MAX_DELTAS_PER_ASSET),
        own,
        BinanceStreamProtocol.SessionEvents.NONE);
  }

  /** Stream messages that could not be read (malformed, over-precise amounts) and were skipped. */
  public long malformedMessages() {
    return counters.malformedMessages.sum();
  }

  /** Balances of assets that were not configured, skipped (stream events and REST answers). */
  public long skippedUnknownAssets() {
    return counters.skippedUnknownAssets.sum();
  }

  /**
   * Values not applied because the view already held a newer one (or, for a delta, one that
   * includes it).
   */
  public long ignoredStaleValues() {
    return counters.ignoredStaleValues.sum();
  }

  /** Resyncs of the stream from REST started (after every connect). */
  public long resyncs() {
    return counters.resyncs.sum();
  }

  /** Stream subscriptions Binance refused (each followed by a reconnect with a fresh signature). */
  public long subscriptionFailures() {
    return counters.subscriptionFailures.sum();
  }

  /**
   * Times the stream subscribed anew on a new connection (stream ended by Binance, connection age).
   */
  public long sessionRenewals() {
    return counters.sessionRenewals.sum();
  }

  /** Closes both sources and releases the HTTP client and threads. Idempotent. */
  @Override
  public void close() {
    stream.close();
    rest.close();
  }

  @Override
  public String toString() {
    return "BinanceSource{"
        + name
        + ", "
        + account
        + ", assets="
        + assets.keySet()
        + ", stream="
        + stream.state()
        + ", rest="
        + rest.state()
        + '}';
  }

  private BinanceStreamProtocol protocol(
      String streamName,
      BinanceBook book,
      Counters counts,
      BinanceStreamProtocol.SessionEvents session) {
    return new BinanceStreamProtocol(
        streamName,
        client,
        webSocketEndpoint,
        apiKey,
        signer,
        recvWindow,
        assets,
        book,
        clock,
        counts,
        session);
  }

  private void sourceClosed() {
    if (openSources.decrementAndGet() == 0) {
      client.close();
    }
  }

  /**
   * Builds a {@link BinanceSource}. Every setter checks its argument at once and names it and the
   * value (never a secret's value) in the {@link IllegalArgumentException}; {@link #build()}
   * reports what is missing. Not thread-safe.
   *
   * <table>
   *   <caption>Settings and defaults</caption>
   *   <tr><th>setting</th><th>default</th></tr>
   *   <tr><td>name</td><td>{@code binance}: sources {@code binance-stream} and {@code binance-rest}</td></tr>
   *   <tr><td>restBaseUrl</td><td>{@code https://api.binance.com}</td></tr>
   *   <tr><td>webSocketUrl</td><td>{@code wss://ws-api.binance.com:443/ws-api/v3}</td></tr>
   *   <tr><td>recvWindow</td><td>5 s</td></tr>
   *   <tr><td>venueConfig</td><td>named after {@code name}, at most 2 REST calls per second (the account
   *       call weighs 20 of the IP's 6,000 per minute), other settings as {@link VenueConfig} defaults</td></tr>
   *   <tr><td>reconnectBackoff</td><td>500 ms doubling up to 30 s</td></tr>
   *   <tr><td>maxReconnectAttempts</td><td>1,000 failed connects in a row, then the stream closes</td></tr>
   *   <tr><td>maxConnectionAge</td><td>23 h</td></tr>
   *   <tr><td>clock</td><td>system UTC: request timestamps and receipt times</td></tr>
   * </table>
   */
  public static final class Builder {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.\\-]{0,47}");
    private static final Duration MAX_RECV_WINDOW = Duration.ofSeconds(60);
    private static final Duration MAX_CONNECTION_AGE = Duration.ofHours(24);

    private String name = "binance";
    private @Nullable AccountRef account;
    private @Nullable Secret apiKey;
    private @Nullable Secret secretKey;
    private final Map<String, Asset> assets = new LinkedHashMap<>();
    private HttpUrl restBaseUrl = HttpUrl.get("https://api.binance.com");
    private HttpUrl webSocketUrl = HttpUrl.get("https://ws-api.binance.com:443/ws-api/v3");
    private Duration recvWindow = Duration.ofSeconds(5);
    private @Nullable VenueConfig venueConfig;
    private Duration reconnectInitial = Duration.ofMillis(500);
    private Duration reconnectMax = Duration.ofSeconds(30);
    private int maxReconnectAttempts = 1000;
    private Duration maxConnectionAge = Duration.ofHours(23);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The prefix of the source names and of the venue client's name (when no {@link #venueConfig}
     * is set): 1-48 lower-case letters, digits, {@code _ . -}.
     *
     * @throws IllegalArgumentException if null or malformed
     */
    public Builder name(String value) {
      if (value == null || !NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "name must be 1-48 lower-case letters, digits, '_', '.' or '-', but was "
                + Checks.quote(value));
      }
      this.name = value;
      return this;
    }

    /**
     * The account the API key belongs to, as the manager names it (for example {@code
     * binance/main}).
     *
     * @throws IllegalArgumentException if null
     */
    public Builder account(AccountRef value) {
      this.account = Checks.notNull("account", value);
      return this;
    }

    /**
     * The API key, sent in {@code X-MBX-APIKEY} and in the stream subscription.
     *
     * @throws IllegalArgumentException if null or not printable ASCII without spaces (the message
     *     does not repeat it)
     */
    public Builder apiKey(Secret value) {
      Checks.notNull("apiKey", value);
      // A header value OkHttp rejects would be quoted in its exception message.
      if (!value.reveal().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException("apiKey must be printable ASCII without spaces");
      }
      this.apiKey = value;
      return this;
    }

    /**
     * The secret key that signs requests (HMAC-SHA256). Never sent.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder secretKey(Secret value) {
      this.secretKey = Checks.notNull("secretKey", value);
      return this;
    }

    /**
     * Reads balances of {@code asset}, whose code must be Binance's (for example {@code BTC}), at
     * its scale. Balances of assets not added are skipped and counted.
     *
     * @throws IllegalArgumentException if null or an asset with that code was added before
     */
    public Builder asset(Asset value) {
      Checks.notNull("asset", value);
      Asset previous = assets.putIfAbsent(value.code(), value);
      if (previous != null) {
        throw new IllegalArgumentException(
            "asset " + value + " has the code of " + previous + ", added before");
      }
      return this;
    }

    /**
     * {@link #asset(Asset)} for each of {@code values}.
     *
     * @throws IllegalArgumentException if {@code values} or one of them is null, or codes repeat
     */
    public Builder assets(Iterable<Asset> values) {
      Checks.notNull("assets", values);
      List<Asset> all = new ArrayList<>();
      values.forEach(all::add);
      Map<String, Asset> before = new LinkedHashMap<>(assets);
      try {
        all.forEach(this::asset);
      } catch (IllegalArgumentException e) {
        assets.clear();
        assets.putAll(before);
        throw e;
      }
      return this;
    }

    /**
     * The REST base URL, for example a testnet's or a loopback server's.
     *
     * @throws IllegalArgumentException if null or not an http or https URL
     */
    public Builder restBaseUrl(String value) {
      HttpUrl url = value == null ? null : HttpUrl.parse(value.strip());
      if (url == null) {
        throw new IllegalArgumentException(
            "restBaseUrl must be an http or https URL, but was " + Checks.quote(value));
      }
      this.restBaseUrl = url;
      return this;
    }

    /**
     * The WebSocket API URL.
     *
     * @throws IllegalArgumentException if null or not a ws or wss URL
     */
    public Builder webSocketUrl(String value) {
      String text = value == null ? "" : value.strip();
      HttpUrl url =
          text.matches("(?i)wss?://.*")
              ? HttpUrl.parse(text.replaceFirst("(?i)^ws", "http"))
              : null;
      if (url == null) {
        throw new IllegalArgumentException(
            "webSocketUrl must be a ws or wss URL, but was " + Checks.quote(value));
      }
      this.webSocketUrl = url;
      return this;
    }

    /**
     * How long after its timestamp Binance may still accept a signed request.
     *
     * @throws IllegalArgumentException unless between 1 ms and 60 s
     */
    public Builder recvWindow(Duration value) {
      if (value == null || value.toMillis() < 1 || value.compareTo(MAX_RECV_WINDOW) > 0) {
        throw new IllegalArgumentException(
            "recvWindow must be between 1 ms and 60 s, but was " + value);
      }
      this.recvWindow = value;
      return this;
    }

    /**
     * Timeouts, circuit breaker, retry and rate limit of the calls to Binance.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder venueConfig(VenueConfig value) {
      this.venueConfig = Checks.notNull("venueConfig", value);
      return this;
    }

    /**
     * Stream reconnect delays start near {@code initial}, double per failed attempt up to {@code
     * max}, and are jittered to between half and all of that; quick successive subscriptions anew
     * back off alike.
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
     * How many failed connects in a row the stream retries before it gives up and closes.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxReconnectAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException(
            "maxReconnectAttempts must be at least 1, but was " + attempts);
      }
      this.maxReconnectAttempts = attempts;
      return this;
    }

    /**
     * How old a connection may get before the stream subscribes anew on a new one; Binance ends
     * connections after 24 hours.
     *
     * @throws IllegalArgumentException if null, not positive or over 24 h
     */
    public Builder maxConnectionAge(Duration value) {
      if (value == null
          || value.isZero()
          || value.isNegative()
          || value.compareTo(MAX_CONNECTION_AGE) > 0) {
        throw new IllegalArgumentException(
            "maxConnectionAge must be positive and at most 24 h, but was " + value);
      }
      this.maxConnectionAge = value;
      return this;
    }

    /**
     * The clock for request timestamps and receipt times.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder clock(Clock value) {
      this.clock = Checks.notNull("clock", value);
      return this;
    }

    /**
     * Returns the sources, not yet connected; the stream connects when attached to a manager.
     *
     * @throws IllegalStateException if account, apiKey, secretKey or every asset is missing
     */
    public BinanceSource build() {
      List<String> missing = new ArrayList<>();
      if (account == null) {
        missing.add("account");
      }
      if (apiKey == null) {
        missing.add("apiKey");
      }
      if (secretKey == null) {
        missing.add("secretKey");
      }
      if (assets.isEmpty()) {
        missing.add("at least one asset");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("a BinanceSource needs " + String.join(", ", missing));
      }
      return new BinanceSource(this);
    }
  }
}
