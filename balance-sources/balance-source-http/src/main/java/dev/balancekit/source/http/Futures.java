package dev.balancekit.source.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** Future plumbing shared by the sources. */
final class Futures {

  private Futures() {
  }

  /**
   * A future completed like {@code inner}, its failure translated by {@code translate}; cancelling
   * it cancels {@code inner} (which a plain {@code thenApply} chain would not do).
   */
  static <T> CompletableFuture<T> translateFailure(CompletableFuture<T> inner,
      Function<Throwable, Throwable> translate) {
    CompletableFuture<T> outer = new CompletableFuture<>();
    inner.whenComplete((value, error) -> {
      if (error == null) {
        outer.complete(value);
      } else {
        outer.completeExceptionally(translate.apply(unwrap(error)));
      }
    });
    outer.whenComplete((value, error) -> {
      if (outer.isCancelled()) {
        inner.cancel(true);
      }
    });
    return outer;
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
