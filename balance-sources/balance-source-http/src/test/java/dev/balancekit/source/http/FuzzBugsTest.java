package dev.balancekit.source.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.Asset;
import org.junit.jupiter.api.Test;

/** Regression tests of bugs the fuzz tests found. */
class FuzzBugsTest {
  private static final JsonCodec JSON = new JsonCodec(VenueConfig.custom().name("venue").build());
  private static final Asset USD = Asset.of("USD", 4);

  /** Found by {@link JsonBalanceLayoutFuzzTest} (seeded with absurd exponents). */
  @Test
  void amountOfAJsonNumberWithAnExponentNearIntegerMaxValue() {
    assertThatThrownBy(() -> JsonAmounts.read(USD, "total", JSON.read("1E+2147483647")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonAmounts.read(USD, "total", JSON.read("10E+2147483647")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Found by {@link JsonBalanceLayoutFuzzTest} and {@link RestBalanceSourceFuzzTest}: a string
   * amount that is not a number is quoted into the message, so a venue's echoed secret reaches the
   * MALFORMED_RESPONSE message (and the WebSocket source's log line).
   */
  @Test
  void nonNumericStringAmountIsNotQuoted() {
    String secret = "sk-live-0123456789abcdef";
    assertThatThrownBy(() -> JsonAmounts.read(USD, "total", JSON.read("\"" + secret + "\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(secret);
    assertThatThrownBy(() -> JsonAmounts.read(USD, "total", JSON.read("\"1e99999" + secret + "\"")))
        .hasMessageNotContaining(secret);
  }
}
