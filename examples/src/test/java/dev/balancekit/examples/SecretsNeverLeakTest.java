package dev.balancekit.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.algorand.algosdk.account.Account;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.BalanceManager;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.SourceState;
import dev.balancekit.cache.CaffeineBalanceCache;
import dev.balancekit.examples.cli.BalanceKitCli;
import dev.balancekit.ledger.Ledger;
import dev.balancekit.source.algorand.AlgorandSource;
import dev.balancekit.source.binance.BinanceSource;
import dev.balancekit.source.hedera.HederaNetwork;
import dev.balancekit.source.hedera.HederaSource;
import dev.balancekit.source.http.JsonBalanceLayout;
import dev.balancekit.source.http.ManagedWebSocket;
import dev.balancekit.source.http.RestBalanceSource;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.VenueClient;
import dev.balancekit.source.http.VenueConfig;
import dev.balancekit.source.http.WebSocketBalanceSource;
import dev.balancekit.source.kraken.KrakenSource;
import dev.balancekit.spi.TransferRail;
import dev.balancekit.transfer.TransferRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every adapter is configured with recognisable fake secrets and driven through failures against
 * loopback fakes (auth refusals, 5xx, 429 with Retry-After, malformed and echoing bodies, timeouts,
 * dropped connections, refused WebSocket subscriptions) and through a success. With every logger at
 * DEBUG (slf4j-simple and java.util.logging), nothing the JVM prints, no exception (message, {@code
 * toString}, stack trace, causes, suppressed), no {@code toString()} of a configured object and no
 * CLI output may contain any secret, any transformed form of it (hex, base64, decoded bytes), or
 * any {@value LeakScanner#FRAGMENT}-character piece of those.
 *
 * <p>Runs in its own surefire execution ({@code secrets-never-leak} in this module's pom), which
 * sets slf4j-simple's levels through system properties; elsewhere (a {@code -Dtest=} run of the
 * default execution) it is skipped. The fakes' own servers (Jetty, WireMock, MockWebServer) log at
 * INFO/WARNING there: at DEBUG they print the request headers they receive, which is the fake
 * talking, not BalanceKit.
 *
 * <p>The tests at the end reproduce leaks this suite found, all fixed but one that lies in algosdk
 * and stays disabled.
 */
class SecretsNeverLeakTest {
  private static final Logger log = LoggerFactory.getLogger(SecretsNeverLeakTest.class);

  // ---------------------------------------------------------------- the secrets

  static final String KRAKEN_API_KEY = "KRAKEN-APIKEY-0xDEADBEEF-5f2b9c7e41d0";

  /** A valid-format Kraken private key: base64 of 64 bytes. */
  static final String KRAKEN_API_SECRET =
      Base64.getEncoder().encodeToString(sha512("KRAKEN-SECRET-0xDEADBEEF"));

  static final String KRAKEN_TOKEN_PREFIX = "KRAKEN-WSTOKEN-0xDEADBEEF-";

  static final String BINANCE_API_KEY =
      "BinanceApiKey0xDEADBEEF4c1d9e0b7a6f5e4d3c2b1a09f8e7d6c5b4a392817";
  static final String BINANCE_SECRET_KEY =
      "BinanceSecretKey0xDEADBEEF9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a";

  static final String REST_HEADER_SECRET = "REST-HEADER-SECRET-0xDEADBEEF-91c4e2";
  static final String REST_QUERY_SECRET = "RestQuerySecret0xDEADBEEF77ab31";
  static final String WS_TOKEN = "GENERIC-WSTOKEN-0xDEADBEEF-3e8a55";
  static final String WS_QUERY_SECRET = "WsQuerySecret0xDEADBEEF19fe02";

  /** 64 hex digits, as algod tokens are. */
  static final String ALGOD_TOKEN =
      "a160d70ce0deadbeef" + HexFormat.of().formatHex(sha512("ALGOD-TOKEN")).substring(0, 46);

  /** An API key of digits with one {@code e}: JSON reads it as a number. */
  static final String NUMBER_LIKE_KEY =
      "31e4159265358979323846264338327950288419716939937510582097494459";

  static final String PG_USER = "bk_user";
  static final String PG_PASSWORD = "PG-PASSWORD-0xDEADBEEF-c0ffee42";

  /** What a person might put in the CLI's Kraken secret by mistake: not base64. */
  static final String CLI_BAD_SECRET = "CLI-NOT-BASE64-SECRET-0xDEADBEEF-%%";

  /** A fake Hedera operator key: ED25519, DER (PKCS#8) hex as the SDK prints and parses it. */
  static final String HEDERA_KEY_DER;

  /** The same key's 32 raw bytes as hex. */
  static final String HEDERA_KEY_RAW;

  /** A freshly generated Algorand account whose 25-word mnemonic is the signer. */
  static final Account ALGO_SIGNER;

  static final String ALGO_MNEMONIC;
  static final Account ALGO_RECIPIENT;

  static {
    try {
      byte[] pkcs8 =
          KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
      String der = HexFormat.of().formatHex(pkcs8);
      if (pkcs8.length != 48 || !der.startsWith("302e020100300506032b657004220420")) {
        throw new IllegalStateException("unexpected PKCS#8 encoding of an Ed25519 key");
      }
      HEDERA_KEY_DER = der;
      HEDERA_KEY_RAW = der.substring(32);
      ALGO_SIGNER = new Account();
      ALGO_MNEMONIC = ALGO_SIGNER.toMnemonic();
      ALGO_RECIPIENT = new Account();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // ---------------------------------------------------------------- shared fixtures

  static final Asset BTC_10 = Asset.of("BTC", 10);
  static final Asset USD_4 = Asset.of("USD", 4);
  static final Asset MATIC_10 = Asset.of("MATIC", 10);
  static final Asset BTC_8 = Asset.of("BTC", 8);
  static final Asset USDT_8 = Asset.of("USDT", 8);
  static final Asset HBAR = Asset.of("HBAR", 8);

  static final Duration REST_TIMEOUT = Duration.ofMillis(1500);

  private static LeakCapture capture;
  private static LeakScanner secrets;

  /** The texts one test produced (exceptions, toStrings, CLI output), by label. */
  private final List<Map.Entry<String, String>> texts = new ArrayList<>();

  /** Forms of secrets made while a test runs (signatures, tokens), to look for as well. */
  private final LeakScanner derived = new LeakScanner();

  private int mark;

  @BeforeAll
  static void captureEverythingAtDebug() throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("balancekit.secrets.debug"),
        "runs in the secrets-never-leak surefire execution, which turns DEBUG on");
    capture = new LeakCapture();
    secrets = allSecrets();
    log.debug("looking for {} fragments of secrets", secrets.fragmentCount());

    // The capture sees slf4j-simple at DEBUG, for BalanceKit and the client libraries alike, and
    // java.util.logging at FINE, its DEBUG.
    for (String name :
        List.of(
            "dev.balancekit",
            "dev.balancekit.source.http.ResilientCall",
            "com.hedera.hashgraph.sdk",
            "com.algorand.algosdk",
            "io.grpc")) {
      assertThat(LoggerFactory.getLogger(name).isDebugEnabled())
          .as("DEBUG is on for " + name)
          .isTrue();
    }
    int before = capture.mark();
    LoggerFactory.getLogger("dev.balancekit.probe").debug("slf4j debug probe 7f3e");
    java.util.logging.Logger.getLogger("okhttp3.probe").log(Level.FINE, "jul fine probe 7f3e");
    System.out.println("stdout probe 7f3e");
    assertThat(capture.since(before))
        .contains("slf4j debug probe 7f3e", "jul fine probe 7f3e", "stdout probe 7f3e");

    // The scanner finds a planted secret, whole, transformed or in pieces.
    for (String owner : secrets.owners()) {
      for (String form : secrets.forms(owner)) {
        assertThat(secrets.scan("self-test", "x " + form + " y")).as(owner).isNotEmpty();
        assertThat(
                secrets.scan(
                    "self-test", "...." + form.substring(form.length() - LeakScanner.FRAGMENT)))
            .as(owner)
            .isNotEmpty();
      }
    }
    assertThat(
            secrets.scan(
                "self-test",
                "source 'kraken-rest' refused the credentials: HTTP 401 from http://127.0.0.1:1/x"))
        .isEmpty();
  }

  @AfterAll
  static void nothingLeakedInTheWholeRun() {
    if (capture == null) {
      return;
    }
    capture.close();
    String everything = capture.all();
    try {
      Files.writeString(Path.of("target", "secrets-never-leak-output.log"), everything);
    } catch (IOException e) {
      // only for reading after the run
    }
    String all = LeakCapture.withoutServerSide(everything);
    assertThat(secrets.scan("the whole run's output", all)).isEmpty();
  }

  @BeforeEach
  void markTheCapture() {
    mark = capture.mark();
  }

  private static LeakScanner allSecrets() throws Exception {
    LeakScanner s = new LeakScanner();
    s.text("Kraken API key", KRAKEN_API_KEY);
    s.base64("Kraken private key", KRAKEN_API_SECRET);
    s.text("Kraken WebSocket token", KRAKEN_TOKEN_PREFIX);
    s.text("Binance API key", BINANCE_API_KEY);
    s.text("Binance HMAC secret", BINANCE_SECRET_KEY);
    s.text("REST header secret", REST_HEADER_SECRET);
    s.text("REST query secret", REST_QUERY_SECRET);
    s.text("WebSocket token", WS_TOKEN);
    s.text("WebSocket URL query secret", WS_QUERY_SECRET);
    s.text("algod token", ALGOD_TOKEN);
    s.text("number-like API key", NUMBER_LIKE_KEY);
    s.text("Algorand mnemonic", ALGO_MNEMONIC);
    s.bytes("Algorand signing seed", "seed", ALGO_SIGNER.toSeed());
    // The DER form is the public PKCS#8 prefix and the raw key: its secret part is the raw hex, and
    // its base64 past the characters the prefix touches.
    s.hex("Hedera operator key", HEDERA_KEY_RAW);
    s.form(
        "Hedera operator key",
        "DER as base64, past the prefix",
        Base64.getEncoder().encodeToString(HexFormat.of().parseHex(HEDERA_KEY_DER)).substring(24));
    s.text("PostgreSQL password", PG_PASSWORD);
    s.form(
        "PostgreSQL password",
        "md5(password + user), what MD5 auth proves knowledge of",
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("MD5")
                    .digest((PG_PASSWORD + PG_USER).getBytes(StandardCharsets.UTF_8))));
    s.text("CLI Kraken secret that is not base64", CLI_BAD_SECRET);
    return s;
  }

  // ================================================================ the generic REST source

  @Test
  void restBalanceSourceKeepsItsHeaderAndQuerySecrets() throws Exception {
    WireMockServer venue = wireMock();
    try (VenueClient client = VenueClient.create(venueConfig("leakvenue"))) {
      RestBalanceSource.Builder builder =
          RestBalanceSource.builder()
              .client(client)
              .urlTemplate(
                  venue.baseUrl() + "/v1/accounts/{account}/balances?apiKey=" + REST_QUERY_SECRET)
              .header("X-Api-Key", Secret.of(REST_HEADER_SECRET))
              .layout(restLayout());
      RestBalanceSource source = builder.build();
      AccountRef account = AccountRef.of("leakvenue", "main");
      text("RestBalanceSource.Builder", builder);
      text("RestBalanceSource", source);
      text("VenueClient", client);
      text("VenueConfig", client.config());
      text("Secret", Secret.of(REST_HEADER_SECRET));
      text("JsonBalanceLayout", restLayout());

      Map<String, ResponseDefinitionBuilder> answers = new LinkedHashMap<>();
      answers.put("success", json(restBody("1.5")));
      answers.putAll(faults(REST_HEADER_SECRET + " " + REST_QUERY_SECRET));
      answers.put("404", aResponse().withStatus(404).withBody("no account " + REST_HEADER_SECRET));
      answers.put("no balances array", json("{\"balances\":{\"token\":\"" + WS_TOKEN + "\"}}"));
      for (Map.Entry<String, ResponseDefinitionBuilder> a : answers.entrySet()) {
        venue.stubFor(get(urlPathMatching("/v1/accounts/.*/balances")).willReturn(a.getValue()));
        settle("rest " + a.getKey(), source.fetch(account));
      }

      assertThat(capture.since(mark))
          .as("BalanceKit's own DEBUG lines reach the capture")
          .contains("DEBUG dev.balancekit.source.http.ResilientCall - 'leakvenue' retries in");

      // Through a manager, as the README does: its failures and status.
      venue.stubFor(
          get(urlPathMatching("/v1/accounts/.*/balances"))
              .willReturn(aResponse().withStatus(401).withBody(REST_HEADER_SECRET)));
      try (BalanceManager manager =
          BalanceManager.builder()
              .source(builder.name("leakvenue-managed").build())
              .cache(CaffeineBalanceCache.builder().build())
              .config(managerConfig())
              .build()) {
        attempt("manager, 401", () -> manager.balance(account, BTC_8));
        venue.stubFor(get(urlPathMatching("/v1/accounts/.*/balances")).willReturn(json("{")));
        attempt("manager, malformed", () -> manager.refresh(account).get(20, TimeUnit.SECONDS));
        venue.stubFor(
            get(urlPathMatching("/v1/accounts/.*/balances")).willReturn(json(restBody("2"))));
        attempt("manager, success", () -> manager.refresh(account).get(20, TimeUnit.SECONDS));
        text("manager status", manager.status());
        text("manager statistics", manager.statistics());
      }

      // Settings refused at once never repeat the secret.
      attempt(
          "header with a newline",
          () -> RestBalanceSource.builder().header("X-Api-Key", Secret.of("a\n" + WS_TOKEN)));
      attempt(
          "template without placeholder",
          () -> RestBalanceSource.builder().urlTemplate("https://x.example/?key=" + WS_TOKEN));
      attempt(
          "incomplete builder",
          () ->
              RestBalanceSource.builder()
                  .urlTemplate("https://x.example/{account}?key=" + WS_TOKEN)
                  .header("X-Api-Key", Secret.of(WS_TOKEN))
                  .build());
    } finally {
      venue.stop();
    }
    assertNoLeaks();
  }

  // ================================================================ the generic WebSocket source

  @Test
  void webSocketSourceKeepsItsTokenAndUrlSecret() throws Exception {
    WireMockServer rest = wireMock();
    rest.stubFor(get(urlPathMatching("/v1/accounts/.*/balances")).willReturn(json(restBody("1"))));
    MockWebServer ws = new MockWebServer();
    List<WebSocket> opened = new CopyOnWriteArrayList<>();
    ws.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            int n = opened.size();
            return new MockResponse()
                .withWebSocketUpgrade(
                    new WebSocketListener() {
                      @Override
                      public void onOpen(WebSocket socket, Response response) {
                        opened.add(socket);
                      }

                      @Override
                      public void onMessage(WebSocket socket, String text) {
                        if (n == 0) {
                          // Refuses the token, quoting it as some venues do.
                          socket.close(4001, "invalid token " + WS_TOKEN.substring(0, 20));
                        } else {
                          socket.send("{\"type\":\"error\",\"echo\":" + text + "}");
                          socket.send("{\"type\":\"snapshot\",\"token\":\"" + WS_TOKEN + "\",");
                          socket.send(
                              "{\"type\":\"snapshot\",\"balances\":[{\"currency\":\"BTC\","
                                  + "\"total\":\"1\",\"free\":\"1\",\"locked\":\"0\"}]}");
                        }
                      }

                      @Override
                      public void onClosing(WebSocket socket, int code, String reason) {
                        socket.close(1000, null);
                      }
                    });
          }
        });
    ws.start(InetAddress.getLoopbackAddress(), 0);
    AccountRef account = AccountRef.of("leakvenue", "main");
    VenueClient client = VenueClient.create(venueConfig("leakvenue"));
    try {
      RestBalanceSource snapshots =
          RestBalanceSource.builder()
              .client(client)
              .urlTemplate(
                  rest.baseUrl() + "/v1/accounts/{account}/balances?apiKey=" + REST_QUERY_SECRET)
              .header("X-Api-Key", Secret.of(REST_HEADER_SECRET))
              .layout(restLayout())
              .build();
      ManagedWebSocket.Builder connection =
          ManagedWebSocket.builder()
              .name("leakvenue-stream")
              .url("ws://127.0.0.1:" + ws.getPort() + "/ws?key=" + WS_QUERY_SECRET)
              .snapshotSource(snapshots)
              .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
      WebSocketBalanceSource stream =
          WebSocketBalanceSource.builder()
              .connection(client, connection)
              .account(account)
              .subscribeMessage("{\"op\":\"auth\",\"token\":\"{token}\"}")
              .tokenProvider(() -> CompletableFuture.completedFuture(Secret.of(WS_TOKEN)))
              .layout(restLayout())
              .messageType("/type", "snapshot", "update")
              .build();
      text("ManagedWebSocket.Builder", connection);
      try (BalanceManager manager =
          BalanceManager.builder()
              .source(stream)
              .fallback(snapshots)
              .cache(CaffeineBalanceCache.builder().build())
              .config(managerConfig())
              .build()) {
        attempt("stream balance", () -> manager.balance(account, BTC_8));
        until("the stream is LIVE after a refused token", () -> stream.state() == SourceState.LIVE);
        text("WebSocketBalanceSource", stream);
        text("manager status", manager.status());
      }
      attempt(
          "bad url",
          () -> ManagedWebSocket.builder().url("ftp://x.example/?key=" + WS_QUERY_SECRET));
    } finally {
      client.close();
      ws.shutdown();
      rest.stop();
    }
    assertNoLeaks();
  }

  // ================================================================ Kraken

  @Test
  void krakenKeepsItsKeysAndTokens() throws Exception {
    WireMockServer rest = wireMock();
    KrakenWebSocket ws = new KrakenWebSocket();
    AccountRef account = AccountRef.of("kraken", "main");
    try {
      KrakenSource.Builder builder =
          KrakenSource.builder()
              .account(account)
              .apiKey(Secret.of(KRAKEN_API_KEY))
              .apiSecret(Secret.of(KRAKEN_API_SECRET))
              .restUrl(rest.baseUrl())
              .webSocketUrl("ws://127.0.0.1:" + ws.server.getPort() + "/v2")
              .venueConfig(venueConfig("kraken"))
              .assets(BTC_10, USD_4, MATIC_10)
              .rateLimitBackoff(Duration.ofMillis(50))
              .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
      text("KrakenSource.Builder", builder);

      // REST: BalanceEx through every failure.
      try (KrakenSource kraken = builder.build()) {
        text("KrakenSource", kraken);
        text("Kraken rest", kraken.rest());
        text("Kraken stream", kraken.stream());
        Map<String, ResponseDefinitionBuilder> answers = new LinkedHashMap<>();
        answers.put(
            "success", json("{\"error\":[],\"result\":{\"XXBT\":{\"balance\":\"1.2435\"}}}"));
        answers.put("invalid key", json("{\"error\":[\"EAPI:Invalid key\"]}"));
        answers.put("invalid signature", json("{\"error\":[\"EAPI:Invalid signature\"]}"));
        answers.put("invalid nonce", json("{\"error\":[\"EAPI:Invalid nonce\"]}"));
        answers.put("rate limit", json("{\"error\":[\"EAPI:Rate limit exceeded\"]}"));
        answers.put("outage", json("{\"error\":[\"EService:Unavailable\"]}"));
        answers.put(
            "error echoing the key",
            json("{\"error\":[\"EGeneral:Invalid arguments:key " + KRAKEN_API_KEY + "\"]}"));
        answers.put(
            "error echoing the secret",
            json("{\"error\":[\"EAPI:Bad request " + KRAKEN_API_SECRET + "\"]}"));
        answers.put(
            "unrecognised error echoing the key",
            json("{\"error\":[\"" + KRAKEN_API_KEY + " was refused\"]}"));
        answers.put(
            "amount echoing the key",
            json("{\"error\":[],\"result\":{\"XXBT\":{\"balance\":\"" + KRAKEN_API_KEY + "\"}}}"));
        answers.putAll(faults(KRAKEN_API_KEY + " " + KRAKEN_API_SECRET));
        for (Map.Entry<String, ResponseDefinitionBuilder> a : answers.entrySet()) {
          rest.stubFor(post(urlEqualTo("/0/private/BalanceEx")).willReturn(a.getValue()));
          settle("kraken rest " + a.getKey(), kraken.rest().fetch(account));
        }
      }

      // Stream: a refused token fetch, a refused subscription quoting the token, a malformed frame
      // holding it, a gap (REST resync), a dropped connection; a manager over all of it.
      rest.stubFor(
          post(urlEqualTo("/0/private/BalanceEx"))
              .willReturn(
                  json(
                      "{\"error\":[],\"result\":{\"XXBT\":{\"balance\":\"1.2435\","
                          + "\"hold_trade\":\"0.1\"},\"ZUSD\":{\"balance\":\"10\"}}}")));
      rest.stubFor(
          post(urlEqualTo("/0/private/GetWebSocketsToken"))
              .inScenario("tokens")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(json("{\"error\":[\"EAPI:Invalid key\"]}"))
              .willSetStateTo("first"));
      rest.stubFor(
          post(urlEqualTo("/0/private/GetWebSocketsToken"))
              .inScenario("tokens")
              .whenScenarioStateIs("first")
              .willReturn(krakenToken(1))
              .willSetStateTo("second"));
      rest.stubFor(
          post(urlEqualTo("/0/private/GetWebSocketsToken"))
              .inScenario("tokens")
              .whenScenarioStateIs("second")
              .willReturn(krakenToken(2)));
      try (KrakenSource kraken = builder.build();
          BalanceManager manager =
              BalanceManager.builder()
                  .source(kraken.stream())
                  .fallback(kraken.rest())
                  .cache(CaffeineBalanceCache.builder().build())
                  .config(managerConfig())
                  .build()) {
        attempt("kraken manager balance", () -> manager.balance(account, BTC_10));
        until("the Kraken stream is LIVE", () -> kraken.stream().state() == SourceState.LIVE);
        WebSocket live = ws.last();
        live.send(
            "{\"channel\":\"balances\",\"type\":\"update\",\"token\":\""
                + ws.lastToken
                + "\",\"key\":\""
                + KRAKEN_API_KEY
                + "\",\"data\":[{\"asset\":");
        live.send(
            "{\"channel\":\"balances\",\"type\":\"update\",\"data\":[{\"ledger_id\":\"L\","
                + "\"ref_id\":\"R\",\"timestamp\":\"2023-09-22T10:23:42.925034Z\",\"type\":\"deposit\","
                + "\"asset\":\"BTC\",\"asset_class\":\"currency\",\"category\":\"deposit\","
                + "\"wallet_type\":\"spot\",\"wallet_id\":\"main\",\"amount\":\""
                + KRAKEN_API_KEY
                + "\",\"fee\":0,\"balance\":1}],\"sequence\":2}");
        live.send(
            "{\"channel\":\"balances\",\"type\":\"update\",\"data\":[],\"sequence\":9}"); // a gap
        until("the malformed frames are counted", () -> kraken.malformedMessages() >= 2);
        int connections = ws.opened.size();
        live.close(1001, "going away " + ws.lastToken);
        until("reconnected", () -> ws.opened.size() > connections);
        until("LIVE again", () -> kraken.stream().state() == SourceState.LIVE);
        attempt("kraken manager balances", () -> manager.balances(account));
        text("KrakenSource (streaming)", kraken);
        text("manager status", manager.status());
      }
      for (var r : rest.findAll(postRequestedFor(urlPathMatching("/0/private/.*")))) {
        derived.form("Kraken API-Sign", "as sent", r.getHeader("API-Sign"));
      }

      attempt("kraken secret not base64", () -> KrakenSource.builder().apiSecret(Secret.of("%")));
      attempt(
          "kraken incomplete builder",
          () -> KrakenSource.builder().apiKey(Secret.of(KRAKEN_API_KEY)).build());
    } finally {
      ws.server.shutdown();
      rest.stop();
    }
    assertNoLeaks();
  }

  private static ResponseDefinitionBuilder krakenToken(int n) {
    return json(
        "{\"error\":[],\"result\":{\"token\":\""
            + KRAKEN_TOKEN_PREFIX
            + n
            + "\",\"expires\":900}}");
  }

  /**
   * Kraken's authenticated WebSocket v2 on loopback: a subscription with token 1 is refused (the
   * refusal quoting the token), any other gets an ack and a snapshot.
   */
  private static final class KrakenWebSocket {
    final MockWebServer server = new MockWebServer();
    final List<WebSocket> opened = new CopyOnWriteArrayList<>();
    volatile String lastToken = "";

    KrakenWebSocket() throws IOException {
      Pattern token = Pattern.compile("\"token\":\"([^\"]*)\"");
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              return new MockResponse()
                  .withWebSocketUpgrade(
                      new WebSocketListener() {
                        @Override
                        public void onOpen(WebSocket socket, Response response) {
                          opened.add(socket);
                        }

                        @Override
                        public void onMessage(WebSocket socket, String text) {
                          Matcher m = token.matcher(text);
                          if (!text.contains("\"subscribe\"") || !m.find()) {
                            return;
                          }
                          lastToken = m.group(1);
                          if (lastToken.endsWith("-1")) {
                            socket.send(
                                "{\"error\":\"ESession:Invalid session "
                                    + lastToken
                                    + "\",\"method\":\"subscribe\",\"success\":false}");
                            return;
                          }
                          socket.send(
                              "{\"method\":\"subscribe\",\"result\":{\"channel\":\"balances\","
                                  + "\"snapshot\":true},\"success\":true}");
                          socket.send(
                              "{\"channel\":\"balances\",\"data\":[{\"asset\":\"BTC\","
                                  + "\"asset_class\":\"currency\",\"balance\":1.2,\"wallets\":"
                                  + "[{\"type\":\"spot\",\"id\":\"main\",\"balance\":1.2}]}],"
                                  + "\"type\":\"snapshot\",\"sequence\":1}");
                        }

                        @Override
                        public void onClosing(WebSocket socket, int code, String reason) {
                          socket.close(1000, null);
                        }
                      });
            }
          });
      server.start(InetAddress.getLoopbackAddress(), 0);
    }

    WebSocket last() {
      return opened.get(opened.size() - 1);
    }
  }

  // ================================================================ Binance

  @Test
  void binanceKeepsItsKeyAndHmacSecret() throws Exception {
    WireMockServer rest = wireMock();
    BinanceWebSocketApi ws = new BinanceWebSocketApi();
    AccountRef account = AccountRef.of("binance", "main");
    try {
      BinanceSource.Builder builder =
          BinanceSource.builder()
              .account(account)
              .apiKey(Secret.of(BINANCE_API_KEY))
              .secretKey(Secret.of(BINANCE_SECRET_KEY))
              .asset(BTC_8)
              .asset(USDT_8)
              .restBaseUrl(rest.baseUrl())
              .webSocketUrl("ws://127.0.0.1:" + ws.server.getPort() + "/ws-api/v3")
              .venueConfig(venueConfig("binance"))
              .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
      text("BinanceSource.Builder", builder);

      try (BinanceSource binance = builder.build()) {
        text("BinanceSource", binance);
        text("Binance rest", binance.rest());
        text("Binance stream", binance.stream());
        text("Binance stream protocol", binance.streamProtocol());
        Map<String, ResponseDefinitionBuilder> answers = new LinkedHashMap<>();
        answers.put("success", json(binanceAccount("1.5")));
        answers.put(
            "401 -2015 echoing the key",
            aResponse()
                .withStatus(401)
                .withBody(
                    "{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions for action: "
                        + BINANCE_API_KEY
                        + "\"}"));
        answers.put(
            "400 -1022 echoing the secret",
            aResponse()
                .withStatus(400)
                .withBody(
                    "{\"code\":-1022,\"msg\":\"Signature for this request is not valid: "
                        + BINANCE_SECRET_KEY
                        + "\"}"));
        answers.put(
            "400 -1021",
            aResponse()
                .withStatus(400)
                .withBody("{\"code\":-1021,\"msg\":\"Timestamp outside of the recvWindow.\"}"));
        answers.put(
            "400 -1100 echoing the key",
            aResponse()
                .withStatus(400)
                .withBody(
                    "{\"code\":-1100,\"msg\":\"Illegal characters found in parameter 'apiKey';"
                        + " legal range is '"
                        + BINANCE_API_KEY
                        + "'.\"}"));
        answers.put(
            "418 with Retry-After",
            aResponse().withStatus(418).withHeader("Retry-After", "1").withBody(BINANCE_API_KEY));
        answers.putAll(faults(BINANCE_API_KEY + " " + BINANCE_SECRET_KEY));
        for (Map.Entry<String, ResponseDefinitionBuilder> a : answers.entrySet()) {
          rest.stubFor(get(urlPathEqualTo("/api/v3/account")).willReturn(a.getValue()));
          settle("binance rest " + a.getKey(), binance.rest().fetch(account));
        }
      }

      // Stream: subscriptions refused (bad key, bad signature, stale timestamp), each refusal
      // echoing key and signature; then accepted; events, a malformed one, a terminated stream.
      rest.stubFor(get(urlPathEqualTo("/api/v3/account")).willReturn(json(binanceAccount("2"))));
      ws.refusals.add(new Object[] {401, -2015});
      ws.refusals.add(new Object[] {400, -1022});
      ws.refusals.add(new Object[] {400, -1021});
      try (BinanceSource binance = builder.build();
          BalanceManager manager =
              BalanceManager.builder()
                  .source(binance.stream())
                  .fallback(binance.rest())
                  .cache(CaffeineBalanceCache.builder().build())
                  .config(managerConfig())
                  .build()) {
        attempt("binance manager balance", () -> manager.balance(account, BTC_8));
        until("the Binance stream is LIVE", () -> binance.stream().state() == SourceState.LIVE);
        WebSocket live = ws.last();
        live.send(
            "{\"subscriptionId\":0,\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,"
                + "\"B\":[{\"a\":\"BTC\",\"f\":\"3\",\"l\":\"0\"}]}}");
        live.send(
            "{\"subscriptionId\":0,\"event\":{\"e\":\"balanceUpdate\",\"E\":2,\"a\":\"BTC\",\"d\":"
                + BINANCE_API_KEY
                + ",\"T\":2}}");
        int subscribed = ws.subscribes.get();
        live.send("{\"subscriptionId\":0,\"event\":{\"e\":\"eventStreamTerminated\",\"E\":3}}");
        until("subscribed anew", () -> ws.subscribes.get() > subscribed);
        until("LIVE again", () -> binance.stream().state() == SourceState.LIVE);
        attempt("binance manager balances", () -> manager.balances(account));
        text("BinanceSource (streaming)", binance);
        text("manager status", manager.status());
      }
      for (var r : rest.findAll(getRequestedFor(urlPathEqualTo("/api/v3/account")))) {
        derived.form(
            "Binance REST signature", "as sent", r.queryParameter("signature").firstValue());
      }
      Matcher signature = Pattern.compile("\"signature\":\"([0-9a-f]{64})\"").matcher("");
      for (String message : ws.received) {
        if (signature.reset(message).find()) {
          derived.form("Binance WebSocket signature", "as sent", signature.group(1));
        }
      }
      attempt(
          "binance key with a space",
          () -> BinanceSource.builder().apiKey(Secret.of(BINANCE_API_KEY + " x")));
      attempt(
          "binance incomplete builder",
          () -> BinanceSource.builder().apiKey(Secret.of(BINANCE_API_KEY)).build());
    } finally {
      ws.server.shutdown();
      rest.stop();
    }
    assertNoLeaks();
  }

  private static String binanceAccount(String btcFree) {
    return "{\"updateTime\":100,\"balances\":[{\"asset\":\"BTC\",\"free\":\""
        + btcFree
        + "\",\"locked\":\"0\"},{\"asset\":\"USDT\",\"free\":\"50\",\"locked\":\"0\"}]}";
  }

  /**
   * Binance's WebSocket API on loopback: refuses the next subscriptions as queued ({@code {status,
   * code}}), echoing the request's key and signature in {@code msg}, then accepts.
   */
  private static final class BinanceWebSocketApi {
    final MockWebServer server = new MockWebServer();
    final List<WebSocket> opened = new CopyOnWriteArrayList<>();
    final List<String> received = new CopyOnWriteArrayList<>();
    final Queue<Object[]> refusals = new ConcurrentLinkedQueue<>();
    final java.util.concurrent.atomic.AtomicInteger subscribes =
        new java.util.concurrent.atomic.AtomicInteger();

    BinanceWebSocketApi() throws IOException {
      Pattern id = Pattern.compile("\"id\":\"([^\"]*)\"");
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              return new MockResponse()
                  .withWebSocketUpgrade(
                      new WebSocketListener() {
                        @Override
                        public void onOpen(WebSocket socket, Response response) {
                          opened.add(socket);
                        }

                        @Override
                        public void onMessage(WebSocket socket, String text) {
                          received.add(text);
                          Matcher m = id.matcher(text);
                          if (!text.contains("userDataStream.subscribe.signature") || !m.find()) {
                            return;
                          }
                          subscribes.incrementAndGet();
                          Object[] refusal = refusals.poll();
                          socket.send(
                              refusal == null
                                  ? "{\"id\":\""
                                      + m.group(1)
                                      + "\",\"status\":200,\"result\":{\"subscriptionId\":0}}"
                                  : "{\"id\":\""
                                      + m.group(1)
                                      + "\",\"status\":"
                                      + refusal[0]
                                      + ",\"error\":{\"code\":"
                                      + refusal[1]
                                      + ",\"msg\":\"refused "
                                      + text.replace("\"", "'")
                                      + "\"}}");
                        }

                        @Override
                        public void onClosing(WebSocket socket, int code, String reason) {
                          socket.close(1000, null);
                        }
                      });
            }
          });
      server.start(InetAddress.getLoopbackAddress(), 0);
    }

    WebSocket last() {
      return opened.get(opened.size() - 1);
    }
  }

  // ================================================================ Hedera

  @Test
  void hederaKeepsItsOperatorKey() throws Exception {
    WireMockServer mirror = wireMock();
    AccountRef operator = AccountRef.of("hedera:testnet", "0.0.1001");
    AccountRef recipient = AccountRef.of("hedera:testnet", "0.0.2002");
    mirrorAccount(mirror, "0.0.1001", 10_000_000_000L);
    mirrorAccount(mirror, "0.0.2002", 500_000_000L);
    try (LeakConsensusNode node = new LeakConsensusNode()) {
      HederaSource.Builder builder =
          HederaSource.builder()
              .network(HederaNetwork.TESTNET)
              .mirrorUrl(mirror.baseUrl())
              .venueConfig(venueConfig("hedera-testnet"))
              .pollInterval(Duration.ofMillis(200))
              .operator(operator, Secret.of(HEDERA_KEY_DER))
              .consensusNodes(Map.of(node.address(), "0.0.3"))
              .consensusTimeout(Duration.ofSeconds(3));
      text("HederaSource.Builder", builder);
      try (HederaSource hedera = builder.build()) {
        TransferRail rail = hedera.rail();
        hederaSdkLogsAtDebug(hedera);
        text("HederaSource", hedera);
        text("Hedera rail", rail);
        text("Hedera rest", hedera.rest());
        text("Hedera stream", hedera.stream());

        attempt("hedera quote", () -> rail.quote(hbar(operator, recipient, "1")));
        attempt("hedera transfer", () -> rail.submit(hbar(operator, recipient, "1")));
        node.precheck = LeakConsensusNode.INVALID_SIGNATURE;
        attempt(
            "hedera precheck INVALID_SIGNATURE", () -> rail.submit(hbar(operator, recipient, "1")));
        node.precheck = LeakConsensusNode.INSUFFICIENT_PAYER_BALANCE;
        attempt(
            "hedera precheck INSUFFICIENT_PAYER",
            () -> rail.submit(hbar(operator, recipient, "1")));
        node.precheck = LeakConsensusNode.OK;
        node.receiptStatus = LeakConsensusNode.INVALID_SIGNATURE;
        attempt(
            "hedera receipt INVALID_SIGNATURE", () -> rail.submit(hbar(operator, recipient, "1")));
        node.receiptStatus = LeakConsensusNode.SUCCESS;
        node.silent = true;
        TransferRequest unanswered = hbar(operator, recipient, "1");
        attempt("hedera silent node", () -> rail.submit(unanswered));
        attempt("hedera silent node, retried", () -> rail.submit(unanswered));
        node.silent = false;
        attempt("hedera too much", () -> rail.submit(hbar(operator, recipient, "5000")));
        assertThat(capture.since(mark))
            .as("the Hedera SDK logged its requests")
            .contains("com.hedera.hashgraph.sdk");

        for (Map.Entry<String, ResponseDefinitionBuilder> a :
            faults(HEDERA_KEY_DER + " " + HEDERA_KEY_RAW).entrySet()) {
          mirror.stubFor(
              get(urlEqualTo("/api/v1/accounts/0.0.1001?transactions=false"))
                  .willReturn(a.getValue()));
          settle("hedera mirror " + a.getKey(), hedera.rest().fetch(operator));
          if (a.getKey().startsWith("401")) {
            attempt(
                "hedera transfer, mirror 401", () -> rail.submit(hbar(operator, recipient, "1")));
          }
        }
        mirrorAccount(mirror, "0.0.1001", 10_000_000_000L);
      }

      // A manager owning the polling stream and the rail.
      try (HederaSource hedera = builder.build();
          BalanceManager manager =
              BalanceManager.builder()
                  .source(hedera.stream())
                  .fallback(hedera.rest())
                  .cache(CaffeineBalanceCache.builder().build())
                  .config(managerConfig())
                  .transfers(hedera.rail())
                  .build()) {
        attempt("hedera manager balance", () -> manager.balance(operator, HBAR));
        attempt(
            "hedera manager transfer",
            () -> manager.transfers().submit(hbar(operator, recipient, "2")));
        text("manager status", manager.status());
      }
    }

    // No node listening at all.
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (HederaSource hedera =
        HederaSource.builder()
            .network(HederaNetwork.TESTNET)
            .mirrorUrl(mirror.baseUrl())
            .venueConfig(venueConfig("hedera-testnet"))
            .operator(operator, Secret.of(HEDERA_KEY_RAW))
            .consensusNodes(Map.of("127.0.0.1:" + closedPort, "0.0.3"))
            .consensusTimeout(Duration.ofSeconds(2))
            .build()) {
      attempt(
          "hedera unreachable node", () -> hedera.rail().submit(hbar(operator, recipient, "1")));
    } finally {
      mirror.stop();
    }
    String badKey = HEDERA_KEY_DER.substring(0, HEDERA_KEY_DER.length() - 1) + "z";
    attempt(
        "hedera key that does not parse",
        () -> HederaSource.builder().operator(operator, Secret.of(badKey)));
    attempt(
        "hedera operator of another network",
        () ->
            HederaSource.builder()
                .network(HederaNetwork.MAINNET)
                .operator(operator, Secret.of(HEDERA_KEY_DER))
                .build());
    assertNoLeaks();
  }

  /**
   * The Hedera SDK logs through its own level, SILENT by default, on the client HederaSource keeps
   * to itself: set by reflection (the SDK is not a dependency this module may declare for its tests
   * alone) to TRACE, where it logs every request and response it executes (the pom lets its slf4j
   * logger print TRACE too); at DEBUG it only logs its backoff delays.
   */
  private static void hederaSdkLogsAtDebug(HederaSource hedera)
      throws ReflectiveOperationException {
    Object rail = field(hedera, "rail");
    Object client = field(rail, "client");
    Class<?> levels = Class.forName("com.hedera.hashgraph.sdk.logger.LogLevel");
    Class<?> loggers = Class.forName("com.hedera.hashgraph.sdk.logger.Logger");
    Object logger = loggers.getConstructor(levels).newInstance(levels.getField("TRACE").get(null));
    client.getClass().getMethod("setLogger", loggers).invoke(client, logger);
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    java.lang.reflect.Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }

  private static TransferRequest hbar(AccountRef from, AccountRef to, String amount) {
    return TransferRequest.of(from, to, HBAR, new BigDecimal(amount));
  }

  private static void mirrorAccount(WireMockServer mirror, String id, long tinybars) {
    mirror.stubFor(
        get(urlEqualTo("/api/v1/accounts/" + id + "?transactions=false"))
            .willReturn(
                json(
                    "{\"account\":\""
                        + id
                        + "\",\"balance\":{\"balance\":"
                        + tinybars
                        + ",\"timestamp\":\"1.0\",\"tokens\":[]},"
                        + "\"max_automatic_token_associations\":0,\"deleted\":false,"
                        + "\"links\":{\"next\":null}}")));
    mirror.stubFor(
        get(urlPathEqualTo("/api/v1/accounts/" + id + "/tokens"))
            .willReturn(json("{\"tokens\":[],\"links\":{\"next\":null}}")));
  }

  // ================================================================ Algorand

  @Test
  void algorandKeepsItsTokenAndMnemonic() throws Exception {
    WireMockServer algod = wireMock();
    String from = ALGO_SIGNER.getAddress().toString();
    String to = ALGO_RECIPIENT.getAddress().toString();
    AccountRef sender = AccountRef.of("algorand:testnet", from);
    AccountRef receiver = AccountRef.of("algorand:testnet", to);
    algod.stubFor(
        get(urlPathEqualTo("/v2/transactions/params"))
            .willReturn(
                json(
                    "{\"consensus-version\":\"v1\",\"fee\":0,\"genesis-hash\":"
                        + "\"SGO1GKSzyE7IEPItTxCByw9x8FmnrCDexi9/cOUJOiI=\",\"genesis-id\":"
                        + "\"testnet-v1.0\",\"last-round\":44440857,\"min-fee\":1000}")));
    algodAccount(algod, from, 5_000_000);
    algodAccount(algod, to, 1_000_000);
    algod.stubFor(post(urlPathEqualTo("/v2/transactions")).willReturn(json("{\"txId\":\"ANY\"}")));
    algod.stubFor(
        get(urlPathMatching("/v2/transactions/pending/.*"))
            .willReturn(json("{\"confirmed-round\":44440860,\"pool-error\":\"\",\"txn\":null}")));
    AlgorandSource.Builder builder =
        AlgorandSource.builder()
            .network("testnet")
            .algodUrl("http://127.0.0.1:" + algod.port())
            .apiToken(Secret.of(ALGOD_TOKEN))
            .signer(Secret.of(ALGO_MNEMONIC))
            .requestTimeout(REST_TIMEOUT)
            .confirmationTimeout(Duration.ofSeconds(1))
            .confirmationPollInterval(Duration.ofMillis(50));
    text("AlgorandSource.Builder", builder);
    try (AlgorandSource source = builder.build()) {
      text("AlgorandSource", source);
      text("Algorand rail", source.rail());
      settle("algod account", source.fetch(sender));
      attempt("algod check", () -> source.checkSend(algo(sender, receiver, "1")));
      attempt("algod quote", () -> source.rail().quote(algo(sender, receiver, "1")));
      attempt("algod transfer", () -> source.rail().submit(algo(sender, receiver, "1")));

      algod.stubFor(
          get(urlPathMatching("/v2/transactions/pending/.*"))
              .willReturn(json("{\"confirmed-round\":0,\"pool-error\":\"\",\"txn\":null}")));
      attempt(
          "algod transfer never confirmed",
          () -> source.rail().submit(algo(sender, receiver, "1")));
      algod.stubFor(
          post(urlPathEqualTo("/v2/transactions"))
              .willReturn(
                  aResponse()
                      .withStatus(400)
                      .withBody(
                          "{\"message\":\"TransactionPool.Remember: transaction ABC: overspend"
                              + " (account "
                              + from
                              + ")\"}")));
      attempt("algod transfer refused", () -> source.rail().submit(algo(sender, receiver, "1")));
      for (Map.Entry<String, ResponseDefinitionBuilder> a : algodFaults().entrySet()) {
        algod.stubFor(post(urlPathEqualTo("/v2/transactions")).willReturn(a.getValue()));
        attempt(
            "algod post " + a.getKey(), () -> source.rail().submit(algo(sender, receiver, "1")));
      }
      Map<String, ResponseDefinitionBuilder> answers = new LinkedHashMap<>(algodFaults());
      answers.put(
          "no Content-Type",
          aResponse().withStatus(200).withBody("{\"address\":\"" + ALGOD_TOKEN + "\"}"));
      for (Map.Entry<String, ResponseDefinitionBuilder> a : answers.entrySet()) {
        algod.stubFor(get(urlPathEqualTo("/v2/accounts/" + from)).willReturn(a.getValue()));
        settle("algod account " + a.getKey(), source.fetch(sender));
        attempt("algod check " + a.getKey(), () -> source.checkSend(algo(sender, receiver, "1")));
      }
    } finally {
      algod.stop();
    }
    String[] words = ALGO_MNEMONIC.split(" ");
    words[24] = words[0].equals("abandon") ? "ability" : "abandon";
    String typo = String.join(" ", words);
    attempt("algorand bad mnemonic", () -> AlgorandSource.builder().signer(Secret.of(typo)));
    assertNoLeaks();
  }

  private static TransferRequest algo(AccountRef from, AccountRef to, String amount) {
    return TransferRequest.of(from, to, AlgorandSource.algo(), new BigDecimal(amount));
  }

  private static void algodAccount(WireMockServer algod, String address, long microAlgos) {
    algod.stubFor(
        get(urlPathEqualTo("/v2/accounts/" + address))
            .willReturn(
                json(
                    "{\"address\":\""
                        + address
                        + "\",\"amount\":"
                        + microAlgos
                        + ",\"amount-without-pending-rewards\":"
                        + microAlgos
                        + ",\"apps-local-state\":[],\"apps-total-schema\":{\"num-byte-slice\":0,"
                        + "\"num-uint\":0},\"assets\":[],\"created-apps\":[],\"created-assets\":[],"
                        + "\"min-balance\":100000,\"pending-rewards\":0,\"reward-base\":0,"
                        + "\"rewards\":0,\"round\":44440857,\"status\":\"Offline\","
                        + "\"total-apps-opted-in\":0,\"total-assets-opted-in\":0,"
                        + "\"total-created-apps\":0,\"total-created-assets\":0}")));
  }

  // ================================================================ the PostgreSQL ledger

  @Test
  void ledgerKeepsItsDatabasePassword() throws Exception {
    try (LeakPostgres postgres = new LeakPostgres()) {
      String url = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/balancekit";
      Ledger.Builder builder =
          Ledger.builder().name("leak-ledger").postgres(url, PG_USER, PG_PASSWORD);
      text("Ledger.Builder", builder);
      attempt("ledger, clear-text password refused", builder::build);
      postgres.md5 = true;
      attempt("ledger, md5 password refused", builder::build);
      assertThat(postgres.passwords).as("the driver answered both").hasSize(2);
      derived.form("PostgreSQL MD5 answer", "as sent", postgres.passwords.get(1));
    }
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    attempt(
        "ledger, database unreachable",
        () ->
            Ledger.builder()
                .postgres(
                    "jdbc:postgresql://127.0.0.1:" + closedPort + "/balancekit",
                    PG_USER,
                    PG_PASSWORD)
                .build());
    attempt(
        "ledger, not a PostgreSQL url",
        () ->
            Ledger.builder()
                .postgres(
                    "jdbc:mysql://127.0.0.1/db?user=x&password=" + PG_PASSWORD,
                    PG_USER,
                    PG_PASSWORD));
    assertNoLeaks();
  }

  // ================================================================ the CLI

  @Test
  void cliKeepsTheKeysOfItsEnvironmentAndConfigFile(@TempDir Path dir) throws Exception {
    WireMockServer kraken = wireMock();
    WireMockServer algod = wireMock();
    Path config = dir.resolve("balancekit.properties");
    Files.writeString(
        config,
        "kraken.api-key="
            + KRAKEN_API_KEY
            + "\nkraken.api-secret="
            + KRAKEN_API_SECRET
            + "\nalgorand.algod-token="
            + ALGOD_TOKEN
            + "\nalgorand.network=testnet\nalgorand.algod-url=http://127.0.0.1:"
            + algod.port()
            + "\ntimeout=2s\n",
        StandardCharsets.UTF_8);
    String address = ALGO_SIGNER.getAddress().toString();
    algodAccount(algod, address, 5_000_000);
    String[] krakenArgs = {
      "--config",
      config.toString(),
      "kraken",
      "balances",
      "--kraken-rest",
      kraken.baseUrl(),
      "--kraken-ws",
      "ws://127.0.0.1:1/v2",
      "--asset",
      "BTC:10",
      "--asset",
      "USD:4"
    };
    try {
      cli("config", Map.of(), "--config", config.toString(), "config");
      cli("config --json", Map.of(), "--json", "--config", config.toString(), "config");
      cli(
          "config from env",
          Map.of(
              "BALANCEKIT_KRAKEN_API_KEY", KRAKEN_API_KEY,
              "BALANCEKIT_KRAKEN_API_SECRET", KRAKEN_API_SECRET,
              "BALANCEKIT_ALGOD_TOKEN", ALGOD_TOKEN),
          "config");
      cli("help", Map.of(), "--config", config.toString(), "kraken", "balances", "--help");
      cli(
          "algorand help",
          Map.of(),
          "--config",
          config.toString(),
          "algorand",
          "balance",
          "--help");

      Map<String, ResponseDefinitionBuilder> answers = new LinkedHashMap<>();
      answers.put(
          "success",
          json(
              "{\"error\":[],\"result\":{\"XXBT\":{\"balance\":\"1.2435\",\"hold_trade\":\"0\"}}}"));
      answers.put("invalid key", json("{\"error\":[\"EAPI:Invalid key\"]}"));
      answers.put(
          "error echoing the key",
          json("{\"error\":[\"EGeneral:Invalid arguments " + KRAKEN_API_KEY + "\"]}"));
      answers.put("401 echoing", aResponse().withStatus(401).withBody(KRAKEN_API_KEY));
      answers.put("500", aResponse().withStatus(500).withBody(KRAKEN_API_SECRET));
      answers.put("malformed", json("{\"error\":[],\"result\":" + KRAKEN_API_KEY));
      answers.put("reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
      for (Map.Entry<String, ResponseDefinitionBuilder> a : answers.entrySet()) {
        kraken.stubFor(post(urlEqualTo("/0/private/BalanceEx")).willReturn(a.getValue()));
        cli("kraken " + a.getKey(), Map.of(), krakenArgs);
        cli("kraken --verbose " + a.getKey(), Map.of(), prepend("--verbose", krakenArgs));
        cli("kraken --json " + a.getKey(), Map.of(), prepend("--json", krakenArgs));
      }
      cli(
          "kraken secret that is not base64",
          Map.of("BALANCEKIT_KRAKEN_API_SECRET", CLI_BAD_SECRET),
          prepend("--verbose", krakenArgs));
      cli(
          "kraken key as an unknown option",
          Map.of(),
          "--config",
          config.toString(),
          "kraken",
          "balances",
          "--api-key",
          KRAKEN_API_KEY,
          "--api-secret=" + KRAKEN_API_SECRET);

      cli(
          "algorand balance",
          Map.of(),
          "--config",
          config.toString(),
          "algorand",
          "balance",
          address);
      cli(
          "algorand balance, token flag",
          Map.of(),
          "--verbose",
          "--config",
          config.toString(),
          "algorand",
          "balance",
          address,
          "--token",
          ALGOD_TOKEN);
      for (Map.Entry<String, ResponseDefinitionBuilder> a : algodFaults().entrySet()) {
        algod.stubFor(get(urlPathEqualTo("/v2/accounts/" + address)).willReturn(a.getValue()));
        cli(
            "algorand " + a.getKey(),
            Map.of(),
            "--verbose",
            "--json",
            "--config",
            config.toString(),
            "algorand",
            "balance",
            address);
      }
      cli(
          "algorand, token and a stray argument",
          Map.of(),
          "--config",
          config.toString(),
          "algorand",
          "balance",
          address,
          "extra",
          "--tokn",
          ALGOD_TOKEN);
    } finally {
      kraken.stop();
      algod.stop();
    }
    assertNoLeaks();
  }

  private void cli(String label, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = BalanceKitCli.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
    texts.add(Map.entry("CLI " + label + " (exit " + exit + ") stdout", out.toString()));
    texts.add(Map.entry("CLI " + label + " (exit " + exit + ") stderr", err.toString()));
  }

  private static String[] prepend(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  // ================================================================ a venue echoing a secret

  // A venue or proxy that quotes the request back (an error envelope in place of a balance, a
  // misconfigured pointer) puts a credential where a value is expected. The adapters promise that
  // bodies and frames are never quoted; these check the values read out of them.

  @Test
  void restAmountEchoingTheHeaderSecret() throws Exception {
    restAnswering(restBody(REST_HEADER_SECRET));
  }

  @Test
  void restAssetCodeEchoingTheHeaderSecret() throws Exception {
    restAnswering("{\"balances\":[{\"currency\":\"" + REST_HEADER_SECRET + "\",\"total\":\"1\"}]}");
  }

  private void restAnswering(String body) throws Exception {
    restAnswering(body, REST_HEADER_SECRET);
  }

  private void restAnswering(String body, String apiKey) throws Exception {
    WireMockServer venue = wireMock();
    try (VenueClient client = VenueClient.create(venueConfig("leakvenue"))) {
      RestBalanceSource source =
          RestBalanceSource.builder()
              .client(client)
              .urlTemplate(venue.baseUrl() + "/v1/accounts/{account}/balances")
              .header("X-Api-Key", Secret.of(apiKey))
              .layout(restLayout())
              .build();
      venue.stubFor(get(urlPathMatching("/v1/accounts/.*/balances")).willReturn(json(body)));
      settle("rest echo", source.fetch(AccountRef.of("leakvenue", "main")));
    } finally {
      venue.stop();
    }
    assertNoLeaks();
  }

  @Test
  void binanceRestAmountEchoingTheApiKey() throws Exception {
    WireMockServer rest = wireMock();
    AccountRef account = AccountRef.of("binance", "main");
    try (BinanceSource binance =
        BinanceSource.builder()
            .account(account)
            .apiKey(Secret.of(BINANCE_API_KEY))
            .secretKey(Secret.of(BINANCE_SECRET_KEY))
            .asset(BTC_8)
            .restBaseUrl(rest.baseUrl())
            .venueConfig(venueConfig("binance"))
            .build()) {
      rest.stubFor(
          get(urlPathEqualTo("/api/v3/account")).willReturn(json(binanceAccount(BINANCE_API_KEY))));
      settle("binance rest echo", binance.rest().fetch(account));
    } finally {
      rest.stop();
    }
    assertNoLeaks();
  }

  @Test
  void binanceStreamAmountEchoingTheApiKey() throws Exception {
    binanceStreamSending(
        "{\"subscriptionId\":0,\"event\":{\"e\":\"outboundAccountPosition\",\"E\":5,\"u\":5,"
            + "\"B\":[{\"a\":\"BTC\",\"f\":\""
            + BINANCE_API_KEY
            + "\",\"l\":\"0\"}]}}",
        BinanceSource::malformedMessages);
  }

  @Test
  void binanceStreamAssetCodeEchoingTheApiKey() throws Exception {
    binanceStreamSending(
        "{\"subscriptionId\":0,\"event\":{\"e\":\"outboundAccountPosition\",\"E\":5,\"u\":5,"
            + "\"B\":[{\"a\":\""
            + BINANCE_API_KEY
            + "\",\"f\":\"1\",\"l\":\"0\"}]}}",
        BinanceSource::skippedUnknownAssets);
  }

  private void binanceStreamSending(
      String frame, java.util.function.ToLongFunction<BinanceSource> counter) throws Exception {
    WireMockServer rest = wireMock();
    rest.stubFor(get(urlPathEqualTo("/api/v3/account")).willReturn(json(binanceAccount("1"))));
    BinanceWebSocketApi ws = new BinanceWebSocketApi();
    AccountRef account = AccountRef.of("binance", "main");
    try (BinanceSource binance =
            BinanceSource.builder()
                .account(account)
                .apiKey(Secret.of(BINANCE_API_KEY))
                .secretKey(Secret.of(BINANCE_SECRET_KEY))
                .asset(BTC_8)
                .restBaseUrl(rest.baseUrl())
                .webSocketUrl("ws://127.0.0.1:" + ws.server.getPort() + "/ws-api/v3")
                .venueConfig(venueConfig("binance"))
                .build();
        BalanceManager manager =
            BalanceManager.builder()
                .source(binance.stream())
                .cache(CaffeineBalanceCache.builder().build())
                .config(managerConfig())
                .build()) {
      attempt("binance balance", () -> manager.balance(account, BTC_8));
      until("the Binance stream is LIVE", () -> binance.stream().state() == SourceState.LIVE);
      long before = counter.applyAsLong(binance);
      ws.last().send(frame);
      until("the frame was read", () -> counter.applyAsLong(binance) > before);
    } finally {
      ws.server.shutdown();
      rest.stop();
    }
    assertNoLeaks();
  }

  @Test
  void restGarbageEchoingANumberLikeKey() throws Exception {
    restAnswering(
        "{\"balances\":[{\"currency\":\"BTC\",\"total\":" + NUMBER_LIKE_KEY + "}]}",
        NUMBER_LIKE_KEY);
  }

  @Test
  @Disabled(
      "known leak, third-party: algosdk 2.7.0's Response.body() prints Jackson's exception, which quotes up to 256 characters of the body, on System.err; it exposes no raw body to check first (see README, Guarantees)")
  void algodGarbageEchoingTheToken() throws Exception {
    WireMockServer algod = wireMock();
    String from = ALGO_SIGNER.getAddress().toString();
    algod.stubFor(
        get(urlPathEqualTo("/v2/accounts/" + from))
            .willReturn(json("{\"address\":" + ALGOD_TOKEN + "}")));
    try (AlgorandSource source =
        AlgorandSource.builder()
            .network("testnet")
            .algodUrl("http://127.0.0.1:" + algod.port())
            .apiToken(Secret.of(ALGOD_TOKEN))
            .requestTimeout(REST_TIMEOUT)
            .build()) {
      settle("algod garbage", source.fetch(AccountRef.of("algorand:testnet", from)));
    } finally {
      algod.stop();
    }
    assertNoLeaks();
  }

  @Test
  void cliGivenTheKeyAsAStrayArgument() {
    cli("kraken key as a stray argument", Map.of(), "kraken", "balances", KRAKEN_API_KEY);
    cli("kraken key as a subcommand", Map.of(), "kraken", KRAKEN_API_KEY);
    assertNoLeaks();
  }

  // ================================================================ what the tests share

  /**
   * The failures every HTTP venue is put through; bodies and headers carry {@code echo}, as venues
   * that quote the request do.
   */
  /**
   * {@link #faults} but the garbage body: algosdk prints the stack trace of its JSON parser, which
   * quotes it ({@link #algodGarbageEchoingTheToken}, disabled).
   */
  private static Map<String, ResponseDefinitionBuilder> algodFaults() {
    Map<String, ResponseDefinitionBuilder> f = faults(ALGOD_TOKEN);
    f.remove("garbage echoing");
    return f;
  }

  private static Map<String, ResponseDefinitionBuilder> faults(String echo) {
    String quoted = "\"" + echo.replace("\"", "") + "\"";
    Map<String, ResponseDefinitionBuilder> f = new LinkedHashMap<>();
    f.put("401 echoing", aResponse().withStatus(401).withBody("{\"error\":" + quoted + "}"));
    f.put("403 echoing", aResponse().withStatus(403).withBody("forbidden: " + echo));
    f.put(
        "500 echoing",
        aResponse().withStatus(500).withHeader("X-Echo", echo.split(" ")[0]).withBody(echo));
    f.put("503", aResponse().withStatus(503));
    f.put(
        "429 with Retry-After",
        aResponse().withStatus(429).withHeader("Retry-After", "1").withBody(echo));
    f.put("truncated JSON echoing", json("{\"result\":{\"x\":" + quoted + ",\"y\":"));
    f.put("garbage echoing", json("{\"result\":{\"x\":x" + echo.replace(" ", "") + "}}"));
    f.put("not JSON, echoing", aResponse().withStatus(200).withBody(echo));
    f.put("empty", json(""));
    f.put("too slow", json("{}").withFixedDelay((int) REST_TIMEOUT.toMillis() + 1000));
    f.put("connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    f.put("empty response", aResponse().withFault(Fault.EMPTY_RESPONSE));
    f.put("random data, then closed", aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
    f.put("malformed chunk", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
    return f;
  }

  private static JsonBalanceLayout restLayout() {
    return JsonBalanceLayout.custom()
        .balances("/balances")
        .assetCode("/currency")
        .total("/total")
        .available("/free")
        .held("/locked")
        .asset(BTC_8)
        .asset("XUSD", Asset.of("USD", 2))
        .build();
  }

  private static String restBody(String total) {
    return "{\"balances\":[{\"currency\":\"BTC\",\"total\":\""
        + total
        + "\",\"free\":\""
        + total
        + "\",\"locked\":\"0\"}]}";
  }

  /** Fast retries and reconnects, no rate limit, a breaker that stays closed. */
  private static VenueConfig venueConfig(String name) {
    return VenueConfig.custom()
        .name(name)
        .managerConfig(managerConfig())
        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
        .rateLimit(1000, Duration.ofSeconds(1))
        .breakerWindow(500)
        .failureRateThreshold(100)
        .build();
  }

  private static BalanceManagerConfig managerConfig() {
    return BalanceManagerConfig.custom()
        .restTimeout(REST_TIMEOUT)
        .websocketTimeout(Duration.ofSeconds(3))
        .build();
  }

  private static WireMockServer wireMock() {
    WireMockServer server =
        new WireMockServer(
            WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(12)
                .jettyAcceptors(1));
    server.start();
    return server;
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  /** Records {@code value}'s {@code toString()}. */
  private void text(String label, Object value) {
    texts.add(Map.entry(label, String.valueOf(value)));
  }

  /** Waits for {@code future}; records its value or everything its failure says. */
  private void settle(String label, CompletableFuture<?> future) {
    attempt(label, () -> future.get(20, TimeUnit.SECONDS));
  }

  /** Runs {@code call}; records its result or everything its failure says. */
  private void attempt(String label, Callable<?> call) {
    try {
      text(label + ": result", call.call());
    } catch (Throwable t) {
      failure(label, t);
    }
  }

  /**
   * Every text of {@code failure}: message, localized message and {@code toString} of it, its
   * causes and suppressed exceptions, and its whole stack trace as printed.
   */
  private void failure(String label, Throwable failure) {
    if (failure instanceof AssertionError) {
      throw (AssertionError) failure;
    }
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    texts.add(Map.entry(label + ": stack trace", trace.toString()));
    Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> pending = new ArrayList<>(List.of(failure));
    while (!pending.isEmpty()) {
      Throwable t = pending.remove(pending.size() - 1);
      if (!seen.add(t)) {
        continue;
      }
      String what = label + ": " + t.getClass().getName();
      texts.add(Map.entry(what + " message", String.valueOf(t.getMessage())));
      texts.add(Map.entry(what + " localized message", String.valueOf(t.getLocalizedMessage())));
      texts.add(Map.entry(what + " toString", t.toString()));
      if (t.getCause() != null) {
        pending.add(t.getCause());
      }
      pending.addAll(List.of(t.getSuppressed()));
    }
  }

  /** Asserts that no secret is in this test's texts nor in what was printed since it started. */
  private void assertNoLeaks() {
    String printed = LeakCapture.withoutServerSide(capture.since(mark));
    List<LeakScanner.Leak> leaks = new ArrayList<>();
    for (LeakScanner scanner : List.of(secrets, derived)) {
      leaks.addAll(scanner.scan("the output printed during the test", printed));
      for (Map.Entry<String, String> t : texts) {
        leaks.addAll(scanner.scan(t.getKey(), t.getValue()));
      }
    }
    assertThat(texts).as("texts were collected").isNotEmpty();
    assertThat(leaks).as("secrets found").isEmpty();
  }

  private static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static byte[] sha512(String text) {
    try {
      return MessageDigest.getInstance("SHA-512").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
