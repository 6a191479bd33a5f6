package dev.balancekit.validation;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Per-account usage the daily caps and cooldowns read: what an account sent and received today and
 * when it last performed an action. The ledger implements it from its tables; {@link
 * InMemoryTransferUsage} keeps it in memory. The implementation decides where "today" starts (a
 * namespace's time zone, for example).
 *
 * <p>Implementations must be thread-safe and answer zero or empty for unknown accounts.
 */
public interface TransferUsage {

  /** The action name transfer cooldowns use. */
  String SEND = "send";

  /** What {@code account} sent of {@code asset} on the day that contains {@code now}. */
  BigDecimal sentToday(AccountRef account, Asset asset, Instant now);

  /** What {@code account} received of {@code asset} on the day that contains {@code now}. */
  BigDecimal receivedToday(AccountRef account, Asset asset, Instant now);

  /** When {@code account} last performed {@code action} (for example {@link #SEND}), if ever. */
  Optional<Instant> lastAction(AccountRef account, String action);

  /** Usage that knows nothing: caps count only the transfer itself, cooldowns never apply. */
  static TransferUsage none() {
    return new TransferUsage() {
      @Override
      public BigDecimal sentToday(AccountRef account, Asset asset, Instant now) {
        return BigDecimal.ZERO;
      }

      @Override
      public BigDecimal receivedToday(AccountRef account, Asset asset, Instant now) {
        return BigDecimal.ZERO;
      }

      @Override
      public Optional<Instant> lastAction(AccountRef account, String action) {
        return Optional.empty();
      }

      @Override
      public String toString() {
        return "TransferUsage.none()";
      }
    };
  }
}
