package dev.balancekit.source.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.source.ManualClock;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.source.http.Secret;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Regression tests of bugs the fuzz tests found. */
class FuzzBugsTest {

  /** Found by {@link BinanceStreamFuzzTest}: retryAfter = Long.MAX_VALUE in a 429 refusal. */
  @Test
  void subscriptionRefusalWithAHugeRetryAfter() {
    try (BinanceSource binance =
        BinanceSource.builder()
            .account(TestVenue.ACCOUNT)
            .apiKey(Secret.of(TestVenue.API_KEY))
            .secretKey(Secret.of(TestVenue.SECRET_KEY))
            .asset(TestVenue.BTC)
            .clock(ManualClock.at(TestVenue.START))
            .build()) {
      BinanceStreamProtocol protocol = (BinanceStreamProtocol) binance.streamProtocol();
      protocol.subscribeMessages(Optional.empty());
      String refusal =
          "{\"id\":\"balancekit-1\",\"status\":429,\"error\":{\"code\":-1003,\"msg\":\"x\","
              + "\"data\":{\"retryAfter\":9223372036854775807}}}";

      // Read (the refusal is typed) or refused as malformed; never an ArithmeticException.
      try {
        protocol.read(refusal);
      } catch (IllegalArgumentException malformed) {
        // acceptable
      }
      assertThat(protocol.subscription()).isCompletedExceptionally();
      assertThatThrownBy(() -> protocol.subscription().join())
          .hasCauseInstanceOf(HttpSourceException.class);
    }
  }
}
