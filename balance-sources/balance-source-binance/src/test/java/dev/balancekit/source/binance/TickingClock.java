package dev.balancekit.source.binance;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UTC clock that moves one millisecond forward on every reading, so that every signed timestamp
 * differs.
 */
final class TickingClock extends Clock {
  private final AtomicLong millis;

  TickingClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock stays in UTC");
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.incrementAndGet());
  }
}
