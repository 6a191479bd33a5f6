package dev.balancekit.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A UTC clock that moves only when told, for tests, demos and simulations: give it to the manager,
 * its cache and an {@link InMemoryBalanceSource} to show TTLs, staleness and cooldowns without
 * waiting. Thread-safe.
 */
public final class ManualClock extends Clock {
  private volatile Instant now;

  private ManualClock(Instant start) {
    this.now = start;
  }

  /**
   * A clock showing {@code start}.
   *
   * @throws NullPointerException if {@code start} is null
   */
  public static ManualClock at(Instant start) {
    return new ManualClock(Objects.requireNonNull(start, "start"));
  }

  /**
   * A clock showing the ISO-8601 instant {@code start}, for example {@code 2026-11-22T00:00:00Z}.
   *
   * @throws java.time.format.DateTimeParseException if {@code start} is not an instant
   */
  public static ManualClock at(String start) {
    return at(Instant.parse(start));
  }

  /**
   * Moves the clock forward.
   *
   * @throws IllegalArgumentException if {@code by} is null or negative
   */
  public synchronized void advance(Duration by) {
    if (by == null || by.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward, but by was " + by);
    }
    now = now.plus(by);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This clock: it is always UTC. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public String toString() {
    return "ManualClock[" + now + "]";
  }
}
