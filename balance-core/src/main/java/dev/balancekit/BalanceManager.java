package dev.balancekit;

import dev.balancekit.event.BalanceEvent;
import dev.balancekit.internal.DefaultBalanceManager;
import dev.balancekit.spi.AccountDirectory;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.BalanceRecorder;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.BalanceValidator;
import dev.balancekit.spi.StreamingBalanceSource;
import dev.balancekit.spi.TransferRail;
import dev.balancekit.transfer.TransferService;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One trustworthy answer to "what does this account hold?", composed from a primary source, ordered
 * fallbacks and a cache.
 *
 * <p>A read is answered by the first of: the primary stream's synced view while it is {@link
 * SourceState#LIVE}; a fresh cached value; a fetch through the request/response sources in order,
 * each behind a circuit breaker and a timeout; the last cached value, marked {@link
 * Freshness#STALE}, within the cache's staleness bound. Otherwise the read fails with {@link
 * BalanceUnavailableException}: a balance is never invented. Concurrent reads of one account that
 * need a fetch share a single upstream call.
 *
 * <p>Thread-safe. Reads never block on I/O when a fresh value is cached or streamed. The manager
 * owns the sources and cache given to its builder and closes them in {@link #close()}.
 */
public interface BalanceManager extends AutoCloseable {

  /** Starts a builder. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * The balance of {@code asset} in {@code account}, waiting for a fetch if one is needed.
   *
   * @throws BalanceUnavailableException if no source answered and nothing usable is cached, or the
   *     answer is partial and does not mention the asset
   * @throws AccountNotFoundException if a source says the account does not exist
   * @throws IllegalStateException if the manager is closed
   */
  Balance balance(AccountRef account, Asset asset);

  /** Asynchronous {@link #balance}: the future fails with the exceptions {@code balance} throws. */
  CompletableFuture<Balance> balanceAsync(AccountRef account, Asset asset);

  /**
   * Every known balance of {@code account}.
   *
   * @throws BalanceUnavailableException if no source answered and nothing usable is cached
   * @throws AccountNotFoundException if a source says the account does not exist
   * @throws IllegalStateException if the manager is closed
   */
  AccountBalances balances(AccountRef account);

  /**
   * Asynchronous {@link #balances}: the future fails with the exceptions {@code balances} throws.
   */
  CompletableFuture<AccountBalances> balancesAsync(AccountRef account);

  /**
   * The balances of every account the builder's {@link Builder#directory directory} links to {@code
   * owner} (an application id such as {@code user:42}), read as {@link #balances} reads each, with
   * per-asset totals. The directory lookup runs on the calling thread.
   *
   * @throws AccountNotFoundException if no account is linked to {@code owner}, or a source says a
   *     linked account does not exist
   * @throws BalanceUnavailableException if one of the accounts cannot be read: the owner's totals
   *     are then unknown, not smaller
   * @throws IllegalArgumentException if {@code owner} is not a valid owner id
   * @throws SourceUnavailableException if the directory cannot be read
   * @throws IllegalStateException if the manager is closed or was built without a directory
   */
  OwnerBalances ownerBalances(String owner);

  /** Asynchronous {@link #ownerBalances}: the future fails with the exceptions it throws. */
  CompletableFuture<OwnerBalances> ownerBalancesAsync(String owner);

  /**
   * Fetches {@code account} from the request/response sources now, bypassing cache and stream view,
   * and stores the result. Always starts a new fetch: one already under way may have started before
   * the change the caller wants to see.
   *
   * @return a future failing with {@link BalanceUnavailableException} if every source failed
   */
  CompletableFuture<AccountBalances> refresh(AccountRef account);

  /**
   * Calls {@code listener} for every accepted update, in order per account, off the ingest thread.
   * A listener that falls more than {@link Builder#listenerQueueCapacity(int)} events behind on one
   * account misses the oldest of them (counted); this applies to every subscription kind.
   */
  Subscription onUpdate(Consumer<? super BalanceEvent.Updated> listener);

  /**
   * Calls {@code listener} whenever a known total changes, in order per account, off the ingest
   * thread.
   */
  Subscription onChange(Consumer<? super BalanceEvent.Changed> listener);

  /**
   * Calls {@code listener} for every event, in order per account (per source for state changes).
   */
  Subscription onEvent(Consumer<? super BalanceEvent> listener);

  /**
   * Validates everything known of {@code account} now with the configured validator, whether or not
   * {@code enableValidation} is on; an empty report when no validator is configured or nothing is
   * known. Never does I/O.
   *
   * @throws IllegalStateException if the manager is closed
   */
  ValidationReport validate(AccountRef account);

  /**
   * {@link #validate} for every tracked account with a known view; accounts without findings are
   * left out.
   */
  Map<AccountRef, ValidationReport> validateAll();

  /** Each source's state, the cache's counters and the tracked accounts, now. */
  ManagerStatus status();

  /** Counters since the manager was built. */
  ManagerStatistics statistics();

  /**
   * The transfer service configured with {@link Builder#transfers}; it refreshes this manager's
   * view of the accounts after every successful transfer.
   *
   * @throws IllegalStateException if the manager was built without transfers
   */
  TransferService transfers();

  /**
   * Stops the stream, closes sources and cache, and stops the threads the manager started.
   * Idempotent; reads afterwards throw {@link IllegalStateException}.
   */
  @Override
  void close();

  /**
   * Builds a {@link BalanceManager}. Each setter checks its argument at once and names it in the
   * {@link IllegalArgumentException}; {@link #build()} checks combinations. Not thread-safe.
   */
  final class Builder {
    private @Nullable BalanceSource primary;
    private final List<BalanceSource> fallbacks = new ArrayList<>();
    private @Nullable BalanceCache cache;
    private Clock clock = Clock.systemUTC();
    private @Nullable Executor listenerExecutor;
    private int listenerQueueCapacity = 10_000;
    private BalanceManagerConfig config = BalanceManagerConfig.defaults();
    private int breakerFailures = 5;
    private @Nullable BalanceValidator validator;
    private @Nullable BalanceRecorder recorder;
    private BigDecimal changeAbsolute = BigDecimal.ZERO;
    private BigDecimal changePercent = BigDecimal.ZERO;
    private Duration breakerOpenFor = Duration.ofSeconds(30);
    private List<TransferRail> transferRails = List.of();
    private TransferService.@Nullable Builder transferService;
    private @Nullable AccountDirectory directory;

    private Builder() {}

    /**
     * The primary source; a {@link StreamingBalanceSource} answers from its view while LIVE.
     * Required.
     */
    public Builder source(BalanceSource source) {
      this.primary = requireNonNull("source", source);
      return this;
    }

    /**
     * Adds a fallback, tried in the order added when the primary cannot answer. Reads never come
     * from a fallback's stream view, but what it pushes is accepted.
     */
    public Builder fallback(BalanceSource source) {
      fallbacks.add(requireNonNull("fallback", source));
      return this;
    }

    /** The cache; {@link BalanceCache#none()} (keep nothing) by default. */
    public Builder cache(BalanceCache cache) {
      this.cache = requireNonNull("cache", cache);
      return this;
    }

    /** The clock for receipt times, ages and cache judgement; the UTC system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull("clock", clock);
      return this;
    }

    /**
     * Where listeners run. By default the manager starts up to 64 daemon threads of its own, which
     * end when idle and stop on close; an executor given here is not shut down by the manager. It
     * must run tasks on other threads than the caller's: events are queued while an account's
     * update is being applied, and a caller-runs executor would run listeners at that point.
     */
    public Builder listenerExecutor(Executor executor) {
      this.listenerExecutor = requireNonNull("listenerExecutor", executor);
      return this;
    }

    /**
     * How many events may wait for one listener and one account; 10,000 by default. A listener that
     * falls further behind loses the oldest waiting events for that account, counted in {@link
     * ManagerStatistics#listenerEventsDropped()}, so a slow listener can neither exhaust memory nor
     * slow ingestion. Reads and the cache never depend on listeners.
     *
     * @throws IllegalArgumentException if {@code events} is less than 1
     */
    public Builder listenerQueueCapacity(int events) {
      if (events < 1) {
        throw new IllegalArgumentException(
            "listenerQueueCapacity must be at least 1 but was " + events);
      }
      this.listenerQueueCapacity = events;
      return this;
    }

    /**
     * The tunables; {@link BalanceManagerConfig#defaults()} by default. The manager uses {@code
     * restTimeout} (one fetch), {@code forceUpdateInterval} (reconciliation) and {@code
     * enableValidation}; caches and sources take theirs from the same value.
     */
    public Builder config(BalanceManagerConfig config) {
      this.config = requireNonNull("config", config);
      return this;
    }

    /** Runs {@code validator} on every accepted update while {@code enableValidation} is on. */
    public Builder validator(BalanceValidator validator) {
      this.validator = requireNonNull("validator", validator);
      return this;
    }

    /**
     * Hands every accepted update to {@code recorder} (history), which the manager closes on close.
     */
    public Builder recorder(BalanceRecorder recorder) {
      this.recorder = requireNonNull("recorder", recorder);
      return this;
    }

    /**
     * Raises {@code Changed} only when a total moves by at least {@code absolute} (in the asset's
     * units) or by at least {@code percent} percent of the previous total. Zero and zero (the
     * default) report every change.
     *
     * @throws IllegalArgumentException if either is null or negative
     */
    public Builder changeThreshold(BigDecimal absolute, BigDecimal percent) {
      if (absolute == null || absolute.signum() < 0) {
        throw new IllegalArgumentException(
            "absolute must be zero or positive, but was " + absolute);
      }
      if (percent == null || percent.signum() < 0) {
        throw new IllegalArgumentException("percent must be zero or positive, but was " + percent);
      }
      this.changeAbsolute = absolute;
      this.changePercent = percent;
      return this;
    }

    /**
     * Opens a source's circuit after {@code consecutiveFailures} failed fetches in a row and skips
     * it for {@code openFor} before a trial call. 5 and 30 s by default.
     */
    public Builder circuitBreaker(int consecutiveFailures, Duration openFor) {
      if (consecutiveFailures < 1 || consecutiveFailures > 1000) {
        throw new IllegalArgumentException(
            "consecutiveFailures must be in 1..1000, but was " + consecutiveFailures);
      }
      if (openFor == null || openFor.isZero() || openFor.isNegative()) {
        throw new IllegalArgumentException("openFor must be positive, but was " + openFor);
      }
      this.breakerFailures = consecutiveFailures;
      this.breakerOpenFor = openFor;
      return this;
    }

    /**
     * Transfers through {@code rails} (the first that supports both accounts carries a transfer),
     * without guards or confirmation thresholds, holds dated by the manager's clock. Replaces an
     * earlier {@code transfers} call.
     *
     * @throws IllegalArgumentException if no rail is given or one is null
     */
    public Builder transfers(TransferRail... rails) {
      if (rails == null || rails.length == 0) {
        throw new IllegalArgumentException("transfers needs at least one rail");
      }
      for (int i = 0; i < rails.length; i++) {
        requireNonNull("rails[" + i + "]", rails[i]);
      }
      this.transferRails = List.of(rails);
      this.transferService = null;
      return this;
    }

    /**
     * Transfers through the service {@code transfers} describes; the manager sets itself as the
     * service's {@linkplain TransferService.Builder#balanceManager balance manager} and builds it.
     * Replaces an earlier {@code transfers} call.
     */
    public Builder transfers(TransferService.Builder transfers) {
      this.transferService = requireNonNull("transfers", transfers);
      this.transferRails = List.of();
      return this;
    }

    /**
     * Where {@link BalanceManager#ownerBalances} finds the accounts of an application owner; none
     * by default.
     */
    public Builder directory(AccountDirectory directory) {
      this.directory = requireNonNull("directory", directory);
      return this;
    }

    /**
     * Builds and starts the manager (a streaming primary is started now).
     *
     * @throws IllegalStateException if no source was set, two sources share a name or instance, or
     *     the transfer service cannot be built (see {@link TransferService.Builder#build()})
     */
    public BalanceManager build() {
      if (primary == null) {
        throw new IllegalStateException("a primary source is required: call source(...)");
      }
      Set<String> names = new HashSet<>();
      Set<BalanceSource> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      for (BalanceSource s : sources(primary)) {
        if (!seen.add(s) || !names.add(s.name())) {
          throw new IllegalStateException(
              "source names must be unique, but '" + s.name() + "' appears twice");
        }
      }
      return new DefaultBalanceManager(
          primary,
          List.copyOf(fallbacks),
          cache != null ? cache : BalanceCache.none(),
          clock,
          listenerExecutor,
          listenerQueueCapacity,
          config,
          breakerFailures,
          breakerOpenFor,
          validator,
          recorder,
          changeAbsolute,
          changePercent,
          transferServiceBuilder(),
          directory);
    }

    /** What the {@code transfers} calls asked for, or null for no transfers. */
    private TransferService.@Nullable Builder transferServiceBuilder() {
      if (transferService != null || transferRails.isEmpty()) {
        return transferService;
      }
      TransferService.Builder fromRails = TransferService.builder().clock(clock);
      transferRails.forEach(fromRails::rail);
      return fromRails;
    }

    private List<BalanceSource> sources(BalanceSource first) {
      List<BalanceSource> all = new ArrayList<>();
      all.add(first);
      all.addAll(fallbacks);
      return all;
    }

    private static <T> T requireNonNull(String name, T value) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      return value;
    }
  }
}
