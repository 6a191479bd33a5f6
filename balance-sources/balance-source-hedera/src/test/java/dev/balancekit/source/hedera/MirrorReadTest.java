package dev.balancekit.source.hedera;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.balancekit.source.hedera.MirrorVenue.ACCOUNT;
import static dev.balancekit.source.hedera.MirrorVenue.ACCOUNT_PATH;
import static dev.balancekit.source.hedera.MirrorVenue.TOKENS_PATH;
import static dev.balancekit.source.hedera.MirrorVenue.json;
import static dev.balancekit.source.hedera.MirrorVenue.relationship;
import static dev.balancekit.source.hedera.MirrorVenue.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.source.http.HttpSourceException;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One account read from the Mirror Node over WireMock: fixtures, paging, errors, decimals, ids. */
class MirrorReadTest {
  private final MirrorVenue venue = new MirrorVenue();
  private final HederaSource hedera = venue.builder().build();

  @AfterEach
  void close() {
    hedera.close();
    venue.close();
  }

  private AccountBalances read() {
    return Fetch.of(hedera.rest(), ACCOUNT);
  }

  private HttpSourceException malformed() {
    Throwable failure = Fetch.failure(hedera.rest(), ACCOUNT);
    assertThat(failure).isInstanceOf(HttpSourceException.class);
    HttpSourceException e = (HttpSourceException) failure;
    assertThat(e.kind()).isEqualTo(HttpSourceException.Kind.MALFORMED_RESPONSE);
    return e;
  }

  @Test
  void readsHbarFromTheAccountAndEveryTokenFromThePagedRelationships() {
    AccountBalances balances = read();

    assertThat(balances.isComplete()).isTrue();
    assertThat(balances.account()).isEqualTo(ACCOUNT);
    Balance hbar = balances.find("HBAR").orElseThrow();
    assertThat(hbar.asset()).isEqualTo(Asset.of("HBAR", 8));
    assertThat(hbar.total()).isEqualTo(new BigDecimal("0.00000080"));
    assertThat(hbar.source()).isEqualTo("hedera-testnet-mirror");
    // First page from the fixture (decimals 3), second through its relative links.next.
    assertThat(balances.find("0.0.27335").orElseThrow().total()).isEqualTo(new BigDecimal("0.005"));
    assertThat(balances.find("0.0.27335").orElseThrow().asset())
        .isEqualTo(Asset.of("0.0.27335", 3, "0.0.27335"));
    assertThat(balances.find("0.0.27336").orElseThrow().total())
        .isEqualTo(new BigDecimal("1.234567"));
    assertThat(balances.balances()).hasSize(3);
    // The account endpoint's own (capped) token list is not what the tokens are read from.
    assertThat(balances.find("0.0.99998")).isEmpty();
    assertThat(venue.calls("/api/v1/accounts/0.0.2/tokens?limit=1&token.id=gt:0.0.1")).isEqualTo(1);
  }

  @Test
  void followsRelativeLinksNextOverThreePages() {
    venue.answer(
        TOKENS_PATH,
        "{\"tokens\":["
            + relationship("0.0.100", 1, 0)
            + "],\"links\":{\"next\":\"/api/v1/accounts/0.0.2/tokens?limit=100&token.id=gt:0.0.100\"}}");
    venue.answer(
        "/api/v1/accounts/0.0.2/tokens?limit=100&token.id=gt:0.0.100",
        "{\"tokens\":["
            + relationship("0.0.200", 2, 1)
            + "],\"links\":{\"next\":\"/api/v1/accounts/0.0.2/tokens?limit=100&token.id=gt:0.0.200\"}}");
    venue.answer(
        "/api/v1/accounts/0.0.2/tokens?limit=100&token.id=gt:0.0.200",
        tokens(relationship("0.0.300", 3, 2)));

    AccountBalances balances = read();

    assertThat(balances.find("0.0.100").orElseThrow().total()).isEqualTo(new BigDecimal("1"));
    assertThat(balances.find("0.0.200").orElseThrow().total()).isEqualTo(new BigDecimal("0.2"));
    assertThat(balances.find("0.0.300").orElseThrow().total()).isEqualTo(new BigDecimal("0.03"));
    assertThat(venue.callsTo("/api/v1/accounts/0.0.2/tokens")).isEqualTo(3);
  }

  @Test
  void anUnknownAccountIsNotFoundNeverZero() {
    AccountRef unknown = AccountRef.of("hedera:testnet", "0.0.404");
    venue.answer("/api/v1/accounts/0.0.404?transactions=false", MirrorVenue.notFound());
    venue.answer("/api/v1/accounts/0.0.404/tokens?limit=100", MirrorVenue.notFound());

    Throwable failure = Fetch.failure(hedera.rest(), unknown);

    assertThat(failure).isInstanceOf(AccountNotFoundException.class);
    assertThat(((AccountNotFoundException) failure).account()).contains(unknown);
    assertThat(failure.getMessage()).contains("0.0.404").contains("hedera-testnet-mirror");
  }

