package dev.balancekit.source.kraken;

import static dev.balancekit.source.kraken.KrakenVenue.ACCOUNT;
import static dev.balancekit.source.kraken.KrakenVenue.entry;
import static dev.balancekit.source.kraken.KrakenVenue.fixture;
import static dev.balancekit.source.kraken.KrakenVenue.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.balancekit.AccountBalances;
import dev.balancekit.Balance;
import dev.balancekit.SourceState;
import dev.balancekit.source.http.Await;
import dev.balancekit.source.http.RecordingSink;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WebSocket v2 balances stream against a loopback Kraken. */
class KrakenStreamTest {
  private static final String SNAPSHOT_AFTER_MISSED_UPDATES =
      "{\"channel\":\"balances\",\"type\":\"snapshot\","
          + "\"sequence\":1,\"data\":[{\"asset\":\"BTC\",\"asset_class\":\"currency\",\"balance\":3.5,\"wallets\":"
          + "[{\"type\":\"spot\",\"id\":\"main\",\"balance\":3.5}]},{\"asset\":\"USD\",\"asset_class\":\"currency\","
          + "\"balance\":\"70000.0001\",\"wallets\":[{\"type\":\"spot\",\"id\":\"main\",\"balance\":\"70000.0001\"}]}]}";

  private final KrakenVenue venue = new KrakenVenue();
  private final KrakenSource kraken = venue.builder().build();
  private final RecordingSink sink = new RecordingSink();

  @AfterEach
  void close() throws Exception {
    kraken.close();
    venue.close();
  }

  @Test
  void snapshotThenUpdatesAreMergedIntoTheViewWithoutAnyRestCall() throws Exception {
    kraken.stream().attach(sink);
    KrakenVenue.Connection connection = venue.connection(0);
    awaitLive();

    assertThat(total("BTC")).isEqualByComparingTo("1.2");
    assertThat(view().find("MATIC").orElseThrow().wallets())
        .containsOnlyKeys("spot:main", "earn:flex");
    connection.send(update(2, entry("deposit", "BTC", "spot:main", "0.01", "0.0", "1.21")));
    Await.until(
        "the deposit is applied", () -> total("BTC").compareTo(new BigDecimal("1.21")) == 0);
    connection.send(
        update(
            3,
            entry("trade", "BTC", "spot:main", "\"-0.5\"", "\"0\"", "\"0.71\""),
            entry("trade", "USD", "spot:main", "\"30000\"", "\"12.5\"", "\"110582.9943\"")));
    Await.until(
        "the trade is applied", () -> total("USD").compareTo(new BigDecimal("110582.9943")) == 0);

    Balance btc = view().find("BTC").orElseThrow();
    assertThat(btc.total()).isEqualByComparingTo("0.71");
    assertThat(btc.wallets()).containsOnlyKeys("spot:main");
    assertThat(btc.wallets().get("spot:main")).isEqualByComparingTo("0.71");
    assertThat(btc.available()).as("the stream carries totals only").isEmpty();
    assertThat(btc.sequence()).hasValue(3);
    assertThat(view().isComplete()).isTrue();
    ObjectMapper json = new ObjectMapper();
    ObjectNode documented = (ObjectNode) json.readTree(fixture("ws-v2-subscribe-request.json"));
    ((ObjectNode) documented.get("params"))
        .put("token", KrakenVenue.TOKEN_PREFIX + "1")
        .put("snapshot", true);
    assertThat(json.readTree(connection.received.get(0))).isEqualTo(documented);
    assertThat(venue.balanceExCalls()).isZero();
    assertThat(sink.updates).isNotEmpty();
  }

