package dev.balancekit.source.hedera;

import dev.balancekit.Asset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What BalanceKit knows of HTS tokens: their decimals (learnt from token relationships or fetched
 * once from {@code /api/v1/tokens/{id}}, then kept: a token's decimals never change) and the asset
 * each becomes.
 *
 * <p>A token's {@link Asset} has the token id as venue id and, as code, the code configured with
 * {@link HederaSource.Builder#tokenCode} or else the token id itself. Symbols are not used as
 * codes: anyone can create a token called {@code USDC}, and a code must name one asset only.
 *
 * <p>Thread-safe.
 */
final class TokenCatalog {
  private final Mirror mirror;
  private final Map<String, String> codes;
  private final ConcurrentHashMap<EntityId, Integer> decimals = new ConcurrentHashMap<>();
  private final Coalescer<EntityId, Integer> lookups = new Coalescer<>();

  /**
   * @param codes configured codes by token id
   */
  TokenCatalog(Mirror mirror, Map<String, String> codes) {
    this.mirror = mirror;
    this.codes = Map.copyOf(codes);
  }

  /** The code of {@code token}: configured, else its id. */
  String code(EntityId token) {
    return codes.getOrDefault(token.toString(), token.toString());
  }

  /**
   * The asset of {@code token} with {@code scale} decimals.
   *
   * @throws IllegalArgumentException if {@code scale} is beyond {@link Asset#MAX_SCALE}
   */
  Asset asset(EntityId token, int scale) {
    return Asset.of(code(token), scale, token.toString());
  }

  /** Records decimals read from a token relationship. */
  void learn(EntityId token, int scale) {
    decimals.put(token, scale);
  }

  /**
   * The decimals of {@code token}: known ones at once, else from {@code /api/v1/tokens/{id}}
   * (concurrent lookups of one token share one call).
   *
   * @return a future failing as {@link Mirror#get} says ({@code NOT_FOUND} for an unknown token)
   */
  CompletableFuture<Integer> decimals(EntityId token) {
    Integer known = decimals.get(token);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return lookups.get(
        token,
        () ->
            mirror.get(
                mirror.url("tokens/" + token).build(),
                body -> {
                  MirrorJson.sameId(body, "token_id", token);
                  int scale =
                      MirrorJson.decimals(body.get("decimals"), "decimals of token " + token);
                  decimals.put(token, scale);
                  return scale;
                }));
  }
}
