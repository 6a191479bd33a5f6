package dev.balancekit.internal;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on an executor so that tasks of one key run one at a time, in submission order, while
 * tasks of different keys run independently. A slow key delays only itself. A drain hands its
 * thread back after a batch so one busy key cannot hog a pool thread.
 */
final class OrderedDispatcher {
  private static final Logger log = LoggerFactory.getLogger(OrderedDispatcher.class);
  private static final int BATCH = 64;

  private final Executor executor;

  /** A key is present while a drain for it is scheduled or running. */
  private final Map<Object, ArrayDeque<Runnable>> queues = new ConcurrentHashMap<>();

  OrderedDispatcher(Executor executor) {
    this.executor = executor;
  }

  void execute(Object key, Runnable task) {
    boolean[] schedule = new boolean[1];
    queues.compute(
        key,
        (k, queue) -> {
          if (queue == null) {
            queue = new ArrayDeque<>();
            schedule[0] = true;
          }
          queue.add(task);
          return queue;
        });
    if (schedule[0]) {
      submitDrain(key);
    }
  }

  private void submitDrain(Object key) {
    try {
      executor.execute(() -> drain(key));
    } catch (RejectedExecutionException | OutOfMemoryError e) {
      ArrayDeque<Runnable> dropped = queues.remove(key);
      log.warn(
          "dropped {} queued listener task(s) for {}: the executor refused them ({})",
          dropped == null ? 0 : dropped.size(),
          key,
          e.getClass().getSimpleName());
    }
  }

  private void drain(Object key) {
    for (int i = 0; i < BATCH; i++) {
      Runnable[] head = new Runnable[1];
      queues.computeIfPresent(
          key,
          (k, queue) -> {
            head[0] = queue.peek();
            return queue;
          });
      Runnable task = head[0];
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        log.warn("listener task for {} threw; continuing", key, e);
      }
      // Remove the task only now, so a concurrent execute() sees a non-empty queue and does not
      // schedule a second drain for this key.
      boolean more =
          queues.compute(
                  key,
                  (k, queue) -> {
                    queue.poll();
                    return queue.isEmpty() ? null : queue;
                  })
              != null;
      if (!more) {
        return;
      }
    }
    submitDrain(key);
  }
}
