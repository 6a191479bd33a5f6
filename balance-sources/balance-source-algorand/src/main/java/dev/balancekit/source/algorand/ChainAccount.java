package dev.balancekit.source.algorand;

import com.algorand.algosdk.crypto.Address;
import com.algorand.algosdk.v2.client.model.Account;
import com.algorand.algosdk.v2.client.model.AssetHolding;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.source.http.HttpSourceException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One account as algod reported it, in exact base units: microAlgos and ASA units as {@link
 * BigInteger} (ASA amounts are uint64). Immutable.
 *
 * @param minBalance the minimum balance algod reported, or {@code null} if it did not say
 * @param holdings ASA holdings by asset id; an ASA absent here is one the account has not opted
 *     into
 */
record ChainAccount(
    AccountRef ref,
    BigInteger algo,
    @Nullable BigInteger minBalance,
    Map<Long, Holding> holdings,
    @Nullable Long round) {

  /** One ASA holding. */
  record Holding(BigInteger amount, boolean frozen) {}

  /**
   * Reads {@code ref} from algod.
   *
   * @throws AccountNotFoundException if algod answers 404
   * @throws HttpSourceException if algod fails or answers without an amount
   */
  static ChainAccount read(Algod algod, AccountRef ref, Address address) {
    Account a =
        algod.account(address).orElseThrow(() -> AccountNotFoundException.of(ref, algod.source()));
    if (a.amount == null || a.amount < 0) {
      throw HttpSourceException.malformedResponse(
          algod.source(),
          algod.baseUrl(),
          200,
          "the account of " + ref.id() + " has no valid amount");
    }
    Map<Long, Holding> holdings = new TreeMap<>();
    if (a.assets != null) {
      for (AssetHolding h : a.assets) {
        if (h == null
            || h.assetId == null
            || h.assetId < 1
            || h.amount == null
            || h.amount.signum() < 0
            || h.amount.compareTo(AssetDirectory.UINT64_MAX) > 0) {
          throw HttpSourceException.malformedResponse(
              algod.source(),
              algod.baseUrl(),
              200,
              "the account of "
                  + ref.id()
                  + " lists an asset holding without a valid asset-id and amount");
        }
        holdings.put(h.assetId, new Holding(h.amount, Boolean.TRUE.equals(h.isFrozen)));
      }
    }
    BigInteger min = a.minBalance == null ? null : BigInteger.valueOf(a.minBalance);
    return new ChainAccount(
        ref, BigInteger.valueOf(a.amount), min, Collections.unmodifiableMap(holdings), a.round);
  }

  /**
   * Every balance of this account: ALGO, then each ASA holding. A complete snapshot, because algod
   * lists every opted-in asset; an ASA the account has not opted into cannot be held at all.
   *
   * <p>ALGO: total = amount; held = the part of it locked by the minimum balance (all of it when
   * the amount is below the minimum, as for a never-funded address); available = total - held, the
   * spendable ALGO. Both empty when algod does not report {@code min-balance}. ASAs: total =
   * available = the holding (nothing of an ASA is locked), held = 0, or total only when frozen
   * (available 0, held = the holding).
   *
   * <p>Two ASAs with the same code: the one with the lower id keeps the code, the others get {@code
   * CODE-<id>}, so a look-alike can never take the code of an older asset.
   */
  AccountBalances balances(AssetDirectory assets, String source, Instant receivedAt) {
    List<Balance> out = new ArrayList<>();
    Balance.Builder algoBalance =
        builder(AssetDirectory.ALGO, source, receivedAt).total(units(AssetDirectory.ALGO, algo));
    if (minBalance != null) {
      BigInteger held = algo.min(minBalance);
      algoBalance
          .held(units(AssetDirectory.ALGO, held))
          .available(units(AssetDirectory.ALGO, algo.subtract(held)));
    }
    out.add(algoBalance.build());
    Map<String, Long> codeOwner = new HashMap<>();
    codeOwner.put(AssetDirectory.ALGO.code(), -1L);
    for (Map.Entry<Long, Holding> e :
        holdings.entrySet()) { // ascending ids: older assets claim codes first
      Asset asset = assets.held(e.getKey()).asset();
      if (codeOwner.putIfAbsent(asset.code(), e.getKey()) != null) {
        String code = asset.code() + "-" + e.getKey();
        // Asset codes have at most 32 characters; the id alone is unique.
        asset =
            Asset.of(
                code.length() <= 32 ? code : "ASA-" + e.getKey(),
                asset.scale(),
                asset.venueId().orElseThrow());
      }
      Holding h = e.getValue();
      out.add(
          builder(asset, source, receivedAt)
              .total(units(asset, h.amount()))
              .available(h.frozen() ? asset.zero() : units(asset, h.amount()))
              .held(h.frozen() ? units(asset, h.amount()) : asset.zero())
              .build());
    }
    return AccountBalances.snapshot(ref, out, receivedAt);
  }

  private Balance.Builder builder(Asset asset, String source, Instant at) {
    Balance.Builder b = Balance.builder(ref, asset).source(source).observedAt(at).receivedAt(at);
    if (round != null && round >= 0) {
      b.sequence(round);
    }
    return b;
  }

  private static java.math.BigDecimal units(Asset asset, BigInteger amount) {
    return asset.fromUnits(amount);
  }
}
