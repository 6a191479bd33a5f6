package dev.balancekit.history;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * The entries of one account and asset: a ring of primitive arrays (timestamps in epoch
 * microseconds, totals in base units, kinds as ordinals), about 17 bytes per entry when full.
 * Totals beyond a {@code long} switch this series, and only this one, to {@code BigInteger}s.
 *
 * <p>Not thread-safe on its own: every access holds the series' monitor.
 */
final class Series {
  private static final int INITIAL_CAPACITY = 16;

  final AccountRef account;
  final Asset asset;
  private final int maxEntries;
  private long[] times;
  private long[] units;

  /**
   * Non-null once a total did not fit a long; then {@link #units} is unused. Slots outside the
   * ring's live entries are null.
   */
  private @Nullable BigInteger @Nullable [] bigUnits;

  private byte[] kinds;
  private int head;
  private int size;

  /**
   * Whether the count bound dropped entries since the last clean-up, whose database rows must go
   * too.
   */
  private boolean evictedByCount;

  Series(AccountRef account, Asset asset, int maxEntries) {
    this.account = account;
    this.asset = asset;
    this.maxEntries = maxEntries;
    int capacity = Math.min(INITIAL_CAPACITY, maxEntries);
    this.times = new long[capacity];
    this.units = new long[capacity];
    this.kinds = new byte[capacity];
  }

  int size() {
    return size;
  }

  boolean isBig() {
    return bigUnits != null;
  }

  private int slot(int index) {
    int s = head + index;
    return s >= times.length ? s - times.length : s;
  }

  /**
   * The physical array slot of logical {@code index}, for loops that walk the ring's segments
   * directly.
   */
  int slotOf(int index) {
    return slot(index);
  }

  long[] rawTimes() {
    return times;
  }

  /** Only when not {@link #isBig()}. */
  long[] rawUnits() {
    return units;
  }

  long timeAt(int index) {
    return times[slot(index)];
  }

  /** Units at {@code index}; only when not {@link #isBig()}. */
  long unitsAt(int index) {
    return units[slot(index)];
  }

  BigInteger bigUnitsAt(int index) {
    int s = slot(index);
    return bigUnits != null ? bigUnits[s] : BigInteger.valueOf(units[s]);
  }

  BigDecimal totalAt(int index) {
    int s = slot(index);
    return bigUnits != null
        ? new BigDecimal(bigUnits[s], asset.scale())
        : BigDecimal.valueOf(units[s], asset.scale());
  }

  ChangeKind kindAt(int index) {
    return ChangeKind.ofOrdinal(kinds[slot(index)]);
  }

  HistoryEntry entryAt(int index) {
    return new HistoryEntry(
        account, asset, Micros.toInstant(timeAt(index)), totalAt(index), kindAt(index));
  }

  /** First index whose time is at or after {@code micros}, or {@link #size()}. */
  int lowerBound(long micros) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (timeAt(mid) < micros) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First index whose time is after {@code micros}, or {@link #size()}. */
  int upperBound(long micros) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (timeAt(mid) <= micros) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Adds an entry in time order (after any entry with the same time), evicting the oldest when
   * full. Returns the index it landed at.
   */
  int append(long micros, BigInteger total, long compact, boolean fitsLong, ChangeKind kind) {
    if (!fitsLong && bigUnits == null) {
      widen();
    }
    if (size == maxEntries) {
      dropOldest(1);
      evictedByCount = true;
    } else if (size == times.length) {
      resize(Math.min(maxEntries, times.length * 2));
    }
    int at = size == 0 || timeAt(size - 1) <= micros ? size : upperBound(micros);
    for (int i = size; i > at; i--) {
      move(slot(i - 1), slot(i));
    }
    int s = slot(at);
    times[s] = micros;
    if (bigUnits != null) {
      bigUnits[s] = fitsLong ? BigInteger.valueOf(compact) : total;
    } else {
      units[s] = compact;
    }
    kinds[s] = kind.ordinalByte();
    size++;
    return at;
  }

  private void move(int from, int to) {
    times[to] = times[from];
    kinds[to] = kinds[from];
    if (bigUnits != null) {
      bigUnits[to] = bigUnits[from];
    } else {
      units[to] = units[from];
    }
  }

  boolean takeEvictedByCount() {
    boolean was = evictedByCount;
    evictedByCount = false;
    return was;
  }

  /** Removes every entry older than {@code micros}; returns how many. */
  int dropBefore(long micros) {
    int n = lowerBound(micros);
    dropOldest(n);
    return n;
  }

  private void dropOldest(int n) {
    if (bigUnits != null) {
      for (int i = 0; i < n; i++) {
        bigUnits[slot(i)] = null;
      }
    }
    head = slot(n);
    size -= n;
    if (size == 0) {
      head = 0;
    }
  }

  /** Switches to BigInteger storage, keeping every entry exactly. */
  private void widen() {
    bigUnits = new BigInteger[times.length];
    for (int i = 0; i < size; i++) {
      int s = slot(i);
      bigUnits[s] = BigInteger.valueOf(units[s]);
    }
    units = new long[0];
  }

  private void resize(int capacity) {
    long[] t = new long[capacity];
    byte[] k = new byte[capacity];
    for (int i = 0; i < size; i++) {
      int s = slot(i);
      t[i] = times[s];
      k[i] = kinds[s];
    }
    if (bigUnits != null) {
      @Nullable BigInteger[] b = new BigInteger[capacity];
      for (int i = 0; i < size; i++) {
        b[i] = bigUnits[slot(i)];
      }
      bigUnits = b;
    } else {
      long[] u = new long[capacity];
      for (int i = 0; i < size; i++) {
        u[i] = units[slot(i)];
      }
      units = u;
    }
    // Only now: slot() reads the old ring's length and head.
    times = t;
    kinds = k;
    head = 0;
  }
}
