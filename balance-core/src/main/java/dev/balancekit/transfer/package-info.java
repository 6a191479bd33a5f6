/** Transfers: requests, quotes, receipts, holds, groups and the {@code TransferService}. */
@NullMarked
package dev.balancekit.transfer;

import org.jspecify.annotations.NullMarked;
