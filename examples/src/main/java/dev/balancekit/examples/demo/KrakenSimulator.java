package dev.balancekit.examples.demo;

import dev.balancekit.Asset;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kraken on loopback for the demo: REST {@code GetWebSocketsToken} and {@code BalanceEx}, and the
 * WebSocket v2 {@code balances} channel (ack, snapshot, then an update per trade), in the formats
 * of the published API. A seeded random walk buys BTC and ETH with USD, so runs look alike. The
 * stream and the REST API can be taken down and brought back to show the manager's fallbacks.
 *
 * <p>Thread-safe.
 */
public final class KrakenSimulator implements AutoCloseable {
  // The simulated assets, with the scales Kraken's asset table gives them.
  static final Asset BTC = Asset.of("BTC", 10);
  static final Asset ETH = Asset.of("ETH", 10);
  static final Asset USD = Asset.of("USD", 4);

  private static final Logger log = LoggerFactory.getLogger(KrakenSimulator.class);

  private static final Map<String, String> REST_CODES =
      Map.of("BTC", "XXBT", "ETH", "XETH", "USD", "ZUSD");
  private static final Map<String, BigDecimal> PRICES =
      Map.of("BTC", new BigDecimal("64000"), "ETH", new BigDecimal("3200"));

  private final MockWebServer server = new MockWebServer();
  private final ScheduledExecutorService trader =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "kraken-simulator-trader");
            t.setDaemon(true);
            return t;
          });
  private final Random random = new Random(42);
  private final Map<String, BigDecimal> balances = new LinkedHashMap<>();
  private final Map<String, BigDecimal> holds = new LinkedHashMap<>();
  private final List<Session> sessions = new CopyOnWriteArrayList<>();
  private final AtomicInteger tokens = new AtomicInteger();
  private final AtomicInteger trades = new AtomicInteger();
  private volatile boolean streamUp = true;
  private volatile boolean restUp = true;

  /** Starts on a free loopback port, trading every {@code tradeEveryMillis}. */
  public KrakenSimulator(long tradeEveryMillis) throws IOException {
    balances.put("BTC", new BigDecimal("0.5000000000"));
    balances.put("ETH", new BigDecimal("4.0000000000"));
    balances.put("USD", new BigDecimal("20000.0000"));
    holds.put("BTC", new BigDecimal("0.0500000000"));
    holds.put("ETH", new BigDecimal("0.0000000000"));
    holds.put("USD", new BigDecimal("1500.0000"));
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answer(request);
          }
        });
    server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    // Nobody waits on the schedule's future: tradeOrLog reports the failure that would end it.
    var unused =
        trader.scheduleAtFixedRate(
            this::tradeOrLog, tradeEveryMillis, tradeEveryMillis, TimeUnit.MILLISECONDS);
  }

  /** Where {@code /0/private/...} calls go. */
  public String restUrl() {
    return server.url("/").toString();
  }

  /** The authenticated WebSocket endpoint. */
  public String webSocketUrl() {
    return server.url("/v2").toString().replaceFirst("^http", "ws");
  }

  /** How many trades have been streamed. */
  public int trades() {
    return trades.get();
  }

  /** Drops every stream connection and refuses new ones until {@link #restoreStream()}. */
  public void killStream() {
    streamUp = false;
    for (Session s : sessions) {
      s.goAway();
    }
    sessions.clear();
  }

  /** Accepts stream connections again; the client reconnects by itself. */
  public void restoreStream() {
    streamUp = true;
  }

  /** Answers REST calls with 503 until {@link #restoreRest()}. */
  public void failRest() {
    restUp = false;
  }

  /** Answers REST calls again. */
  public void restoreRest() {
    restUp = true;
  }

  private MockResponse answer(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath();
    if (path.startsWith("/v2")) {
      if (!streamUp) {
        return new MockResponse().setResponseCode(503);
      }
      return new MockResponse().withWebSocketUpgrade(new Session());
    }
    if (!restUp) {
      return new MockResponse().setResponseCode(503).setBody("maintenance");
    }
    if (path.startsWith("/0/private/GetWebSocketsToken")) {
      return json(
          "{\"error\":[],\"result\":{\"token\":\"demo-token-"
              + tokens.incrementAndGet()
              + "\",\"expires\":900}}");
    }
    if (path.startsWith("/0/private/BalanceEx")) {
      StringBuilder result = new StringBuilder();
      synchronized (balances) {
        for (Map.Entry<String, BigDecimal> e : balances.entrySet()) {
          result
              .append(result.length() == 0 ? "" : ",")
              .append('"')
              .append(REST_CODES.get(e.getKey()))
              .append("\":{\"balance\":\"")
              .append(e.getValue().toPlainString())
              .append("\",\"hold_trade\":\"")
              .append(amountOf(holds, e.getKey()).toPlainString())
              .append("\"}");
        }
      }
      return json("{\"error\":[],\"result\":{" + result + "}}");
    }
    return new MockResponse()
        .setResponseCode(404)
        .setBody("{\"error\":[\"EGeneral:Unknown method\"]}");
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private void tradeOrLog() {
    try {
      trade();
    } catch (RuntimeException e) {
      log.error("the simulator stops trading: a trade failed", e);
      throw e;
    }
  }

  /**
   * One trade: buys a little BTC or ETH with USD (now and then sells), streamed as two ledger
   * entries.
   */
  private void trade() {
    Asset traded = random.nextInt(3) == 0 ? ETH : BTC;
    String asset = traded.code();
    BigDecimal quantity =
        BigDecimal.valueOf(1 + random.nextInt(200), asset.equals("BTC") ? 5 : 4)
            .setScale(traded.scale());
    boolean sell = random.nextInt(4) == 0;
    BigDecimal cost = quantity.multiply(PRICES.get(asset)).setScale(4, RoundingMode.HALF_EVEN);
    String update;
    synchronized (balances) {
      BigDecimal assetMove = sell ? quantity.negate() : quantity;
      BigDecimal usdMove = sell ? cost : cost.negate();
      if (amountOf(balances, asset).add(assetMove).signum() < 0
          || amountOf(balances, "USD").add(usdMove).signum() < 0) {
        return;
      }
      balances.merge(asset, assetMove, BigDecimal::add);
      balances.merge("USD", usdMove, BigDecimal::add);
      int n = trades.incrementAndGet();
      update =
          "{\"channel\":\"balances\",\"type\":\"update\",\"data\":["
              + entry(n, asset, assetMove)
              + ","
              + entry(n, "USD", usdMove)
              + "],\"sequence\":%d}";
    }
    for (Session s : sessions) {
      s.send(update);
    }
  }

  // Called under the balances lock.
  private String entry(int trade, String asset, BigDecimal amount) {
    return "{\"ledger_id\":\"DEMO-"
        + trade
        + "-"
        + asset
        + "\",\"ref_id\":\"TRADE-"
        + trade
        + "\",\"timestamp\":\""
        + Instant.now()
        + "\",\"type\":\"trade\",\"asset\":\""
        + asset
        + "\",\"asset_class\":\"currency\","
        + "\"category\":\"trade\",\"wallet_type\":\"spot\",\"wallet_id\":\"main\",\"amount\":\""
        + amount.toPlainString()
        + "\",\"fee\":\"0\",\"balance\":\""
        + amountOf(balances, asset).toPlainString()
        + "\"}";
  }

  /** The simulator's balance or hold of {@code asset}: it keeps both for each of its assets. */
  private static BigDecimal amountOf(Map<String, BigDecimal> amounts, String asset) {
    return Objects.requireNonNull(amounts.get(asset), asset);
  }

  private String snapshot() {
    StringBuilder data = new StringBuilder();
    synchronized (balances) {
      for (Map.Entry<String, BigDecimal> e : balances.entrySet()) {
        String amount = e.getValue().toPlainString();
        data.append(data.length() == 0 ? "" : ",")
            .append("{\"asset\":\"")
            .append(e.getKey())
            .append("\",\"asset_class\":\"currency\",\"balance\":\"")
            .append(amount)
            .append("\",\"wallets\":[{\"type\":\"spot\",\"id\":\"main\",\"balance\":\"")
            .append(amount)
            .append("\"}]}");
      }
    }
    return "{\"channel\":\"balances\",\"type\":\"snapshot\",\"data\":["
        + data
        + "],\"sequence\":1}";
  }

  @Override
  public void close() throws IOException {
    trader.shutdownNow();
    killStream();
    server.shutdown();
  }

  /**
   * One stream connection: answers the subscription, then gets every trade with its own sequence.
   */
  private final class Session extends WebSocketListener {
    private volatile @Nullable WebSocket socket;
    private int sequence = 1;
    private boolean subscribed;

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      socket = webSocket;
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      if (!text.contains("\"subscribe\"") || !text.contains("demo-token-")) {
        webSocket.send(
            "{\"method\":\"subscribe\",\"success\":false,\"error\":\"EAPI:Invalid token\"}");
        return;
      }
      // Under the trade lock: no trade falls between the snapshot and the first update.
      synchronized (balances) {
        synchronized (this) {
          webSocket.send(
              "{\"method\":\"subscribe\",\"result\":{\"channel\":\"balances\",\"snapshot\":true},"
                  + "\"success\":true,\"time_in\":\""
                  + Instant.now()
                  + "\",\"time_out\":\""
                  + Instant.now()
                  + "\"}");
          webSocket.send(snapshot());
          subscribed = true;
        }
        sessions.add(this);
      }
    }

    synchronized void send(String update) {
      WebSocket open = socket;
      if (subscribed && open != null) {
        open.send(String.format(update, ++sequence));
      }
    }

    /** Closes the connection as a server going away does. */
    void goAway() {
      WebSocket open = socket;
      if (open != null) {
        open.close(1001, "simulator going away");
      }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      sessions.remove(this);
      webSocket.close(1000, null);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      sessions.remove(this);
    }
  }
}
