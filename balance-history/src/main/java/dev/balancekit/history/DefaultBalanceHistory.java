package dev.balancekit.history;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceKitException;
import dev.balancekit.Subscription;
import dev.balancekit.event.BalanceEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one {@link BalanceHistory}: in-memory series, optionally backed by a {@link JdbcStore}. */
final class DefaultBalanceHistory implements BalanceHistory {
  private static final Logger log = LoggerFactory.getLogger(DefaultBalanceHistory.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final int MAX_PAGE = 10_000;

  private final HistoryConfig config;
  private final @Nullable JdbcStore store;
  private final AlertBook alerts;
  private final Map<AccountRef, Map<String, Series>> accounts = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DefaultBalanceHistory(@Nullable JdbcStore store, HistoryConfig config) {
    this.config = config;
    this.store = store;
    this.alerts = new AlertBook(store);
    if (store != null) {
      store.open();
      long since = Micros.of(cutoff());
      store.load(since, this::restore);
      alerts.load(store.loadAlerts(since), store.maxAlertId());
    }
    String name = "balancekit-history-" + INSTANCES.incrementAndGet();
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, name);
              thread.setDaemon(true);
              return thread;
            });
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
    long cleanupMillis = config.cleanupInterval.toMillis();
    // quietly() logs every failure, so these futures never hold one.
    var unused =
        timer.scheduleWithFixedDelay(
            () -> quietly("clean-up", this::cleanUp),
            cleanupMillis,
            cleanupMillis,
            TimeUnit.MILLISECONDS);
    if (store != null) {
      long flushMillis = config.flushInterval.toMillis();
      unused =
          timer.scheduleWithFixedDelay(
              () -> quietly("flush", store::flush),
              flushMillis,
              flushMillis,
              TimeUnit.MILLISECONDS);
    }
  }

  /** A history kept in {@code store}, or only in memory if it is null. */
  static BalanceHistory create(@Nullable JdbcStore store, HistoryConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    return new DefaultBalanceHistory(store, config);
  }

  // ---- recording

  @Override
  public void record(BalanceEvent.Updated update) {
    try {
      AccountRef account = update.account();
      AccountBalances current = update.current();
      ChangeKind kind = ChangeKind.fromCode(update.kind());
      Set<String> listed = new HashSet<>();
      for (Balance b : update.update().balances()) {
        Balance merged = current.find(b.asset().code()).orElse(b);
        listed.add(b.asset().code());
        append(account, merged.asset(), update.at(), merged.total(), kind);
      }
      if (update.update().isComplete()) {
        // A complete snapshot that leaves out an asset says it is now held at zero.
        for (Series s : seriesOf(account)) {
          if (!listed.contains(s.asset.code())) {
            append(account, s.asset, update.at(), s.asset.zero(), kind);
          }
        }
      }
    } catch (RuntimeException e) {
      log.warn(
          "could not record update of {}: {}", update.account(), BalanceKitException.describe(e));
    }
  }

  @Override
  public void append(
      AccountRef account, Asset asset, Instant at, BigDecimal total, ChangeKind kind) {
    if (account == null || asset == null || at == null || total == null || kind == null) {
      throw new IllegalArgumentException(
          "account, asset, at, total and kind must not be null, but were "
              + account
              + ", "
              + asset
              + ", "
              + at
              + ", "
              + total
              + ", "
              + kind);
    }
    ensureOpen();
    BigDecimal exact = total.scale() == asset.scale() ? total : asset.amount("total", total);
    BigInteger units = exact.unscaledValue();
    boolean fitsLong = units.bitLength() < 64;
    long compact = fitsLong ? units.longValue() : 0;
    long micros = Micros.of(at);
    append(account, asset, micros, units, compact, fitsLong, kind, true);
  }

  /** Entries loaded from the database: no alerts, not written back. */
  private void restore(
      AccountRef account, Asset asset, long micros, BigInteger units, ChangeKind kind) {
    boolean fitsLong = units.bitLength() < 64;
    append(account, asset, micros, units, fitsLong ? units.longValue() : 0, fitsLong, kind, false);
  }

  private void append(
      AccountRef account,
      Asset asset,
      long micros,
      BigInteger units,
      long compact,
      boolean fitsLong,
      ChangeKind kind,
      boolean fresh) {
    Map<String, Series> byCode = accounts.computeIfAbsent(account, a -> new ConcurrentHashMap<>());
    Series s =
        byCode.computeIfAbsent(
            asset.code(), c -> new Series(account, asset, config.maxEntriesPerSeries));
    if (!s.asset.equals(asset)) {
      throw new IllegalArgumentException(
          "asset "
              + asset
              + " of "
              + account
              + " was recorded before as "
              + s.asset
              + "; one code must keep one scale");
    }
    List<AlertBook.Check> checks = null;
    synchronized (s) {
      int index = s.append(micros, units, compact, fitsLong, kind);
      if (fresh && index == s.size() - 1 && alerts.hasRules()) {
        checks = checks(s, index);
      }
    }
    if (fresh && store != null) {
      store.enqueue(
          new JdbcStore.Row(account, asset, micros, compact, fitsLong ? null : units, kind));
    }
    if (checks != null && !checks.isEmpty()) {
      alerts.apply(account, asset.code(), Micros.toInstant(micros), checks);
    }
  }

  /**
   * Evaluates the rules covering the newest entry {@code index} of {@code s}; holds its monitor.
   */
  private List<AlertBook.Check> checks(Series s, int index) {
    List<AlertRule> rules = alerts.rulesFor(s.account, s.asset.code());
    List<AlertBook.Check> checks = new ArrayList<>(rules.size());
    BigDecimal total = s.totalAt(index);
    String where = s.asset.code() + " of " + s.account;
    for (AlertRule rule : rules) {
      switch (rule.type()) {
        case BELOW_WARNING, BELOW_CRITICAL -> {
          BigDecimal threshold = rule.threshold().orElseThrow();
          String level = rule.type() == AlertType.BELOW_WARNING ? "warning" : "critical";
          checks.add(
              new AlertBook.Check(
                  rule,
                  total.compareTo(threshold) < 0,
                  total,
                  threshold,
                  where
                      + " is "
                      + s.asset.format(total)
                      + ", below the "
                      + level
                      + " threshold "
                      + s.asset.format(threshold)
                      + " (rule "
                      + rule.name()
                      + ")"));
        }
        case SIGNIFICANT_DROP -> {
          BigDecimal percent = rule.threshold().orElseThrow();
          long since = s.timeAt(index) - rule.window().orElseThrow().toNanos() / 1_000;
          BigDecimal peak = total;
          for (int i = index - 1; i >= 0 && s.timeAt(i) >= since; i--) {
            peak = peak.max(s.totalAt(i));
          }
          BigDecimal drop =
              peak.signum() > 0
                  ? Objects.requireNonNull(
                      SeriesMath.percent(peak.subtract(total), peak), "the peak is not zero")
                  : BigDecimal.ZERO;
          checks.add(
              new AlertBook.Check(
                  rule,
                  drop.compareTo(percent) >= 0,
                  total,
                  percent,
                  where
                      + " dropped "
                      + drop.stripTrailingZeros().toPlainString()
                      + " % from "
                      + s.asset.format(peak)
                      + " to "
                      + s.asset.format(total)
                      + " within "
                      + rule.window().orElseThrow()
                      + " (rule "
                      + rule.name()
                      + ")"));
        }
        default -> {
          if (index > 0) {
            BigDecimal change = total.subtract(s.totalAt(index - 1)).abs();
            Optional<BigDecimal> limit = limitOf(rule, s);
            checks.add(
                new AlertBook.Check(
                    rule,
                    limit.isPresent() && change.compareTo(limit.get()) > 0,
                    change,
                    limit.orElse(BigDecimal.ZERO),
                    where
                        + " changed by "
                        + s.asset.format(change)
                        + ", more than the limit "
                        + limit.map(s.asset::format).orElse("-")
                        + " (rule "
                        + rule.name()
                        + ")"));
          }
        }
      }
    }
    return checks;
  }

  private static Optional<BigDecimal> limitOf(AlertRule rule, Series s) {
    try {
      Optional<BigDecimal> limit = rule.limits().maxChange(s.account, s.asset);
      return limit == null ? Optional.empty() : limit;
    } catch (RuntimeException e) {
      log.warn(
          "change limit of rule {} failed for {}: {}",
          rule.name(),
          s.account,
          BalanceKitException.describe(e));
      return Optional.empty();
    }
  }

  // ---- queries

  @Override
  public SeriesPage series(AccountRef account, Asset asset, Instant from, Instant to, int limit) {
    return series(account, asset, from, to, limit, null);
  }

  @Override
  public SeriesPage series(
      AccountRef account,
      Asset asset,
      Instant from,
      Instant to,
      int limit,
      @Nullable String cursor) {
    checkRange(account, asset, from, to);
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_PAGE + ", but was " + limit);
    }
    long afterMicros = Long.MIN_VALUE;
    int sameSeen = 0;
    if (cursor != null) {
      String[] parts = cursor.split("\\.", -1);
      try {
        if (parts.length != 2) {
          throw new NumberFormatException();
        }
        afterMicros = Long.parseLong(parts[0]);
        sameSeen = Integer.parseInt(parts[1]);
        if (sameSeen < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("cursor is malformed: " + cursor, e);
      }
    }
    Series s = find(account, asset);
    if (s == null) {
      return new SeriesPage(List.of(), null);
    }
    List<HistoryEntry> page = new ArrayList<>();
    String next = null;
    synchronized (s) {
      trim(s);
      int start = s.lowerBound(Micros.of(from));
      int end = s.lowerBound(Micros.of(to));
      if (cursor != null) {
        // In long arithmetic: a count past the series' end must not wrap round to its start.
        start = (int) Math.max(start, Math.min((long) s.lowerBound(afterMicros) + sameSeen, end));
      }
      int stop = Math.min(end, start + limit);
      for (int i = start; i < stop; i++) {
        page.add(s.entryAt(i));
      }
      if (stop < end && stop > start) {
        long last = s.timeAt(stop - 1);
        next = last + "." + (stop - s.lowerBound(last));
      }
    }
    return new SeriesPage(page, next);
  }

  @Override
  public Optional<HistoryEntry> at(AccountRef account, Asset asset, Instant instant) {
    requireNonNull("account", account, "asset", asset, "instant", instant);
    Series s = find(account, asset);
    if (s == null) {
      return Optional.empty();
    }
    synchronized (s) {
      trim(s);
      int i = s.upperBound(Micros.of(instant)) - 1;
      return i < 0 ? Optional.empty() : Optional.of(s.entryAt(i));
    }
  }

  @Override
  public List<BalanceChange> recentChanges(
      Duration duration, Predicate<? super BalanceChange> filter) {
    requirePositive("duration", duration);
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null");
    }
    long since = Micros.of(now().minus(duration));
    List<BalanceChange> changes = new ArrayList<>();
    for (Map<String, Series> byCode : accounts.values()) {
      for (Series s : byCode.values()) {
        synchronized (s) {
          trim(s);
          for (int i = s.lowerBound(since); i < s.size(); i++) {
            BigDecimal current = s.totalAt(i);
            BigDecimal previous = i > 0 ? s.totalAt(i - 1) : null;
            if (previous != null && previous.compareTo(current) == 0) {
              continue;
            }
            BalanceChange c =
                new BalanceChange(
                    s.account,
                    s.asset,
                    Micros.toInstant(s.timeAt(i)),
                    previous,
                    current,
                    previous == null ? current : current.subtract(previous),
                    s.kindAt(i));
            if (filter.test(c)) {
              changes.add(c);
            }
          }
        }
      }
    }
    changes.sort(
        Comparator.comparing(BalanceChange::at)
            .thenComparing(BalanceChange::account)
            .thenComparing(c -> c.asset().code()));
    return changes;
  }

  @Override
  public Trend trend(AccountRef account, Asset asset, Duration window) {
    requirePositive("window", window);
    Instant now = now();
    return trend(account, asset, now.minus(window), now.plusNanos(1_000));
  }

  @Override
  public Trend trend(AccountRef account, Asset asset, Instant from, Instant to) {
    checkRange(account, asset, from, to);
    Series s = find(account, asset);
    if (s == null) {
      return SeriesMath.trend(new Series(account, asset, 1), 0, 0, config.flatBandPercentPerHour);
    }
    synchronized (s) {
      trim(s);
      return SeriesMath.trend(
          s,
          s.lowerBound(Micros.of(from)),
          s.lowerBound(Micros.of(to)),
          config.flatBandPercentPerHour);
    }
  }

  @Override
  public Map<Asset, PeriodAnalytics> analytics(AccountRef account, AnalyticsPeriod period) {
    requireNonNull("account", account, "period", period, "period", period);
    Map<Asset, PeriodAnalytics> result = new HashMap<>();
    for (Series s : seriesOf(account)) {
      PeriodAnalytics a;
      synchronized (s) {
        trim(s);
        a = SeriesMath.analytics(s, period);
      }
      if (a != null) {
        result.put(s.asset, a);
      }
    }
    return Map.copyOf(result);
  }

  @Override
  public SystemAnalytics systemAnalytics(String venue, AnalyticsPeriod period) {
    requireNonNull("venue", venue, "period", period, "period", period);
    Map<Asset, PeriodAnalytics> totals = new HashMap<>();
    Map<RiskLevel, Integer> byRisk = new EnumMap<>(RiskLevel.class);
    int counted = 0;
    for (AccountRef account : accounts.keySet()) {
      if (!account.venue().equals(venue)) {
        continue;
      }
      Map<Asset, PeriodAnalytics> perAsset = analytics(account, period);
      if (perAsset.isEmpty()) {
        continue;
      }
      counted++;
      RiskLevel worst = RiskLevel.LOW;
      for (PeriodAnalytics a : perAsset.values()) {
        totals.merge(a.asset(), a, SeriesMath::combine);
        worst = worst.max(a.risk());
      }
      byRisk.merge(worst, 1, Integer::sum);
    }
    return new SystemAnalytics(venue, period, counted, totals, byRisk);
  }

  @Override
  public void exportCsv(AccountRef account, Asset asset, Instant from, Instant to, Appendable out) {
    checkRange(account, asset, from, to);
    requireNonNull("out", out, "out", out, "out", out);
    Csv.line(out, Csv.HEADER.split(","));
    String cursor = null;
    do {
      SeriesPage page = series(account, asset, from, to, MAX_PAGE, cursor);
      page.entries().forEach(e -> Csv.entry(out, e));
      cursor = page.nextCursor();
    } while (cursor != null);
  }

  @Override
  public void exportCsv(AccountRef account, Appendable out) {
    requireNonNull("account", account, "out", out, "out", out);
    Csv.line(out, Csv.HEADER.split(","));
    for (Series s : sortedSeriesOf(account)) {
      List<HistoryEntry> entries = new ArrayList<>();
      synchronized (s) {
        trim(s);
        for (int i = 0; i < s.size(); i++) {
          entries.add(s.entryAt(i));
        }
      }
      entries.forEach(e -> Csv.entry(out, e));
    }
  }

  @Override
  public BalanceReport report(AccountRef account, boolean includeHistory, boolean includeAlerts) {
    requireNonNull("account", account, "account", account, "account", account);
    Instant now = now();
    Map<Asset, HistoryEntry> current = new HashMap<>();
    Map<Asset, List<HistoryEntry>> recent = new HashMap<>();
    Map<Asset, Trend> trends = new HashMap<>();
    for (Series s : sortedSeriesOf(account)) {
      synchronized (s) {
        trim(s);
        if (s.size() == 0) {
          continue;
        }
        current.put(s.asset, s.entryAt(s.size() - 1));
        if (includeHistory) {
          List<HistoryEntry> entries = new ArrayList<>();
          for (int i = Math.max(0, s.size() - config.reportEntries); i < s.size(); i++) {
            entries.add(s.entryAt(i));
          }
          recent.put(s.asset, List.copyOf(entries));
        }
      }
      trends.put(s.asset, trend(account, s.asset, config.reportTrendWindow));
    }
    List<Alert> active =
        includeAlerts ? alerts(AlertFilter.all().account(account).activeOnly()) : List.of();
    return new BalanceReport(account, now, current, recent, active, trends);
  }

  // ---- alerts

  @Override
  public void addRule(AlertRule rule) {
    if (rule == null) {
      throw new IllegalArgumentException("rule must not be null");
    }
    alerts.addRule(rule);
  }

  @Override
  public boolean removeRule(String name) {
    return name != null && alerts.removeRule(name);
  }

  @Override
  public List<AlertRule> rules() {
    return alerts.rules();
  }

  @Override
  public List<Alert> alerts(AlertFilter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null");
    }
    return alerts.list(filter);
  }

  @Override
  public Alert acknowledge(long id, String by) {
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException(
          "by must name who acknowledges alert " + id + ", but was " + by);
    }
    return alerts.acknowledge(id, by, now());
  }

  @Override
  public Subscription onAlert(Consumer<? super BalanceEvent.AlertRaised> listener) {
    if (listener == null) {
      throw new IllegalArgumentException("listener must not be null");
    }
    return alerts.subscribe(listener);
  }

  // ---- lifecycle

  @Override
  public void flush() {
    if (store != null) {
      store.flush();
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // shutdown, not shutdownNow: a flush under way finishes rather than being interrupted
    // mid-batch.
    timer.shutdown();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("history thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (store != null) {
      quietly("final flush", store::flush);
    }
  }

  /** Drops expired entries from memory and the database, and forgets old resolved alerts. */
  void cleanUp() {
    Instant cutoff = cutoff();
    long cutoffMicros = Micros.of(cutoff);
    List<Series> evicted = new ArrayList<>();
    for (Map<String, Series> byCode : accounts.values()) {
      for (Series s : byCode.values()) {
        synchronized (s) {
          s.dropBefore(cutoffMicros);
          if (s.takeEvictedByCount()) {
            evicted.add(s);
          }
        }
      }
    }
    alerts.expire(cutoff);
    if (store != null) {
      store.flush();
      store.deleteBefore(cutoffMicros);
      for (Series s : evicted) {
        long oldest;
        synchronized (s) {
          if (s.size() == 0) {
            continue;
          }
          oldest = s.timeAt(0);
        }
        store.deleteSeriesBefore(s.account, s.asset, oldest);
      }
    }
  }

  // ---- helpers

  private void trim(Series s) {
    s.dropBefore(Micros.of(cutoff()));
  }

  private Instant now() {
    return config.clock.instant();
  }

  private Instant cutoff() {
    return now().minus(config.retention);
  }

  /** The series of {@code account} and {@code asset}, or null if none was recorded. */
  private @Nullable Series find(AccountRef account, Asset asset) {
    Map<String, Series> byCode = accounts.get(account);
    Series s = byCode == null ? null : byCode.get(asset.code());
    return s != null && s.asset.equals(asset) ? s : null;
  }

  private List<Series> seriesOf(AccountRef account) {
    Map<String, Series> byCode = accounts.get(account);
    return byCode == null ? List.of() : new ArrayList<>(byCode.values());
  }

  private List<Series> sortedSeriesOf(AccountRef account) {
    Map<String, Series> byCode = accounts.get(account);
    return byCode == null ? List.of() : new ArrayList<>(new TreeMap<>(byCode).values());
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("history is closed");
    }
  }

  private static void quietly(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.warn("history {} failed: {}", what, BalanceKitException.describe(e));
    }
  }

  private static void checkRange(AccountRef account, Asset asset, Instant from, Instant to) {
    requireNonNull("account", account, "asset", asset, "from", from);
    if (to == null || to.isBefore(from)) {
      throw new IllegalArgumentException(
          "to must not be null or before from, but was from=" + from + ", to=" + to);
    }
  }

  private static void requireNonNull(
      String n1, Object v1, String n2, Object v2, String n3, Object v3) {
    if (v1 == null || v2 == null || v3 == null) {
      throw new IllegalArgumentException(
          n1
              + ", "
              + n2
              + " and "
              + n3
              + " must not be null, but were "
              + v1
              + ", "
              + v2
              + ", "
              + v3);
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, but was " + d);
    }
  }
}
