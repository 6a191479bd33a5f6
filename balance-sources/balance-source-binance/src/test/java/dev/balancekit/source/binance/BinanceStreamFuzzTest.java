package dev.balancekit.source.binance;

import static dev.balancekit.source.binance.TestVenue.balanceUpdate;
import static dev.balancekit.source.binance.TestVenue.fixture;
import static dev.balancekit.source.binance.TestVenue.position;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.balancekit.Balance;
import dev.balancekit.source.ManualClock;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.StreamMessage;
import dev.balancekit.source.http.StreamProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Binance user data stream frames ({@code outboundAccountPosition}, {@code balanceUpdate}, the
 * answer to the subscribe request, anything else) through {@link BinanceSource#streamProtocol()}
 * after a subscribe request: the input is up to eight frames, one per line. A frame is read or
 * refused with {@link IllegalArgumentException}, nothing else; a refused frame changes no balance,
 * which a second protocol that never saw the refused frames checks: it must read every accepted
 * frame, and two probe events after them, exactly as the first. Balances have their assets' scales
 * and total = available + held.
 */
class BinanceStreamFuzzTest {
  private static final ManualClock CLOCK = ManualClock.at(TestVenue.START);
  private static final BinanceSource BINANCE =
      BinanceSource.builder()
          .account(TestVenue.ACCOUNT)
          .apiKey(Secret.of(TestVenue.API_KEY))
          .secretKey(Secret.of(TestVenue.SECRET_KEY))
          .asset(TestVenue.BTC)
          .asset(TestVenue.ETH)
          .asset(TestVenue.USDT)
          .clock(CLOCK)
          .build();
  private static final List<String> PROBES =
      List.of(
          position(2_000_000_000_000L, 2_000_000_000_000L, "BTC", "1.5", "0.25"),
          balanceUpdate(2_000_000_000_001L, 2_000_000_000_001L, "BTC", "-0.5"));

  static Stream<byte[]> seeds() {
    return Stream.of(
            fixture("user-data-outbound-account-position.json"),
            fixture("user-data-balance-update.json"),
            fixture("user-data-stream-terminated.json"),
            position(10, 10, "BTC", "1", "0") + "\n" + balanceUpdate(11, 11, "BTC", "0.5"),
            position(10, 10, "BTC", "1", "0") + "\n" + position(9, 9, "BTC", "2", "0"),
            position(10, 10, "ETH", "1e9999", "0", "USDT", "0.000000001", "0"),
            position(10, 10, "BTC", "1", "0", "BTC", "2", "0"),
            position(10, 10, "DOGE", "1", "0"),
            balanceUpdate(11, 11, "USDT", "NaN"),
            "{\"subscriptionId\":0,\"event\":{\"e\":\"balanceUpdate\",\"E\":-1,\"a\":\"BTC\",\"d\":1,"
                + "\"T\":9223372036854775808}}",
            "{\"subscriptionId\":0,\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,"
                + "\"B\":{}}}",
            "{\"id\":\"balancekit-1\",\"status\":200,\"result\":{\"subscriptionId\":3}}",
            "{\"id\":\"balancekit-1\",\"status\":\"200\"}",
            "{\"id\":\"balancekit-1\",\"status\":401,\"error\":{\"code\":-2015,\"msg\":\"x\"}}",
            "{\"id\":\"balancekit-1\",\"status\":429,\"error\":{\"code\":-1003,\"msg\":\"x\","
                + "\"data\":{\"serverTime\":1,\"retryAfter\":1772323260000}}}",
            "{\"id\":\"balancekit-1\",\"status\":4294967696,\"error\":{\"code\":-1,\"msg\":\"x\"}}",
            "{\"id\":7,\"status\":500}",
            "{\"event\":[]}",
            "[]",
            "")
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "2s")
  void frames(byte @NotNull [] input) {
    StreamProtocol seen = BINANCE.streamProtocol();
    StreamProtocol accepted = BINANCE.streamProtocol();
    seen.subscribeMessages(Optional.empty());
    accepted.subscribeMessages(Optional.empty());
    for (String frame : new String(input, StandardCharsets.UTF_8).split("\n", 8)) {
      StreamMessage m;
      try {
        m = seen.read(frame);
      } catch (IllegalArgumentException refused) {
        continue;
      }
      check(m);
      assertSame(outcome(accepted, frame), m);
    }
    for (String probe : PROBES) {
      assertSame(outcome(accepted, probe), outcome(seen, probe));
    }
  }

  private static void check(StreamMessage m) {
    if (m.type() == StreamMessage.Type.IGNORED) {
      return;
    }
    assertThat(m.type()).isEqualTo(StreamMessage.Type.DELTA);
    assertThat(m.sequence()).isEmpty();
    for (Balance b : m.balances().orElseThrow().balances()) {
      int scale = b.asset().scale();
      assertThat(b.total().scale()).isEqualTo(scale);
      assertThat(b.available().orElseThrow().scale()).isEqualTo(scale);
      assertThat(b.held().orElseThrow().scale()).isEqualTo(scale);
      assertThat(b.available().orElseThrow().add(b.held().orElseThrow())).isEqualTo(b.total());
    }
  }

  private static Object outcome(StreamProtocol protocol, String frame) {
    try {
      return protocol.read(frame);
    } catch (IllegalArgumentException refused) {
      return "refused";
    }
  }

  private static void assertSame(Object expected, Object actual) {
    if (expected instanceof StreamMessage e && actual instanceof StreamMessage a) {
      assertThat(a.type()).isEqualTo(e.type());
      assertThat(a.balances()).isEqualTo(e.balances());
    } else {
      assertThat(actual).isEqualTo(expected);
    }
  }
}
