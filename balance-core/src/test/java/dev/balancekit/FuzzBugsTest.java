package dev.balancekit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Regression tests of bugs the fuzz tests found. */
class FuzzBugsTest {

  /**
   * Found by {@link AssetAmountFuzzTest}: unscaled 1 at scale {@code Integer.MIN_VALUE + 1}
   * (ArithmeticException "Underflow" from setScale), unscaled 10 at scale {@code Integer.MIN_VALUE}
   * ("Overflow" from stripTrailingZeros).
   */
  @Test
  void amountOfAnExponentNearIntegerMaxValue() {
    Asset btc = Asset.of("BTC", 8);
    BigDecimal huge = new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE + 1); // 1E+2147483647

    assertThatThrownBy(() -> btc.amount("total", huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absurdly large");
    BigDecimal tens = new BigDecimal(BigInteger.TEN, Integer.MIN_VALUE); // 1E+2147483649
    assertThatThrownBy(() -> btc.amount("total", tens))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
