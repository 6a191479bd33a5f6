package dev.balancekit.history;

import java.time.Instant;

/**
 * Timestamps are kept as epoch microseconds: 8 bytes, exact to the microsecond, valid to year
 * 294,000.
 */
final class Micros {
  private Micros() {}

  static long of(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
  }

  static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
