/**
 * Algorand for BalanceKit: ALGO and ASA balances from an algod node, send checks that say exactly
 * what is wrong before anything is signed, and a transfer rail for payments, ASA transfers and
 * atomic groups. Start at {@link dev.balancekit.source.algorand.AlgorandSource#builder()}.
 */
@NullMarked
package dev.balancekit.source.algorand;

import org.jspecify.annotations.NullMarked;
