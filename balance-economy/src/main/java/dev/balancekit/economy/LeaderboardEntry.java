package dev.balancekit.economy;

import java.math.BigDecimal;

/**
 * One place on a namespace's leaderboard. Ranks are positions: equal balances are ordered by member
 * id, so every member has a distinct, stable rank. Immutable and thread-safe.
 *
 * @param rank 1 for the highest balance
 * @param userId the member
 * @param displayName the member's latest display name
 * @param balance what the member holds, including a starting balance not yet granted
 */
public record LeaderboardEntry(int rank, String userId, String displayName, BigDecimal balance) {}
