package dev.balancekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class AssetTest {
  private final Asset btc = Asset.of("BTC", 8);

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "B TC", "-BTC", "THIS_CODE_IS_LONGER_THAN_32_CHARS_X", "BTC\n"})
  void rejectsMalformedCodes(String code) {
    assertThatThrownBy(() -> Asset.of(code, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("code must be")
        .hasMessageContaining(code == null ? "null" : "'" + code + "'");
  }

  @Test
  void rejectsNegativeAndHugeScaleNamingTheValue() {
    assertThatThrownBy(() -> Asset.of("BTC", -1))
        .hasMessage("scale of BTC must be between 0 and 30 but was -1");
    assertThatThrownBy(() -> Asset.of("BTC", 31)).hasMessageContaining("but was 31");
  }

  @Test
  void rejectsMalformedVenueId() {
    assertThatThrownBy(() -> Asset.of("USDC", 6, "0.0.456858 "))
        .hasMessageContaining("venueId of USDC");
    assertThat(Asset.of("USDC", 6, "0.0.456858").venueId()).contains("0.0.456858");
  }

  @Test
  void amountsAreNormalisedToTheAssetScaleSoEqualAmountsAreEqual() {
    assertThat(btc.amount("total", new BigDecimal("1.5"))).isEqualTo(new BigDecimal("1.50000000"));
    assertThat(btc.amount("total", new BigDecimal("1.500000000000")))
        .isEqualTo(new BigDecimal("1.50000000"));
    assertThat(btc.parse("total", "2E+3")).isEqualTo(new BigDecimal("2000.00000000"));
  }

  @Test
  void rejectsMoreDecimalsThanTheScaleNamingFieldAndValue() {
    assertThatThrownBy(() -> btc.amount("available", new BigDecimal("0.123456789")))
        .hasMessage("available 0.123456789 has 9 decimals but BTC allows at most 8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "0x10", "1,5", "", "abc", "1e", "--1"})
  void parseRejectsNonNumbers(String text) {
    assertThatThrownBy(() -> btc.parse("total", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("total of BTC is not a decimal number");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "1e-999999999", "1e31", "1e2147483648"})
  void parseRejectsAbsurdExponentsWithoutHanging(String text) {
    assertThatThrownBy(() -> btc.parse("total", text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsAbsurdMagnitudes() {
    assertThatThrownBy(() -> btc.amount("total", new BigDecimal("1" + "0".repeat(30))))
        .hasMessageContaining("absurdly large");
    assertThat(btc.amount("total", new BigDecimal("9".repeat(30)))).isNotNull();
  }

  @Test
  void parseRejectsOverlongText() {
    assertThatThrownBy(() -> btc.parse("total", "1".repeat(5000)))
        .hasMessageContaining("not a decimal number");
  }

  @Test
  void convertsToAndFromBaseUnitsExactly() {
    assertThat(btc.toUnits(new BigDecimal("0.00000001"))).isEqualTo(BigInteger.ONE);
    assertThat(btc.fromUnits(150_000_000L)).isEqualTo(new BigDecimal("1.50000000"));
    Asset usdc = Asset.of("USDC", 6);
    BigInteger maxU64 = new BigInteger("18446744073709551615");
    assertThat(usdc.toUnits(usdc.fromUnits(maxU64))).isEqualTo(maxU64);
  }

  @Test
  void negativeAmountsAreValidAmountsValidationDecidesIfTheyAreAllowed() {
    assertThat(btc.amount("total", new BigDecimal("-1"))).isEqualTo(new BigDecimal("-1.00000000"));
  }

  @Test
  void formatsWithScaleAndCode() {
    Asset algo = Asset.of("ALGO", 6);
    assertThat(algo.format(new BigDecimal("4.5"))).isEqualTo("4.500000 ALGO");
  }

  @Test
  void equalityCoversCodeScaleAndVenueId() {
    assertThat(Asset.of("USDC", 6))
        .isEqualTo(Asset.of("USDC", 6))
        .hasSameHashCodeAs(Asset.of("USDC", 6));
    assertThat(Asset.of("USDC", 6))
        .isNotEqualTo(Asset.of("USDC", 2))
        .isNotEqualTo(Asset.of("USDC", 6, "31566704"));
  }
}
