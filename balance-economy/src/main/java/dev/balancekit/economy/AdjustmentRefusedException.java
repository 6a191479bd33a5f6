package dev.balancekit.economy;

import dev.balancekit.BalanceKitException;
import dev.balancekit.ValidationIssue;
import dev.balancekit.ValidationReport;
import java.util.stream.Collectors;

/**
 * The tier's limits refused an {@link Adjustment}; nothing changed. The message lists the failed
 * rules ("max_balance: total 1,600,000.00 GOLD is above the maximum of 1,500,000 GOLD").
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class AdjustmentRefusedException extends BalanceKitException {
  private static final long serialVersionUID = 1L;

  private final transient ValidationReport report;

  private AdjustmentRefusedException(String message, ValidationReport report) {
    super(message);
    this.report = report;
  }

  /** The adjustment failed {@code report} (which holds at least one ERROR or CRITICAL finding). */
  public static AdjustmentRefusedException of(ValidationReport report) {
    String failures =
        report.issues().stream()
            .filter(i -> i.severity().isFailure())
            .map(AdjustmentRefusedException::describe)
            .collect(Collectors.joining("; "));
    return new AdjustmentRefusedException(
        "adjustment refused by the tier limits: " + failures, report);
  }

  /** Every finding, the failures and the warnings. */
  public ValidationReport report() {
    return report;
  }

  private static String describe(ValidationIssue issue) {
    return issue.rule() + ": " + issue.message();
  }
}
