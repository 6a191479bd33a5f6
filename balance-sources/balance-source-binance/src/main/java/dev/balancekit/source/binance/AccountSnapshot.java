package dev.balancekit.source.binance;

import dev.balancekit.AccountBalances;
import java.util.OptionalLong;

/**
 * One answer of {@code GET /api/v3/account}: the account's configured assets, and the account's
 * last update time ({@code updateTime}, epoch milliseconds), which orders the answer against stream
 * events.
 */
record AccountSnapshot(AccountBalances balances, OptionalLong updateTime) {}
