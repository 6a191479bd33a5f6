package dev.balancekit;

import java.util.List;
import java.util.Objects;

/**
 * The findings of a validation run. Valid when no finding is {@link Severity#ERROR} or worse.
 * Immutable and thread-safe.
 *
 * @param issues every finding, in the order the rules ran
 */
public record ValidationReport(List<ValidationIssue> issues) {

  private static final ValidationReport EMPTY = new ValidationReport(List.of());

  /**
   * @throws NullPointerException if {@code issues} or an element is null
   */
  public ValidationReport {
    issues = List.copyOf(Objects.requireNonNull(issues, "issues"));
  }

  /** A report with no findings. */
  public static ValidationReport empty() {
    return EMPTY;
  }

  /** Whether no finding is {@link Severity#ERROR} or {@link Severity#CRITICAL}. */
  public boolean isValid() {
    return issues.stream().noneMatch(i -> i.severity().isFailure());
  }

  /** The findings of {@code severity} or worse. */
  public List<ValidationIssue> atLeast(Severity severity) {
    return issues.stream().filter(i -> i.severity().compareTo(severity) >= 0).toList();
  }
}
