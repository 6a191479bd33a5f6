package dev.balancekit.history;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One recorded total of one asset in one account.
 *
 * <p>Immutable and thread-safe.
 *
 * @param at when the manager accepted the update (kept to the microsecond)
 * @param total the total at the asset's scale
 * @param kind what caused it, {@link ChangeKind#UNKNOWN} when not said
 */
public record HistoryEntry(
    AccountRef account, Asset asset, Instant at, BigDecimal total, ChangeKind kind) {
  /**
   * @throws NullPointerException if any argument is null
   */
  public HistoryEntry {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(kind, "kind");
  }
}
