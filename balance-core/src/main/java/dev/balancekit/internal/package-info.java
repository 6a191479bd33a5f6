/** Implementation details shared by BalanceKit modules; not a public API. */
@NullMarked
package dev.balancekit.internal;

import org.jspecify.annotations.NullMarked;
