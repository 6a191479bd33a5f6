package dev.balancekit.examples.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.balancekit.examples.cli.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.balancekit.examples.cli.CliRun.Result;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code balancekit kraken balances} against a loopback Kraken REST API (WireMock) answering with
 * the fixtures.
 */
class KrakenCommandTest {
  static final String API_KEY = "LEAKCHECK-kraken-key-3c1d";
  static final byte[] SECRET_BYTES =
      "LEAKCHECK-kraken-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final String API_SECRET = Base64.getEncoder().encodeToString(SECRET_BYTES);

  private final WireMockServer kraken =
      new WireMockServer(
          WireMockConfiguration.options()
              .bindAddress("127.0.0.1")
              .dynamicPort()
              .containerThreads(8)
              .jettyAcceptors(1));
  private final CliRun cli =
      new CliRun()
          .env("BALANCEKIT_KRAKEN_API_KEY", API_KEY)
          .env("BALANCEKIT_KRAKEN_API_SECRET", API_SECRET);

  @BeforeEach
  void start() {
    kraken.start();
    kraken.stubFor(get(urlEqualTo("/0/public/Assets")).willReturn(json(Fixtures.KRAKEN_ASSETS)));
    kraken.stubFor(
        post(urlEqualTo("/0/private/BalanceEx"))
            .withHeader("API-Key", equalTo(API_KEY))
            .withHeader("API-Sign", matching("[A-Za-z0-9+/=]{88}"))
            .willReturn(json(Fixtures.KRAKEN_BALANCE_EX)));
  }

  @AfterEach
  void stop() {
    kraken.stop();
  }

