package dev.balancekit.validation;

import java.math.BigDecimal;

/**
 * Account tier presets: minimum balance, maximum balance and daily change limit, with a weekly
 * limit of four times the daily one. Use {@link #limits()} as is or {@link #customize()} to
 * override a figure.
 *
 * <table>
 *   <caption>Tier figures</caption>
 *   <tr><th>tier</th><th>min balance</th><th>max balance</th><th>daily change limit</th></tr>
 *   <tr><td>BRONZE</td><td>10,000</td><td>1,000,000</td><td>50,000</td></tr>
 *   <tr><td>SILVER</td><td>10,000</td><td>1,000,000</td><td>100,000</td></tr>
 *   <tr><td>GOLD</td><td>15,000</td><td>1,500,000</td><td>150,000</td></tr>
 *   <tr><td>PLATINUM</td><td>25,000</td><td>2,500,000</td><td>250,000</td></tr>
 *   <tr><td>DIAMOND</td><td>50,000</td><td>5,000,000</td><td>500,000</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public enum Tier {
  BRONZE(10_000, 1_000_000, 50_000),
  SILVER(10_000, 1_000_000, 100_000),
  GOLD(15_000, 1_500_000, 150_000),
  PLATINUM(25_000, 2_500_000, 250_000),
  DIAMOND(50_000, 5_000_000, 500_000);

  // Limits is immutable (final fields holding BigDecimals), but without error_prone_annotations
  // on the classpath it cannot say so with @Immutable.
  @SuppressWarnings("ImmutableEnumChecker")
  private final Limits limits;

  Tier(long minBalance, long maxBalance, long dailyChangeLimit) {
    this.limits =
        Limits.custom()
            .minBalance(BigDecimal.valueOf(minBalance))
            .maxBalance(BigDecimal.valueOf(maxBalance))
            .dailyChangeLimit(BigDecimal.valueOf(dailyChangeLimit))
            .build();
  }

  /** This tier's limits. */
  public Limits limits() {
    return limits;
  }

  /** A builder holding this tier's limits, to override some of them. */
  public Limits.Builder customize() {
    return Limits.from(limits);
  }
}
