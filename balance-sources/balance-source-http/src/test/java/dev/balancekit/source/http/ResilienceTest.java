package dev.balancekit.source.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.balancekit.source.http.RestFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.balancekit.SourceState;
import dev.balancekit.SourceStatus;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Circuit breaker, retry, rate limit and cancellation of the venue client, seen through a REST
 * source.
 */
class ResilienceTest {
  private static WireMockServer server;
  private final ManualClock clock = ManualClock.at("2025-01-01T00:00:00Z");
  private final RecordingSink sink = new RecordingSink();
  private VenueClient client;
  private RestBalanceSource source;

  @BeforeAll
  static void startServer() {
    server = RestFixture.startServer();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  private void build(VenueConfig.Builder config) {
    client = VenueClient.create(config.build());
    source = RestFixture.source(client, server, clock);
    source.attach(sink);
  }

  @Test
  void breakerOpensAfterConfiguredFailuresHalfOpensAfterItsWaitAndClosesOnSuccess() {
    build(
        RestFixture.config(Duration.ofSeconds(2))
            .retryAttempts(1)
            .breakerWindow(2)
            .failureRateThreshold(100)
            .breakerOpenFor(Duration.ofMillis(200))
            .rateLimit(10_000, Duration.ofSeconds(1)));
    RestFixture.stubAll(server, aResponse().withStatus(500));
    failure();
    assertThat(client.circuit()).isEqualTo(SourceStatus.Circuit.CLOSED);
    failure();
    assertThat(client.circuit()).isEqualTo(SourceStatus.Circuit.OPEN);
    assertThat(source.state()).isEqualTo(SourceState.DEGRADED);
    assertThat(sink.saw(SourceState.LIVE, SourceState.DEGRADED)).isTrue();

    Throwable refused = failure();
    assertThat(refused)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("circuit breaker open");
    assertThat(((SourceUnavailableException) refused).retryAfter())
        .contains(Duration.ofMillis(200));
    server.verify(2, getRequestedFor(urlPathMatching("/accounts/.*")));

    server.resetAll();
    RestFixture.stubAll(server, RestFixture.json(RestFixture.GOOD_BODY).withFixedDelay(300));
    java.util.concurrent.atomic.AtomicReference<CompletableFuture<?>> trial =
        new java.util.concurrent.atomic.AtomicReference<>();
    Await.until(
        "a trial call is let through after the wait",
        () -> {
          CompletableFuture<?> f = source.fetch(ALICE);
          if (f.isDone()) {
            f.exceptionally(e -> null).join();
            return false;
          }
          trial.set(f);
          return true;
        });
    Await.until(
        "the breaker is half open during the trial",
        () -> client.circuit() == SourceStatus.Circuit.HALF_OPEN);
    trial.get().join();
    assertThat(client.circuit()).isEqualTo(SourceStatus.Circuit.CLOSED);
    assertThat(source.state()).isEqualTo(SourceState.LIVE);
    assertThat(sink.saw(SourceState.DEGRADED, SourceState.LIVE)).isTrue();
  }

  @Test
  void retryStopsAfterItsBound() {
    build(RestFixture.config(Duration.ofSeconds(5)).retryAttempts(3));
    RestFixture.stubAll(server, aResponse().withStatus(502));
    Throwable error = failure();
    assertThat(error).isInstanceOf(HttpSourceException.class);
    assertThat(((HttpSourceException) error).status()).hasValue(502);
    server.verify(3, getRequestedFor(urlPathMatching("/accounts/.*")));
  }

  @Test
  void retryWaitsAsLongAsRetryAfterSaysThenSucceeds() {
    build(RestFixture.config(Duration.ofSeconds(5)).retryAttempts(3));
    server.stubFor(
        get(urlPathMatching("/accounts/.*"))
            .inScenario("limited")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
            .willSetStateTo("free"));
    server.stubFor(
        get(urlPathMatching("/accounts/.*"))
            .inScenario("limited")
            .whenScenarioStateIs("free")
            .willReturn(RestFixture.json(RestFixture.GOOD_BODY)));

    assertThat(source.fetch(ALICE).join().find("BTC")).isPresent();
    List<LoggedRequest> requests = server.findAll(getRequestedFor(urlPathMatching("/accounts/.*")));
    assertThat(requests).hasSize(2);
    Instant first = requests.get(0).getLoggedDate().toInstant();
    Instant second = requests.get(1).getLoggedDate().toInstant();
    assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(sink.saw(SourceState.LIVE, SourceState.DEGRADED)).isTrue();
  }

  @Test
  void retryAfterBeyondTheDeadlineFailsAtOnceWithTheWaitReadable() {
    build(RestFixture.config(Duration.ofSeconds(2)).retryAttempts(5));
    RestFixture.stubAll(server, aResponse().withStatus(503).withHeader("Retry-After", "60"));
    Throwable error = failure();
    assertThat(error).isInstanceOf(HttpSourceException.class);
    assertThat(((HttpSourceException) error).retryAfter()).contains(Duration.ofSeconds(60));
    assertThat(((HttpSourceException) error).kind())
        .isEqualTo(HttpSourceException.Kind.UPSTREAM_ERROR);
    server.verify(1, getRequestedFor(urlPathMatching("/accounts/.*")));
  }

  @Test
  void exhaustedLocalRateLimitRefusesWithRetryAfterAndDegrades() {
    build(RestFixture.config(Duration.ofSeconds(1)).rateLimit(1, Duration.ofMinutes(1)));
    RestFixture.stubAll(server, RestFixture.json(RestFixture.GOOD_BODY));
    source.fetch(ALICE).join();
    Throwable refused = failure();
    assertThat(refused)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("rate limit");
    assertThat(((SourceUnavailableException) refused).retryAfter()).contains(Duration.ofMinutes(1));
    assertThat(source.state()).isEqualTo(SourceState.DEGRADED);
    assertThat(sink.saw(SourceState.LIVE, SourceState.DEGRADED)).isTrue();
  }

  @Test
  void aStatedRetryAfterPausesEveryCallUntilItHasPassed() {
    build(RestFixture.config(Duration.ofSeconds(2)).retryAttempts(1));
    RestFixture.stubAll(server, aResponse().withStatus(429).withHeader("Retry-After", "60"));

    Throwable first = failure();
    Throwable second = failure();

    assertThat(first)
        .isInstanceOfSatisfying(
            HttpSourceException.class,
            e -> assertThat(e.kind()).isEqualTo(HttpSourceException.Kind.RATE_LIMITED));
    assertThat(second)
        .isInstanceOfSatisfying(
            SourceUnavailableException.class,
            e ->
                assertThat(e.retryAfter())
                    .hasValueSatisfying(
                        d ->
                            assertThat(d)
                                .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60))));
    server.verify(1, getRequestedFor(urlPathMatching("/accounts/.*")));
    assertThat(client.pausedFor()).isPresent();
    assertThat(source.state()).isEqualTo(SourceState.DEGRADED);
  }

  @Test
  void aPauseAskedForByAnAdapterRefusesCallsWithoutReachingTheVenue() {
    build(RestFixture.config(Duration.ofSeconds(2)));
    RestFixture.stubAll(server, RestFixture.json(RestFixture.GOOD_BODY));

    client.pauseFor(Duration.ofSeconds(30), "weight used up");

    assertThat(failure())
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("back off");
    server.verify(0, getRequestedFor(urlPathMatching("/accounts/.*")));
    assertThat(sink.saw(SourceState.LIVE, SourceState.DEGRADED)).isTrue();
    assertThatThrownBy(() -> client.pauseFor(Duration.ofSeconds(-1), "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wait");
  }

  @Test
  void aPauseEndingWithinTheDeadlineIsWaitedOutNotFailed() {
    build(RestFixture.config(Duration.ofSeconds(3)));
    RestFixture.stubAll(server, RestFixture.json(RestFixture.GOOD_BODY));

    client.pauseFor(Duration.ofMillis(400), "briefly");
    long start = System.nanoTime();

    assertThat(source.fetch(ALICE).join().find("BTC")).isPresent();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(350));
    server.verify(1, getRequestedFor(urlPathMatching("/accounts/.*")));
  }

  @Test
  void exchangeHandsEveryStatusWithItsHeadersAndBodyToTheReader() {
    build(RestFixture.config(Duration.ofSeconds(2)));
    RestFixture.stubAll(
        server,
        aResponse().withStatus(400).withHeader("X-Used-Weight", "12").withBody("{\"code\":-7}"));

    String seen =
        client
            .exchange(
                () -> new okhttp3.Request.Builder().url(server.url("/accounts/alice")).build(),
                r ->
                    r.status()
                        + " "
                        + r.isSuccessful()
                        + " "
                        + r.header("X-Used-Weight").orElseThrow()
                        + " "
                        + r.json().path("code").asInt()
                        + " "
                        + r.statusError().kind())
            .join();

    assertThat(seen).isEqualTo("400 false 12 -7 REQUEST_REJECTED");
  }

  @Test
  void cancellingTheFutureCancelsTheHttpCall() {
    build(RestFixture.config(Duration.ofSeconds(10)));
    RestFixture.stubAll(server, RestFixture.json(RestFixture.GOOD_BODY).withFixedDelay(5_000));
    CompletableFuture<?> f = source.fetch(ALICE);
    Await.until("the call is running", () -> client.http().dispatcher().runningCallsCount() == 1);
    f.cancel(true);
    Await.until("the call is cancelled", () -> client.http().dispatcher().runningCallsCount() == 0);
    assertThat(client.circuit()).isEqualTo(SourceStatus.Circuit.CLOSED);
  }

  private Throwable failure() {
    try {
      source.fetch(ALICE).join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("fetch succeeded but should have failed");
  }
}
