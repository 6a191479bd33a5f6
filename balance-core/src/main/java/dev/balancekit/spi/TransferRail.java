package dev.balancekit.spi;

import dev.balancekit.AccountRef;
import dev.balancekit.transfer.PendingTransfer;
import dev.balancekit.transfer.TransferQuote;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import java.time.Instant;
import java.util.List;

/**
 * Moves value on one venue: a ledger, a chain, an exchange's internal transfer. The transfer
 * service runs policies and confirmation rules around it; a rail prices and executes.
 *
 * <p>Idempotency is the rail's duty, because only the rail can make it durable with the transfer: a
 * request whose idempotency key was already used for the same movement returns the original receipt
 * marked {@linkplain TransferReceipt#replay() replay}; for a different movement it throws {@link
 * dev.balancekit.transfer.IdempotencyConflictException}.
 *
 * <p>Implementations must be thread-safe and must make an overdraft impossible on their own
 * (conditional update, ordered locks or the venue's consensus), not by a prior balance read.
 */
public interface TransferRail {

  /** A short, stable name for receipts and status. */
  String name();

  /** Whether this rail can move value between accounts like {@code account}. */
  boolean supports(AccountRef account);

  /**
   * Prices {@code request} without moving anything.
   *
   * @throws dev.balancekit.transfer.TransferException subclasses when the transfer is certain to be
   *     refused
   */
  TransferQuote quote(TransferRequest request);

  /**
   * Executes {@code request}. When this returns, the transfer is durable on the venue.
   *
   * @throws dev.balancekit.transfer.InsufficientFundsException if the sender cannot cover amount
   *     and fee
   * @throws dev.balancekit.transfer.RecipientNotOptedInException if the recipient cannot receive
   *     the asset
   * @throws dev.balancekit.transfer.TransferRejectedException if the venue refuses for another
   *     reason
   */
  TransferReceipt submit(TransferRequest request);

  /**
   * Puts {@code request}'s amount plus fee on hold for the sender (available drops, total does not)
   * until {@link #confirm}, {@link #cancel} or {@code expiresAt}. Idempotent like {@link #submit}.
   *
   * @throws dev.balancekit.transfer.TransferException subclasses as {@link #submit}
   * @throws dev.balancekit.transfer.TransferRejectedException with rule {@code unsupported} if the
   *     venue cannot hold funds
   */
  default PendingTransfer prepare(TransferRequest request, Instant expiresAt) {
    throw TransferRejectedException.of(
        "unsupported", "rail '" + name() + "' cannot hold funds for confirmation");
  }

  /**
   * Posts a prepared transfer. Resolves it exactly once: confirming twice returns the same receipt
   * marked replay.
   *
   * @throws dev.balancekit.transfer.TransferRejectedException with rule {@code pending_expired},
   *     {@code pending_cancelled} or {@code pending_unknown}
   */
  default TransferReceipt confirm(String pendingId) {
    throw TransferRejectedException.of(
        "unsupported", "rail '" + name() + "' has no pending transfers");
  }

  /**
   * Releases a prepared transfer's hold. Cancelling a cancelled or expired one does nothing.
   *
   * @throws dev.balancekit.transfer.TransferRejectedException with rule {@code pending_confirmed}
   *     or {@code pending_unknown}
   */
  default PendingTransfer cancel(String pendingId) {
    throw TransferRejectedException.of(
        "unsupported", "rail '" + name() + "' has no pending transfers");
  }

  /**
   * Executes {@code requests} all or nothing, in order, so a leg may spend what an earlier leg of
   * the group paid in.
   *
   * @throws dev.balancekit.transfer.TransferException subclasses naming the failing leg; nothing
   *     moved
   */
  default List<TransferReceipt> submitGroup(List<TransferRequest> requests) {
    throw TransferRejectedException.of(
        "unsupported", "rail '" + name() + "' cannot execute atomic groups");
  }
}
