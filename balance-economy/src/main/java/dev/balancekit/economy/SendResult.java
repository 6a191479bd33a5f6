package dev.balancekit.economy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a send, confirm or cancel did. Immutable and thread-safe.
 *
 * @param status where the send stands
 * @param id the ledger transfer id once {@link Status#COMPLETED} (for {@link Economy#reverse}); the
 *     pending id to confirm or cancel otherwise
 * @param amount what the recipient gets
 * @param tax what the sender pays on top, to the system account
 * @param senderBalance the sender's balance now
 * @param recipientBalance the recipient's balance now
 * @param totalSent everything the sender has sent to other members, this send included once
 *     completed
 * @param expiresAt when a pending send lapses unless confirmed; {@code null} otherwise
 */
public record SendResult(
    Status status,
    String id,
    BigDecimal amount,
    BigDecimal tax,
    BigDecimal senderBalance,
    BigDecimal recipientBalance,
    BigDecimal totalSent,
    @Nullable Instant expiresAt) {

  /** Where a send stands. */
  public enum Status {
    /** The value moved. */
    COMPLETED,
    /** At or above the confirmation threshold: nothing moved until the sender confirms. */
    PENDING,
    /** The sender cancelled it; nothing moved. */
    CANCELLED
  }

  /** Whether the bot should ask the sender to confirm (or cancel) {@link #id()}. */
  public boolean needsConfirmation() {
    return status == Status.PENDING;
  }

  /** What leaves the sender: amount plus tax. */
  public BigDecimal debited() {
    return amount.add(tax);
  }

  /** When a pending send lapses, if it is pending. */
  public Optional<Instant> confirmBy() {
    return Optional.ofNullable(expiresAt);
  }
}