  @Test
  void
      aDroppedConnectionKeepsTheLastViewThenReconnectsWithANewTokenAndItsSnapshotRestoresMissedUpdates() {
    kraken.stream().attach(sink);
    KrakenVenue.Connection first = venue.connection(0);
    awaitLive();
    first.send(update(2, entry("deposit", "BTC", "spot:main", "0.01", "0.0", "1.21")));
    Await.until(
        "the deposit is applied", () -> total("BTC").compareTo(new BigDecimal("1.21")) == 0);
    // While the connection is down, more happens on the account; the next snapshot says what.
    venue.onSubscribe =
        (c, token) -> {
          c.send(fixture("ws-v2-subscribe-ack.json"));
          c.send(SNAPSHOT_AFTER_MISSED_UPDATES);
        };
    venue.accepting = false;

    first.drop();
    Await.until("the drop is noticed", () -> sink.saw(SourceState.LIVE, SourceState.DEGRADED));
    assertThat(total("BTC")).as("the last view is kept while down").isEqualByComparingTo("1.21");
    venue.accepting = true;

    KrakenVenue.Connection second = venue.connection(1);
    Await.until("the view is restored", () -> total("BTC").compareTo(new BigDecimal("3.5")) == 0);
    awaitLive();
    assertThat(second.subscribedWith).isEqualTo(KrakenVenue.TOKEN_PREFIX + "2");
    assertThat(total("USD")).isEqualByComparingTo("70000.0001");
    assertThat(view().find("MATIC")).as("the new snapshot is complete: MATIC is gone").isEmpty();
    second.send(update(2, entry("withdrawal", "USD", "spot:main", "-1000", "5", "68995.0001")));
    Await.until(
        "updates flow again", () -> total("USD").compareTo(new BigDecimal("68995.0001")) == 0);
    assertThat(kraken.reconnects()).isPositive();
  }

  @Test
  void aSequenceGapResyncsFromBalanceExAndKeepsWhatArrivedMeanwhile() {
    kraken.stream().attach(sink);
    KrakenVenue.Connection connection = venue.connection(0);
    awaitLive();
    connection.send(update(2, entry("deposit", "BTC", "spot:main", "0.01", "0.0", "1.21")));
    Await.until(
        "the deposit is applied", () -> total("BTC").compareTo(new BigDecimal("1.21")) == 0);

    connection.send(update(4, entry("deposit", "USD", "spot:main", "100", "0", "25535.21")));

    Await.until(
        "the resync is done",
        () ->
            venue.balanceExCalls() == 1
                && kraken.stream().state() == SourceState.LIVE
                && total("BTC").compareTo(new BigDecimal("1.2435")) == 0);
    assertThat(kraken.sequenceGaps()).isEqualTo(1);
    Balance btc = view().find("BTC").orElseThrow();
    assertThat(btc.source()).isEqualTo("kraken-rest");
    assertThat(btc.available()).as("BalanceEx knows what is available").isPresent();
    assertThat(total("USD"))
        .as("the update that revealed the gap is applied on top")
        .isEqualByComparingTo("25535.21");
    assertThat(sink.saw(SourceState.LIVE, SourceState.DEGRADED)).isTrue();
  }

  @Test
  void aRefusedTokenIsReplacedByAFreshOneOnANewConnection() {
    venue.onSubscribe =
        (c, token) -> {
          if (token.equals(KrakenVenue.TOKEN_PREFIX + "1")) {
            c.send(
                "{\"error\":\"ESession:Invalid session\",\"method\":\"subscribe\",\"success\":false,"
                    + "\"time_in\":\"2023-10-16T13:29:13.111530Z\",\"time_out\":\"2023-10-16T13:29:13.111775Z\"}");
          } else {
            c.send(fixture("ws-v2-subscribe-ack.json"));
            c.send(fixture("ws-v2-balances-snapshot.json"));
          }
        };

    kraken.stream().attach(sink);
    awaitLive();

    assertThat(venue.connections.size()).isGreaterThanOrEqualTo(2);
    assertThat(venue.connections.get(0).subscribedWith).isEqualTo(KrakenVenue.TOKEN_PREFIX + "1");
    assertThat(venue.connections.get(venue.connections.size() - 1).subscribedWith)
        .isEqualTo(KrakenVenue.TOKEN_PREFIX + "2");
    assertThat(venue.tokenCalls()).isEqualTo(2);
    assertThat(total("BTC")).isEqualByComparingTo("1.2");
  }

