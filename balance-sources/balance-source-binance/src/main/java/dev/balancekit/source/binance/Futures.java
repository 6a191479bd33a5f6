package dev.balancekit.source.binance;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/** Future plumbing that keeps cancellation flowing to the I/O underneath. */
final class Futures {

  private Futures() {
  }

  /**
   * A future completed with {@code mapper} applied to {@code inner}'s value (a mapper failure fails it);
   * cancelling it cancels {@code inner}, which a plain {@code thenApply} would not.
   */
  static <T, R> CompletableFuture<R> map(CompletableFuture<T> inner, Function<? super T, ? extends R> mapper) {
    return map(inner, mapper, error -> { });
  }

  private static <T, R> CompletableFuture<R> map(CompletableFuture<T> inner, Function<? super T, ? extends R> mapper,
      Consumer<Throwable> onFailure) {
    CompletableFuture<R> outer = new CompletableFuture<>();
    inner.whenComplete((value, error) -> {
      if (error != null) {
        Throwable cause = unwrap(error);
        try {
          onFailure.accept(cause);
        } finally {
          outer.completeExceptionally(cause);
        }
        return;
      }
      try {
        outer.complete(mapper.apply(value));
      } catch (RuntimeException e) {
        outer.completeExceptionally(e);
      }
    });
    outer.whenComplete((value, error) -> {
      if (outer.isCancelled()) {
        inner.cancel(true);
      }
    });
    return outer;
  }

  /**
   * A future completed like {@code inner}, after {@code onFailure} has seen its (unwrapped) failure, so
   * that whoever waits on the result sees the failure's effects; cancelling it cancels {@code inner}.
   */
  static <T> CompletableFuture<T> afterFailure(CompletableFuture<T> inner, Consumer<Throwable> onFailure) {
    return map(inner, Function.identity(), onFailure);
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
