package dev.balancekit.source.kraken;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** Future plumbing: composition that passes cancellation on, which {@code thenCompose} does not. */
final class Chain {

  private Chain() {
  }

  /**
   * {@code next} applied to the value of {@code first}; cancelling the result cancels whichever of
   * the two is under way, so the I/O behind it stops.
   */
  static <A, B> CompletableFuture<B> then(CompletableFuture<A> first, Function<A, CompletableFuture<B>> next) {
    CompletableFuture<B> result = new CompletableFuture<>();
    first.whenComplete((value, error) -> {
      if (error != null) {
        result.completeExceptionally(unwrap(error));
        return;
      }
      CompletableFuture<B> second;
      try {
        second = next.apply(value);
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
        return;
      }
      result.whenComplete((v, e) -> {
        if (result.isCancelled()) {
          second.cancel(true);
        }
      });
      second.whenComplete((v, e) -> {
        if (e == null) {
          result.complete(v);
        } else {
          result.completeExceptionally(unwrap(e));
        }
      });
    });
    result.whenComplete((v, e) -> {
      if (result.isCancelled()) {
        first.cancel(true);
      }
    });
    return result;
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
