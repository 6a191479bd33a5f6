package dev.balancekit.transfer;

/**
 * A check a {@link TransferService} runs before its rail sees a transfer: a limit, a cooldown, an
 * allow-list. Guards run in the order they were given to the builder; the first that refuses stops
 * the transfer, and the rail is not called.
 *
 * <p>Implementations must be thread-safe: the service calls them from every thread that transfers.
 * A guard must not move value; it reads the request and the rail's quote and either returns or
 * refuses.
 */
@FunctionalInterface
public interface TransferGuard {

  /**
   * Checks {@code request}, priced by its rail as {@code quote}.
   *
   * @throws TransferLimitExceededException if a configured limit would be passed
   * @throws CooldownActiveException if the sender must wait
   * @throws TransferRejectedException if the guard refuses for another reason
   * @throws TransferException any other subclass, with its {@link TransferException#rule() rule}
   */
  void check(TransferRequest request, TransferQuote quote);
}
