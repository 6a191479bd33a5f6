package dev.balancekit.source.binance;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.VenueConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Binance on loopback: the WebSocket API on a MockWebServer (answering every subscribe request, or
 * refusing the next ones as told) and the REST API on WireMock. Also the test's keys, account,
 * assets and an independent HMAC-SHA256 for checking signatures. Close it after each test.
 */
final class TestVenue implements AutoCloseable {
  static final String API_KEY = "TestApiKey4c1d9e0b7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0";
  static final String SECRET_KEY =
      "TestSecretKey9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b";
  static final AccountRef ACCOUNT = AccountRef.of("binance", "main");
  static final Asset BTC = Asset.of("BTC", 8);
  static final Asset ETH = Asset.of("ETH", 8);
  static final Asset USDT = Asset.of("USDT", 8);
  static final String ACCOUNT_PATH = "/api/v3/account";
  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  final MockWebServer ws = new MockWebServer();
  final WireMockServer rest = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  final WebSocketApi api = new WebSocketApi();
  final TickingClock clock = new TickingClock(START);

  private final AtomicBoolean accepting = new AtomicBoolean(true);

  TestVenue() {
    ws.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return accepting.get()
                ? new MockResponse().withWebSocketUpgrade(api)
                : new MockResponse().setResponseCode(503);
          }
        });
    try {
      ws.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rest.start();
  }

  /** Whether new WebSocket connections are let in (503 otherwise); they are at first. */
  void acceptConnections(boolean accept) {
    accepting.set(accept);
  }

  /** A source wired to this venue, with short timeouts and backoffs. */
  BinanceSource.Builder source() {
    return BinanceSource.builder()
        .account(ACCOUNT)
        .apiKey(Secret.of(API_KEY))
        .secretKey(Secret.of(SECRET_KEY))
        .asset(BTC)
        .asset(ETH)
        .asset(USDT)
        .restBaseUrl(rest.baseUrl())
        .webSocketUrl("ws://" + ws.getHostName() + ":" + ws.getPort() + "/ws-api/v3")
        .venueConfig(
            VenueConfig.custom()
                .name("binance")
                .managerConfig(
                    BalanceManagerConfig.custom()
                        .restTimeout(Duration.ofSeconds(5))
                        .websocketTimeout(Duration.ofSeconds(5))
                        .build())
                .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .rateLimit(1000, Duration.ofSeconds(1))
                .build())
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
        .clock(clock);
  }

  /** The REST account answers {@code body} from now on. */
  void account(String body) {
    rest.stubFor(accountRequest().willReturn(okJson(body)));
  }

  /** The REST account answers with these BTC and USDT amounts and {@code updateTime}. */
  void account(long updateTime, String btcFree, String btcLocked, String usdtFree) {
    account(
        "{\"updateTime\":"
            + updateTime
            + ",\"balances\":["
            + restBalance("BTC", btcFree, btcLocked)
            + ","
            + restBalance("USDT", usdtFree, "0")
            + "]}");
  }

  static MappingBuilder accountRequest() {
    return get(urlPathEqualTo(ACCOUNT_PATH));
  }

  static String restBalance(String asset, String free, String locked) {
    return "{\"asset\":\"" + asset + "\",\"free\":\"" + free + "\",\"locked\":\"" + locked + "\"}";
  }

  static String position(long eventTime, long updateTime, String... assetFreeLocked) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < assetFreeLocked.length; i += 3) {
      b.append(i == 0 ? "" : ",")
          .append("{\"a\":\"")
          .append(assetFreeLocked[i])
          .append("\",\"f\":\"")
          .append(assetFreeLocked[i + 1])
          .append("\",\"l\":\"")
          .append(assetFreeLocked[i + 2])
          .append("\"}");
    }
    return "{\"subscriptionId\":0,\"event\":{\"e\":\"outboundAccountPosition\",\"E\":"
        + eventTime
        + ",\"u\":"
        + updateTime
        + ",\"B\":["
        + b
        + "]}}";
  }

  static String balanceUpdate(long eventTime, long clearTime, String asset, String delta) {
    return "{\"subscriptionId\":0,\"event\":{\"e\":\"balanceUpdate\",\"E\":"
        + eventTime
        + ",\"a\":\""
        + asset
        + "\",\"d\":\""
        + delta
        + "\",\"T\":"
        + clearTime
        + "}}";
  }

  static String fixture(String name) {
    try {
      return Files.readString(Path.of("src/test/resources/fixtures", name), StandardCharsets.UTF_8)
          .strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * HMAC-SHA256 of {@code payload} under {@code key}, lower-case hex: written apart from the code
   * under test.
   */
  static String hmacSha256(String key, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      StringBuilder hex = new StringBuilder();
      for (byte b : mac.doFinal(payload.getBytes(StandardCharsets.UTF_8))) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    rest.stop();
    ws.shutdown();
  }

  /** The venue's end of the WebSocket API connections. */
  static final class WebSocketApi extends WebSocketListener {
    final BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
    final List<String> received = new CopyOnWriteArrayList<>();

    /** Answers for the next subscribe requests, as {@code {status, code}}; accepted once empty. */
    final Queue<int[]> refusals = new ConcurrentLinkedQueue<>();

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      opened.add(webSocket);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      received.add(text);
      JsonNode request = json(text);
      if (!request.path("method").asText().equals("userDataStream.subscribe.signature")) {
        return;
      }
      String id = request.path("id").toString();
      int[] refusal = refusals.poll();
      webSocket.send(
          refusal == null
              ? "{\"id\":"
                  + id
                  + ",\"status\":200,\"result\":{\"subscriptionId\":0},\"rateLimits\":[{\"rateLimitType\":"
                  + "\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":6000,\"count\":2}]}"
              : "{\"id\":"
                  + id
                  + ",\"status\":"
                  + refusal[0]
                  + ",\"error\":{\"code\":"
                  + refusal[1]
                  + ",\"msg\":\"refused by the test\"}}");
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(1000, null);
    }

    /** The next connection the client opened. */
    WebSocket nextConnection() {
      try {
        WebSocket socket = opened.poll(10, TimeUnit.SECONDS);
        if (socket == null) {
          throw new AssertionError("no WebSocket connection within 10 s");
        }
        return socket;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** The subscribe requests received so far, parsed. */
    List<JsonNode> subscriptions() {
      return received.stream()
          .map(TestVenue::json)
          .filter(r -> r.path("method").asText().equals("userDataStream.subscribe.signature"))
          .collect(Collectors.toList());
    }
  }
}
