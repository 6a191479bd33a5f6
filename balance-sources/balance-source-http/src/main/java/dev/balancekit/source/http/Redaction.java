package dev.balancekit.source.http;

import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** Turns URLs into text that is safe to log or put in an exception message. */
final class Redaction {

  private Redaction() {}

  /**
   * {@code url} without user info or fragment and with every query value masked: query strings
   * carry API keys, signatures and tokens often enough that no value is trusted.
   */
  static String url(@Nullable HttpUrl url) {
    if (url == null) {
      return "null";
    }
    StringBuilder s = new StringBuilder(url.scheme()).append("://").append(url.host());
    if (url.port() != HttpUrl.defaultPort(url.scheme())) {
      s.append(':').append(url.port());
    }
    s.append(url.encodedPath());
    for (int i = 0; i < url.querySize(); i++) {
      s.append(i == 0 ? '?' : '&').append(url.queryParameterName(i));
      if (url.queryParameterValue(i) != null) {
        s.append('=').append(Secret.mask());
      }
    }
    return s.toString();
  }

  /**
   * {@link #url(HttpUrl)} of {@code text}, or a fixed placeholder when it does not parse as a URL.
   */
  static String url(@Nullable String text) {
    HttpUrl parsed = text == null ? null : HttpUrl.parse(text);
    return parsed == null ? "<unparseable url>" : url(parsed);
  }
}
