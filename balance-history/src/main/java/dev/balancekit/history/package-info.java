/** Balance history: compact series, persistence, trends, period analytics and alerts. */
@NullMarked
package dev.balancekit.history;

import org.jspecify.annotations.NullMarked;
