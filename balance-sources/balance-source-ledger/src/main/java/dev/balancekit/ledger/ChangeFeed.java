package dev.balancekit.ledger;

import dev.balancekit.AccountRef;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which accounts each committed batch changed, for the manager a ledger is attached to. On SQLite
 * one process owns the file, so the writer publishes after each commit. On PostgreSQL the writer
 * sends a {@code NOTIFY} inside the committing transaction (delivered only if it commits), and
 * every instance sharing the database, this one included, hears it on its own {@code LISTEN}
 * connection; payload lines are {@code namespace<TAB>account}, which ids never contain.
 */
final class ChangeFeed implements LedgerWriter.CommitHooks, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
  private static final int MAX_PAYLOAD_BYTES = 7_900; // PostgreSQL refuses more than 8000

  private final @Nullable String channel;
  private final Consumer<Set<AccountRef>> publish;

  /** Accounts the current batch changed; writer thread only. */
  private final Set<String> changed = new LinkedHashSet<>();

  private volatile boolean running = true;
  private @Nullable Thread listener;

  /**
   * @param channel the PostgreSQL channel of this database and schema, or null on SQLite
   * @param publish told, off the writer thread's critical path, which accounts changed
   */
  ChangeFeed(@Nullable String channel, Consumer<Set<AccountRef>> publish) {
    this.channel = channel;
    this.publish = publish;
  }

  /**
   * The channel for the schema {@code c} works in: one per shared ledger, whatever the database.
   */
  static String channelOf(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT current_schema()")) {
      rs.next();
      return "bk_ledger_"
          + rs.getString(1).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
  }

  /** Records that {@code account} of {@code namespace} changed in the current batch. */
  void changed(String namespace, String account) {
    changed.add(namespace + '\t' + account);
  }

  @Override
  public void discard() {
    changed.clear();
  }

  @Override
  public void beforeCommit(Connection c) throws SQLException {
    if (channel == null || changed.isEmpty()) {
      return;
    }
    PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)");
    try (ps) {
      StringBuilder payload = new StringBuilder();
      for (String line : changed) {
        if (payload.length() > 0
            && payload.toString().getBytes(StandardCharsets.UTF_8).length + line.length() * 4 + 1
                > MAX_PAYLOAD_BYTES) {
          notify(ps, payload);
        }
        payload.append(payload.length() == 0 ? "" : "\n").append(line);
      }
      notify(ps, payload);
    }
  }

  private void notify(PreparedStatement ps, StringBuilder payload) throws SQLException {
    ps.setString(1, channel);
    ps.setString(2, payload.toString());
    ps.executeQuery().close();
    payload.setLength(0);
  }

  @Override
  public void afterCommit() {
    if (channel == null && !changed.isEmpty()) {
      publish.accept(parse(changed));
    }
    changed.clear();
  }

  /** Starts listening on PostgreSQL; {@code connection} is owned and closed by this feed. */
  void listen(Connection connection, String ledgerName) throws SQLException {
    if (channel == null) {
      return;
    }
    try (Statement s = connection.createStatement()) {
      s.execute("LISTEN " + channel);
    }
    PGConnection pg = connection.unwrap(PGConnection.class);
    listener =
        new Thread(
            () -> {
              try (connection) {
                while (running) {
                  PGNotification[] notifications = pg.getNotifications(500);
                  if (notifications == null) {
                    continue;
                  }
                  Set<String> lines = new LinkedHashSet<>();
                  for (PGNotification n : notifications) {
                    lines.addAll(java.util.List.of(n.getParameter().split("\n")));
                  }
                  publish.accept(parse(lines));
                }
              } catch (SQLException e) {
                if (running) {
                  log.warn(
                      "ledger '{}' stopped listening for changes: SQLState {}",
                      ledgerName,
                      e.getSQLState());
                }
              }
            },
            "balancekit-ledger-listener-" + ledgerName);
    listener.setDaemon(true);
    listener.start();
  }

  private static Set<AccountRef> parse(Set<String> lines) {
    Set<AccountRef> accounts = new LinkedHashSet<>();
    for (String line : lines) {
      int tab = line.indexOf('\t');
      try {
        accounts.add(AccountRef.of(line.substring(0, tab), line.substring(tab + 1)));
      } catch (RuntimeException e) {
        log.warn("ledger change notification with an unreadable account line skipped");
      }
    }
    return accounts;
  }

  @Override
  public void close() {
    running = false;
    if (listener != null) {
      try {
        listener.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
