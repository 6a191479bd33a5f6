package dev.balancekit;

/**
 * How serious a validation issue is. {@link #ERROR} and {@link #CRITICAL} make a report invalid.
 */
public enum Severity {
  INFO,
  WARNING,
  ERROR,
  CRITICAL;

  /** Whether an issue of this severity makes a report invalid. */
  public boolean isFailure() {
    return this == ERROR || this == CRITICAL;
  }
}
