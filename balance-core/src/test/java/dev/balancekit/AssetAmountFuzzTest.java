package dev.balancekit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Asset#amount}, {@link Asset#toUnits} and {@link Asset#fromUnits} on any {@code BigDecimal}
 * a parser can hand over: any unscaled value, any scale from {@code Integer.MIN_VALUE} to {@code
 * Integer.MAX_VALUE} (JSON parsers build these from exponents). The only failure is {@link
 * IllegalArgumentException}; an accepted amount equals the input at exactly the asset's scale.
 */
class AssetAmountFuzzTest {

  static Stream<Arguments> seeds() {
    return Stream.of(
        Arguments.of(new byte[] {1}, 0, 8),
        Arguments.of(new byte[] {1}, 8, 8),
        Arguments.of(new byte[] {-1}, 9, 8),
        Arguments.of(new byte[] {100}, -28, 0),
        Arguments.of(new byte[] {1}, -30, 0),
        Arguments.of(new byte[] {1}, 999_999_999, 30),
        Arguments.of(new byte[] {1}, -999_999_999, 30),
        Arguments.of(new byte[] {1}, Integer.MAX_VALUE, 8),
        Arguments.of(new byte[] {0}, Integer.MIN_VALUE, 8),
        Arguments.of(new byte[] {0x7f, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, 0, 6),
        Arguments.of(new byte[0], 0, 0));
  }

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "2s")
  void amount(
      byte @NotNull @WithLength(max = 64) [] unscaled,
      int scale,
      @InRange(min = 0, max = Asset.MAX_SCALE) int assetScale) {
    Asset asset = Asset.of("X", assetScale);
    BigInteger units = unscaled.length == 0 ? BigInteger.ZERO : new BigInteger(unscaled);
    BigDecimal value = new BigDecimal(units, scale);
    BigDecimal amount;
    try {
      amount = asset.amount("total", value);
    } catch (IllegalArgumentException rejected) {
      return;
    }
    assertThat(amount.scale()).isEqualTo(assetScale);
    assertThat(amount.compareTo(value)).isZero();
    assertThat(amount.precision() - amount.scale()).isLessThanOrEqualTo(Asset.MAX_INTEGER_DIGITS);
    assertThat(asset.fromUnits(asset.toUnits(amount))).isEqualTo(amount);
    assertThat(asset.parse("total", amount.toPlainString())).isEqualTo(amount);
  }
}
