package dev.balancekit.validation;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.Severity;
import dev.balancekit.ValidationIssue;
import dev.balancekit.ValidationReport;
import dev.balancekit.spi.ValidationContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code precision_overflow} rule (ERROR): an amount carries more decimals than its asset's
 * scale, or more than {@link Asset#MAX_INTEGER_DIGITS} integer digits.
 *
 * <p>Core's {@link Balance} already refuses such amounts, so as a balance rule this is a safety
 * net. Its main use is {@link #checkAmount(AccountRef, Asset, String)}: check a raw amount from an
 * incoming message and get a report instead of an exception.
 *
 * <p>Immutable and thread-safe. Never throws for bad data.
 */
public final class PrecisionOverflowRule implements BalanceRule {

  static final PrecisionOverflowRule INSTANCE = new PrecisionOverflowRule();

  /** Raw text longer than this is not a plausible amount; also keeps BigDecimal parsing cheap. */
  private static final int MAX_TEXT_LENGTH = 100;

  private PrecisionOverflowRule() {}

  @Override
  public String name() {
    return BalanceRules.PRECISION_OVERFLOW;
  }

  @Override
  public Severity defaultSeverity() {
    return Severity.ERROR;
  }

  @Override
  public Optional<Violation> check(Balance balance, ValidationContext context) {
    Asset asset = balance.asset();
    Optional<Violation> found = inspect(asset, "total", balance.total());
    if (found.isEmpty() && balance.available().isPresent()) {
      found = inspect(asset, "available", balance.available().get());
    }
    if (found.isEmpty() && balance.held().isPresent()) {
      found = inspect(asset, "held", balance.held().get());
    }
    if (found.isEmpty() && !balance.wallets().isEmpty()) {
      for (Map.Entry<String, BigDecimal> wallet : balance.wallets().entrySet()) {
        found = inspect(asset, "wallet " + wallet.getKey(), wallet.getValue());
        if (found.isPresent()) {
          break;
        }
      }
    }
    return found;
  }

  /**
   * Checks a raw amount of {@code asset}.
   *
   * @param field what the amount is, named in the message (for example {@code "amount"})
   * @param value the amount; null is reported as missing
   * @return the violation, or empty when {@code value} fits the asset
   * @throws IllegalArgumentException if {@code asset} or {@code field} is null (a programming
   *     error, not bad data)
   */
  public Optional<Violation> inspect(Asset asset, String field, @Nullable BigDecimal value) {
    requireArguments(asset, field);
    if (value == null) {
      return Optional.of(
          Violation.of(field + " of " + asset.code() + " is missing", Map.of("reason", "missing")));
    }
    // Fast path without allocation: amounts held at (or below) the asset's scale always fit its
    // decimals.
    if (value.scale() <= asset.scale()
        && value.precision() - value.scale() <= Asset.MAX_INTEGER_DIGITS) {
      return Optional.empty();
    }
    if (value.scale() > asset.scale()) {
      BigDecimal stripped = value.stripTrailingZeros();
      if (stripped.scale() > asset.scale()) {
        return Optional.of(
            Violation.of(
                field
                    + " "
                    + abbreviate(value)
                    + " has "
                    + stripped.scale()
                    + " decimals but "
                    + asset.code()
                    + " allows at most "
                    + asset.scale(),
                Map.of(
                    "reason",
                    "too_many_decimals",
                    "decimals",
                    stripped.scale(),
                    "scale",
                    asset.scale())));
      }
      value = stripped;
    }
    int integerDigits = value.precision() - value.scale();
    if (integerDigits > Asset.MAX_INTEGER_DIGITS) {
      return Optional.of(
          Violation.of(
              field
                  + " of "
                  + asset.code()
                  + " has "
                  + integerDigits
                  + " integer digits but at most "
                  + Asset.MAX_INTEGER_DIGITS
                  + " are allowed ("
                  + abbreviate(value)
                  + ")",
              Map.of(
                  "reason",
                  "too_many_integer_digits",
                  "integerDigits",
                  integerDigits,
                  "maxIntegerDigits",
                  Asset.MAX_INTEGER_DIGITS)));
    }
    return Optional.empty();
  }

  /**
   * Checks a raw decimal string (plain or scientific notation) of {@code asset}; a missing or
   * non-numeric string is reported too.
   *
   * @return the violation, or empty when {@code text} is a number that fits the asset
   * @throws IllegalArgumentException if {@code asset} or {@code field} is null
   */
  public Optional<Violation> inspect(Asset asset, String field, @Nullable String text) {
    requireArguments(asset, field);
    if (text == null) {
      return inspect(asset, field, (BigDecimal) null);
    }
    String trimmed = text.strip();
    BigDecimal value = null;
    if (!trimmed.isEmpty() && trimmed.length() <= MAX_TEXT_LENGTH) {
      try {
        value = new BigDecimal(trimmed);
      } catch (NumberFormatException e) {
        value = null; // NaN, Infinity, hex, exponent beyond int range: reported below
      }
    }
    if (value == null) {
      return Optional.of(
          Violation.of(
              field
                  + " of "
                  + asset.code()
                  + " is not a decimal number: '"
                  + abbreviate(text)
                  + "'",
              Map.of("reason", "not_a_number")));
    }
    return inspect(asset, field, value);
  }

  /**
   * Checks a raw amount for {@code account} and reports rather than throws; null is reported as
   * missing.
   *
   * @return a report with one {@code precision_overflow} issue, or the empty report when it fits
   * @throws IllegalArgumentException if {@code account} or {@code asset} is null
   */
  public ValidationReport checkAmount(AccountRef account, Asset asset, @Nullable BigDecimal value) {
    return report(account, asset, inspect(asset, "amount", value));
  }

  /**
   * Checks a raw decimal string for {@code account} and reports rather than throws; null is
   * reported as missing.
   *
   * @return a report with one {@code precision_overflow} issue, or the empty report when it fits
   * @throws IllegalArgumentException if {@code account} or {@code asset} is null
   */
  public ValidationReport checkAmount(AccountRef account, Asset asset, @Nullable String text) {
    return report(account, asset, inspect(asset, "amount", text));
  }

  private ValidationReport report(AccountRef account, Asset asset, Optional<Violation> found) {
    if (account == null) {
      throw new IllegalArgumentException("account must not be null");
    }
    return found
        .map(
            v ->
                new ValidationReport(
                    List.of(
                        new ValidationIssue(
                            name(),
                            defaultSeverity(),
                            account,
                            asset.code(),
                            v.message(),
                            v.details()))))
        .orElse(ValidationReport.empty());
  }

  private static void requireArguments(Asset asset, String field) {
    if (asset == null || field == null) {
      throw new IllegalArgumentException(
          "asset and field must not be null, but were asset=" + asset + ", field=" + field);
    }
  }

  /** Never prints a billion-digit plain string for 1E-999999999. */
  private static String abbreviate(Object value) {
    String s = String.valueOf(value);
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  @Override
  public String toString() {
    return "BalanceRule{" + name() + ", " + defaultSeverity() + '}';
  }
}
