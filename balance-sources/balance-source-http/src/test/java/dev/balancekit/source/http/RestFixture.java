package dev.balancekit.source.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.BalanceManagerConfig;
import java.time.Clock;
import java.time.Duration;

/** A loopback WireMock venue serving balances at {@code /accounts/{id}}, and sources reading it. */
final class RestFixture {
  static final Asset BTC = Asset.of("BTC", 8);
  static final Asset USD = Asset.of("USD", 4);
  static final AccountRef ALICE = AccountRef.of("testvenue", "alice");
  static final AccountRef BOB = AccountRef.of("testvenue", "bob");
  static final String GOOD_BODY =
      "{\"result\":[{\"asset\":\"BTC\",\"total\":\"1.50000000\",\"free\":1.2,\"locked\":\"0.3\"},"
          + "{\"asset\":\"USD\",\"total\":250.25},{\"asset\":\"DOGE\",\"total\":\"1000\"}]}";

  private RestFixture() {}

  static WireMockServer startServer() {
    WireMockServer server =
        new WireMockServer(
            WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(40)
                .jettyAcceptors(1));
    server.start();
    return server;
  }

  static JsonBalanceLayout layout() {
    return JsonBalanceLayout.custom()
        .balances("/result")
        .assetCode("/asset")
        .total("/total")
        .available("/free")
        .held("/locked")
        .asset(BTC)
        .asset(USD)
        .build();
  }

  static VenueConfig.Builder config(Duration restTimeout) {
    return VenueConfig.custom()
        .name("testvenue")
        .managerConfig(BalanceManagerConfig.custom().restTimeout(restTimeout).build())
        .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(100));
  }

  static RestBalanceSource source(VenueClient client, WireMockServer server, Clock clock) {
    return RestBalanceSource.builder()
        .client(client)
        .urlTemplate(server.baseUrl() + "/accounts/{account}?apiKey=k3y")
        .header("X-Api-Key", Secret.of("header-secret-value"))
        .layout(layout())
        .venue("testvenue")
        .clock(clock)
        .build();
  }

  static void stubAll(WireMockServer server, ResponseDefinitionBuilder response) {
    server.stubFor(get(urlPathMatching("/accounts/.*")).willReturn(response));
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
