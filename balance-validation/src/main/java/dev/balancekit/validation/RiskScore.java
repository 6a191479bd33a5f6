package dev.balancekit.validation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The risk of one change as a score from 0 (routine) to 100 (alarming), computed exactly from
 * {@code BigDecimal} ratios:
 *
 * <ul>
 *   <li>up to {@value #SIZE_POINTS} points for the size of the change relative to the balance
 *       before it (all of them at 100% or more, or for any change of a zero balance);
 *   <li>up to {@value #VELOCITY_POINTS} points for recent velocity: the recent absolute changes
 *       plus this one, relative to the larger of the balance before and after (all of them at
 *       {@value #VELOCITY_SATURATION} times the balance or more).
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class RiskScore {

  public static final int SIZE_POINTS = 60;
  public static final int VELOCITY_POINTS = 40;

  /** Turning the balance over this many times in the velocity window scores all velocity points. */
  public static final int VELOCITY_SATURATION = 2;

  private static final MathContext RATIO = MathContext.DECIMAL64;

  private RiskScore() {}

  /**
   * Scores the change from {@code before} to {@code after} given {@code recentAbsoluteChanges} (the
   * sum of absolute changes in the velocity window, not counting this one).
   *
   * @return 0 to 100
   * @throws IllegalArgumentException if an argument is null or {@code recentAbsoluteChanges} is
   *     negative
   */
  public static int of(BigDecimal before, BigDecimal after, BigDecimal recentAbsoluteChanges) {
    if (before == null
        || after == null
        || recentAbsoluteChanges == null
        || recentAbsoluteChanges.signum() < 0) {
      throw new IllegalArgumentException(
          "before, after and a non-negative recentAbsoluteChanges are required, but "
              + "were before="
              + before
              + ", after="
              + after
              + ", recentAbsoluteChanges="
              + recentAbsoluteChanges);
    }
    BigDecimal change = after.subtract(before).abs();
    BigDecimal size = saturatedRatio(change, before.abs(), BigDecimal.ONE);
    BigDecimal velocity =
        saturatedRatio(
            recentAbsoluteChanges.add(change),
            before.abs().max(after.abs()),
            BigDecimal.valueOf(VELOCITY_SATURATION));
    BigDecimal score =
        size.multiply(BigDecimal.valueOf(SIZE_POINTS))
            .add(velocity.multiply(BigDecimal.valueOf(VELOCITY_POINTS)));
    return score.setScale(0, RoundingMode.HALF_UP).intValueExact();
  }

  /** {@code part / (whole × saturation)} capped at 1; 1 for any part of a zero whole. */
  private static BigDecimal saturatedRatio(
      BigDecimal part, BigDecimal whole, BigDecimal saturation) {
    if (part.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal limit = whole.multiply(saturation);
    if (whole.signum() == 0 || part.compareTo(limit) >= 0) {
      return BigDecimal.ONE;
    }
    return part.divide(limit, RATIO);
  }
}