  @Test
  void waitsOutA429WithRetryAfterThenSucceeds() {
    venue.mirror.stubFor(
        get(urlEqualTo(ACCOUNT_PATH))
            .inScenario("limited")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
            .willSetStateTo("open"));
    venue.mirror.stubFor(
        get(urlEqualTo(ACCOUNT_PATH))
            .inScenario("limited")
            .whenScenarioStateIs("open")
            .willReturn(json(MirrorVenue.account("0.0.2", 500, "1700000000.000000001"))));

    long start = System.nanoTime();
    AccountBalances balances = read();

    assertThat(balances.find("HBAR").orElseThrow().total()).isEqualTo(new BigDecimal("0.00000500"));
    assertThat(venue.calls(ACCOUNT_PATH)).isEqualTo(2);
    // The second call waited for Retry-After (1 s), not for the 10 ms backoff.
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(900_000_000L);
  }

  @Test
  void retriesA5xxAndSucceeds() {
    venue.mirror.stubFor(
        get(urlEqualTo(TOKENS_PATH))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("second"));
    venue.mirror.stubFor(
        get(urlEqualTo(TOKENS_PATH))
            .inScenario("flaky")
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("up"));
    venue.mirror.stubFor(
        get(urlEqualTo(TOKENS_PATH))
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(json(tokens(relationship("0.0.777", 42, 1)))));

    AccountBalances balances = read();

    assertThat(balances.find("0.0.777").orElseThrow().total()).isEqualTo(new BigDecimal("4.2"));
    assertThat(venue.calls(TOKENS_PATH)).isEqualTo(3);
  }

  @Test
  void truncatedJsonIsATypedErrorAndNoValueIsInvented() {
    venue.answer(ACCOUNT_PATH, "{\"account\":\"0.0.2\",\"balance\":{\"balance\":80,");

    HttpSourceException e = malformed();

    assertThat(e.getMessage()).contains("JSON");
    assertThat(venue.calls(ACCOUNT_PATH)).isEqualTo(1); // malformed is not retried
  }

  @Test
  void aMissingHbarBalanceIsATypedErrorNotZero() {
    venue.answer(
        ACCOUNT_PATH,
        "{\"account\":\"0.0.2\",\"balance\":{\"timestamp\":\"1.000000001\",\"tokens\":[]}}");

    assertThat(malformed().getMessage()).contains("balance.balance is missing");
  }

  @Test
  void anAnswerAboutAnotherAccountIsRefused() {
    venue.answer(ACCOUNT_PATH, MirrorVenue.account("0.0.3", 10, "1.0"));

    assertThat(malformed().getMessage()).contains("names another entity");
  }

  @Test
  void anAbsoluteLinksNextIsRefusedEvenOnTheSameHost() {
    venue.answer(
        TOKENS_PATH,
        "{\"tokens\":[],\"links\":{\"next\":\""
            + venue.url()
            + "/api/v1/accounts/0.0.2/tokens?limit=100&token.id=gt:0.0.1\"}}");

    assertThat(malformed().getMessage()).contains("links.next");
    assertThat(venue.callsTo("/api/v1/accounts/0.0.2/tokens")).isEqualTo(1);
  }

  @Test
  void aLinksNextToAnotherHostOrEndpointIsRefused() {
    for (String link :
        new String[] {
          "//evil.example/api/v1/accounts/0.0.2/tokens",
          "https://evil.example/api/v1/x",
          "/api/v1/accounts/0.0.3/tokens?limit=100",
          "/api/v1/accounts/0.0.2/tokens/../../../x",
          "/api/v1/accounts/0.0.2/tokens/%2e%2e/x",
          "/api/v1/accounts/0.0.2/tokens?limit=100"
        }) {
      venue.answer(TOKENS_PATH, "{\"tokens\":[],\"links\":{\"next\":\"" + link + "\"}}");
      // A source each: malformed answers count against the circuit breaker, which would open.
      try (HederaSource fresh = venue.builder().build()) {
        Throwable failure = Fetch.failure(fresh.rest(), ACCOUNT);

        assertThat(failure)
            .as(link)
            .isInstanceOf(HttpSourceException.class)
            .hasMessageContaining("links.next");
        assertThat(((HttpSourceException) failure).kind())
            .isEqualTo(HttpSourceException.Kind.MALFORMED_RESPONSE);
      }
    }
    assertThat(venue.mirror.getAllServeEvents())
        .allMatch(e -> e.getRequest().getUrl().startsWith("/api/v1/accounts/0.0.2"));
  }

