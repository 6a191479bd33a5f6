package dev.balancekit.history;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a dashboard shows for one account, from one call.
 *
 * <p>Immutable and thread-safe.
 *
 * @param current the latest recorded entry of each asset
 * @param recentHistory per asset, the latest entries (oldest first); empty unless asked for
 * @param activeAlerts the account's active alerts; empty unless asked for
 * @param trends per asset, the trend over the configured report window
 */
public record BalanceReport(
    AccountRef account,
    Instant generatedAt,
    Map<Asset, HistoryEntry> current,
    Map<Asset, List<HistoryEntry>> recentHistory,
    List<Alert> activeAlerts,
    Map<Asset, Trend> trends) {
  /**
   * @throws NullPointerException if an argument is null
   */
  public BalanceReport {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(generatedAt, "generatedAt");
    current = Map.copyOf(current);
    recentHistory = Map.copyOf(recentHistory);
    activeAlerts = List.copyOf(activeAlerts);
    trends = Map.copyOf(trends);
  }
}
