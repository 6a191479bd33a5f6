package dev.balancekit;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The venue says the account does not exist, or an application owner has no account linked in the
 * {@link dev.balancekit.spi.AccountDirectory}. Not the same as an empty account, and never a zero.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class AccountNotFoundException extends BalanceKitException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable AccountRef account;
  private final @Nullable String owner;
  private final String source;

  private AccountNotFoundException(
      String message, @Nullable AccountRef account, @Nullable String owner, String source) {
    super(message);
    this.account = account;
    this.owner = owner;
    this.source = source;
  }

  /** The account {@code source} does not know. */
  public static AccountNotFoundException of(AccountRef account, String source) {
    return new AccountNotFoundException(
        "account " + account + " does not exist according to source '" + source + "'",
        account,
        null,
        source);
  }

  /** {@code owner} has no account linked in {@code directory}. */
  public static AccountNotFoundException noAccountOf(String owner, String directory) {
    return new AccountNotFoundException(
        "no account is linked to "
            + owner
            + " in directory '"
            + directory
            + "': it has no balance, which is not a balance of zero",
        null,
        owner,
        directory);
  }

  /** The unknown account; empty when an owner has no account linked. */
  public Optional<AccountRef> account() {
    return Optional.ofNullable(account);
  }

  /** The owner without a linked account, when that is what was not found. */
  public Optional<String> owner() {
    return Optional.ofNullable(owner);
  }

  /** The source or directory that reported it unknown. */
  public String source() {
    return source;
  }
}
