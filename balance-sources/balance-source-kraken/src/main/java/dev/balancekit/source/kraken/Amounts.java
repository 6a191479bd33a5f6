package dev.balancekit.source.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.Asset;
import dev.balancekit.source.http.JsonAmounts;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Amounts of an asset from Kraken's text and JSON, checked by the asset (scale, magnitude) but
 * first checked for the shape of a number without quoting what is not one: text a venue sends may
 * echo anything, a key or a token included. Stateless.
 */
final class Amounts {
  private static final int MAX_TEXT_LENGTH = 100;
  private static final int MAX_EXPONENT_DIGITS = 3;

  private Amounts() {}

  /**
   * The amount {@code text} (a JSON number's text or a decimal string) of {@code asset}.
   *
   * @throws IllegalArgumentException if missing, not a decimal number, or not a valid amount of the
   *     asset (more decimals than its scale: the message names the value, which is a number)
   */
  static BigDecimal parse(Asset asset, String field, @Nullable String text) {
    if (text == null) {
      throw new IllegalArgumentException(field + " of " + asset.code() + " is missing");
    }
    if (!isDecimal(text.toCharArray(), 0, text.length())) {
      throw new IllegalArgumentException(
          field + " of " + asset.code() + " is not a decimal number");
    }
    return asset.parse(field, text);
  }

  /**
   * The value of the text in {@code buffer} (a JSON number's text or a decimal string), not yet
   * checked against an asset's scale: for values that go into a {@link dev.balancekit.Balance},
   * whose builder checks them, so that the hot path checks each amount once. The exponent is
   * bounded, so that no later scale operation can take long.
   *
   * @throws IllegalArgumentException if longer than 100 characters or not a decimal number
   */
  static BigDecimal decimal(String field, char[] buffer, int offset, int length) {
    if (length > MAX_TEXT_LENGTH || !isDecimal(buffer, offset, length)) {
      throw new IllegalArgumentException(field + " is not a decimal number");
    }
    return new BigDecimal(buffer, offset, length);
  }

  /** {@link #parse} for a JSON node: a number or a decimal string. */
  static BigDecimal read(Asset asset, String field, @Nullable JsonNode node) {
    return node != null && node.isTextual()
        ? parse(asset, field, node.textValue())
        : JsonAmounts.read(asset, field, node);
  }

  /**
   * Whether the text is {@code [-+]digits[.digits][(e|E)[-+]digits]} with a digit in the mantissa
   * and at most three in the exponent.
   */
  static boolean isDecimal(char[] s, int offset, int length) {
    int n = offset + length;
    int i = offset;
    if (i < n && (s[i] == '-' || s[i] == '+')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s[i])) {
      i++;
      digits++;
    }
    if (i < n && s[i] == '.') {
      i++;
      while (i < n && isDigit(s[i])) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
      i++;
      if (i < n && (s[i] == '-' || s[i] == '+')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < n && isDigit(s[i])) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0 || exponentDigits > MAX_EXPONENT_DIGITS) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
