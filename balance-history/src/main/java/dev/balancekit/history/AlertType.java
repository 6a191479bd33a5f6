package dev.balancekit.history;

import dev.balancekit.Severity;

/**
 * The conditions an {@link AlertRule} watches, each with the severity its alerts carry.
 *
 * <p>Immutable and thread-safe.
 */
public enum AlertType {
  /** The total fell below the warning threshold. */
  BELOW_WARNING(Severity.WARNING),
  /** The total fell below the critical threshold. */
  BELOW_CRITICAL(Severity.CRITICAL),
  /** One change was larger than the limit a {@link ChangeLimitProvider} gives. */
  LIMIT_EXCEEDED(Severity.ERROR),
  /** The total fell by at least a percentage from its highest point within a window. */
  SIGNIFICANT_DROP(Severity.WARNING);

  private final Severity severity;

  AlertType(Severity severity) {
    this.severity = severity;
  }

  /** The severity of alerts of this type. */
  public Severity severity() {
    return severity;
  }
}
