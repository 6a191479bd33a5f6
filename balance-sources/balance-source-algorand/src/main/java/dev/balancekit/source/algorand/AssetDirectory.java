package dev.balancekit.source.algorand;

import com.algorand.algosdk.v2.client.model.AssetParams;
import dev.balancekit.Asset;
import dev.balancekit.source.http.HttpSourceException;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * ALGO and the ASAs, by id, with decimals and unit name read from {@code /v2/assets/{id}} once and
 * kept: an ASA's decimals and unit name cannot change after creation. Thread-safe; two threads may
 * fetch the same asset at once, which is harmless.
 */
final class AssetDirectory {

  /** ALGO: six decimals (microAlgos), no asset id. */
  static final Asset ALGO = Asset.of("ALGO", 6);

  /** Largest uint64: the bound of every amount on chain. */
  static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** Algorand's limit on ASA decimals. */
  private static final int MAX_ASA_DECIMALS = 19;

  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,31}");

  /** Bound on cached assets; past it assets are fetched per use rather than remembered. */
  private static final int MAX_CACHED = 10_000;

  /** What BalanceKit needs to know of one ASA. */
  record Asa(long id, @Nullable String unitName, Asset asset) {
    /** {@code ASA 31566704 (USDC)}, the way messages name it. */
    String label() {
      return "ASA "
          + id
          + " ("
          + (unitName == null || unitName.isBlank() ? asset.code() : unitName)
          + ")";
    }
  }

  private final Algod algod;
  private final ConcurrentMap<Long, Asa> cache = new ConcurrentHashMap<>();

  AssetDirectory(Algod algod) {
    this.algod = algod;
  }

  /**
   * The ASA with {@code id}, empty if algod does not know it.
   *
   * @throws HttpSourceException if algod fails or its answer lacks decimals
   */
  Optional<Asa> asa(long id) {
    Asa known = cache.get(id);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Asa> fetched = algod.asset(id).map(a -> read(id, a.params));
    fetched.ifPresent(
        a -> {
          if (cache.size() < MAX_CACHED) {
            cache.putIfAbsent(id, a);
          }
        });
    return fetched;
  }

  /** Like {@link #asa(long)}, for an asset an account holds, which must exist. */
  Asa held(long id) {
    return asa(id)
        .orElseThrow(
            () ->
                HttpSourceException.malformedResponse(
                    algod.source(),
                    algod.baseUrl(),
                    404,
                    "an account holds ASA " + id + " but algod does not know that asset"));
  }

  private Asa read(long id, @Nullable AssetParams params) {
    if (params == null
        || params.decimals == null
        || params.decimals < 0
        || params.decimals > MAX_ASA_DECIMALS) {
      throw HttpSourceException.malformedResponse(
          algod.source(),
          algod.baseUrl(),
          200,
          "ASA " + id + " has no valid params.decimals (0-" + MAX_ASA_DECIMALS + ")");
    }
    return new Asa(
        id,
        params.unitName,
        Asset.of(codeFor(id, params.unitName), params.decimals.intValue(), Long.toString(id)));
  }

  /**
   * The unit name when it is a valid asset code, otherwise {@code ASA-<id>}: unit names are free
   * text chosen by the creator (empty, spaces, emoji).
   */
  static String codeFor(long id, @Nullable String unitName) {
    return unitName != null && CODE.matcher(unitName).matches() ? unitName : "ASA-" + id;
  }
}
