package dev.balancekit.validation;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Balance and change limits of one asset: minimum and maximum balance, daily and weekly change
 * limits (sums of absolute changes in a rolling day or week), and warning and critical thresholds
 * for the size of a single change. Every limit is optional; an absent limit is not checked. The
 * weekly limit is four times the daily one unless set.
 *
 * <p>Immutable and thread-safe. Build with {@link #custom()}, start from a {@link Tier} with {@link
 * Tier#customize()}, or from other limits with {@link #from(Limits)}.
 */
public final class Limits {

  /** The weekly change limit is this many daily limits unless set. */
  public static final int WEEKLY_PER_DAILY = 4;

  private final @Nullable BigDecimal minBalance;
  private final @Nullable BigDecimal maxBalance;
  private final @Nullable BigDecimal dailyChangeLimit;
  private final @Nullable BigDecimal weeklyChangeLimitSet;
  private final @Nullable BigDecimal changeWarningThreshold;
  private final @Nullable BigDecimal changeCriticalThreshold;

  private Limits(Builder b) {
    this.minBalance = b.minBalance;
    this.maxBalance = b.maxBalance;
    this.dailyChangeLimit = b.dailyChangeLimit;
    this.weeklyChangeLimitSet = b.weeklyChangeLimit;
    this.changeWarningThreshold = b.changeWarningThreshold;
    this.changeCriticalThreshold = b.changeCriticalThreshold;
  }

  /** Starts a builder with no limits. */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * Starts a builder holding {@code base}'s limits (a weekly limit only if {@code base} set one).
   */
  public static Builder from(Limits base) {
    Objects.requireNonNull(base, "base");
    Builder b = new Builder();
    b.minBalance = base.minBalance;
    b.maxBalance = base.maxBalance;
    b.dailyChangeLimit = base.dailyChangeLimit;
    b.weeklyChangeLimit = base.weeklyChangeLimitSet;
    b.changeWarningThreshold = base.changeWarningThreshold;
    b.changeCriticalThreshold = base.changeCriticalThreshold;
    return b;
  }

  public Optional<BigDecimal> minBalance() {
    return Optional.ofNullable(minBalance);
  }

  public Optional<BigDecimal> maxBalance() {
    return Optional.ofNullable(maxBalance);
  }

  public Optional<BigDecimal> dailyChangeLimit() {
    return Optional.ofNullable(dailyChangeLimit);
  }

  /**
   * The weekly change limit: as set, else {@value #WEEKLY_PER_DAILY} × the daily limit, else none.
   */
  public Optional<BigDecimal> weeklyChangeLimit() {
    if (weeklyChangeLimitSet != null) {
      return Optional.of(weeklyChangeLimitSet);
    }
    return dailyChangeLimit().map(daily -> daily.multiply(BigDecimal.valueOf(WEEKLY_PER_DAILY)));
  }

  public Optional<BigDecimal> changeWarningThreshold() {
    return Optional.ofNullable(changeWarningThreshold);
  }

  public Optional<BigDecimal> changeCriticalThreshold() {
    return Optional.ofNullable(changeCriticalThreshold);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Limits other
        && Objects.equals(minBalance, other.minBalance)
        && Objects.equals(maxBalance, other.maxBalance)
        && Objects.equals(dailyChangeLimit, other.dailyChangeLimit)
        && Objects.equals(weeklyChangeLimitSet, other.weeklyChangeLimitSet)
        && Objects.equals(changeWarningThreshold, other.changeWarningThreshold)
        && Objects.equals(changeCriticalThreshold, other.changeCriticalThreshold);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        minBalance,
        maxBalance,
        dailyChangeLimit,
        weeklyChangeLimitSet,
        changeWarningThreshold,
        changeCriticalThreshold);
  }

  @Override
  public String toString() {
    return "Limits{min="
        + minBalance
        + ", max="
        + maxBalance
        + ", daily="
        + dailyChangeLimit
        + ", weekly="
        + weeklyChangeLimit().orElse(null)
        + ", warning="
        + changeWarningThreshold
        + ", critical="
        + changeCriticalThreshold
        + '}';
  }

  /**
   * Builds {@link Limits}. Each setter checks its argument at once ({@code null} removes the
   * limit); {@link #build()} checks that the limits fit together. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable BigDecimal minBalance;
    private @Nullable BigDecimal maxBalance;
    private @Nullable BigDecimal dailyChangeLimit;
    private @Nullable BigDecimal weeklyChangeLimit;
    private @Nullable BigDecimal changeWarningThreshold;
    private @Nullable BigDecimal changeCriticalThreshold;

    private Builder() {}

    /** The lowest allowed total; may be negative (credit lines). {@code null} removes it. */
    public Builder minBalance(@Nullable BigDecimal amount) {
      this.minBalance = amount;
      return this;
    }

    /**
     * The highest allowed total. {@code null} removes it.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxBalance(@Nullable BigDecimal amount) {
      this.maxBalance = nonNegative("maxBalance", amount);
      return this;
    }

    /**
     * The most the absolute changes of a rolling day may add up to. {@code null} removes it.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder dailyChangeLimit(@Nullable BigDecimal amount) {
      this.dailyChangeLimit = nonNegative("dailyChangeLimit", amount);
      return this;
    }

    /**
     * The most the absolute changes of a rolling week may add up to. {@code null} means 4 × daily.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder weeklyChangeLimit(@Nullable BigDecimal amount) {
      this.weeklyChangeLimit = nonNegative("weeklyChangeLimit", amount);
      return this;
    }

    /**
     * A single change of at least this size is reported as a warning. {@code null} removes it.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder changeWarningThreshold(@Nullable BigDecimal amount) {
      this.changeWarningThreshold = nonNegative("changeWarningThreshold", amount);
      return this;
    }

    /**
     * A single change of at least this size is reported as critical. {@code null} removes it.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder changeCriticalThreshold(@Nullable BigDecimal amount) {
      this.changeCriticalThreshold = nonNegative("changeCriticalThreshold", amount);
      return this;
    }

    /**
     * Builds the limits.
     *
     * @throws IllegalStateException if the minimum is above the maximum, the warning threshold
     *     above the critical one, or the weekly limit below the daily one
     */
    public Limits build() {
      if (minBalance != null && maxBalance != null && minBalance.compareTo(maxBalance) > 0) {
        throw new IllegalStateException(
            "minBalance "
                + minBalance.toPlainString()
                + " is above maxBalance "
                + maxBalance.toPlainString());
      }
      if (changeWarningThreshold != null
          && changeCriticalThreshold != null
          && changeWarningThreshold.compareTo(changeCriticalThreshold) > 0) {
        throw new IllegalStateException(
            "changeWarningThreshold "
                + changeWarningThreshold.toPlainString()
                + " is above changeCriticalThreshold "
                + changeCriticalThreshold.toPlainString());
      }
      if (weeklyChangeLimit != null
          && dailyChangeLimit != null
          && weeklyChangeLimit.compareTo(dailyChangeLimit) < 0) {
        throw new IllegalStateException(
            "weeklyChangeLimit "
                + weeklyChangeLimit.toPlainString()
                + " is below dailyChangeLimit "
                + dailyChangeLimit.toPlainString());
      }
      return new Limits(this);
    }

    private static @Nullable BigDecimal nonNegative(String name, @Nullable BigDecimal amount) {
      if (amount != null && amount.signum() < 0) {
        throw new IllegalArgumentException(
            name + " must be zero or positive, but was " + amount.toPlainString());
      }
      return amount;
    }
  }
}
