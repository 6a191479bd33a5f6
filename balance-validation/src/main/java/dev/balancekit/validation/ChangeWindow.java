package dev.balancekit.validation;

import dev.balancekit.AccountRef;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The recent changes of an account's balances, as the history module or the ledger knows them: the
 * daily and weekly change limits and the risk score read their rolling sums from it.
 *
 * <p>The window holds changes already applied; the change being validated is not in it yet (the
 * limit rules add it themselves). Implementations must be thread-safe and must not throw for an
 * account they do not know (answer zero).
 */
@FunctionalInterface
public interface ChangeWindow {

  /**
   * The sum of the absolute values of the changes of {@code assetCode} in {@code account} recorded
   * at or after {@code since}; zero when there are none.
   */
  BigDecimal absoluteChangeSince(AccountRef account, String assetCode, Instant since);

  /** A window that knows no changes: limits then apply to each change on its own. */
  static ChangeWindow none() {
    return (account, assetCode, since) -> BigDecimal.ZERO;
  }
}
