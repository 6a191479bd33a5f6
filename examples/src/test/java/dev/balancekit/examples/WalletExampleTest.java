package dev.balancekit.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.algorand.algosdk.account.Account;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.OwnerBalances;
import dev.balancekit.source.algorand.SendCheck;
import dev.balancekit.source.hedera.HederaNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wallet example against a loopback Mirror Node and algod speaking the documented formats. */
class WalletExampleTest {
  private final WireMockServer node =
      new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

  WalletExampleTest() {
    node.start();
  }

  @AfterEach
  void stop() {
    node.stop();
  }

  private static String fixture(String path) throws IOException {
    try (InputStream in = WalletExampleTest.class.getResourceAsStream("/fixtures/" + path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  @Test
  void readsAUsersAccountsOnBothChainsAndChecksASendWithoutSigning() throws Exception {
    String algorandAddress = "FJH4NJ5WEEGPZSNF4ZIJBJEQFXYDTAV3ZK62IPRQIHIR4RPTPUT4Y6RPWE";
    node.stubFor(
        get(urlPathEqualTo("/api/v1/accounts/0.0.8"))
            .willReturn(json(fixture("hedera/mirror-account.json"))));
    node.stubFor(
        get(urlPathEqualTo("/api/v1/accounts/0.0.8/tokens"))
            .willReturn(
                json(
                    "{\"tokens\":[{\"token_id\":"
                        + "\"0.0.99999\",\"balance\":88,\"decimals\":2}],\"links\":{\"next\":null}}")));
    node.stubFor(
        get(urlPathEqualTo("/v2/accounts/" + algorandAddress))
            .willReturn(json(fixture("algorand/algod-account.json"))));
    node.stubFor(
        get(urlPathEqualTo("/v2/assets/737034321"))
            .willReturn(
                json(fixture("algorand/algod-asset-usdc.json").replace("31566704", "737034321"))));
    node.stubFor(
        get(urlPathEqualTo("/v2/transactions/params"))
            .willReturn(json(fixture("algorand/algod-transaction-params.json"))));

    try (WalletExample wallet =
        new WalletExample(HederaNetwork.TESTNET, node.baseUrl(), "testnet", node.baseUrl())) {
      wallet.link("user:42", AccountRef.of("hedera:testnet", "0.0.8"));
      wallet.link("user:42", AccountRef.of("algorand:testnet", algorandAddress));

      OwnerBalances user = wallet.balances("user:42");

      assertThat(user.accounts()).hasSize(2);
      assertThat(user.totals().get(Asset.of("HBAR", 8))).isEqualByComparingTo("0.00000080");
      assertThat(user.totals()).containsKey(Asset.of("ALGO", 6));
      assertThat(user.totals().get(Asset.of("ALGO", 6))).isEqualByComparingTo("0.2");
      assertThatThrownBy(() -> wallet.balances("user:7"))
          .isInstanceOf(AccountNotFoundException.class);

      String stranger = newAddress();
      node.stubFor(
          get(urlPathEqualTo("/v2/accounts/" + stranger))
              .willReturn(
                  json(
                      "{\"address\":\""
                          + stranger
                          + "\",\"amount\":0,\"min-balance\":100000,\"assets\":[],\"round\":1}")));
      SendCheck check = wallet.checkAlgorandSend(algorandAddress, stranger, "ALGO", "5");
      assertThat(check.refused()).isTrue();
      assertThat(String.join("\n", check.refusals())).contains("insufficient balance");
      assertThat(check.fee()).isGreaterThan(BigDecimal.ZERO);
    }
  }

  private static String newAddress() throws NoSuchAlgorithmException {
    return new Account().getAddress().toString();
  }
}
