package dev.balancekit;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * No source could say what an account holds and nothing usable was cached. BalanceKit throws this
 * instead of ever inventing a balance.
 *
 * <p>{@link #failures()} lists why each source failed, in the order they were tried; the first is
 * also the {@linkplain #getCause() cause}.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class BalanceUnavailableException extends BalanceKitException {
  private static final long serialVersionUID = 1L;

  private final transient AccountRef account;
  private final @Nullable String assetCode;
  private final transient List<Throwable> failures;

  private BalanceUnavailableException(
      String message, AccountRef account, @Nullable String assetCode, List<Throwable> failures) {
    super(message, failures.isEmpty() ? null : failures.get(0));
    this.account = account;
    this.assetCode = assetCode;
    this.failures = List.copyOf(failures);
    failures.stream().skip(1).forEach(this::addSuppressed);
  }

  /** Every source failed (or none applied) and the cache had nothing within its staleness bound. */
  public static BalanceUnavailableException noSourceAnswered(
      AccountRef account, List<Throwable> failures) {
    StringBuilder why = new StringBuilder("no balance available for ").append(account).append(": ");
    if (failures.isEmpty()) {
      why.append("no source serves this account");
    } else {
      for (int i = 0; i < failures.size(); i++) {
        why.append(i == 0 ? "" : "; ").append(BalanceKitException.describe(failures.get(i)));
      }
    }
    return new BalanceUnavailableException(
        why.append("; nothing usable cached").toString(), account, null, failures);
  }

  /** The account was answered, but by a partial view that does not mention {@code asset}. */
  public static BalanceUnavailableException assetNotReported(AccountRef account, Asset asset) {
    return new BalanceUnavailableException(
        "no balance of "
            + asset.code()
            + " known for "
            + account
            + ": the source reported other assets only",
        account,
        asset.code(),
        List.of());
  }

  /** The account whose balance was asked for. */
  public AccountRef account() {
    return account;
  }

  /** The asset asked for, if the failure concerns one asset. */
  public Optional<String> assetCode() {
    return Optional.ofNullable(assetCode);
  }

  /** Why each source failed, in the order tried. */
  public List<Throwable> failures() {
    return failures;
  }
}
