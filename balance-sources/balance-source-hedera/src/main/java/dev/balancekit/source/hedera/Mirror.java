package dev.balancekit.source.hedera;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.source.http.Futures;
import dev.balancekit.source.http.VenueClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The Mirror Node REST calls over a {@link VenueClient} (rate limiter, breaker, retries with
 * backoff and Retry-After, size limits): single GETs and paged lists that follow {@code
 * links.next}.
 *
 * <p>{@code links.next} is trusted only as a path on the configured base URL: it must be a relative
 * {@code /api/v1/...} reference that resolves to the same endpoint the first page came from. An
 * absolute link, one naming another host, or one that climbs out of the endpoint fails the call
 * with {@code MALFORMED_RESPONSE}; so does a list longer than {@link #MAX_PAGES} pages.
 *
 * <p>Thread-safe.
 */
final class Mirror {
  /** Items per page asked for; the Mirror Node's maximum. */
  static final int PAGE_SIZE = 100;

  /**
   * Longest list followed (100,000 items at full pages): a mirror that links on for ever is
   * refused.
   */
  static final int MAX_PAGES = 1000;

  private static final String API = "api/v1/";

  private final VenueClient client;
  private final HttpUrl base;

  /**
   * @param base the mirror's base URL; {@code api/v1/...} is appended to its path
   */
  Mirror(VenueClient client, HttpUrl base) {
    this.client = client;
    this.base = base;
  }

  VenueClient client() {
    return client;
  }

  String name() {
    return client.name();
  }

  /** {@code api/v1/<path>} on the base URL. */
  HttpUrl.Builder url(String path) {
    return base.newBuilder().addPathSegments(API + path);
  }

  /**
   * GETs {@code url} and reads its JSON body with {@code reader}.
   *
   * @return a future failing as {@link VenueClient#call} says; cancelling it cancels the call
   */
  <T> CompletableFuture<T> get(HttpUrl url, Function<JsonNode, T> reader) {
    return client.call(
        () -> new Request.Builder().url(url).header("Accept", "application/json").get().build(),
        reader);
  }

  /**
   * One page of a list: its items, the body (for fields beside the list) and the next page, if any
   * (null on the last page).
   */
  record Page(List<JsonNode> items, JsonNode body, @Nullable HttpUrl next) {}

  /**
   * Every page of the list in the array {@code field}, starting at {@code first} and following
   * {@code links.next} on the configured base URL only; each page keeps its body for page-level
   * fields such as a timestamp.
   *
   * @return a future failing as {@link #get}, or with {@code MALFORMED_RESPONSE} for a bad link or
   *     too many pages; cancelling it cancels the page under way
   */
  CompletableFuture<List<Page>> pages(HttpUrl first, String field) {
    CompletableFuture<List<Page>> result = new CompletableFuture<>();
    List<Page> pages = new ArrayList<>();
    fetchPage(first, first.encodedPath(), field, pages, result);
    return result;
  }

  private void fetchPage(
      HttpUrl url,
      String path,
      String field,
      List<Page> pages,
      CompletableFuture<List<Page>> result) {
    if (result.isDone()) {
      return;
    }
    boolean last = pages.size() + 1 >= MAX_PAGES;
    CompletableFuture<Page> call =
        get(
            url,
            body -> {
              HttpUrl next = next(body, path);
              if (next != null && next.equals(url)) {
                throw new IllegalArgumentException("links.next points back at the same page");
              }
              if (next != null && last) {
                throw new IllegalArgumentException(
                    "the list goes on beyond " + MAX_PAGES + " pages");
              }
              List<JsonNode> items = new ArrayList<>();
              MirrorJson.array(body, field).forEach(items::add);
              return new Page(items, body, next);
            });
    Futures.cancelWith(result, call);
    // The outcome goes on to result.
    var unused =
        call.whenComplete(
            (page, error) -> {
              if (error != null) {
                result.completeExceptionally(Futures.unwrap(error));
                return;
              }
              pages.add(page);
              HttpUrl next = page.next();
              if (next == null) {
                result.complete(List.copyOf(pages));
              } else {
                fetchPage(next, path, field, pages, result);
              }
            });
  }

  /**
   * The next page's URL from {@code links.next}, or null at the end.
   *
   * @throws IllegalArgumentException if the link is not a relative reference to {@code path} on the
   *     base URL
   */
  @Nullable HttpUrl next(JsonNode body, String path) {
    JsonNode links = body.get("links");
    if (links == null || links.isNull()) {
      return null;
    }
    JsonNode next = links.isObject() ? links.get("next") : null;
    if (next == null || next.isNull()) {
      if (!links.isObject()) {
        throw new IllegalArgumentException("'links' is not an object");
      }
      return null;
    }
    if (!next.isTextual()) {
      throw new IllegalArgumentException("links.next is not a string");
    }
    String link = next.textValue();
    // Only a path: no scheme, no authority ("//host"), no escapes that could change the resolution.
    if (!link.startsWith("/" + API)
        || link.contains("\\")
        || link.contains("#")
        || link.contains("..")
        || link.contains("%2e")
        || link.contains("%2E")
        || link.contains("%2f")
        || link.contains("%2F")) {
      throw new IllegalArgumentException(
          "links.next is not a relative /api/v1 path on the configured mirror (absolute or foreign links are refused)");
    }
    String basePath =
        base.encodedPath().endsWith("/") ? base.encodedPath() : base.encodedPath() + "/";
    HttpUrl resolved = base.resolve(basePath + link.substring(1));
    if (resolved == null
        || !resolved.scheme().equals(base.scheme())
        || !resolved.host().equals(base.host())
        || resolved.port() != base.port()
        || !resolved.encodedPath().equals(path)) {
      throw new IllegalArgumentException("links.next leaves the endpoint it pages");
    }
    return resolved;
  }

  @Override
  public String toString() {
    return "Mirror{"
        + base.scheme()
        + "://"
        + base.host()
        + ":"
        + base.port()
        + base.encodedPath()
        + '}';
  }
}
