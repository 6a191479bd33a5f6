package dev.balancekit.source.kraken;

import static dev.balancekit.source.kraken.KrakenVenue.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.balancekit.AccountBalances;
import dev.balancekit.Balance;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.http.FuzzVenue;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.source.http.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A whole {@code BalanceEx} fetch of {@link KrakenSource#rest()} against a loopback Kraken
 * answering 200 with any body: Kraken's error array, the {@code result} object, REST codes and
 * wallet suffixes, amounts as numbers or strings. The future completes with a complete snapshot
 * whose amounts have their assets' scales, or fails with {@link HttpSourceException}, {@link
 * KrakenApiException} or {@link SourceUnavailableException}, whose messages hold no secret; never
 * anything else.
 */
class KrakenBalanceExFuzzTest {
  private static volatile byte[] answer = new byte[0];
  private static FuzzVenue venue;
  private static KrakenSource kraken;

  static Stream<byte[]> seeds() {
    return Stream.of(
            fixture("rest-balance-ex.json"),
            fixture("rest-balance-ex-strings.json"),
            fixture("rest-error-rate-limit.json"),
            "{\"error\":[\"EAPI:Invalid key\"]}",
            "{\"error\":[\"EGeneral:Internal error LEAKCHECK-apikey-5f2b9c\"]}",
            "{\"error\":[\"WGeneral:Warning\"],\"result\":{\"XXBT\":{\"balance\":\"1\"}}}",
            "{\"error\":[],\"result\":{\"XXBT\":{\"balance\":\"1.5\",\"hold_trade\":\"0.5\","
                + "\"credit\":\"2\",\"credit_used\":\"1\"},\"XBT.F\":{\"balance\":\"0.25\"},"
                + "\"XXBT.B\":{\"balance\":0.1},\"ETH.S\":{\"balance\":\"1e3\"},"
                + "\"DOGE\":{\"balance\":\"1\"},\".F\":{\"balance\":\"1\"},\"XXBT.Q\":{}}}",
            "{\"error\":[],\"result\":{\"XXBT\":{\"balance\":\"1\"},\"XBT\":{\"balance\":\"2\"}}}",
            "{\"error\":[],\"result\":{\"ZUSD\":{\"balance\":\"0.00001\"}}}",
            "{\"error\":[],\"result\":{\"ZUSD\":{\"balance\":\"LEAKCHECK-token-1\"}}}",
            "{\"error\":[],\"result\":{\"ZUSD\":{\"balance\":1e-2147483648}}}",
            "{\"error\":[],\"result\":[]}",
            "{\"error\":{},\"result\":{}}",
            "")
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "2s")
  void balanceEx(byte @NotNull [] body) throws InterruptedException {
    answer = body;
    AccountBalances view;
    try {
      view = kraken().rest().fetch(KrakenVenue.ACCOUNT).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException failed) {
      Throwable e = failed.getCause();
      assertThat(e)
          .isInstanceOfAny(
              HttpSourceException.class,
              KrakenApiException.class,
              SourceUnavailableException.class);
      assertThat(e.getMessage())
          .doesNotContain(KrakenVenue.API_KEY)
          .doesNotContain(KrakenVenue.API_SECRET)
          .doesNotContain(KrakenVenue.TOKEN_PREFIX);
      if (e instanceof SourceUnavailableException) {
        reset(); // the breaker opened, or a rate-limit pause: start afresh
      }
      return;
    } catch (TimeoutException e) {
      throw new AssertionError("fetch did not complete within 30 s", e);
    }
    assertThat(view.isComplete()).isTrue();
    for (Balance b : view.balances()) {
      int scale = b.asset().scale();
      assertThat(b.total().scale()).isEqualTo(scale);
      assertThat(b.wallets().values()).allMatch(w -> w.scale() == scale);
      b.available().ifPresent(a -> assertThat(a.scale()).isEqualTo(scale));
      b.held().ifPresent(h -> assertThat(h.scale()).isEqualTo(scale));
      assertThat(b.held().isPresent()).isEqualTo(b.available().isPresent());
    }
  }

  private static synchronized KrakenSource kraken() {
    if (venue == null) {
      venue = new FuzzVenue("kraken");
      venue.answer("/0/private/BalanceEx", request -> FuzzVenue.json(answer));
    }
    venue.beginExecution();
    if (kraken == null) {
      kraken =
          KrakenSource.builder()
              .account(KrakenVenue.ACCOUNT)
              .apiKey(Secret.of(KrakenVenue.API_KEY))
              .apiSecret(Secret.of(KrakenVenue.API_SECRET))
              .restUrl(venue.url().toString())
              .venueConfig(FuzzVenue.config("kraken").build())
              .assets(KrakenVenue.BTC, KrakenVenue.USD, KrakenVenue.MATIC, KrakenVenue.ETH)
              .rateLimitBackoff(Duration.ofMillis(1))
              .build();
    }
    return kraken;
  }

  private static synchronized void reset() {
    kraken.close();
    kraken = null;
  }
}
