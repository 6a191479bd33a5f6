package dev.balancekit.source.binance;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authoritative view of one Binance account, merged from REST snapshots and stream events.
 *
 * <p>Binance numbers neither, and its user data events are not guaranteed to arrive in order. Each
 * asset's value is therefore kept as its newest <em>absolute position</em> (free and locked as of
 * an account update time: {@code u} of {@code outboundAccountPosition}, {@code updateTime} of the
 * REST account) plus the signed <em>deltas</em> of {@code balanceUpdate} cleared after it (clear
 * time {@code T} later than the position's time):
 *
 * <ul>
 *   <li>a position older than the current one is ignored: a late event never overwrites a newer
 *       value;
 *   <li>a newer position replaces the current one and absorbs the deltas it already includes
 *       ({@code T} at or before its time); later deltas stay on top of it;
 *   <li>a delta cleared at or before the current position's time is already in it and is ignored,
 *       as is a repeat of a delta held (same clear time, event time and amount);
 *   <li>a REST snapshot is a position for every asset it lists, and a zero position for every asset
 *       it does not list.
 * </ul>
 *
 * So the outcome does not depend on the order in which events and snapshots arrive: a delta that
 * raced a resync lands on the snapshot's value, not on the stale one before it. Before the first
 * snapshot an asset without a position has no value yet; its deltas wait for one.
 *
 * <p>Each value's {@link Balance#sequence()} is the newest account update time in it (epoch
 * milliseconds), {@code observedAt} the time of the newest event in it, and its source the stream's
 * name, snapshots included. Thread-safe: changes are serialised; {@link #view()} is lock-free while
 * nothing changed.
 */
final class BinanceBook {
  private static final Logger log = LoggerFactory.getLogger(BinanceBook.class);

  /** An absolute free/locked position of one asset, amounts already checked against the asset. */
  record Position(Asset asset, BigDecimal free, BigDecimal locked) {}

  /** An asset's position as of account update time {@code time}, event time {@code observedAt}. */
  private record AbsolutePosition(
      BigDecimal free, BigDecimal locked, long time, Instant observedAt, Instant receivedAt) {}

  private record Delta(BigDecimal amount, long clearTime, long eventTime, Instant receivedAt) {
    /** Whether {@code other} is this event again, whenever it was received. */
    boolean sameEvent(Delta other) {
      return clearTime == other.clearTime
          && eventTime == other.eventTime
          && amount.compareTo(other.amount) == 0;
    }
  }

  private final AccountRef account;
  private final String source;
  private final Counters counters;
  private final int maxDeltasPerAsset;

  // Guarded by this.
  private final Map<String, Entry> entries = new HashMap<>();

  /**
   * Codes the last snapshot listed but no asset is configured for: unknown, not zero. Guarded by
   * this.
   */
  private java.util.Set<String> unread = java.util.Set.of();

  private boolean seeded;
  private long lastSnapshotTime;
  private Instant lastReceivedAt = Instant.EPOCH;

  /** The complete view, or null while it needs rebuilding (or before the first snapshot). */
  private volatile @Nullable AccountBalances view;

  BinanceBook(AccountRef account, String source, Counters counters, int maxDeltasPerAsset) {
    this.account = account;
    this.source = source;
    this.counters = counters;
    this.maxDeltasPerAsset = maxDeltasPerAsset;
  }

  AccountRef account() {
    return account;
  }

  /**
   * Applies absolute positions as of account update time {@code updateTime}.
   *
   * @return the values that changed and have a position, in the order given
   * @throws IllegalArgumentException if a resulting amount is beyond what an asset allows; nothing
   *     changes
   */
  synchronized List<Balance> applyPositions(
      List<Position> positions, long updateTime, long eventTime, Instant receivedAt) {
    List<Entry> changed = new ArrayList<>(positions.size());
    for (Position p : positions) {
      Entry current = entryOf(p.asset());
      if (current.hasPosition() && updateTime < current.positionTime) {
        counters.ignoredStaleValues.increment();
        continue;
      }
      changed.add(
          current.withPosition(
              p.free(), p.locked(), updateTime, Instant.ofEpochMilli(eventTime), receivedAt));
    }
    return commit(changed, receivedAt);
  }

  /**
   * Adds {@code amount} to the free amount of {@code asset}, cleared at {@code clearTime}.
   *
   * @return the new value; empty if the delta was already included or the asset has no position yet
   * @throws IllegalArgumentException if the resulting amount is beyond what the asset allows;
   *     nothing changes
   */
  synchronized Optional<Balance> applyDelta(
      Asset asset, BigDecimal amount, long clearTime, long eventTime, Instant receivedAt) {
    Entry current = entryOf(asset);
    Delta delta = new Delta(amount, clearTime, eventTime, receivedAt);
    boolean included = current.hasPosition() && clearTime <= current.positionTime;
    if (included || current.deltas.stream().anyMatch(delta::sameEvent)) {
      counters.ignoredStaleValues.increment();
      return Optional.empty();
    }
    List<Balance> changed = commit(List.of(current.withDelta(delta)), receivedAt);
    return changed.isEmpty() ? Optional.empty() : Optional.of(changed.get(0));
  }

  /**
   * Merges a REST snapshot. Without an {@code updateTime} it is taken as at least as new as every
   * position held.
   *
   * @return the complete view afterwards
   * @throws IllegalArgumentException if a resulting amount is beyond what an asset allows; nothing
   *     changes
   */
  synchronized AccountBalances applySnapshot(AccountSnapshot snapshot) {
    long time = snapshot.updateTime().orElseGet(this::newestPositionTime);
    AccountBalances rest = snapshot.balances();
    Map<String, Entry> next = new HashMap<>(entries);
    for (Balance b : rest.balances()) {
      Entry current = next.getOrDefault(b.asset().code(), emptyEntry(b.asset()));
      if (current.hasPosition() && time < current.positionTime) {
        counters.ignoredStaleValues.increment();
        continue;
      }
      BigDecimal locked = b.held().orElse(b.asset().zero());
      next.put(
          b.asset().code(),
          current.withPosition(
              b.available().orElse(b.total().subtract(locked)),
              locked,
              time,
              b.observedAt(),
              b.receivedAt()));
    }
    for (Entry current : entries.values()) {
      String code = current.asset.code();
      if (rest.find(code).isEmpty() && (!current.hasPosition() || current.positionTime <= time)) {
        // Not listed in a complete snapshot: none held as of its time.
        Asset asset = current.asset;
        Entry zero =
            current.withPosition(
                asset.zero(), asset.zero(), time, rest.receivedAt(), rest.receivedAt());
        if (zero.deltas.isEmpty()) {
          next.remove(code);
        } else {
          next.put(code, zero);
        }
      }
    }
    entries.clear();
    entries.putAll(next);
    unread = rest.unread();
    seeded = true;
    lastSnapshotTime = Math.max(lastSnapshotTime, time);
    lastReceivedAt = later(lastReceivedAt, rest.receivedAt());
    view = null;
    return buildView();
  }

  /** The complete view, once a snapshot was merged; kept (not cleared) across disconnects. */
  Optional<AccountBalances> view() {
    AccountBalances current = view;
    if (current != null) {
      return Optional.of(current);
    }
    synchronized (this) {
      return seeded ? Optional.of(buildView()) : Optional.empty();
    }
  }

  /**
   * Under the lock: stores {@code changed}, built in full beforehand so that a value that cannot be
   * built changes nothing, and returns their values that can be shown.
   */
  private List<Balance> commit(List<Entry> changed, Instant receivedAt) {
    List<Balance> values = new ArrayList<>(changed.size());
    for (Entry e : changed) {
      entries.put(e.asset.code(), e);
      if (e.value != null) {
        values.add(e.value);
      }
    }
    if (!changed.isEmpty()) {
      lastReceivedAt = later(lastReceivedAt, receivedAt);
      view = null;
    }
    return values;
  }

  /**
   * The entry of {@code asset}; once seeded, an asset not listed is held at zero as of the last
   * snapshot.
   */
  private Entry entryOf(Asset asset) {
    Entry current = entries.get(asset.code());
    if (current != null) {
      return current;
    }
    Entry empty = emptyEntry(asset);
    return seeded
        ? empty.withPosition(
            asset.zero(), asset.zero(), lastSnapshotTime, lastReceivedAt, lastReceivedAt)
        : empty;
  }

  private Entry emptyEntry(Asset asset) {
    return new Entry(asset, null, List.of());
  }

  private AccountBalances buildView() {
    AccountBalances current = view;
    if (current == null) {
      List<Balance> values = new ArrayList<>(entries.size());
      for (Entry e : entries.values()) {
        if (e.value != null) {
          values.add(e.value);
        }
      }
      current = AccountBalances.snapshot(account, values, lastReceivedAt).withUnread(unread);
      view = current;
    }
    return current;
  }

  private long newestPositionTime() {
    long newest = lastSnapshotTime;
    for (Entry e : entries.values()) {
      if (e.hasPosition()) {
        newest = Math.max(newest, e.positionTime);
      }
    }
    return newest;
  }

  private static Instant later(Instant a, Instant b) {
    return b.isAfter(a) ? b : a;
  }

  @Override
  public String toString() {
    return "BinanceBook{"
        + account
        + ", "
        + view().map(v -> v.balances().size() + " assets").orElse("no snapshot yet")
        + '}';
  }

  /**
   * One asset: its newest position and the deltas cleared after it, and the value they make.
   * Immutable.
   */
  private final class Entry {
    final Asset asset;

    /** Null until the asset has a position. */
    final @Nullable AbsolutePosition position;

    /** The position's account update time; -1 without a position. */
    final long positionTime;

    /** Ordered by clear time, all after {@link #positionTime}. */
    final List<Delta> deltas;

    /** Position plus deltas; null without a position. */
    final @Nullable Balance value;

    private Entry(Asset asset, @Nullable AbsolutePosition position, List<Delta> deltas) {
      this.asset = asset;
      this.position = position;
      this.positionTime = position == null ? -1 : position.time();
      this.deltas = deltas;
      this.value = position == null ? null : value(position);
    }

    boolean hasPosition() {
      return position != null;
    }

    Entry withPosition(
        BigDecimal newFree,
        BigDecimal newLocked,
        long time,
        Instant observedAt,
        Instant receivedAt) {
      AbsolutePosition next =
          new AbsolutePosition(newFree, newLocked, time, observedAt, receivedAt);
      if (deltas.isEmpty()) {
        return new Entry(asset, next, List.of());
      }
      List<Delta> after = new ArrayList<>(deltas.size());
      for (Delta d : deltas) {
        if (d.clearTime() > time) {
          after.add(d);
        }
      }
      return new Entry(asset, next, after);
    }

    Entry withDelta(Delta delta) {
      List<Delta> more = new ArrayList<>(deltas.size() + 1);
      more.addAll(deltas);
      if (more.size() >= maxDeltasPerAsset) {
        more.remove(0);
        log.warn(
            "stream '{}' dropped the oldest of {} balanceUpdates of {} waiting for a position",
            source,
            maxDeltasPerAsset,
            asset.code());
      }
      int at = more.size();
      while (at > 0 && more.get(at - 1).clearTime() > delta.clearTime()) {
        at--;
      }
      more.add(at, delta);
      return new Entry(asset, position, more);
    }

    private Balance value(AbsolutePosition position) {
      BigDecimal freeNow = position.free();
      BigDecimal locked = position.locked();
      long time = position.time();
      Instant observedAt = position.observedAt();
      Instant receivedAt = position.receivedAt();
      for (Delta d : deltas) {
        freeNow = freeNow.add(d.amount());
        time = d.clearTime();
        observedAt = Instant.ofEpochMilli(d.eventTime());
        receivedAt = later(receivedAt, d.receivedAt());
      }
      return Balance.builder(account, asset)
          .total(freeNow.add(locked))
          .available(freeNow)
          .held(locked)
          .source(source)
          .observedAt(observedAt)
          .receivedAt(receivedAt)
          .sequence(time)
          .build();
    }
  }
}
