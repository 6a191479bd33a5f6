package dev.balancekit.history;

import dev.balancekit.AccountRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A condition to watch, for one account or every account, and one asset code or every asset. Build
 * with the static factories; then narrow with {@link #forAccount} and {@link #forAsset}. The name
 * identifies the rule: while an alert of a rule is active for an account and asset, the same rule
 * does not raise another there.
 *
 * <p>Immutable and thread-safe.
 */
public final class AlertRule {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,63}");

  private final String name;
  private final AlertType type;
  private final @Nullable AccountRef account;
  private final @Nullable String assetCode;
  private final @Nullable BigDecimal threshold;
  private final @Nullable Duration window;
  private final @Nullable ChangeLimitProvider limits;

  private AlertRule(
      String name,
      AlertType type,
      @Nullable AccountRef account,
      @Nullable String assetCode,
      @Nullable BigDecimal threshold,
      @Nullable Duration window,
      @Nullable ChangeLimitProvider limits) {
    this.name = name;
    this.type = type;
    this.account = account;
    this.assetCode = assetCode;
    this.threshold = threshold;
    this.window = window;
    this.limits = limits;
  }

  /**
   * Alerts with {@link AlertType#BELOW_WARNING} when a total of {@code assetCode} falls below
   * {@code threshold}.
   *
   * @throws IllegalArgumentException if the name is malformed, the asset code blank or the
   *     threshold null
   */
  public static AlertRule belowWarning(String name, String assetCode, BigDecimal threshold) {
    return below(name, AlertType.BELOW_WARNING, assetCode, threshold);
  }

  /**
   * Alerts with {@link AlertType#BELOW_CRITICAL} when a total of {@code assetCode} falls below
   * {@code threshold}.
   *
   * @throws IllegalArgumentException if the name is malformed, the asset code blank or the
   *     threshold null
   */
  public static AlertRule belowCritical(String name, String assetCode, BigDecimal threshold) {
    return below(name, AlertType.BELOW_CRITICAL, assetCode, threshold);
  }

  private static AlertRule below(
      String name, AlertType type, String assetCode, BigDecimal threshold) {
    String problems =
        nameProblem(name)
            + codeProblem(assetCode)
            + (threshold == null ? "threshold must not be null; " : "");
    check(problems);
    return new AlertRule(name, type, null, assetCode, threshold, null, null);
  }

  /**
   * Alerts with {@link AlertType#SIGNIFICANT_DROP} when a total is at least {@code percent} below
   * the highest total of its series within {@code window}.
   *
   * @throws IllegalArgumentException if the name is malformed, the percent is not in (0, 100] or
   *     the window is not positive
   */
  public static AlertRule significantDrop(String name, BigDecimal percent, Duration window) {
    String problems =
        nameProblem(name)
            + (percent == null
                    || percent.signum() <= 0
                    || percent.compareTo(BigDecimal.valueOf(100)) > 0
                ? "percent must be in (0, 100], but was " + percent + "; "
                : "")
            + (window == null || window.isNegative() || window.isZero()
                ? "window must be positive, but was " + window + "; "
                : "");
    check(problems);
    return new AlertRule(name, AlertType.SIGNIFICANT_DROP, null, null, percent, window, null);
  }

  /**
   * Alerts with {@link AlertType#LIMIT_EXCEEDED} when one change is larger than the limit {@code
   * limits} gives.
   *
   * @throws IllegalArgumentException if the name is malformed or {@code limits} is null
   */
  public static AlertRule limitExceeded(String name, ChangeLimitProvider limits) {
    check(nameProblem(name) + (limits == null ? "limits must not be null; " : ""));
    return new AlertRule(name, AlertType.LIMIT_EXCEEDED, null, null, null, null, limits);
  }

  /**
   * This rule, watching only {@code account}. @throws IllegalArgumentException if {@code account}
   * is null
   */
  public AlertRule forAccount(AccountRef account) {
    if (account == null) {
      throw new IllegalArgumentException("account must not be null");
    }
    return new AlertRule(name, type, account, assetCode, threshold, window, limits);
  }

  /**
   * This rule, watching only {@code assetCode}. @throws IllegalArgumentException if the code is
   * blank
   */
  public AlertRule forAsset(String assetCode) {
    check(codeProblem(assetCode));
    return new AlertRule(name, type, account, assetCode, threshold, window, limits);
  }

  public String name() {
    return name;
  }

  public AlertType type() {
    return type;
  }

  /** The account watched, empty for every account. */
  public Optional<AccountRef> account() {
    return Optional.ofNullable(account);
  }

  /** The asset code watched, empty for every asset. */
  public Optional<String> assetCode() {
    return Optional.ofNullable(assetCode);
  }

  /** The threshold (below-rules) or the percent (drop rule); empty for limit rules. */
  public Optional<BigDecimal> threshold() {
    return Optional.ofNullable(threshold);
  }

  /** The window of a drop rule. */
  public Optional<Duration> window() {
    return Optional.ofNullable(window);
  }

  /** The limits of a {@link AlertType#LIMIT_EXCEEDED} rule; only such a rule has them. */
  ChangeLimitProvider limits() {
    return Objects.requireNonNull(limits, "only a limit rule has limits");
  }

  boolean covers(AccountRef a, String code) {
    return (account == null || account.equals(a)) && (assetCode == null || assetCode.equals(code));
  }

  private static String nameProblem(String name) {
    return name == null || !NAME.matcher(name).matches()
        ? "name must be 1-64 letters, digits, '.', '_', ':' or '-', but was " + name + "; "
        : "";
  }

  private static String codeProblem(String code) {
    return code == null || code.isBlank()
        ? "assetCode must not be blank, but was " + code + "; "
        : "";
  }

  private static void check(String problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.substring(0, problems.length() - 2));
    }
  }

  @Override
  public String toString() {
    return "AlertRule{"
        + name
        + ", "
        + type
        + (account == null ? "" : ", " + account)
        + (assetCode == null ? "" : ", " + assetCode)
        + (threshold == null ? "" : ", " + threshold.toPlainString())
        + (window == null ? "" : ", " + window)
        + '}';
  }
}
