package dev.balancekit.history;

import dev.balancekit.BalanceKitException;

/**
 * History storage failed (a database was unreachable or refused a statement). Unchecked.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class HistoryException extends BalanceKitException {
  private static final long serialVersionUID = 1L;

  HistoryException(String message) {
    super(message);
  }

  HistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
