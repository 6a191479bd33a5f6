package dev.balancekit.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP answer of a venue, of any status, as {@link VenueClient#exchange} hands it to a reader:
 * status, headers and the body (read within the venue's size limit, parsed on first use). Lets an
 * adapter read a venue's error codes from a 4xx body and its rate-limit headers from every answer.
 *
 * <p>Not thread-safe: it lives for one reader call.
 */
public final class VenueResponse {
  private final String source;
  private final HttpUrl url;
  private final int status;
  private final Headers headers;
  private final byte[] body;
  private final JsonCodec json;
  private @Nullable JsonNode parsed;

  VenueResponse(
      String source, HttpUrl url, int status, Headers headers, byte[] body, JsonCodec json) {
    this.source = source;
    this.url = url;
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.json = json;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** Whether the status is 2xx. */
  public boolean isSuccessful() {
    return status >= 200 && status <= 299;
  }

  /** The first value of header {@code name}, if present. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /**
   * The body as JSON, numbers exact, parsed under the venue's limits.
   *
   * @throws HttpSourceException of kind {@code MALFORMED_RESPONSE} if it is not JSON within the
   *     limits
   */
  public JsonNode json() {
    if (parsed == null) {
      try {
        parsed = json.read(body);
      } catch (IllegalArgumentException e) {
        throw HttpSourceException.malformedResponse(
            source, url, status, HttpSourceException.problem(e));
      }
    }
    return parsed;
  }

  /**
   * The exception this answer means if the reader has nothing more precise: by status (rate limited
   * with the {@code Retry-After} wait, auth failed, not found, venue fault, ...) for 4xx/5xx,
   * malformed for any other status outside 2xx.
   *
   * @throws IllegalStateException if the status is 2xx
   */
  public HttpSourceException statusError() {
    if (isSuccessful()) {
      throw new IllegalStateException("HTTP " + status + " is a success");
    }
    if (status >= 400 && status <= 599) {
      return HttpSourceException.forStatus(source, url, status, retryAfter());
    }
    return HttpSourceException.malformedResponse(
        source, url, status, "unexpected HTTP status " + status);
  }

  private @Nullable Duration retryAfter() {
    return ResilientCall.retryAfter(headers.get("Retry-After"));
  }
}
