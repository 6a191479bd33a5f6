package dev.balancekit.validation;

import dev.balancekit.transfer.TransferRequest;

/**
 * A check the transfer service runs before any rail: it returns normally when the transfer may go
 * ahead and throws a typed refusal otherwise. Nothing has moved when it throws.
 *
 * <p>Implementations must be thread-safe and must not change state (recording usage is the
 * service's job once the transfer succeeded).
 */
@FunctionalInterface
public interface TransferPolicy {

  /**
   * Checks {@code request}.
   *
   * @throws dev.balancekit.transfer.InsufficientFundsException if the sender cannot cover amount
   *     plus fee
   * @throws dev.balancekit.transfer.TransferLimitExceededException if a maximum or daily cap would
   *     be passed
   * @throws dev.balancekit.transfer.CooldownActiveException if the sender must wait ({@code
   *     retryAfter})
   * @throws dev.balancekit.transfer.TransferRejectedException for any other refusal, named by its
   *     {@code rule()}
   */
  void check(TransferRequest request, PolicyContext context);
}
