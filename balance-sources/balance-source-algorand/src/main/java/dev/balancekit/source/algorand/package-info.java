/** Algorand source for BalanceKit. */
package dev.balancekit.source.algorand;
