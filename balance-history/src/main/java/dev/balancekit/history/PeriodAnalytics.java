package dev.balancekit.history;

import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one asset (of one account, or summed over a venue) in one period.
 *
 * <p>Immutable and thread-safe.
 *
 * @param opening the last total at or before the period's start, else the first total inside it
 * @param closing the last total before the period's end
 * @param netChange {@code closing - opening}
 * @param percentChange {@code netChange / opening * 100}, half-even to 6 decimals; {@code null} if
 *     opening is zero
 * @param volatility population standard deviation of relative changes inside the period
 * @param risk see {@link RiskLevel}
 * @param activity per kind, how many changes and their summed deltas; kinds without changes are
 *     absent
 * @param largestInflow the largest increase as a positive amount, zero if none
 * @param largestOutflow the largest decrease as a positive amount, zero if none
 * @param samples entries inside the period
 */
public record PeriodAnalytics(
    Asset asset,
    AnalyticsPeriod period,
    BigDecimal opening,
    BigDecimal closing,
    BigDecimal netChange,
    @Nullable BigDecimal percentChange,
    double volatility,
    RiskLevel risk,
    Map<ChangeKind, KindActivity> activity,
    BigDecimal largestInflow,
    BigDecimal largestOutflow,
    int samples) {

  /**
   * @throws NullPointerException if any argument except {@code percentChange} is null
   */
  public PeriodAnalytics {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(opening, "opening");
    Objects.requireNonNull(closing, "closing");
    Objects.requireNonNull(netChange, "netChange");
    Objects.requireNonNull(risk, "risk");
    activity = Map.copyOf(Objects.requireNonNull(activity, "activity"));
    Objects.requireNonNull(largestInflow, "largestInflow");
    Objects.requireNonNull(largestOutflow, "largestOutflow");
  }

  /** {@link #percentChange}, empty when the opening total is zero. */
  public Optional<BigDecimal> percent() {
    return Optional.ofNullable(percentChange);
  }

  /**
   * How many changes of one kind a period saw, and their summed deltas.
   *
   * <p>Immutable and thread-safe.
   */
  public record KindActivity(long count, BigDecimal sum) {
    /**
     * @throws IllegalArgumentException if count is negative or sum null
     */
    public KindActivity {
      if (count < 0 || sum == null) {
        throw new IllegalArgumentException(
            "count must be >= 0 and sum not null, but were " + count + ", " + sum);
      }
    }

    KindActivity plus(KindActivity other) {
      return new KindActivity(count + other.count, sum.add(other.sum));
    }
  }
}
