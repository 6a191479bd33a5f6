package dev.balancekit;

/**
 * Base of every exception BalanceKit throws on purpose. Unchecked; messages say what happened in
 * words a person can act on and never contain secrets.
 */
public class BalanceKitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected BalanceKitException(String message) {
    super(message);
  }

  protected BalanceKitException(String message, Throwable cause) {
    super(message, cause);
  }
}
