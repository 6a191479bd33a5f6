package dev.balancekit.source.http;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Test helper, shared with the adapters' tests: polls a condition until it holds or a generous
 * deadline passes; never asserts on speed.
 */
public final class Await {
  public static final Duration DEFAULT = Duration.ofSeconds(10);

  private Await() {}

  public static void until(String what, BooleanSupplier condition) {
    until(what, DEFAULT, condition);
  }

  public static void until(String what, Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what, e);
      }
    }
  }
}
