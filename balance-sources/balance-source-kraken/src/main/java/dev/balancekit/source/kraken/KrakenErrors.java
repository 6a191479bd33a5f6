package dev.balancekit.source.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.http.HttpSourceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Turns Kraken's {@code error} strings into the typed exceptions: auth and rate-limit errors into
 * {@link HttpSourceException} (so the venue plumbing backs off and reports DEGRADED), outages into
 * {@link SourceUnavailableException}, the rest into {@link KrakenApiException}. Stateless.
 */
final class KrakenErrors {
  /** A Kraken error's category, as in {@code EAPI:Invalid nonce}. */
  private static final Pattern CATEGORY = Pattern.compile("[EW][A-Za-z]{1,32}:");

  /** A word of an error's text; keys and tokens are longer or have digits, so they never pass. */
  private static final Pattern WORD = Pattern.compile("[A-Za-z_.,:'()/-]{1,24}");

  static final String WITHHELD = "<withheld>";
  static final String UNRECOGNISED = "<unrecognised error>";

  private static final List<String> RATE_LIMIT =
      List.of(
          "EAPI:Rate limit exceeded",
          "EOrder:Rate limit exceeded",
          "EGeneral:Too many requests",
          "EService:Throttled");
  private static final List<String> AUTH =
      List.of(
          "EAPI:Invalid key",
          "EAPI:Invalid signature",
          "EGeneral:Permission denied",
          "EAccount:Invalid permissions",
          "ESession:",
          "EAPI:Invalid token",
          "EGeneral:Invalid token");
  private static final List<String> OUTAGE =
      List.of(
          "EService:Unavailable",
          "EService:Busy",
          "EService:Deadline elapsed",
          "EGeneral:Internal error");
  private static final String INVALID_NONCE = "EAPI:Invalid nonce";

  private KrakenErrors() {}

  /**
   * Throws what the {@code error} array of {@code body} means, if it lists an error ({@code E...});
   * warnings ({@code W...}) alone are not failures.
   *
   * @throws IllegalArgumentException if {@code error} is there but not an array of strings
   */
  static void throwIfFailed(String source, HttpUrl url, JsonNode body, Duration rateLimitWait) {
    JsonNode error = body.get("error");
    if (error == null || error.isNull()) {
      return;
    }
    if (!error.isArray()) {
      throw new IllegalArgumentException("'error' is not an array");
    }
    List<String> errors = new ArrayList<>();
    boolean failed = false;
    for (JsonNode e : error) {
      if (!e.isTextual()) {
        throw new IllegalArgumentException("'error' holds something other than strings");
      }
      String code = sanitise(e.textValue());
      errors.add(code);
      failed |= !code.startsWith("W");
    }
    if (failed) {
      throw forErrors(source, url, errors, rateLimitWait);
    }
  }

  /** The exception {@code errors} (sanitised codes) mean; see the class comment. */
  static RuntimeException forErrors(
      String source, HttpUrl url, List<String> errors, @Nullable Duration rateLimitWait) {
    if (anyStartsWith(errors, RATE_LIMIT)) {
      return HttpSourceException.rateLimited(source, url, rateLimitWait);
    }
    if (anyStartsWith(errors, AUTH)) {
      return HttpSourceException.authFailed(source, url);
    }
    String where = where(url);
    if (anyStartsWith(errors, OUTAGE)) {
      return SourceUnavailableException.of(
          source, "Kraken answered " + errors + " calling " + where);
    }
    KrakenApiException.Kind kind =
        anyStartsWith(errors, List.of(INVALID_NONCE))
            ? KrakenApiException.Kind.INVALID_NONCE
            : KrakenApiException.Kind.REJECTED;
    return KrakenApiException.of(source, kind, errors, where);
  }

  /**
   * {@code text} as far as it reads like a Kraken error ({@code EAPI:Invalid nonce}): from the
   * first word that does not (one with digits or over 24 characters, as an echoed key or token
   * would be) the rest is withheld; text without a Kraken category is {@link #UNRECOGNISED}.
   */
  static String sanitise(@Nullable String text) {
    if (text == null || text.length() > 200) {
      return UNRECOGNISED;
    }
    Matcher category = CATEGORY.matcher(text);
    if (!category.lookingAt()) {
      return UNRECOGNISED;
    }
    StringBuilder kept = new StringBuilder(category.group());
    String[] words = text.substring(category.end()).split(" ", -1);
    for (int i = 0; i < words.length; i++) {
      if (!WORD.matcher(words[i]).matches()) {
        return kept.append(i == 0 ? "" : " ").append(WITHHELD).toString();
      }
      kept.append(i == 0 ? "" : " ").append(words[i]);
    }
    return kept.toString();
  }

  private static boolean anyStartsWith(List<String> errors, List<String> prefixes) {
    for (String e : errors) {
      for (String p : prefixes) {
        if (e.startsWith(p)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The endpoint without user info, query or fragment (Kraken's private calls carry none; be sure).
   */
  static String where(HttpUrl url) {
    StringBuilder s = new StringBuilder(url.scheme()).append("://").append(url.host());
    if (url.port() != HttpUrl.defaultPort(url.scheme())) {
      s.append(':').append(url.port());
    }
    return s.append(url.encodedPath()).toString();
  }
}
