package dev.balancekit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A unit of value: a canonical code ({@code BTC}, {@code HBAR}, {@code USDC}), the number of
 * decimals its amounts may carry, and an optional venue-specific id (a Hedera token id such as
 * {@code 0.0.456858}, an Algorand asset id such as {@code 31566704}).
 *
 * <p>Every amount of this asset that enters BalanceKit passes through {@link #amount(String,
 * BigDecimal)} or {@link #parse(String, String)}, which reject more decimals than {@link #scale()},
 * non-numbers and absurd magnitudes, so that amounts stay exact and comparable.
 *
 * <p>Immutable and thread-safe.
 */
public final class Asset {

  /** Largest number of decimals an asset may declare. */
  public static final int MAX_SCALE = 30;

  /** Largest number of digits left of the decimal point an amount may have. */
  public static final int MAX_INTEGER_DIGITS = 30;

  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,31}");
  private static final Pattern VENUE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,127}");

  /** Longest string {@link #parse} looks at; longer input is rejected before BigDecimal sees it. */
  private static final int MAX_TEXT_LENGTH = 100;

  private final String code;
  private final int scale;
  private final @Nullable String venueId;

  private Asset(String code, int scale, @Nullable String venueId) {
    this.code = code;
    this.scale = scale;
    this.venueId = venueId;
  }

  /**
   * Returns an asset without a venue id.
   *
   * @throws IllegalArgumentException if {@code code} is null, blank or malformed, or {@code scale}
   *     is outside {@code 0..MAX_SCALE}
   */
  public static Asset of(String code, int scale) {
    return of(code, scale, null);
  }

  /**
   * Returns an asset with a venue-specific id ({@code null} for none).
   *
   * @throws IllegalArgumentException if {@code code} is null, blank or malformed, {@code scale} is
   *     outside {@code 0..MAX_SCALE}, or {@code venueId} is malformed
   */
  public static Asset of(String code, int scale, @Nullable String venueId) {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "code must be 1-32 letters, digits, '.', '_' or '-' starting with a letter or digit, but was "
              + quote(code));
    }
    if (scale < 0 || scale > MAX_SCALE) {
      throw new IllegalArgumentException(
          "scale of " + code + " must be between 0 and " + MAX_SCALE + " but was " + scale);
    }
    if (venueId != null && !VENUE_ID.matcher(venueId).matches()) {
      throw new IllegalArgumentException("venueId of " + code + " is malformed: " + quote(venueId));
    }
    return new Asset(code, scale, venueId);
  }

  /** The canonical code, for example {@code BTC}. Case is significant. */
  public String code() {
    return code;
  }

  /** The number of decimals an amount of this asset may carry. */
  public int scale() {
    return scale;
  }

  /** The venue-specific id, if the venue names assets by id. */
  public Optional<String> venueId() {
    return Optional.ofNullable(venueId);
  }

  /**
   * Checks {@code value} as an amount of this asset and returns it at exactly {@link #scale()}
   * decimals, so that equal amounts are {@code equals}.
   *
   * @param field what the amount is, named in the error message (for example {@code "total"})
   * @throws IllegalArgumentException if {@code value} is null, has more decimals than this asset
   *     allows, or more than {@link #MAX_INTEGER_DIGITS} integer digits
   */
  public BigDecimal amount(String field, BigDecimal value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    if (isExact(value)) {
      return value; // the common case, without stripping zeros
    }
    // In long arithmetic, before stripTrailingZeros or setScale can overflow an int scale.
    if ((long) value.precision() - value.scale() > MAX_INTEGER_DIGITS && value.signum() != 0) {
      throw absurdlyLarge(field, value);
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() > scale) {
      // toPlainString of 1E-999999999 would be a billion characters: abbreviate what is shown.
      String shown =
          stripped.scale() > MAX_SCALE + MAX_INTEGER_DIGITS
              ? abbreviate(value)
              : value.toPlainString();
      throw new IllegalArgumentException(
          field
              + " "
              + shown
              + " has "
              + stripped.scale()
              + " decimals but "
              + code
              + " allows at most "
              + scale);
    }
    if ((long) stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
      throw absurdlyLarge(field, value);
    }
    return value.setScale(scale);
  }

  private IllegalArgumentException absurdlyLarge(String field, BigDecimal value) {
    return new IllegalArgumentException(
        field
            + " of "
            + code
            + " is absurdly large: more than "
            + MAX_INTEGER_DIGITS
            + " integer digits ("
            + abbreviate(value)
            + ")");
  }

  /** Whether {@code value} is already a valid amount at exactly this asset's scale. */
  boolean isExact(BigDecimal value) {
    return value.scale() == scale && value.precision() - scale <= MAX_INTEGER_DIGITS;
  }

  /**
   * Parses a decimal string (plain or scientific notation) as an amount of this asset.
   *
   * @throws IllegalArgumentException if {@code text} is null, not a finite decimal number, or fails
   *     {@link #amount(String, BigDecimal)}
   */
  public BigDecimal parse(String field, String text) {
    if (text == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(
          field + " of " + code + " is not a decimal number: " + quote(abbreviate(text)));
    }
    BigDecimal value;
    try {
      value = new BigDecimal(trimmed);
    } catch (NumberFormatException e) {
      // Covers NaN, Infinity, hex, empty exponents and exponents beyond int range.
      throw new IllegalArgumentException(
          field + " of " + code + " is not a decimal number: " + quote(trimmed), e);
    }
    if (value.scale() < -MAX_INTEGER_DIGITS
        || value.scale() > MAX_SCALE + MAX_INTEGER_DIGITS + MAX_TEXT_LENGTH) {
      // Guards stripTrailingZeros/setScale against exponents like 1e-999999999.
      throw new IllegalArgumentException(
          field + " of " + code + " has an absurd exponent: " + trimmed);
    }
    return amount(field, value);
  }

  /**
   * Converts an amount to integer base units (satoshis, tinybars, microAlgos).
   *
   * @throws IllegalArgumentException as {@link #amount(String, BigDecimal)}
   */
  public BigInteger toUnits(BigDecimal value) {
    return amount("amount", value).unscaledValue();
  }

  /** Converts integer base units back to an amount at this asset's scale. */
  public BigDecimal fromUnits(BigInteger units) {
    Objects.requireNonNull(units, "units");
    return amount("amount", new BigDecimal(units, scale));
  }

  /** Converts integer base units back to an amount at this asset's scale. */
  public BigDecimal fromUnits(long units) {
    return BigDecimal.valueOf(units, scale);
  }

  /** Zero of this asset at its scale. */
  public BigDecimal zero() {
    return BigDecimal.ZERO.setScale(scale);
  }

  /** Formats an amount with this asset's scale and code, for example {@code 4.500000 ALGO}. */
  public String format(BigDecimal value) {
    return value.setScale(Math.max(scale, value.scale())).toPlainString() + " " + code;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Asset other
        && scale == other.scale
        && code.equals(other.code)
        && Objects.equals(venueId, other.venueId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, scale, venueId);
  }

  @Override
  public String toString() {
    return venueId == null ? code + "(" + scale + ")" : code + "(" + scale + ", " + venueId + ")";
  }

  static String quote(String s) {
    return s == null ? "null" : "'" + s + "'";
  }

  private static String abbreviate(Object value) {
    String s = String.valueOf(value);
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
