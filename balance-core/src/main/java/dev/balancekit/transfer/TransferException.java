package dev.balancekit.transfer;

import dev.balancekit.BalanceKitException;

/**
 * A transfer was refused. Nothing moved. Subclasses carry the facts a program needs; {@link
 * #rule()} names what refused it.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public abstract class TransferException extends BalanceKitException {
  private static final long serialVersionUID = 1L;

  private final String rule;

  protected TransferException(String rule, String message) {
    super(message);
    this.rule = rule;
  }

  /** The rule or check that refused the transfer, for example {@code insufficient_funds}. */
  public String rule() {
    return rule;
  }
}
