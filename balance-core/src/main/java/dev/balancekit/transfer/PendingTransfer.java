package dev.balancekit.transfer;

import java.time.Instant;
import java.util.Objects;

/**
 * A transfer that holds the sender's funds until it is confirmed, cancelled or expires; used for
 * amounts that need confirmation. Resolves exactly once. Immutable and thread-safe.
 *
 * @param id the id to confirm or cancel with
 * @param quote the priced request
 * @param createdAt when the funds were put on hold
 * @param expiresAt when the hold is released unless confirmed
 * @param state where the transfer stands
 */
public record PendingTransfer(
    String id, TransferQuote quote, Instant createdAt, Instant expiresAt, State state) {

  /** Where a pending transfer stands. */
  public enum State {
    PENDING,
    CONFIRMED,
    CANCELLED,
    EXPIRED
  }

  /**
   * @throws IllegalArgumentException if a field is null or {@code expiresAt} is not after {@code
   *     createdAt}
   */
  public PendingTransfer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(quote, "quote");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(state, "state");
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException(
          "expiresAt " + expiresAt + " must be after createdAt " + createdAt);
    }
  }

  /** The request on hold. */
  public TransferRequest request() {
    return quote.request();
  }

  /** Whether the hold has lapsed at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** This transfer in {@code newState}. */
  public PendingTransfer withState(State newState) {
    return new PendingTransfer(id, quote, createdAt, expiresAt, newState);
  }
}
