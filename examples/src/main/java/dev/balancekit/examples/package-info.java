/**
 * Runnable examples of BalanceKit in a trading bot, a risk manager, a wallet and an economy bot.
 */
@NullMarked
package dev.balancekit.examples;

import org.jspecify.annotations.NullMarked;
