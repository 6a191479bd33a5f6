package dev.balancekit.internal;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on an executor so that tasks of one key run one at a time, in submission order, while
 * tasks of different keys run independently. A slow key delays only itself. A drain hands its
 * thread back after a batch so one busy key cannot hog a pool thread.
 *
 * <p>Each key holds at most {@code capacity} waiting tasks: when a slow consumer lets more pile up,
 * the oldest waiting one is dropped and counted, so memory stays bounded while the producer keeps
 * its pace. A task already running is never dropped.
 */
final class OrderedDispatcher {
  private static final Logger log = LoggerFactory.getLogger(OrderedDispatcher.class);
  private static final int BATCH = 64;
  private static final long WARN_EVERY = 10_000;

  private final Executor executor;
  private final int capacity;
  private final AtomicLong dropped = new AtomicLong();

  /**
   * A key is present while a drain for it is scheduled or running; its deque holds the tasks not
   * yet started.
   */
  private final Map<Object, ArrayDeque<Runnable>> queues = new ConcurrentHashMap<>();

  OrderedDispatcher(Executor executor, int capacity) {
    this.executor = executor;
    this.capacity = capacity;
  }

  /** Tasks dropped because their key's queue was full, since this dispatcher was made. */
  long dropped() {
    return dropped.get();
  }

  void execute(Object key, Runnable task) {
    boolean[] schedule = new boolean[1];
    boolean[] overflow = new boolean[1];
    queues.compute(
        key,
        (k, queue) -> {
          if (queue == null) {
            queue = new ArrayDeque<>();
            schedule[0] = true;
          }
          queue.add(task);
          if (queue.size() > capacity) {
            queue.poll();
            overflow[0] = true;
          }
          return queue;
        });
    if (overflow[0] && dropped.incrementAndGet() % WARN_EVERY == 1) {
      log.warn(
          "listener for {} is more than {} events behind: dropping its oldest waiting events ({} so"
              + " far)",
          key,
          capacity,
          dropped.get());
    }
    if (schedule[0]) {
      submitDrain(key);
    }
  }

  private void submitDrain(Object key) {
    try {
      executor.execute(() -> drain(key));
    } catch (RejectedExecutionException | OutOfMemoryError e) {
      ArrayDeque<Runnable> lost = queues.remove(key);
      log.warn(
          "dropped {} queued listener task(s) for {}: the executor refused them ({})",
          lost == null ? 0 : lost.size(),
          key,
          e.getClass().getSimpleName());
    }
  }

  private void drain(Object key) {
    for (int i = 0; i < BATCH; i++) {
      Runnable task = next(key);
      if (task == null) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        log.warn("listener task for {} threw; continuing", key, e);
      }
    }
    submitDrain(key);
  }

  /**
   * The key's next task, or null after removing the key when none is waiting. The key stays present
   * while its task runs, so a concurrent {@link #execute} does not schedule a second drain.
   */
  private @Nullable Runnable next(Object key) {
    Runnable[] head = new Runnable[1];
    queues.computeIfPresent(
        key,
        (k, queue) -> {
          head[0] = queue.poll();
          return head[0] == null ? null : queue;
        });
    return head[0];
  }
}
