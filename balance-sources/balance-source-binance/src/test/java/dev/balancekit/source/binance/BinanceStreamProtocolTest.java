package dev.balancekit.source.binance;

import static dev.balancekit.source.binance.TestVenue.ACCOUNT;
import static dev.balancekit.source.binance.TestVenue.API_KEY;
import static dev.balancekit.source.binance.TestVenue.BTC;
import static dev.balancekit.source.binance.TestVenue.ETH;
import static dev.balancekit.source.binance.TestVenue.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.AccountBalances;
import dev.balancekit.Balance;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.http.Futures;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.StreamMessage;
import dev.balancekit.source.http.VenueClient;
import dev.balancekit.source.http.VenueConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frames in, messages and subscription answers out, without a network. */
class BinanceStreamProtocolTest {
  private static final HttpUrl ENDPOINT = HttpUrl.get("https://ws-api.binance.com/ws-api/v3");

  private final VenueClient client =
      VenueClient.create(VenueConfig.custom().name("binance").build());
  private final Counters counters = new Counters();
  private final BinanceBook book = new BinanceBook(ACCOUNT, "binance-stream", counters, 100);
  private final TickingClock clock = new TickingClock(TestVenue.START);
  private final List<String> ended = new CopyOnWriteArrayList<>();
  private final BinanceStreamProtocol protocol =
      new BinanceStreamProtocol(
          "binance-stream",
          client,
          ENDPOINT,
          Secret.of(API_KEY),
          new BinanceSigner(Secret.of(SECRET_KEY)),
          Duration.ofSeconds(5),
          Map.of("BTC", BTC, "ETH", ETH),
          book,
          clock,
          counters,
          new BinanceStreamProtocol.SessionEvents() {
            @Override
            public void subscribing() {}

            @Override
            public void streamEnded(String reason) {
              ended.add(reason);
            }
          });

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void subscribeRequestIsSignedOverItsSortedParametersWithAFreshTimestamp() {
    JsonNode first = TestVenue.json(protocol.subscribeMessages(Optional.empty()).get(0));
    JsonNode second = TestVenue.json(protocol.subscribeMessages(Optional.empty()).get(0));

    assertThat(first.path("method").asText()).isEqualTo("userDataStream.subscribe.signature");
    JsonNode params = first.path("params");
    assertThat(params.path("apiKey").asText()).isEqualTo(API_KEY);
    assertThat(params.path("recvWindow").asLong()).isEqualTo(5000);
    long timestamp = params.path("timestamp").asLong();
    assertThat(timestamp).isGreaterThan(TestVenue.START.toEpochMilli());
    assertThat(params.path("signature").asText())
        .isEqualTo(
            TestVenue.hmacSha256(
                SECRET_KEY, "apiKey=" + API_KEY + "&recvWindow=5000&timestamp=" + timestamp));
    assertThat(second.path("id").asText()).isNotEqualTo(first.path("id").asText());
    assertThat(second.path("params").path("timestamp").asLong()).isGreaterThan(timestamp);
    assertThat(second.path("params").path("signature").asText())
        .isNotEqualTo(params.path("signature").asText());
  }

  @Test
  void anAcceptedSubscriptionCompletesWithItsId() {
    String id = subscribe();

    assertThat(
            protocol
                .read(
                    "{\"id\":\""
                        + id
                        + "\",\"status\":200,\"result\":{\"subscriptionId\":3},"
                        + "\"rateLimits\":[]}")
                .type())
        .isEqualTo(StreamMessage.Type.IGNORED);

    assertThat(protocol.subscription()).isCompletedWithValue(3L);
  }

  @Test
  void anAnswerToAnotherRequestLeavesTheSubscriptionPending() {
    subscribe();

    protocol.read("{\"id\":\"someone-else\",\"status\":200,\"result\":{\"subscriptionId\":0}}");

    assertThat(protocol.subscription()).isNotDone();
  }

  @Test
  void aTimestampRefusalIsTypedAndSaysWhatToDo() {
    String id = subscribe();

    protocol.read(refusal(id, 400, -1021, ""));

    Throwable error = failure(protocol.subscription());
    assertThat(error)
        .isInstanceOf(BinanceApiException.class)
        .hasMessageContaining("-1021")
        .hasMessageContaining("recvWindow (5000 ms)")
        .hasMessageContaining("clock")
        .hasMessageNotContaining(API_KEY);
    BinanceApiException refused = (BinanceApiException) error;
    assertThat(refused.kind()).isEqualTo(BinanceApiException.Kind.TIMESTAMP_OUTSIDE_RECV_WINDOW);
    assertThat(refused.code()).isEqualTo(-1021);
    assertThat(refused.status()).hasValue(400);
    assertThat(counters.subscriptionFailures.sum()).isEqualTo(1);
  }

