package dev.balancekit.source.kraken;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.balancekit.source.kraken.KrakenVenue.ACCOUNT;
import static dev.balancekit.source.kraken.KrakenVenue.fixture;
import static dev.balancekit.source.kraken.KrakenVenue.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.SourceState;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.http.Await;
import dev.balancekit.source.http.Futures;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.source.http.RecordingSink;
import dev.balancekit.spi.BalanceSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code BalanceEx} over WireMock: signing, reading, asset codes, Kraken's errors. */
class KrakenRestSourceTest {
  private final KrakenVenue venue = new KrakenVenue();
  private KrakenSource kraken = venue.builder().build();

  @AfterEach
  void close() throws Exception {
    kraken.close();
    venue.close();
  }

  private AccountBalances fetch() {
    return fetch(kraken.rest());
  }

  private static AccountBalances fetch(BalanceSource source) {
    try {
      return source.fetch(ACCOUNT).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new CompletionException(Futures.unwrap(e));
    }
  }

  private static Throwable failure(BalanceSource source) {
    try {
      source.fetch(ACCOUNT).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return Futures.unwrap(e);
    }
    throw new AssertionError("the fetch did not fail");
  }

  @Test
  void readsBalanceExWithAvailableAndHeldAtTheAssetsScale() {
    AccountBalances balances = fetch();

    assertThat(balances.isComplete()).isTrue();
    Balance btc = balances.find("BTC").orElseThrow();
    assertThat(btc.total()).isEqualTo(new BigDecimal("1.2435000000"));
    assertThat(btc.held()).contains(new BigDecimal("0.8423000000"));
    assertThat(btc.available()).contains(new BigDecimal("0.4012000000"));
    assertThat(btc.wallets())
        .containsExactly(Map.entry("spot:main", new BigDecimal("1.2435000000")));
    assertThat(btc.source()).isEqualTo("kraken-rest");
    Balance usd = balances.find("USD").orElseThrow();
    assertThat(usd.total()).isEqualTo(new BigDecimal("25435.2100"));
    assertThat(usd.available()).contains(new BigDecimal("17185.4500"));
  }

  @Test
  void stringsAndNumbersGiveTheSameExactAmounts() {
    venue.balanceEx(fixture("rest-balance-ex-strings.json"));
    Balance fromStrings = fetch().find("BTC").orElseThrow();
    venue.balanceEx(
        "{\"error\":[],\"result\":{\"XXBT\":{\"balance\":2.1031709100,\"hold_trade\":0.1401000000},"
            + "\"ZUSD\":{\"balance\":124.7277,\"hold_trade\":0.0000}}}");
    Balance fromNumbers = fetch().find("BTC").orElseThrow();

    assertThat(fromStrings.total())
        .isEqualTo(new BigDecimal("2.1031709100"))
        .isEqualTo(fromNumbers.total());
    assertThat(fromStrings.available())
        .isEqualTo(fromNumbers.available())
        .contains(new BigDecimal("1.9630709100"));
  }

  @Test
  void signsEveryCallAsKrakenSpecifiesWithANewNonce() throws Exception {
    fetch();
    fetch();

    List<LoggedRequest> calls =
        venue.rest.findAll(postRequestedFor(urlEqualTo("/0/private/BalanceEx")));
    assertThat(calls).hasSize(2);
    long previous = 0;
    for (LoggedRequest call : calls) {
      String body = call.getBodyAsString();
      Matcher nonce = Pattern.compile("^nonce=(\\d+)$").matcher(body);
      assertThat(nonce.matches()).as("body %s", body).isTrue();
      long n = Long.parseLong(nonce.group(1));
      assertThat(n).isGreaterThan(previous);
      previous = n;
      assertThat(call.getHeader("API-Key")).isEqualTo(KrakenVenue.API_KEY);
      assertThat(call.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
      assertThat(call.getHeader("API-Sign"))
          .isEqualTo(
              KrakenSignerTest.expectedSignature(
                  Base64.getDecoder().decode(KrakenVenue.API_SECRET),
                  "/0/private/BalanceEx",
                  n,
                  body));
    }
  }

  @Test
  void legacyCodesAndWalletSuffixesBecomeOneCanonicalAssetWithItsWallets() {
    venue.balanceEx(
        "{\"error\":[],\"result\":{"
            + "\"XXBT\":{\"balance\":\"1.0000000000\",\"hold_trade\":\"0.2500000000\","
            + "\"credit\":\"0.5\",\"credit_used\":\"0.1\"},"
            + "\"XBT.F\":{\"balance\":\"0.5\",\"hold_trade\":\"0\"},"
            + "\"XBT.M\":{\"balance\":\"0.25\"},"
            + "\"XETH\":{\"balance\":\"3\"},"
            + "\"ETH.B\":{\"balance\":\"1\"},"
            + "\"ZEUR\":{\"balance\":\"10\"},"
            + "\"USD.HOLD\":{\"balance\":\"7\"}}}");
    kraken.close();
    kraken =
        venue
            .builder()
            .assets(
                KrakenVenue.BTC,
                KrakenVenue.ETH,
                dev.balancekit.Asset.of("EUR", 4),
                KrakenVenue.USD)
            .build();

    AccountBalances balances = fetch();

    Balance btc = balances.find("BTC").orElseThrow();
    assertThat(btc.total()).isEqualByComparingTo("1.75");
    assertThat(btc.wallets()).containsOnlyKeys("spot:main", "XBT.F", "XBT.M");
    assertThat(btc.held()).hasValueSatisfying(h -> assertThat(h).isEqualByComparingTo("0.25"));
    assertThat(btc.available()).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("1.15"));
    Balance eth = balances.find("ETH").orElseThrow();
    assertThat(eth.total()).isEqualByComparingTo("4");
    assertThat(eth.available()).as("no hold_trade: unknown, not zero").isEmpty();
    assertThat(eth.held()).isEmpty();
    assertThat(balances.find("EUR").orElseThrow().total()).isEqualByComparingTo("10");
    assertThat(balances.find("USD")).as("an undocumented suffix is not guessed").isEmpty();
    assertThat(kraken.skippedUnknownAssets()).isEqualTo(1);
  }

