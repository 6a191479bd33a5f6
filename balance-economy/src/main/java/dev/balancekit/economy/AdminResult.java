package dev.balancekit.economy;

import java.math.BigDecimal;

/**
 * What an admin operation did to a member's balance. Immutable and thread-safe.
 *
 * @param balanceBefore the member's balance before
 * @param balanceAfter the member's balance after
 * @param event the audit row, with actor, reason and transfer
 */
public record AdminResult(BigDecimal balanceBefore, BigDecimal balanceAfter, AuditEvent event) {}
