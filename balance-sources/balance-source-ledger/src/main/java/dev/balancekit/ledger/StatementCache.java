package dev.balancekit.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements of one connection, prepared once and reused: preparing costs more than
 * running most of the ledger's statements. Not thread-safe; each connection has one owner at a
 * time.
 */
final class StatementCache {
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  PreparedStatement get(Connection c, String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null || ps.isClosed()) {
      ps = c.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  void closeAll() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
    statements.clear();
  }
}
