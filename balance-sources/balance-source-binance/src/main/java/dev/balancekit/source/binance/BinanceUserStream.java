package dev.balancekit.source.binance;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.SourceState;
import dev.balancekit.source.http.Futures;
import dev.balancekit.source.http.ManagedWebSocket;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.SourceSink;
import dev.balancekit.spi.StreamingBalanceSource;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Binance user data stream of one account as a {@link StreamingBalanceSource}.
 *
 * <p>The stream runs as a succession of <em>sessions</em>, each a {@link ManagedWebSocket} speaking
 * a {@link BinanceStreamProtocol}. Within a session the connection reconnects by itself after a
 * drop, signs a fresh subscription each time and resyncs. A resync first waits for Binance to
 * accept the subscription, then fetches the REST account and merges it into the {@link
 * BinanceBook}: a snapshot taken before the subscription was active could miss an event for good. A
 * refused subscription fails the resync, so the connection reconnects with backoff and signs again.
 *
 * <p>A session is replaced by a new one (a new connection, a new signed subscription, a resync)
 * when Binance ends its event stream ({@code eventStreamTerminated}, {@code serverShutdown}) and
 * before a connection reaches {@code maxConnectionAge} (Binance ends connections after 24 hours).
 * Replacements in quick succession back off.
 *
 * <p>{@link #view} is the book's view, kept across disconnects. Updates reach the sink as the
 * connection delivers them, complete views replaced by the book's. States: CONNECTING, SYNCING,
 * LIVE, DEGRADED while reconnecting or resyncing, CLOSED.
 *
 * <p>Thread-safe. Lock order: a connection's lock, then this stream's; this stream never calls a
 * connection while holding its own lock.
 */
final class BinanceUserStream implements StreamingBalanceSource {
  private static final Logger log = LoggerFactory.getLogger(BinanceUserStream.class);

  /**
   * Sessions ending sooner than this are renewed with backoff, so that a venue ending each at once
   * is not hammered.
   */
  private static final Duration QUICK_SESSION = Duration.ofMinutes(1);

  private final String name;
  private final AccountRef account;
  private final BinanceBook book;
  private final BinanceRest rest;
  private final Counters counters;
  private final Function<BinanceStreamProtocol.SessionEvents, BinanceStreamProtocol> protocols;
  private final BiFunction<BinanceStreamProtocol, BalanceSource, ManagedWebSocket> connections;
  private final Duration maxConnectionAge;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Runnable onClose;
  private final ScheduledThreadPoolExecutor scheduler;

  private final Object lock = new Object();
  private volatile SourceState state = SourceState.CONNECTING;
  // Guarded by lock; null until attached, and while no session runs.
  private @Nullable SourceSink sink;
  private @Nullable Session current;
  private boolean closed;
  private int quickRenewals;

  BinanceUserStream(
      String name,
      BinanceBook book,
      BinanceRest rest,
      Counters counters,
      Function<BinanceStreamProtocol.SessionEvents, BinanceStreamProtocol> protocols,
      BiFunction<BinanceStreamProtocol, BalanceSource, ManagedWebSocket> connections,
      Duration maxConnectionAge,
      Duration initialBackoff,
      Duration maxBackoff,
      Runnable onClose) {
    this.name = name;
    this.account = book.account();
    this.book = book;
    this.rest = rest;
    this.counters = counters;
    this.protocols = protocols;
    this.connections = connections;
    this.maxConnectionAge = maxConnectionAge;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.onClose = onClose;
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "balancekit-" + name + "-sessions");
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
  }

  @Override
  public String name() {
    return name;
  }

  /** Only the account the API key belongs to. */
  @Override
  public boolean supports(AccountRef other) {
    return account.equals(other);
  }

  /**
   * Connects and starts streaming to {@code sink}.
   *
   * @throws IllegalArgumentException if {@code sink} is null
   * @throws IllegalStateException if already attached or closed
   */
  @Override
  public void attach(SourceSink sink) {
    if (sink == null) {
      throw new IllegalArgumentException("sink must not be null");
    }
    synchronized (lock) {
      if (this.sink != null || closed) {
        throw new IllegalStateException("stream '" + name + "' was already attached or is closed");
      }
      this.sink = sink;
    }
    startSession();
  }

  @Override
  public SourceState state() {
    return state;
  }

  /** A no-op: the stream follows the one account its API key belongs to. */
  @Override
  public void track(AccountRef other) {}

  /** The book's view of the account, kept across disconnects; empty until the first snapshot. */
  @Override
  public Optional<AccountBalances> view(AccountRef other) {
    return account.equals(other) ? book.view() : Optional.empty();
  }

  /**
   * The view while LIVE, otherwise a REST fetch.
   *
   * @return a future failing as {@link BinanceRest#fetch} does
   * @throws IllegalArgumentException if {@code account} is null
   */
  @Override
  public CompletableFuture<AccountBalances> fetch(AccountRef other) {
    if (other == null) {
      throw new IllegalArgumentException("account must not be null");
    }
    if (state == SourceState.LIVE && account.equals(other)) {
      Optional<AccountBalances> view = book.view();
      if (view.isPresent()) {
        return CompletableFuture.completedFuture(view.get());
      }
    }
    return rest.fetch(other);
  }

  /** Closes the connection and stops; the state becomes CLOSED. Idempotent. */
  @Override
  public void close() {
    Session last;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      last = current;
      current = null;
      move(SourceState.CLOSED, "closed");
    }
    if (last != null) {
      last.stop();
    }
    finish();
  }

  @Override
  public String toString() {
    return "BinanceUserStream{" + name + ", " + account + ", " + state + '}';
  }

  // ---------------------------------------------------------------- sessions

  private void startSession() {
    Session session;
    synchronized (lock) {
      if (closed) {
        return;
      }
      session = new Session();
      current = session;
    }
    ManagedWebSocket connection;
    try {
      connection = connections.apply(session.protocol, new Resync(session));
    } catch (RuntimeException e) {
      // The builder checked every setting, so this is a bug; say so rather than sit silently
      // disconnected.
      log.error("stream '{}' could not build its connection", name, e);
      return;
    }
    session.connection = connection;
    connection.track(account);
    synchronized (lock) {
      if (closed || current != session) {
        connection.close();
        return;
      }
    }
    try {
      connection.attach(session);
    } catch (IllegalStateException closedMeanwhile) {
      log.debug("stream '{}' was closed while a session started", name);
    }
  }

  /**
   * Ends {@code session}, if it is still the current one, and starts the next: at once after a
   * session that lasted, with backoff after sessions that ended quickly one after another.
   */
  private void renew(Session session, String reason) {
    long delayMillis;
    synchronized (lock) {
      if (closed || current != session) {
        return;
      }
      current = null;
      counters.sessionRenewals.increment();
      if (state == SourceState.LIVE || state == SourceState.SYNCING) {
        move(SourceState.DEGRADED, reason);
      }
      boolean quick = System.nanoTime() - session.startedNanos < QUICK_SESSION.toNanos();
      quickRenewals = quick ? quickRenewals + 1 : 0;
      delayMillis = renewalDelayMillis(quickRenewals);
    }
    log.info(
        "stream '{}' subscribes anew on a new connection in {} ms: {}", name, delayMillis, reason);
    session.stop();
    // Not kept: a renewal is never cancelled, close() stops the scheduler.
    var unused = schedule(Duration.ofMillis(delayMillis), this::startSession);
  }

  /**
   * No wait after a lasting session; then backoff doubling up to the maximum, jittered to half..all
   * of it.
   */
  private long renewalDelayMillis(int quickInARow) {
    if (quickInARow == 0) {
      return 0;
    }
    long base =
        Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(20, quickInARow - 1));
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  private void finish() {
    scheduler.shutdownNow();
    onClose.run();
  }

  /** Under lock: moves to {@code to} and tells the sink. */
  private void move(SourceState to, String reason) {
    SourceState from = state;
    if (from == to || from == SourceState.CLOSED) {
      return;
    }
    state = to;
    if (sink != null) {
      try {
        sink.onStateChange(from, to, reason);
      } catch (RuntimeException e) {
        log.warn("sink of stream '{}' failed on a state change", name, e);
      }
    }
  }

  /**
   * Runs {@code task} after {@code delay}, logging what it throws (nothing reads the future).
   *
   * @return the task's future, or null if the scheduler is closed and the task dropped
   */
  private @Nullable ScheduledFuture<?> schedule(Duration delay, Runnable task) {
    Runnable logged =
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.warn("stream '{}' failed in a scheduled task", name, e);
          }
        };
    try {
      return scheduler.schedule(logged, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      log.debug("stream '{}' is closed; task dropped", name);
      return null;
    }
  }

  /**
   * One connection's lifetime: its protocol, and the sink through which the connection reports.
   * Reports of a session that is no longer current are dropped.
   */
  private final class Session implements SourceSink, BinanceStreamProtocol.SessionEvents {
    final BinanceStreamProtocol protocol = protocols.apply(this);
    final long startedNanos = System.nanoTime();
    // Null until the connection is built.
    volatile @Nullable ManagedWebSocket connection;
    // Guarded by lock; null while no age limit is set.
    private @Nullable ScheduledFuture<?> ageLimit;

    @Override
    public void subscribing() {
      synchronized (lock) {
        if (closed || current != this) {
          return;
        }
        if (ageLimit != null) {
          ageLimit.cancel(false);
        }
        ageLimit =
            schedule(
                maxConnectionAge,
                () ->
                    renew(
                        this,
                        "the connection is "
                            + maxConnectionAge.toMillis()
                            + " ms old (Binance ends connections after 24 hours)"));
      }
    }

    @Override
    public void streamEnded(String reason) {
      // Off the connection's reader thread: renewing closes that connection. Not kept, as above.
      var unused = schedule(Duration.ZERO, () -> renew(this, reason));
    }

    @Override
    public void onUpdate(AccountBalances update) {
      synchronized (lock) {
        if (closed || current != this || sink == null) {
          return;
        }
        AccountBalances out = update.isComplete() ? book.view().orElse(update) : update;
        try {
          sink.onUpdate(out);
        } catch (RuntimeException e) {
          log.warn("sink of stream '{}' failed on an update", name, e);
        }
      }
    }

    @Override
    public void onStateChange(SourceState from, SourceState to, String reason) {
      boolean gaveUp = false;
      synchronized (lock) {
        if (closed || current != this) {
          return;
        }
        if (to == SourceState.CLOSED) {
          // The connection gave up reconnecting: so does the stream.
          closed = true;
          current = null;
          gaveUp = true;
        }
        move(to, reason);
      }
      if (gaveUp) {
        stopAgeLimit();
        finish();
      }
    }

    void stop() {
      stopAgeLimit();
      ManagedWebSocket open = connection;
      if (open != null) {
        open.close();
      }
    }

    private void stopAgeLimit() {
      synchronized (lock) {
        if (ageLimit != null) {
          ageLimit.cancel(false);
          ageLimit = null;
        }
      }
    }
  }

  /**
   * The snapshot source of one session's resyncs: once Binance has accepted the connection's
   * subscription, the REST account, merged into the book. Cancelling the fetch cancels the REST
   * call.
   */
  private final class Resync implements BalanceSource {
    private final Session session;

    Resync(Session session) {
      this.session = session;
    }

    @Override
    public String name() {
      return rest.name();
    }

    @Override
    public boolean supports(AccountRef other) {
      return account.equals(other);
    }

    @Override
    public CompletableFuture<AccountBalances> fetch(AccountRef other) {
      counters.resyncs.increment();
      CompletableFuture<AccountBalances> result = new CompletableFuture<>();
      AtomicReference<CompletableFuture<?>> call = new AtomicReference<>();
      // Every outcome of the subscription, then of the snapshot, is passed on to result.
      var unused =
          session
              .protocol
              .subscription()
              .whenComplete(
                  (subscriptionId, refused) -> {
                    if (refused != null) {
                      result.completeExceptionally(Futures.unwrap(refused));
                      return;
                    }
                    CompletableFuture<AccountBalances> snapshot =
                        Futures.map(rest.snapshot(), book::applySnapshot);
                    call.set(snapshot);
                    var unusedSnapshot =
                        snapshot.whenComplete(
                            (view, error) -> {
                              if (error != null) {
                                result.completeExceptionally(Futures.unwrap(error));
                              } else {
                                result.complete(view);
                              }
                            });
                    if (result.isCancelled()) {
                      snapshot.cancel(true);
                    }
                  });
      // Only cancels; result's outcome goes to the connection's resync.
      var unusedCancel =
          result.whenComplete(
              (view, error) -> {
                CompletableFuture<?> inFlight = call.get();
                if (result.isCancelled() && inFlight != null) {
                  inFlight.cancel(true);
                }
              });
      return result;
    }
  }
}
