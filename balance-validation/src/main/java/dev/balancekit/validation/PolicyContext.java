package dev.balancekit.validation;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What a {@link TransferPolicy} knows besides the request, supplied by the transfer service.
 * Immutable and thread-safe if {@code usage} is.
 *
 * @param senderAvailable what the sender can spend now of the request's asset (available, or the
 *     total when the source does not say); may be negative
 * @param fee the fee the sender pays on top of the amount, in the request's asset; zero for none
 * @param now the service's clock
 * @param usage the sender's and recipient's recent usage (sent and received today, last actions)
 * @param confirmed whether the user already confirmed this transfer (a {@code confirm(id)} of a
 *     prepared transfer); large transfers are refused until then
 */
public record PolicyContext(
    BigDecimal senderAvailable,
    BigDecimal fee,
    Instant now,
    TransferUsage usage,
    boolean confirmed) {

  /**
   * @throws IllegalArgumentException if an argument is null or {@code fee} is negative
   */
  public PolicyContext {
    if (senderAvailable == null || fee == null || now == null || usage == null) {
      throw new IllegalArgumentException(
          "senderAvailable, fee, now and usage must not be null, but were "
              + "senderAvailable="
              + senderAvailable
              + ", fee="
              + fee
              + ", now="
              + now
              + ", usage="
              + usage);
    }
    if (fee.signum() < 0) {
      throw new IllegalArgumentException(
          "fee must be zero or positive, but was " + fee.toPlainString());
    }
  }

  /** An unconfirmed transfer's context. */
  public static PolicyContext of(
      BigDecimal senderAvailable, BigDecimal fee, Instant now, TransferUsage usage) {
    return new PolicyContext(senderAvailable, fee, now, usage, false);
  }

  /** This context for a transfer the user confirmed. */
  public PolicyContext asConfirmed() {
    return new PolicyContext(senderAvailable, fee, now, usage, true);
  }
}
