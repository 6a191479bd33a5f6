package dev.balancekit.source.algorand;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.balancekit.source.algorand.FakeAlgod.ALGO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.source.http.HttpSourceException;
import java.math.BigDecimal;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlgorandBalancesTest {
  /** The address of the fixture account. */
  private static final String FIXTURE_ADDRESS =
      "FJH4NJ5WEEGPZSNF4ZIJBJEQFXYDTAV3ZK62IPRQIHIR4RPTPUT4Y6RPWE";

  private static final AccountRef FIXTURE = AccountRef.of(FakeAlgod.VENUE, FIXTURE_ADDRESS);

  private final FakeAlgod algod = new FakeAlgod();
  private final AlgorandSource source = algod.source().build();

  @AfterEach
  void close() {
    source.close();
    algod.close();
  }

  private AccountBalances fetch(AccountRef account) throws Exception {
    return source.fetch(account).get(10, TimeUnit.SECONDS);
  }

  private Throwable failure(AccountRef account) {
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> source.fetch(account).get(10, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void readsTheFixtureAccountWithMinBalanceAsHeldAndAsaDecimalsFromAlgod() throws Exception {
    algod.server.stubFor(
        get(urlPathEqualTo("/v2/accounts/" + FIXTURE_ADDRESS))
            .willReturn(FakeAlgod.json(FakeAlgod.fixture("algod-account.json"))));
    algod.asset(737034321L, "TINY", 2);

    AccountBalances balances = fetch(FIXTURE);

    assertThat(balances.isComplete()).isTrue();
    Balance algo = balances.find("ALGO").orElseThrow();
    assertThat(algo.total()).isEqualByComparingTo("0.2");
    assertThat(algo.held()).contains(new BigDecimal("0.200000"));
    assertThat(algo.available()).contains(new BigDecimal("0.000000"));
    assertThat(algo.sequence()).hasValue(50893756L);
    Balance tiny = balances.find("TINY").orElseThrow();
    assertThat(tiny.asset()).isEqualTo(Asset.of("TINY", 2, "737034321"));
    assertThat(tiny.total()).isEqualTo(new BigDecimal("0.02"));
    assertThat(tiny.source()).isEqualTo("algorand");
  }

  @Test
  void spendableAlgoIsAmountMinusMinBalance() throws Exception {
    FakeAlgod.Key key = FakeAlgod.Key.random();
    algod.account(key.address(), 4_600_000, 100_000);

    Balance algo = fetch(key.ref()).find("ALGO").orElseThrow();

    assertThat(algo.total()).isEqualTo(new BigDecimal("4.600000"));
    assertThat(algo.available()).contains(new BigDecimal("4.500000"));
    assertThat(algo.held()).contains(new BigDecimal("0.100000"));
  }

  @Test
  void usdcHoldingOf2Pow64Minus1IsExact() throws Exception {
    FakeAlgod.Key key = FakeAlgod.Key.random();
    algod.account(key.address(), 300_000, 200_000, FakeAlgod.USDC_ID, "18446744073709551615");

    Balance usdc = fetch(key.ref()).find("USDC").orElseThrow();

    assertThat(usdc.total()).isEqualTo(new BigDecimal("18446744073709.551615"));
    assertThat(usdc.available()).contains(new BigDecimal("18446744073709.551615"));
    assertThat(usdc.asset().venueId()).contains("31566704");
  }

  @Test
  void assetDecimalsAreFetchedOnceAndKept() throws Exception {
    FakeAlgod.Key key = FakeAlgod.Key.random();
    algod.account(key.address(), 300_000, 200_000, FakeAlgod.USDC_ID, 5);

    fetch(key.ref());
    fetch(key.ref());

    algod.server.verify(1, getRequestedFor(urlPathEqualTo("/v2/assets/" + FakeAlgod.USDC_ID)));
  }

  @Test
  void neverFundedAddressIsARealZeroNotAnError() throws Exception {
    FakeAlgod.Key key = FakeAlgod.Key.random();
    algod.account(key.address(), 0, 100_000);

    Balance algo = fetch(key.ref()).find("ALGO").orElseThrow();

    assertThat(algo.total()).isEqualTo(ALGO.zero());
    assertThat(algo.available()).contains(ALGO.zero());
    assertThat(algo.held()).contains(ALGO.zero());
  }

  @Test
  void lookAlikeUnitNameGetsItsIdAppendedAndTheOlderAssetKeepsTheCode() throws Exception {
    FakeAlgod.Key key = FakeAlgod.Key.random();
    algod.asset(999_999_999L, "USDC", 2);
    algod.account(key.address(), 400_000, 300_000, FakeAlgod.USDC_ID, 1_000_000, 999_999_999L, 700);

    AccountBalances balances = fetch(key.ref());

    assertThat(balances.find("USDC").orElseThrow().asset().venueId()).contains("31566704");
    assertThat(balances.find("USDC-999999999").orElseThrow().total())
        .isEqualTo(new BigDecimal("7.00"));
  }

  @Test
  void notFoundFromAlgodIsAccountNotFound() {
    FakeAlgod.Key key = FakeAlgod.Key.random();
    algod.server.stubFor(
        get(urlPathEqualTo("/v2/accounts/" + key.address()))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\":\"account not found\"}")));

    assertThat(failure(key.ref())).isInstanceOf(AccountNotFoundException.class);
  }

  @Test
  void answerWithoutContentTypeIsMalformedNotNullOrZero() {
    FakeAlgod.Key key = FakeAlgod.Key.random();
    algod.server.stubFor(
        get(urlPathEqualTo("/v2/accounts/" + key.address()))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(FakeAlgod.accountJson(key.address(), 5_000_000, 100_000))));

    Throwable t = failure(key.ref());

    assertThat(t)
        .isInstanceOf(HttpSourceException.class)
        .hasMessageContaining("it has no Content-Type");
    assertThat(((HttpSourceException) t).kind())
        .isEqualTo(HttpSourceException.Kind.MALFORMED_RESPONSE);
  }

  @Test
  void truncatedBodyIsMalformed() {
    FakeAlgod.Key key = FakeAlgod.Key.random();
    String body = FakeAlgod.accountJson(key.address(), 5_000_000, 100_000);
    algod.server.stubFor(
        get(urlPathEqualTo("/v2/accounts/" + key.address()))
            .willReturn(FakeAlgod.json(body.substring(0, body.length() / 2))));

    Throwable t = failure(key.ref());

    assertThat(t).isInstanceOf(HttpSourceException.class);
    assertThat(((HttpSourceException) t).kind())
        .isEqualTo(HttpSourceException.Kind.MALFORMED_RESPONSE);
  }

  @Test
  void algoAmountBeyondUint64RangeOfAlgosdkIsMalformedNotWrapped() {
    FakeAlgod.Key key = FakeAlgod.Key.random();
    String body =
        FakeAlgod.accountJson(key.address(), 1, 100_000)
            .replace("\"amount\":1,", "\"amount\":18446744073709551615,");
    algod.server.stubFor(
        get(urlPathEqualTo("/v2/accounts/" + key.address())).willReturn(FakeAlgod.json(body)));

    Throwable t = failure(key.ref());

    assertThat(t).isInstanceOf(HttpSourceException.class);
    assertThat(((HttpSourceException) t).kind())
        .isEqualTo(HttpSourceException.Kind.MALFORMED_RESPONSE);
  }

  @Test
  void serverErrorIsTypedUpstreamError() {
    FakeAlgod.Key key = FakeAlgod.Key.random();
    algod.server.stubFor(
        get(urlPathEqualTo("/v2/accounts/" + key.address()))
            .willReturn(aResponse().withStatus(503).withBody("{\"message\":\"catching up\"}")));

    Throwable t = failure(key.ref());

    assertThat(t).isInstanceOf(HttpSourceException.class);
    assertThat(((HttpSourceException) t).kind()).isEqualTo(HttpSourceException.Kind.UPSTREAM_ERROR);
    assertThat(((HttpSourceException) t).status()).hasValue(503);
  }

  @Test
  void supportsOnlyItsOwnNetwork() {
    FakeAlgod.Key key = FakeAlgod.Key.random();
    AccountRef mainnet = AccountRef.of("algorand:mainnet", key.address());

    assertThat(source.supports(key.ref())).isTrue();
    assertThat(source.supports(mainnet)).isFalse();
    assertThat(source.supports(AccountRef.of("kraken", "main"))).isFalse();
    assertThat(failure(mainnet)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closedSourceSaysSoInsteadOfAnswering() {
    FakeAlgod.Key key = FakeAlgod.Key.random();
    source.close();

    assertThat(failure(key.ref()))
        .isInstanceOf(dev.balancekit.SourceUnavailableException.class)
        .hasMessageContaining("closed");
  }
}
