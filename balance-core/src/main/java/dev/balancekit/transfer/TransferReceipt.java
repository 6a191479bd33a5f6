package dev.balancekit.transfer;

import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Proof that a transfer happened. Immutable and thread-safe.
 *
 * @param transferId BalanceKit's id of the transfer
 * @param request what was asked
 * @param fee the fee charged, in {@code feeAsset}
 * @param feeAsset the asset the fee was paid in
 * @param status how final the transfer is
 * @param venueTransactionId the venue's id (a Hedera transaction id, an Algorand txid), or {@code
 *     null}
 * @param completedAt when the rail reported the transfer
 * @param replay whether this receipt answers a retried request instead of a new transfer
 */
public record TransferReceipt(
    String transferId,
    TransferRequest request,
    BigDecimal fee,
    Asset feeAsset,
    Status status,
    @Nullable String venueTransactionId,
    Instant completedAt,
    boolean replay) {

  /** How final a transfer is. */
  public enum Status {
    /** Durable and final. */
    COMPLETED,
    /** Accepted by the venue, not yet final (a chain transaction awaiting consensus). */
    SUBMITTED
  }

  /**
   * @throws IllegalArgumentException if a required field is null or the fee is invalid
   */
  public TransferReceipt {
    Objects.requireNonNull(transferId, "transferId");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(feeAsset, "feeAsset");
    fee = feeAsset.amount("fee", fee);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(completedAt, "completedAt");
  }

  public Optional<String> venueTransaction() {
    return Optional.ofNullable(venueTransactionId);
  }

  /** This receipt marked as the answer to a retried request. */
  public TransferReceipt asReplay() {
    return replay
        ? this
        : new TransferReceipt(
            transferId, request, fee, feeAsset, status, venueTransactionId, completedAt, true);
  }
}
