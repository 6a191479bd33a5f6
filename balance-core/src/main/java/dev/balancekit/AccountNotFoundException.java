package dev.balancekit;

/**
 * The venue says the account does not exist. Not the same as an empty account, and never a zero.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class AccountNotFoundException extends BalanceKitException {
  private static final long serialVersionUID = 1L;

  private final transient AccountRef account;
  private final String source;

  private AccountNotFoundException(AccountRef account, String source) {
    super("account " + account + " does not exist according to source '" + source + "'");
    this.account = account;
    this.source = source;
  }

  /** The account {@code source} does not know. */
  public static AccountNotFoundException of(AccountRef account, String source) {
    return new AccountNotFoundException(account, source);
  }

  public AccountRef account() {
    return account;
  }

  /** The source that reported the account unknown. */
  public String source() {
    return source;
  }
}
