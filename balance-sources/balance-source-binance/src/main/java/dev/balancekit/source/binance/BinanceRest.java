package dev.balancekit.source.binance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.SourceState;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.Subscription;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.source.http.JsonAmounts;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.VenueClient;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.SourceSink;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v3/account} as a {@link BalanceSource} of one account: signed with HMAC-SHA256 over the
 * query ({@code recvWindow}, {@code timestamp}), the API key in {@code X-MBX-APIKEY}. {@code free} becomes
 * available, {@code locked} held, and their sum the total; assets that were not configured are skipped
 * and counted. Each value's {@link Balance#sequence()} is the account's {@code updateTime}.
 *
 * <p>Calls go through the shared {@link VenueClient} (rate limiter, circuit breaker, retry honouring
 * {@code Retry-After}, timeouts). After Binance answers 418 or 429, calls fail fast with
 * {@link SourceUnavailableException} until its {@code Retry-After} has passed. Thread-safe.
 */
final class BinanceRest implements BalanceSource {
  private static final Logger log = LoggerFactory.getLogger(BinanceRest.class);
  static final String API_KEY_HEADER = "X-MBX-APIKEY";

  private final String name;
  private final AccountRef account;
  private final VenueClient client;
  private final HttpUrl accountUrl;
  private final Secret apiKey;
  private final BinanceSigner signer;
  private final Duration recvWindow;
  private final Map<String, Asset> assets;
  private final Clock clock;
  private final Counters counters;
  private final RateLimitGuard guard;
  private final Runnable onClose;
  private final Object lifecycle = new Object();
  private Subscription stateSubscription;
  private boolean attached;
  private volatile boolean closed;

  BinanceRest(String name, AccountRef account, VenueClient client, HttpUrl baseUrl, Secret apiKey,
      BinanceSigner signer, Duration recvWindow, Map<String, Asset> assets, Clock clock, Counters counters,
      RateLimitGuard guard, Runnable onClose) {
    this.name = name;
    this.account = account;
    this.client = client;
    this.accountUrl = baseUrl.newBuilder().addPathSegments("api/v3/account").build();
    this.apiKey = apiKey;
    this.signer = signer;
    this.recvWindow = recvWindow;
    this.assets = assets;
    this.clock = clock;
    this.counters = counters;
    this.guard = guard;
    this.onClose = onClose;
  }

  @Override
  public String name() {
    return name;
  }

  /** Only the account the API key belongs to. */
  @Override
  public boolean supports(AccountRef other) {
    return account.equals(other);
  }

  /**
   * Fetches the account's configured assets; never blocks.
   *
   * @return a future failing with {@link HttpSourceException} (HTTP error, unreachable, malformed or
   *     over-precise body), {@link SourceUnavailableException} (breaker open, local rate limit, backing
   *     off after a 418/429, deadline), {@link IllegalArgumentException} for another account or
   *     {@link IllegalStateException} once closed; cancelling it cancels the HTTP call
   * @throws IllegalArgumentException if {@code account} is null
   */
  @Override
  public CompletableFuture<AccountBalances> fetch(AccountRef other) {
    if (other == null) {
      throw new IllegalArgumentException("account must not be null");
    }
    if (!supports(other)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "source '" + name + "' serves " + account + ", not " + other));
    }
    return Futures.map(snapshot(), AccountSnapshot::balances);
  }

  /** The account with its {@code updateTime}, for the stream's resyncs; fails as {@link #fetch} does. */
  CompletableFuture<AccountSnapshot> snapshot() {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("source '" + name + "' is closed"));
    }
    var wait = guard.remaining();
    if (wait.isPresent()) {
      return CompletableFuture.failedFuture(SourceUnavailableException.retryAfter(name,
          "Binance asked this IP to back off (HTTP 418/429); not calling before then", wait.get()));
    }
    return Futures.afterFailure(client.call(this::signedRequest, this::read), this::backOffIfAsked);
  }

  private void backOffIfAsked(Throwable error) {
    if (error instanceof HttpSourceException
        && ((HttpSourceException) error).kind() == HttpSourceException.Kind.RATE_LIMITED) {
      ((HttpSourceException) error).retryAfter().ifPresent(guard::backOff);
    }
  }

  /** A request signed with a fresh timestamp: asked for again on every attempt. */
  private Request signedRequest() {
    String query = "recvWindow=" + recvWindow.toMillis() + "&timestamp=" + clock.millis();
    HttpUrl url = accountUrl.newBuilder().encodedQuery(query + "&signature=" + signer.sign(query)).build();
    return new Request.Builder().url(url).header(API_KEY_HEADER, apiKey.reveal()).get().build();
  }

  /** Reads the body; an {@link IllegalArgumentException} makes the call fail as a malformed response. */
  private AccountSnapshot read(JsonNode body) {
    JsonNode list = body.path("balances");
    if (!list.isArray()) {
      throw new IllegalArgumentException("no 'balances' array in the account");
    }
    OptionalLong updateTime = OptionalLong.empty();
    JsonNode time = body.path("updateTime");
    if (!time.isMissingNode()) {
      if (!time.canConvertToExactIntegral() || !time.canConvertToLong() || time.longValue() < 0) {
        throw new IllegalArgumentException("'updateTime' is not a non-negative integer");
      }
      updateTime = OptionalLong.of(time.longValue());
    }
    Instant at = clock.instant();
    List<Balance> balances = new ArrayList<>();
    for (JsonNode element : list) {
      JsonNode code = element.path("asset");
      if (!code.isTextual()) {
        throw new IllegalArgumentException("a balance has no 'asset' code");
      }
      Asset asset = assets.get(code.textValue());
      if (asset == null) {
        counters.skippedUnknownAssets.increment();
        continue;
      }
      BigDecimal free = JsonAmounts.read(asset, "free", element.get("free"));
      BigDecimal locked = JsonAmounts.read(asset, "locked", element.get("locked"));
      Balance.Builder b = Balance.builder(account, asset).total(free.add(locked)).available(free).held(locked)
          .source(name).observedAt(at).receivedAt(at);
      updateTime.ifPresent(b::sequence);
      balances.add(b.build());
    }
    return new AccountSnapshot(AccountBalances.snapshot(account, balances, at), updateTime);
  }

  /**
   * Reports the venue client's state changes (breaker, rate limits) to {@code sink} until closed.
   *
   * @throws IllegalArgumentException if {@code sink} is null
   * @throws IllegalStateException if already attached or closed
   */
  @Override
  public void attach(SourceSink sink) {
    if (sink == null) {
      throw new IllegalArgumentException("sink must not be null");
    }
    synchronized (lifecycle) {
      if (attached || closed) {
        throw new IllegalStateException("source '" + name + "' is already attached or closed");
      }
      attached = true;
      stateSubscription = client.onStateChange(sink::onStateChange);
    }
  }

  /** LIVE, or DEGRADED while the breaker is not closed or calls are rate limited; CLOSED once closed. */
  @Override
  public SourceState state() {
    return closed ? SourceState.CLOSED : client.state();
  }

  /** Stops reporting state changes; the last source of a {@link BinanceSource} closed releases its client. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (stateSubscription != null) {
        stateSubscription.close();
        stateSubscription = null;
      }
    }
    log.debug("source '{}' closed", name);
    onClose.run();
  }

  @Override
  public String toString() {
    return "BinanceRest{" + name + ", " + account + ", " + accountUrl + ", " + state() + '}';
  }
}
