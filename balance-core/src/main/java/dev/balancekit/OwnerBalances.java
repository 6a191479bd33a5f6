package dev.balancekit;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The balances of every account linked to one application owner ({@code user:42}), as {@link
 * BalanceManager#ownerBalances} read them, with per-asset totals across those accounts. Totals add
 * only balances of the same {@link Asset} (code, scale and venue id): USDC on Hedera and USDC on
 * Algorand stay apart.
 *
 * <p>Immutable and thread-safe.
 */
public final class OwnerBalances {
  private final String owner;
  private final List<AccountBalances> accounts;
  private final Map<Asset, BigDecimal> totals;
  private final Freshness freshness;

  private OwnerBalances(String owner, List<AccountBalances> accounts) {
    this.owner = owner;
    this.accounts = List.copyOf(accounts);
    Map<Asset, BigDecimal> sums = new LinkedHashMap<>();
    Freshness worst = Freshness.LIVE;
    for (AccountBalances view : this.accounts) {
      for (Balance b : view.balances()) {
        sums.merge(b.asset(), b.total(), BigDecimal::add);
      }
      worst = view.freshness().compareTo(worst) > 0 ? view.freshness() : worst;
    }
    this.totals = Collections.unmodifiableMap(sums);
    this.freshness = worst;
  }

  /**
   * The balances of {@code owner}'s accounts.
   *
   * @throws IllegalArgumentException if an argument is null or {@code accounts} is empty
   */
  public static OwnerBalances of(String owner, List<AccountBalances> accounts) {
    if (owner == null) {
      throw new IllegalArgumentException("owner must not be null");
    }
    if (accounts == null || accounts.isEmpty() || accounts.contains(null)) {
      throw new IllegalArgumentException(
          "accounts of " + owner + " must be a non-empty list without nulls");
    }
    return new OwnerBalances(owner, accounts);
  }

  /** The owner, for example {@code user:42}. */
  public String owner() {
    return owner;
  }

  /** Each linked account's balances, in the directory's order. */
  public List<AccountBalances> accounts() {
    return accounts;
  }

  /** The total of each asset across the accounts, in the order first seen. */
  public Map<Asset, BigDecimal> totals() {
    return totals;
  }

  /** The least fresh of the accounts' views: STALE if any account was served stale. */
  public Freshness freshness() {
    return freshness;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OwnerBalances other
        && other.owner.equals(owner)
        && other.accounts.equals(accounts);
  }

  @Override
  public int hashCode() {
    return owner.hashCode() * 31 + accounts.hashCode();
  }

  @Override
  public String toString() {
    return "OwnerBalances{"
        + owner
        + ", accounts="
        + accounts.size()
        + ", totals="
        + totals
        + ", "
        + freshness
        + '}';
  }
}
