/** Service provider interfaces: sources, streams, caches and transfer rails. */
@NullMarked
package dev.balancekit.spi;

import org.jspecify.annotations.NullMarked;
