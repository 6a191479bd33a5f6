package dev.balancekit.ledger;

import dev.balancekit.AccountRef;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which entries an audit query returns: by kind, time range and counterparty; unset parts match
 * everything. Immutable and thread-safe; each {@code with...} returns a new filter.
 */
public final class EntryFilter {
  private static final EntryFilter ALL = new EntryFilter(null, null, null, null);

  private final @Nullable String kind;
  private final @Nullable Instant from;
  private final @Nullable Instant to;
  private final @Nullable AccountRef counterparty;

  private EntryFilter(
      @Nullable String kind,
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable AccountRef counterparty) {
    this.kind = kind;
    this.from = from;
    this.to = to;
    this.counterparty = counterparty;
  }

  /** Matches every entry. */
  public static EntryFilter all() {
    return ALL;
  }

  /**
   * Only entries of {@code kind}: {@code transfer}, {@code issue} or {@code burn}.
   *
   * @throws IllegalArgumentException for another kind
   */
  public EntryFilter kind(String value) {
    if (!"transfer".equals(value) && !"issue".equals(value) && !"burn".equals(value)) {
      throw new IllegalArgumentException("kind must be transfer, issue or burn, but was " + value);
    }
    return new EntryFilter(value, from, to, counterparty);
  }

  /**
   * Only entries posted at or after {@code start} and before {@code end}.
   *
   * @throws IllegalArgumentException if either is null or {@code end} is not after {@code start}
   */
  public EntryFilter between(Instant start, Instant end) {
    if (start == null || end == null || !end.isAfter(start)) {
      throw new IllegalArgumentException(
          "between needs start before end, but was " + start + " .. " + end);
    }
    return new EntryFilter(kind, start, end, counterparty);
  }

  /**
   * Only entries with {@code account} on the other side.
   *
   * @throws IllegalArgumentException if null
   */
  public EntryFilter counterparty(AccountRef account) {
    if (account == null) {
      throw new IllegalArgumentException("counterparty must not be null");
    }
    return new EntryFilter(kind, from, to, account);
  }

  Optional<String> kind() {
    return Optional.ofNullable(kind);
  }

  Optional<Instant> from() {
    return Optional.ofNullable(from);
  }

  Optional<Instant> to() {
    return Optional.ofNullable(to);
  }

  Optional<AccountRef> counterparty() {
    return Optional.ofNullable(counterparty);
  }

  @Override
  public String toString() {
    return "EntryFilter{kind="
        + kind
        + ", from="
        + from
        + ", to="
        + to
        + ", counterparty="
        + counterparty
        + '}';
  }
}