  @Test
  void unknownAssetsAreSkippedAndCounted() {
    venue.balanceEx(
        "{\"error\":[],\"result\":{\"XXBT\":{\"balance\":\"1\"},\"NEWCOIN\":{\"balance\":\"5\"}}}");

    AccountBalances balances = fetch();

    assertThat(balances.balances()).extracting(b -> b.asset().code()).containsExactly("BTC");
    assertThat(kraken.skippedUnknownAssets()).isEqualTo(1);
    // Listed but unreadable: unknown, not the zero an unlisted asset of a complete view would be.
    assertThat(balances.get(Asset.of("NEWCOIN", 8))).isEmpty();
    assertThat(balances.get(Asset.of("DOGE", 8)).orElseThrow().total()).isZero();
  }

  @Test
  void aValueWithMoreDecimalsThanTheAssetAllowsFailsTheFetchInsteadOfBeingRounded() {
    venue.balanceEx(
        "{\"error\":[],\"result\":{\"XXBT\":{\"balance\":0.1234567890123456789012345678901234567891}}}");

    Throwable failure = failure(kraken.rest());

    assertThat(failure)
        .isInstanceOf(HttpSourceException.class)
        .hasMessageContaining("has 40 decimals but BTC allows at most 10");
    assertThat(((HttpSourceException) failure).kind())
        .isEqualTo(HttpSourceException.Kind.MALFORMED_RESPONSE);
  }

  @Test
  void assetScalesComeFromTheAssetsEndpointFetchedOnce() {
    venue.assets(
        "{\"error\":[],\"result\":{"
            + "\"XXBT\":{\"aclass\":\"currency\",\"altname\":\"XBT\",\"decimals\":10,\"display_decimals\":5,"
            + "\"status\":\"enabled\"},"
            + "\"ZUSD\":{\"aclass\":\"currency\",\"altname\":\"ZUSD\",\"decimals\":4,\"display_decimals\":2,"
            + "\"status\":\"enabled\"},"
            + "\"XBT.M\":{\"aclass\":\"currency\",\"altname\":\"XBT.M\",\"decimals\":10,\"display_decimals\":5}}}");
    kraken.close();
    kraken = venue.builder().build();
    KrakenSource fetchingAssets =
        KrakenSource.builder()
            .account(ACCOUNT)
            .apiKey(dev.balancekit.source.http.Secret.of(KrakenVenue.API_KEY))
            .apiSecret(dev.balancekit.source.http.Secret.of(KrakenVenue.API_SECRET))
            .restUrl(venue.rest.baseUrl())
            .build();
    try {
      AccountBalances first = fetch(fetchingAssets.rest());
      fetch(fetchingAssets.rest());

      assertThat(first.find("BTC").orElseThrow().asset())
          .isEqualTo(dev.balancekit.Asset.of("BTC", 10));
      assertThat(first.find("USD").orElseThrow().asset())
          .isEqualTo(dev.balancekit.Asset.of("USD", 4));
      assertThat(venue.rest.findAll(getRequestedFor(urlEqualTo("/0/public/Assets")))).hasSize(1);
    } finally {
      fetchingAssets.close();
    }
  }

  @Test
  void krakensRateLimitErrorIsRetriedAfterTheBackoffAndReportedAsDegraded() {
    venue.rest.stubFor(
        post(urlEqualTo("/0/private/BalanceEx"))
            .inScenario("limited")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(fixture("rest-error-rate-limit.json")))
            .willSetStateTo("ok"));
    venue.rest.stubFor(
        post(urlEqualTo("/0/private/BalanceEx"))
            .inScenario("limited")
            .whenScenarioStateIs("ok")
            .willReturn(json(fixture("rest-balance-ex.json"))));
    RecordingSink sink = new RecordingSink();
    kraken.rest().attach(sink);

