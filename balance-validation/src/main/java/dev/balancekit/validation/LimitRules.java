package dev.balancekit.validation;

import dev.balancekit.AccountBalances;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.Severity;
import dev.balancekit.spi.ValidationContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Change and limit rules for balance updates and ledger operations, configured per asset code with
 * {@link Limits} (for example {@link Tier#limits()}) and fed by a {@link ChangeWindow}. Add them to
 * a validator with {@code Validators.defaultsBuilder().rules(limitRules.rules())}; validate a
 * ledger operation with {@link Validator#validateChange}.
 *
 * <p>The change being validated is {@code current total − previous total} of the same asset, taken
 * from {@link ValidationContext#previous()}; without a previous view it is zero, so only the
 * balance limits and the window sums already recorded apply. Assets without limits pass.
 *
 * <table>
 *   <caption>Limit rules, in the order they run</caption>
 *   <tr><th>name</th><th>default severity</th><th>finds</th></tr>
 *   <tr><td>{@value #MIN_BALANCE}</td><td>ERROR</td><td>total below the minimum</td></tr>
 *   <tr><td>{@value #MAX_BALANCE}</td><td>ERROR</td><td>total above the maximum</td></tr>
 *   <tr><td>{@value #DAILY_CHANGE_LIMIT}</td><td>ERROR</td><td>absolute changes in the last 24 h, this one included, above the daily limit</td></tr>
 *   <tr><td>{@value #WEEKLY_CHANGE_LIMIT}</td><td>ERROR</td><td>the same over 7 days above the weekly limit</td></tr>
 *   <tr><td>{@value #CHANGE_WARNING_THRESHOLD}</td><td>WARNING</td><td>this change at or above the warning threshold</td></tr>
 *   <tr><td>{@value #CHANGE_CRITICAL_THRESHOLD}</td><td>CRITICAL</td><td>this change at or above the critical threshold</td></tr>
 *   <tr><td>{@value #RISK_SCORE}</td><td>WARNING</td><td>{@link RiskScore} at or above the alert score</td></tr>
 * </table>
 *
 * <p>Limits are inclusive: a total exactly at the minimum or maximum, or a window sum exactly at a
 * change limit, passes. Immutable and thread-safe.
 */
public final class LimitRules {

  public static final String MIN_BALANCE = "min_balance";
  public static final String MAX_BALANCE = "max_balance";
  public static final String DAILY_CHANGE_LIMIT = "daily_change_limit";
  public static final String WEEKLY_CHANGE_LIMIT = "weekly_change_limit";
  public static final String CHANGE_WARNING_THRESHOLD = "change_warning_threshold";
  public static final String CHANGE_CRITICAL_THRESHOLD = "change_critical_threshold";
  public static final String RISK_SCORE = "risk_score";

  /** The risk score at or above which {@value #RISK_SCORE} reports, unless set. */
  public static final int DEFAULT_RISK_ALERT_SCORE = 75;

  /** The window of recent changes the risk score's velocity reads, unless set. */
  public static final Duration DEFAULT_VELOCITY_WINDOW = Duration.ofHours(1);

  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration WEEK = Duration.ofDays(7);

  private final Map<String, Limits> limitsByAssetCode;
  private final ChangeWindow window;
  private final Duration velocityWindow;
  private final int riskAlertScore;
  private final List<BalanceRule> rules;

  private LimitRules(Builder b) {
    this.limitsByAssetCode = Map.copyOf(b.limitsByAssetCode);
    this.window = b.window;
    this.velocityWindow = b.velocityWindow;
    this.riskAlertScore = b.riskAlertScore;
    this.rules =
        List.of(
            balanceLimit(MIN_BALANCE, Limits::minBalance, -1, "below the minimum"),
            balanceLimit(MAX_BALANCE, Limits::maxBalance, 1, "above the maximum"),
            windowLimit(DAILY_CHANGE_LIMIT, Limits::dailyChangeLimit, DAY, "daily"),
            windowLimit(WEEKLY_CHANGE_LIMIT, Limits::weeklyChangeLimit, WEEK, "weekly"),
            changeThreshold(
                CHANGE_WARNING_THRESHOLD,
                Severity.WARNING,
                Limits::changeWarningThreshold,
                "warning"),
            changeThreshold(
                CHANGE_CRITICAL_THRESHOLD,
                Severity.CRITICAL,
                Limits::changeCriticalThreshold,
                "critical"),
            BalanceRule.of(RISK_SCORE, Severity.WARNING, this::checkRisk));
  }

  /** Starts a builder with no limits, no change window and the default risk settings. */
  public static Builder custom() {
    return new Builder();
  }

  /** The seven rules, in the order of the table above. */
  public List<BalanceRule> rules() {
    return rules;
  }

  /** The limits of {@code assetCode}, if any were set. */
  public Optional<Limits> limitsOf(String assetCode) {
    return Optional.ofNullable(limitsByAssetCode.get(assetCode));
  }

  /** A total outside a limit: {@code direction} −1 reports totals below it, +1 totals above it. */
  private BalanceRule balanceLimit(
      String name, Function<Limits, Optional<BigDecimal>> limitOf, int direction, String what) {
    return BalanceRule.of(
        name,
        Severity.ERROR,
        (b, ctx) -> {
          Optional<BigDecimal> limit = limitOf(b, limitOf);
          if (limit.isEmpty() || Integer.signum(b.total().compareTo(limit.get())) != direction) {
            return Optional.empty();
          }
          Asset asset = b.asset();
          return Optional.of(
              Violation.of(
                  "total "
                      + asset.format(b.total())
                      + " is "
                      + what
                      + " of "
                      + asset.format(limit.get()),
                  Map.of("total", b.total(), "limit", limit.get())));
        });
  }

  /** The window's absolute changes plus this one above {@code limitOf}. */
  private BalanceRule windowLimit(
      String name, Function<Limits, Optional<BigDecimal>> limitOf, Duration length, String what) {
    return BalanceRule.of(
        name,
        Severity.ERROR,
        (b, ctx) -> {
          Optional<BigDecimal> limit = limitOf(b, limitOf);
          if (limit.isEmpty()) {
            return Optional.empty();
          }
          BigDecimal change = changeOf(b, ctx);
          BigDecimal recent =
              window.absoluteChangeSince(b.account(), b.asset().code(), ctx.now().minus(length));
          BigDecimal total = recent.add(change);
          if (total.compareTo(limit.get()) <= 0) {
            return Optional.empty();
          }
          Asset asset = b.asset();
          return Optional.of(
              Violation.of(
                  what
                      + " changes of "
                      + asset.format(total)
                      + " (this change "
                      + asset.format(change)
                      + ") are above the "
                      + what
                      + " change limit of "
                      + asset.format(limit.get()),
                  Map.of(
                      "windowTotal",
                      total,
                      "change",
                      change,
                      "limit",
                      limit.get(),
                      "window",
                      length)));
        });
  }

  /** This change at or above {@code thresholdOf}. */
  private BalanceRule changeThreshold(
      String name,
      Severity severity,
      Function<Limits, Optional<BigDecimal>> thresholdOf,
      String what) {
    return BalanceRule.of(
        name,
        severity,
        (b, ctx) -> {
          Optional<BigDecimal> threshold = limitOf(b, thresholdOf);
          if (threshold.isEmpty()) {
            return Optional.empty();
          }
          BigDecimal change = changeOf(b, ctx);
          if (change.signum() == 0 || change.compareTo(threshold.get()) < 0) {
            return Optional.empty();
          }
          Asset asset = b.asset();
          return Optional.of(
              Violation.of(
                  "change of "
                      + asset.format(change)
                      + " is at or above the "
                      + what
                      + " threshold of "
                      + asset.format(threshold.get()),
                  Map.of("change", change, "threshold", threshold.get())));
        });
  }

  private Optional<Violation> checkRisk(Balance b, ValidationContext ctx) {
    if (!limitsByAssetCode.containsKey(b.asset().code())) {
      return Optional.empty();
    }
    Optional<BigDecimal> before = previousTotal(b, ctx);
    if (before.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal recent =
        window.absoluteChangeSince(b.account(), b.asset().code(), ctx.now().minus(velocityWindow));
    int score = RiskScore.of(before.get(), b.total(), recent);
    if (score < riskAlertScore) {
      return Optional.empty();
    }
    Asset asset = b.asset();
    return Optional.of(
        Violation.of(
            "risk score "
                + score
                + " of the change from "
                + asset.format(before.get())
                + " to "
                + asset.format(b.total())
                + " is at or above "
                + riskAlertScore,
            Map.of(
                "score",
                score,
                "alertScore",
                riskAlertScore,
                "before",
                before.get(),
                "after",
                b.total(),
                "recentChanges",
                recent)));
  }

  private Optional<BigDecimal> limitOf(Balance b, Function<Limits, Optional<BigDecimal>> limitOf) {
    Limits limits = limitsByAssetCode.get(b.asset().code());
    return limits == null ? Optional.empty() : limitOf.apply(limits);
  }

  /** |current − previous| of the balance's asset; zero when the previous total is unknown. */
  private static BigDecimal changeOf(Balance b, ValidationContext ctx) {
    Optional<BigDecimal> before = previousTotal(b, ctx);
    return before.isEmpty() ? BigDecimal.ZERO : b.total().subtract(before.get()).abs();
  }

  private static Optional<BigDecimal> previousTotal(Balance b, ValidationContext ctx) {
    AccountBalances previous = ctx.previous();
    return previous == null ? Optional.empty() : previous.get(b.asset()).map(Balance::total);
  }

  @Override
  public String toString() {
    return "LimitRules{"
        + limitsByAssetCode
        + ", velocityWindow="
        + velocityWindow
        + ", riskAlertScore="
        + riskAlertScore
        + '}';
  }

  /** Builds {@link LimitRules}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Limits> limitsByAssetCode = new LinkedHashMap<>();
    private ChangeWindow window = ChangeWindow.none();
    private Duration velocityWindow = DEFAULT_VELOCITY_WINDOW;
    private int riskAlertScore = DEFAULT_RISK_ALERT_SCORE;

    private Builder() {}

    /**
     * Applies {@code limits} to the asset with {@code assetCode}, replacing earlier limits of it.
     *
     * @throws IllegalArgumentException if an argument is null or blank
     */
    public Builder limits(String assetCode, Limits limits) {
      if (assetCode == null || assetCode.isBlank() || limits == null) {
        throw new IllegalArgumentException(
            "limits need an asset code and limits, but were assetCode="
                + (assetCode == null ? "null" : "'" + assetCode + "'")
                + ", limits="
                + limits);
      }
      limitsByAssetCode.put(assetCode, limits);
      return this;
    }

    /**
     * Applies the limits of {@code tier} to the asset with {@code assetCode}; see {@link #limits}.
     */
    public Builder tier(String assetCode, Tier tier) {
      if (tier == null) {
        throw new IllegalArgumentException("tier of " + assetCode + " must not be null");
      }
      return limits(assetCode, tier.limits());
    }

    /**
     * Where the daily and weekly limits and the risk score read recent changes; {@link
     * ChangeWindow#none()} unless set.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder changeWindow(ChangeWindow window) {
      if (window == null) {
        throw new IllegalArgumentException("changeWindow must not be null");
      }
      this.window = window;
      return this;
    }

    /**
     * How far back the risk score's velocity looks at recent changes; {@link
     * #DEFAULT_VELOCITY_WINDOW} unless set.
     *
     * @throws IllegalArgumentException if {@code length} is null, zero or negative
     */
    public Builder velocityWindow(Duration length) {
      if (length == null || length.isNegative() || length.isZero()) {
        throw new IllegalArgumentException("velocityWindow must be positive, but was " + length);
      }
      this.velocityWindow = length;
      return this;
    }

    /**
     * The risk score at or above which {@value #RISK_SCORE} reports; {@link
     * #DEFAULT_RISK_ALERT_SCORE} unless set.
     *
     * @throws IllegalArgumentException if {@code score} is outside 0..100
     */
    public Builder riskAlertScore(int score) {
      if (score < 0 || score > 100) {
        throw new IllegalArgumentException("riskAlertScore must be in 0..100, but was " + score);
      }
      this.riskAlertScore = score;
      return this;
    }

    /**
     * Builds the rules.
     *
     * @throws IllegalStateException if no limits were set
     */
    public LimitRules build() {
      if (limitsByAssetCode.isEmpty()) {
        throw new IllegalStateException(
            "limit rules need limits for at least one asset: call limits(...) or tier(...)");
      }
      return new LimitRules(this);
    }
  }
}
