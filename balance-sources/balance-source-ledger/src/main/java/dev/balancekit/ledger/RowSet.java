package dev.balancekit.ledger;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rows gathered in memory for one set-based statement, so a batch costs a fixed number of
 * statements whatever its size; {@link SqlDialect} decides how they reach the database. Not
 * thread-safe.
 */
final class RowSet {
  /** A column's SQL type. */
  enum Type {
    TEXT("text"),
    BIGINT("bigint");

    final String sql;

    Type(String sql) {
      this.sql = sql;
    }
  }

  final Type[] types;
  private final List<@Nullable Object> values = new ArrayList<>();

  RowSet(Type... types) {
    this.types = types;
  }

  /** Appends the next column of the current row; {@code null} is SQL NULL. */
  RowSet text(@Nullable String value) {
    return add(Type.TEXT, value);
  }

  /** Appends the next column of the current row. */
  RowSet number(long value) {
    return add(Type.BIGINT, value);
  }

  private RowSet add(Type type, @Nullable Object value) {
    int column = values.size() % types.length;
    if (types[column] != type) {
      throw new IllegalStateException(
          "column c" + column + " is " + types[column] + ", not " + type);
    }
    values.add(value);
    return this;
  }

  /** Complete rows so far. */
  int size() {
    return values.size() / types.length;
  }

  /** The value at {@code row} and {@code column}; {@code null} is SQL NULL. */
  @Nullable Object get(int row, int column) {
    return values.get(row * types.length + column);
  }

  /** One column's values, in row order; {@code null} is SQL NULL. */
  @Nullable Object[] column(int column) {
    @Nullable Object[] out = new Object[size()];
    for (int row = 0; row < out.length; row++) {
      out[row] = get(row, column);
    }
    return out;
  }

  /** The rows as a JSON array of arrays. */
  String toJson() {
    StringBuilder json = new StringBuilder(32 + values.size() * 16).append('[');
    for (int row = 0; row < size(); row++) {
      json.append(row == 0 ? "[" : ",[");
      for (int column = 0; column < types.length; column++) {
        if (column > 0) {
          json.append(',');
        }
        Object value = get(row, column);
        if (value == null) {
          json.append("null");
        } else if (value instanceof Long number) {
          json.append(number.longValue());
        } else {
          quote(json, (String) value);
        }
      }
      json.append(']');
    }
    return json.append(']').toString();
  }

  private static void quote(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '"' || ch == '\\') {
        json.append('\\').append(ch);
      } else if (ch < 0x20) {
        json.append("\\u00")
            .append(Character.forDigit(ch >> 4, 16))
            .append(Character.forDigit(ch & 0xf, 16));
      } else {
        json.append(ch);
      }
    }
    json.append('"');
  }
}
