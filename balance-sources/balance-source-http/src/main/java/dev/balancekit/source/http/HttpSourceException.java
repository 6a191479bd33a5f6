package dev.balancekit.source.http;

import dev.balancekit.BalanceKitException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A venue answered an HTTP or WebSocket call badly, or could not be reached. {@link #kind()} says
 * what went wrong, {@link #status()} the HTTP status where there was one, and {@link #retryAfter()}
 * how long the venue asked callers to wait (from {@code Retry-After}).
 *
 * <p>Calls the plumbing refuses without asking the venue (circuit breaker open, local rate limit
 * exhausted, overall deadline passed) fail with {@link dev.balancekit.SourceUnavailableException}
 * instead, as the {@link dev.balancekit.spi.BalanceSource} contract asks.
 *
 * <p>Messages name the source, the kind, the status and the URL with every query value masked; they
 * never contain headers, bodies or secrets. Created only by the static factories. Immutable.
 */
public final class HttpSourceException extends BalanceKitException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** 401 or 403: the credentials were refused. Not retried. */
    AUTH_FAILED(false, false),
    /**
     * 429, 418 or a venue's own rate-limit answer. Retried after {@link #retryAfter()} when it fits
     * the deadline.
     */
    RATE_LIMITED(true, false),
    /** 404: the venue does not know the resource. Not retried. */
    NOT_FOUND(false, false),
    /** Another 4xx: the venue refused the request as malformed or not allowed. Not retried. */
    REQUEST_REJECTED(false, false),
    /** 5xx: the venue failed. Retried; counts against the circuit breaker. */
    UPSTREAM_ERROR(true, true),
    /**
     * The connection failed, was reset or timed out. Retried; counts against the circuit breaker.
     */
    CONNECTION_FAILED(true, true),
    /**
     * The body was empty, not JSON, truncated, beyond a size limit, or not of the expected shape.
     * Not retried.
     */
    MALFORMED_RESPONSE(false, true);

    private final boolean retryable;
    private final boolean venueFault;

    Kind(boolean retryable, boolean venueFault) {
      this.retryable = retryable;
      this.venueFault = venueFault;
    }

    /** Whether another attempt may succeed. */
    public boolean isRetryable() {
      return retryable;
    }

    /** Whether the venue is at fault, so that the failure counts against its circuit breaker. */
    public boolean isVenueFault() {
      return venueFault;
    }
  }

  private final String source;
  private final Kind kind;
  private final int status;
  private final @Nullable Duration retryAfter;

  private HttpSourceException(
      String source, Kind kind, int status, @Nullable Duration retryAfter, String detail) {
    super(message(source, detail, retryAfter));
    this.source = source;
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  private HttpSourceException(String source, Kind kind, String detail, Throwable cause) {
    super(message(source, detail, null), cause);
    this.source = source;
    this.kind = kind;
    this.status = 0;
    this.retryAfter = null;
  }

  private static String message(String source, String detail, @Nullable Duration retryAfter) {
    return "source '"
        + source
        + "' "
        + detail
        + (retryAfter == null ? "" : " (retry after " + retryAfter.toMillis() + " ms)");
  }

  /**
   * The exception for an HTTP error status: 401/403 {@link Kind#AUTH_FAILED}, 404 {@link
   * Kind#NOT_FOUND}, 418/429 {@link Kind#RATE_LIMITED}, 5xx {@link Kind#UPSTREAM_ERROR}, other 4xx
   * {@link Kind#REQUEST_REJECTED}.
   *
   * @param source the source's name
   * @param url the URL called; only its redacted form is kept
   * @param status the HTTP status, 400-599
   * @param retryAfter the parsed {@code Retry-After}, or null
   * @throws IllegalArgumentException if {@code status} is not an error status
   */
  public static HttpSourceException forStatus(
      String source, HttpUrl url, int status, @Nullable Duration retryAfter) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException(
          "status must be an HTTP error (400-599), but was " + status);
    }
    Kind kind;
    if (status == 401 || status == 403) {
      kind = Kind.AUTH_FAILED;
    } else if (status == 404) {
      kind = Kind.NOT_FOUND;
    } else if (status == 418 || status == 429) {
      kind = Kind.RATE_LIMITED;
    } else if (status >= 500) {
      kind = Kind.UPSTREAM_ERROR;
    } else {
      kind = Kind.REQUEST_REJECTED;
    }
    return new HttpSourceException(
        source,
        kind,
        status,
        retryAfter,
        describe(kind) + ": HTTP " + status + " from " + Redaction.url(url));
  }

  /**
   * The venue said "slow down" in its own words (for example an HTTP 200 carrying a rate-limit
   * error).
   *
   * @param retryAfter how long to wait, or null if the venue did not say
   */
  public static HttpSourceException rateLimited(
      String source, HttpUrl url, @Nullable Duration retryAfter) {
    return new HttpSourceException(
        source,
        Kind.RATE_LIMITED,
        0,
        retryAfter,
        describe(Kind.RATE_LIMITED) + " by " + Redaction.url(url));
  }

  /**
   * The venue refused the credentials in its own words (for example an HTTP 200 carrying an auth
   * error).
   */
  public static HttpSourceException authFailed(String source, HttpUrl url) {
    return new HttpSourceException(
        source,
        Kind.AUTH_FAILED,
        0,
        null,
        describe(Kind.AUTH_FAILED) + " by " + Redaction.url(url));
  }

  /**
   * The connection to {@code url} failed; {@code cause} is OkHttp's exception, whose messages
   * redact URLs.
   */
  public static HttpSourceException connectionFailed(
      String source, HttpUrl url, IOException cause) {
    String why = cause == null ? "I/O error" : cause.getClass().getSimpleName();
    return new HttpSourceException(
        source,
        Kind.CONNECTION_FAILED,
        describe(Kind.CONNECTION_FAILED) + " (" + why + ") calling " + Redaction.url(url),
        cause);
  }

  /**
   * The answer from {@code url} (or a stream message, when {@code url} is null) could not be used.
   *
   * @param problem what is wrong, in words that must not quote the body (it may hold secrets)
   */
  public static HttpSourceException malformedResponse(
      String source, @Nullable HttpUrl url, int status, String problem) {
    return new HttpSourceException(
        source,
        Kind.MALFORMED_RESPONSE,
        status,
        null,
        describe(Kind.MALFORMED_RESPONSE)
            + (url == null ? "" : " from " + Redaction.url(url))
            + ": "
            + problem);
  }

  /**
   * What {@code e} says is wrong, as a {@code problem} for {@link #malformedResponse}: its message,
   * or its type when it has none.
   */
  static String problem(RuntimeException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case AUTH_FAILED -> "refused the credentials";
      case RATE_LIMITED -> "rate limited the call";
      case NOT_FOUND -> "does not know the resource";
      case REQUEST_REJECTED -> "rejected the request";
      case UPSTREAM_ERROR -> "failed upstream";
      case CONNECTION_FAILED -> "could not be reached";
      case MALFORMED_RESPONSE -> "sent a malformed response";
    };
  }

  /** The name of the source that failed. */
  public String source() {
    return source;
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** The HTTP status, if the failure came with one. */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** How long the venue asked callers to wait, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Shorthand for {@code kind().isRetryable()}. */
  public boolean isRetryable() {
    return kind.isRetryable();
  }
}
