package dev.balancekit.validation;

import java.util.Map;

/**
 * What a {@link BalanceRule} found wrong with one balance: a message for a person and facts for a
 * program. The validator adds the rule name, severity, account and asset to make a {@link
 * dev.balancekit.ValidationIssue}. Immutable and thread-safe.
 */
public final class Violation {

  private final String message;
  private final Map<String, Object> details;

  private Violation(String message, Map<String, Object> details) {
    this.message = message;
    this.details = details;
  }

  /**
   * A violation with a message and no details.
   *
   * @throws IllegalArgumentException if {@code message} is null or blank
   */
  public static Violation of(String message) {
    return of(message, Map.of());
  }

  /**
   * A violation with a message and machine-readable details (for example {@code current}, {@code
   * limit}).
   *
   * @throws IllegalArgumentException if {@code message} is null or blank, or {@code details} is
   *     null or holds a null key or value
   */
  public static Violation of(String message, Map<String, ?> details) {
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException(
          "message must not be null or blank, but was "
              + (message == null ? "null" : "'" + message + "'"));
    }
    if (details == null) {
      throw new IllegalArgumentException("details of '" + message + "' must not be null");
    }
    try {
      return new Violation(message, Map.copyOf(details));
    } catch (NullPointerException e) {
      throw new IllegalArgumentException(
          "details of '" + message + "' must not hold null keys or values", e);
    }
  }

  /** What is wrong, for a person. */
  public String message() {
    return message;
  }

  /** Facts for a program; never null. */
  public Map<String, Object> details() {
    return details;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Violation other
        && message.equals(other.message)
        && details.equals(other.details);
  }

  @Override
  public int hashCode() {
    return message.hashCode() * 31 + details.hashCode();
  }

  @Override
  public String toString() {
    return "Violation{" + message + ", " + details + '}';
  }
}
