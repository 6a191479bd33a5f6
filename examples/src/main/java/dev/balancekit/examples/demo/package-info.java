/** The self-contained demo that {@code balancekit demo} runs. */
@NullMarked
package dev.balancekit.examples.demo;

import org.jspecify.annotations.NullMarked;
