package dev.balancekit.examples.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.balancekit.examples.cli.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.balancekit.examples.cli.CliRun.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code balancekit hedera balance} against a loopback Mirror Node (WireMock) answering with the
 * fixtures' shapes.
 */
class HederaCommandTest {
  /** fixtures/hedera/mirror-account.json */
  static final String ACCOUNT =
      "{\"transactions\":[],\"balance\":{\"balance\":80,\"timestamp\":\"0.000002345\","
          + "\"tokens\":[{\"token_id\":\"0.0.99998\",\"balance\":8},{\"token_id\":\"0.0.99999\",\"balance\":88}]},"
          + "\"account\":\"0.0.8\",\"alias\":\"KGNABD5L3ZGSRVUCSPDR7TONZSRY3D5OMEBKQMVTD2AC6JL72HMQ\","
          + "\"created_timestamp\":null,\"decline_reward\":false,\"delegation_indicator\":\"0x\",\"deleted\":false,"
          + "\"ethereum_nonce\":null,\"evm_address\":\"0xac384c53f03855fa1b3616052f8ba32c6c2a2fec\","
          + "\"expiry_timestamp\":null,\"auto_renew_period\":null,\"key\":null,\"max_automatic_token_associations\":0,"
          + "\"memo\":\"entity memo\",\"pending_reward\":0,\"receiver_sig_required\":false,\"staked_account_id\":null,"
          + "\"staked_node_id\":null,\"stake_period_start\":null,\"links\":{\"next\":null}}";

  /** fixtures/hedera/mirror-account-tokens.json, as the last page (links.next null). */
  static final String TOKENS =
      "{\"tokens\":[{\"automatic_association\":true,\"balance\":5,\"created_timestamp\":"
          + "\"123456789.000000001\",\"decimals\":3,\"freeze_status\":\"UNFROZEN\",\"kyc_status\":\"GRANTED\","
          + "\"token_id\":\"0.0.27335\"}],\"links\":{\"next\":null}}";

  /** fixtures/hedera/mirror-not-found.json */
  static final String NOT_FOUND = "{\"_status\":{\"messages\":[{\"message\":\"Not found\"}]}}";

  private final WireMockServer mirror =
      new WireMockServer(
          WireMockConfiguration.options()
              .bindAddress("127.0.0.1")
              .dynamicPort()
              .containerThreads(8)
              .jettyAcceptors(1));
  private final CliRun cli = new CliRun();

  @BeforeEach
  void start() {
    mirror.start();
    mirror.stubFor(get(urlPathEqualTo("/api/v1/accounts/0.0.8")).willReturn(json(ACCOUNT)));
    mirror.stubFor(get(urlPathEqualTo("/api/v1/accounts/0.0.8/tokens")).willReturn(json(TOKENS)));
    mirror.stubFor(
        get(urlPathEqualTo("/api/v1/accounts/0.0.9"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(NOT_FOUND)));
    mirror.stubFor(
        get(urlPathEqualTo("/api/v1/accounts/0.0.9/tokens"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(NOT_FOUND)));
  }

  @AfterEach
  void stop() {
    mirror.stop();
  }

  @Test
  void printsHbarAndTokenBalancesExactly() {
    Result json =
        cli.run(
            "hedera",
            "balance",
            "0.0.8",
            "--network",
            "testnet",
            "--mirror",
            mirror.baseUrl(),
            "--json");
    Result text =
        cli.run(
            "hedera",
            "balance",
            "0.0.8",
            "--network",
            "testnet",
            "--mirror",
            mirror.baseUrl(),
            "--token-code",
            "0.0.27335=GEM");

    assertThat(json.exit()).as(json.toString()).isZero();
    JsonNode doc = json.json();
    assertThat(doc.get("account").asText()).isEqualTo("hedera:testnet/0.0.8");
    JsonNode hbar = doc.get("balances").get(0);
    assertThat(hbar.get("asset").asText()).isEqualTo("HBAR");
    assertThat(hbar.get("total").isTextual()).isTrue();
    assertThat(hbar.get("total").asText()).isEqualTo("0.00000080");
    JsonNode token = doc.get("balances").get(1);
    assertThat(token.get("tokenId").asText()).isEqualTo("0.0.27335");
    assertThat(token.get("total").asText()).isEqualTo("0.005");
    assertThat(text.exit()).as(text.toString()).isZero();
    assertThat(text.out()).contains("GEM    0.0.27335");
  }

  @Test
  void theMirrorUrlComesFromTheEnvironment() {
    Result r =
        new CliRun()
            .env("BALANCEKIT_MIRROR_URL", mirror.baseUrl())
            .env("BALANCEKIT_HEDERA_NETWORK", "testnet")
            .run("hedera", "balance", "0.0.8", "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.json().get("network").asText()).isEqualTo("testnet");
  }

  @Test
  void anAccountTheMirrorDoesNotKnowIsExitOne() {
    Result r =
        cli.run("hedera", "balance", "0.0.9", "--network", "testnet", "--mirror", mirror.baseUrl());

    assertThat(r.exit()).as(r.toString()).isEqualTo(BalanceKitCli.REFUSED);
    assertThat(r.oneErrorLine()).startsWith("balancekit hedera balance: ").contains("0.0.9");
  }

  @Test
  void badInputIsAUsageError() {
    Result account =
        cli.run("hedera", "balance", "0.0.x", "--network", "testnet", "--mirror", mirror.baseUrl());
    Result network = cli.run("hedera", "balance", "0.0.8", "--network", "moon");

    assertThat(account.exit()).isEqualTo(BalanceKitCli.USAGE);
    assertThat(account.oneErrorLine()).contains("shard.realm.num");
    assertThat(network.exit()).isEqualTo(BalanceKitCli.USAGE);
    assertThat(network.oneErrorLine()).contains("--network must be mainnet, testnet or previewnet");
    assertThat(mirror.getAllServeEvents()).isEmpty();
  }
}
