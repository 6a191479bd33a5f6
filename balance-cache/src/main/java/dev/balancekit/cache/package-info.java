/** The Caffeine-backed {@code BalanceCache}: TTL, size bound, statistics and stale-if-error. */
@NullMarked
package dev.balancekit.cache;

import org.jspecify.annotations.NullMarked;
