package dev.balancekit.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The persistence contract on PostgreSQL at 127.0.0.1:5432, database {@code test}, user {@code
 * postgres}. Each test uses its own table prefix and drops its tables. Unreachable: fails when
 * {@code CI} is set, is skipped otherwise.
 */
class PostgresPersistenceTest extends PersistenceContract {
  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=3";

  final String prefix =
      "bk_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";

  @BeforeAll
  static void requireDatabase() {
    try (Connection c = DriverManager.getConnection(URL)) {
      c.isValid(3);
    } catch (SQLException e) {
      String why = "PostgreSQL at " + URL + " is unreachable: " + e.getMessage();
      if (System.getenv("CI") != null) {
        Assertions.fail(why);
      }
      Assumptions.abort(why + " (skipped because CI is not set)");
    }
  }

  @AfterEach
  void dropTables() throws SQLException {
    for (String table : new String[] {"entries", "alerts", "schema_version"}) {
      sql("DROP TABLE IF EXISTS " + prefix + table);
    }
  }

  @Override
  String url() {
    return URL;
  }

  @Override
  String prefix() {
    return prefix;
  }

  @Override
  BalanceHistory open(HistoryConfig config) {
    return BalanceHistory.jdbc(URL, Dialect.POSTGRESQL, config);
  }
}
