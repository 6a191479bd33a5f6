/** Balance sources that need no outside system, such as the in-memory source. */
@NullMarked
package dev.balancekit.source;

import org.jspecify.annotations.NullMarked;
