package dev.balancekit.validation;

import dev.balancekit.Balance;
import dev.balancekit.Severity;
import dev.balancekit.spi.ValidationContext;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One single-purpose check of one balance, with a public name and a default severity. A {@link
 * Validator} runs many of them; the validator may give a rule another severity.
 *
 * <p>A rule must never throw for bad data (negative amounts, missing optional fields, odd
 * timestamps): it reports them. A rule that throws anyway is reported by the validator as a
 * CRITICAL issue under the rule's name, and the other rules still run.
 *
 * <p>Implementations must be thread-safe (the manager validates on several threads) and should not
 * allocate when the balance passes: return {@link Optional#empty()}.
 */
public interface BalanceRule {

  /**
   * Public rule names: lower-case letters, digits and '_', starting with a letter, at most 64
   * characters.
   */
  Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /** The rule's public name, for example {@code negative_balance}; stable across releases. */
  String name();

  /** The severity of this rule's findings unless the validator overrides it. */
  Severity defaultSeverity();

  /**
   * Checks {@code balance}.
   *
   * @param balance the balance to check, never null
   * @param context the previous view, other sources' views and the time, never null
   * @return what is wrong, or empty when the balance passes
   */
  Optional<Violation> check(Balance balance, ValidationContext context);

  /**
   * A rule from a name, a default severity and a check, for example {@code BalanceRule.of("dust",
   * Severity.INFO, (b, ctx) -> ...)}.
   *
   * @throws IllegalArgumentException if {@code name} does not match {@link #NAME}, or an argument
   *     is null
   */
  static BalanceRule of(String name, Severity defaultSeverity, Check check) {
    requireName(name);
    if (defaultSeverity == null || check == null) {
      throw new IllegalArgumentException(
          "rule '"
              + name
              + "' needs a defaultSeverity and a check, but was "
              + "defaultSeverity="
              + defaultSeverity
              + ", check="
              + check);
    }
    return new BalanceRule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Severity defaultSeverity() {
        return defaultSeverity;
      }

      @Override
      public Optional<Violation> check(Balance balance, ValidationContext context) {
        return check.check(balance, context);
      }

      @Override
      public String toString() {
        return "BalanceRule{" + name + ", " + defaultSeverity + '}';
      }
    };
  }

  /**
   * Checks that {@code name} is a valid rule name and returns it.
   *
   * @throws IllegalArgumentException if it is null or does not match {@link #NAME}
   */
  static String requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "rule name must be 1-64 lower-case letters, digits or '_' starting with a "
              + "letter, but was "
              + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }

  /**
   * The check of a rule made by {@link BalanceRule#of}. Same contract as {@link BalanceRule#check}.
   */
  @FunctionalInterface
  interface Check {
    /** Returns what is wrong, or empty when the balance passes. */
    Optional<Violation> check(Balance balance, ValidationContext context);
  }
}
