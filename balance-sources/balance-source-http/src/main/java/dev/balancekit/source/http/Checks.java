package dev.balancekit.source.http;

import com.fasterxml.jackson.core.JsonPointer;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by the builders of this module and of the venue adapters; each message
 * names the parameter and the value. Every method throws {@link IllegalArgumentException} for a bad
 * value and returns a good one. Stateless and thread-safe.
 */
public final class Checks {

  private Checks() {}

  public static <T> T notNull(String parameter, @Nullable T value) {
    if (value == null) {
      throw new IllegalArgumentException(parameter + " must not be null");
    }
    return value;
  }

  public static String notBlank(String parameter, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          parameter + " must not be null or blank, but was " + quote(value));
    }
    return value;
  }

  public static Duration positive(String parameter, @Nullable Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(parameter + " must be positive, but was " + value);
    }
    return value;
  }

  public static float percent(String parameter, float value) {
    if (!(value > 0 && value <= 100)) {
      throw new IllegalArgumentException(parameter + " must be in (0, 100], but was " + value);
    }
    return value;
  }

  public static int atLeast(String parameter, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(
          parameter + " must be at least " + min + ", but was " + value);
    }
    return value;
  }

  public static long between(String parameter, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          parameter + " must be between " + min + " and " + max + ", but was " + value);
    }
    return value;
  }

  /**
   * Reconnect backoff bounds: {@code initial} at least 1 ms, {@code max} at least {@code initial}.
   * Returns nothing; callers keep both values.
   */
  public static void backoff(String parameter, @Nullable Duration initial, @Nullable Duration max) {
    if (initial == null || initial.toMillis() < 1) {
      throw new IllegalArgumentException(
          parameter + " initial must be at least 1 ms, but was " + initial);
    }
    if (max == null || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          parameter + " max must be at least initial (" + initial + "), but was " + max);
    }
  }

  /** A JSON pointer such as {@code /result/balances} ("" is the whole document). */
  public static JsonPointer pointer(String parameter, @Nullable String expression) {
    if (expression == null) {
      throw new IllegalArgumentException(
          parameter + " must be a JSON pointer such as '/data', but was null");
    }
    try {
      return JsonPointer.compile(expression);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          parameter + " must be a JSON pointer such as '/data', but was " + quote(expression), e);
    }
  }

  /**
   * Text a venue sent, as logs and messages may show it: at most 8 characters, then the length,
   * because a venue may echo a credential back in any field.
   */
  public static String excerpt(String venueText) {
    return venueText.length() <= 8
        ? quote(venueText)
        : "'" + venueText.substring(0, 8) + "...' (" + venueText.length() + " characters)";
  }

  public static String quote(@Nullable String value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
