package dev.balancekit.source.binance;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inputs of bugs the fuzz tests found and the lead is yet to fix; the fuzz targets skip exactly
 * these, so that fuzzing in CI stays green meanwhile, and {@link FuzzBugsTest} reproduces each. A
 * fix deletes its predicate here and the {@code @Disabled} on its reproducer.
 */
final class FuzzBugs {
  private FuzzBugs() {}

  private static final Pattern RETRY_AFTER = Pattern.compile("\"retryAfter\"\\s*:\\s*(\\d+)");

  /**
   * {@code BinanceStreamProtocol.onResponse} passes {@code error.data.retryAfter} of a refused
   * subscription, unbounded, to {@code VenueClient.pauseFor}, whose {@code Duration.toNanos}
   * overflows beyond about 292 years: {@link ArithmeticException} escapes {@code read}, and the
   * subscription's future is never completed. Whether {@code frame} may carry such a value.
   */
  static boolean hugeRetryAfter(String frame) {
    Matcher m = RETRY_AFTER.matcher(frame);
    while (m.find()) {
      if (m.group(1).length() >= 16) {
        return true;
      }
    }
    return false;
  }
}
