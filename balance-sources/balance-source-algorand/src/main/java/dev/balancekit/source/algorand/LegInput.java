package dev.balancekit.source.algorand;

import dev.balancekit.Asset;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * One leg as the caller gave it, before any check: either a {@link TransferRequest} (already
 * validated as a request) or raw text from a person (a CLI), which may be anything. Immutable.
 *
 * @param from the sender address text
 * @param to the receiver address text
 * @param fromVenue the sender's venue when given as an account, or {@code null}
 * @param toVenue the receiver's venue when given as an account, or {@code null}
 * @param asset the requested asset, or {@code null} when {@code assetText} names it
 * @param assetText {@code ALGO} or an ASA id, when {@code asset} is null
 * @param amount the amount, or {@code null} when {@code amountText} gives it
 * @param amountText the amount as text, when {@code amount} is null
 * @param memo the memo, or {@code null}
 * @param idempotencyKey the key the lease derives from, or {@code null} for a random lease
 */
record LegInput(
    String from,
    String to,
    @Nullable String fromVenue,
    @Nullable String toVenue,
    @Nullable Asset asset,
    @Nullable String assetText,
    @Nullable BigDecimal amount,
    @Nullable String amountText,
    @Nullable String memo,
    @Nullable String idempotencyKey) {

  static LegInput of(TransferRequest r) {
    return new LegInput(
        r.from().id(),
        r.to().id(),
        r.from().venue(),
        r.to().venue(),
        r.asset(),
        null,
        r.amount(),
        null,
        r.memo().orElse(null),
        r.idempotencyKey());
  }

  static LegInput raw(String from, String to, String asset, String amount) {
    return new LegInput(from, to, null, null, null, asset, null, amount, null, null);
  }
}
