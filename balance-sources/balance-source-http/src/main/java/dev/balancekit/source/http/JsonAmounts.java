package dev.balancekit.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.Asset;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Reads amounts out of JSON exactly: a JSON number and a JSON string both become a {@code
 * BigDecimal} checked by {@link Asset#amount} or {@link Asset#parse} (too many decimals, absurd
 * magnitudes, exponents like {@code 1e999999999}, {@code NaN} are rejected). Never goes through
 * {@code double}. Text that does not have the shape of a number is refused without being quoted: a
 * venue may echo anything, a key or a token included.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonAmounts {
  private static final int MAX_TEXT_LENGTH = 100;
  private static final int MAX_EXPONENT_DIGITS = 3;

  private JsonAmounts() {}

  /**
   * The amount of {@code asset} in {@code node}.
   *
   * @param field what the amount is (for example {@code "total"}), named in error messages
   * @throws IllegalArgumentException if {@code node} is null, missing, JSON null, not a number or a
   *     decimal string, or not a valid amount of {@code asset}
   */
  public static BigDecimal read(Asset asset, String field, @Nullable JsonNode node) {
    if (asset == null) {
      throw new IllegalArgumentException("asset must not be null");
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new IllegalArgumentException(field + " of " + asset.code() + " is missing");
    }
    if (node.isNumber()) {
      if (node.isFloat() || node.isDouble()) {
        // Only a mapper without USE_BIG_DECIMAL_FOR_FLOATS makes these; their value is already
        // inexact.
        throw new IllegalArgumentException(
            field + " of " + asset.code() + " was read as a binary float");
      }
      return asset.amount(field, node.decimalValue());
    }
    if (node.isTextual()) {
      return parse(asset, field, node.textValue());
    }
    throw new IllegalArgumentException(
        field
            + " of "
            + asset.code()
            + " must be a number or a decimal string, but was a JSON "
            + node.getNodeType());
  }

  /**
   * The amount {@code text} (a JSON number's text or a decimal string) of {@code asset}.
   *
   * @throws IllegalArgumentException if missing, not a decimal number (the message does not quote
   *     it), or not a valid amount of the asset (the message names the value, which is a number)
   */
  public static BigDecimal parse(Asset asset, String field, @Nullable String text) {
    if (text == null) {
      throw new IllegalArgumentException(field + " of " + asset.code() + " is missing");
    }
    if (text.length() > MAX_TEXT_LENGTH || !isDecimal(text.toCharArray(), 0, text.length())) {
      throw new IllegalArgumentException(
          field
              + " of "
              + asset.code()
              + " is not a decimal number of at most 100 characters and a 3-digit exponent");
    }
    return asset.parse(field, text);
  }

  /**
   * The value of the text in {@code buffer} (a JSON number's text or a decimal string), not yet
   * checked against an asset's scale: for a hot path whose {@link dev.balancekit.Balance} builder
   * checks it, so each amount is checked once. The exponent is bounded, so that no later scale
   * operation can take long.
   *
   * @throws IllegalArgumentException if longer than 100 characters or not a decimal number (the
   *     message does not quote it)
   */
  public static BigDecimal decimal(String field, char[] buffer, int offset, int length) {
    if (length > MAX_TEXT_LENGTH || !isDecimal(buffer, offset, length)) {
      throw new IllegalArgumentException(field + " is not a decimal number");
    }
    return new BigDecimal(buffer, offset, length);
  }

  /**
   * Whether the text is {@code [-+]digits[.digits][(e|E)[-+]digits]} with a digit in the mantissa
   * and at most three in the exponent.
   */
  private static boolean isDecimal(char[] s, int offset, int length) {
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
