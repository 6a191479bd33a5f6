package dev.balancekit.source.hedera;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.Balance;
import dev.balancekit.BalanceKitException;
import dev.balancekit.SourceState;
import dev.balancekit.source.http.Futures;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.SourceSink;
import dev.balancekit.spi.StreamingBalanceSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A polling "stream" over the Mirror Node, which has no push API for balances: every {@code
 * interval} it reads all tracked accounts at once ({@link MirrorReader#accounts}) and pushes an
 * account's complete balances to the sink when they changed: the first time it is seen, when its
 * {@code balance.timestamp} moved on, or when any amount differs. An unchanged account pushes
 * nothing.
 *
 * <p>State: CONNECTING until the first round ends, then LIVE; DEGRADED while a round gets no answer
 * for any account (the mirror unreachable), LIVE again at the next round that does. An account
 * whose read failed has no view until a later round reads it, so the manager answers it from
 * elsewhere; an account the mirror does not know is dropped. Rounds never overlap: the next is
 * scheduled when one ends.
 *
 * <p>Thread-safe.
 */
final class HederaPollingStream implements StreamingBalanceSource {
  private static final Logger log = LoggerFactory.getLogger(HederaPollingStream.class);

  private final String name;
  private final HederaNetwork network;
  private final MirrorReader reader;
  private final BalanceSource rest;
  private final Duration interval;
  private final Runnable onClose;
  private final Map<AccountRef, EntityId> tracked = new ConcurrentHashMap<>();
  private final Map<AccountRef, Seen> views = new ConcurrentHashMap<>();
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong rounds = new AtomicLong();
  private final Object lifecycle = new Object();
  private volatile SourceState state = SourceState.CONNECTING;
  private volatile @Nullable SourceSink sink;
  private volatile @Nullable CompletableFuture<?> round;

  /** The last balances pushed for an account and its own timestamp, if its read carried one. */
  private record Seen(AccountBalances balances, @Nullable Instant accountTimestamp) {}

  /**
   * @param onClose run once, by the first {@link #close()}
   */
  HederaPollingStream(
      String name,
      HederaNetwork network,
      MirrorReader reader,
      BalanceSource rest,
      Duration interval,
      Runnable onClose) {
    this.name = name;
    this.network = network;
    this.reader = reader;
    this.rest = rest;
    this.interval = interval;
    this.onClose = onClose;
    AtomicInteger n = new AtomicInteger();
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "balancekit-" + name + "-poll-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean supports(AccountRef account) {
    return account != null && account.venue().equals(network.venue());
  }

  /**
   * Starts polling; the first round runs at once.
   *
   * @throws IllegalArgumentException if {@code sink} is null
   * @throws IllegalStateException if already attached or closed
   */
  @Override
  public void attach(SourceSink sink) {
    if (sink == null) {
      throw new IllegalArgumentException("sink must not be null");
    }
    synchronized (lifecycle) {
      if (this.sink != null || closed.get()) {
        throw new IllegalStateException("source '" + name + "' is already attached or closed");
      }
      this.sink = sink;
    }
    schedule(0);
  }

  /**
   * Follows {@code account} from the next round on. Accounts of other networks and ids with a wrong
   * checksum are ignored (logged): the manager's reads of them fail on their own.
   */
  @Override
  public void track(AccountRef account) {
    if (!supports(account)) {
      return;
    }
    try {
      tracked.putIfAbsent(account, EntityId.account(account, network));
    } catch (IllegalArgumentException e) {
      log.warn("stream '{}' does not follow {}: {}", name, account, e.getMessage());
    }
  }

  @Override
  public SourceState state() {
    return state;
  }

  @Override
  public Optional<AccountBalances> view(AccountRef account) {
    Seen seen = account == null ? null : views.get(account);
    return seen == null ? Optional.empty() : Optional.of(seen.balances());
  }

  /**
   * The view while LIVE, else a Mirror read (see {@link HederaRestSource#fetch}).
   *
   * @throws IllegalArgumentException if {@code account} is null
   */
  @Override
  public CompletableFuture<AccountBalances> fetch(AccountRef account) {
    if (account == null) {
      throw new IllegalArgumentException("account must not be null");
    }
    Seen seen = views.get(account);
    if (state == SourceState.LIVE && seen != null) {
      return CompletableFuture.completedFuture(seen.balances());
    }
    return rest.fetch(account);
  }

  /** Rounds finished since attach, for tests and status. */
  long rounds() {
    return rounds.get();
  }

  private void schedule(long delayNanos) {
    if (closed.get()) {
      return;
    }
    try {
      // poll() catches what its read throws, and close() stops the timer: no handle is needed.
      var unused = timer.schedule(this::poll, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      // closed meanwhile
    }
  }

  private void poll() {
    if (closed.get()) {
      return;
    }
    Map<AccountRef, EntityId> accounts = new LinkedHashMap<>(tracked);
    CompletableFuture<Map<EntityId, MirrorReader.Outcome>> current;
    try {
      current = reader.accounts(accounts.values());
    } catch (RuntimeException e) {
      current = CompletableFuture.failedFuture(e);
    }
    round = current;
    // The callback handles the round's failure and logs its own.
    var unused =
        current.whenComplete(
            (outcomes, error) -> {
              try {
                if (error != null) {
                  finishRound(
                      0, accounts.size(), BalanceKitException.describe(Futures.unwrap(error)));
                } else {
                  apply(accounts, outcomes);
                }
              } catch (RuntimeException e) {
                log.warn("stream '{}' failed to apply a round", name, e);
              } finally {
                rounds.incrementAndGet();
                schedule(interval.toNanos());
              }
            });
  }

  private void apply(
      Map<AccountRef, EntityId> accounts, Map<EntityId, MirrorReader.Outcome> outcomes) {
    int answered = 0;
    int failed = 0;
    String lastError = null;
    List<AccountBalances> changed = new ArrayList<>();
    for (Map.Entry<AccountRef, EntityId> e : accounts.entrySet()) {
      AccountRef account = e.getKey();
      MirrorReader.Outcome outcome = outcomes.get(e.getValue());
      if (outcome == null) {
        outcome = new MirrorReader.Outcome(null, new IllegalStateException("no outcome"));
      }
      Throwable error = outcome.error();
      if (error instanceof MirrorReader.Missing) {
        answered++;
        tracked.remove(account);
        views.remove(account);
        log.info(
            "stream '{}' stops following {}: {}",
            name,
            account,
            AccountNotFoundException.of(account, name).getMessage());
      } else if (error != null) {
        failed++;
        lastError = BalanceKitException.describe(error);
        views.remove(account); // no view: the manager answers it from its fallbacks meanwhile
      } else {
        answered++;
        Holdings h =
            Objects.requireNonNull(outcome.holdings(), "an outcome without an error has holdings");
        AccountBalances now = h.toBalances(account, name);
        Seen before = views.put(account, new Seen(now, h.accountTimestamp()));
        if (changed(before, now, h.accountTimestamp())) {
          changed.add(now);
        }
      }
    }
    finishRound(answered, failed, lastError);
    SourceSink to = Objects.requireNonNull(sink, "rounds are scheduled by attach, after the sink");
    for (AccountBalances update : changed) {
      if (closed.get()) {
        return;
      }
      to.onUpdate(update);
    }
  }

  /** Whether {@code now} differs from what was pushed before. */
  static boolean changed(
      @Nullable Seen before, AccountBalances now, @Nullable Instant accountTimestamp) {
    if (before == null) {
      return true;
    }
    if (accountTimestamp != null
        && before.accountTimestamp() != null
        && accountTimestamp.isAfter(before.accountTimestamp())) {
      return true;
    }
    AccountBalances was = before.balances();
    if (was.isComplete() != now.isComplete() || was.balances().size() != now.balances().size()) {
      return true;
    }
    for (Balance b : now.balances()) {
      Optional<Balance> old = was.find(b.asset().code());
      if (old.isEmpty() || !old.get().asset().equals(b.asset()) || !old.get().sameAmounts(b)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Moves to LIVE, or DEGRADED when no account was answered.
   *
   * @param lastError why the last failed account failed; null when none failed
   */
  private void finishRound(int answered, int failed, @Nullable String lastError) {
    SourceState next = failed > 0 && answered == 0 ? SourceState.DEGRADED : SourceState.LIVE;
    String reason =
        next == SourceState.LIVE
            ? "polled "
                + answered
                + " account(s)"
                + (failed > 0 ? ", " + failed + " failed: " + lastError : "")
            : "no account could be read: " + lastError;
    moveTo(next, reason);
  }

  private void moveTo(SourceState next, String reason) {
    SourceState from;
    synchronized (lifecycle) {
      from = state;
      if (from == next || from == SourceState.CLOSED) {
        return;
      }
      state = next;
    }
    SourceSink to = sink;
    if (to != null) {
      to.onStateChange(from, next, reason);
    }
  }

  /** Stops polling. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    moveTo(SourceState.CLOSED, "closed");
    timer.shutdownNow();
    CompletableFuture<?> running = round;
    if (running != null) {
      running.cancel(true);
    }
    onClose.run();
  }

  @Override
  public String toString() {
    return "HederaPollingStream{"
        + name
        + ", "
        + network.venue()
        + ", every "
        + interval.toMillis()
        + " ms, "
        + tracked.size()
        + " tracked, "
        + state
        + '}';
  }
}
