package dev.balancekit.source.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.balancekit.AccountBalances;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.http.Checks;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.source.http.JsonAmounts;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.StreamMessage;
import dev.balancekit.source.http.StreamProtocol;
import dev.balancekit.source.http.VenueClient;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Binance user data stream on the WebSocket API, for a {@code ManagedWebSocket} to drive.
 *
 * <p>Every connection sends one {@code userDataStream.subscribe.signature} request, signed over its
 * sorted parameters ({@code apiKey}, {@code recvWindow}, {@code timestamp} of that moment) with
 * HMAC-SHA256. The answer completes {@link #subscription()}: with the subscription id, or with the
 * typed exception of Binance's error ({@link BinanceErrors}). Events are read with a streaming
 * parser and merged into the {@link BinanceBook}; what changed is returned as a delta of absolute
 * values ({@code balanceUpdate}'s signed delta already added), without a sequence number, since
 * Binance has none. {@code eventStreamTerminated} and {@code serverShutdown} are reported to the
 * session so that it subscribes anew.
 *
 * <p>Thread-safe: {@link #read} is called by one connection thread at a time, the others from any
 * thread.
 */
final class BinanceStreamProtocol implements StreamProtocol {
  private static final Logger log = LoggerFactory.getLogger(BinanceStreamProtocol.class);
  static final String SUBSCRIBE_METHOD = "userDataStream.subscribe.signature";
  private static final String POSITIONS = "outboundAccountPosition";
  private static final String DELTA = "balanceUpdate";
  private static final JsonFactory JSON = new JsonFactory();
  private static final CompletableFuture<Long> NOT_SUBSCRIBED =
      CompletableFuture.failedFuture(
          new IllegalStateException("no subscription was requested yet"));

  /** What the protocol tells the session that drives it. Implementations return quickly. */
  interface SessionEvents {
    /**
     * Events of a protocol that no session drives (a benchmark, a connection of the user's own).
     */
    SessionEvents NONE =
        new SessionEvents() {
          @Override
          public void subscribing() {}

          @Override
          public void streamEnded(String reason) {}
        };

    /** A subscribe request is being sent on a new connection. */
    void subscribing();

    /** Binance ended the event stream on this connection; no more events will come on it. */
    void streamEnded(String reason);
  }

  /** One connection's subscribe request and its answer. */
  private record Pending(String requestId, CompletableFuture<Long> answered) {}

  private final String name;
  private final VenueClient client;
  private final HttpUrl endpoint;
  private final Secret apiKey;
  private final BinanceSigner signer;
  private final Duration recvWindow;
  private final Map<String, Asset> assets;
  private final BinanceBook book;
  private final Clock clock;
  private final Counters counters;
  private final SessionEvents session;
  private final AtomicLong requests = new AtomicLong();
  private volatile @Nullable Pending pending;

  BinanceStreamProtocol(
      String name,
      VenueClient client,
      HttpUrl endpoint,
      Secret apiKey,
      BinanceSigner signer,
      Duration recvWindow,
      Map<String, Asset> assets,
      BinanceBook book,
      Clock clock,
      Counters counters,
      SessionEvents session) {
    this.name = name;
    this.client = client;
    this.endpoint = endpoint;
    this.apiKey = apiKey;
    this.signer = signer;
    this.recvWindow = recvWindow;
    this.assets = assets;
    this.book = book;
    this.clock = clock;
    this.counters = counters;
    this.session = session;
  }

  /**
   * Refuses to connect while Binance has asked this IP to back off; the connection retries later.
   */
  @Override
  public CompletionStage<Optional<Secret>> authenticate() {
    var wait = client.pausedFor();
    if (wait.isPresent()) {
      return CompletableFuture.failedFuture(
          SourceUnavailableException.retryAfter(
              name,
              "Binance asked this IP to back off (HTTP 418/429); not subscribing before then",
              wait.get()));
    }
    return StreamProtocol.super.authenticate();
  }

  /** The signed subscribe request of a new connection, with a fresh timestamp. */
  @Override
  public List<String> subscribeMessages(Optional<Secret> credential) {
    Pending next =
        new Pending("balancekit-" + requests.incrementAndGet(), new CompletableFuture<>());
    Pending previous = pending;
    pending = next;
    if (previous != null) {
      previous
          .answered()
          .completeExceptionally(
              SourceUnavailableException.of(
                  name, "the connection was replaced before Binance answered its subscription"));
    }
    session.subscribing();
    return List.of(subscribeRequest(next.requestId(), clock.millis()));
  }

  /**
   * The current connection's subscription: completed with its id once Binance accepts it, or with
   * the typed exception of Binance's refusal. A snapshot is only worth taking once it is active.
   */
  CompletableFuture<Long> subscription() {
    Pending current = pending;
    return current == null ? NOT_SUBSCRIBED : current.answered();
  }

  @Override
  public StreamMessage read(String text) {
    try {
      UserDataFrame frame = client.streamJson(text, UserDataFrame::read);
      UserDataFrame.Event event = frame.event;
      if (event != null) {
        return onEvent(event);
      }
      if (frame.isResponse()) {
        onResponse(frame);
      }
      return StreamMessage.ignored();
    } catch (RuntimeException e) {
      counters.malformedMessages.increment();
      throw e;
    }
  }

  private StreamMessage onEvent(UserDataFrame.Event event) {
    String type = event.type;
    if (type == null || UserDataFrame.isInvalid(type)) {
      throw new IllegalArgumentException("an event without a type 'e'");
    }
    return switch (type) {
      case POSITIONS -> positions(event);
      case DELTA -> delta(event);
      case "eventStreamTerminated" -> {
        session.streamEnded("Binance terminated the user data stream (eventStreamTerminated)");
        yield StreamMessage.ignored();
      }
      case "serverShutdown" -> {
        session.streamEnded("Binance announced a server shutdown (serverShutdown)");
        yield StreamMessage.ignored();
      }
      // executionReport, listStatus, externalLockUpdate: balances follow as
      // outboundAccountPosition.
      default -> StreamMessage.ignored();
    };
  }

  private StreamMessage positions(UserDataFrame.Event event) {
    long eventTime = required(event.eventTime, "E (event time)", POSITIONS);
    long updateTime = required(event.updateTime, "u (last account update time)", POSITIONS);
    List<UserDataFrame.RawPosition> reported = event.positions;
    if (reported == null || event.positionsInvalid) {
      throw new IllegalArgumentException("outboundAccountPosition without a 'B' array of balances");
    }
    List<BinanceBook.Position> positions = new ArrayList<>(reported.size());
    for (UserDataFrame.RawPosition raw : reported) {
      Asset asset = knownAsset(raw.asset());
      if (asset == null) {
        continue;
      }
      for (BinanceBook.Position earlier : positions) {
        if (earlier.asset().code().equals(asset.code())) {
          throw new IllegalArgumentException(
              "outboundAccountPosition lists " + asset.code() + " twice");
        }
      }
      positions.add(
          new BinanceBook.Position(
              asset, amount(asset, "free", raw.free()), amount(asset, "locked", raw.locked())));
    }
    if (positions.isEmpty()) {
      return StreamMessage.ignored();
    }
    Instant at = clock.instant();
    return changes(book.applyPositions(positions, updateTime, eventTime, at), at);
  }

  private StreamMessage delta(UserDataFrame.Event event) {
    long eventTime = required(event.eventTime, "E (event time)", DELTA);
    long clearTime = required(event.clearTime, "T (clear time)", DELTA);
    Asset asset = knownAsset(event.asset);
    if (asset == null) {
      return StreamMessage.ignored();
    }
    BigDecimal delta = amount(asset, "delta", event.delta);
    Instant at = clock.instant();
    return changes(
        book.applyDelta(asset, delta, clearTime, eventTime, at).map(List::of).orElse(List.of()),
        at);
  }

  private StreamMessage changes(List<Balance> changed, Instant at) {
    return changed.isEmpty()
        ? StreamMessage.ignored()
        : StreamMessage.delta(
            AccountBalances.partial(book.account(), changed, at), OptionalLong.empty());
  }

  /** The configured asset with {@code code}; null (counted) when not configured. */
  private @Nullable Asset knownAsset(@Nullable String code) {
    if (code == null || UserDataFrame.isInvalid(code)) {
      throw new IllegalArgumentException("a balance without an asset code 'a'");
    }
    Asset asset = assets.get(code);
    if (asset == null) {
      counters.skippedUnknownAssets.increment();
      log.debug(
          "stream '{}' skipped a balance of unconfigured asset code {}",
          name,
          Checks.excerpt(code));
    }
    return asset;
  }

  private void onResponse(UserDataFrame frame) {
    Pending current = pending;
    if (current == null || !current.requestId().equals(frame.id)) {
      if (frame.status != 200) {
        log.warn(
            "stream '{}': Binance answered request id {} with status {} and code {}",
            name,
            frame.id == null ? "null" : Checks.excerpt(frame.id),
            frame.status,
            frame.errorCode);
      }
      return;
    }
    if (frame.status < 0) {
      String problem = "the answer to the subscription has no numeric 'status'";
      current
          .answered()
          .completeExceptionally(HttpSourceException.malformedResponse(name, endpoint, 0, problem));
      throw new IllegalArgumentException(problem);
    }
    if (frame.status == 200) {
      log.debug(
          "stream '{}' subscribed to the user data stream (subscription {})",
          name,
          frame.subscriptionId);
      current.answered().complete(frame.subscriptionId);
      return;
    }
    Duration retryAfter =
        frame.retryAfterEpochMillis >= 0
            ? Duration.ofMillis(Math.max(0, frame.retryAfterEpochMillis - clock.millis()))
            : null;
    RuntimeException refusal =
        BinanceErrors.toException(
            name,
            endpoint,
            BinanceErrors.webSocketAddress(endpoint),
            (int) frame.status,
            (int) frame.errorCode,
            retryAfter,
            recvWindow);
    if (refusal instanceof HttpSourceException && retryAfter != null) {
      client.pauseFor(retryAfter, "Binance rate limited the user data stream subscription");
    }
    counters.subscriptionFailures.increment();
    log.warn(
        "stream '{}': Binance refused the user data stream subscription: {}",
        name,
        refusal.getMessage());
    current.answered().completeExceptionally(refusal);
  }

  private String subscribeRequest(String requestId, long timestamp) {
    Map<String, String> signed = new LinkedHashMap<>();
    signed.put("apiKey", apiKey.reveal());
    signed.put("recvWindow", Long.toString(recvWindow.toMillis()));
    signed.put("timestamp", Long.toString(timestamp));
    String signature = signer.sign(BinanceSigner.sortedPayload(signed));
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("id", requestId);
      json.writeStringField("method", SUBSCRIBE_METHOD);
      json.writeObjectFieldStart("params");
      json.writeStringField("apiKey", apiKey.reveal());
      json.writeNumberField("recvWindow", recvWindow.toMillis());
      json.writeNumberField("timestamp", timestamp);
      json.writeStringField("signature", signature);
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string cannot fail", e);
    }
    return out.toString();
  }

  private static long required(long value, String field, String type) {
    if (value == UserDataFrame.MISSING) {
      throw new IllegalArgumentException(type + " without its " + field);
    }
    if (value == UserDataFrame.INVALID) {
      throw new IllegalArgumentException(
          type + " has a " + field + " that is not a non-negative integer");
    }
    return value;
  }

  private static BigDecimal amount(Asset asset, String field, @Nullable String text) {
    if (text != null && UserDataFrame.isInvalid(text)) {
      throw new IllegalArgumentException(
          field + " of " + asset.code() + " must be a decimal string or number");
    }
    return JsonAmounts.parse(asset, field, text);
  }

  @Override
  public String toString() {
    return "BinanceStreamProtocol{" + name + ", " + BinanceErrors.webSocketAddress(endpoint) + '}';
  }
}
