/** Rule-based validation of balances and transfers. */
@NullMarked
package dev.balancekit.validation;

import org.jspecify.annotations.NullMarked;
