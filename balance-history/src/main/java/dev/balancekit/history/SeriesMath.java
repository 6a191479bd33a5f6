package dev.balancekit.history;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Trend and period figures over a range of one series. Callers hold the series' monitor. */
final class SeriesMath {
  private static final double MICROS_PER_HOUR = 3_600_000_000d;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private SeriesMath() {}

  /**
   * One pass over entries {@code [lo, hi)} accumulating plain sums of values shifted by the first
   * sample (time in microseconds since it, total minus it), which keeps the sums small. The order
   * is fixed, so results are exactly reproducible.
   */
  static Trend trend(Series s, int lo, int hi, double flatBandPercentPerHour) {
    int n = hi - lo;
    if (n <= 0) {
      return new Trend(
          s.account,
          s.asset,
          Trend.Direction.FLAT,
          0,
          0,
          0,
          s.asset.zero(),
          null,
          null,
          null,
          0,
          null,
          null);
    }
    Sums sums = s.isBig() ? bigSums(s, lo, hi) : longSums(s, lo, hi);
    double sxx = Math.max(0, sums.xx - sums.x * sums.x / n);
    double syy = Math.max(0, sums.yy - sums.y * sums.y / n);
    double sxy = sums.xy - sums.x * sums.y / n;
    double unitsPerHour = sxx > 0 ? sxy / sxx * MICROS_PER_HOUR : 0;
    double strength = sxx > 0 && syy > 0 ? Math.min(1, sxy * sxy / (sxx * syy)) : 0;
    double mean = sums.y0 + sums.y / n;
    double band = Math.abs(mean) * flatBandPercentPerHour / 100;
    Trend.Direction direction =
        Math.abs(unitsPerHour) <= band || unitsPerHour == 0
            ? Trend.Direction.FLAT
            : unitsPerHour > 0 ? Trend.Direction.UP : Trend.Direction.DOWN;
    double volatility = 0;
    if (sums.changes > 0) {
      double meanR = sums.r / sums.changes;
      volatility = Math.sqrt(Math.max(0, sums.rr / sums.changes - meanR * meanR));
    }
    BigDecimal first = s.totalAt(lo);
    BigDecimal change = s.totalAt(hi - 1).subtract(first);
    return new Trend(
        s.account,
        s.asset,
        direction,
        strength,
        unitsPerHour / Math.pow(10, s.asset.scale()),
        volatility,
        change,
        percent(change, first),
        sums.min,
        sums.max,
        n,
        Micros.toInstant(s.timeAt(lo)),
        Micros.toInstant(s.timeAt(hi - 1)));
  }

  /** Running sums of one trend pass. */
  private static final class Sums {
    double y0;
    double x;
    double y;
    double xx;
    double yy;
    double xy;
    double r;
    double rr;
    int changes;
    BigDecimal min;
    BigDecimal max;

    /** Sums of a range starting with {@code first}, the range's extremes so far. */
    Sums(BigDecimal first) {
      this.min = first;
      this.max = first;
    }
  }

  /**
   * The fast path over primitive arrays: the ring's one or two contiguous segments, in one pass.
   */
  private static Sums longSums(Series s, int lo, int hi) {
    long[] times = s.rawTimes();
    long[] units = s.rawUnits();
    int first = s.slotOf(lo);
    LongPass pass = new LongPass(times[first], units[first]);
    // The first sample adds zero to every shifted sum and has no predecessor.
    int slot = first + 1 == units.length ? 0 : first + 1;
    int remaining = hi - lo - 1;
    while (remaining > 0) {
      int end = Math.min(units.length, slot + remaining);
      pass.add(times, units, slot, end);
      remaining -= end - slot;
      slot = 0;
    }
    Sums sums = new Sums(s.totalAt(lo));
    sums.y0 = pass.y0;
    sums.x = pass.sx;
    sums.y = pass.sy;
    sums.xx = pass.sxx;
    sums.yy = pass.syy;
    sums.xy = pass.sxy;
    sums.r = pass.sr;
    sums.rr = pass.srr;
    sums.changes = pass.changes;
    sums.min = BigDecimal.valueOf(pass.min, s.asset.scale());
    sums.max = BigDecimal.valueOf(pass.max, s.asset.scale());
    return sums;
  }