    AccountBalances balances = fetch();

    assertThat(balances.find("BTC")).isPresent();
    assertThat(venue.balanceExCalls()).isEqualTo(2);
    Await.until(
        "the rate limit is reported", () -> sink.saw(SourceState.LIVE, SourceState.DEGRADED));
  }

  @Test
  void aPersistentRateLimitFailsWithTheTypedKindAndTheRestSourceIsDegraded() {
    venue.balanceEx(fixture("rest-error-rate-limit.json"));

    Throwable failure = failure(kraken.rest());

    assertThat(failure).isInstanceOf(HttpSourceException.class);
    assertThat(((HttpSourceException) failure).kind())
        .isEqualTo(HttpSourceException.Kind.RATE_LIMITED);
    assertThat(((HttpSourceException) failure).retryAfter()).isPresent();
    assertThat(venue.balanceExCalls()).as("three attempts in all").isEqualTo(3);
  }

  @Test
  void http429WithRetryAfterIsHonouredByThePlumbing() {
    venue.rest.stubFor(
        post(urlEqualTo("/0/private/BalanceEx"))
            .inScenario("429")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
            .willSetStateTo("ok"));
    venue.rest.stubFor(
        post(urlEqualTo("/0/private/BalanceEx"))
            .inScenario("429")
            .whenScenarioStateIs("ok")
            .willReturn(json(fixture("rest-balance-ex.json"))));
    RecordingSink sink = new RecordingSink();
    kraken.rest().attach(sink);

    assertThat(fetch().find("USD")).isPresent();
    assertThat(venue.balanceExCalls()).isEqualTo(2);
    assertThat(sink.changes).anySatisfy(c -> assertThat(c.reason()).contains("HTTP 429"));
  }

  @Test
  void refusedCredentialsFailAsAuthFailedWithoutRetryOrSecrets() {
    venue.balanceEx("{\"error\":[\"EAPI:Invalid key\"]}");

    Throwable failure = failure(kraken.rest());

    assertThat(failure).isInstanceOf(HttpSourceException.class);
    assertThat(((HttpSourceException) failure).kind())
        .isEqualTo(HttpSourceException.Kind.AUTH_FAILED);
    assertThat(venue.balanceExCalls()).isEqualTo(1);
    assertThat(failure.getMessage()).doesNotContain("LEAKCHECK");
  }

  @Test
  void invalidNonceOutagesAndOtherErrorsHaveTheirOwnTypes() {
    venue.balanceEx("{\"error\":[\"EAPI:Invalid nonce\"]}");
    Throwable nonce = failure(kraken.rest());
    venue.balanceEx("{\"error\":[\"EService:Unavailable\"]}");
    Throwable outage = failure(kraken.rest());
    venue.balanceEx(
        "{\"error\":[\"EGeneral:Invalid arguments\", \"secret LEAKCHECK echoed <script>\"]}");
    Throwable other = failure(kraken.rest());

    assertThat(nonce).isInstanceOf(KrakenApiException.class).hasMessageContaining("nonce window");
    assertThat(((KrakenApiException) nonce).kind())
        .isEqualTo(KrakenApiException.Kind.INVALID_NONCE);
    assertThat(outage)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("EService:Unavailable");
    assertThat(other).isInstanceOf(KrakenApiException.class);
    assertThat(((KrakenApiException) other).kind()).isEqualTo(KrakenApiException.Kind.REJECTED);
    assertThat(((KrakenApiException) other).errors())
        .containsExactly("EGeneral:Invalid arguments", KrakenErrors.UNRECOGNISED);
    assertThat(other.getMessage()).doesNotContain("LEAKCHECK");
  }

  @Test
  void warningsAloneAreNotFailures() {
    venue.balanceEx(
        "{\"error\":[\"WGeneral:Deprecated field\"],\"result\":{\"XXBT\":{\"balance\":\"1\"}}}");

    assertThat(fetch().find("BTC")).isPresent();
  }

  @Test
  void anotherAccountIsNotServed() {
    AccountRef other = AccountRef.of("kraken", "someone-else");

    assertThat(kraken.rest().supports(other)).isFalse();
    assertThatThrownBy(() -> kraken.rest().fetch(other).join())
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(venue.balanceExCalls()).isZero();
  }

  @Test
  void aBodyThatIsNotJsonIsMalformedAndQuotesNothing() {
    venue.balanceEx(
        aResponse()
            .withStatus(200)
            .withBody("<html>LEAKCHECK oops".getBytes(StandardCharsets.UTF_8)));

    Throwable failure = failure(kraken.rest());

    assertThat(failure)
        .isInstanceOf(HttpSourceException.class)
        .hasMessageNotContaining("LEAKCHECK");
  }
}
