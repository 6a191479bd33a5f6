package dev.balancekit.source.algorand;

import com.algorand.algosdk.account.Account;
import com.algorand.algosdk.builder.transaction.TransactionParametersBuilder;
import com.algorand.algosdk.crypto.Digest;
import com.algorand.algosdk.transaction.Transaction;
import com.algorand.algosdk.transaction.TxGroup;
import com.algorand.algosdk.v2.client.model.TransactionParametersResponse;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the unsigned algosdk transactions of a checked send, with fees and, for a group, the group
 * id. Stateless.
 *
 * <p>Fee per transaction = max(fee-per-byte x estimated signed size, min-fee), both from {@code
 * /v2/transactions/params}. The size comes from algosdk's {@link Account#estimatedEncodedSize},
 * which signs with a throw-away key; the fee is part of what is measured, so it is recomputed until
 * it no longer changes the size.
 */
final class Transactions {

  /** Rounds a transaction stays valid after the node's last round: the protocol's maximum. */
  static final long VALIDITY_ROUNDS = 1000;

  /**
   * Stands in for the group id while sizes are estimated; a real id has the same encoded length.
   */
  private static final Digest PLACEHOLDER_GROUP = new Digest(filled(32, (byte) 0x5a));

  private Transactions() {}

  /** The node's network parameters a transaction needs. */
  record Params(
      BigInteger feePerByte,
      BigInteger minFee,
      BigInteger firstValid,
      String genesisId,
      // A copy of algod's, handed only to algosdk's transaction builder; never compared or hashed.
      @SuppressWarnings("ArrayRecordComponent") byte[] genesisHash) {

    static Params of(TransactionParametersResponse p) {
      if (p.lastRound == null || p.minFee == null || p.genesisHash == null || p.genesisId == null) {
        throw new IllegalArgumentException(
            "transaction params lack last-round, min-fee or genesis");
      }
      return new Params(
          BigInteger.valueOf(p.fee == null ? 0 : p.fee),
          BigInteger.valueOf(p.minFee),
          BigInteger.valueOf(p.lastRound),
          p.genesisId,
          p.genesisHash.clone());
    }

    BigInteger lastValid() {
      return firstValid.add(BigInteger.valueOf(VALIDITY_ROUNDS));
    }
  }

  /** Builds one transaction per leg; more than one leg makes an atomic group. */
  static List<Transaction> build(List<Leg> legs, Params params) {
    boolean group = legs.size() > 1;
    List<Transaction> txns = new ArrayList<>(legs.size());
    for (Leg leg : legs) {
      BigInteger fee = params.minFee();
      Transaction txn = unsigned(leg, params, fee, group);
      for (int i = 0;
          i < 4;
          i++) { // converges in one or two rounds: the fee's varint grows by at most a few bytes
        BigInteger next = params.feePerByte().multiply(estimatedSize(txn)).max(params.minFee());
        if (next.equals(fee)) {
          break;
        }
        fee = next.max(fee);
        txn = unsigned(leg, params, fee, group);
      }
      txns.add(txn);
    }
    if (group) {
      for (Transaction txn : txns) {
        txn.group =
            new Digest(); // the id is a hash over the transactions without their group field
      }
      try {
        Transaction[] grouped = TxGroup.assignGroupID(txns.toArray(new Transaction[0]));
        return List.of(grouped);
      } catch (IOException e) {
        throw new IllegalStateException("algosdk could not compute the group id", e);
      }
    }
    return List.copyOf(txns);
  }

  private static Transaction unsigned(
      Leg leg, Params params, BigInteger fee, boolean placeholderGroup) {
    TransactionParametersBuilder<?> b;
    if (leg.asaId() == null) {
      b = Transaction.PaymentTransactionBuilder().receiver(leg.toAddress()).amount(leg.units());
    } else {
      b =
          Transaction.AssetTransferTransactionBuilder()
              .assetReceiver(leg.toAddress())
              .assetIndex(leg.asaId())
              .assetAmount(leg.units());
    }
    b.sender(leg.fromAddress())
        .flatFee(fee)
        .firstValid(params.firstValid())
        .lastValid(params.lastValid())
        .genesisID(params.genesisId())
        .genesisHash(params.genesisHash())
        .lease(leg.lease());
    if (leg.note().length > 0) {
      b.note(leg.note());
    }
    Transaction txn = build(b);
    if (placeholderGroup) {
      txn.assignGroupID(PLACEHOLDER_GROUP);
    }
    return txn;
  }

  private static Transaction build(TransactionParametersBuilder<?> b) {
    if (b instanceof com.algorand.algosdk.builder.transaction.PaymentTransactionBuilder<?> p) {
      return p.build();
    }
    return ((com.algorand.algosdk.builder.transaction.AssetTransferTransactionBuilder<?>) b)
        .build();
  }

  private static BigInteger estimatedSize(Transaction txn) {
    try {
      return Account.estimatedEncodedSize(txn);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM lacks the algorithms algosdk signs with", e);
    }
  }

  /** The fee algosdk will encode, as a BigInteger of microAlgos. */
  static BigInteger fee(Transaction txn) {
    return txn.fee == null ? BigInteger.ZERO : txn.fee;
  }

  private static byte[] filled(int length, byte value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, value);
    return bytes;
  }
}
