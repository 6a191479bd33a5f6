package dev.balancekit.ledger;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One side of a posted transfer: what it did to one account. Immutable and thread-safe.
 *
 * @param id increasing id, the cursor for paging
 * @param transferId the transfer it belongs to
 * @param kind the entry's kind: {@code "transfer"}, {@code "issue"} or {@code "burn"}
 * @param account the account
 * @param counterparty the other side
 * @param asset the asset
 * @param delta signed change (negative for the sender)
 * @param balanceAfter the account's balance right after
 * @param at when it was posted
 */
public record LedgerEntry(
    long id,
    String transferId,
    String kind,
    AccountRef account,
    AccountRef counterparty,
    Asset asset,
    BigDecimal delta,
    BigDecimal balanceAfter,
    Instant at) {

  public LedgerEntry {
    Objects.requireNonNull(transferId, "transferId");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(delta, "delta");
    Objects.requireNonNull(balanceAfter, "balanceAfter");
    Objects.requireNonNull(at, "at");
  }
}
