package dev.balancekit.source.binance;

import dev.balancekit.source.http.HttpSourceException;
import java.time.Duration;
import java.util.Set;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** Turns a Binance error answer (status and code) into the typed exception callers act on. */
final class BinanceErrors {
  /** TOO_MANY_REQUESTS and TOO_MANY_ORDERS. */
  private static final Set<Integer> RATE_LIMIT_CODES = Set.of(-1003, -1015);

  /** UNAUTHORIZED, INVALID_SIGNATURE, BAD_API_KEY_FMT, REJECTED_MBX_KEY (key, IP or permission). */
  private static final Set<Integer> AUTH_CODES = Set.of(-1002, -1022, -2014, -2015);

  private BinanceErrors() {}

  /**
   * The exception for Binance's answer to a request to {@code endpoint}.
   *
   * @param where the redacted endpoint named in the message (no query: it could hold a signature)
   * @param status the answer's status (HTTP semantics)
   * @param code Binance's error code, or 0 if the answer had none
   * @param retryAfter how long Binance asked to wait, or null
   * @return {@link HttpSourceException} of kind {@code RATE_LIMITED} (418, 429, -1003, -1015) or
   *     {@code AUTH_FAILED} (401, 403, -1002, -1022, -2014, -2015), else {@link
   *     BinanceApiException}
   */
  static RuntimeException toException(
      String source,
      HttpUrl endpoint,
      String where,
      int status,
      int code,
      @Nullable Duration retryAfter,
      Duration recvWindow) {
    if (status == 418 || status == 429 || RATE_LIMIT_CODES.contains(code)) {
      return HttpSourceException.rateLimited(source, endpoint, retryAfter);
    }
    if (status == 401 || status == 403 || AUTH_CODES.contains(code)) {
      return HttpSourceException.authFailed(source, endpoint);
    }
    return BinanceApiException.of(source, status, code, where, recvWindow);
  }

  /**
   * The WebSocket {@code endpoint} (held in http form) as ws(s), host, port and path: no query,
   * which could hold a signature.
   */
  static String webSocketAddress(HttpUrl endpoint) {
    String scheme = endpoint.isHttps() ? "wss" : "ws";
    int port = endpoint.port();
    boolean defaultPort = port == HttpUrl.defaultPort(endpoint.scheme());
    return scheme
        + "://"
        + endpoint.host()
        + (defaultPort ? "" : ":" + port)
        + endpoint.encodedPath();
  }
}
