package dev.balancekit.ledger;

import dev.balancekit.SourceUnavailableException;
import dev.balancekit.transfer.TransferReceipt;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's single writer with group commit: jobs queued by any number of callers are applied in
 * arrival order inside one database transaction per batch, and every caller is completed only after
 * its batch committed. A job runs under its own savepoint so a refused job fails alone; consecutive
 * single transfers are posted together, set-based, by {@link Postings}.
 */
final class LedgerWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LedgerWriter.class);
  private static final int MAX_RETRIES = 5;

  /**
   * One unit of work. Throwing rolls back this job alone; returning a RuntimeException commits and
   * then throws it.
   */
  @FunctionalInterface
  interface Job<T> {
    T apply(Connection c, Instant now) throws SQLException;
  }

  /** Told around each commit attempt, on the writer thread. */
  interface CommitHooks {
    /** A new attempt starts; forget what a failed one recorded. */
    void discard();

    /** Part or all of the transaction was rolled back: a refused job, or the whole batch. */
    default void undone() {}

    /** Last statements of the transaction, just before it commits. */
    default void beforeCommit(Connection c) throws SQLException {}

    /** The batch is durable. */
    void afterCommit();
  }

  /** Either a job or a posting, with the future its caller waits on. */
  private sealed interface Queued<T> {
    CompletableFuture<T> result();
  }

  private record QueuedJob<T>(Job<T> job, CompletableFuture<T> result) implements Queued<T> {}

  private record QueuedPosting(Postings.Posting posting, CompletableFuture<TransferReceipt> result)
      implements Queued<TransferReceipt> {}

  private final Connection connection;
  private final SqlDialect dialect;
  private final Postings postings;
  private final List<CommitHooks> hooks;
  private final Clock clock;
  private final int maxBatch;
  private final BlockingQueue<Queued<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  LedgerWriter(
      Connection connection,
      SqlDialect dialect,
      Postings postings,
      List<CommitHooks> hooks,
      Clock clock,
      int maxBatch,
      String name)
      throws SQLException {
    this.connection = connection;
    this.dialect = dialect;
    this.postings = postings;
    this.hooks = List.copyOf(hooks);
    this.clock = clock;
    this.maxBatch = maxBatch;
    connection.setAutoCommit(false);
    this.thread = new Thread(this::run, "balancekit-ledger-writer-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code job}; the future completes once its batch is durable. */
  <T> CompletableFuture<T> submit(Job<T> job) {
    return enqueue(new QueuedJob<>(job, new CompletableFuture<>()));
  }

  /** Queues a single transfer; the future completes once its batch is durable. */
  CompletableFuture<TransferReceipt> post(Postings.Posting posting) {
    return enqueue(new QueuedPosting(posting, new CompletableFuture<>()));
  }

  private <T> CompletableFuture<T> enqueue(Queued<T> queued) {
    if (!running) {
      queued.result().completeExceptionally(new IllegalStateException("ledger closed"));
      return queued.result();
    }
    queue.add(queued);
    return queued.result();
  }

  private void run() {
    List<Queued<?>> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        Queued<?> first = queue.take();
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commitBatch(batch);
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } finally {
        batch.clear();
      }
    }
    failAll(new IllegalStateException("ledger closed"));
  }

  private void commitBatch(List<Queued<?>> batch) {
    for (int attempt = 1; ; attempt++) {
      Object[] outcomes = new Object[batch.size()];
      hooks.forEach(CommitHooks::discard);
      try {
        Instant now = clock.instant();
        for (int i = 0; i < batch.size(); ) {
          if (batch.get(i) instanceof QueuedJob<?> queuedJob) {
            postings.forget(); // a job may change accounts behind the postings' back
            outcomes[i] = applyOne(queuedJob.job(), now);
            i++;
            continue;
          }
          int end = i;
          List<Postings.Posting> run = new ArrayList<>();
          while (end < batch.size() && batch.get(end) instanceof QueuedPosting queuedPosting) {
            run.add(queuedPosting.posting());
            end++;
          }
          System.arraycopy(postings.apply(connection, now, run), 0, outcomes, i, run.size());
          i = end;
        }
        for (CommitHooks h : hooks) {
          h.beforeCommit(connection);
        }
        connection.commit();
        for (CommitHooks h : hooks) {
          try {
            h.afterCommit();
          } catch (RuntimeException e) {
            log.warn(
                "ledger could not publish a committed batch's changes", e); // durable all the same
          }
        }
        for (int i = 0; i < batch.size(); i++) {
          complete(batch.get(i), outcomes[i]);
        }
        return;
      } catch (RuntimeException e) {
        // A bug rather than a refusal (refusals are caught per job): apply nothing, leave nobody
        // waiting.
        rollbackQuietly();
        log.error("ledger batch of {} failed unexpectedly", batch.size(), e);
        SourceUnavailableException failure =
            SourceUnavailableException.of(
                "ledger",
                "internal error ("
                    + e.getClass().getSimpleName()
                    + "); nothing in this batch was applied");
        batch.forEach(q -> q.result().completeExceptionally(failure));
        return;
      } catch (SQLException e) {
        rollbackQuietly();
        if (dialect.isRetryable(e) && attempt < MAX_RETRIES) {
          log.debug(
              "ledger batch of {} retried after {} (attempt {})",
              batch.size(),
              e.getSQLState(),
              attempt);
          continue;
        }
        SourceUnavailableException failure =
            SourceUnavailableException.of(
                "ledger",
                "database error (SQLState "
                    + e.getSQLState()
                    + "); nothing in this batch was applied");
        log.warn(
            "ledger batch of {} failed: SQLState {} code {}",
            batch.size(),
            e.getSQLState(),
            e.getErrorCode());
        batch.forEach(q -> q.result().completeExceptionally(failure));
        return;
      }
    }
  }

  /** Applies one job under a savepoint; a refusal undoes only this job and becomes its outcome. */
  private Object applyOne(Job<?> job, Instant now) throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try {
      Object result = job.apply(connection, now);
      connection.releaseSavepoint(savepoint);
      return result;
    } catch (RuntimeException refused) {
      connection.rollback(savepoint);
      hooks.forEach(CommitHooks::undone);
      return new Refusal(refused);
    } catch (SQLException e) {
      if (dialect.isRetryable(e)) {
        throw e; // the whole batch is retried
      }
      connection.rollback(savepoint);
      hooks.forEach(CommitHooks::undone);
      log.warn("ledger job failed: SQLState {} code {}", e.getSQLState(), e.getErrorCode());
      return new Refusal(
          SourceUnavailableException.of(
              "ledger",
              "database error (SQLState " + e.getSQLState() + "); the operation was not applied"));
    }
  }

  /**
   * A job's failure, kept apart from a result so a job may also return an exception to raise after
   * commit.
   */
  private record Refusal(RuntimeException error) {}

  @SuppressWarnings("unchecked")
  private static <T> void complete(Queued<T> q, Object outcome) {
    if (outcome instanceof Refusal r) {
      q.result().completeExceptionally(r.error());
    } else if (outcome instanceof RuntimeException raiseAfterCommit) {
      q.result().completeExceptionally(raiseAfterCommit);
    } else {
      q.result().complete((T) outcome);
    }
  }

  /** Rolls back the whole transaction; whatever the postings kept of it is forgotten too. */
  private void rollbackQuietly() {
    postings.forget();
    hooks.forEach(CommitHooks::undone);
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.warn("ledger rollback failed: SQLState {}", e.getSQLState());
    }
  }

  private void failAll(RuntimeException error) {
    Queued<?> q;
    while ((q = queue.poll()) != null) {
      q.result().completeExceptionally(error);
    }
  }

  @Override
  public void close() {
    running = false;
    // Wakes the writer with a job that does nothing; no interrupt mid-commit.
    queue.add(new QueuedJob<>((c, now) -> Boolean.TRUE, new CompletableFuture<>()));
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failAll(new IllegalStateException("ledger closed"));
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("closing the ledger's writer connection failed: SQLState {}", e.getSQLState());
    }
  }
}
