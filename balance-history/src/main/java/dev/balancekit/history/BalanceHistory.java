package dev.balancekit.history;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Subscription;
import dev.balancekit.event.BalanceEvent;
import dev.balancekit.spi.BalanceRecorder;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Balance history: every total the manager accepts, per account and asset, in compact primitive
 * arrays (about 17 bytes per entry), bounded by {@link HistoryConfig#maxEntriesPerSeries()} and
 * {@link HistoryConfig#retention()}, optionally persisted through JDBC; with trends, period
 * analytics, CSV export and threshold alerts.
 *
 * <pre>{@code
 * BalanceHistory history = BalanceHistory.sqlite(Path.of("history.db"));
 * BalanceManager manager = BalanceManager.builder().source(stream).recorder(history).build();
 * history.addRule(AlertRule.belowWarning("low-btc", "BTC", new BigDecimal("0.1")));
 * history.onAlert(alert -> notifier.send(alert.message()));
 * Trend t = history.trend(account, btc, Duration.ofHours(24));
 * }</pre>
 *
 * <p>Alerts reach {@link #onAlert} subscribers, not the manager's listeners: a history cannot
 * publish into the manager's bus. To see them beside the manager's events, forward them: {@code
 * history.onAlert(myEventListener::accept)}.
 *
 * <p>Persistent histories queue writes and flush them every {@link HistoryConfig#flushInterval()}
 * on their own daemon thread, so recording never waits for the database; a crash loses at most the
 * writes of the last interval. On start the entries within retention are loaded back.
 *
 * <p>Thread-safe: every method may be called from any thread. Queries see a consistent state per
 * series. Times are UTC and kept to the microsecond. Methods throw {@link IllegalArgumentException}
 * for null or invalid arguments, {@link IllegalStateException} after {@link #close()} (except
 * {@code record} and {@code close}), and {@link HistoryException} where the database fails.
 */
public interface BalanceHistory extends BalanceRecorder {

  /** An in-memory history with the default settings. */
  static BalanceHistory inMemory() {
    return inMemory(HistoryConfig.defaults());
  }

  /** An in-memory history. @throws IllegalArgumentException if {@code config} is null */
  static BalanceHistory inMemory(HistoryConfig config) {
    return DefaultBalanceHistory.create(null, config);
  }

  /**
   * A history in the SQLite file {@code file}, created with its schema if absent.
   *
   * @throws IllegalArgumentException if {@code file} is null
   * @throws HistoryException if the file cannot be opened or its schema is of another version
   */
  static BalanceHistory sqlite(Path file) {
    return sqlite(file, HistoryConfig.defaults());
  }

  /** As {@link #sqlite(Path)} with {@code config}. */
  static BalanceHistory sqlite(Path file, HistoryConfig config) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    org.sqlite.SQLiteConfig sqlite = new org.sqlite.SQLiteConfig();
    sqlite.setBusyTimeout(10_000);
    sqlite.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
    org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource(sqlite);
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return jdbc(source, Dialect.SQLITE, config);
  }

  /** As {@link #jdbc(DataSource, Dialect, HistoryConfig)} with the default settings. */
  static BalanceHistory jdbc(DataSource dataSource, Dialect dialect) {
    return jdbc(dataSource, dialect, HistoryConfig.defaults());
  }

  /**
   * A history in the database behind {@code dataSource}; tables are named with {@link
   * HistoryConfig#tablePrefix()} and created on first use.
   *
   * @throws IllegalArgumentException if an argument is null
   * @throws HistoryException if the database is unreachable or its schema is of another version
   */
  static BalanceHistory jdbc(DataSource dataSource, Dialect dialect, HistoryConfig config) {
    if (dataSource == null || dialect == null) {
      throw new IllegalArgumentException(
          "dataSource and dialect must not be null, but were " + dataSource + ", " + dialect);
    }
    return DefaultBalanceHistory.create(
        new JdbcStore(dataSource::getConnection, dialect, config), config);
  }

  /**
   * A history in the database at the JDBC {@code url} (connections from {@link DriverManager}).
   *
   * @throws IllegalArgumentException if an argument is null
   * @throws HistoryException if the database is unreachable or its schema is of another version
   */
  static BalanceHistory jdbc(String url, Dialect dialect, HistoryConfig config) {
    if (url == null || dialect == null) {
      throw new IllegalArgumentException(
          "url and dialect must not be null, but were " + url + ", " + dialect);
    }
    return DefaultBalanceHistory.create(
        new JdbcStore(() -> DriverManager.getConnection(url), dialect, config), config);
  }

  /** As {@link #jdbc(String, Dialect, HistoryConfig)} with the default settings. */
  static BalanceHistory jdbc(String url, Dialect dialect) {
    return jdbc(url, dialect, HistoryConfig.defaults());
  }

  /**
   * Records the totals of an accepted update at {@code update.at()}: each asset the update lists
   * (its merged value), and zero for every recorded asset a complete update leaves out. Never
   * throws; problems are logged.
   */
  @Override
  void record(BalanceEvent.Updated update);

  /**
   * Records one total directly. Entries are kept in time order; a late one is inserted in place.
   *
   * @throws IllegalArgumentException if an argument is null or {@code total} does not fit the
   *     asset's scale
   * @throws IllegalStateException if closed
   */
  void append(AccountRef account, Asset asset, Instant at, BigDecimal total, ChangeKind kind);

  /**
   * The first page of entries in {@code [from, to)}, oldest first.
   *
   * @param limit page size, 1 to 10,000
   * @throws IllegalArgumentException if an argument is null, {@code to} is before {@code from} or
   *     the limit is out of range
   */
  SeriesPage series(AccountRef account, Asset asset, Instant from, Instant to, int limit);

  /**
   * The page after {@code cursor} (from {@link SeriesPage#nextCursor()}), or the first if {@code
   * cursor} is null.
   *
   * @throws IllegalArgumentException as {@link #series(AccountRef, Asset, Instant, Instant, int)}
   *     or for a malformed cursor
   */
  SeriesPage series(
      AccountRef account,
      Asset asset,
      Instant from,
      Instant to,
      int limit,
      @Nullable String cursor);

  /**
   * The entry in effect at {@code instant}: the last at or before it, if kept. @throws
   * IllegalArgumentException if null
   */
  Optional<HistoryEntry> at(AccountRef account, Asset asset, Instant instant);

  /**
   * Every change (an entry whose total differs from the one before) of the last {@code duration},
   * across all accounts, that {@code filter} accepts; oldest first.
   *
   * @throws IllegalArgumentException if an argument is null or the duration is not positive
   */
  List<BalanceChange> recentChanges(Duration duration, Predicate<? super BalanceChange> filter);

  /**
   * The trend of the last {@code window}. @throws IllegalArgumentException if null or not positive
   */
  Trend trend(AccountRef account, Asset asset, Duration window);

  /**
   * The trend of the entries in {@code [from, to)}. @throws IllegalArgumentException if null or
   * {@code to} before {@code from}
   */
  Trend trend(AccountRef account, Asset asset, Instant from, Instant to);

  /**
   * Per asset of {@code account} with data for the period, what happened in it.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  Map<Asset, PeriodAnalytics> analytics(AccountRef account, AnalyticsPeriod period);

  /**
   * Analytics across every account of {@code venue}. @throws IllegalArgumentException if an
   * argument is null
   */
  SystemAnalytics systemAnalytics(String venue, AnalyticsPeriod period);

  /**
   * Writes the entries of one series in {@code [from, to)} as CSV ({@code
   * account,asset,at,total,kind}, RFC 4180 quoting) to {@code out}.
   *
   * @throws IllegalArgumentException if an argument is null
   * @throws java.io.UncheckedIOException if writing fails
   */
  void exportCsv(AccountRef account, Asset asset, Instant from, Instant to, Appendable out);

  /**
   * Writes every kept entry of {@code account}, by asset code then time, as CSV. Throws as the
   * other overload.
   */
  void exportCsv(AccountRef account, Appendable out);

  /**
   * Current totals, recent entries, active alerts and trends of {@code account}.
   *
   * @throws IllegalArgumentException if {@code account} is null
   */
  BalanceReport report(AccountRef account, boolean includeHistory, boolean includeAlerts);

  /**
   * Watches {@code rule} from now on, replacing a rule of the same name. @throws
   * IllegalArgumentException if null
   */
  void addRule(AlertRule rule);

  /** Stops watching the rule named {@code name}; returns whether there was one. */
  boolean removeRule(String name);

  /** The watched rules. */
  List<AlertRule> rules();

  /** Alerts matching {@code filter}, oldest first. @throws IllegalArgumentException if null */
  List<Alert> alerts(AlertFilter filter);

  /**
   * Records that {@code by} saw alert {@code id}; acknowledging again keeps the first
   * acknowledgement.
   *
   * @throws IllegalArgumentException if {@code by} is blank or there is no alert {@code id}
   */
  Alert acknowledge(long id, String by);

  /**
   * Calls {@code listener} for every raised alert, on the thread that recorded the triggering
   * entry. A throwing listener is logged and does not affect others.
   *
   * @throws IllegalArgumentException if {@code listener} is null
   */
  Subscription onAlert(Consumer<? super BalanceEvent.AlertRaised> listener);

  /** Writes queued entries now (no-op in memory). @throws HistoryException if the database fails */
  void flush();

  /** Stops the history's thread, flushes and releases the database. Idempotent. */
  @Override
  void close();
}
