package dev.balancekit.economy;

import dev.balancekit.ValidationIssue;
import dev.balancekit.ValidationReport;
import java.math.BigDecimal;
import java.util.List;

/**
 * What an applied {@link Adjustment} did. Immutable and thread-safe.
 *
 * @param balance the member's balance after
 * @param report every finding of the tier's limit rules on the change
 * @param alerts the findings that did not refuse it but need a person's attention (warnings, such
 *     as a high risk score)
 * @param event the audit row
 */
public record AdjustResult(
    BigDecimal balance, ValidationReport report, List<ValidationIssue> alerts, AuditEvent event) {

  public AdjustResult {
    alerts = List.copyOf(alerts);
  }
}
