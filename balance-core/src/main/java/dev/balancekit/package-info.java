/**
 * The core API: value types, the {@code BalanceManager} and its configuration, typed exceptions.
 */
@NullMarked
package dev.balancekit;

import org.jspecify.annotations.NullMarked;
