package dev.balancekit.source.hedera;

import dev.balancekit.source.http.Futures;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Joins concurrent requests for one key into a single call: while a call for a key is under way,
 * further requests get a future of the same result. Each requester may cancel its own future; the
 * call itself is cancelled only when every requester has cancelled. A finished call is forgotten
 * before its requesters hear of it, so a request made after that starts a new call (caching is the
 * manager's job, not this one's).
 *
 * <p>Thread-safe.
 */
final class Coalescer<K, V> {
  private final ConcurrentHashMap<K, Flight<V>> inFlight = new ConcurrentHashMap<>();

  /** A future of the call for {@code key}: the one under way, or a new one from {@code start}. */
  CompletableFuture<V> get(K key, Supplier<CompletableFuture<V>> start) {
    while (true) {
      Flight<V> flight = inFlight.get(key);
      if (flight == null) {
        Flight<V> mine = new Flight<>();
        flight = inFlight.putIfAbsent(key, mine);
        if (flight == null) {
          CompletableFuture<V> requester =
              Objects.requireNonNull(mine.join(), "no one else has seen this flight to abandon it");
          CompletableFuture<V> call;
          try {
            call = start.get();
          } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
          }
          mine.run(call, () -> inFlight.remove(key, mine));
          return requester;
        }
      }
      CompletableFuture<V> requester = flight.join();
      if (requester != null) {
        return requester;
      }
      inFlight.remove(key, flight); // every requester of it cancelled; start afresh
    }
  }

  /** Calls under way, for tests and status. */
  int inFlight() {
    return inFlight.size();
  }

  /** One shared call and the futures of those waiting for it. */
  private static final class Flight<V> {
    private final CompletableFuture<V> done = new CompletableFuture<>();
    private @Nullable CompletableFuture<V> call;
    private int waiting;
    private boolean abandoned;

    /**
     * A new requester's future, or null if every earlier requester cancelled and the call was
     * dropped.
     */
    synchronized @Nullable CompletableFuture<V> join() {
      if (abandoned) {
        return null;
      }
      waiting++;
      CompletableFuture<V> requester = new CompletableFuture<>();
      // The outcome goes on to the requester; the stage whenComplete returns would only repeat it.
      var unusedForward =
          done.whenComplete(
              (v, e) -> {
                if (e == null) {
                  requester.complete(v);
                } else {
                  requester.completeExceptionally(Futures.unwrap(e));
                }
              });
      // Only a cancellation matters here, and leave() acts on it.
      var unusedOnCancel =
          requester.whenComplete(
              (v, e) -> {
                if (requester.isCancelled()) {
                  leave();
                }
              });
      return requester;
    }

    private void leave() {
      CompletableFuture<V> toCancel = null;
      synchronized (this) {
        if (--waiting == 0 && !done.isDone()) {
          abandoned = true;
          toCancel = call;
        }
      }
      if (toCancel != null) {
        toCancel.cancel(true);
      }
    }

    void run(CompletableFuture<V> io, Runnable forget) {
      boolean cancelNow;
      synchronized (this) {
        call = io;
        cancelNow = abandoned;
      }
      // The outcome goes on to done, and from there to every requester.
      var unused =
          io.whenComplete(
              (v, e) -> {
                forget.run();
                if (e == null) {
                  done.complete(v);
                } else {
                  done.completeExceptionally(Futures.unwrap(e));
                }
              });
      if (cancelNow) {
        io.cancel(true);
      }
    }
  }
}
