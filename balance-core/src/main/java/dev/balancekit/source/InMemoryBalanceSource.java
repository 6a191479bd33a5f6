package dev.balancekit.source;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.SourceState;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.SourceSink;
import dev.balancekit.spi.StreamingBalanceSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A streaming-capable source held in memory, for tests and demos. Push balances with {@link #put};
 * make it fail with {@link #failWith}, slow with {@link #delay}, hold every fetch with {@link
 * #pause()}, and move its stream state with {@link #moveTo}.
 *
 * <p>Fetches answer with the complete view of the account, or fail with {@link
 * AccountNotFoundException} for an account never put. Once attached to a manager it is LIVE and
 * pushes every {@link #put}; give a manager {@link #fetchOnly()} for a fallback that should only
 * answer fetches, like a REST API.
 *
 * <p>Thread-safe.
 */
public final class InMemoryBalanceSource implements StreamingBalanceSource {

  private final String name;
  private final Clock clock;
  private final Map<AccountRef, AccountBalances> accounts = new ConcurrentHashMap<>();
  private final List<CompletableFuture<Void>> paused = new ArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong fetches = new AtomicLong();
  private volatile @Nullable SourceSink sink;
  private volatile SourceState state = SourceState.CONNECTING;
  private volatile @Nullable RuntimeException failure;
  private volatile Duration delay = Duration.ZERO;
  private boolean pausing;

  private InMemoryBalanceSource(String name, Clock clock) {
    this.name = name;
    this.clock = clock;
  }

  /**
   * A source named {@code name} stamping balances with the UTC system clock.
   *
   * @throws IllegalArgumentException if {@code name} is null or blank
   */
  public static InMemoryBalanceSource create(String name) {
    return create(name, Clock.systemUTC());
  }

  /**
   * A source named {@code name} stamping balances with {@code clock}.
   *
   * @throws IllegalArgumentException if {@code name} is null or blank, or {@code clock} is null
   */
  public static InMemoryBalanceSource create(String name, Clock clock) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be null or blank, but was " + name);
    }
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
    return new InMemoryBalanceSource(name, clock);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Sets the total of {@code asset} in {@code account}, stamped now with the next sequence number,
   * and pushes it to the stream.
   *
   * @throws IllegalArgumentException if {@code total} is not a valid amount of {@code asset}
   */
  public Balance put(AccountRef account, Asset asset, String total) {
    Balance b =
        Balance.builder(account, asset)
            .total(asset.parse("total", total))
            .source(name)
            .observedAt(clock.instant())
            .sequence(sequence.incrementAndGet())
            .build();
    put(b);
    return b;
  }

  /**
   * Merges {@code balances} (of one account) into the view and pushes them to the stream as one
   * update.
   *
   * @throws IllegalArgumentException if empty or of several accounts
   */
  public void put(Balance... balances) {
    if (balances.length == 0) {
      throw new IllegalArgumentException("put needs at least one balance");
    }
    AccountBalances update =
        AccountBalances.partial(balances[0].account(), List.of(balances), clock.instant());
    accounts.compute(
        update.account(),
        (account, view) ->
            view == null
                ? AccountBalances.snapshot(account, update.balances(), update.receivedAt())
                : view.merge(update));
    // Pushed outside any lock of this source, so a manager callback can never deadlock against it.
    SourceSink s = sink;
    if (s != null) {
      s.onUpdate(update);
    }
  }

  /** Makes every fetch fail with {@code error} until {@link #recover()}. */
  public void failWith(RuntimeException error) {
    this.failure = Objects.requireNonNull(error, "error");
  }

  /** Stops failing. */
  public void recover() {
    this.failure = null;
  }

  /** Makes every fetch answer after {@code by} (zero for at once). */
  public void delay(Duration by) {
    if (by == null || by.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, but was " + by);
    }
    this.delay = by;
  }

  /** Holds every fetch unanswered until {@link #resume()}. */
  public synchronized void pause() {
    pausing = state != SourceState.CLOSED;
  }

  /** Answers every held fetch and stops holding. */
  public void resume() {
    List<CompletableFuture<Void>> held;
    synchronized (this) {
      pausing = false;
      held = new ArrayList<>(paused);
      paused.clear();
    }
    held.forEach(this::answer);
  }

  /** Moves the stream to {@code next}, telling the manager. */
  public void moveTo(SourceState next, String reason) {
    Objects.requireNonNull(next, "next");
    SourceState previous;
    synchronized (this) {
      previous = state;
      state = next;
    }
    SourceSink s = sink;
    if (s != null && previous != next) {
      s.onStateChange(previous, next, reason);
    }
  }

  /**
   * This source seen as a plain request/response source: a manager given it as primary fetches
   * instead of streaming. Shares this source's data, failure mode, delay and counters.
   */
  public BalanceSource fetchOnly() {
    InMemoryBalanceSource self = this;
    return new BalanceSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CompletableFuture<AccountBalances> fetch(AccountRef account) {
        return self.fetch(account);
      }

      @Override
      public String toString() {
        return self + ".fetchOnly()";
      }
    };
  }

  /** How many fetches were asked of this source. */
  public long fetchCount() {
    return fetches.get();
  }

  @Override
  public CompletableFuture<AccountBalances> fetch(AccountRef account) {
    fetches.incrementAndGet();
    CompletableFuture<Void> f = new CompletableFuture<>();
    CompletableFuture<AccountBalances> result = f.thenCompose(ignored -> answerNow(account));
    synchronized (this) {
      if (pausing) {
        paused.add(f);
        return result;
      }
    }
    answer(f);
    return result;
  }

  private void answer(CompletableFuture<Void> trigger) {
    Duration d = delay;
    if (d.isZero()) {
      trigger.complete(null);
    } else {
      CompletableFuture.delayedExecutor(d.toNanos(), TimeUnit.NANOSECONDS)
          .execute(() -> trigger.complete(null));
    }
  }

  private CompletableFuture<AccountBalances> answerNow(AccountRef account) {
    RuntimeException error = failure;
    if (error != null) {
      return CompletableFuture.failedFuture(error);
    }
    AccountBalances view = accounts.get(account);
    return view == null
        ? CompletableFuture.failedFuture(AccountNotFoundException.of(account, name))
        : CompletableFuture.completedFuture(view);
  }

  @Override
  public synchronized void attach(SourceSink sink) {
    if (this.sink != null || state == SourceState.CLOSED) {
      throw new IllegalStateException("source '" + name + "' was already started or is closed");
    }
    this.sink = Objects.requireNonNull(sink, "sink");
    moveTo(SourceState.LIVE, "in-memory source started");
  }

  @Override
  public SourceState state() {
    return state;
  }

  @Override
  public Optional<AccountBalances> view(AccountRef account) {
    return Optional.ofNullable(accounts.get(account));
  }

  @Override
  public void close() {
    moveTo(SourceState.CLOSED, "closed");
    resume();
  }

  @Override
  public String toString() {
    return "InMemoryBalanceSource{" + name + ", " + state + ", accounts=" + accounts.size() + '}';
  }
}
