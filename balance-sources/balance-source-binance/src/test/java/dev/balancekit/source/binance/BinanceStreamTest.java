package dev.balancekit.source.binance;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.balancekit.source.binance.TestVenue.ACCOUNT;
import static dev.balancekit.source.binance.TestVenue.ACCOUNT_PATH;
import static dev.balancekit.source.binance.TestVenue.API_KEY;
import static dev.balancekit.source.binance.TestVenue.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.AccountBalances;
import dev.balancekit.Balance;
import dev.balancekit.SourceState;
import dev.balancekit.source.http.Await;
import dev.balancekit.source.http.RecordingSink;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The user data stream end to end: WebSocket API on MockWebServer, REST account on WireMock. */
class BinanceStreamTest {
  private final TestVenue venue = new TestVenue();
  private final RecordingSink sink = new RecordingSink();
  private BinanceSource binance;

  @BeforeEach
  void restAnswers() {
    venue.account(100, "1", "0", "50");
  }

  @AfterEach
  void stop() throws IOException {
    if (binance != null) {
      binance.close();
    }
    venue.close();
  }

  @Test
  void subscribesWithASignedRequestAndGoesLiveOnTheRestSnapshot() {
    start(venue.source());

    List<JsonNode> subscriptions = venue.api.subscriptions();
    assertThat(subscriptions).hasSize(1);
    assertSigned(subscriptions.get(0));
    AccountBalances view = binance.stream().view(ACCOUNT).orElseThrow();
    assertThat(view.isComplete()).isTrue();
    assertThat(view.find("BTC").orElseThrow().total()).isEqualByComparingTo("1");
    assertThat(view.find("USDT").orElseThrow().total()).isEqualByComparingTo("50");
    assertThat(view.find("BTC").orElseThrow().source()).isEqualTo("binance-stream");
    assertThat(binance.resyncs()).isEqualTo(1);
    assertThat(sink.changes)
        .extracting(RecordingSink.Change::to)
        .containsExactly(SourceState.SYNCING, SourceState.LIVE);
  }

  @Test
  void positionsAndBalanceUpdatesAreAppliedOnTopOfTheSnapshot() {
    venue.account(TestVenue.fixture("rest-account.json"));
    WebSocket socket = start(venue.source());

    socket.send(TestVenue.fixture("user-data-outbound-account-position.json"));
    Await.until("ETH is applied", () -> total("ETH").compareTo(new BigDecimal("10000")) == 0);
    socket.send(TestVenue.fixture("user-data-balance-update.json"));
    Await.until(
        "the BTC delta is applied",
        () -> total("BTC").compareTo(new BigDecimal("4723946.89208129")) == 0);

    Balance btc = binance.stream().view(ACCOUNT).orElseThrow().find("BTC").orElseThrow();
    assertThat(btc.available()).contains(new BigDecimal("4723946.89208129"));
    assertThat(btc.held()).contains(new BigDecimal("0E-8"));
    assertThat(sink.updates.get(sink.updates.size() - 1).find("BTC").orElseThrow().total())
        .isEqualByComparingTo("4723946.89208129");
  }

  @Test
  void anOlderEventDoesNotOverwriteANewerValue() {
    WebSocket socket = start(venue.source());
    socket.send(TestVenue.position(2001, 2000, "BTC", "2", "0.5"));
    Await.until(
        "the position is applied", () -> total("BTC").compareTo(new BigDecimal("2.5")) == 0);

    socket.send(TestVenue.position(1001, 1000, "BTC", "1", "0"));
    socket.send(TestVenue.balanceUpdate(1501, 1500, "BTC", "1"));
    socket.send(TestVenue.position(3001, 3000, "USDT", "60", "0"));
    Await.until(
        "the frames before the USDT one are read",
        () -> total("USDT").compareTo(new BigDecimal("60")) == 0);

    assertThat(total("BTC")).isEqualByComparingTo("2.5");
    assertThat(binance.ignoredStaleValues()).isEqualTo(2);
    socket.send(TestVenue.balanceUpdate(2501, 2500, "BTC", "1"));
    Await.until(
        "a newer delta is applied", () -> total("BTC").compareTo(new BigDecimal("3.5")) == 0);
  }

  @Test
  void eventStreamTerminatedSubscribesAnewOnANewConnectionAndResyncs() {
    WebSocket first = start(venue.source());
    venue.account(200, "7", "0", "50");

    first.send(TestVenue.fixture("user-data-stream-terminated.json"));

    venue.api.nextConnection();
    Await.until("subscribed again", () -> venue.api.subscriptions().size() == 2);
    Await.until(
        "live with the resynced values",
        () ->
            binance.stream().state() == SourceState.LIVE
                && total("BTC").compareTo(new BigDecimal("7")) == 0);
    List<JsonNode> subscriptions = venue.api.subscriptions();
    assertSigned(subscriptions.get(1));
    assertThat(timestamp(subscriptions.get(1))).isGreaterThan(timestamp(subscriptions.get(0)));
    assertThat(binance.sessionRenewals()).isEqualTo(1);
    assertThat(sink.changes)
        .extracting(RecordingSink.Change::to)
        .containsSubsequence(
            SourceState.LIVE, SourceState.DEGRADED, SourceState.SYNCING, SourceState.LIVE);
  }

