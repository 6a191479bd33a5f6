/** The {@code balancekit} command-line tool. */
@NullMarked
package dev.balancekit.examples.cli;

import org.jspecify.annotations.NullMarked;
