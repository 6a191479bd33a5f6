package dev.balancekit.transfer;

/**
 * An idempotency key was reused for a different request. The first request's effect stands.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class IdempotencyConflictException extends TransferException {
  private static final long serialVersionUID = 1L;

  private final String idempotencyKey;

  private IdempotencyConflictException(String idempotencyKey) {
    super(
        "idempotency",
        "idempotency key '"
            + idempotencyKey
            + "' was already used for a different transfer; use a new key for a new transfer");
    this.idempotencyKey = idempotencyKey;
  }

  public static IdempotencyConflictException of(String idempotencyKey) {
    return new IdempotencyConflictException(idempotencyKey);
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }
}
