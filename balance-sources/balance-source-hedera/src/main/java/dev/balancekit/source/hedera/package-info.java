/** Hedera source for BalanceKit. */
package dev.balancekit.source.hedera;
