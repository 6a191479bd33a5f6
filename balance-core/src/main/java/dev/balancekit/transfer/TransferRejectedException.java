package dev.balancekit.transfer;

/**
 * A policy or the venue refused the transfer for a reason without a more specific type.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class TransferRejectedException extends TransferException {
  private static final long serialVersionUID = 1L;

  private TransferRejectedException(String rule, String reason) {
    super(rule, "transfer rejected by '" + rule + "': " + reason);
  }

  /**
   * {@code rule} refused the transfer because of {@code reason} (for a person, without secrets).
   */
  public static TransferRejectedException of(String rule, String reason) {
    return new TransferRejectedException(rule, reason);
  }
}
