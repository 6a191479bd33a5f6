package dev.balancekit.source.binance;

import static dev.balancekit.source.binance.TestVenue.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.balancekit.AccountBalances;
import dev.balancekit.Balance;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.ManualClock;
import dev.balancekit.source.http.FuzzVenue;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.source.http.Secret;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A whole {@code GET /api/v3/account} of {@link BinanceSource#rest()} against a loopback Binance
 * answering with any status of a few, any {@code X-MBX-USED-WEIGHT-1M} header and any body. The
 * future completes with a complete snapshot (total = free + locked, at the assets' scales) or fails
 * with {@link HttpSourceException}, {@link BinanceApiException} or {@link
 * SourceUnavailableException}, whose messages hold no secret; never anything else.
 */
class BinanceRestFuzzTest {
  private static final String LEAK = "LEAKCHECK-echo-2c7e";
  private static final int[] STATUSES = {200, 200, 200, 400, 401, 403, 404, 500};
  private static final ManualClock CLOCK = ManualClock.at(TestVenue.START);
  private static volatile MockResponse answer = new MockResponse();
  private static volatile String signature; // of the last request
  private static FuzzVenue venue;
  private static BinanceSource binance;

  static Stream<Arguments> seeds() {
    return Stream.of(
        Arguments.of(0, "5", fixture("rest-account.json")),
        Arguments.of(0, "5980", fixture("rest-account.json")),
        Arguments.of(0, "9223372036854775807", fixture("rest-account.json")),
        Arguments.of(0, " x ", "{\"updateTime\":77,\"balances\":[" + restBalances() + "]}"),
        Arguments.of(0, "", "{\"updateTime\":-1,\"balances\":[]}"),
        Arguments.of(0, "", "{\"updateTime\":1e3,\"balances\":[]}"),
        Arguments.of(0, "", "{\"balances\":[{\"asset\":\"BTC\",\"free\":\"1\"}]}"),
        Arguments.of(0, "", "{\"balances\":[{\"asset\":\"BTC\",\"free\":1E+30,\"locked\":1}]}"),
        Arguments.of(0, "", "{\"balances\":[{\"asset\":\"ETH\",\"free\":\"1\",\"locked\":\"x\"}]}"),
        Arguments.of(0, "", "{\"balances\":{}}"),
        Arguments.of(0, "", "{\"balances\":[{\"asset\":\"" + LEAK + "\",\"free\":\"1\"}]}"),
        Arguments.of(3, "", "{\"code\":-1100,\"msg\":\"Illegal characters in " + LEAK + "\"}"),
        Arguments.of(
            3, "", "{\"code\":-1022,\"msg\":\"Signature for this request is not valid.\"}"),
        Arguments.of(3, "", "{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions.\"}"),
        Arguments.of(3, "", "{\"code\":-1021,\"msg\":\"Timestamp outside of the recvWindow.\"}"),
        Arguments.of(3, "", "{\"code\":2147483648}"),
        Arguments.of(4, "", "{}"),
        Arguments.of(7, "", "<html>"),
        Arguments.of(0, "", ""));
  }

  private static String restBalances() {
    return TestVenue.restBalance("BTC", "1.25000000", "0.50000000")
        + ","
        + TestVenue.restBalance("USDT", "0.000000001", "0");
  }

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "2s")
  void account(
      @InRange(min = 0, max = 7) int status, @NotNull String usedWeight, @NotNull String body)
      throws InterruptedException {
    MockResponse response =
        FuzzVenue.json(body.getBytes(StandardCharsets.UTF_8)).setResponseCode(STATUSES[status & 7]);
    if (!usedWeight.isEmpty()) {
      try {
        response.setHeader("X-MBX-USED-WEIGHT-1M", usedWeight);
      } catch (IllegalArgumentException notAHeaderValue) {
        // Not something a server could send.
      }
    }
    answer = response;
    signature = null;
    AccountBalances view;
    try {
      view = binance().rest().fetch(TestVenue.ACCOUNT).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException failed) {
      Throwable e = failed.getCause();
      assertThat(e)
          .isInstanceOfAny(
              HttpSourceException.class,
              BinanceApiException.class,
              SourceUnavailableException.class);
      assertThat(e.getMessage())
          .doesNotContain(TestVenue.API_KEY)
          .doesNotContain(TestVenue.SECRET_KEY)
          .doesNotContain(signature == null ? TestVenue.SECRET_KEY : signature);
      assertThat(e.getMessage()).doesNotContain(LEAK);
      if (e instanceof SourceUnavailableException) {
        reset(); // paused for the used weight, or the breaker opened: start afresh
      }
      return;
    } catch (TimeoutException e) {
      throw new AssertionError("fetch did not complete within 30 s", e);
    }
    assertThat(STATUSES[status & 7]).isEqualTo(200);
    assertThat(view.isComplete()).isTrue();
    for (Balance b : view.balances()) {
      int scale = b.asset().scale();
      assertThat(b.total().scale()).isEqualTo(scale);
      assertThat(b.available().orElseThrow().add(b.held().orElseThrow())).isEqualTo(b.total());
    }
  }

  private static synchronized BinanceSource binance() {
    if (venue == null) {
      venue = new FuzzVenue("binance");
      venue.answer(
          "/api/v3/account",
          request -> {
            signature = request.getRequestUrl().queryParameter("signature");
            return answer;
          });
    }
    venue.beginExecution();
    if (binance == null) {
      binance =
          BinanceSource.builder()
              .account(TestVenue.ACCOUNT)
              .apiKey(Secret.of(TestVenue.API_KEY))
              .secretKey(Secret.of(TestVenue.SECRET_KEY))
              .asset(TestVenue.BTC)
              .asset(TestVenue.ETH)
              .asset(TestVenue.USDT)
              .restBaseUrl(venue.url().toString())
              .venueConfig(FuzzVenue.config("binance").build())
              .clock(CLOCK)
              .build();
    }
    return binance;
  }

  private static synchronized void reset() {
    binance.close();
    binance = null;
  }
}