  @Test
  void aDroppedConnectionResyncsAndEventsRacingTheSnapshotLandOnIt() {
    WebSocket first = start(venue.source());
    // While the connection is down, BTC changes to 9 (as of 5000); the snapshot is slow to come.
    venue.rest.stubFor(
        TestVenue.accountRequest()
            .willReturn(
                okJson(
                        "{\"updateTime\":5000,\"balances\":["
                            + TestVenue.restBalance("BTC", "9", "0")
                            + ","
                            + TestVenue.restBalance("USDT", "50", "0")
                            + "]}")
                    .withFixedDelay(300)));

    first.close(1001, "going away");
    Await.until("the drop is noticed", () -> binance.stream().state() == SourceState.DEGRADED);
    assertThat(binance.stream().view(ACCOUNT)).as("the last view is kept").isPresent();
    WebSocket second = venue.api.nextConnection();
    Await.until("subscribed again", () -> venue.api.subscriptions().size() == 2);
    second.send(TestVenue.balanceUpdate(6001, 6000, "BTC", "0.5"));
    second.send(TestVenue.position(4001, 4000, "BTC", "3", "0"));

    Await.until("live again", () -> binance.stream().state() == SourceState.LIVE);
    Await.until(
        "BTC is the snapshot plus the later delta",
        () -> total("BTC").compareTo(new BigDecimal("9.5")) == 0);
    assertThat(binance.resyncs()).isEqualTo(2);
    assertThat(lastDelivered("BTC")).isEqualByComparingTo("9.5");
    assertThat(sink.changes)
        .extracting(RecordingSink.Change::to)
        .containsSubsequence(
            SourceState.SYNCING,
            SourceState.LIVE,
            SourceState.DEGRADED,
            SourceState.SYNCING,
            SourceState.LIVE);
  }

  @Test
  void aRefusedSubscriptionReconnectsSignsAFreshTimestampAndSnapshotsOnlyOnceAccepted() {
    venue.api.refusals.add(new int[] {400, -1021});

    start(venue.source());

    List<JsonNode> subscriptions = venue.api.subscriptions();
    assertThat(subscriptions).hasSize(2);
    subscriptions.forEach(this::assertSigned);
    assertThat(timestamp(subscriptions.get(1))).isGreaterThan(timestamp(subscriptions.get(0)));
    assertThat(binance.subscriptionFailures()).isEqualTo(1);
    assertThat(venue.rest.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT_PATH))))
        .as("no snapshot for the refused")
        .hasSize(1);
  }

  @Test
  void malformedMessagesAreCountedAndSkippedWhileTheStreamStaysUp() {
    WebSocket socket = start(venue.source());

    socket.send(
        "{\"subscriptionId\":0,\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,\"B\":[");
    socket.send("not json at all");
    socket.send("{\"event\":{\"e\":\"outboundAccountPosition\",\"E\":300,\"u\":\"300\",\"B\":[]}}");
    socket.send(TestVenue.position(301, 300, "BTC", "0." + "1234567891".repeat(4), "0"));
    socket.send(TestVenue.balanceUpdate(302, 302, "BTC", "1e999999999"));
    Await.until("four malformed messages are counted", () -> binance.malformedMessages() == 5);

    assertThat(binance.stream().state()).isEqualTo(SourceState.LIVE);
    assertThat(total("BTC")).isEqualByComparingTo("1");
    socket.send(TestVenue.position(401, 400, "BTC", "2", "0"));
    Await.until(
        "the next good message is applied", () -> total("BTC").compareTo(new BigDecimal("2")) == 0);
    assertThat(binance.resyncs()).isEqualTo(1);
  }

  @Test
  void unknownAssetsAreSkippedAndCounted() {
    WebSocket socket = start(venue.source());

    socket.send(TestVenue.position(201, 200, "DOGE", "100", "0", "BTC", "4", "0"));
    Await.until("BTC is applied", () -> total("BTC").compareTo(new BigDecimal("4")) == 0);

    assertThat(binance.stream().view(ACCOUNT).orElseThrow().find("DOGE")).isEmpty();
    assertThat(binance.skippedUnknownAssets()).isEqualTo(1);
  }

  @Test
  void aConnectionIsReplacedBeforeItReachesItsMaximumAge() {
    start(venue.source().maxConnectionAge(Duration.ofMillis(500)));

    Await.until("subscribed on a second connection", () -> venue.api.subscriptions().size() >= 2);
    Await.until(
        "live again",
        () -> binance.stream().state() == SourceState.LIVE && binance.sessionRenewals() >= 1);
    assertSigned(venue.api.subscriptions().get(1));
  }

  private WebSocket start(BinanceSource.Builder builder) {
    binance = builder.build();
    binance.stream().attach(sink);
    WebSocket socket = venue.api.nextConnection();
    Await.until("the stream is LIVE", () -> binance.stream().state() == SourceState.LIVE);
    return socket;
  }

  private BigDecimal total(String code) {
    Optional<Balance> balance = binance.stream().view(ACCOUNT).flatMap(v -> v.find(code));
    return balance.map(Balance::total).orElse(BigDecimal.ZERO);
  }

  private BigDecimal lastDelivered(String code) {
    for (int i = sink.updates.size() - 1; i >= 0; i--) {
      Optional<Balance> b = sink.updates.get(i).find(code);
      if (b.isPresent()) {
        return b.get().total();
      }
    }
    throw new AssertionError("nothing about " + code + " was delivered");
  }

  private void assertSigned(JsonNode request) {
    JsonNode params = request.path("params");
    assertThat(request.path("method").asText()).isEqualTo("userDataStream.subscribe.signature");
    assertThat(params.path("apiKey").asText()).isEqualTo(API_KEY);
    assertThat(params.path("signature").asText())
        .isEqualTo(
            TestVenue.hmacSha256(
                SECRET_KEY,
                "apiKey="
                    + API_KEY
                    + "&recvWindow="
                    + params.path("recvWindow").asText()
                    + "&timestamp="
                    + params.path("timestamp").asText()));
  }

  private static long timestamp(JsonNode request) {
    return request.path("params").path("timestamp").asLong();
  }
}
