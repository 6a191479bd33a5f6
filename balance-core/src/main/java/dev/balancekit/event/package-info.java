/** Typed events a {@code BalanceManager} publishes to its listeners. */
@NullMarked
package dev.balancekit.event;

import org.jspecify.annotations.NullMarked;
