package dev.balancekit.economy;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * RFC 4180 CSV: a field holding a comma, quote, CR or LF is quoted with its quotes doubled; records
 * end in CRLF; a null field is empty.
 */
final class Csv {

  private Csv() {}

  static String escape(@Nullable String field) {
    if (field == null) {
      return "";
    }
    boolean quote = field.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
    return quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }

  /**
   * @throws UncheckedIOException if {@code out} fails
   */
  static void line(Appendable out, @Nullable String... fields) {
    try {
      for (int i = 0; i < fields.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(escape(fields[i]));
      }
      out.append("\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException("writing CSV failed", e);
    }
  }
}
