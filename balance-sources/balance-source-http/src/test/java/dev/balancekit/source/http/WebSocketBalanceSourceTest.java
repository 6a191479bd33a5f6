package dev.balancekit.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.SourceState;
import dev.balancekit.spi.BalanceSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The managed WebSocket through the configured source, against a loopback MockWebServer. */
class WebSocketBalanceSourceTest {
  private static final Asset BTC = Asset.of("BTC", 10);
  private static final Asset USD = Asset.of("USD", 4);
  private static final Asset MATIC = Asset.of("MATIC", 8);
  private static final AccountRef ACCOUNT = AccountRef.of("kraken", "user-1");

  private final MockWebServer server = new MockWebServer();
  private final VenueSide venue = new VenueSide();
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private final ScriptedSnapshots snapshots = new ScriptedSnapshots();
  private final RecordingSink sink = new RecordingSink();
  private VenueClient client;
  private WebSocketBalanceSource source;

  @BeforeEach
  void start() throws IOException {
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse().withWebSocketUpgrade(venue));
    }
    server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    client =
        VenueClient.create(
            VenueConfig.custom()
                .name("kraken")
                .managerConfig(
                    BalanceManagerConfig.custom()
                        .websocketTimeout(Duration.ofSeconds(5))
                        .restTimeout(Duration.ofSeconds(5))
                        .build())
                .build());
    source =
        WebSocketBalanceSource.builder()
            .connection(
                client,
                ManagedWebSocket.builder()
                    .name("kraken-ws")
                    .url("ws://" + server.getHostName() + ":" + server.getPort() + "/v2")
                    .snapshotSource(snapshots)
                    .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)))
            .account(ACCOUNT)
            .subscribeMessage(
                fixture("ws-v2-subscribe-request.json")
                    .replace("G38a1tGFzqGiUCmnegBcm8d4nfP3tytiNQz6tkCBYXY", "{token}"))
            .tokenProvider(
                () ->
                    CompletableFuture.completedFuture(
                        Secret.of("token-" + tokensIssued.incrementAndGet())))
            .layout(
                JsonBalanceLayout.custom()
                    .balances("/data")
                    .assetCode("/asset")
                    .total("/balance")
                    .asset(BTC)
                    .asset(USD)
                    .asset(MATIC)
                    .build())
            .messageType("/type", "snapshot", "update")
            .sequence("/sequence")
            .build();
    source.track(ACCOUNT);
  }

  @AfterEach
  void stop() throws IOException {
    source.close();
    client.close();
    server.shutdown();
  }

  @Test
  void dropMidStreamReconnectsWithANewTokenResubscribesAndResyncsKeepingTheLastView() {
    source.attach(sink);
    WebSocket first = venue.nextConnection();
    awaitLive();
    // The venue records a frame on its own thread; the source may be LIVE before that.
    Await.until(
        "subscribed with the first token",
        () -> venue.received.stream().anyMatch(m -> m.contains("\"token\":\"token-1\"")));
    first.send(fixture("ws-v2-balances-snapshot.json"));
    first.send(fixture("ws-v2-balances-update.json"));
    Await.until("the update is applied", () -> total(BTC).compareTo(new BigDecimal("0.02")) == 0);

    first.close(1001, "going away");
    Await.until("the drop is noticed", () -> sink.saw(SourceState.LIVE, SourceState.DEGRADED));
    assertThat(source.view(ACCOUNT)).isPresent();

    venue.nextConnection();
    Await.until(
        "resubscribed with a new token",
        () -> venue.received.stream().anyMatch(m -> m.contains("\"token\":\"token-2\"")));
    awaitLive();
    assertThat(tokensIssued).hasValue(2);
    assertThat(snapshots.fetches).hasValue(2);
    assertThat(sink.changes)
        .extracting(RecordingSink.Change::to)
        .containsSubsequence(
            SourceState.SYNCING,
            SourceState.LIVE,
            SourceState.DEGRADED,
            SourceState.SYNCING,
            SourceState.LIVE);
    assertThat(source.view(ACCOUNT).orElseThrow().isComplete()).isTrue();
  }

  @Test
  void sequenceGapTriggersExactlyOneResyncAndUpdatesDuringItAreNotLost() {
    source.attach(sink);
    WebSocket socket = venue.nextConnection();
    awaitLive();
    socket.send(update(1, "BTC", "1.1"));
    Await.until(
        "the first update is applied", () -> total(BTC).compareTo(new BigDecimal("1.1")) == 0);

    CompletableFuture<AccountBalances> resync = snapshots.holdNext();
    socket.send(update(3, "BTC", "1.3"));
    socket.send(update(4, "USD", "150"));
    socket.send(update(7, "MATIC", "5"));
    Await.until("the three updates are buffered", () -> source.stream().bufferedMessages() == 3);
    assertThat(source.state()).isEqualTo(SourceState.DEGRADED);

    resync.complete(restSnapshot("1.25", "90"));
    awaitLive();
    assertThat(snapshots.fetches).hasValue(2);
    assertThat(source.stream().sequenceGaps()).isEqualTo(1);
    AccountBalances view = source.view(ACCOUNT).orElseThrow();
    assertThat(view.find("BTC").orElseThrow().total()).isEqualByComparingTo("1.3");
    assertThat(view.find("USD").orElseThrow().total()).isEqualByComparingTo("150");
    assertThat(view.find("MATIC").orElseThrow().total()).isEqualByComparingTo("5");
    assertThat(sink.updates.get(sink.updates.size() - 1).find("USD").orElseThrow().total())
        .isEqualByComparingTo("150");
  }

  @Test
  void malformedMessagesAreCountedAndSkippedWhileTheStreamStaysUp() {
    source.attach(sink);
    WebSocket socket = venue.nextConnection();
    awaitLive();
    socket.send(update(1, "BTC", "2"));
    Await.until("the update is applied", () -> total(BTC).compareTo(BigDecimal.valueOf(2)) == 0);

    socket.send("{\"type\":\"update\",\"data\":[{\"asset\":\"BTC\",\"balance\":\"3\"}");
    socket.send(update(2, "BTC", "NaN"));
    socket.send(update(2, "BTC", "1e999999999"));
    socket.send(update(2, "BTC", "0.12345678901"));
    Await.until("four malformed messages are counted", () -> source.malformedMessages() == 4);
    assertThat(source.state()).isEqualTo(SourceState.LIVE);
    assertThat(total(BTC)).isEqualByComparingTo("2");

    socket.send(update(2, "BTC", "2.5"));
    Await.until(
        "the next good update is applied", () -> total(BTC).compareTo(new BigDecimal("2.5")) == 0);
    assertThat(snapshots.fetches).hasValue(1);
  }

  private void awaitLive() {
    Await.until("the stream is LIVE", () -> source.state() == SourceState.LIVE);
  }

  private BigDecimal total(Asset asset) {
    return source
        .view(ACCOUNT)
        .flatMap(v -> v.find(asset.code()))
        .map(Balance::total)
        .orElse(BigDecimal.ZERO);
  }

  private static String update(long sequence, String asset, String balance) {
    return "{\"channel\":\"balances\",\"type\":\"update\",\"data\":[{\"asset\":\""
        + asset
        + "\",\"balance\":\""
        + balance
        + "\"}],\"sequence\":"
        + sequence
        + "}";
  }

  private static AccountBalances restSnapshot(String btc, String usd) {
    Instant now = Instant.now();
    return AccountBalances.snapshot(
        ACCOUNT,
        List.of(
            Balance.of(ACCOUNT, BTC, new BigDecimal(btc), "kraken-rest", now),
            Balance.of(ACCOUNT, USD, new BigDecimal(usd), "kraken-rest", now)),
        now);
  }

  static String fixture(String name) {
    try (var in = WebSocketBalanceSourceTest.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The venue's end of the sockets. */
  static final class VenueSide extends WebSocketListener {
    final BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
    final List<String> received = new CopyOnWriteArrayList<>();

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      opened.add(webSocket);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      received.add(text);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(1000, null);
    }

    WebSocket nextConnection() {
      try {
        WebSocket socket = opened.poll(10, TimeUnit.SECONDS);
        assertThat(socket).as("a connection within 10 s").isNotNull();
        return socket;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** A REST stand-in: answers at once unless a test holds the next answer. */
  static final class ScriptedSnapshots implements BalanceSource {
    final AtomicInteger fetches = new AtomicInteger();
    private final Deque<CompletableFuture<AccountBalances>> held = new ArrayDeque<>();

    synchronized CompletableFuture<AccountBalances> holdNext() {
      CompletableFuture<AccountBalances> f = new CompletableFuture<>();
      held.add(f);
      return f;
    }

    @Override
    public String name() {
      return "kraken-rest";
    }

    @Override
    public synchronized CompletableFuture<AccountBalances> fetch(AccountRef account) {
      fetches.incrementAndGet();
      CompletableFuture<AccountBalances> f = held.poll();
      return f != null ? f : CompletableFuture.completedFuture(restSnapshot("1.0", "100"));
    }
  }
}
