package dev.balancekit.source.algorand;

import static dev.balancekit.source.algorand.FakeAlgod.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.Balance;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.http.HttpSourceException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A whole {@link AlgorandSource#fetch} against a loopback algod whose {@code
 * /v2/accounts/{address}} and {@code /v2/assets/{id}} answers come from the fuzzer (status 200 or
 * 404, with or without {@code Content-Type}), decoded by algosdk as in production. The future
 * completes with a complete snapshot (ALGO first at 6 decimals, held + available = total; ASAs at
 * their decimals, at most 19) or fails with {@link AccountNotFoundException}, {@link
 * HttpSourceException} or {@link SourceUnavailableException}; never anything else. A fresh source
 * per input: the asset cache starts empty.
 */
class AlgodAccountFuzzTest {
  private static final String ADDRESS =
      "FJH4NJ5WEEGPZSNF4ZIJBJEQFXYDTAV3ZK62IPRQIHIR4RPTPUT4Y6RPWE";
  static final AccountRef ACCOUNT = AccountRef.of(FakeAlgod.VENUE, ADDRESS);
  private static volatile Answer account = new Answer(200, true, "");
  private static volatile Answer asset = new Answer(200, true, "");
  private static HttpServer algod;

  private record Answer(int status, boolean contentType, String body) {}

  static Stream<Arguments> seeds() {
    String accountBody = fixture("algod-account.json");
    String usdc = fixture("algod-asset-usdc.json");
    return Stream.of(
        Arguments.of(0, accountBody, usdc),
        Arguments.of(4, accountBody, usdc),
        Arguments.of(1, accountBody, usdc),
        Arguments.of(2, accountBody, usdc),
        Arguments.of(
            0, accountBody.replace("\"amount\":2,", "\"amount\":18446744073709551615,"), usdc),
        Arguments.of(
            0, accountBody.replace("\"amount\":2,", "\"amount\":18446744073709551616,"), usdc),
        Arguments.of(0, accountBody.replace("\"amount\":200000,", "\"amount\":-1,"), usdc),
        Arguments.of(0, accountBody.replace(",\"min-balance\":200000", ""), usdc),
        Arguments.of(
            0, accountBody.replace("\"min-balance\":200000", "\"min-balance\":300000"), usdc),
        Arguments.of(0, accountBody.replace("\"is-frozen\":false", "\"is-frozen\":true"), usdc),
        Arguments.of(0, accountBody, usdc.replace("\"decimals\":6", "\"decimals\":20")),
        Arguments.of(0, accountBody, usdc.replace("\"decimals\":6", "\"decimals\":-1")),
        Arguments.of(
            0, accountBody, usdc.replace("\"unit-name\":\"USDC\"", "\"unit-name\":\"U S\"")),
        Arguments.of(
            0,
            accountBody.replace(
                "\"assets\":[{\"amount\":2,\"asset-id\":737034321,\"is-frozen\":false}]",
                "\"assets\":[{\"amount\":2,\"asset-id\":1,\"is-frozen\":false},"
                    + "{\"amount\":3,\"asset-id\":2,\"is-frozen\":false}]"),
            usdc),
        Arguments.of(0, accountBody.replace("\"round\":50893756", "\"round\":-5"), usdc),
        Arguments.of(0, "{", usdc),
        Arguments.of(3, "", ""));
  }

  /**
   * @param flags bit 0: account answers 404; bit 1: asset answers 404; bit 2: no Content-Type
   */
  @MethodSource("seeds")
  @FuzzTest(maxDuration = "2s")
  void fetch(
      @InRange(min = 0, max = 7) int flags, @NotNull String accountBody, @NotNull String assetBody)
      throws InterruptedException {
    AlgorandSource source = serve(flags, accountBody, assetBody);
    try {
      AccountBalances view;
      try {
        view = source.fetch(ACCOUNT).get(60, TimeUnit.SECONDS);
      } catch (ExecutionException failed) {
        Throwable e = failed.getCause();
        assertThat(e)
            .isInstanceOfAny(
                AccountNotFoundException.class,
                HttpSourceException.class,
                SourceUnavailableException.class);
        assertThat(e.getMessage()).doesNotContain(FakeAlgod.API_TOKEN);
        return;
      } catch (TimeoutException e) {
        throw new AssertionError("fetch did not complete within 60 s", e);
      }
      check(view);
    } finally {
      source.close();
    }
  }

  private static void check(AccountBalances view) {
    assertThat(view.isComplete()).isTrue();
    Balance algo = view.balances().iterator().next();
    assertThat(algo.asset()).isEqualTo(FakeAlgod.ALGO);
    for (Balance b : view.balances()) {
      int scale = b.asset().scale();
      assertThat(scale).isBetween(0, 19);
      assertThat(b.total().scale()).isEqualTo(scale);
      assertThat(b.total().signum()).isNotNegative();
      if (b.available().isPresent() || b.held().isPresent()) {
        assertThat(b.available().orElseThrow().add(b.held().orElseThrow())).isEqualTo(b.total());
        assertThat(b.available().orElseThrow().signum()).isNotNegative();
      }
    }
  }

  /** A fresh source on the loopback algod, which will answer as the arguments say. */
  static AlgorandSource serve(int flags, String accountBody, String assetBody) {
    boolean contentType = (flags & 4) == 0;
    account = new Answer((flags & 1) != 0 ? 404 : 200, contentType, accountBody);
    asset = new Answer((flags & 2) != 0 ? 404 : 200, contentType, assetBody);
    return source();
  }

  private static synchronized AlgorandSource source() {
    if (algod == null) {
      // Without it every answer waits out the client's delayed ACK.
      System.setProperty("sun.net.httpserver.nodelay", "true");
      try {
        algod = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      algod.createContext("/v2/accounts/", x -> respond(x, account));
      algod.createContext("/v2/assets/", x -> respond(x, asset));
      algod.start();
    }
    int port = algod.getAddress().getPort();
    try {
      SilentCloseable unused =
          BugDetectors.allowNetworkConnections(
              (host, p) -> p == port && ("127.0.0.1".equals(host) || "localhost".equals(host)));
    } catch (IllegalStateException noAgent) {
      // Not run by Jazzer: no SSRF detector to tell.
    }
    return AlgorandSource.builder()
        .network("testnet")
        .algodUrl("http://127.0.0.1:" + port)
        .apiToken(dev.balancekit.source.http.Secret.of(FakeAlgod.API_TOKEN))
        .requestTimeout(Duration.ofSeconds(10))
        .threads(1)
        .build();
  }

  private static void respond(HttpExchange exchange, Answer answer) throws IOException {
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    if (answer.contentType()) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