  /**
   * Regression sums, extremes and relative changes ({@code (u - prev) / prev}, zero predecessors
   * skipped) accumulated together. Samples go four at a time: independent partial sums keep the
   * floating-point adders busy, and the four reciprocals come from one division (batch inversion:
   * {@code 1/a = bcd / abcd}; the product of four nonzero longs cannot overflow a double).
   */
  private static final class LongPass {
    final long t0;
    final double y0;
    long prev;
    long min;
    long max;
    double sx;
    double sy;
    double sxx;
    double syy;
    double sxy;
    double sr;
    double srr;
    int changes;

    LongPass(long t0, long u0) {
      this.t0 = t0;
      this.y0 = u0;
      this.prev = u0;
      this.min = u0;
      this.max = u0;
    }

    void add(long[] times, long[] units, int from, int to) {
      int j = from;
      while (j + 4 <= to) {
        long u1 = units[j];
        long u2 = units[j + 1];
        long u3 = units[j + 2];
        long u4 = units[j + 3];
        if (prev == 0 || u1 == 0 || u2 == 0 || u3 == 0) {
          one(times[j], units[j]); // rare: a zero predecessor, this group one sample at a time
          j++;
          continue;
        }
        double x1 = times[j] - t0;
        double x2 = times[j + 1] - t0;
        double x3 = times[j + 2] - t0;
        double x4 = times[j + 3] - t0;
        double a = prev;
        double b = u1;
        double c = u2;
        double d = u3;
        double y1 = b - y0;
        double y2 = c - y0;
        double y3 = d - y0;
        double y4 = u4 - y0;
        sx += (x1 + x2) + (x3 + x4);
        sy += (y1 + y2) + (y3 + y4);
        sxx += (x1 * x1 + x2 * x2) + (x3 * x3 + x4 * x4);
        syy += (y1 * y1 + y2 * y2) + (y3 * y3 + y4 * y4);
        sxy += (x1 * y1 + x2 * y2) + (x3 * y3 + x4 * y4);
        min = Math.min(min, Math.min(Math.min(u1, u2), Math.min(u3, u4)));
        max = Math.max(max, Math.max(Math.max(u1, u2), Math.max(u3, u4)));
        double ab = a * b;
        double abc = ab * c;
        double inverse = 1.0 / (abc * d);
        double invAbc = inverse * d;
        double invAb = invAbc * c;
        double r1 = (b - a) * (invAb * b);
        double r2 = (c - b) * (invAb * a);
        double r3 = (d - c) * (invAbc * ab);
        double r4 = (u4 - d) * (inverse * abc);
        sr += (r1 + r2) + (r3 + r4);
        srr += (r1 * r1 + r2 * r2) + (r3 * r3 + r4 * r4);
        changes += 4;
        prev = u4;
        j += 4;
      }
      for (; j < to; j++) {
        one(times[j], units[j]);
      }
    }

    private void one(long time, long u) {
      double x = time - t0;
      double y = u - y0;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
      min = Math.min(min, u);
      max = Math.max(max, u);
      if (prev != 0) {
        double r = ((double) u - prev) / prev;
        sr += r;
        srr += r * r;
        changes++;
      }
      prev = u;
    }
  }

