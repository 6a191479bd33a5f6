package dev.balancekit.source.hedera;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.balancekit.AccountRef;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.source.http.VenueConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A loopback Mirror Node on WireMock, answering with the documented fixture shapes by default. */
final class MirrorVenue implements AutoCloseable {
  /** The account the tokens fixture pages for. */
  static final AccountRef ACCOUNT = AccountRef.of("hedera:testnet", "0.0.2");

  static final String ACCOUNT_PATH = "/api/v1/accounts/0.0.2?transactions=false";
  static final String TOKENS_PATH = "/api/v1/accounts/0.0.2/tokens?limit=100";

  final WireMockServer mirror;

  MirrorVenue() {
    mirror =
        new WireMockServer(
            WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(60)
                .jettyAcceptors(1));
    mirror.start();
    // The fixtures: HBAR of the account fixture (renamed to 0.0.2) and a token relationship paged
    // once.
    answer(
        ACCOUNT_PATH,
        fixture("mirror-account.json").replace("\"account\":\"0.0.8\"", "\"account\":\"0.0.2\""));
    answer(TOKENS_PATH, fixture("mirror-account-tokens.json"));
    answer(
        "/api/v1/accounts/0.0.2/tokens?limit=1&token.id=gt:0.0.1",
        "{\"tokens\":[{\"token_id\":\"0.0.27336\","
            + "\"balance\":1234567,\"decimals\":6}],\"links\":{\"next\":null}}");
  }

  static String fixture(String name) {
    try (InputStream in = MirrorVenue.class.getResourceAsStream("/fixtures/hedera/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return mirror.baseUrl();
  }

  /** Answers GET {@code pathAndQuery} (exactly) with {@code json}. */
  void answer(String pathAndQuery, String json) {
    mirror.stubFor(get(urlEqualTo(pathAndQuery)).willReturn(json(json)));
  }

  /** Answers GET {@code pathAndQuery} with {@code response}. */
  void answer(String pathAndQuery, ResponseDefinitionBuilder response) {
    mirror.stubFor(get(urlEqualTo(pathAndQuery)).willReturn(response));
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static ResponseDefinitionBuilder notFound() {
    return aResponse()
        .withStatus(404)
        .withHeader("Content-Type", "application/json")
        .withBody(fixture("mirror-not-found.json"));
  }

  /** An account answer with {@code tinybars} and balance timestamp {@code timestamp}. */
  static String account(String id, long tinybars, String timestamp) {
    return "{\"account\":\""
        + id
        + "\",\"balance\":{\"balance\":"
        + tinybars
        + ",\"timestamp\":\""
        + timestamp
        + "\",\"tokens\":[]},\"max_automatic_token_associations\":0,\"deleted\":false,\"links\":{\"next\":null}}";
  }

  /** A last page of token relationships. */
  static String tokens(String... relationships) {
    return "{\"tokens\":[" + String.join(",", relationships) + "],\"links\":{\"next\":null}}";
  }

  static String relationship(String token, long balance, int decimals) {
    return "{\"token_id\":\""
        + token
        + "\",\"balance\":"
        + balance
        + ",\"decimals\":"
        + decimals
        + "}";
  }

  /** Stubs account {@code id} with HBAR only and no tokens. */
  void plainAccount(String id, long tinybars, String timestamp) {
    answer("/api/v1/accounts/" + id + "?transactions=false", account(id, tinybars, timestamp));
    answer("/api/v1/accounts/" + id + "/tokens?limit=100", tokens());
  }

  int calls(String pathAndQuery) {
    return settled(() -> mirror.findAll(getRequestedFor(urlEqualTo(pathAndQuery))).size());
  }

  int callsTo(String path) {
    return settled(() -> mirror.findAll(getRequestedFor(urlPathEqualTo(path))).size());
  }

  /** WireMock journals a request after answering it: a count is read once it stopped moving. */
  private static int settled(java.util.function.IntSupplier count) {
    int last = count.getAsInt();
    while (true) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return last;
      }
      int now = count.getAsInt();
      if (now == last) {
        return now;
      }
      last = now;
    }
  }

  /** Retries fast, rate limit out of the way, generous deadline. */
  static VenueConfig fastConfig() {
    return VenueConfig.custom()
        .name("hedera-testnet")
        .managerConfig(BalanceManagerConfig.custom().restTimeout(Duration.ofSeconds(5)).build())
        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
        .rateLimit(10_000, Duration.ofSeconds(1))
        .build();
  }

  HederaSource.Builder builder() {
    return HederaSource.builder()
        .network(HederaNetwork.TESTNET)
        .mirrorUrl(url())
        .venueConfig(fastConfig())
        .pollInterval(Duration.ofMillis(100));
  }

  @Override
  public void close() {
    mirror.stop();
  }
}
