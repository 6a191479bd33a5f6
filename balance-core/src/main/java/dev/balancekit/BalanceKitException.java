package dev.balancekit;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception BalanceKit throws on purpose. Unchecked; messages say what happened in
 * words a person can act on and never contain secrets.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public class BalanceKitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected BalanceKitException(String message) {
    super(message);
  }

  protected BalanceKitException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * What may be said about {@code t} in a message, a log line or a status: the message of a
   * BalanceKit exception (written never to hold secrets), otherwise only the exception's type,
   * because third-party messages can carry URLs with keys or signatures.
   */
  public static String describe(Throwable t) {
    if (t instanceof BalanceKitException && t.getMessage() != null && !t.getMessage().isBlank()) {
      return t.getMessage();
    }
    return t.getClass().getSimpleName();
  }
}
