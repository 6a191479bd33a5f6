package dev.balancekit.source.http;

import dev.balancekit.AccountBalances;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * What one stream message means: nothing for the balances (an ack, a heartbeat), a complete
 * snapshot of an account, or a delta carrying new values of some assets. Snapshots and deltas may
 * carry the stream's sequence number, which the connection checks for gaps.
 *
 * <p>Immutable and thread-safe.
 */
public final class StreamMessage {

  /** What kind of message. */
  public enum Type {
    /** Carries no balances. */
    IGNORED,
    /** The account's whole holdings. */
    SNAPSHOT,
    /** New values of the assets it lists; other assets are unchanged. */
    DELTA
  }

  private static final StreamMessage IGNORED =
      new StreamMessage(Type.IGNORED, null, OptionalLong.empty());

  private final Type type;
  private final @Nullable AccountBalances balances;
  private final OptionalLong sequence;

  private StreamMessage(Type type, @Nullable AccountBalances balances, OptionalLong sequence) {
    this.type = type;
    this.balances = balances;
    this.sequence = sequence;
  }

  /** A message without balances. */
  public static StreamMessage ignored() {
    return IGNORED;
  }

  /**
   * A complete snapshot.
   *
   * @throws IllegalArgumentException if {@code balances} is null or not complete, or {@code
   *     sequence} is null
   */
  public static StreamMessage snapshot(AccountBalances balances, OptionalLong sequence) {
    Checks.notNull("balances", balances);
    if (!balances.isComplete()) {
      throw new IllegalArgumentException(
          "a snapshot must be complete, but balances of " + balances.account() + " are partial");
    }
    return new StreamMessage(Type.SNAPSHOT, balances, Checks.notNull("sequence", sequence));
  }

  /**
   * A delta; it is applied as partial whatever {@code balances.isComplete()} says.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static StreamMessage delta(AccountBalances balances, OptionalLong sequence) {
    Checks.notNull("balances", balances);
    return new StreamMessage(Type.DELTA, balances, Checks.notNull("sequence", sequence));
  }

  public Type type() {
    return type;
  }

  /** The balances; empty for {@link Type#IGNORED}. */
  public Optional<AccountBalances> balances() {
    return Optional.ofNullable(balances);
  }

  /** The stream's sequence number of this message, if it has one. */
  public OptionalLong sequence() {
    return sequence;
  }

  @Override
  public String toString() {
    return "StreamMessage{"
        + type
        + (balances == null ? "" : ", " + balances)
        + (sequence.isPresent() ? ", seq=" + sequence.getAsLong() : "")
        + '}';
  }
}
