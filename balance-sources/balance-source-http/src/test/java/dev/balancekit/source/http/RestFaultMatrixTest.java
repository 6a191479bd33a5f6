package dev.balancekit.source.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.balancekit.source.http.RestFixture.ALICE;
import static dev.balancekit.source.http.RestFixture.BOB;
import static dev.balancekit.source.http.RestFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.balancekit.AccountBalances;
import dev.balancekit.BalanceManager;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.BalanceUnavailableException;
import dev.balancekit.Freshness;
import dev.balancekit.SourceState;
import dev.balancekit.SourceStatus;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.ManualClock;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CachePolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fault a venue can produce, against a RestBalanceSource behind a BalanceManager: the typed
 * error, the breaker's state, what the manager serves, and that the cache keeps the last good
 * value.
 */
class RestFaultMatrixTest {
  // Generous for a loaded 2-core machine; the slow-response case waits 5 s, well past it.
  private static final Duration REST_TIMEOUT = Duration.ofMillis(2_000);
  private static WireMockServer server;

  private final ManualClock clock = ManualClock.at("2025-01-01T00:00:00Z");
  private VenueClient client;
  private BalanceCache cache;
  private BalanceManager manager;
  private RestBalanceSource source;

  /** What one fault must produce. */
  record Expectation(
      String kindOrUnavailable,
      Integer status,
      Duration retryAfter,
      String messagePart,
      SourceStatus.Circuit circuit,
      SourceState venueState) {}

