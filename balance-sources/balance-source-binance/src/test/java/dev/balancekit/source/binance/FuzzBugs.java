package dev.balancekit.source.binance;

import java.math.BigInteger;
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
   * subscription's future is never completed. Whether {@code frame} may carry such a value (the
   * fuzzer found 17723003262200).
   */
  static boolean hugeRetryAfter(String frame) {
    Matcher m = RETRY_AFTER.matcher(frame);
    while (m.find()) {
      if (new BigInteger(m.group(1)).compareTo(OVERFLOWS_NANOS) > 0) {
        return true;
      }
    }
    return false;
  }

  /** The fuzz tests' clock plus the longest wait in nanoseconds a {@code long} holds, in ms. */
  private static final BigInteger OVERFLOWS_NANOS =
      BigInteger.valueOf(TestVenue.START.toEpochMilli() + Long.MAX_VALUE / 1_000_000);
}
