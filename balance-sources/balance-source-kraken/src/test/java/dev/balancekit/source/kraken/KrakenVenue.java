package dev.balancekit.source.kraken;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.source.http.Await;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.VenueConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A loopback Kraken: WireMock answers the REST calls, a MockWebServer the authenticated WebSocket.
 * By default a subscription is answered with the fixture ack and snapshot.
 */
final class KrakenVenue implements AutoCloseable {
  static final Asset BTC = Asset.of("BTC", 10);
  static final Asset USD = Asset.of("USD", 4);
  static final Asset MATIC = Asset.of("MATIC", 10);
  static final Asset ETH = Asset.of("ETH", 10);
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");

  /** Distinctive, so that a leak is easy to find in any text. */
  static final String API_KEY = "LEAKCHECK-apikey-5f2b9c";

  static final String API_SECRET =
      Base64.getEncoder()
          .encodeToString(
              "LEAKCHECK-secret-0123456789abcdef0123456789abcdef0123456789abcdef"
                  .getBytes(StandardCharsets.US_ASCII));
  static final String TOKEN_PREFIX = "LEAKCHECK-token-";

  final WireMockServer rest;
  final MockWebServer ws = new MockWebServer();
  final List<Connection> connections = new CopyOnWriteArrayList<>();
  volatile boolean accepting = true;
  volatile Subscriber onSubscribe =
      (connection, token) -> {
        connection.send(fixture("ws-v2-subscribe-ack.json"));
        connection.send(fixture("ws-v2-balances-snapshot.json"));
      };

  /** What the venue does when a connection subscribes with {@code token}. */
  interface Subscriber {
    void subscribed(Connection connection, String token);
  }

  KrakenVenue() {
    rest =
        new WireMockServer(
            WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(20)
                .jettyAcceptors(1));
    rest.start();
    stubTokens();
    balanceEx(fixture("rest-balance-ex.json"));
    ws.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (!accepting) {
              return new MockResponse().setResponseCode(503);
            }
            Connection c = new Connection();
            connections.add(c);
            return new MockResponse().withWebSocketUpgrade(c);
          }
        });
    try {
      ws.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A builder pointed at this venue, with fast retries and reconnects and the test assets
   * configured.
   */
  KrakenSource.Builder builder() {
    return KrakenSource.builder()
        .account(ACCOUNT)
        .apiKey(Secret.of(API_KEY))
        .apiSecret(Secret.of(API_SECRET))
        .restUrl(rest.baseUrl())
        .webSocketUrl("ws://127.0.0.1:" + ws.getPort() + "/v2")
        .venueConfig(
            VenueConfig.custom()
                .name("kraken")
                .managerConfig(
                    BalanceManagerConfig.custom()
                        .restTimeout(Duration.ofSeconds(3))
                        .websocketTimeout(Duration.ofSeconds(3))
                        .build())
                .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .rateLimit(1000, Duration.ofSeconds(1))
                .build())
        .assets(BTC, USD, MATIC, ETH)
        .rateLimitBackoff(Duration.ofMillis(50))
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
  }

  /** Each GetWebSocketsToken call hands out the next token: LEAKCHECK-token-1, -2, ... */
  private void stubTokens() {
    String state = Scenario.STARTED;
    for (int i = 1; i <= 20; i++) {
      String next = "token " + (i + 1);
      rest.stubFor(
          post(urlEqualTo("/0/private/GetWebSocketsToken"))
              .inScenario("tokens")
              .whenScenarioStateIs(state)
              .willReturn(
                  json(
                      "{\"error\":[],\"result\":{\"token\":\""
                          + TOKEN_PREFIX
                          + i
                          + "\",\"expires\":900}}"))
              .willSetStateTo(i == 20 ? state : next));
      state = next;
    }
  }

  void balanceEx(String body) {
    balanceEx(json(body));
  }

  void balanceEx(ResponseDefinitionBuilder response) {
    rest.stubFor(post(urlEqualTo("/0/private/BalanceEx")).willReturn(response));
  }

  void assets(String body) {
    rest.stubFor(get(urlEqualTo("/0/public/Assets")).willReturn(json(body)));
  }

  int balanceExCalls() {
    return rest.countRequestsMatching(postRequestedFor(urlEqualTo("/0/private/BalanceEx")).build())
        .getCount();
  }

  int tokenCalls() {
    return rest.countRequestsMatching(
            postRequestedFor(urlEqualTo("/0/private/GetWebSocketsToken")).build())
        .getCount();
  }

  /** The {@code index}-th connection (from 0), once it is open. */
  Connection connection(int index) {
    Await.until(
        "connection " + index + " is open",
        () -> connections.size() > index && connections.get(index).socket != null);
    return connections.get(index);
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static String fixture(String name) {
    try (var in = KrakenVenue.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A {@code balances} update; each entry is a JSON object's fields, for example from {@link
   * #entry}.
   */
  static String update(long sequence, String... entries) {
    return "{\"channel\":\"balances\",\"type\":\"update\",\"data\":[{"
        + String.join("},{", entries)
        + "}],\"sequence\":"
        + sequence
        + "}";
  }

  /**
   * The fields of one ledger entry; amounts are put in as given (numbers, or strings with their
   * quotes).
   */
  static String entry(
      String type, String asset, String wallet, String amount, String fee, String balance) {
    String[] w = wallet.split(":");
    return "\"ledger_id\":\"L-"
        + type
        + "\",\"ref_id\":\"R-1\",\"timestamp\":\"2023-09-22T10:23:42.925034Z\","
        + "\"type\":\""
        + type
        + "\",\"asset\":\""
        + asset
        + "\",\"asset_class\":\"currency\",\"category\":\""
        + type
        + "\",\"wallet_type\":\""
        + w[0]
        + "\",\"wallet_id\":\""
        + w[1]
        + "\",\"amount\":"
        + amount
        + ",\"fee\":"
        + fee
        + ",\"balance\":"
        + balance;
  }

  @Override
  public void close() throws IOException {
    accepting = false;
    for (Connection c : connections) {
      WebSocket s = c.socket;
      if (s != null) {
        s.close(1001, "venue shutting down");
      }
    }
    ws.shutdown();
    rest.stop();
  }

  /** The venue's end of one WebSocket connection. */
  final class Connection extends WebSocketListener {
    private final Pattern token = Pattern.compile("\"token\":\"([^\"]*)\"");
    final List<String> received = new CopyOnWriteArrayList<>();
    volatile WebSocket socket;
    volatile String subscribedWith;

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      socket = webSocket;
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      received.add(text);
      Matcher m = token.matcher(text);
      if (text.contains("\"subscribe\"") && m.find()) {
        subscribedWith = m.group(1);
        onSubscribe.subscribed(this, m.group(1));
      }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(1000, null);
    }

    void send(String text) {
      socket.send(text);
    }

    /**
     * Ends the connection from the venue's side (a server-side socket cannot be cancelled
     * abruptly).
     */
    void drop() {
      socket.close(1001, "going away");
    }
  }
}
