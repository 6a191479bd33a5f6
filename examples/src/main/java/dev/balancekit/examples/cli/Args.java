package dev.balancekit.examples.cli;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parsing of the values people type; each failure is a {@link CliException} usage error naming the
 * option.
 */
final class Args {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  private static final Pattern ASSET = Pattern.compile("([^:\\s]+):(\\d{1,2})");

  private Args() {}

  /**
   * {@code 500ms}, {@code 15s}, {@code 2m}, {@code 24h}, {@code 7d} or ISO-8601 ({@code PT15S});
   * positive.
   */
  static Duration duration(String option, @Nullable String text) {
    if (text == null) {
      throw CliException.usage(option + " is required");
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    Duration d;
    Matcher m = SHORT_DURATION.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
    } else {
      try {
        d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw CliException.usage(
            option
                + " must be a duration such as 500ms, 15s, 2m, 24h, 7d or PT15S, but was '"
                + text
                + "'");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw CliException.usage(option + " must be positive, but was '" + text + "'");
    }
    return d;
  }

  /** {@code CODE:scale}, for example {@code BTC:8}. */
  static Asset asset(String option, @Nullable String text) {
    Matcher m = text == null ? null : ASSET.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw CliException.usage(
          option + " must be CODE:scale (for example BTC:8 or COIN:0), but was " + quote(text));
    }
    try {
      return Asset.of(m.group(1), Integer.parseInt(m.group(2)));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(option + " " + quote(text) + ": " + e.getMessage(), e);
    }
  }

  /** {@code venue/id}, for example {@code kraken/main} or {@code ledger:guild-42/alice}. */
  static AccountRef account(String option, String text) {
    try {
      return AccountRef.parse(text);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(option + ": " + e.getMessage(), e);
    }
  }

  /** A positive decimal number; with {@code asset}, also within its decimals. */
  static BigDecimal positiveAmount(
      String option, @Nullable BigDecimal value, @Nullable Asset asset) {
    if (value == null) {
      throw CliException.usage(option + " is required");
    }
    if (value.signum() <= 0) {
      throw CliException.usage(
          option + " must be a positive number, but was " + value.toPlainString());
    }
    if (asset == null) {
      return value;
    }
    try {
      return asset.amount(option, value);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage(), e);
    }
  }

  /** A positive decimal number given as text (the exact digits are kept). */
  static BigDecimal positiveAmount(String option, String text) {
    BigDecimal value;
    try {
      value = new BigDecimal(text.strip());
    } catch (NumberFormatException | NullPointerException e) {
      throw CliException.usage(option + " must be a decimal number, but was " + quote(text));
    }
    return positiveAmount(option, value, null);
  }

  static String quote(@Nullable String s) {
    return s == null ? "nothing" : "'" + s + "'";
  }
}
