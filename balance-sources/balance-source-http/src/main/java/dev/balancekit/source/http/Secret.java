package dev.balancekit.source.http;

/**
 * A credential (API key, signing secret, session token) that must never be printed. {@link
 * #toString()} returns {@code ****}; only {@link #reveal()} gives the value, and only code that
 * sends it to the venue should call it.
 *
 * <p>{@code equals} and {@code hashCode} are those of {@link Object} (identity): two secrets are
 * never compared by content, so a secret cannot be probed through a collection lookup or the timing
 * of a character-by-character comparison.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secret {

  private static final String MASK = "****";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is null or blank (the message never repeats
   *     it)
   */
  public static Secret of(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("secret must not be null or blank");
    }
    return new Secret(value);
  }

  /** The secret itself, to put on the wire. Never log or print the result. */
  public String reveal() {
    return value;
  }

  /** Always {@code ****}. */
  @Override
  public String toString() {
    return MASK;
  }

  static String mask() {
    return MASK;
  }
}
