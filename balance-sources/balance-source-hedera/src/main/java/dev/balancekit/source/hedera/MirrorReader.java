package dev.balancekit.source.hedera;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.Asset;
import dev.balancekit.source.http.Futures;
import dev.balancekit.source.http.HttpSourceException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads account holdings from the Mirror Node.
 *
 * <ul>
 *   <li>One account: {@code /api/v1/accounts/{id}?transactions=false} for HBAR and {@code
 *       /api/v1/accounts/{id}/tokens} paged through {@code links.next} for every token relationship
 *       (the account endpoint lists at most 1000 tokens), both at once. Concurrent reads of one
 *       account share these calls.
 *   <li>Many accounts: {@code /api/v1/balances?account.id=gte:A&account.id=lte:B} ranges, 100
 *       accounts a page, over accounts whose numbers lie close together (a gap of more than a page
 *       starts a new range); an account alone, one the range did not list, or one listing {@value
 *       #BALANCES_TOKEN_CAP} tokens or more (the endpoint lists at most that many) is read on its
 *       own.
 * </ul>
 *
 * Token decimals come from the relationship, else from {@link TokenCatalog}. A token whose decimals
 * are beyond {@link Asset#MAX_SCALE} cannot be represented: it is left out and the holdings are
 * marked incomplete, so that its absence never reads as zero.
 *
 * <p>Thread-safe.
 */
final class MirrorReader {
  private static final Logger log = LoggerFactory.getLogger(MirrorReader.class);

  /** Most token balances {@code /api/v1/balances} lists per account (HIP-367). */
  static final int BALANCES_TOKEN_CAP = 50;

  private final Mirror mirror;
  private final TokenCatalog catalog;
  private final Clock clock;
  private final Coalescer<EntityId, Holdings> reads = new Coalescer<>();

  /**
   * An account the mirror does not know (HTTP 404). Sources turn it into {@code
   * AccountNotFoundException}.
   */
  static final class Missing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Missing(EntityId account) {
      super("mirror does not know account " + account, null, false, false);
    }
  }

  /** One account's result in a batch: holdings, or why there are none. */
  record Outcome(@Nullable Holdings holdings, @Nullable Throwable error) {}

  /**
   * The account data {@code /api/v1/accounts/{id}} gives beside the balance; {@code
   * balanceTimestamp} null when the answer had none.
   */
  record AccountInfo(
      BigInteger tinybars, @Nullable Instant balanceTimestamp, int maxAutoAssociations) {}

  /** One token relationship or token balance: decimals null when the answer did not say. */
  record TokenAmount(EntityId token, BigInteger units, @Nullable Integer decimals) {}

  MirrorReader(Mirror mirror, TokenCatalog catalog, Clock clock) {
    this.mirror = mirror;
    this.catalog = catalog;
    this.clock = clock;
  }

  Mirror mirror() {
    return mirror;
  }

  TokenCatalog catalog() {
    return catalog;
  }

  // ---------------------------------------------------------------- one account

  /**
   * The holdings of {@code account}; concurrent calls for one account share one read.
   *
   * @return a future failing with {@link Missing} for an unknown account, or as {@link Mirror#get}
   *     says
   */
  CompletableFuture<Holdings> account(EntityId account) {
    return reads.get(account, () -> readAccount(account));
  }

  /** Reads in flight, for tests. */
  int readsInFlight() {
    return reads.inFlight();
  }

  private CompletableFuture<Holdings> readAccount(EntityId account) {
    CompletableFuture<AccountInfo> info = info(account);
    HttpUrl tokensUrl =
        mirror
            .url("accounts/" + account + "/tokens")
            .addQueryParameter("limit", Integer.toString(Mirror.PAGE_SIZE))
            .build();
    CompletableFuture<List<Mirror.Page>> pages =
        missingOn404(mirror.pages(tokensUrl, "tokens"), account);
    CompletableFuture<Holdings> both =
        Futures.then(
            combine(info, pages, (i, p) -> new Object[] {i, p}),
            parts -> {
              Instant receivedAt = clock.instant();
              AccountInfo accountInfo = (AccountInfo) parts[0];
              @SuppressWarnings("unchecked")
              List<Mirror.Page> tokenPages = (List<Mirror.Page>) parts[1];
              List<TokenAmount> tokens = new ArrayList<>();
              for (Mirror.Page page : tokenPages) {
                for (JsonNode item : page.items()) {
                  tokens.add(guard(tokensUrl, () -> relationship(item)));
                }
              }
              // Current state as of the answer: observedAt is when it arrived; balance.timestamp
              // only marks changes.
              return holdings(
                  account,
                  accountInfo.tinybars(),
                  learned(tokens),
                  receivedAt,
                  receivedAt,
                  accountInfo.balanceTimestamp(),
                  tokensUrl);
            });
    return both;
  }

  /** {@code /api/v1/accounts/{id}}: HBAR, its timestamp and the automatic-association setting. */
  CompletableFuture<AccountInfo> info(EntityId account) {
    HttpUrl url =
        mirror.url("accounts/" + account).addQueryParameter("transactions", "false").build();
    return missingOn404(
        mirror.get(
            url,
            body -> {
              MirrorJson.sameId(body, "account", account);
              JsonNode balance = MirrorJson.child(body, "balance");
              BigInteger tinybars = MirrorJson.units(balance.get("balance"), "balance.balance");
              Instant timestamp =
                  MirrorJson.timestamp(balance.get("timestamp"), "balance.timestamp");
              JsonNode max = body.get("max_automatic_token_associations");
              int maxAuto = 0;
              if (max != null && !max.isNull()) {
                if (!max.isIntegralNumber() || !max.canConvertToInt()) {
                  throw new IllegalArgumentException(
                      "max_automatic_token_associations is not a whole number");
                }
                maxAuto = max.intValue();
              }
              return new AccountInfo(tinybars, timestamp, maxAuto);
            }),
        account);
  }

  /**
   * {@code account}'s relationship with {@code token} ({@code /accounts/{id}/tokens?token.id=}), or
   * null when the account is not associated with it.
   */
  CompletableFuture<TokenAmount> relationship(EntityId account, EntityId token) {
    HttpUrl url =
        mirror
            .url("accounts/" + account + "/tokens")
            .addQueryParameter("token.id", token.toString())
            .build();
    // A one-element array: the reader may not return null, and "not associated" is a valid answer.
    return Futures.map(
        missingOn404(
            mirror.get(
                url,
                body -> {
                  for (JsonNode item : MirrorJson.array(body, "tokens")) {
                    TokenAmount t = relationship(item);
                    if (t.token().equals(token)) {
                      learned(List.of(t));
                      return new TokenAmount[] {t};
                    }
                  }
                  return new TokenAmount[] {null};
                }),
            account),
        found -> found[0]);
  }

  private TokenAmount relationship(JsonNode item) {
    EntityId token = MirrorJson.entityId(item.get("token_id"), "token_id");
    BigInteger units = MirrorJson.units(item.get("balance"), "balance of token " + token);
    JsonNode d = item.get("decimals");
    Integer decimals =
        d == null || d.isNull() ? null : MirrorJson.decimals(d, "decimals of token " + token);
    return new TokenAmount(token, units, decimals);
  }

  /**
   * Teaches the catalog the decimals an answer listed, once all of it was read: a refused answer
   * must not teach anything, as the catalog keeps decimals for good.
   */
  private List<TokenAmount> learned(List<TokenAmount> tokens) {
    for (TokenAmount t : tokens) {
      if (t.decimals() != null) {
        catalog.learn(t.token(), t.decimals());
      }
    }
    return tokens;
  }

  /** Holdings from HBAR and token amounts, fetching decimals the answer did not carry. */
  private CompletableFuture<Holdings> holdings(
      EntityId account,
      BigInteger tinybars,
      List<TokenAmount> tokens,
      Instant observedAt,
      Instant receivedAt,
      @Nullable Instant accountTimestamp,
      HttpUrl url) {
    List<CompletableFuture<Integer>> lookups = new ArrayList<>();
    for (TokenAmount t : tokens) {
      lookups.add(
          t.decimals() != null
              ? CompletableFuture.completedFuture(t.decimals())
              : tokenDecimals(t.token()));
    }
    return Futures.map(
        Futures.all(lookups),
        scales ->
            guard(
                url,
                () -> {
                  List<Holdings.Held> held = new ArrayList<>(tokens.size() + 1);
                  held.add(new Holdings.Held(Holdings.HBAR, Holdings.HBAR.fromUnits(tinybars)));
                  boolean complete = true;
                  for (int i = 0; i < tokens.size(); i++) {
                    TokenAmount t = tokens.get(i);
                    int scale = scales.get(i);
                    if (scale > Asset.MAX_SCALE) {
                      complete = false;
                      log.warn(
                          "'{}' left token {} of {} out: {} decimals cannot be represented (at most {})",
                          mirror.name(),
                          t.token(),
                          account,
                          scale,
                          Asset.MAX_SCALE);
                      continue;
                    }
                    Asset asset = catalog.asset(t.token(), scale);
                    held.add(new Holdings.Held(asset, asset.fromUnits(t.units())));
                  }
                  return new Holdings(
                      account, held, complete, observedAt, receivedAt, accountTimestamp);
                }));
  }

  /**
   * Decimals from the catalog; a token the mirror does not know makes the answer that named it
   * malformed.
   */
  private CompletableFuture<Integer> tokenDecimals(EntityId token) {
    CompletableFuture<Integer> lookup = catalog.decimals(token);
    CompletableFuture<Integer> result = new CompletableFuture<>();
    // The outcome goes on to result.
    var unused =
        lookup.whenComplete(
            (v, e) -> {
              Throwable cause = e == null ? null : Futures.unwrap(e);
              if (cause == null) {
                result.complete(v);
              } else if (cause instanceof HttpSourceException h
                  && h.kind() == HttpSourceException.Kind.NOT_FOUND) {
                result.completeExceptionally(
                    HttpSourceException.malformedResponse(
                        mirror.name(),
                        null,
                        0,
                        "token " + token + " is held but the mirror does not know it"));
              } else {
                result.completeExceptionally(cause);
              }
            });
    Futures.cancelWith(result, lookup);
    return result;
  }

  // ---------------------------------------------------------------- many accounts

  /**
   * The holdings of every account in {@code accounts}, in as few calls as the mirror allows; each
   * account's outcome stands alone (one unknown account does not fail the others). Never fails as a
   * whole.
   */
  CompletableFuture<Map<EntityId, Outcome>> accounts(Collection<EntityId> accounts) {
    List<CompletableFuture<Map<EntityId, Outcome>>> parts = new ArrayList<>();
    for (List<EntityId> cluster : clusters(accounts)) {
      parts.add(cluster.size() == 1 ? single(cluster.get(0)) : range(cluster));
    }
    return Futures.map(
        Futures.all(parts),
        maps -> {
          Map<EntityId, Outcome> all = new LinkedHashMap<>();
          maps.forEach(all::putAll);
          return all;
        });
  }

  /** Sorted runs of accounts of one shard and realm whose numbers are at most a page apart. */
  static List<List<EntityId>> clusters(Collection<EntityId> accounts) {
    List<List<EntityId>> clusters = new ArrayList<>();
    List<EntityId> current = new ArrayList<>();
    for (EntityId id : new TreeSet<>(accounts)) {
      EntityId last = current.isEmpty() ? null : current.get(current.size() - 1);
      if (last != null
          && (last.shard() != id.shard()
              || last.realm() != id.realm()
              || id.num() - last.num() > Mirror.PAGE_SIZE)) {
        clusters.add(current);
        current = new ArrayList<>();
      }
      current.add(id);
    }
    if (!current.isEmpty()) {
      clusters.add(current);
    }
    return clusters;
  }

  private CompletableFuture<Map<EntityId, Outcome>> single(EntityId account) {
    CompletableFuture<Map<EntityId, Outcome>> result = new CompletableFuture<>();
    // The outcome goes on to result, a failure as the account's outcome.
    var unused =
        account(account)
            .whenComplete(
                (h, e) ->
                    result.complete(
                        Map.of(account, new Outcome(h, e == null ? null : Futures.unwrap(e)))));
    return result;
  }

  /** One range over {@code cluster} (sorted, one shard and realm). */
  private CompletableFuture<Map<EntityId, Outcome>> range(List<EntityId> cluster) {
    HttpUrl url =
        mirror
            .url("balances")
            // ':' written as is, as the mirror writes its own links (ids hold only digits and dots)
            .addEncodedQueryParameter("account.id", "gte:" + cluster.get(0))
            .addEncodedQueryParameter("account.id", "lte:" + cluster.get(cluster.size() - 1))
            .addQueryParameter("order", "asc")
            .addQueryParameter("limit", Integer.toString(Mirror.PAGE_SIZE))
            .build();
    Set<EntityId> wanted = new TreeSet<>(cluster);
    CompletableFuture<Map<EntityId, Outcome>> result = new CompletableFuture<>();
    // Every outcome, failures included, goes on to result.
    var unusedPages =
        mirror
            .pages(url, "balances")
            .whenComplete(
                (pages, error) -> {
                  if (error != null) {
                    Map<EntityId, Outcome> failed = new LinkedHashMap<>();
                    cluster.forEach(id -> failed.put(id, new Outcome(null, Futures.unwrap(error))));
                    result.complete(failed);
                    return;
                  }
                  Instant receivedAt = clock.instant();
                  Map<EntityId, CompletableFuture<Holdings>> reading = new LinkedHashMap<>();
                  Map<EntityId, Outcome> done = new HashMap<>();
                  for (Mirror.Page page : pages) {
                    Instant observedAt;
                    try {
                      Instant stamp =
                          guard(
                              url,
                              () ->
                                  MirrorJson.timestamp(page.body().get("timestamp"), "timestamp"));
                      observedAt = stamp != null ? stamp : receivedAt;
                    } catch (HttpSourceException e) {
                      cluster.forEach(id -> done.putIfAbsent(id, new Outcome(null, e)));
                      break;
                    }
                    for (JsonNode item : page.items()) {
                      readRangeItem(url, item, wanted, observedAt, receivedAt, reading, done);
                    }
                  }
                  for (EntityId id : cluster) {
                    if (!reading.containsKey(id) && !done.containsKey(id)) {
                      reading.put(
                          id,
                          account(
                              id)); // not listed, or too many tokens for the range: read it alone
                    }
                  }
                  List<CompletableFuture<Void>> waits = new ArrayList<>();
                  Map<EntityId, Outcome> outcomes =
                      new java.util.concurrent.ConcurrentHashMap<>(done);
                  reading.forEach(
                      (id, f) ->
                          waits.add(
                              f.handle(
                                  (h, e) -> {
                                    outcomes.put(
                                        id, new Outcome(h, e == null ? null : Futures.unwrap(e)));
                                    return null;
                                  })));
                  // The reads' failures are already in outcomes.
                  var unusedAll =
                      CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
                          .whenComplete(
                              (v, e) -> {
                                Map<EntityId, Outcome> ordered = new LinkedHashMap<>();
                                cluster.forEach(id -> ordered.put(id, outcomes.get(id)));
                                result.complete(ordered);
                              });
                });
    return result;
  }

  private void readRangeItem(
      HttpUrl url,
      JsonNode item,
      Set<EntityId> wanted,
      Instant observedAt,
      Instant receivedAt,
      Map<EntityId, CompletableFuture<Holdings>> reading,
      Map<EntityId, Outcome> done) {
    EntityId id;
    try {
      id = guard(url, () -> MirrorJson.entityId(item.get("account"), "account"));
    } catch (HttpSourceException e) {
      log.debug(
          "'{}' skipped an unreadable entry of a balances page: {}", mirror.name(), e.getMessage());
      return;
    }
    if (!wanted.contains(id) || reading.containsKey(id) || done.containsKey(id)) {
      return;
    }
    try {
      BigInteger tinybars =
          guard(url, () -> MirrorJson.units(item.get("balance"), "balance of " + id));
      JsonNode tokens = guard(url, () -> MirrorJson.array(item, "tokens"));
      if (tokens.size() >= BALANCES_TOKEN_CAP) {
        return; // possibly cut off at the cap: the account is read alone
      }
      List<TokenAmount> amounts = new ArrayList<>();
      for (JsonNode t : tokens) {
        amounts.add(guard(url, () -> relationship(t)));
      }
      reading.put(id, holdings(id, tinybars, learned(amounts), observedAt, receivedAt, null, url));
    } catch (HttpSourceException e) {
      done.put(id, new Outcome(null, e));
    }
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Runs a parse step; its {@link IllegalArgumentException} becomes a {@code MALFORMED_RESPONSE} of
   * {@code url}.
   */
  private <T> T guard(HttpUrl url, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw HttpSourceException.malformedResponse(
          mirror.name(),
          url,
          200,
          Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
    }
  }

  /** {@code call}, with the mirror's 404 for {@code account} turned into {@link Missing}. */
  private static <T> CompletableFuture<T> missingOn404(
      CompletableFuture<T> call, EntityId account) {
    return Futures.translateFailure(
        call,
        cause ->
            cause instanceof HttpSourceException h && h.kind() == HttpSourceException.Kind.NOT_FOUND
                ? new Missing(account)
                : cause);
  }

  /** Both values, or the first failure (cancelling the other call). */
  private static <A, B, C> CompletableFuture<C> combine(
      CompletableFuture<A> a, CompletableFuture<B> b, BiFunction<A, B, C> join) {
    @SuppressWarnings("unchecked")
    CompletableFuture<Object> first = (CompletableFuture<Object>) (CompletableFuture<?>) a;
    @SuppressWarnings("unchecked")
    CompletableFuture<Object> second = (CompletableFuture<Object>) (CompletableFuture<?>) b;
    return Futures.map(
        Futures.all(List.of(first, second)),
        values -> {
          @SuppressWarnings("unchecked")
          C joined = join.apply((A) values.get(0), (B) values.get(1));
          return joined;
        });
  }
}
