package dev.balancekit.validation;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * How far two reports of the same balance may differ before they disagree: a difference within the
 * absolute tolerance <em>or</em> within the relative one (a fraction of the larger magnitude) is
 * accepted. Immutable and thread-safe.
 */
public final class Tolerance {

  private static final Tolerance EXACT = new Tolerance(BigDecimal.ZERO, BigDecimal.ZERO);

  private final BigDecimal absolute;
  private final BigDecimal relative;

  private Tolerance(BigDecimal absolute, BigDecimal relative) {
    this.absolute = absolute;
    this.relative = relative;
  }

  /** Any difference disagrees. */
  public static Tolerance exact() {
    return EXACT;
  }

  /**
   * Differences up to {@code amount} (in the asset's units) are accepted.
   *
   * @throws IllegalArgumentException if {@code amount} is null or negative
   */
  public static Tolerance absolute(BigDecimal amount) {
    return of(amount, BigDecimal.ZERO);
  }

  /**
   * Differences up to {@code fraction} of the larger magnitude are accepted ({@code 0.001} = 0.1%).
   *
   * @throws IllegalArgumentException if {@code fraction} is null or negative
   */
  public static Tolerance relative(BigDecimal fraction) {
    return of(BigDecimal.ZERO, fraction);
  }

  /**
   * Differences within {@code absolute} or within {@code relative} of the larger magnitude are
   * accepted.
   *
   * @throws IllegalArgumentException if either is null or negative
   */
  public static Tolerance of(BigDecimal absolute, BigDecimal relative) {
    if (absolute == null || absolute.signum() < 0 || relative == null || relative.signum() < 0) {
      throw new IllegalArgumentException(
          "tolerance must be zero or positive, but was absolute="
              + absolute
              + ", relative="
              + relative);
    }
    return new Tolerance(absolute, relative);
  }

  public BigDecimal absolute() {
    return absolute;
  }

  public BigDecimal relative() {
    return relative;
  }

  /** Whether {@code a} and {@code b} differ by more than this tolerance. */
  public boolean exceeded(BigDecimal a, BigDecimal b) {
    BigDecimal difference = a.subtract(b).abs();
    if (difference.compareTo(absolute) <= 0) {
      return false;
    }
    if (relative.signum() == 0) {
      return true;
    }
    BigDecimal larger = a.abs().max(b.abs());
    return difference.compareTo(larger.multiply(relative, MathContext.DECIMAL128)) > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tolerance other
        && absolute.compareTo(other.absolute) == 0
        && relative.compareTo(other.relative) == 0;
  }

  @Override
  public int hashCode() {
    return absolute.stripTrailingZeros().hashCode() * 31 + relative.stripTrailingZeros().hashCode();
  }

  @Override
  public String toString() {
    return "Tolerance{absolute="
        + absolute.toPlainString()
        + ", relative="
        + relative.toPlainString()
        + '}';
  }
}
