package dev.balancekit.source.algorand;

import dev.balancekit.BalanceKitException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A transaction (or group) went to algod but its outcome is not known: the confirmation did not
 * come within the configured timeout, or the connection failed while submitting. Unlike a {@link
 * dev.balancekit.transfer.TransferException}, this does not say that nothing moved: the transaction
 * may still be confirmed until {@link #lastValidRound()}. Look it up by {@link #transactionIds()}
 * before sending again; a retry with the same idempotency key carries the same lease, which algod
 * refuses while the first transaction is still valid, so it cannot pay twice.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class UnconfirmedTransferException extends BalanceKitException {
  private static final long serialVersionUID = 1L;

  private final List<String> transactionIds;
  private final long lastValidRound;

  UnconfirmedTransferException(
      String reason, List<String> transactionIds, long lastValidRound, @Nullable Throwable cause) {
    super(
        reason
            + ": transaction "
            + String.join(", ", transactionIds)
            + " may still be confirmed up to round "
            + lastValidRound
            + "; look it up before sending again",
        cause);
    this.transactionIds = List.copyOf(transactionIds);
    this.lastValidRound = lastValidRound;
  }

  static UnconfirmedTransferException timedOut(
      Duration timeout, List<String> transactionIds, long lastValidRound) {
    return new UnconfirmedTransferException(
        "no confirmation within " + timeout.toMillis() + " ms",
        transactionIds,
        lastValidRound,
        null);
  }

  static UnconfirmedTransferException submitFailed(
      Throwable cause, List<String> transactionIds, long lastValidRound) {
    return new UnconfirmedTransferException(
        "submitting failed ("
            + BalanceKitException.describe(cause)
            + ") and algod may have accepted it",
        transactionIds,
        lastValidRound,
        cause);
  }

  /** The ids of the transactions, in group order. */
  public List<String> transactionIds() {
    return transactionIds;
  }

  /** The last round in which the transactions can still be confirmed. */
  public long lastValidRound() {
    return lastValidRound;
  }
}
