package dev.balancekit.economy;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A member's standing in a namespace, read from committed data. A member never seen before reads as
 * the namespace's starting balance with the daily reward available. Immutable and thread-safe.
 *
 * @param userId the member
 * @param balance what the member holds, including a starting balance not yet granted
 * @param totalReceived what other members sent them, ever
 * @param totalSent what they sent to other members, ever (without tax)
 * @param streak consecutive days claimed, 0 once the streak is broken
 * @param dailyAvailable whether {@link Economy#claimDaily} would pay now
 * @param nextDailyAt when the daily reward is next available: now if it is available
 * @param optedOut whether the member refuses incoming transfers
 */
public record BalanceView(
    String userId,
    BigDecimal balance,
    BigDecimal totalReceived,
    BigDecimal totalSent,
    int streak,
    boolean dailyAvailable,
    Instant nextDailyAt,
    boolean optedOut) {}
