package dev.balancekit.history;

import dev.balancekit.BalanceManagerConfig;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Settings of a {@link BalanceHistory}. Start with {@link #custom()} or {@link #defaults()}.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>maxEntriesPerSeries</td><td>10,000</td></tr>
 *   <tr><td>retention</td><td>7 days</td></tr>
 *   <tr><td>flushInterval</td><td>1 s: a crash loses at most the writes of the last second</td></tr>
 *   <tr><td>maxPendingWrites</td><td>1,000,000: beyond, the oldest unwritten entries are dropped and logged</td></tr>
 *   <tr><td>cleanupInterval</td><td>1 min</td></tr>
 *   <tr><td>deleteBatchSize</td><td>1,000 rows per retention DELETE</td></tr>
 *   <tr><td>flatBandPercentPerHour</td><td>0.1: a trend whose slope is within ±0.1 % of the mean per hour is FLAT</td></tr>
 *   <tr><td>tablePrefix</td><td>{@code balancekit_history_}</td></tr>
 *   <tr><td>reportEntries / reportTrendWindow</td><td>100 / 24 h</td></tr>
 *   <tr><td>clock</td><td>UTC system clock</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe. The builder is not thread-safe.
 */
public final class HistoryConfig {
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  private static final HistoryConfig DEFAULTS = custom().build();

  final int maxEntriesPerSeries;
  final Duration retention;
  final Duration flushInterval;
  final int maxPendingWrites;
  final Duration cleanupInterval;
  final int deleteBatchSize;
  final double flatBandPercentPerHour;
  final String tablePrefix;
  final int reportEntries;
  final Duration reportTrendWindow;
  final Clock clock;

  private HistoryConfig(Builder b) {
    this.maxEntriesPerSeries = b.maxEntriesPerSeries;
    this.retention = b.retention;
    this.flushInterval = b.flushInterval;
    this.maxPendingWrites = b.maxPendingWrites;
    this.cleanupInterval = b.cleanupInterval;
    this.deleteBatchSize = b.deleteBatchSize;
    this.flatBandPercentPerHour = b.flatBandPercentPerHour;
    this.tablePrefix = b.tablePrefix;
    this.reportEntries = b.reportEntries;
    this.reportTrendWindow = b.reportTrendWindow;
    this.clock = b.clock;
  }

  /** The defaults in the table above. */
  public static HistoryConfig defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * A builder taking {@code historyMaxEntries} and {@code historyRetention} from the manager's
   * config.
   */
  public static Builder from(BalanceManagerConfig managerConfig) {
    if (managerConfig == null) {
      throw new IllegalArgumentException("managerConfig must not be null");
    }
    return custom()
        .maxEntriesPerSeries(managerConfig.historyMaxEntries())
        .retention(managerConfig.historyRetention());
  }

  public int maxEntriesPerSeries() {
    return maxEntriesPerSeries;
  }

  public Duration retention() {
    return retention;
  }

  public Duration flushInterval() {
    return flushInterval;
  }

  public String tablePrefix() {
    return tablePrefix;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "HistoryConfig{maxEntriesPerSeries="
        + maxEntriesPerSeries
        + ", retention="
        + retention
        + ", flushInterval="
        + flushInterval
        + ", maxPendingWrites="
        + maxPendingWrites
        + ", cleanupInterval="
        + cleanupInterval
        + ", deleteBatchSize="
        + deleteBatchSize
        + ", flatBandPercentPerHour="
        + flatBandPercentPerHour
        + ", tablePrefix="
        + tablePrefix
        + ", reportEntries="
        + reportEntries
        + ", reportTrendWindow="
        + reportTrendWindow
        + '}';
  }

  /** Builds a {@link HistoryConfig}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private int maxEntriesPerSeries = 10_000;
    private Duration retention = Duration.ofDays(7);
    private Duration flushInterval = Duration.ofSeconds(1);
    private int maxPendingWrites = 1_000_000;
    private Duration cleanupInterval = Duration.ofMinutes(1);
    private int deleteBatchSize = 1_000;
    private double flatBandPercentPerHour = 0.1;
    private String tablePrefix = "balancekit_history_";
    private int reportEntries = 100;
    private Duration reportTrendWindow = Duration.ofHours(24);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Entries kept per account and asset; the oldest go first. @throws IllegalArgumentException if
     * below 1
     */
    public Builder maxEntriesPerSeries(int entries) {
      this.maxEntriesPerSeries = atLeastOne("maxEntriesPerSeries", entries);
      return this;
    }

    /** How long entries are kept. @throws IllegalArgumentException if null or not positive */
    public Builder retention(Duration retention) {
      this.retention = positive("retention", retention);
      return this;
    }

    /**
     * How often queued writes go to the database. Shorter loses less in a crash; longer writes
     * bigger, cheaper batches. @throws IllegalArgumentException if null or not positive
     */
    public Builder flushInterval(Duration interval) {
      this.flushInterval = positive("flushInterval", interval);
      return this;
    }

    /**
     * Bound on queued, unwritten entries while the database is slow or down. @throws
     * IllegalArgumentException if below 1
     */
    public Builder maxPendingWrites(int writes) {
      this.maxPendingWrites = atLeastOne("maxPendingWrites", writes);
      return this;
    }

    /**
     * How often expired entries are removed. @throws IllegalArgumentException if null or not
     * positive
     */
    public Builder cleanupInterval(Duration interval) {
      this.cleanupInterval = positive("cleanupInterval", interval);
      return this;
    }

    /**
     * Rows per retention DELETE, so clean-up never holds a long lock. @throws
     * IllegalArgumentException if below 1
     */
    public Builder deleteBatchSize(int rows) {
      this.deleteBatchSize = atLeastOne("deleteBatchSize", rows);
      return this;
    }

    /**
     * A trend is FLAT while |slope per hour| is at most this percent of the mean total.
     *
     * @throws IllegalArgumentException if null or negative
     */
    public Builder flatBandPercentPerHour(BigDecimal percent) {
      if (percent == null || percent.signum() < 0) {
        throw new IllegalArgumentException(
            "flatBandPercentPerHour must be zero or positive, but was " + percent);
      }
      this.flatBandPercentPerHour = percent.doubleValue();
      return this;
    }

    /**
     * Prefix of the table names, so several histories (or test runs) share one database.
     *
     * @throws IllegalArgumentException unless 1-40 lower-case letters, digits or '_' starting with
     *     a letter
     */
    public Builder tablePrefix(String prefix) {
      if (prefix == null || !PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException(
            "tablePrefix must be 1-40 lower-case letters, digits or '_' starting with a letter, but was "
                + prefix);
      }
      this.tablePrefix = prefix;
      return this;
    }

    /**
     * Entries per asset in {@link BalanceHistory#report}. @throws IllegalArgumentException if below
     * 1
     */
    public Builder reportEntries(int entries) {
      this.reportEntries = atLeastOne("reportEntries", entries);
      return this;
    }

    /**
     * Trend window in {@link BalanceHistory#report}. @throws IllegalArgumentException if null or
     * not positive
     */
    public Builder reportTrendWindow(Duration window) {
      this.reportTrendWindow = positive("reportTrendWindow", window);
      return this;
    }

    /** The clock for retention and windows ending now. @throws IllegalArgumentException if null */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = clock;
      return this;
    }

    /** Returns the config. */
    public HistoryConfig build() {
      return new HistoryConfig(this);
    }

    private static int atLeastOne(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, but was " + value);
      }
      return value;
    }

    private static Duration positive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, but was " + value);
      }
      return value;
    }
  }
}
