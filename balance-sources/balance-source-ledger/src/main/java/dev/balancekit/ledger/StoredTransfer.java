package dev.balancekit.ledger;

import dev.balancekit.AccountRef;
import dev.balancekit.transfer.IdempotencyConflictException;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What the ledger kept of a transfer under an idempotency key: enough to answer a replay of it. */
record StoredTransfer(
    String id,
    String from,
    String to,
    String asset,
    long units,
    @Nullable String memo,
    String status,
    long resolvedAtMicros) {

  /** The columns {@link #read} expects, in order, of {@code bk_transfers} aliased {@code t}. */
  static final String COLUMNS =
      "t.id, t.from_account, t.to_account, t.asset, t.amount, t.memo, t.status," + " t.resolved_at";

  static StoredTransfer read(ResultSet rs, int first) throws SQLException {
    return new StoredTransfer(
        rs.getString(first),
        rs.getString(first + 1),
        rs.getString(first + 2),
        rs.getString(first + 3),
        rs.getLong(first + 4),
        rs.getString(first + 5),
        rs.getString(first + 6),
        rs.getLong(first + 7));
  }

  /**
   * The original receipt, marked as a replay, for {@code r} sent again with this transfer's key.
   *
   * @throws IdempotencyConflictException if {@code r} is not the request this key was used for
   * @throws TransferRejectedException if the key belongs to a pending transfer
   */
  TransferReceipt replay(TransferRequest r, long requestUnits) {
    boolean same =
        from.equals(r.from().id())
            && to.equals(r.to().id())
            && asset.equals(r.asset().code())
            && units == requestUnits
            && Objects.equals(memo, r.memo().orElse(null));
    if (!same) {
      throw IdempotencyConflictException.of(r.idempotencyKey());
    }
    if (!status.equals("COMPLETED")) {
      throw TransferRejectedException.of(
          "idempotency",
          "idempotency key '"
              + r.idempotencyKey()
              + "' belongs to a pending transfer; confirm or cancel it instead");
    }
    return receipt(id, r, Instant.EPOCH.plus(resolvedAtMicros, ChronoUnit.MICROS), true);
  }

  /** The receipt of a completed ledger transfer: no fee, settled at once. */
  static TransferReceipt receipt(String id, TransferRequest r, Instant at, boolean replay) {
    return new TransferReceipt(
        id, r, r.asset().zero(), r.asset(), TransferReceipt.Status.COMPLETED, id, at, replay);
  }

  /** The refusal of a credit that would push {@code account}'s balance beyond a long. */
  static TransferRejectedException overflow(AccountRef account, String asset) {
    return TransferRejectedException.of(
        "balance_overflow",
        "the balance of " + account + " would exceed what the ledger can store for " + asset);
  }
}
