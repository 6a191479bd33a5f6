package dev.balancekit.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * How many transfers per second SQLite can make durable on this machine when nothing but the rows
 * are written, in batches of 2,048 per transaction (WAL, {@code synchronous=FULL}): the ceiling any
 * ledger on it stays under. Each layout adds one structure a double-entry ledger needs to the bare
 * transfer row: a unique idempotency key, a 64-bit key hash instead, and two entries clustered by
 * account (for audit queries). Run: {@code java -cp benchmarks.jar
 * dev.balancekit.benchmarks.SqliteStorageFloor [seconds]}. A program, not a shared object: each
 * layout runs on one thread against its own temporary database.
 */
public final class SqliteStorageFloor {
  private static final int BATCH = 2048;
  private static final int ACCOUNTS = 1000;

  private SqliteStorageFloor() {}

  /**
   * Measures each layout for {@code args[0]} seconds (5 by default) and prints transfers/s.
   *
   * @throws Exception if the database cannot be written or the temporary files removed
   */
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    for (String layout : List.of("bare", "key", "hash", "entries", "key+entries", "hash+entries")) {
      System.out.printf("%-14s %,9d transfers/s%n", layout, run(layout, seconds));
    }
  }

  private static long run(String layout, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("balancekit-floor");
    Path file = dir.resolve("floor.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT, h INTEGER, f INTEGER, t INTEGER,"
                + " amount INTEGER, fa INTEGER, ta INTEGER)");
        if (layout.contains("key")) {
          s.execute("CREATE UNIQUE INDEX t_k ON t(k)");
        }
        if (layout.contains("hash")) {
          s.execute("CREATE INDEX t_h ON t(h)");
        }
        s.execute(
            "CREATE TABLE e (account INTEGER, id INTEGER, delta INTEGER, after INTEGER,"
                + " PRIMARY KEY (account, id)) WITHOUT ROWID");
      }
      c.setAutoCommit(false);
      return insert(c, layout.contains("entries"), seconds);
    } finally {
      for (String suffix : List.of("", "-wal", "-shm")) {
        Files.deleteIfExists(dir.resolve("floor.db" + suffix));
      }
      Files.deleteIfExists(dir);
    }
  }

  private static long insert(Connection c, boolean entries, int seconds) throws SQLException {
    Random random = new Random(1);
    long id = 0;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    try (PreparedStatement transfer =
            c.prepareStatement(
                "INSERT INTO t (k, h, f, t, amount, fa, ta) VALUES (?,?,?,?,?,?,?)");
        PreparedStatement entry = c.prepareStatement("INSERT INTO e VALUES (?,?,?,?)")) {
      while (System.nanoTime() < end) {
        for (int i = 0; i < BATCH; i++) {
          id++;
          int from = random.nextInt(ACCOUNTS);
          int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
          transfer.setString(1, UUID.randomUUID().toString());
          transfer.setLong(2, random.nextLong());
          transfer.setInt(3, from);
          transfer.setInt(4, to);
          transfer.setLong(5, 100);
          transfer.setLong(6, 1);
          transfer.setLong(7, 2);
          transfer.executeUpdate();
          if (entries) {
            entry(entry, from, id, -100);
            entry(entry, to, id, 100);
          }
        }
        c.commit();
      }
    }
    return id / seconds;
  }

  private static void entry(PreparedStatement entry, int account, long id, long delta)
      throws SQLException {
    entry.setInt(1, account);
    entry.setLong(2, id);
    entry.setLong(3, delta);
    entry.setLong(4, delta);
    entry.executeUpdate();
  }
}
