package dev.balancekit.history;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted, quotes doubled; lines end in CRLF.
 */
final class Csv {
  static final String HEADER = "account,asset,at,total,kind";

  private Csv() {}

  static String escape(String field) {
    boolean quote = false;
    for (int i = 0; i < field.length() && !quote; i++) {
      char c = field.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    return quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }

  static void line(Appendable out, String... fields) {
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

  static void entry(Appendable out, HistoryEntry e) {
    line(
        out,
        e.account().toString(),
        e.asset().code(),
        e.at().toString(),
        e.total().toPlainString(),
        e.kind() == ChangeKind.UNKNOWN ? "" : e.kind().code());
  }
}