  @Test
  void decimalsAsAStringFromTokensAndAsAnIntegerFromRelationshipsGiveTheSameAsset() {
    venue.answer(
        TOKENS_PATH,
        tokens(
            "{\"token_id\":\"0.0.5000\",\"balance\":123456}", relationship("0.0.5001", 123456, 4)));
    venue.answer(
        "/api/v1/tokens/0.0.5000",
        "{\"token_id\":\"0.0.5000\",\"symbol\":\"ABC\",\"decimals\":\"4\"}");

    AccountBalances balances = read();

    Balance fromString = balances.find("0.0.5000").orElseThrow();
    Balance fromInteger = balances.find("0.0.5001").orElseThrow();
    assertThat(fromString.asset().scale()).isEqualTo(4).isEqualTo(fromInteger.asset().scale());
    assertThat(fromString.total())
        .isEqualTo(new BigDecimal("12.3456"))
        .isEqualTo(fromInteger.total());
    // Fetched once, then known.
    read();
    assertThat(venue.calls("/api/v1/tokens/0.0.5000")).isEqualTo(1);
  }

  @Test
  void aFractionalTokenBalanceIsRefusedNotRounded() {
    venue.answer(
        TOKENS_PATH, tokens("{\"token_id\":\"0.0.5001\",\"balance\":12.5,\"decimals\":1}"));

    assertThat(malformed().getMessage()).contains("balance of token 0.0.5001").contains("fraction");
  }

  @Test
  void decimalsThatAreNotAWholeNumberAreRefused() {
    venue.answer(TOKENS_PATH, tokens("{\"token_id\":\"0.0.5000\",\"balance\":1}"));
    venue.answer("/api/v1/tokens/0.0.5000", "{\"token_id\":\"0.0.5000\",\"decimals\":\"4.5\"}");

    assertThat(malformed().getMessage()).contains("decimals of token 0.0.5000");
  }

  @Test
  void aTokenWithUnrepresentableDecimalsMakesTheViewPartialSoItsAbsenceIsNotZero() {
    venue.answer(
        TOKENS_PATH, tokens(relationship("0.0.6000", 1, 40), relationship("0.0.6001", 7, 0)));

    AccountBalances balances = read();

    assertThat(balances.isComplete()).isFalse();
    assertThat(balances.find("0.0.6001").orElseThrow().total()).isEqualTo(new BigDecimal("7"));
    assertThat(balances.get(Asset.of("0.0.6000", 30, "0.0.6000"))).isEmpty();
  }

  @Test
  void configuredTokenCodesNameTheAssetAndKeepTheTokenIdAsVenueId() {
    try (HederaSource coded = venue.builder().tokenCode("0.0.27335", "USDC").build()) {
      Balance usdc = Fetch.of(coded.rest(), ACCOUNT).find("USDC").orElseThrow();

      assertThat(usdc.asset()).isEqualTo(Asset.of("USDC", 3, "0.0.27335"));
    }
  }

  @Test
  void aChecksumIsVerifiedForTheNetworkAndTheReadAnswersForTheIdAsWritten() {
    String checksum = new EntityId(0, 0, 2).checksum(HederaNetwork.TESTNET);
    AccountRef withChecksum = AccountRef.of("hedera:testnet", "0.0.2-" + checksum);
    AccountRef mainnetChecksum =
        AccountRef.of(
            "hedera:testnet", "0.0.2-" + new EntityId(0, 0, 2).checksum(HederaNetwork.MAINNET));

    assertThat(Fetch.of(hedera.rest(), withChecksum).account()).isEqualTo(withChecksum);
    assertThat(Fetch.failure(hedera.rest(), mainnetChecksum))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checksum")
        .hasMessageContaining("hedera:testnet");
    assertThat(venue.calls(ACCOUNT_PATH)).isEqualTo(1);
  }

  @Test
  void anAccountOfAnotherNetworkIsNotServed() {
    AccountRef mainnet = AccountRef.of("hedera:mainnet", "0.0.2");

    assertThat(hedera.rest().supports(mainnet)).isFalse();
    assertThat(Fetch.failure(hedera.rest(), mainnet))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hedera:testnet");
    assertThatThrownBy(() -> hedera.rest().fetch(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void balancesCarryTheReceiptTimeAsObservedAt() {
    Instant before = Instant.now();
    Balance hbar = read().find("HBAR").orElseThrow();

    assertThat(hbar.observedAt()).isAfterOrEqualTo(before).isEqualTo(hbar.receivedAt());
  }
}
