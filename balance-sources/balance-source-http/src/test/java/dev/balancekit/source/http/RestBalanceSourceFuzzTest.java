package dev.balancekit.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Balance;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A whole {@link RestBalanceSource} fetch against a loopback venue answering 200 with any body: the
 * future completes with a complete snapshot whose balances have their assets' scales, or fails with
 * {@link HttpSourceException} of kind {@code MALFORMED_RESPONSE} whose message holds no secret
 * (header value, query value, text the body marks as secret); never another exception.
 */
class RestBalanceSourceFuzzTest {
  private static final String HEADER_SECRET = "hdr-LEAKCHECK-91c2";
  private static final String QUERY_SECRET = "qry-LEAKCHECK-5be0";
  private static final AccountRef ALICE = AccountRef.of("testvenue", "alice");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static volatile byte[] answer = new byte[0];
  private static FuzzVenue venue;
  private static VenueClient client;
  private static RestBalanceSource source;

  static Stream<byte[]> seeds() {
    return JsonBalanceLayoutFuzzTest.seeds();
  }

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "2s")
  void fetch(byte @NotNull [] body) throws InterruptedException {
    answer = body;
    AccountBalances view;
    try {
      view = source().fetch(ALICE).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException failed) {
      Throwable cause = failed.getCause();
      assertThat(cause).isInstanceOf(HttpSourceException.class);
      HttpSourceException e = (HttpSourceException) cause;
      assertThat(e.kind()).isEqualTo(HttpSourceException.Kind.MALFORMED_RESPONSE);
      assertThat(e.getMessage()).doesNotContain(HEADER_SECRET).doesNotContain(QUERY_SECRET);
      assertThat(e.getMessage()).doesNotContain(JsonBalanceLayoutFuzzTest.LEAK);
      return;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("fetch did not complete within 30 s", e);
    }
    assertThat(view.account()).isEqualTo(ALICE);
    assertThat(view.isComplete()).isTrue();
    for (Balance b : view.balances()) {
      assertThat(b.total().scale()).isEqualTo(b.asset().scale());
      b.available().ifPresent(a -> assertThat(a.scale()).isEqualTo(b.asset().scale()));
      b.held().ifPresent(h -> assertThat(h.scale()).isEqualTo(b.asset().scale()));
      assertThat(b.source()).isEqualTo("testvenue-rest");
    }
    assertThat(new String(body, StandardCharsets.UTF_8)).isNotBlank();
  }

  /** The source on the current venue client (replaced should its breaker ever open). */
  private static synchronized RestBalanceSource source() {
    if (venue == null) {
      venue = new FuzzVenue("testvenue");
      venue.answer("/accounts/", request -> FuzzVenue.json(answer));
    }
    venue.beginExecution();
    VenueClient current = venue.client();
    if (current != client) {
      client = current;
      source =
          RestBalanceSource.builder()
              .client(current)
              .urlTemplate(venue.url() + "accounts/{account}?apiKey=" + QUERY_SECRET)
              .header("X-Api-Key", Secret.of(HEADER_SECRET))
              .layout(RestFixture.layout())
              .venue("testvenue")
              .clock(CLOCK)
              .build();
    }
    return source;
  }
}
