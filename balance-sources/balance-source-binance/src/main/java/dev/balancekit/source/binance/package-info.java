/** The Binance adapter: WebSocket API user data stream and signed REST fallback. */
@NullMarked
package dev.balancekit.source.binance;

import org.jspecify.annotations.NullMarked;
