package dev.balancekit;

import java.math.BigDecimal;

/**
 * Inputs of bugs the fuzz tests found and the lead is yet to fix; the fuzz targets skip exactly
 * these, so that fuzzing in CI stays green meanwhile, and {@link FuzzBugsTest} reproduces each. A
 * fix deletes its predicate here and the {@code @Disabled} on its reproducer.
 */
final class FuzzBugs {
  private FuzzBugs() {}

  /**
   * {@link Asset#amount} does not guard against exponents near {@code +2^31} (a scale near {@code
   * Integer.MIN_VALUE}, as in {@code 1E+2147483647}): {@code precision - scale} overflows {@code
   * int}, so the magnitude check passes, or {@code stripTrailingZeros} overflows; either way an
   * {@link ArithmeticException} escapes instead of an {@link IllegalArgumentException}. {@code
   * precision - scale} (the number of integer digits) does not change when zeros are stripped.
   */
  static boolean amountScaleOverflow(BigDecimal value) {
    return value.signum() != 0 && (long) value.precision() - value.scale() > Integer.MAX_VALUE;
  }
}
