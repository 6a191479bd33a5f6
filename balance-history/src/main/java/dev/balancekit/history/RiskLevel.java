package dev.balancekit.history;

import org.jspecify.annotations.Nullable;

/**
 * How risky a period looked: the higher of two judgements. By volatility (standard deviation of
 * relative changes): below 0.05 LOW, below 0.15 MEDIUM, below 0.30 HIGH, else CRITICAL. By drop
 * (percent change): above -10 % LOW, above -25 % MEDIUM, above -50 % HIGH, else CRITICAL.
 *
 * <p>Immutable and thread-safe.
 */
public enum RiskLevel {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  static RiskLevel of(double volatility, java.math.@Nullable BigDecimal percentChange) {
    RiskLevel byVolatility =
        volatility < 0.05 ? LOW : volatility < 0.15 ? MEDIUM : volatility < 0.30 ? HIGH : CRITICAL;
    RiskLevel byDrop = LOW;
    if (percentChange != null) {
      double p = percentChange.doubleValue();
      byDrop = p > -10 ? LOW : p > -25 ? MEDIUM : p > -50 ? HIGH : CRITICAL;
    }
    return byVolatility.compareTo(byDrop) >= 0 ? byVolatility : byDrop;
  }

  RiskLevel max(RiskLevel other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
