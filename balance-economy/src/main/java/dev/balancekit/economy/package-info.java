/**
 * A chat-bot economy on the ledger: daily rewards with streaks, namespace policies, leaderboards.
 */
@NullMarked
package dev.balancekit.economy;

import org.jspecify.annotations.NullMarked;
