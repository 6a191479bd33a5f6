/**
 * Which accounts an owner holds: the {@code AccountDirectory} SPI with in-memory and JDBC stores.
 */
@NullMarked
package dev.balancekit.directory;

import org.jspecify.annotations.NullMarked;
