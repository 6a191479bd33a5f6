package dev.balancekit.source.binance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.balancekit.source.binance.TestVenue.ACCOUNT;
import static dev.balancekit.source.binance.TestVenue.ACCOUNT_PATH;
import static dev.balancekit.source.binance.TestVenue.API_KEY;
import static dev.balancekit.source.binance.TestVenue.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Balance;
import dev.balancekit.SourceState;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.http.Futures;
import dev.balancekit.source.http.HttpSourceException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v3/account} against WireMock. */
class BinanceRestTest {
  private final TestVenue venue = new TestVenue();
  private final BinanceSource binance = venue.source().build();

  @AfterEach
  void stop() throws IOException {
    binance.close();
    venue.close();
  }

  @Test
  void signsTheQueryWithHmacSha256AndSendsTheKeyInItsHeader() {
    venue.account(TestVenue.fixture("rest-account.json"));

    fetch();

    LoggedRequest request =
        venue.rest.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT_PATH))).get(0);
    String query = request.getUrl().substring(request.getUrl().indexOf('?') + 1);
    assertThat(query).matches("recvWindow=5000&timestamp=\\d+&signature=[0-9a-f]{64}");
    String signed = query.substring(0, query.indexOf("&signature="));
    assertThat(request.queryParameter("signature").firstValue())
        .isEqualTo(TestVenue.hmacSha256(SECRET_KEY, signed));
    assertThat(Long.parseLong(request.queryParameter("timestamp").firstValue()))
        .isGreaterThan(TestVenue.START.toEpochMilli());
    assertThat(request.getHeader("X-MBX-APIKEY")).isEqualTo(API_KEY);
  }

  @Test
  void freeIsAvailableLockedIsHeldAndTheirSumIsTheTotal() {
    venue.account(
        "{\"updateTime\":77,\"balances\":["
            + TestVenue.restBalance("BTC", "1.25000000", "0.50000000")
            + "]}");

    Balance btc = fetch().find("BTC").orElseThrow();

    assertThat(btc.total()).isEqualTo(new BigDecimal("1.75000000"));
    assertThat(btc.available()).contains(new BigDecimal("1.25000000"));
    assertThat(btc.held()).contains(new BigDecimal("0.50000000"));
    assertThat(btc.source()).isEqualTo("binance-rest");
    assertThat(btc.sequence()).hasValue(77);
  }

  @Test
  void readsTheDocumentedAnswerSkippingAndCountingUnconfiguredAssets() {
    venue.account(TestVenue.fixture("rest-account.json"));

    AccountBalances account = fetch();

    assertThat(account.isComplete()).isTrue();
    assertThat(account.find("BTC").orElseThrow().total())
        .isEqualTo(new BigDecimal("4723846.89208129"));
    assertThat(account.find("LTC")).isEmpty();
    assertThat(binance.skippedUnknownAssets()).isEqualTo(1);
    assertThat(account.get(TestVenue.ETH).orElseThrow().total())
        .as("complete: not listed means none")
        .isEqualByComparingTo("0");
    assertThat(account.get(dev.balancekit.Asset.of("LTC", 8)))
        .as("listed but not configured: unknown")
        .isEmpty();
  }

  @Test
  void amountsMayBeJsonNumbersAndAreReadExactly() {
    venue.account(
        "{\"updateTime\":1,\"balances\":[{\"asset\":\"BTC\",\"free\":0.1,\"locked\":0.2}]}");

    assertThat(fetch().find("BTC").orElseThrow().total()).isEqualTo(new BigDecimal("0.30000000"));
  }

  @Test
  void aValueWithFortyDecimalsFailsTheCallInsteadOfBeingRounded() {
    venue.account(
        "{\"updateTime\":1,\"balances\":["
            + TestVenue.restBalance("BTC", "0." + "1234567891".repeat(4), "0")
            + "]}");

    Throwable error = failure(binance.rest().fetch(ACCOUNT));

    assertThat(error)
        .isInstanceOfSatisfying(
            HttpSourceException.class,
            e -> assertThat(e.kind()).isEqualTo(HttpSourceException.Kind.MALFORMED_RESPONSE))
        .hasMessageContaining("has 40 decimals but BTC allows at most 8");
  }

  @Test
  void aRateLimitedCallIsRetriedAfterRetryAfterWithAFreshSignature() {
    venue.rest.stubFor(
        TestVenue.accountRequest()
            .inScenario("limit")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "1")
                    .withBody("{\"code\":-1003,\"msg\":\"Too many requests\"}"))
            .willSetStateTo("served"));
    venue.rest.stubFor(
        TestVenue.accountRequest()
            .inScenario("limit")
            .whenScenarioStateIs("served")
            .willReturn(
                okJson(
                    "{\"updateTime\":1,\"balances\":["
                        + TestVenue.restBalance("BTC", "2", "0")
                        + "]}")));

    assertThat(fetch().find("BTC").orElseThrow().total()).isEqualByComparingTo("2");

    List<LoggedRequest> calls = venue.rest.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT_PATH)));
    assertThat(calls).hasSize(2);
    assertThat(calls.get(1).queryParameter("timestamp").firstValue())
        .isNotEqualTo(calls.get(0).queryParameter("timestamp").firstValue());
  }

  @Test
  void anIpBanIsRateLimitedAndLaterCallsWaitWithoutReachingBinance() {
    venue.rest.stubFor(
        TestVenue.accountRequest()
            .willReturn(
                aResponse()
                    .withStatus(418)
                    .withHeader("Retry-After", "120")
                    .withBody("{\"code\":-1003,\"msg\":\"Way too much request weight used\"}")));

    Throwable first = failure(binance.rest().fetch(ACCOUNT));
    Throwable second = failure(binance.rest().fetch(ACCOUNT));

    assertThat(first)
        .isInstanceOfSatisfying(
            HttpSourceException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(HttpSourceException.Kind.RATE_LIMITED);
              assertThat(e.status()).hasValue(418);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
            });
    assertThat(second)
        .isInstanceOfSatisfying(
            SourceUnavailableException.class,
            e ->
                assertThat(e.retryAfter())
                    .hasValueSatisfying(
                        d ->
                            assertThat(d)
                                .isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120))));
    assertThat(venue.rest.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT_PATH)))).hasSize(1);
    assertThat(binance.rest().state()).isEqualTo(SourceState.DEGRADED);
  }

  @Test
  void aRefusedTimestampOverRestIsReadFromTheBodyWithoutTheSignature() {
    venue.rest.stubFor(
        TestVenue.accountRequest()
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"code\":-1021,\"msg\":\"Timestamp for this request is outside of the recvWindow.\"}")));

    Throwable error = failure(binance.rest().fetch(ACCOUNT));

    assertThat(error)
        .isInstanceOfSatisfying(
            BinanceApiException.class,
            e -> {
              assertThat(e.kind())
                  .isEqualTo(BinanceApiException.Kind.TIMESTAMP_OUTSIDE_RECV_WINDOW);
              assertThat(e.code()).isEqualTo(-1021);
              assertThat(e.status()).hasValue(400);
            })
        .hasMessageContaining("recvWindow (5000 ms)")
        .hasMessageContaining("/api/v3/account");
    String signature =
        venue
            .rest
            .findAll(getRequestedFor(urlPathEqualTo(ACCOUNT_PATH)))
            .get(0)
            .queryParameter("signature")
            .firstValue();
    assertThat(error.getMessage())
        .doesNotContain(signature)
        .doesNotContain(API_KEY)
        .doesNotContain("timestamp=");
    assertThat(venue.rest.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT_PATH)))).hasSize(1);
  }

  @Test
  void aRefusalWithoutBinancesCodeFallsBackToItsStatus() {
    venue.rest.stubFor(
        TestVenue.accountRequest()
            .willReturn(aResponse().withStatus(400).withBody("<html>no</html>")));

    assertThat(failure(binance.rest().fetch(ACCOUNT)))
        .isInstanceOfSatisfying(
            HttpSourceException.class,
            e -> assertThat(e.kind()).isEqualTo(HttpSourceException.Kind.REQUEST_REJECTED));
  }

  @Test
  void anAuthCodeInA400BodyIsAnAuthenticationFailure() {
    venue.rest.stubFor(
        TestVenue.accountRequest()
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"code\":-1022,\"msg\":\"Signature for this request is not valid.\"}")));

    assertThat(failure(binance.rest().fetch(ACCOUNT)))
        .isInstanceOfSatisfying(
            HttpSourceException.class,
            e -> assertThat(e.kind()).isEqualTo(HttpSourceException.Kind.AUTH_FAILED));
  }

  @Test
  void aUsedUpRequestWeightPausesCallsUntilTheMinuteEnds() {
    venue.rest.stubFor(
        TestVenue.accountRequest()
            .willReturn(
                okJson(
                        "{\"updateTime\":1,\"balances\":["
                            + TestVenue.restBalance("BTC", "2", "0")
                            + "]}")
                    .withHeader(BinanceRest.USED_WEIGHT_HEADER, "5990")));

    assertThat(fetch().find("BTC").orElseThrow().total()).isEqualByComparingTo("2");
    Throwable next = failure(binance.rest().fetch(ACCOUNT));

    assertThat(next)
        .isInstanceOfSatisfying(
            SourceUnavailableException.class,
            e ->
                assertThat(e.retryAfter())
                    .hasValueSatisfying(
                        d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(60))));
    assertThat(venue.rest.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT_PATH)))).hasSize(1);
    assertThat(binance.rest().state()).isEqualTo(SourceState.DEGRADED);
  }

  @Test
  void weightBelowTheLimitDoesNotPause() {
    venue.rest.stubFor(
        TestVenue.accountRequest()
            .willReturn(
                okJson(
                        "{\"updateTime\":1,\"balances\":["
                            + TestVenue.restBalance("BTC", "2", "0")
                            + "]}")
                    .withHeader(BinanceRest.USED_WEIGHT_HEADER, "5980")));

    fetch();
    fetch();

    assertThat(venue.rest.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT_PATH)))).hasSize(2);
    assertThat(binance.rest().state()).isEqualTo(SourceState.LIVE);
  }

  @Test
  void aRefusedKeyIsAnAuthenticationFailure() {
    venue.rest.stubFor(
        TestVenue.accountRequest()
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions for action.\"}")));

    assertThat(failure(binance.rest().fetch(ACCOUNT)))
        .isInstanceOfSatisfying(
            HttpSourceException.class,
            e -> assertThat(e.kind()).isEqualTo(HttpSourceException.Kind.AUTH_FAILED))
        .hasMessageNotContaining(API_KEY);
  }

  @Test
  void servesOnlyTheKeysAccount() {
    AccountRef other = AccountRef.of("binance", "other");

    assertThat(binance.rest().supports(other)).isFalse();
    assertThat(failure(binance.rest().fetch(other))).isInstanceOf(IllegalArgumentException.class);
  }

  private AccountBalances fetch() {
    try {
      return binance.rest().fetch(ACCOUNT).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Throwable failure(CompletableFuture<?> future) {
    return future.handle((v, e) -> Futures.unwrap(e)).orTimeout(10, TimeUnit.SECONDS).join();
  }
}
