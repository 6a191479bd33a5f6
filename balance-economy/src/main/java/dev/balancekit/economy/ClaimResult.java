package dev.balancekit.economy;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A daily reward that was paid. Immutable and thread-safe.
 *
 * @param amount what was paid, streak bonus included
 * @param streakBonus the part of {@code amount} that the streak added
 * @param streak consecutive days claimed, this one included
 * @param balance the member's balance after
 * @param nextClaimAt the next UTC midnight, when the next claim opens
 * @param event the audit row
 */
public record ClaimResult(
    BigDecimal amount,
    BigDecimal streakBonus,
    int streak,
    BigDecimal balance,
    Instant nextClaimAt,
    AuditEvent event) {}
