package dev.balancekit.examples;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManager;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Portfolio exposure per asset across accounts (exchanges, wallets, the ledger), summed by asset
 * code (USDC on two chains is one exposure): each asset's total, its value in a reference currency
 * from the given prices, and its share of the whole. An asset without a price is reported, not
 * valued at zero. Stateless; thread-safe.
 */
public final class RiskManagerExample {

  /** One asset's exposure; {@code value} and {@code share} are null when it has no price. */
  public record Exposure(
      String asset,
      BigDecimal total,
      @Nullable BigDecimal value,
      @Nullable BigDecimal sharePercent) {}

  private RiskManagerExample() {}

  /**
   * Reads every account through the manager and sums exposure per asset code.
   *
   * @param prices value of one unit of each asset code in the reference currency
   * @throws dev.balancekit.BalanceUnavailableException if an account cannot be read: exposure is
   *     then unknown, not smaller
   */
  public static Map<String, Exposure> exposure(
      BalanceManager manager, Collection<AccountRef> accounts, Map<String, BigDecimal> prices) {
    Map<String, BigDecimal> totals = new LinkedHashMap<>();
    for (AccountRef account : accounts) {
      AccountBalances view = manager.balances(account);
      for (Balance b : view.balances()) {
        totals.merge(b.asset().code(), b.total(), BigDecimal::add);
      }
    }
    BigDecimal whole = BigDecimal.ZERO;
    for (Map.Entry<String, BigDecimal> e : totals.entrySet()) {
      BigDecimal price = prices.get(e.getKey());
      whole = price == null ? whole : whole.add(e.getValue().multiply(price));
    }
    Map<String, Exposure> result = new LinkedHashMap<>();
    for (Map.Entry<String, BigDecimal> e : totals.entrySet()) {
      BigDecimal price = prices.get(e.getKey());
      BigDecimal value =
          price == null ? null : e.getValue().multiply(price).setScale(2, RoundingMode.HALF_EVEN);
      BigDecimal share =
          value == null || whole.signum() == 0
              ? null
              : e.getValue()
                  .multiply(price)
                  .multiply(BigDecimal.valueOf(100))
                  .divide(whole, 2, RoundingMode.HALF_EVEN);
      result.put(e.getKey(), new Exposure(e.getKey(), e.getValue(), value, share));
    }
    return result;
  }

  /** The assets whose share exceeds {@code limitPercent}: the concentration a risk desk flags. */
  public static Map<String, Exposure> concentrated(
      Map<String, Exposure> exposure, BigDecimal limitPercent) {
    Map<String, Exposure> flagged = new LinkedHashMap<>();
    exposure.forEach(
        (code, e) -> {
          if (e.sharePercent() != null && e.sharePercent().compareTo(limitPercent) > 0) {
            flagged.put(code, e);
          }
        });
    return flagged;
  }
}
