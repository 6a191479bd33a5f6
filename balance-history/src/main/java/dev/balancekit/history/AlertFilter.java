package dev.balancekit.history;

import dev.balancekit.AccountRef;
import org.jspecify.annotations.Nullable;

/**
 * Which alerts {@link BalanceHistory#alerts} lists. Start from {@link #all()} and narrow.
 *
 * <p>Immutable and thread-safe.
 */
public final class AlertFilter {
  private static final AlertFilter ALL = new AlertFilter(null, null, false);

  private final @Nullable AccountRef account;
  private final @Nullable AlertType type;
  private final boolean activeOnly;

  private AlertFilter(@Nullable AccountRef account, @Nullable AlertType type, boolean activeOnly) {
    this.account = account;
    this.type = type;
    this.activeOnly = activeOnly;
  }

  /** Every alert. */
  public static AlertFilter all() {
    return ALL;
  }

  /** Only alerts of {@code account}. @throws IllegalArgumentException if null */
  public AlertFilter account(AccountRef account) {
    if (account == null) {
      throw new IllegalArgumentException("account must not be null");
    }
    return new AlertFilter(account, type, activeOnly);
  }

  /** Only alerts of {@code type}. @throws IllegalArgumentException if null */
  public AlertFilter type(AlertType type) {
    if (type == null) {
      throw new IllegalArgumentException("type must not be null");
    }
    return new AlertFilter(account, type, activeOnly);
  }

  /** Only alerts whose condition still holds. */
  public AlertFilter activeOnly() {
    return new AlertFilter(account, type, true);
  }

  boolean matches(Alert a) {
    return (account == null || account.equals(a.account()))
        && (type == null || type == a.type())
        && (!activeOnly || a.isActive());
  }

  @Override
  public String toString() {
    return "AlertFilter{account=" + account + ", type=" + type + ", activeOnly=" + activeOnly + '}';
  }
}