  /** The exact path for series beyond a long: the same sums, from BigIntegers. */
  private static Sums bigSums(Series s, int lo, int hi) {
    Sums sums = new Sums(s.totalAt(lo));
    long t0 = s.timeAt(lo);
    BigInteger lowest = s.bigUnitsAt(lo);
    BigInteger highest = lowest;
    sums.y0 = lowest.doubleValue();
    double prev = 0;
    for (int i = lo; i < hi; i++) {
      BigInteger u = s.bigUnitsAt(i);
      lowest = lowest.min(u);
      highest = highest.max(u);
      double value = u.doubleValue();
      double x = s.timeAt(i) - t0;
      double y = value - sums.y0;
      sums.x += x;
      sums.y += y;
      sums.xx += x * x;
      sums.yy += y * y;
      sums.xy += x * y;
      if (i > lo && prev != 0) {
        double r = (value - prev) / prev;
        sums.r += r;
        sums.rr += r * r;
        sums.changes++;
      }
      prev = value;
    }
    sums.min = new BigDecimal(lowest, s.asset.scale());
    sums.max = new BigDecimal(highest, s.asset.scale());
    return sums;
  }

  /** {@code change / base * 100}, half-even to 6 decimals, or null if {@code base} is zero. */
  static @Nullable BigDecimal percent(BigDecimal change, BigDecimal base) {
    return base.signum() == 0
        ? null
        : change.multiply(HUNDRED).divide(base, 6, RoundingMode.HALF_EVEN);
  }

  /** Analytics of {@code [from, to)}, or null when the series says nothing about the period. */
  static @Nullable PeriodAnalytics analytics(Series s, AnalyticsPeriod period) {
    int lo = s.lowerBound(Micros.of(period.from()));
    int hi = s.lowerBound(Micros.of(period.to()));
    if (hi == 0) {
      return null;
    }
    BigDecimal opening = s.totalAt(lo > 0 ? lo - 1 : lo);
    BigDecimal closing = s.totalAt(hi - 1);
    Map<ChangeKind, PeriodAnalytics.KindActivity> activity = new EnumMap<>(ChangeKind.class);
    BigDecimal zero = s.asset.zero();
    BigDecimal inflow = zero;
    BigDecimal outflow = zero;
    double meanR = 0;
    double srr = 0;
    int changes = 0;
    for (int i = Math.max(lo, 1); i < hi; i++) {
      BigDecimal previous = s.totalAt(i - 1);
      BigDecimal delta = s.totalAt(i).subtract(previous);
      activity.merge(
          s.kindAt(i),
          new PeriodAnalytics.KindActivity(1, delta),
          PeriodAnalytics.KindActivity::plus);
      if (delta.compareTo(inflow) > 0) {
        inflow = delta;
      }
      if (delta.negate().compareTo(outflow) > 0) {
        outflow = delta.negate();
      }
      if (previous.signum() != 0) {
        double r = delta.doubleValue() / previous.doubleValue();
        changes++;
        double dr = r - meanR;
        meanR += dr / changes;
        srr += dr * (r - meanR);
      }
    }
    BigDecimal net = closing.subtract(opening);
    BigDecimal percent = percent(net, opening);
    double volatility = changes == 0 ? 0 : Math.sqrt(srr / changes);
    return new PeriodAnalytics(
        s.asset,
        period,
        opening,
        closing,
        net,
        percent,
        volatility,
        RiskLevel.of(volatility, percent),
        activity,
        inflow,
        outflow,
        hi - lo);
  }

  /** Sums per-account analytics of one asset into venue-wide figures. */
  static PeriodAnalytics combine(PeriodAnalytics a, PeriodAnalytics b) {
    Map<ChangeKind, PeriodAnalytics.KindActivity> activity = new EnumMap<>(ChangeKind.class);
    activity.putAll(a.activity());
    b.activity().forEach((k, v) -> activity.merge(k, v, PeriodAnalytics.KindActivity::plus));
    BigDecimal opening = a.opening().add(b.opening());
    BigDecimal net = a.netChange().add(b.netChange());
    return new PeriodAnalytics(
        a.asset(),
        a.period(),
        opening,
        a.closing().add(b.closing()),
        net,
        percent(net, opening),
        Math.max(a.volatility(), b.volatility()),
        a.risk().max(b.risk()),
        activity,
        a.largestInflow().max(b.largestInflow()),
        a.largestOutflow().max(b.largestOutflow()),
        a.samples() + b.samples());
  }
}
