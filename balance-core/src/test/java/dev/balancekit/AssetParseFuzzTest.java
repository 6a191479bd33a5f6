package dev.balancekit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Asset#parse} on any text: a decimal string a venue sent, at any declared scale. The only
 * failure is {@link IllegalArgumentException}; an accepted amount is exactly the number written, at
 * exactly the asset's scale (never a negative scale), with at most {@link Asset#MAX_INTEGER_DIGITS}
 * integer digits.
 */
class AssetParseFuzzTest {

  static Stream<Arguments> seeds() {
    return Stream.of(
            "4723846.89208129",
            "0.00000000",
            "-0.0000001",
            "+1.5",
            " 1.5 ",
            "2E+3",
            "1e-8",
            "1E+29",
            "1e30",
            "1e31",
            "1e-999999999",
            "1e999999999",
            "1e2147483647",
            "1e-2147483648",
            "1e2147483648",
            "9".repeat(30),
            "1" + "0".repeat(30),
            "0." + "0".repeat(98) + "1",
            "NaN",
            "-Infinity",
            "0x10",
            "1_000",
            "١٢٣",
            "1.5\u0000",
            "")
        .flatMap(text -> Stream.of(Arguments.of(8, text), Arguments.of(0, text)));
  }

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "2s")
  void parse(@InRange(min = 0, max = Asset.MAX_SCALE) int scale, String text) {
    Asset asset = Asset.of("X", scale);
    BigDecimal amount;
    try {
      amount = asset.parse("total", text);
    } catch (IllegalArgumentException rejected) {
      return;
    }
    assertThat(amount.scale()).isEqualTo(scale);
    assertThat(amount.compareTo(new BigDecimal(text.strip()))).isZero();
    assertThat(amount.precision() - amount.scale()).isLessThanOrEqualTo(Asset.MAX_INTEGER_DIGITS);
    assertThat(asset.isExact(amount)).isTrue();
  }
}
