package dev.balancekit.benchmarks;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.ledger.Ledger;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Durable transfers per second through {@link Ledger} (group commit) against the usual baseline in
 * the same run: one database transaction per transfer that reads the sender's balance, checks it,
 * then writes. SQLite runs with {@code synchronous=FULL}, PostgreSQL with its default {@code
 * synchronous_commit=on}. Also measures the storage floor: only the rows a transfer writes, with no
 * checks. Prints throughput, p50/p99 latency per transfer (submit to durable completion) and the
 * JVM's CPU time per transfer (all threads; PostgreSQL's server processes not included).
 *
 * <p>What a submitter is: for the ledger, one thread calling {@link Ledger#submitAsync} and keeping
 * at most {@code --in-flight} transfers outstanding, taking the next only when one completes (a
 * single caller pipelining; {@code --in-flight 1} is one thread blocking on each commit, as {@link
 * Ledger#submit} does). For the baseline, one thread with its own connection running one
 * transaction per transfer. Only transfers that completed durably (or committed) are counted.
 *
 * <p>Run: {@code java -cp balance-benchmarks/target/benchmarks.jar
 * dev.balancekit.benchmarks.LedgerThroughput --help}
 */
public final class LedgerThroughput {
  private static final Asset COIN = Asset.of("COIN", 2);
  private static final String NS = "ledger:bench";
  private static final int ACCOUNTS = 1_000;
  private static final int IN_FLIGHT_PER_SUBMITTER = 64;
  private static final int FLOOR_BATCH = 512;
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

  /** The ledger's maxBatch, or 0 for its default. */
  private static int maxBatch;

  private LedgerThroughput() {}

  /** What one configuration achieved. */
  record Result(
      String what,
      int submitters,
      long transfers,
      double seconds,
      long p50Micros,
      long p99Micros,
      double cpuMicrosPerTransfer) {
    double perSecond() {
      return transfers / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    if (o == null) {
      return;
    }
    maxBatch = o.maxBatch;
    List<Result> results = new ArrayList<>();
    for (String store : o.stores) {
      for (int submitters : o.submitters) {
        if (o.kinds.contains("ledger")) {
          results.add(runLedger(store, submitters, o.seconds, o.inFlight));
        }
        if (o.kinds.contains("baseline")) {
          results.add(runBaseline(store, submitters, o.seconds));
        }
      }
      if (o.kinds.contains("floor")) {
        results.add(runFloor(store, o.seconds));
      }
    }
    String load = loadAverage();
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            "%-48s %10s %12s %10s %10s %12s%n",
            "configuration", "submitters", "transfers/s", "p50 µs", "p99 µs", "JVM CPU µs/t"));
    for (Result r : results) {
      table.append(
          String.format(
              "%-48s %10d %12.0f %10d %10d %12.1f%n",
              r.what(),
              r.submitters(),
              r.perSecond(),
              r.p50Micros(),
              r.p99Micros(),
              r.cpuMicrosPerTransfer()));
    }
    table.append("load average at the end: ").append(load).append('\n');
    System.out.print(table);
    if (o.out != null) {
      Files.createDirectories(o.out);
      // Local time: the stamp is for the person who ran it.
      String stamp =
          java.time.LocalDateTime.now(java.time.ZoneId.systemDefault())
              .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      StringBuilder json =
          new StringBuilder("{\"seconds\": ")
              .append(o.seconds)
              .append(", \"inFlightPerSubmitter\": ")
              .append(o.inFlight)
              .append(", \"loadAverage\": \"")
              .append(load)
              .append("\", \"results\": [");
      for (int i = 0; i < results.size(); i++) {
        Result r = results.get(i);
        json.append(i == 0 ? "\n  " : ",\n  ")
            .append(
                String.format(
                    java.util.Locale.ROOT,
                    "{\"what\": \"%s\", \"submitters\": %d, \"transfers\": %d, \"seconds\": %.3f, \"perSecond\": %.0f,"
                        + " \"p50Micros\": %d, \"p99Micros\": %d, \"jvmCpuMicrosPerTransfer\": %.1f}",
                    r.what(),
                    r.submitters(),
                    r.transfers(),
                    r.seconds(),
                    r.perSecond(),
                    r.p50Micros(),
                    r.p99Micros(),
                    r.cpuMicrosPerTransfer()));
      }
      json.append("\n]}\n");
      Files.writeString(o.out.resolve("ledger-" + stamp + ".json"), json);
      Files.writeString(o.out.resolve("ledger-" + stamp + ".txt"), table);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }

  /** Command-line options; {@code --help} prints them. */
  private static final class Options {
    int seconds = 5;
    List<String> stores = List.of("sqlite", "postgres");
    int[] submitters = {1, 16};
    List<String> kinds = List.of("ledger", "baseline", "floor");
    int inFlight = IN_FLIGHT_PER_SUBMITTER;
    int maxBatch;
    @Nullable Path out;

    /** The options, or null when {@code --help} was asked for and printed. */
    static @Nullable Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--help", "-h" -> {
            System.out.println(
                """
                LedgerThroughput [seconds] [options]
                  --seconds N          seconds per configuration (default 5; a bare number means the same)
                  --stores a,b         sqlite and/or postgres (default both)
                  --submitters 1,16    submitter threads per configuration (default 1,16)
                  --only k,...         ledger, baseline and/or floor (default all three)
                  --in-flight N        async submits each ledger submitter keeps outstanding (default 64)
                  --max-batch N        the ledger's maxBatch (default: the ledger's own default)
                  --out DIR            also write the table and a JSON file there

                A ledger submitter is one thread calling Ledger.submitAsync with at most --in-flight
                transfers outstanding (a pipelining single caller; --in-flight 1 is a thread blocking on
                each commit, like Ledger.submit). A baseline submitter is one thread on its own JDBC
                connection running one transaction per transfer: read the balance, check it, write.
                Latency is from submit to durable completion, per transfer.""");
            return null;
          }
          case "--seconds" -> o.seconds = Integer.parseInt(args[++i]);
          case "--stores" -> o.stores = List.of(args[++i].split(","));
          case "--submitters" ->
              o.submitters =
                  Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
          case "--only" -> o.kinds = List.of(args[++i].split(","));
          case "--in-flight" -> o.inFlight = Integer.parseInt(args[++i]);
          case "--out" -> o.out = Path.of(args[++i]);
          case "--max-batch" -> o.maxBatch = Integer.parseInt(args[++i]);
          default -> o.seconds = Integer.parseInt(a);
        }
      }
      return o;
    }
  }

  static Result runLedger(String store, int submitters, int seconds, int inFlight)
      throws Exception {
    Target target = Target.create(store);
    try (Ledger ledger = seeded(target.ledger())) {
      Result r =
          measure(
              "ledger " + store + " (async, " + inFlight + " in flight)",
              submitters,
              seconds,
              deadline -> {
                Semaphore window = new Semaphore(inFlight);
                LatencyLog latencies = new LatencyLog();
                List<CompletableFuture<?>> pending = new ArrayList<>();
                while (System.nanoTime() < deadline) {
                  window.acquire();
                  long sent = System.nanoTime();
                  pending.add(
                      ledger
                          .submitAsync(randomTransfer())
                          .whenComplete(
                              (receipt, e) -> {
                                if (e == null) {
                                  latencies.add(
                                      System.nanoTime() - sent); // only durable transfers count
                                }
                                window.release();
                              }));
                  if (pending.size() > 10_000) {
                    pending.removeIf(CompletableFuture::isDone);
                  }
                }
                CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]))
                    .exceptionally(e -> null)
                    .join();
                return latencies.toArray();
              });
      if (!ledger.verifyIntegrity().isSound()) {
        throw new IllegalStateException("integrity broken after the benchmark");
      }
      return r;
    } finally {
      target.drop();
    }
  }

  static Result runBaseline(String store, int submitters, int seconds) throws Exception {
    Target target = Target.create(store);
    try {
      seeded(target.ledger()).close(); // the same schema and seed, then plain JDBC
      return measure(
          "baseline " + store + " (read-check-write, 1 txn each)",
          submitters,
          seconds,
          deadline -> {
            LatencyLog latencies = new LatencyLog();
            try (Connection c = target.connect()) {
              c.setAutoCommit(false);
              while (System.nanoTime() < deadline) {
                long sent = System.nanoTime();
                if (readCheckWrite(c)) {
                  latencies.add(System.nanoTime() - sent); // only committed transfers count
                }
              }
            }
            return latencies.toArray();
          });
    } finally {
      target.drop();
    }
  }

  /**
   * The storage floor of the ledger's schema: only the rows a transfer writes (its transfer row and
   * two entries), from one thread in JDBC batches of {@value #FLOOR_BATCH} transfers with one
   * commit each, with no checks, locks or balances. No ledger on this schema and store can beat it.
   */
  static Result runFloor(String store, int seconds) throws Exception {
    Target target = Target.create(store);
    try {
      seeded(target.ledger()).close();
      return measure(
          "floor " + store + " (rows only, no checks)",
          1,
          seconds,
          deadline -> {
            LatencyLog latencies = new LatencyLog();
            try (Connection c = target.connect();
                PreparedStatement transfers =
                    c.prepareStatement(
                        "INSERT INTO bk_transfers (id, namespace, idem_key,"
                            + " kind, from_account, to_account, asset, amount, memo, status, created_at, expires_at,"
                            + " resolved_at) VALUES (?, ?, ?, 'transfer', ?, ?, ?, ?, NULL, 'COMPLETED', ?, NULL, ?)");
                PreparedStatement entries =
                    c.prepareStatement(
                        "INSERT INTO bk_entries (transfer_id, namespace,"
                            + " account, counterparty, asset, kind, delta, balance_after, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, 'transfer', ?, ?, ?)")) {
              c.setAutoCommit(false);
              long sequence = 0;
              while (System.nanoTime() < deadline) {
                long sent = System.nanoTime();
                for (int i = 0; i < FLOOR_BATCH; i++) {
                  String id = String.format("%013x-%08x-%08x", sent / 1000, sequence++, 0);
                  String from = "u" + ThreadLocalRandom.current().nextInt(ACCOUNTS);
                  String to = "u" + ThreadLocalRandom.current().nextInt(ACCOUNTS);
                  long units = 1L + ThreadLocalRandom.current().nextInt(1000);
                  Object[] t = {
                    id, NS, UUID.randomUUID().toString(), from, to, COIN.code(), units, sent, sent
                  };
                  for (int k = 0; k < t.length; k++) {
                    transfers.setObject(k + 1, t[k]);
                  }
                  transfers.addBatch();
                  for (int leg = 0; leg < 2; leg++) {
                    Object[] e = {
                      id,
                      NS,
                      leg == 0 ? from : to,
                      leg == 0 ? to : from,
                      COIN.code(),
                      leg == 0 ? -units : units,
                      0L,
                      sent
                    };
                    for (int k = 0; k < e.length; k++) {
                      entries.setObject(k + 1, e[k]);
                    }
                    entries.addBatch();
                  }
                }
                transfers.executeBatch();
                entries.executeBatch();
                c.commit();
                long batchNanos = System.nanoTime() - sent;
                for (int i = 0; i < FLOOR_BATCH; i++) {
                  latencies.add(batchNanos);
                }
              }
            }
            return latencies.toArray();
          });
    } finally {
      target.drop();
    }
  }

  /** One submitter's loop: runs until {@code deadline} (System.nanoTime), returns its latencies. */
  @FunctionalInterface
  private interface Submitter {
    long[] run(long deadline) throws Exception;
  }

  private static Result measure(String what, int submitters, int seconds, Submitter submitter)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService pool = Executors.newFixedThreadPool(submitters);
    try {
      List<Future<long[]>> work = new ArrayList<>();
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      for (int s = 0; s < submitters; s++) {
        work.add(pool.submit(() -> submitter.run(deadline)));
      }
      return collect(what, submitters, work, start, cpuStart);
    } finally {
      pool.shutdown();
    }
  }

  /** Issues every account its starting balance, from many threads so the issues share commits. */
  private static Ledger seeded(Ledger ledger) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<?>> issued = new ArrayList<>();
      for (int i = 0; i < ACCOUNTS; i++) {
        int account = i;
        issued.add(
            pool.submit(
                () ->
                    ledger.issue(
                        account(account), COIN, new BigDecimal("1000000"), "seed-" + account)));
      }
      for (Future<?> f : issued) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return ledger;
  }

  /**
   * How such code is usually written: read the balance, check it in Java, then write. True if
   * committed.
   */
  private static boolean readCheckWrite(Connection c) throws SQLException {
    int from = ThreadLocalRandom.current().nextInt(ACCOUNTS);
    int to = (from + 1 + ThreadLocalRandom.current().nextInt(ACCOUNTS - 1)) % ACCOUNTS;
    long units = 1L + ThreadLocalRandom.current().nextInt(1000);
    try {
      long balance;
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT balance FROM bk_accounts WHERE namespace = ? AND account = ? AND asset = ?")) {
        ps.setString(1, NS);
        ps.setString(2, "u" + from);
        ps.setString(3, COIN.code());
        try (ResultSet rs = ps.executeQuery()) {
          balance = rs.next() ? rs.getLong(1) : 0;
        }
      }
      if (balance < units) {
        c.rollback();
        return false;
      }
      move(c, "u" + from, -units);
      move(c, "u" + to, units);
      c.commit();
      return true;
    } catch (SQLException e) {
      c.rollback(); // busy or serialization failure: not a transfer
      return false;
    }
  }

  private static void move(Connection c, String account, long delta) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE bk_accounts SET balance = balance + ? WHERE namespace = ? AND account = ? AND asset = ?")) {
      ps.setLong(1, delta);
      ps.setString(2, NS);
      ps.setString(3, account);
      ps.setString(4, COIN.code());
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO bk_entries (transfer_id, namespace, account,"
                + " counterparty, asset, kind, delta, balance_after, created_at) VALUES (?, ?, ?, ?, ?, 'transfer', ?, 0, 0)")) {
      ps.setString(1, UUID.randomUUID().toString());
      ps.setString(2, NS);
      ps.setString(3, account);
      ps.setString(4, "?");
      ps.setString(5, COIN.code());
      ps.setLong(6, delta);
      ps.executeUpdate();
    }
  }

  /** CPU time this JVM used so far, all threads; PostgreSQL's server processes are not in it. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Result collect(
      String what, int submitters, List<Future<long[]>> work, long start, long cpuStart)
      throws Exception {
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : work) {
      all.add(f.get());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    double cpuMicros = (processCpuNanos() - cpuStart) / 1e3;
    return new Result(
        what,
        submitters,
        merged.length,
        seconds,
        percentile(merged, 0.50) / 1000,
        percentile(merged, 0.99) / 1000,
        merged.length == 0 ? 0 : cpuMicros / merged.length);
  }

  private static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
  }

  private static TransferRequest randomTransfer() {
    int from = ThreadLocalRandom.current().nextInt(ACCOUNTS);
    int to = (from + 1 + ThreadLocalRandom.current().nextInt(ACCOUNTS - 1)) % ACCOUNTS;
    return TransferRequest.of(
        account(from),
        account(to),
        COIN,
        BigDecimal.valueOf(1 + ThreadLocalRandom.current().nextInt(1000), 2));
  }

  private static AccountRef account(int i) {
    return AccountRef.of(NS, "u" + i);
  }

  /**
   * A thread's latencies in nanoseconds; thread-safe because completions arrive on the writer
   * thread.
   */
  private static final class LatencyLog {
    private long[] values = new long[1 << 16];
    private int size;

    synchronized void add(long nanos) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
    }

    synchronized long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  /**
   * A fresh database: an SQLite file in a temporary directory ({@code dir}), or a PostgreSQL schema
   * ({@code schema}); the other is null.
   */
  private record Target(String store, @Nullable Path dir, @Nullable String schema) {
    static Target create(String store) throws Exception {
      if (store.equals("sqlite")) {
        return new Target(store, Files.createTempDirectory("ledger-bench"), null);
      }
      String schema = "bk_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      try (Connection c = DriverManager.getConnection(PG, "postgres", null);
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      }
      return new Target(store, null, schema);
    }

    Ledger ledger() {
      Ledger.Builder b = Ledger.builder();
      if (maxBatch > 0) {
        b.maxBatch(maxBatch);
      }
      return dir != null
          ? b.sqlite(dir.resolve("ledger.db")).build()
          : b.postgres(PG + "?currentSchema=" + schema, "postgres", null).build();
    }

    Connection connect() throws SQLException {
      if (dir != null) {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA synchronous=FULL");
          s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
      }
      return DriverManager.getConnection(PG + "?currentSchema=" + schema, "postgres", null);
    }

    void drop() throws Exception {
      if (dir != null) {
        // Deleted files are not written back: no leftover I/O slows the next configuration's
        // commits.
        try (var files = Files.walk(dir)) {
          for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
      if (schema != null) {
        try (Connection c = DriverManager.getConnection(PG, "postgres", null);
            Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
      }
    }
  }
}
