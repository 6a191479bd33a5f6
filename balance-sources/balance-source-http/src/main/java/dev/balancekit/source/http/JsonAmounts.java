package dev.balancekit.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.Asset;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Reads amounts out of JSON exactly: a JSON number and a JSON string both become a {@code
 * BigDecimal} checked by {@link Asset#amount} or {@link Asset#parse} (too many decimals, absurd
 * magnitudes, exponents like {@code 1e999999999}, {@code NaN} are rejected). Never goes through
 * {@code double}.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonAmounts {

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
      return asset.parse(field, node.textValue());
    }
    throw new IllegalArgumentException(
        field
            + " of "
            + asset.code()
            + " must be a number or a decimal string, but was a JSON "
            + node.getNodeType());
  }
}
