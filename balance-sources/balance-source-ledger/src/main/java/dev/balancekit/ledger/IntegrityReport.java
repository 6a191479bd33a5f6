package dev.balancekit.ledger;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Ledger#verifyIntegrity()} found. Immutable and thread-safe.
 *
 * @param accountsChecked account/asset rows examined
 * @param violations each broken invariant, for a person; empty when the ledger is sound
 */
public record IntegrityReport(int accountsChecked, List<String> violations) {

  public IntegrityReport {
    violations = List.copyOf(Objects.requireNonNull(violations, "violations"));
  }

  /** Whether every invariant holds. */
  public boolean isSound() {
    return violations.isEmpty();
  }
}
