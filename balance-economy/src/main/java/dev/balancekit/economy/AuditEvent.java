package dev.balancekit.economy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One audit row: something that changed a namespace's economy, who did it and to whom, with the
 * display names as they were at the time. Immutable and thread-safe.
 *
 * @param id increasing within the database; the cursor for {@link Economy#events}
 * @param namespace the namespace
 * @param at when it happened
 * @param action what happened
 * @param actorId who did it: the member themselves, or the admin
 * @param actorName the actor's display name then
 * @param accountId whose balance it is about; {@code null} for {@link Action#CONFIG}
 * @param accountName that member's display name then, or {@code null}
 * @param counterpartyId the other side (the recipient of a send, the sender a reversal refunds), or
 *     {@code null}
 * @param counterpartyName the other side's display name then, or {@code null}
 * @param amount what moved, or {@code null} when nothing did
 * @param tax the tax paid on a send, or {@code null}
 * @param balanceBefore the account's balance before, or {@code null}
 * @param balanceAfter the account's balance after, or {@code null}
 * @param reason the reason given (at most {@value Economy#MAX_REASON_LENGTH} characters), or {@code
 *     null}
 * @param transferId the ledger transfer (or pending transfer) it made, or {@code null}
 * @param detail more facts for a person (streak, settings old → new, metadata), or {@code null}
 */
public record AuditEvent(
    long id,
    String namespace,
    Instant at,
    Action action,
    String actorId,
    String actorName,
    @Nullable String accountId,
    @Nullable String accountName,
    @Nullable String counterpartyId,
    @Nullable String counterpartyName,
    @Nullable BigDecimal amount,
    @Nullable BigDecimal tax,
    @Nullable BigDecimal balanceBefore,
    @Nullable BigDecimal balanceAfter,
    @Nullable String reason,
    @Nullable String transferId,
    @Nullable String detail) {

  /** What an audit row records. */
  public enum Action {
    /** The starting balance was granted. */
    START,
    /** The daily reward was claimed. */
    CLAIM,
    /** A send completed (directly or once confirmed). */
    SEND,
    /** A send waits for confirmation. */
    PENDING,
    /** A pending send was cancelled by its sender. */
    CANCEL,
    /** A member began refusing incoming transfers. */
    OPT_OUT,
    /** A member accepts incoming transfers again. */
    OPT_IN,
    GIVE,
    TAKE,
    SET,
    RESET,
    /** A send was reversed. */
    REVERSE,
    ADJUST,
    /** The namespace configuration changed. */
    CONFIG;

    /** The stored and exported name, for example {@code opt_out}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Action ofCode(String code) {
      return valueOf(code.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * @throws NullPointerException if namespace, at, action or actor id is null
   */
  public AuditEvent {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actorId, "actorId");
  }
}
