package dev.balancekit.source.binance;

import dev.balancekit.BalanceKitException;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Binance refused a request with an error code that is neither an authentication failure nor a rate
 * limit (those fail with {@link dev.balancekit.source.http.HttpSourceException} of kind {@code
 * AUTH_FAILED} and {@code RATE_LIMITED}, so that the venue plumbing backs off). Raised for answers
 * of the WebSocket API, whose error bodies carry Binance's code; over REST only the HTTP status
 * reaches this library, so a refused REST call fails with {@code HttpSourceException} by status.
 *
 * <p>The message names the code and what to do about it; Binance's own {@code msg} text is left
 * out, as it may echo request parameters.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class BinanceApiException extends BalanceKitException {
  private static final long serialVersionUID = 1L;

  /** Code {@code -1021}: the request's {@code timestamp} was outside {@code recvWindow}. */
  static final int TIMESTAMP_OUTSIDE_RECV_WINDOW = -1021;

  /** What Binance refused. */
  public enum Kind {
    /**
     * Code {@code -1021}: the request's timestamp was ahead of Binance's clock or older than {@code
     * recvWindow} when it arrived. The local clock is off (sync it with NTP) or the network is slow
     * (raise {@code recvWindow}). Every new connection signs a fresh timestamp.
     */
    TIMESTAMP_OUTSIDE_RECV_WINDOW,
    /** Any other code: a malformed or unsupported request. */
    REJECTED
  }

  private final String source;
  private final Kind kind;
  private final int code;
  private final int status;

  private BinanceApiException(String source, Kind kind, int code, int status, String message) {
    super(message);
    this.source = source;
    this.kind = kind;
    this.code = code;
    this.status = status;
  }

  /**
   * @param status the answer's status (HTTP semantics), or 0 if it had none
   * @param where the redacted endpoint, for example {@code wss://ws-api.binance.com/ws-api/v3}
   * @param recvWindow the recvWindow the request was signed with, named in the -1021 advice
   */
  static BinanceApiException of(
      String source, int status, int code, String where, Duration recvWindow) {
    Kind kind =
        code == TIMESTAMP_OUTSIDE_RECV_WINDOW ? Kind.TIMESTAMP_OUTSIDE_RECV_WINDOW : Kind.REJECTED;
    StringBuilder message =
        new StringBuilder("source '")
            .append(source)
            .append("': Binance refused the request to ")
            .append(where)
            .append(" with code ")
            .append(code);
    if (status != 0) {
      message.append(" (status ").append(status).append(')');
    }
    if (kind == Kind.TIMESTAMP_OUTSIDE_RECV_WINDOW) {
      message
          .append(": its timestamp was outside recvWindow (")
          .append(recvWindow.toMillis())
          .append(" ms) when it arrived; sync the local clock (NTP) or raise recvWindow");
    }
    return new BinanceApiException(source, kind, code, status, message.toString());
  }

  /** The name of the source whose request was refused. */
  public String source() {
    return source;
  }

  /** What Binance refused. */
  public Kind kind() {
    return kind;
  }

  /** Binance's error code, for example {@code -1021}. */
  public int code() {
    return code;
  }

  /** The status of Binance's answer (HTTP semantics), if it had one. */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }
}
