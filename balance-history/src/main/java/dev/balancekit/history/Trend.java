package dev.balancekit.history;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The least-squares trend of one series over a window. Money figures ({@code change}, {@code min},
 * {@code max}) are exact; the statistics ({@code strength}, {@code slopePerHour}, {@code
 * volatility}) are doubles, computed in one pass in a fixed order and therefore exactly
 * reproducible.
 *
 * <p>Immutable and thread-safe.
 *
 * @param direction {@link Direction#FLAT} when the slope is within the configured band
 * @param strength R² of the fit, 0 to 1; 0 for fewer than two samples or constant totals
 * @param slopePerHour fitted change of the total per hour, in asset units
 * @param volatility population standard deviation of the relative changes between consecutive
 *     samples (samples after a zero total are skipped)
 * @param change last total minus first total in the window
 * @param changePercent {@code change / first * 100} rounded half-even to 6 decimals, {@code null}
 *     if first is zero or there are no samples
 * @param min smallest total in the window, {@code null} when there are no samples
 * @param max largest total in the window, {@code null} when there are no samples
 * @param samples how many entries the window holds
 * @param first time of the first sample, {@code null} when there are none
 * @param last time of the last sample, {@code null} when there are none
 */
public record Trend(
    AccountRef account,
    Asset asset,
    Direction direction,
    double strength,
    double slopePerHour,
    double volatility,
    BigDecimal change,
    @Nullable BigDecimal changePercent,
    @Nullable BigDecimal min,
    @Nullable BigDecimal max,
    int samples,
    @Nullable Instant first,
    @Nullable Instant last) {

  /** Where the totals are heading. */
  public enum Direction {
    UP,
    DOWN,
    FLAT
  }

  /**
   * @throws NullPointerException if account, asset, direction or change is null
   */
  public Trend {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(change, "change");
  }

  /** {@link #changePercent}, empty when the first total is zero or there are no samples. */
  public Optional<BigDecimal> percent() {
    return Optional.ofNullable(changePercent);
  }

  /** Smallest total in the window, empty when there are no samples. */
  public Optional<BigDecimal> minimum() {
    return Optional.ofNullable(min);
  }

  /** Largest total in the window, empty when there are no samples. */
  public Optional<BigDecimal> maximum() {
    return Optional.ofNullable(max);
  }
}
