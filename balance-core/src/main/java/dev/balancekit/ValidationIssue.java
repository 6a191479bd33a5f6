package dev.balancekit;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One finding of one validation rule. Immutable and thread-safe.
 *
 * @param rule the rule's public name, for example {@code negative_balance}
 * @param severity how serious the finding is
 * @param account the account concerned
 * @param assetCode the asset concerned, or {@code null} for the account as a whole
 * @param message what is wrong, for a person
 * @param details machine-readable facts (for example {@code current}, {@code limit})
 */
public record ValidationIssue(
    String rule,
    Severity severity,
    AccountRef account,
    @Nullable String assetCode,
    String message,
    Map<String, Object> details) {

  /**
   * @throws NullPointerException if rule, severity, account or message is null
   */
  public ValidationIssue {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(message, "message");
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  /** The asset concerned, if any. */
  public Optional<String> asset() {
    return Optional.ofNullable(assetCode);
  }
}
