/**
 * Hedera for BalanceKit: HBAR and HTS token balances from the Mirror Node REST API, a polling
 * stream of them, and HBAR and token transfers with the Hedera SDK.
 *
 * <p>Public: {@link dev.balancekit.source.hedera.HederaSource} (built with its builder; hands out
 * the {@code stream()}, {@code rest()} and {@code rail()} a {@code BalanceManager} takes) and
 * {@link dev.balancekit.source.hedera.HederaNetwork}. Everything else is package-private.
 */
@NullMarked
package dev.balancekit.source.hedera;

import org.jspecify.annotations.NullMarked;