  @BeforeAll
  static void startServer() {
    server = RestFixture.startServer();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @BeforeEach
  void buildManager() {
    server.resetAll();
    // One attempt and a window of two calls: one success plus one venue fault opens the breaker.
    client =
        VenueClient.create(
            RestFixture.config(REST_TIMEOUT)
                .retryAttempts(1)
                .breakerWindow(2)
                .failureRateThreshold(50)
                .breakerOpenFor(Duration.ofMinutes(5))
                .build());
    source = RestFixture.source(client, server, clock);
    cache = BalanceCache.inMemory(CachePolicy.of(Duration.ofSeconds(10), Duration.ofHours(1), 1.0));
    manager =
        BalanceManager.builder()
            .source(source)
            .cache(cache)
            .clock(clock)
            .config(BalanceManagerConfig.custom().restTimeout(REST_TIMEOUT).build())
            .build();
  }

  @AfterEach
  void close() {
    manager.close();
    client.close();
  }

  static Stream<Arguments> faults() {
    String hugeNumber =
        "{\"result\":[{\"asset\":\"BTC\",\"total\":1" + "0".repeat(1_000_000) + "}]}";
    return Stream.of(
        Arguments.of(
            "connection reset",
            aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
            new Expectation(
                "CONNECTION_FAILED",
                null,
                null,
                "could not be reached",
                SourceStatus.Circuit.OPEN,
                SourceState.DEGRADED)),
        Arguments.of(
            "HTTP 500",
            aResponse().withStatus(500).withBody("oops"),
            new Expectation(
                "UPSTREAM_ERROR",
                500,
                null,
                "HTTP 500",
                SourceStatus.Circuit.OPEN,
                SourceState.DEGRADED)),
        Arguments.of(
            "HTTP 503 with Retry-After",
            aResponse().withStatus(503).withHeader("Retry-After", "7"),
            new Expectation(
                "UPSTREAM_ERROR",
                503,
                Duration.ofSeconds(7),
                "HTTP 503",
                SourceStatus.Circuit.OPEN,
                SourceState.DEGRADED)),
        Arguments.of(
            "HTTP 429",
            aResponse().withStatus(429).withHeader("Retry-After", "2"),
            new Expectation(
                "RATE_LIMITED",
                429,
                Duration.ofSeconds(2),
                "rate limited",
                SourceStatus.Circuit.CLOSED,
                SourceState.DEGRADED)),
        Arguments.of(
            "slow response past the timeout",
            RestFixture.json(RestFixture.GOOD_BODY).withFixedDelay(5_000),
            new Expectation(
                "unavailable",
                null,
                null,
                "no answer within",
                SourceStatus.Circuit.OPEN,
                SourceState.DEGRADED)),
        Arguments.of(
            "malformed JSON",
            RestFixture.json("{\"result\":[nope]}"),
            new Expectation(
                "MALFORMED_RESPONSE",
                200,
                null,
                "not valid JSON",
                SourceStatus.Circuit.OPEN,
                SourceState.DEGRADED)),
        Arguments.of(
            "truncated JSON",
            RestFixture.json("{\"result\":[{\"asset\":\"BTC\",\"total\":\"1.5\""),
            new Expectation(
                "MALFORMED_RESPONSE",
                200,
                null,
                "truncated JSON",
                SourceStatus.Circuit.OPEN,
                SourceState.DEGRADED)),
        Arguments.of(
            "a huge number",
            RestFixture.json(hugeNumber),
            new Expectation(
                "MALFORMED_RESPONSE",
                200,
                null,
                "JSON beyond limits",
                SourceStatus.Circuit.OPEN,
                SourceState.DEGRADED)),
        Arguments.of(
            "an empty body",
            RestFixture.json(""),
            new Expectation(
                "MALFORMED_RESPONSE",
                200,
                null,
                "empty body",
                SourceStatus.Circuit.OPEN,
                SourceState.DEGRADED)),
        Arguments.of(
            "the wrong shape",
            RestFixture.json("{\"result\":{\"BTC\":1}}"),
            new Expectation(
                "MALFORMED_RESPONSE",
                200,
                null,
                "no balances array",
                SourceStatus.Circuit.OPEN,
                SourceState.DEGRADED)),
        Arguments.of(
            "an absurd exponent",
            RestFixture.json("{\"result\":[{\"asset\":\"BTC\",\"total\":1e999999999}]}"),
            new Expectation(
                "MALFORMED_RESPONSE",
                200,
                null,
                "absurdly large",
                SourceStatus.Circuit.OPEN,
                SourceState.DEGRADED)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void faultYieldsTypedErrorAndStaleValueWhileCacheKeepsLastGoodValue(
      String fault, ResponseDefinitionBuilder response, Expectation expected) {
    RestFixture.stubAll(server, RestFixture.json(RestFixture.GOOD_BODY));
    AccountBalances good = manager.balances(ALICE);
    assertThat(good.freshness()).isEqualTo(Freshness.LIVE);
    assertThat(good.find("BTC").orElseThrow().total()).isEqualByComparingTo("1.5");

    clock.advance(Duration.ofSeconds(11));
    server.resetAll();
    RestFixture.stubAll(server, response);

    Throwable error = catchFetchFailure();
    if (expected.kindOrUnavailable().equals("unavailable")) {
      assertThat(error).isInstanceOf(SourceUnavailableException.class);
    } else {
      assertThat(error).isInstanceOf(HttpSourceException.class);
      HttpSourceException http = (HttpSourceException) error;
      assertThat(http.kind()).hasToString(expected.kindOrUnavailable());
      assertThat(http.source()).isEqualTo("testvenue");
      if (expected.status() == null) {
        assertThat(http.status()).isEmpty();
      } else {
        assertThat(http.status()).hasValue(expected.status());
      }
      assertThat(http.retryAfter()).isEqualTo(java.util.Optional.ofNullable(expected.retryAfter()));
    }
    assertThat(error.getMessage())
        .contains(expected.messagePart())
        .doesNotContain("k3y", "header-secret-value");
    Await.until("the breaker settles", () -> client.circuit() == expected.circuit());
    assertThat(client.state()).isEqualTo(expected.venueState());
    assertThat(source.state()).isEqualTo(expected.venueState());

    AccountBalances stale = manager.balances(ALICE);
    assertThat(stale.freshness()).isEqualTo(Freshness.STALE);
    assertThat(stale.find("BTC").orElseThrow().total()).isEqualByComparingTo(new BigDecimal("1.5"));
    assertThatThrownBy(() -> manager.balances(BOB)).isInstanceOf(BalanceUnavailableException.class);
    AccountBalances kept = cache.peek(ALICE, clock.instant()).orElseThrow();
    assertThat(kept.find("BTC").orElseThrow().total()).isEqualByComparingTo("1.5");
    assertThat(kept.find("USD").orElseThrow().total()).isEqualByComparingTo("250.25");
    assertThat(kept.isComplete()).isTrue();
  }

  @org.junit.jupiter.api.Test
  void goodAnswerIsACompleteSnapshotWithExactAmountsAndUnknownAssetsSkipped() {
    RestFixture.stubAll(server, RestFixture.json(RestFixture.GOOD_BODY));
    AccountBalances view = source.fetch(ALICE).join();
    assertThat(view.isComplete()).isTrue();
    assertThat(view.balances()).hasSize(2);
    var btc = view.get(BTC).orElseThrow();
    assertThat(btc.total()).isEqualTo(new BigDecimal("1.50000000"));
    assertThat(btc.available()).contains(new BigDecimal("1.20000000"));
    assertThat(btc.held()).contains(new BigDecimal("0.30000000"));
    assertThat(view.find("USD").orElseThrow().available()).isEmpty();
    assertThat(view.find("DOGE")).isEmpty();
    assertThat(source.skippedUnknownAssets()).isEqualTo(1);
    server.verify(
        getRequestedFor(urlPathMatching("/accounts/alice"))
            .withHeader(
                "X-Api-Key",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("header-secret-value")));
  }

  @org.junit.jupiter.api.Test
  void notFoundBecomesAccountNotFoundAndDoesNotOpenTheBreaker() {
    RestFixture.stubAll(
        server,
        aResponse()
            .withStatus(404)
            .withBody("{\"_status\":{\"messages\":[{\"message\":\"Not found\"}]}}"));
    for (int i = 0; i < 3; i++) {
      assertThat(catchFetchFailure())
          .isInstanceOf(dev.balancekit.AccountNotFoundException.class)
          .hasMessageContaining("testvenue/alice");
    }
    assertThat(client.circuit()).isEqualTo(SourceStatus.Circuit.CLOSED);
  }

  private Throwable catchFetchFailure() {
    try {
      source.fetch(ALICE).join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("fetch succeeded but should have failed");
  }
}
