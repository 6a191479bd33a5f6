/** JMH benchmarks of BalanceKit; see BENCHMARKS.md. */
@NullMarked
package dev.balancekit.benchmarks;

import org.jspecify.annotations.NullMarked;
