package dev.balancekit.validation;

import dev.balancekit.AccountRef;
import dev.balancekit.Balance;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ChangeWindow} kept in memory: record each applied change, and changes older than the
 * retention (counted from the newest change of the same series) are dropped.
 *
 * <p>Thread-safe: series are independent, and each is locked only while it is read or written.
 */
public final class InMemoryChangeWindow implements ChangeWindow {

  private final Duration retention;
  private final Map<Series, ArrayDeque<Change>> series = new ConcurrentHashMap<>();

  private InMemoryChangeWindow(Duration retention) {
    this.retention = retention;
  }

  /**
   * A window keeping changes for {@code retention}, which must cover the longest limit (7 days for
   * weekly limits).
   *
   * @throws IllegalArgumentException if {@code retention} is null, zero or negative
   */
  public static InMemoryChangeWindow create(Duration retention) {
    if (retention == null || retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, but was " + retention);
    }
    return new InMemoryChangeWindow(retention);
  }

  /**
   * Records a change of {@code assetCode} in {@code account} at {@code at}; the sign does not
   * matter.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public void record(AccountRef account, String assetCode, BigDecimal change, Instant at) {
    if (account == null || assetCode == null || change == null || at == null) {
      throw new IllegalArgumentException(
          "account, assetCode, change and at must not be null, but were account="
              + account
              + ", assetCode="
              + assetCode
              + ", change="
              + change
              + ", at="
              + at);
    }
    ArrayDeque<Change> changes =
        series.computeIfAbsent(new Series(account, assetCode), k -> new ArrayDeque<>());
    synchronized (changes) {
      changes.addLast(new Change(change.abs(), at));
      Instant cutoff = at.minus(retention);
      while (changes.peekFirst().at.isBefore(cutoff)) {
        changes.removeFirst();
      }
    }
  }

  /**
   * Records the change from {@code before} to {@code after}, stamped with {@code after}'s
   * observation time.
   *
   * @param before the earlier balance, or null when the account did not hold the asset
   * @throws IllegalArgumentException if {@code after} is null, or {@code before} is of another
   *     account or asset
   */
  public void record(Balance before, Balance after) {
    if (after == null) {
      throw new IllegalArgumentException("after must not be null");
    }
    if (before != null
        && (!before.account().equals(after.account()) || !before.asset().equals(after.asset()))) {
      throw new IllegalArgumentException(
          "before ("
              + before
              + ") and after ("
              + after
              + ") must be of the same account and asset");
    }
    BigDecimal from = before == null ? BigDecimal.ZERO : before.total();
    record(after.account(), after.asset().code(), after.total().subtract(from), after.observedAt());
  }

  @Override
  public BigDecimal absoluteChangeSince(AccountRef account, String assetCode, Instant since) {
    ArrayDeque<Change> changes = series.get(new Series(account, assetCode));
    if (changes == null) {
      return BigDecimal.ZERO;
    }
    BigDecimal sum = BigDecimal.ZERO;
    synchronized (changes) {
      for (Change c : changes) { // no early exit: a late report may be recorded out of time order
        if (!c.at.isBefore(since)) {
          sum = sum.add(c.amount);
        }
      }
    }
    return sum;
  }

  @Override
  public String toString() {
    return "InMemoryChangeWindow{retention=" + retention + ", series=" + series.size() + '}';
  }

  private record Series(AccountRef account, String assetCode) {}

  private record Change(BigDecimal amount, Instant at) {}
}
