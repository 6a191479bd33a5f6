package dev.balancekit.source.algorand;

import com.algorand.algosdk.crypto.Address;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * One resolved leg of a send: checked addresses, the asset as the chain knows it, the amount in
 * base units. Immutable apart from the byte arrays, which nobody modifies.
 *
 * @param index zero-based position in the group
 * @param asaId the ASA id, or {@code null} for ALGO
 * @param label how messages name the asset: {@code ALGO} or {@code ASA 31566704 (USDC)}
 * @param note the memo as UTF-8, empty for none
 * @param lease 32 bytes derived from the idempotency key: algod refuses a second transaction with
 *     the same sender and lease while the first is valid, so a retry cannot pay twice
 */
record Leg(
    int index,
    AccountRef from,
    AccountRef to,
    Address fromAddress,
    Address toAddress,
    Asset asset,
    @Nullable Long asaId,
    String label,
    BigInteger units,
    // Handed only to algosdk's transaction builder; a Leg is never compared or hashed.
    @SuppressWarnings("ArrayRecordComponent") byte[] note,
    @SuppressWarnings("ArrayRecordComponent") byte[] lease) {

  boolean isAlgo() {
    return asaId == null;
  }
}
