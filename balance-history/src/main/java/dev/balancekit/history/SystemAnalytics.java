package dev.balancekit.history;

import dev.balancekit.Asset;
import java.util.Map;
import java.util.Objects;

/**
 * Analytics across every recorded account of one venue. Per asset, opening, closing, net change and
 * activity are sums over the accounts; largest inflow and outflow, volatility and risk are the
 * highest of any account.
 *
 * <p>Immutable and thread-safe.
 *
 * @param accounts how many accounts had entries for the period
 * @param accountsByRisk how many accounts had each account-level worst risk
 */
public record SystemAnalytics(
    String venue,
    AnalyticsPeriod period,
    int accounts,
    Map<Asset, PeriodAnalytics> byAsset,
    Map<RiskLevel, Integer> accountsByRisk) {
  /**
   * @throws NullPointerException if an argument is null
   */
  public SystemAnalytics {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(period, "period");
    byAsset = Map.copyOf(Objects.requireNonNull(byAsset, "byAsset"));
    accountsByRisk = Map.copyOf(Objects.requireNonNull(accountsByRisk, "accountsByRisk"));
  }
}
