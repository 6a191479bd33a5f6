package dev.balancekit.spi;

import dev.balancekit.AccountBalances;
import dev.balancekit.ValidationReport;

/**
 * Checks an account's balances and reports what is wrong. The manager runs it on every accepted
 * update (when {@code enableValidation} is on), on {@code validate(account)}, and on each periodic
 * reconciliation with the fetched snapshot as the other source. The {@code balance-validation}
 * module provides the rule engine.
 *
 * <p>Implementations must be thread-safe, fast (they run on the ingest path) and must never throw
 * for bad data: they report it. A validator that throws anyway is reported by the manager as a
 * CRITICAL {@code validator_failed} issue.
 */
@FunctionalInterface
public interface BalanceValidator {

  /**
   * Validates {@code current}.
   *
   * @param current the account's balances as the manager now holds them
   * @param context what else is known: the previous view, other sources' views, the time
   * @return the findings, {@link ValidationReport#empty()} when there are none
   */
  ValidationReport validate(AccountBalances current, ValidationContext context);
}
