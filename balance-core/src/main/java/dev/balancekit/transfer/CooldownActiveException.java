package dev.balancekit.transfer;

import dev.balancekit.AccountRef;
import java.time.Duration;

/**
 * The account must wait before it may send again.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class CooldownActiveException extends TransferException {
  private static final long serialVersionUID = 1L;

  private final transient AccountRef account;
  private final Duration retryAfter;

  private CooldownActiveException(AccountRef account, Duration retryAfter) {
    super(
        "cooldown",
        "cooldown active: " + account + " may send again in " + seconds(retryAfter) + " s");
    this.account = account;
    this.retryAfter = retryAfter;
  }

  /** {@code account} may send again after {@code retryAfter}. */
  public static CooldownActiveException of(AccountRef account, Duration retryAfter) {
    return new CooldownActiveException(account, retryAfter);
  }

  public AccountRef account() {
    return account;
  }

  /** How long until the account may send again. */
  public Duration retryAfter() {
    return retryAfter;
  }

  private static long seconds(Duration d) {
    return (d.toMillis() + 999) / 1000;
  }
}
