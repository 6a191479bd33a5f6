package dev.balancekit.source.http;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Future composition for adapters that passes cancellation on to the I/O underneath, which {@code
 * thenApply} and {@code thenCompose} do not: the {@link dev.balancekit.spi.BalanceSource} contract
 * asks that cancelling a fetch cancels its calls. Failures arrive unwrapped. Stateless and
 * thread-safe.
 */
public final class Futures {

  private Futures() {}

  /** {@code fn} of the value of {@code first}; a failure of {@code fn} fails the result. */
  public static <A, B> CompletableFuture<B> map(CompletableFuture<A> first, Function<A, B> fn) {
    return then(first, value -> CompletableFuture.completedFuture(fn.apply(value)));
  }

  /**
   * {@code next} applied to the value of {@code first}; cancelling the result cancels whichever
   * runs.
   */
  public static <A, B> CompletableFuture<B> then(
      CompletableFuture<A> first, Function<A, CompletableFuture<B>> next) {
    CompletableFuture<B> result = new CompletableFuture<>();
    // Every outcome of first, and of second below, is passed on to result.
    var unused =
        first.whenComplete(
            (value, error) -> {
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
              cancelWith(result, second);
              var unusedSecond =
                  second.whenComplete(
                      (v, e) -> {
                        if (e == null) {
                          result.complete(v);
                        } else {
                          result.completeExceptionally(unwrap(e));
                        }
                      });
            });
    cancelWith(result, first);
    return result;
  }

  /**
   * Completes when all of {@code parts} have; fails with the first failure and cancels the rest.
   */
  public static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> parts) {
    CompletableFuture<List<T>> result = new CompletableFuture<>();
    if (parts.isEmpty()) {
      result.complete(List.of());
      return result;
    }
    // The outcome of every part is passed on to result; a failed result cancels the parts.
    var unused =
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
            .whenComplete(
                (v, e) -> {
                  if (e != null) {
                    result.completeExceptionally(unwrap(e));
                  } else {
                    result.complete(parts.stream().map(CompletableFuture::join).toList());
                  }
                });
    for (CompletableFuture<T> part : parts) {
      var unusedPart =
          part.whenComplete(
              (v, e) -> {
                if (e != null) {
                  result.completeExceptionally(unwrap(e));
                }
              });
      cancelWith(result, part);
    }
    var unusedCancel =
        result.whenComplete(
            (v, e) -> {
              if (e != null) {
                parts.forEach(p -> p.cancel(true));
              }
            });
    return result;
  }

  /**
   * A future completed like {@code inner}, its failure translated by {@code translate}; cancelling
   * it cancels {@code inner} (which a plain {@code thenApply} chain would not do).
   */
  public static <T> CompletableFuture<T> translateFailure(
      CompletableFuture<T> inner, Function<Throwable, Throwable> translate) {
    CompletableFuture<T> outer = new CompletableFuture<>();
    // Every outcome of inner is passed on to outer, a failing translate included.
    var unused =
        inner.whenComplete(
            (value, error) -> {
              if (error == null) {
                outer.complete(value);
                return;
              }
              Throwable translated;
              try {
                translated = translate.apply(unwrap(error));
              } catch (RuntimeException e) {
                translated = e;
              }
              outer.completeExceptionally(translated);
            });
    cancelWith(outer, inner);
    return outer;
  }

  /** Cancels {@code inner} when {@code outer} is cancelled. */
  public static void cancelWith(CompletableFuture<?> outer, CompletableFuture<?> inner) {
    // Only cancels; outer's own outcome belongs to whoever holds it.
    var unused =
        outer.whenComplete(
            (v, e) -> {
              if (outer.isCancelled()) {
                inner.cancel(true);
              }
            });
  }

  /** The cause inside {@link CompletionException} and {@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