  @Test
  void aRefusedKeyOrSignatureIsAnAuthenticationFailure() {
    for (int code : new int[] {-2015, -1022, -2014}) {
      String id = subscribe();
      protocol.read(refusal(id, 400, code, ""));

      assertThat(failure(protocol.subscription()))
          .isInstanceOfSatisfying(
              HttpSourceException.class,
              e -> assertThat(e.kind()).isEqualTo(HttpSourceException.Kind.AUTH_FAILED));
    }
  }

  @Test
  void anUnknownCodeIsARejectionNamingTheCode() {
    String id = subscribe();

    protocol.read(refusal(id, 400, -1100, ""));

    assertThat(failure(protocol.subscription()))
        .isInstanceOfSatisfying(
            BinanceApiException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(BinanceApiException.Kind.REJECTED);
              assertThat(e)
                  .hasMessageContaining("-1100")
                  .hasMessageNotContaining("refused by the test");
            });
  }

  @Test
  void aRateLimitRefusalBacksOffUntilRetryAfterBeforeSubscribingAgain() {
    String id = subscribe();
    long retryAt = clock.millis() + 60_000;

    protocol.read(
        refusal(id, 429, -1003, ",\"data\":{\"serverTime\":1,\"retryAfter\":" + retryAt + "}"));

    assertThat(failure(protocol.subscription()))
        .isInstanceOfSatisfying(
            HttpSourceException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(HttpSourceException.Kind.RATE_LIMITED);
              assertThat(e.retryAfter())
                  .hasValueSatisfying(
                      d -> assertThat(d).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60)));
            });
    assertThat(failure(protocol.authenticate().toCompletableFuture()))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("back off");
  }

  @Test
  void readsTheDocumentedPositionEvent() {
    StreamMessage message =
        protocol.read(TestVenue.fixture("user-data-outbound-account-position.json"));

    assertThat(message.type()).isEqualTo(StreamMessage.Type.DELTA);
    assertThat(message.sequence()).isEmpty();
    Balance eth = message.balances().orElseThrow().find("ETH").orElseThrow();
    assertThat(eth.total()).isEqualTo(new BigDecimal("10000.00000000"));
    assertThat(eth.available()).contains(new BigDecimal("10000.00000000"));
    assertThat(eth.held()).contains(new BigDecimal("0E-8"));
    assertThat(eth.sequence()).hasValue(1564034571073L);
    assertThat(eth.observedAt()).isEqualTo(Instant.ofEpochMilli(1564034571105L));
  }

  @Test
  void readsTheDocumentedBalanceUpdateOnTopOfTheSnapshot() {
    book.applySnapshot(snapshot(100, "1.5"));

    StreamMessage message = protocol.read(TestVenue.fixture("user-data-balance-update.json"));

    Balance btc = message.balances().orElseThrow().find("BTC").orElseThrow();
    assertThat(btc.available()).contains(new BigDecimal("101.50000000"));
    assertThat(btc.total()).isEqualByComparingTo("101.5");
    assertThat(btc.sequence()).hasValue(1573200697068L);
  }

  @Test
  void fieldsMayComeInAnyOrderAndAmountsAsJsonNumbers() {
    StreamMessage message =
        protocol.read(
            "{\"event\":{\"B\":[{\"l\":0.5,\"f\":1.23456789,\"a\":\"BTC\"}],"
                + "\"u\":7,\"E\":8,\"e\":\"outboundAccountPosition\"},\"subscriptionId\":0}");

    Balance btc = message.balances().orElseThrow().find("BTC").orElseThrow();
    assertThat(btc.available()).contains(new BigDecimal("1.23456789"));
    assertThat(btc.total()).isEqualTo(new BigDecimal("1.73456789"));
  }

  @Test
  void unknownAssetsAreSkippedAndCounted() {
    StreamMessage message =
        protocol.read(TestVenue.position(2, 1, "DOGE", "5", "0", "BTC", "1", "0"));

    assertThat(message.balances().orElseThrow().balances())
        .extracting(b -> b.asset().code())
        .containsExactly("BTC");
    assertThat(counters.skippedUnknownAssets.sum()).isEqualTo(1);
    assertThat(protocol.read(TestVenue.balanceUpdate(3, 3, "DOGE", "1")).type())
        .isEqualTo(StreamMessage.Type.IGNORED);
    assertThat(counters.skippedUnknownAssets.sum()).isEqualTo(2);
    assertThat(counters.malformedMessages.sum()).isZero();
  }

  @Test
  void streamEndEventsAskTheSessionToSubscribeAnew() {
    assertThat(protocol.read(TestVenue.fixture("user-data-stream-terminated.json")).type())
        .isEqualTo(StreamMessage.Type.IGNORED);
    protocol.read("{\"event\":{\"e\":\"serverShutdown\",\"E\":1}}");

    assertThat(ended).hasSize(2);
    assertThat(ended.get(0)).contains("eventStreamTerminated");
  }

  @Test
  void otherEventsAreIgnored() {
    StreamMessage message =
        protocol.read(
            "{\"subscriptionId\":0,\"event\":{\"e\":\"executionReport\",\"E\":1,"
                + "\"s\":\"ETHBTC\",\"f\":\"GTC\",\"l\":\"0.00000000\",\"d\":4,\"N\":null,\"T\":1}}");

    assertThat(message.type()).isEqualTo(StreamMessage.Type.IGNORED);
    assertThat(counters.malformedMessages.sum()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"subscriptionId\":0,\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,\"B\":[{\"a\":\"BTC\"",
        "[1,2]",
        "{\"event\":\"outboundAccountPosition\"}",
        "{\"event\":{\"E\":1,\"u\":1,\"B\":[]}}",
        "{\"event\":{\"e\":\"outboundAccountPosition\",\"u\":1,\"B\":[]}}",
        "{\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":\"1\",\"B\":[]}}",
        "{\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":-5,\"B\":[]}}",
        "{\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,\"B\":{\"a\":\"BTC\"}}}",
        "{\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,\"B\":[\"BTC\"]}}",
        "{\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,\"B\":[{\"a\":\"BTC\",\"f\":{},\"l\":\"0\"}]}}",
        "{\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,\"B\":[{\"a\":\"BTC\",\"f\":\"1\"}]}}",
        "{\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,\"B\":[{\"a\":7,\"f\":\"1\",\"l\":\"0\"}]}}",
        "{\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,\"B\":[{\"a\":\"BTC\",\"f\":\"NaN\","
            + "\"l\":\"0\"}]}}",
        "{\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,\"B\":[{\"a\":\"BTC\",\"f\":\"1e999999999\","
            + "\"l\":\"0\"}]}}",
        "{\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,\"B\":[{\"a\":\"BTC\",\"f\":\"1\",\"l\":\"0\"},"
            + "{\"a\":\"BTC\",\"f\":\"2\",\"l\":\"0\"}]}}",
        "{\"event\":{\"e\":\"balanceUpdate\",\"E\":1,\"a\":\"BTC\",\"d\":\"1\"}}",
        "{\"event\":{\"e\":\"balanceUpdate\",\"E\":1,\"T\":1,\"a\":\"BTC\",\"d\":true}}",
        "{\"event\":{\"e\":\"balanceUpdate\",\"E\":1,\"T\":1,\"d\":\"1\"}}",
        "{\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,\"B\":[]}} trailing"
      })
  void malformedFramesAreRefusedCountedAndChangeNothing(String frame) {
    book.applySnapshot(snapshot(0, "1"));

    assertThatThrownBy(() -> protocol.read(frame)).isInstanceOf(IllegalArgumentException.class);

    assertThat(counters.malformedMessages.sum()).isEqualTo(1);
    assertThat(book.view().orElseThrow().find("BTC").orElseThrow().total())
        .isEqualByComparingTo("1");
  }

  @Test
  void anAmountWithMoreDecimalsThanTheAssetAllowsIsReportedNotRounded() {
    book.applySnapshot(snapshot(0, "1"));
    String forty = "0." + "1234567891".repeat(4);

    assertThatThrownBy(() -> protocol.read(TestVenue.position(2, 2, "BTC", forty, "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 40 decimals but BTC allows at most 8");

    assertThat(book.view().orElseThrow().find("BTC").orElseThrow().total())
        .isEqualByComparingTo("1");
    assertThat(counters.malformedMessages.sum()).isEqualTo(1);
  }

  private String subscribe() {
    return TestVenue.json(protocol.subscribeMessages(Optional.empty()).get(0)).path("id").asText();
  }

  private static String refusal(String id, int status, int code, String extra) {
    return "{\"id\":\""
        + id
        + "\",\"status\":"
        + status
        + ",\"error\":{\"code\":"
        + code
        + ",\"msg\":\"refused by the test\""
        + extra
        + "}}";
  }

  private static Throwable failure(CompletableFuture<?> future) {
    assertThat(future).isCompletedExceptionally();
    return future.handle((v, e) -> Futures.unwrap(e)).join();
  }

  private static AccountSnapshot snapshot(long updateTime, String btc) {
    Instant at = TestVenue.START;
    BigDecimal amount = BTC.parse("free", btc);
    Balance b =
        Balance.builder(ACCOUNT, BTC)
            .total(amount)
            .available(amount)
            .held(BTC.zero())
            .source("binance-rest")
            .observedAt(at)
            .build();
    return new AccountSnapshot(
        AccountBalances.snapshot(ACCOUNT, List.of(b), at), OptionalLong.of(updateTime));
  }
}
