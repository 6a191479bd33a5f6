package dev.balancekit.history;

import dev.balancekit.AccountRef;
import dev.balancekit.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A raised alert. It is active until its condition clears ({@link #resolvedAt}); acknowledging it
 * records who saw it and when, and does not end it.
 *
 * <p>Immutable and thread-safe; {@link BalanceHistory#acknowledge} returns a new instance.
 *
 * @param id unique within one history store
 * @param rule the name of the rule that raised it
 * @param value the total (or, for {@link AlertType#LIMIT_EXCEEDED}, the absolute change) that
 *     triggered it
 * @param threshold what it was compared with
 * @param resolvedAt when the condition cleared, {@code null} while active
 * @param acknowledgedBy who acknowledged it, {@code null} if nobody yet
 * @param acknowledgedAt when, {@code null} if nobody yet
 */
public record Alert(
    long id,
    String rule,
    AlertType type,
    AccountRef account,
    String assetCode,
    Severity severity,
    String message,
    BigDecimal value,
    BigDecimal threshold,
    Instant raisedAt,
    @Nullable Instant resolvedAt,
    @Nullable String acknowledgedBy,
    @Nullable Instant acknowledgedAt) {

  /**
   * @throws NullPointerException if a required field is null
   */
  public Alert {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(assetCode, "assetCode");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(raisedAt, "raisedAt");
  }

  /** Whether the condition still holds. */
  public boolean isActive() {
    return resolvedAt == null;
  }

  /** Whether someone acknowledged it. */
  public boolean isAcknowledged() {
    return acknowledgedBy != null;
  }

  /** Who acknowledged it, if anyone. */
  public Optional<String> acknowledger() {
    return Optional.ofNullable(acknowledgedBy);
  }

  Alert resolved(Instant at) {
    return new Alert(
        id,
        rule,
        type,
        account,
        assetCode,
        severity,
        message,
        value,
        threshold,
        raisedAt,
        at,
        acknowledgedBy,
        acknowledgedAt);
  }

  Alert acknowledged(String by, Instant at) {
    return new Alert(
        id,
        rule,
        type,
        account,
        assetCode,
        severity,
        message,
        value,
        threshold,
        raisedAt,
        resolvedAt,
        by,
        at);
  }
}
