package dev.balancekit.spi;

import dev.balancekit.AccountRef;
import dev.balancekit.transfer.TransferQuote;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRequest;

/**
 * Moves value on one venue: a ledger, a chain, an exchange's internal transfer. The transfer
 * service runs policies, idempotency and confirmation around it; a rail only prices and executes.
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
   * @throws dev.balancekit.transfer.TransferException subclasses when the transfer is certain to be refused
   */
  TransferQuote quote(TransferRequest request);

  /**
   * Executes {@code request}. When this returns, the transfer is durable on the venue.
   *
   * @throws dev.balancekit.transfer.InsufficientFundsException if the sender cannot cover amount and fee
   * @throws dev.balancekit.transfer.RecipientNotOptedInException if the recipient cannot receive the asset
   * @throws dev.balancekit.transfer.TransferRejectedException if the venue refuses for another reason
   */
  TransferReceipt submit(TransferRequest request);
}
