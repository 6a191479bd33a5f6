package dev.balancekit.directory;

import dev.balancekit.AccountRef;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.spi.AccountDirectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * An {@link AccountDirectory} in a SQL table, so several application instances share one set of
 * links: SQLite (3.24 or later) and PostgreSQL are tested; any database with {@code INSERT ... ON
 * CONFLICT DO NOTHING} works. The table is created on first use. Prepared statements only; every
 * call takes a connection from the data source and returns it.
 *
 * <p>Thread-safe as far as the data source is. Every {@link #accounts} call reads the table, so put
 * a cache in front for hot paths.
 */
public final class JdbcAccountDirectory implements AccountDirectory {
  /** The table used when none is named. */
  public static final String DEFAULT_TABLE = "bk_account_links";

  private static final Pattern TABLE =
      Pattern.compile("([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}");

  private final DataSource dataSource;
  private final String table;
  private final Clock clock;
  private final String insert;
  private final String delete;
  private final String select;

  private JdbcAccountDirectory(DataSource dataSource, String table, Clock clock) {
    this.dataSource = dataSource;
    this.table = table;
    this.clock = clock;
    this.insert =
        "INSERT INTO "
            + table
            + " (owner, venue, account_id, linked_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (owner, venue, account_id) DO NOTHING";
    this.delete = "DELETE FROM " + table + " WHERE owner = ? AND venue = ? AND account_id = ?";
    this.select =
        "SELECT venue, account_id FROM "
            + table
            + " WHERE owner = ? ORDER BY linked_at, venue, account_id";
  }

  /**
   * A directory in table {@value #DEFAULT_TABLE}, created if missing.
   *
   * @throws IllegalArgumentException if {@code dataSource} is null
   * @throws SourceUnavailableException if the table cannot be created
   */
  public static JdbcAccountDirectory on(DataSource dataSource) {
    return on(dataSource, DEFAULT_TABLE);
  }

  /**
   * A directory in {@code table} ({@code name} or {@code schema.name}, lower case), created if
   * missing.
   *
   * @throws IllegalArgumentException if {@code dataSource} is null or {@code table} not a plain
   *     identifier
   * @throws SourceUnavailableException if the table cannot be created
   */
  public static JdbcAccountDirectory on(DataSource dataSource, String table) {
    if (dataSource == null) {
      throw new IllegalArgumentException("dataSource must not be null");
    }
    if (table == null || !TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table must be a lower-case identifier, optionally schema-qualified, but was "
              + (table == null ? "null" : "'" + table + "'"));
    }
    JdbcAccountDirectory directory = new JdbcAccountDirectory(dataSource, table, Clock.systemUTC());
    directory.createTable();
    return directory;
  }

  @Override
  public String name() {
    return "jdbc:" + table;
  }

  /**
   * Links {@code account} to {@code owner}; linking it again changes nothing.
   *
   * @return whether the link is new
   * @throws IllegalArgumentException if {@code owner} is invalid or {@code account} null
   * @throws SourceUnavailableException if the table cannot be written
   */
  public boolean link(String owner, AccountRef account) {
    AccountDirectory.checkOwner(owner);
    if (account == null) {
      throw new IllegalArgumentException("account linked to " + owner + " must not be null");
    }
    return update(insert, owner, account, true) == 1;
  }

  /**
   * Removes the link of {@code account} to {@code owner}.
   *
   * @return whether there was one
   * @throws IllegalArgumentException if {@code owner} is invalid or {@code account} null
   * @throws SourceUnavailableException if the table cannot be written
   */
  public boolean unlink(String owner, AccountRef account) {
    AccountDirectory.checkOwner(owner);
    if (account == null) {
      throw new IllegalArgumentException("account unlinked from " + owner + " must not be null");
    }
    return update(delete, owner, account, false) == 1;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if a stored row is not a valid account (the table was edited by
   *     hand)
   */
  @Override
  public List<AccountRef> accounts(String owner) {
    AccountDirectory.checkOwner(owner);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(select)) {
      s.setString(1, owner);
      List<AccountRef> accounts = new ArrayList<>();
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          String venue = rows.getString(1);
          String id = rows.getString(2);
          try {
            accounts.add(AccountRef.of(venue, id));
          } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                "table " + table + " links " + owner + " to an invalid account: " + e.getMessage());
          }
        }
      }
      return List.copyOf(accounts);
    } catch (SQLException e) {
      throw failure("read the accounts of " + owner, e);
    }
  }

  private int update(String sql, String owner, AccountRef account, boolean withTime) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, owner);
      s.setString(2, account.venue());
      s.setString(3, account.id());
      if (withTime) {
        s.setLong(4, clock.millis());
      }
      int changed = s.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return changed;
    } catch (SQLException e) {
      throw failure("change the link of " + account + " to " + owner, e);
    }
  }

  private void createTable() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table
              + " (owner VARCHAR(240) NOT NULL, venue VARCHAR(100) NOT NULL,"
              + " account_id VARCHAR(256) NOT NULL, linked_at BIGINT NOT NULL, PRIMARY KEY (owner, venue, account_id))");
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw failure("create table " + table, e);
    }
  }

  // The SQL state says what went wrong; driver messages can quote connection details, so they stay
  // in the cause.
  private SourceUnavailableException failure(String what, SQLException e) {
    return SourceUnavailableException.of(
        name(), "could not " + what + " (SQL state " + e.getSQLState() + ")", e);
  }

  @Override
  public String toString() {
    return "JdbcAccountDirectory{" + table + '}';
  }
}