  @Test
  void printsAssetTotalAvailableAndHeldFromOneSignedBalanceExCall() throws Exception {
    Result r =
        cli.run(
            "kraken",
            "balances",
            "--kraken-rest",
            kraken.baseUrl(),
            "--kraken-ws",
            "ws://127.0.0.1:1/v2");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().lines().skip(1))
        .containsExactly(
            "ASSET         TOTAL     AVAILABLE          HELD",
            "BTC    1.2435000000  0.4012000000  0.8423000000",
            "USD      25435.2100    17185.4500     8249.7600");
    List<LoggedRequest> calls =
        kraken.findAll(postRequestedFor(urlEqualTo("/0/private/BalanceEx")));
    assertThat(calls).hasSize(1);
    LoggedRequest call = calls.get(0);
    assertThat(call.getHeader("API-Sign"))
        .isEqualTo(sign("/0/private/BalanceEx", call.getBodyAsString()));
    assertThat(r.out() + r.err()).doesNotContain(API_KEY).doesNotContain(API_SECRET);
  }

  @Test
  void jsonHasExactAmountsAsStrings() {
    kraken.stubFor(
        post(urlEqualTo("/0/private/BalanceEx"))
            .willReturn(json(Fixtures.KRAKEN_BALANCE_EX_STRINGS)));

    Result r = cli.run("kraken", "balances", "--kraken-rest", kraken.baseUrl(), "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode doc = r.json();
    assertThat(doc.get("account").asText()).isEqualTo("kraken/main");
    assertThat(doc.get("source").asText()).isEqualTo("kraken-rest");
    JsonNode btc = doc.get("balances").get(0);
    assertThat(btc.get("asset").asText()).isEqualTo("BTC");
    assertThat(btc.get("scale").asInt()).isEqualTo(10);
    assertThat(btc.get("total").isTextual()).isTrue();
    assertThat(btc.get("total").asText()).isEqualTo("2.1031709100");
    assertThat(btc.get("available").asText()).isEqualTo("1.9630709100");
    assertThat(btc.get("held").asText()).isEqualTo("0.1401000000");
    JsonNode usd = doc.get("balances").get(1);
    assertThat(usd.get("total").asText()).isEqualTo("124.7277");
    assertThat(usd.get("held").asText()).isEqualTo("0.0000");
    assertThat(doc.get("skippedUnknownAssets").asLong()).isZero();
  }

  @Test
  void configuredAssetsSkipTheAssetsEndpointAndTheRestIsSkippedAndCounted() {
    Result r =
        cli.run(
            "kraken", "balances", "--kraken-rest", kraken.baseUrl(), "--asset", "BTC:10", "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.json().get("balances")).hasSize(1);
    assertThat(r.json().get("skippedUnknownAssets").asLong()).isEqualTo(1);
    assertThat(
            kraken.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    urlEqualTo("/0/public/Assets"))))
        .isEmpty();
  }

  @Test
  void theRestUrlComesFromTheEnvironmentWhenNoFlagGivesIt() {
    cli.env("BALANCEKIT_KRAKEN_REST_URL", kraken.baseUrl());

    Result r = cli.run("kraken", "balances", "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.json().get("balances")).hasSize(2);
  }

  @Test
  void aMissingKeyIsAUsageErrorAndNothingIsCalled() {
    Result r =
        new CliRun()
            .env("BALANCEKIT_KRAKEN_API_SECRET", API_SECRET)
            .run("kraken", "balances", "--kraken-rest", kraken.baseUrl());

    assertThat(r.exit()).isEqualTo(BalanceKitCli.USAGE);
    assertThat(r.oneErrorLine())
        .startsWith("balancekit kraken balances: BALANCEKIT_KRAKEN_API_KEY is not set");
    assertThat(kraken.getAllServeEvents()).isEmpty();
  }

  @Test
  void keysAreNeverTakenFromArguments() {
    Result r = cli.run("kraken", "balances", "--api-key", API_KEY);

    assertThat(r.exit()).isEqualTo(BalanceKitCli.USAGE);
    assertThat(r.oneErrorLine()).contains("Unknown option: '--api-key'").doesNotContain(API_KEY);
  }

  @Test
  void aSecretThatIsNotBase64IsAUsageErrorThatDoesNotRepeatIt() {
    Result r =
        new CliRun()
            .env("BALANCEKIT_KRAKEN_API_KEY", API_KEY)
            .env("BALANCEKIT_KRAKEN_API_SECRET", "LEAKCHECK not base64 !!")
            .run("kraken", "balances", "--kraken-rest", kraken.baseUrl());

    assertThat(r.exit()).isEqualTo(BalanceKitCli.USAGE);
    assertThat(r.oneErrorLine()).doesNotContain("LEAKCHECK");
  }

  @Test
  void aRefusedKeyIsAUsageError() {
    kraken.stubFor(
        post(urlEqualTo("/0/private/BalanceEx")).willReturn(json(Fixtures.KRAKEN_INVALID_KEY)));

    Result r = cli.run("kraken", "balances", "--kraken-rest", kraken.baseUrl());

    assertThat(r.exit()).as(r.toString()).isEqualTo(BalanceKitCli.USAGE);
    assertThat(r.oneErrorLine()).contains("check the key").doesNotContain(API_KEY);
  }

  @Test
  void anUnreachableEndpointIsUnavailableWithExitThree() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }

    Result r =
        cli.run(
            "kraken",
            "balances",
            "--kraken-rest",
            "http://127.0.0.1:" + closedPort,
            "--timeout",
            "3s",
            "--json");

    assertThat(r.exit()).as(r.toString()).isEqualTo(BalanceKitCli.UNAVAILABLE);
    assertThat(r.oneErrorLine()).startsWith("balancekit kraken balances: ");
    assertThat(r.json().at("/error/kind").asText()).isEqualTo("unavailable");
  }

  @Test
  void aMalformedUrlIsAUsageError() {
    Result r = cli.run("kraken", "balances", "--kraken-rest", "ftp://example");

    assertThat(r.exit()).isEqualTo(BalanceKitCli.USAGE);
    assertThat(r.oneErrorLine()).contains("restUrl must be an http(s) URL");
  }

  /** Kraken's signature: base64(HMAC-SHA512(secret, path + SHA256(nonce + body))). */
  private static String sign(String path, String body) throws Exception {
    String nonce = body.replaceFirst("^nonce=(\\d+).*$", "$1");
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest((nonce + body).getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA512");
    mac.init(new SecretKeySpec(SECRET_BYTES, "HmacSHA512"));
    mac.update(path.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(mac.doFinal(digest));
  }
}
