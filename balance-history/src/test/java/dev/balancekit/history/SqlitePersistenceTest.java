package dev.balancekit.history;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persistence contract on an SQLite file, through {@link BalanceHistory#sqlite(Path,
 * HistoryConfig)}.
 */
class SqlitePersistenceTest extends PersistenceContract {
  @TempDir Path dir;

  @Override
  String url() {
    return "jdbc:sqlite:" + dir.resolve("history.db");
  }

  @Override
  String prefix() {
    return "balancekit_history_";
  }

  @Override
  BalanceHistory open(HistoryConfig config) {
    return BalanceHistory.sqlite(dir.resolve("history.db"), config);
  }
}
