package dev.balancekit.source.binance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.http.Futures;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.source.http.JsonAmounts;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.VenueClient;
import dev.balancekit.source.http.VenueResponse;
import dev.balancekit.source.http.VenueSource;
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

/**
 * {@code GET /api/v3/account} as a {@link dev.balancekit.spi.BalanceSource} of one account: signed
 * with HMAC-SHA256 over the query ({@code recvWindow}, {@code timestamp}), the API key in {@code
 * X-MBX-APIKEY}. {@code free} becomes available, {@code locked} held, and their sum the total;
 * assets that were not configured are skipped and counted. Each value's {@link Balance#sequence()}
 * is the account's {@code updateTime}.
 *
 * <p>Calls go through the shared {@link VenueClient} (rate limiter, circuit breaker, retry
 * honouring {@code Retry-After}, timeouts). After Binance answers 418 or 429, or once a call would
 * cross the IP's request weight of the minute ({@value #USED_WEIGHT_HEADER}), calls fail fast with
 * {@link SourceUnavailableException} until its {@code Retry-After} or the minute has passed; a 4xx
 * answer with Binance's own error code becomes {@link BinanceApiException}. Thread-safe.
 */
final class BinanceRest extends VenueSource {
  static final String API_KEY_HEADER = "X-MBX-APIKEY";

  /** The request weight this IP has used in the current minute, on every answer. */
  static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";

  /** Binance's REQUEST_WEIGHT limit per IP and minute. */
  static final int WEIGHT_PER_MINUTE = 6000;

  /** What {@code GET /api/v3/account} costs; no call is made that would cross the limit. */
  static final int ACCOUNT_WEIGHT = 20;

  private final AccountRef account;
  private final HttpUrl accountUrl;
  private final Secret apiKey;
  private final BinanceSigner signer;
  private final Duration recvWindow;
  private final Map<String, Asset> assets;
  private final Clock clock;
  private final Counters counters;

  BinanceRest(
      String name,
      AccountRef account,
      VenueClient client,
      HttpUrl baseUrl,
      Secret apiKey,
      BinanceSigner signer,
      Duration recvWindow,
      Map<String, Asset> assets,
      Clock clock,
      Counters counters,
      Runnable onClose) {
    super(name, client, onClose);
    this.account = account;
    this.accountUrl = baseUrl.newBuilder().addPathSegments("api/v3/account").build();
    this.apiKey = apiKey;
    this.signer = signer;
    this.recvWindow = recvWindow;
    this.assets = assets;
    this.clock = clock;
    this.counters = counters;
  }

  /** Only the account the API key belongs to. */
  @Override
  public boolean supports(AccountRef other) {
    return account.equals(other);
  }

  /**
   * Fetches the account's configured assets. The future fails with {@link HttpSourceException}
   * (HTTP error, unreachable, malformed or over-precise body), {@link BinanceApiException} (Binance
   * refused the request with its own code, for example -1021 when the timestamp was outside
   * recvWindow) or {@link SourceUnavailableException} (breaker open, local rate limit, backing off
   * after a 418/429 or with the minute's request weight used up, deadline).
   */
  @Override
  protected CompletableFuture<AccountBalances> read(AccountRef requested) {
    return Futures.map(snapshot(), AccountSnapshot::balances);
  }

  @Override
  protected String served() {
    return "the account of its API key, " + account;
  }

  /**
   * The account with its {@code updateTime}, for the stream's resyncs; fails as {@link #read} does.
   */
  CompletableFuture<AccountSnapshot> snapshot() {
    if (isClosed()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("source '" + name() + "' is closed"));
    }
    return client().exchange(this::signedRequest, this::answer);
  }

  /** Reads any answer: its used weight first, then the account or Binance's refusal. */
  private AccountSnapshot answer(VenueResponse response) {
    response.header(USED_WEIGHT_HEADER).ifPresent(this::weighUsed);
    if (!response.isSuccessful()) {
      throw refusal(response);
    }
    return read(response.json());
  }

  /**
   * Pauses calls until the next minute once another account call would cross the IP's weight limit.
   */
  private void weighUsed(String header) {
    long used;
    try {
      used = Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return; // a header we cannot read changes nothing
    }
    if (used + ACCOUNT_WEIGHT > WEIGHT_PER_MINUTE) {
      long leftOfMinute = 60_000 - Math.floorMod(clock.millis(), 60_000L);
      client()
          .pauseFor(
              Duration.ofMillis(leftOfMinute),
              "Binance request weight of this minute used up ("
                  + used
                  + " of "
                  + WEIGHT_PER_MINUTE
                  + ")");
    }
  }

  /** Binance's own code from a 4xx body where it has one; otherwise the status decides. */
  private RuntimeException refusal(VenueResponse response) {
    int status = response.status();
    if (status < 400 || status > 499 || status == 418 || status == 429) {
      return response.statusError(); // carries Retry-After; the client pauses itself
    }
    JsonNode code;
    try {
      code = response.json().path("code");
    } catch (HttpSourceException notJson) {
      return response.statusError();
    }
    if (!code.canConvertToInt() || !code.isIntegralNumber()) {
      return response.statusError();
    }
    return BinanceErrors.toException(
        name(), accountUrl, accountUrl.toString(), status, code.intValue(), null, recvWindow);
  }

  /** A request signed with a fresh timestamp: asked for again on every attempt. */
  private Request signedRequest() {
    String query = "recvWindow=" + recvWindow.toMillis() + "&timestamp=" + clock.millis();
    HttpUrl url =
        accountUrl.newBuilder().encodedQuery(query + "&signature=" + signer.sign(query)).build();
    return new Request.Builder().url(url).header(API_KEY_HEADER, apiKey.reveal()).get().build();
  }

  /**
   * Reads the body; an {@link IllegalArgumentException} makes the call fail as a malformed
   * response.
   */
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
    List<String> unread = new ArrayList<>();
    for (JsonNode element : list) {
      JsonNode code = element.path("asset");
      if (!code.isTextual()) {
        throw new IllegalArgumentException("a balance has no 'asset' code");
      }
      Asset asset = assets.get(code.textValue());
      if (asset == null) {
        counters.skippedUnknownAssets.increment();
        unread.add(code.textValue()); // unknown, not zero, if anyone asks
        continue;
      }
      BigDecimal free = JsonAmounts.read(asset, "free", element.get("free"));
      BigDecimal locked = JsonAmounts.read(asset, "locked", element.get("locked"));
      Balance.Builder b =
          Balance.builder(account, asset)
              .total(free.add(locked))
              .available(free)
              .held(locked)
              .source(name())
              .observedAt(at)
              .receivedAt(at);
      updateTime.ifPresent(b::sequence);
      balances.add(b.build());
    }
    return new AccountSnapshot(
        AccountBalances.snapshot(account, balances, at).withUnread(unread), updateTime);
  }

  @Override
  public String toString() {
    return "BinanceRest{" + name() + ", " + account + ", " + accountUrl + ", " + state() + '}';
  }
}
