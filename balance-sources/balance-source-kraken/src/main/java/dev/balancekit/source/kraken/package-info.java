/** The Kraken adapter: WebSocket v2 balances stream and signed REST BalanceEx fallback. */
@NullMarked
package dev.balancekit.source.kraken;

import org.jspecify.annotations.NullMarked;
