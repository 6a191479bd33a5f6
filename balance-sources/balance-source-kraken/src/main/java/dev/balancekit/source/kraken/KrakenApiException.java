package dev.balancekit.source.kraken;

import dev.balancekit.BalanceKitException;
import java.util.List;

/**
 * Kraken answered a call with errors in its {@code error} array that are neither an authentication
 * failure nor a rate limit (those fail with {@link dev.balancekit.source.http.HttpSourceException}
 * of kind {@code AUTH_FAILED} and {@code RATE_LIMITED}, so that the venue plumbing can back off)
 * nor an outage (which fails with {@link dev.balancekit.SourceUnavailableException}). Not retried.
 *
 * <p>{@link #errors()} holds Kraken's error codes such as {@code EAPI:Invalid nonce}. Text that
 * does not read like one is withheld (a word with digits or over 24 characters and all after it
 * become {@code <withheld>}, an error without a Kraken category {@code <unrecognised error>}), so
 * nothing the venue echoes back (a key, a token) can reach a message or a log.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class KrakenApiException extends BalanceKitException {
  private static final long serialVersionUID = 1L;

  /** What Kraken refused. */
  public enum Kind {
    /**
     * {@code EAPI:Invalid nonce}: Kraken saw a nonce not above the last one for this API key,
     * usually because another client shares the key or concurrent calls arrived out of order. Give
     * each client its own key, or set a nonce window on the key.
     */
    INVALID_NONCE,
    /** Any other error: invalid arguments, a disabled feature, an unknown method. */
    REJECTED
  }

  private final String source;
  private final Kind kind;
  private final List<String> errors;

  private KrakenApiException(String source, Kind kind, List<String> errors, String where) {
    super(
        "source '"
            + source
            + "': Kraken answered "
            + errors
            + " calling "
            + where
            + (kind == Kind.INVALID_NONCE
                ? "; nonces reached Kraken out of order: give each client its own API key"
                    + " or set a nonce window on the key"
                : ""));
    this.source = source;
    this.kind = kind;
    this.errors = List.copyOf(errors);
  }

  /**
   * @param errors Kraken's error codes, already sanitised
   * @param where the redacted endpoint, for example {@code
   *     https://api.kraken.com/0/private/BalanceEx}
   */
  static KrakenApiException of(String source, Kind kind, List<String> errors, String where) {
    return new KrakenApiException(source, kind, errors, where);
  }

  /** The name of the source whose call failed. */
  public String source() {
    return source;
  }

  /** What Kraken refused. */
  public Kind kind() {
    return kind;
  }

  /** Kraken's error codes, in the order Kraken listed them. */
  public List<String> errors() {
    return errors;
  }
}
