package dev.balancekit.source.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.VenueClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Kraken's REST calls over a {@link VenueClient} (rate limiter, breaker, retry, deadline): private
 * calls POSTed with a fresh nonce and signature on every attempt, public calls as GETs, and the
 * {@code error} array of every answer checked before its {@code result} is read.
 *
 * <p>Thread-safe.
 */
final class KrakenRest {
  private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");
  private static final String USER_AGENT = "balancekit-kraken";

  private final VenueClient client;
  private final HttpUrl base;
  private final Secret apiKey;
  private final KrakenSigner signer;
  private final Duration rateLimitWait;

  /**
   * @param base where {@code /0/private/...} and {@code /0/public/...} are appended
   * @param rateLimitWait how long to hold off after Kraken's own rate-limit error, which has no
   *     Retry-After
   */
  KrakenRest(
      VenueClient client,
      HttpUrl base,
      Secret apiKey,
      KrakenSigner signer,
      Duration rateLimitWait) {
    this.client = client;
    this.base = base;
    this.apiKey = apiKey;
    this.signer = signer;
    this.rateLimitWait = rateLimitWait;
  }

  VenueClient client() {
    return client;
  }

  HttpUrl base() {
    return base;
  }

  /**
   * Calls private {@code method} and reads its {@code result}.
   *
   * @return a future failing as {@link VenueClient#call} says, or with what {@link KrakenErrors}
   *     makes of Kraken's errors
   */
  <T> CompletableFuture<T> privateCall(String method, Function<JsonNode, T> readResult) {
    // Kraken signs the path from /0/private on, whatever prefix the base URL has.
    String signedPath = "/0/private/" + method;
    HttpUrl url = resolve(signedPath);
    return client.call(
        () -> {
          long nonce = signer.nextNonce();
          String body = "nonce=" + nonce;
          return new Request.Builder()
              .url(url)
              .header("User-Agent", USER_AGENT)
              .header("API-Key", apiKey.reveal())
              .header("API-Sign", signer.sign(signedPath, nonce, body))
              .post(RequestBody.create(body, FORM))
              .build();
        },
        body -> readResult.apply(result(url, body)));
  }

  /** Calls public {@code method} with a GET and reads its {@code result}. */
  <T> CompletableFuture<T> publicCall(String method, Function<JsonNode, T> readResult) {
    HttpUrl url = resolve("/0/public/" + method);
    return client.call(
        () -> new Request.Builder().url(url).header("User-Agent", USER_AGENT).get().build(),
        body -> readResult.apply(result(url, body)));
  }

  /** A WebSocket token from {@code GetWebSocketsToken}; Kraken wants it used within 15 minutes. */
  CompletableFuture<Secret> webSocketToken() {
    return privateCall(
        "GetWebSocketsToken",
        result -> {
          JsonNode token = result.get("token");
          if (token == null || !token.isTextual() || token.textValue().isBlank()) {
            throw new IllegalArgumentException("GetWebSocketsToken result has no token");
          }
          return Secret.of(token.textValue());
        });
  }

  /** The asset table from the public {@code Assets} endpoint. */
  CompletableFuture<KrakenAssets.Table> assets(Clock clock) {
    return publicCall("Assets", result -> KrakenAssets.readAssetsResult(result, clock.instant()));
  }

  private JsonNode result(HttpUrl url, JsonNode body) {
    KrakenErrors.throwIfFailed(client.name(), url, body, rateLimitWait);
    JsonNode result = body.get("result");
    if (result == null || !result.isObject()) {
      throw new IllegalArgumentException("the answer has no 'result' object");
    }
    return result;
  }

  private HttpUrl resolve(String path) {
    return base.newBuilder().addPathSegments(path.substring(1)).build();
  }

  @Override
  public String toString() {
    return "KrakenRest{" + KrakenErrors.where(base) + ", apiKey=" + apiKey + '}';
  }
}