  @Test
  void malformedMessagesAreLoggedCountedAndSkippedWhileTheStreamStaysUp() {
    kraken.stream().attach(sink);
    KrakenVenue.Connection connection = venue.connection(0);
    awaitLive();
    connection.send(update(2, entry("deposit", "BTC", "spot:main", "0.01", "0.0", "1.21")));
    Await.until(
        "the deposit is applied", () -> total("BTC").compareTo(new BigDecimal("1.21")) == 0);
    AccountBalances before = view();

    connection.send(
        "{\"channel\":\"balances\",\"type\":\"update\",\"data\":[{\"asset\":\"BTC\",\"balance\":\"3\"}");
    connection.send(update(3, entry("deposit", "BTC", "spot:main", "1", "0", "\"NaN\"")));
    connection.send(update(3, entry("deposit", "BTC", "spot:main", "1", "0", "{\"x\":1}")));
    connection.send(
        "{\"channel\":\"balances\",\"type\":\"update\",\"sequence\":3,\"data\":[{\"balance\":\"9\"}]}");
    connection.send("not json at all");
    Await.until("five malformed messages are counted", () -> kraken.malformedMessages() == 5);

    assertThat(kraken.stream().state()).isEqualTo(SourceState.LIVE);
    assertThat(view()).isEqualTo(before);
    connection.send(update(3, entry("deposit", "BTC", "spot:main", "\"1\"", "\"0\"", "\"2.21\"")));
    Await.until(
        "the next good update is applied",
        () -> total("BTC").compareTo(new BigDecimal("2.21")) == 0);
    assertThat(kraken.sequenceGaps()).isZero();
    assertThat(venue.balanceExCalls()).isZero();
  }

  @Test
  void aValueWithFortyDecimalsIsReportedNeverRoundedAndTheSkippedSequenceResyncs() {
    kraken.stream().attach(sink);
    KrakenVenue.Connection connection = venue.connection(0);
    awaitLive();

    connection.send(
        update(
            2,
            entry(
                "deposit",
                "BTC",
                "spot:main",
                "1",
                "0",
                "1.2000000000000000000000000000000000000001")));
    Await.until("the message is reported as malformed", () -> kraken.malformedMessages() == 1);
    assertThat(total("BTC")).isEqualTo(new BigDecimal("1.2000000000"));

    connection.send(update(3, entry("deposit", "USD", "spot:main", "1", "0", "80596.4943")));
    Await.until(
        "the gap left by the skipped message is resynced",
        () ->
            venue.balanceExCalls() == 1
                && kraken.stream().state() == SourceState.LIVE
                && total("USD").compareTo(new BigDecimal("80596.4943")) == 0);
    assertThat(kraken.sequenceGaps()).isEqualTo(1);
    assertThat(total("BTC"))
        .as("BalanceEx's value, not a rounded one")
        .isEqualByComparingTo("1.2435");
  }

  @Test
  void unknownAssetsInTheStreamAreSkippedAndCounted() {
    venue.onSubscribe =
        (c, token) ->
            c.send(
                "{\"channel\":\"balances\",\"type\":\"snapshot\",\"sequence\":1,"
                    + "\"data\":[{\"asset\":\"BTC\",\"balance\":\"1\"},{\"asset\":\"NEWCOIN\",\"balance\":\"42\"}]}");
    kraken.stream().attach(sink);
    awaitLive();

    assertThat(view().balances()).extracting(b -> b.asset().code()).containsExactly("BTC");
    assertThat(kraken.skippedUnknownAssets()).isEqualTo(1);
  }

  @Test
  void fetchAnswersFromBalanceExUntilTheStreamIsLiveThenFromItsView() throws Exception {
    AccountBalances beforeConnecting = kraken.stream().fetch(ACCOUNT).get(10, TimeUnit.SECONDS);
    assertThat(beforeConnecting.find("BTC").orElseThrow().source()).isEqualTo("kraken-rest");

    kraken.stream().attach(sink);
    awaitLive();
    AccountBalances live = kraken.stream().fetch(ACCOUNT).get(10, TimeUnit.SECONDS);

    assertThat(live.find("BTC").orElseThrow().source()).isEqualTo("kraken-stream");
    assertThat(venue.balanceExCalls()).isEqualTo(1);
  }

  private void awaitLive() {
    Await.until(
        "the stream is LIVE",
        () ->
            kraken.stream().state() == SourceState.LIVE
                && kraken.stream().view(ACCOUNT).isPresent());
  }

  private AccountBalances view() {
    return kraken.stream().view(ACCOUNT).orElseThrow();
  }

  private BigDecimal total(String code) {
    return kraken.stream()
        .view(ACCOUNT)
        .flatMap(v -> v.find(code))
        .map(Balance::total)
        .orElse(BigDecimal.ZERO);
  }
}
