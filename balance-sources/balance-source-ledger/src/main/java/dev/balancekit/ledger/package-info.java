/** The double-entry ledger on SQLite or PostgreSQL: balance source and transfer rail. */
@NullMarked
package dev.balancekit.ledger;

import org.jspecify.annotations.NullMarked;
