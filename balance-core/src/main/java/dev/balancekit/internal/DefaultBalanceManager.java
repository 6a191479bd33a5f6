package dev.balancekit.internal;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceKitException;
import dev.balancekit.BalanceManager;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.BalanceUnavailableException;
import dev.balancekit.Freshness;
import dev.balancekit.ManagerStatistics;
import dev.balancekit.ManagerStatus;
import dev.balancekit.OwnerBalances;
import dev.balancekit.Severity;
import dev.balancekit.SourceState;
import dev.balancekit.SourceStatus;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.Subscription;
import dev.balancekit.ValidationIssue;
import dev.balancekit.ValidationReport;
import dev.balancekit.event.BalanceEvent;
import dev.balancekit.spi.AccountDirectory;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.BalanceRecorder;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.BalanceValidator;
import dev.balancekit.spi.SourceSink;
import dev.balancekit.spi.StreamingBalanceSource;
import dev.balancekit.spi.ValidationContext;
import dev.balancekit.transfer.TransferService;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link BalanceManager} that {@link BalanceManager#builder()} builds. Thread-safe. */
public final class DefaultBalanceManager implements BalanceManager {
  private static final Logger log = LoggerFactory.getLogger(DefaultBalanceManager.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final int LOCK_STRIPES = 64;
  private static final int LISTENER_THREADS = 64;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final @Nullable StreamingBalanceSource stream;
  private final List<SourceHandle> handles;

  /** The request/response sources, in the order a fetch tries them. */
  private final List<SourceHandle> chain;

  private final BalanceCache cache;
  private final Clock clock;
  private final Duration sourceTimeout;
  private final ScheduledThreadPoolExecutor timer;
  private final @Nullable ExecutorService ownedListenerPool;
  private final OrderedDispatcher dispatcher;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Map<AccountRef, CompletableFuture<AccountBalances>> inFlight =
      new ConcurrentHashMap<>();
  private final Set<AccountRef> tracked = ConcurrentHashMap.newKeySet();
  private final Object[] locks = new Object[LOCK_STRIPES];
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong listenerIds = new AtomicLong();

  private final LongAdder reads = new LongAdder();
  private final LongAdder servedLive = new LongAdder();
  private final LongAdder servedCached = new LongAdder();
  private final LongAdder servedStale = new LongAdder();
  private final LongAdder unavailable = new LongAdder();
  private final LongAdder fallbacksTaken = new LongAdder();
  private final LongAdder listenerFailures = new LongAdder();
  private final LongAdder validationFailures = new LongAdder();
  private final @Nullable BalanceValidator validator;

  /** The validator, when every accepted update is validated. */
  private final @Nullable BalanceValidator updateValidator;

  private final @Nullable BalanceRecorder recorder;
  private final BigDecimal changeAbsolute;
  private final BigDecimal changePercent;
  private final @Nullable TransferService transfers;
  private final @Nullable AccountDirectory directory;

  /**
   * Starts a manager with the arguments {@link BalanceManager.Builder#build()} checked; what was
   * not configured (listener executor, validator, recorder, transfers, directory) is null.
   *
   * @param transfers the transfer service to build with this manager, or null for none
   */
  public DefaultBalanceManager(
      BalanceSource primary,
      List<BalanceSource> fallbacks,
      BalanceCache cache,
      Clock clock,
      @Nullable Executor listenerExecutor,
      int listenerQueueCapacity,
      BalanceManagerConfig config,
      int breakerFailures,
      Duration breakerOpenFor,
      @Nullable BalanceValidator validator,
      @Nullable BalanceRecorder recorder,
      BigDecimal changeAbsolute,
      BigDecimal changePercent,
      TransferService.@Nullable Builder transfers,
      @Nullable AccountDirectory directory) {
    // First, so a service that cannot be built fails before any thread starts. The service only
    // keeps the reference; it calls the manager after a transfer, once construction is over.
    this.transfers = transfers == null ? null : transfers.balanceManager(this).build();
    this.directory = directory;
    this.cache = cache;
    this.validator = validator;
    this.updateValidator = config.enableValidation() ? validator : null;
    this.recorder = recorder;
    this.changeAbsolute = changeAbsolute;
    this.changePercent = changePercent;
    this.clock = clock;
    this.sourceTimeout = config.restTimeout();
    StreamingBalanceSource streaming = primary instanceof StreamingBalanceSource s ? s : null;
    this.stream = streaming;
    int instance = INSTANCES.incrementAndGet();

    CircuitBreakerConfig breakerConfig =
        CircuitBreakerConfig.custom()
            .slidingWindow(
                breakerFailures,
                breakerFailures,
                CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .failureRateThreshold(100)
            .waitDurationInOpenState(breakerOpenFor)
            .permittedNumberOfCallsInHalfOpenState(1)
            .ignoreExceptions(AccountNotFoundException.class)
            .build();
    List<SourceHandle> all = new ArrayList<>();
    all.add(new SourceHandle(primary, SourceStatus.Role.PRIMARY, breakerConfig, clock));
    fallbacks.forEach(
        f -> all.add(new SourceHandle(f, SourceStatus.Role.FALLBACK, breakerConfig, clock)));
    this.handles = List.copyOf(all);
    this.chain = all.stream().filter(h -> h.source != stream).toList();
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }

    this.timer =
        new ScheduledThreadPoolExecutor(1, daemonThreads("balancekit-" + instance + "-timer"));
    timer.setRemoveOnCancelPolicy(true);
    if (listenerExecutor == null) {
      // Up to 64 threads, so listeners blocked on up to 63 accounts still leave one for everyone
      // else;
      // idle threads end after 30 s. Beyond that, work queues rather than failing thread creation.
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              LISTENER_THREADS,
              LISTENER_THREADS,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              daemonThreads("balancekit-" + instance + "-listener"));
      pool.allowCoreThreadTimeOut(true);
      ownedListenerPool = pool;
      listenerExecutor = ownedListenerPool;
    } else {
      ownedListenerPool = null;
    }
    this.dispatcher = new OrderedDispatcher(listenerExecutor, listenerQueueCapacity);
    if (recorder != null) {
      listeners.add(
          new Listener(
              listenerIds.incrementAndGet(),
              BalanceEvent.Updated.class,
              e -> recorder.record((BalanceEvent.Updated) e)));
    }
    cache.attach(
        (account, cause) ->
            publish(account, new BalanceEvent.Evicted(account, cause, clock.instant())));
    for (SourceHandle h : handles) {
      h.source.attach(new HandleSink(h));
    }
    // Drops values past their staleness bound even if nobody reads them again.
    long sweepEvery = Math.min(config.cacheDefaultTtl().toNanos(), TimeUnit.SECONDS.toNanos(60));
    repeat("cache sweep", () -> cache.sweep(clock.instant()), sweepEvery);
    Duration every = config.forceUpdateInterval();
    if (streaming != null && !every.isZero() && !chain.isEmpty()) {
      repeat("reconciliation", () -> reconcile(streaming), every.toNanos());
    }
  }

  /**
   * Runs {@code task} every {@code nanos} on the timer until close. A failure is logged and the
   * task keeps running: an exception escaping a periodic task would cancel it without a trace.
   */
  private void repeat(String what, Runnable task, long nanos) {
    // The future could only cancel the task, and close() shuts the whole timer down.
    var unused =
        timer.scheduleWithFixedDelay(
            () -> {
              try {
                task.run();
              } catch (RuntimeException e) {
                log.warn("{} failed: {}", what, BalanceKitException.describe(e));
              }
            },
            nanos,
            nanos,
            TimeUnit.NANOSECONDS);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Balance balance(AccountRef account, Asset asset) {
    Objects.requireNonNull(asset, "asset");
    AccountBalances ready = answerWithoutIo(account);
    return pick(ready != null && knows(ready, asset) ? ready : join(fetchOrStale(account)), asset);
  }

  @Override
  public CompletableFuture<Balance> balanceAsync(AccountRef account, Asset asset) {
    Objects.requireNonNull(asset, "asset");
    try {
      AccountBalances ready = answerWithoutIo(account);
      return (ready != null && knows(ready, asset)
              ? CompletableFuture.completedFuture(ready)
              : fetchOrStale(account))
          .thenApply(all -> pick(all, asset));
    } catch (IllegalStateException closed) {
      return CompletableFuture.failedFuture(closed);
    }
  }

  @Override
  public AccountBalances balances(AccountRef account) {
    AccountBalances ready = answerWithoutIo(account);
    return ready != null ? ready : join(fetchOrStale(account));
  }

  @Override
  public CompletableFuture<AccountBalances> balancesAsync(AccountRef account) {
    try {
      AccountBalances ready = answerWithoutIo(account);
      return ready != null ? CompletableFuture.completedFuture(ready) : fetchOrStale(account);
    } catch (IllegalStateException closed) {
      return CompletableFuture.failedFuture(closed);
    }
  }

  @Override
  public OwnerBalances ownerBalances(String owner) {
    return join(ownerBalancesAsync(owner));
  }

  @Override
  public CompletableFuture<OwnerBalances> ownerBalancesAsync(String owner) {
    List<CompletableFuture<AccountBalances>> reads;
    try {
      requireOpen();
      if (directory == null) {
        throw new IllegalStateException(
            "owner reads need an account directory: call directory(...) on the builder");
      }
      List<AccountRef> accounts = directory.accounts(owner);
      if (accounts.isEmpty()) {
        throw AccountNotFoundException.noAccountOf(owner, directory.name());
      }
      reads = new ArrayList<>(accounts.size());
      for (AccountRef account : accounts) {
        reads.add(balancesAsync(account));
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    // One account that cannot be read makes the owner's totals unknown: the whole read fails.
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<AccountBalances> views = new ArrayList<>(reads.size());
              reads.forEach(read -> views.add(read.join()));
              return OwnerBalances.of(owner, views);
            });
  }

  /**
   * Whether {@code view} can answer for {@code asset}: a partial view that lacks it needs a fetch.
   */
  private static boolean knows(AccountBalances view, Asset asset) {
    return view.isComplete() || view.find(asset.code()).isPresent();
  }

  private static Balance pick(AccountBalances all, Asset asset) {
    return all.get(asset)
        .orElseThrow(() -> BalanceUnavailableException.assetNotReported(all.account(), asset));
  }

  /**
   * Counts the read and answers it from the live stream view or a fresh cached value, starting a
   * background refresh when one is due; null when a fetch is needed.
   */
  private @Nullable AccountBalances answerWithoutIo(AccountRef account) {
    Objects.requireNonNull(account, "account");
    requireOpen();
    reads.increment();
    if (stream != null) {
      track(
          account); // so the stream follows it; cached and fetched accounts are tracked by accept()
    }
    AccountBalances live = liveView(account);
    if (live != null) {
      servedLive.increment();
      return live.withFreshness(Freshness.LIVE);
    }
    BalanceCache.Lookup cached = cache.lookup(account, clock.instant());
    if (cached == null || cached.state() == BalanceCache.State.EXPIRED) {
      return null;
    }
    if (cached.state() == BalanceCache.State.REFRESH_DUE) {
      load(account)
          .exceptionally(
              e -> {
                log.debug(
                    "refresh-ahead of {} failed: {}",
                    account,
                    BalanceKitException.describe(unwrap(e)));
                return null;
              });
    }
    servedCached.increment();
    return cached.value().withFreshness(Freshness.CACHED);
  }

  /** Fetches through the sources; if all fail, serves the cached value marked stale, or fails. */
  private CompletableFuture<AccountBalances> fetchOrStale(AccountRef account) {
    return load(account)
        .handle(
            (value, error) -> {
              if (error == null) {
                servedLive.increment();
                return value;
              }
              Throwable cause = unwrap(error);
              if (!(cause instanceof AccountNotFoundException)) {
                BalanceCache.Lookup last = cache.lookup(account, clock.instant());
                if (last != null) {
                  boolean expired = last.state() == BalanceCache.State.EXPIRED;
                  (expired ? servedStale : servedCached).increment();
                  return last.value().withFreshness(expired ? Freshness.STALE : Freshness.CACHED);
                }
                unavailable.increment();
              }
              throw cause instanceof CompletionException c ? c : new CompletionException(cause);
            });
  }

  @Override
  public CompletableFuture<AccountBalances> refresh(AccountRef account) {
    Objects.requireNonNull(account, "account");
    requireOpen();
    track(account);
    // Never joins a fetch under way: that one may have started before the change the caller knows
    // of.
    Instant requestedAt = clock.instant();
    return fetchFromChain(account).thenApply(raw -> accept(raw, false, requestedAt));
  }

  /** Fetches {@code account} and accepts the answer, or joins the fetch under way for it. */
  private CompletableFuture<AccountBalances> load(AccountRef account) {
    CompletableFuture<AccountBalances> mine = new CompletableFuture<>();
    CompletableFuture<AccountBalances> existing = inFlight.putIfAbsent(account, mine);
    if (existing != null) {
      return existing.copy();
    }
    if (closed.get()) {
      // close() may have failed the in-flight fetches before this one was registered.
      settle(account, mine, null, new IllegalStateException("balance manager closed"));
      return mine.copy();
    }
    // A snapshot is no newer than its request: what a stream pushes meanwhile must survive the
    // merge.
    Instant requestedAt = clock.instant();
    try {
      // The callback hands every outcome, its own failures included, to mine.
      var unused =
          fetchFromChain(account)
              .whenComplete(
                  (raw, error) -> {
                    AccountBalances accepted = null;
                    Throwable failure = error;
                    if (failure == null) {
                      try {
                        accepted = accept(raw, false, requestedAt);
                      } catch (RuntimeException | Error e) {
                        failure = e;
                      }
                    }
                    settle(account, mine, accepted, failure);
                  });
    } catch (RuntimeException | Error e) {
      settle(account, mine, null, e);
    }
    return mine.copy();
  }

  /**
   * Ends a fetch: unregistered first, because callers waiting on copies of it run before a callback
   * registered on it, and one that reads again at once must start a new fetch, not join this one.
   */
  private void settle(
      AccountRef account,
      CompletableFuture<AccountBalances> fetch,
      @Nullable AccountBalances value,
      @Nullable Throwable failure) {
    inFlight.remove(account, fetch);
    if (failure != null) {
      fetch.completeExceptionally(failure);
    } else {
      fetch.complete(value);
    }
  }

  /**
   * Asks the request/response sources in order until one answers; the answer is not yet accepted.
   */
  private CompletableFuture<AccountBalances> fetchFromChain(AccountRef account) {
    CompletableFuture<AccountBalances> result = new CompletableFuture<>();
    long start = System.nanoTime();
    // Only counts: recordLoad logs its own failures, and result is returned as is.
    var unused = result.whenComplete((v, e) -> recordLoad(System.nanoTime() - start, e == null));
    attempt(account, 0, new ArrayList<>(), result);
    return result;
  }

  /** Counts a fetch in the cache's statistics; a cache failing to count must not go unnoticed. */
  private void recordLoad(long nanos, boolean success) {
    try {
      cache.recordLoad(nanos, success);
    } catch (RuntimeException e) {
      log.warn("cache failed to count a load: {}", BalanceKitException.describe(e));
    }
  }

  private void attempt(
      AccountRef account,
      int index,
      List<Throwable> failures,
      CompletableFuture<AccountBalances> result) {
    for (int i = index; i < chain.size(); i++) {
      SourceHandle h = chain.get(i);
      if (!supports(h, account)) {
        continue;
      }
      if (!h.breaker.tryAcquirePermission()) {
        failures.add(
            SourceUnavailableException.of(h.name(), "circuit open after repeated failures"));
        continue;
      }
      h.calls.increment();
      long start = System.nanoTime();
      int next = i + 1;
      // The callback passes its own failures on to result.
      var unused =
          withTimeout(h, fetch(h, account))
              .whenComplete(
                  (value, error) -> {
                    try {
                      settle(
                          h,
                          account,
                          value,
                          error,
                          System.nanoTime() - start,
                          next,
                          failures,
                          result);
                    } catch (RuntimeException | Error e) {
                      result.completeExceptionally(e);
                    }
                  });
      return;
    }
    result.completeExceptionally(BalanceUnavailableException.noSourceAnswered(account, failures));
  }

  /** Books one source's answer and completes {@code result}, or moves on to the next source. */
  private void settle(
      SourceHandle h,
      AccountRef account,
      @Nullable AccountBalances value,
      @Nullable Throwable error,
      long nanos,
      int next,
      List<Throwable> failures,
      CompletableFuture<AccountBalances> result) {
    Throwable cause =
        error != null
            ? unwrap(error)
            : value == null || !value.account().equals(account)
                ? new IllegalStateException(
                    "source '"
                        + h.name()
                        + "' answered for "
                        + (value == null ? null : value.account())
                        + " instead of "
                        + account)
                : null;
    if (cause == null) {
      h.succeeded(nanos, clock.instant());
      if (!failures.isEmpty() || (stream != null && stream.state() != SourceState.LIVE)) {
        fallbacksTaken.increment();
      }
      publish(
          account,
          new BalanceEvent.Loaded(account, h.name(), Duration.ofNanos(nanos), clock.instant()));
      result.complete(value);
    } else if (cause instanceof AccountNotFoundException) {
      h.breaker.onError(nanos, TimeUnit.NANOSECONDS, cause);
      tracked.remove(account);
      result.completeExceptionally(cause);
    } else {
      h.failed(nanos, cause);
      failures.add(cause);
      attempt(account, next, failures, result);
    }
  }

  private static boolean supports(SourceHandle h, AccountRef account) {
    try {
      return h.source.supports(account);
    } catch (RuntimeException e) {
      log.warn(
          "source '{}' failed to say whether it supports {}: {}",
          h.name(),
          account,
          BalanceKitException.describe(e));
      return false;
    }
  }

  private static CompletableFuture<AccountBalances> fetch(SourceHandle h, AccountRef account) {
    try {
      CompletableFuture<AccountBalances> f = h.source.fetch(account);
      return f != null
          ? f
          : CompletableFuture.failedFuture(
              new IllegalStateException("source '" + h.name() + "' returned no future"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<AccountBalances> withTimeout(
      SourceHandle h, CompletableFuture<AccountBalances> f) {
    if (f.isDone()) {
      return f;
    }
    CompletableFuture<AccountBalances> timed = new CompletableFuture<>();
    ScheduledFuture<?> deadline;
    try {
      deadline =
          timer.schedule(
              () -> {
                if (timed.completeExceptionally(
                    SourceUnavailableException.of(
                        h.name(), "no answer within " + sourceTimeout.toMillis() + " ms"))) {
                  f.cancel(true);
                }
              },
              sourceTimeout.toNanos(),
              TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      f.cancel(true);
      return CompletableFuture.failedFuture(new IllegalStateException("balance manager closed"));
    }
    // The callback only forwards f's outcome to timed, which the caller holds.
    var unused =
        f.whenComplete(
            (v, e) -> {
              deadline.cancel(false);
              if (e == null) {
                timed.complete(v);
              } else {
                timed.completeExceptionally(e);
              }
            });
    return timed;
  }

  // ---------------------------------------------------------------- ingest

  /**
   * Stamps {@code received} as received at {@code receivedAt}, merges it into the cached view,
   * stores it ({@code pinned} while a LIVE stream vouches for it) and tells listeners. Returns the
   * merged view: the update's balances as they came, the rest as the cache held them.
   */
  private AccountBalances accept(AccountBalances received, boolean pinned, Instant receivedAt) {
    return accept(received, pinned, receivedAt, null);
  }

  private AccountBalances accept(
      AccountBalances received, boolean pinned, Instant receivedAt, @Nullable String kind) {
    AccountRef account = received.account();
    track(account);
    synchronized (locks[Math.floorMod(account.hashCode(), LOCK_STRIPES)]) {
      Instant now = clock.instant();
      AccountBalances update = received.receivedAt(receivedAt);
      AccountBalances previous = cache.peek(account, now).orElse(null);
      AccountBalances current = previous == null ? update : previous.merge(update);
      cache.put(current, now, pinned);
      if (pinned && !streamIsLive()) {
        // The stream dropped while this update was merged; unpinAll() may already have run.
        cache.put(current, now, false);
      }
      // Published under the account's lock so listeners see updates in the order they were merged.
      publish(account, new BalanceEvent.Updated(account, update, current, kind, now));
      if (previous != null) {
        publishChanges(previous, current, update, now);
      }
      if (updateValidator != null) {
        report(
            account,
            runValidator(updateValidator, current, new ValidationContext(previous, List.of(), now)),
            now);
      }
      return current;
    }
  }

  private void publishChanges(
      AccountBalances previous, AccountBalances current, AccountBalances update, Instant now) {
    Set<String> codes = new LinkedHashSet<>();
    update.balances().forEach(b -> codes.add(b.asset().code()));
    if (update.isComplete()) {
      previous.balances().forEach(b -> codes.add(b.asset().code()));
    }
    for (String code : codes) {
      Asset asset =
          current.find(code).or(() -> previous.find(code)).map(Balance::asset).orElseThrow();
      // get() answers zero for an asset a complete view does not list: a first deposit is a change
      // too.
      Optional<Balance> before = previous.get(asset);
      Optional<Balance> after = current.get(asset);
      if (before.isPresent()
          && after.isPresent()
          && crossesThreshold(before.get().total(), after.get().total())) {
        publish(
            previous.account(),
            new BalanceEvent.Changed(
                previous.account(),
                asset,
                before.get().total(),
                after.get().total(),
                after.get().source(),
                now));
      }
    }
  }

  private boolean crossesThreshold(BigDecimal before, BigDecimal after) {
    BigDecimal delta = after.subtract(before).abs();
    if (delta.signum() == 0) {
      return false;
    }
    if (delta.compareTo(changeAbsolute) >= 0 && changeAbsolute.signum() > 0) {
      return true;
    }
    if (changePercent.signum() > 0 && before.signum() != 0) {
      return delta.multiply(HUNDRED).compareTo(changePercent.multiply(before.abs())) >= 0;
    }
    return changeAbsolute.signum() == 0 && (changePercent.signum() == 0 || before.signum() == 0);
  }

  /** Runs the validator; a validator that throws is itself a CRITICAL finding. */
  private static ValidationReport runValidator(
      BalanceValidator validator, AccountBalances current, ValidationContext context) {
    try {
      ValidationReport report = validator.validate(current, context);
      return report != null ? report : ValidationReport.empty();
    } catch (RuntimeException e) {
      return new ValidationReport(
          List.of(
              new ValidationIssue(
                  "validator_failed",
                  Severity.CRITICAL,
                  current.account(),
                  null,
                  "the validator threw " + BalanceKitException.describe(e),
                  Map.of())));
    }
  }

  /** Counts and announces a report with findings of WARNING or worse. */
  private void report(AccountRef account, ValidationReport report, Instant now) {
    if (!report.atLeast(Severity.WARNING).isEmpty()) {
      validationFailures.increment();
      publish(account, new BalanceEvent.ValidationFailed(account, report, now));
    }
  }

  @Override
  public ValidationReport validate(AccountRef account) {
    Objects.requireNonNull(account, "account");
    requireOpen();
    AccountBalances known = knownView(account);
    return validator == null || known == null
        ? ValidationReport.empty()
        : runValidator(validator, known, new ValidationContext(null, List.of(), clock.instant()));
  }

  @Override
  public Map<AccountRef, ValidationReport> validateAll() {
    requireOpen();
    Map<AccountRef, ValidationReport> reports = new LinkedHashMap<>();
    for (AccountRef account : List.copyOf(tracked)) {
      ValidationReport r = validate(account);
      if (!r.issues().isEmpty()) {
        reports.put(account, r);
      }
    }
    return reports;
  }

  /**
   * What the manager knows of {@code account} without I/O: the live stream view, else the cache.
   */
  private @Nullable AccountBalances knownView(AccountRef account) {
    AccountBalances live = liveView(account);
    return live != null ? live : cache.peek(account, clock.instant()).orElse(null);
  }

  /** The primary stream's view of {@code account} while the stream is LIVE, else null. */
  private @Nullable AccountBalances liveView(AccountRef account) {
    return stream != null && stream.state() == SourceState.LIVE
        ? stream.view(account).orElse(null)
        : null;
  }

  /** Whether the primary is a stream and it is LIVE. */
  private boolean streamIsLive() {
    return stream != null && stream.state() == SourceState.LIVE;
  }

  private void publish(Object orderKey, BalanceEvent event) {
    for (Listener l : listeners) {
      if (l.type.isInstance(event)) {
        dispatcher.execute(
            List.of(l.id, orderKey),
            () -> {
              try {
                l.consumer.accept(event);
              } catch (RuntimeException | Error e) {
                listenerFailures.increment();
                log.warn(
                    "listener {} failed on {}; other listeners are unaffected",
                    l.id,
                    event.getClass().getSimpleName(),
                    e);
              }
            });
      }
    }
  }

  /**
   * What one source pushes: accepted balances and state changes, which also steer cache pinning.
   */
  private final class HandleSink implements SourceSink {
    private final SourceHandle handle;

    HandleSink(SourceHandle handle) {
      this.handle = handle;
    }

    @Override
    public void onUpdate(AccountBalances update) {
      if (closed.get() || update == null) {
        return;
      }
      try {
        if (handle.source == stream) {
          tracked.add(
              update.account()); // it streams the account already: no track() call back into it
        }
        accept(update, handle.source == stream && streamIsLive(), clock.instant());
      } catch (RuntimeException e) {
        log.warn("could not accept an update from '{}' for {}", handle.name(), update.account(), e);
      }
    }

    @Override
    public void onStateChange(SourceState from, SourceState to, String reason) {
      if (closed.get() || to == null) {
        return;
      }
      Instant now = clock.instant();
      if (handle.source == stream && from == SourceState.LIVE && to != SourceState.LIVE) {
        cache.unpinAll(now);
      }
      log.info("source '{}' {} -> {}: {}", handle.name(), from, to, reason);
      publish(
          "source:" + handle.name(),
          new BalanceEvent.SourceStateChanged(
              handle.name(), from, to, reason == null ? "" : reason, now));
    }
  }

  /**
   * While the stream is LIVE, fetches a snapshot of each account it shows and reports every asset
   * whose total differs, as a {@code source_inconsistency} warning.
   */
  private void reconcile(StreamingBalanceSource live) {
    if (closed.get() || live.state() != SourceState.LIVE) {
      return;
    }
    for (AccountRef account : List.copyOf(tracked)) {
      Optional<AccountBalances> view = live.view(account);
      if (view.isEmpty()) {
        continue;
      }
      // The callback logs every outcome, its own failures included.
      var unused =
          fetchFromChain(account)
              .whenComplete(
                  (snapshot, error) -> {
                    if (error != null) {
                      log.debug(
                          "reconciliation of {} skipped: {}",
                          account,
                          BalanceKitException.describe(unwrap(error)));
                      return;
                    }
                    try {
                      compareWithStream(live, account, snapshot);
                    } catch (RuntimeException e) {
                      log.warn(
                          "reconciliation of {} failed: {}",
                          account,
                          BalanceKitException.describe(e));
                    }
                  });
    }
  }

  /**
   * Reports where {@code snapshot} differs from the stream's view of {@code account}. Not accepted
   * into the cache: while the stream is LIVE it is the authority; this only reports.
   */
  private void compareWithStream(
      StreamingBalanceSource live, AccountRef account, AccountBalances snapshot) {
    AccountBalances streamed = live.view(account).orElse(null);
    if (streamed == null) {
      return;
    }
    Instant now = clock.instant();
    report(
        account,
        validator != null
            ? runValidator(validator, streamed, new ValidationContext(null, List.of(snapshot), now))
            : totalsDiffer(live, streamed, snapshot),
        now);
  }

  /** Without a validator, reconciliation reports every asset whose totals differ at all. */
  private static ValidationReport totalsDiffer(
      StreamingBalanceSource live, AccountBalances streamed, AccountBalances snapshot) {
    List<ValidationIssue> issues = new ArrayList<>();
    for (Balance fetched : snapshot.balances()) {
      Optional<Balance> mine = streamed.get(fetched.asset());
      if (mine.isPresent() && mine.get().total().compareTo(fetched.total()) != 0) {
        issues.add(
            new ValidationIssue(
                "source_inconsistency",
                Severity.WARNING,
                streamed.account(),
                fetched.asset().code(),
                "stream '"
                    + live.name()
                    + "' says "
                    + fetched.asset().format(mine.get().total())
                    + " but '"
                    + fetched.source()
                    + "' says "
                    + fetched.asset().format(fetched.total()),
                Map.of(
                    "streamed",
                    mine.get().total(),
                    "fetched",
                    fetched.total(),
                    "source",
                    fetched.source())));
      }
    }
    return new ValidationReport(issues);
  }

  // ---------------------------------------------------------------- listeners

  private record Listener(
      long id, Class<? extends BalanceEvent> type, Consumer<BalanceEvent> consumer) {}

  @Override
  public Subscription onUpdate(Consumer<? super BalanceEvent.Updated> listener) {
    return subscribe(BalanceEvent.Updated.class, listener);
  }

  @Override
  public Subscription onChange(Consumer<? super BalanceEvent.Changed> listener) {
    return subscribe(BalanceEvent.Changed.class, listener);
  }

  @Override
  public Subscription onEvent(Consumer<? super BalanceEvent> listener) {
    return subscribe(BalanceEvent.class, listener);
  }

  private <E extends BalanceEvent> Subscription subscribe(
      Class<E> type, Consumer<? super E> listener) {
    Objects.requireNonNull(listener, "listener");
    requireOpen();
    Listener l =
        new Listener(listenerIds.incrementAndGet(), type, e -> listener.accept(type.cast(e)));
    listeners.add(l);
    return () -> listeners.remove(l);
  }

  // ---------------------------------------------------------------- status

  @Override
  public ManagerStatus status() {
    List<SourceStatus> sources =
        handles.stream()
            .map(
                h ->
                    new SourceStatus(
                        h.name(),
                        h.role,
                        stateOf(h.source),
                        circuit(h.breaker),
                        h.lastError,
                        h.lastSuccessAt))
            .toList();
    return new ManagerStatus(sources, cache.stats(), tracked.size(), closed.get());
  }

  @Override
  public ManagerStatistics statistics() {
    Map<String, Long> calls = new LinkedHashMap<>();
    Map<String, Long> failures = new LinkedHashMap<>();
    for (SourceHandle h : handles) {
      calls.put(h.name(), h.calls.sum());
      failures.put(h.name(), h.failures.sum());
    }
    return new ManagerStatistics(
        reads.sum(),
        servedLive.sum(),
        servedCached.sum(),
        servedStale.sum(),
        unavailable.sum(),
        fallbacksTaken.sum(),
        calls,
        failures,
        listenerFailures.sum(),
        dispatcher.dropped(),
        validationFailures.sum(),
        cache.stats().hitRate(),
        tracked.size());
  }

  @Override
  public TransferService transfers() {
    if (transfers == null) {
      throw new IllegalStateException(
          "no transfers configured: build the manager with transfers(rail...) or transfers(TransferService.builder()...)");
    }
    return transfers;
  }

  private static SourceState stateOf(BalanceSource source) {
    try {
      SourceState state = source.state();
      return state != null ? state : SourceState.DEGRADED;
    } catch (RuntimeException e) {
      return SourceState.DEGRADED;
    }
  }

  private static SourceStatus.Circuit circuit(CircuitBreaker breaker) {
    return switch (breaker.getState()) {
      case OPEN, FORCED_OPEN -> SourceStatus.Circuit.OPEN;
      case HALF_OPEN -> SourceStatus.Circuit.HALF_OPEN;
      default -> SourceStatus.Circuit.CLOSED;
    };
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (SourceHandle h : handles) {
      try {
        h.source.close();
      } catch (Exception e) {
        log.warn("closing source '{}' failed", h.name(), e);
      }
    }
    try {
      cache.close();
    } catch (Exception e) {
      log.warn("closing cache failed", e);
    }
    if (recorder != null) {
      try {
        recorder.close();
      } catch (RuntimeException e) {
        log.warn("closing recorder failed: {}", BalanceKitException.describe(e));
      }
    }
    IllegalStateException closedError = new IllegalStateException("balance manager closed");
    inFlight.values().forEach(f -> f.completeExceptionally(closedError));
    timer.shutdownNow();
    if (ownedListenerPool != null) {
      ownedListenerPool.shutdown();
      try {
        if (!ownedListenerPool.awaitTermination(1, TimeUnit.SECONDS)) {
          ownedListenerPool.shutdownNow();
        }
      } catch (InterruptedException e) {
        ownedListenerPool.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("balance manager closed");
    }
  }

  private void track(AccountRef account) {
    // contains() first: add() may lock a hash bin even when the account is already there.
    if (!tracked.contains(account) && tracked.add(account) && stream != null) {
      try {
        stream.track(account);
      } catch (RuntimeException e) {
        log.warn("stream '{}' could not track {}", stream.name(), account, e);
      }
    }
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a balance", e);
    }
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** A source with its breaker and counters. */
  private static final class SourceHandle {
    final BalanceSource source;
    final SourceStatus.Role role;
    final CircuitBreaker breaker;
    final LongAdder calls = new LongAdder();
    final LongAdder failures = new LongAdder();
    volatile @Nullable String lastError;
    volatile @Nullable Instant lastSuccessAt;

    SourceHandle(
        BalanceSource source, SourceStatus.Role role, CircuitBreakerConfig config, Clock clock) {
      this.source = source;
      this.role = role;
      // Resilience4j's state machine is the one public way to give a breaker our clock, which
      // tests and simulations need for its open-state wait.
      this.breaker = new CircuitBreakerStateMachine(source.name(), config, clock);
    }

    String name() {
      return source.name();
    }

    void succeeded(long nanos, Instant at) {
      breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
      lastSuccessAt = at;
    }

    void failed(long nanos, Throwable cause) {
      breaker.onError(nanos, TimeUnit.NANOSECONDS, cause);
      failures.increment();
      lastError = BalanceKitException.describe(cause);
    }
  }
}
