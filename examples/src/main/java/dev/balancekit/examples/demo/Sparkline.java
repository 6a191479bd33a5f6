package dev.balancekit.examples.demo;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/** A one-line chart of a series, resampled to a width; exact arithmetic for the bucket levels. */
final class Sparkline {
  private static final String UNICODE = "▁▂▃▄▅▆▇█";
  private static final String ASCII = "_.-~=+*#";

  private Sparkline() {}

  static String of(List<BigDecimal> values, int width, boolean unicode) {
    if (values.isEmpty()) {
      return "(no data)";
    }
    String levels = unicode ? UNICODE : ASCII;
    BigDecimal min = values.stream().reduce(BigDecimal::min).orElseThrow();
    BigDecimal max = values.stream().reduce(BigDecimal::max).orElseThrow();
    BigDecimal range = max.subtract(min);
    int n = Math.min(width, values.size());
    StringBuilder line = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      BigDecimal v = values.get((int) ((long) i * (values.size() - 1) / Math.max(1, n - 1)));
      int level =
          range.signum() == 0
              ? levels.length() / 2
              : v.subtract(min)
                  .multiply(BigDecimal.valueOf(levels.length() - 1))
                  .divide(range, MathContext.DECIMAL64)
                  .intValue();
      line.append(levels.charAt(level));
    }
    return line.toString();
  }
}
