package dev.balancekit.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.balancekit.AccountRef;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.spi.AccountDirectory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/** The same contract for the in-memory directory and the JDBC one on SQLite and PostgreSQL. */
class AccountDirectoryTest {
  static final AccountRef HEDERA = AccountRef.of("hedera:testnet", "0.0.1234");
  static final AccountRef ALGORAND =
      AccountRef.of(
          "algorand:testnet", "GD64YIY3TWGDMCNPP553DZPPR6LDUSFQOIJVFDPPXWEG3FVOJCCDBBHU5A");

  @TempDir Path dir;

  /** A mutable directory under test, seen through what both implementations offer. */
  interface Links {
    AccountDirectory directory();

    boolean link(String owner, AccountRef account);

    boolean unlink(String owner, AccountRef account);
  }

  Links links(String kind) throws SQLException {
    switch (kind) {
      case "memory":
        {
          InMemoryAccountDirectory d = InMemoryAccountDirectory.named("test");
          return links(d, d::link, d::unlink);
        }
      case "sqlite":
        {
          SQLiteDataSource ds = new SQLiteDataSource();
          ds.setUrl("jdbc:sqlite:" + dir.resolve("links.db"));
          JdbcAccountDirectory d = JdbcAccountDirectory.on(ds);
          return links(d, d::link, d::unlink);
        }
      case "postgres":
        {
          DataSource ds = postgres();
          try (Connection c = ds.getConnection();
              Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS directory_test_links");
          }
          JdbcAccountDirectory d = JdbcAccountDirectory.on(ds, "directory_test_links");
          return links(d, d::link, d::unlink);
        }
      default:
        throw new IllegalArgumentException(kind);
    }
  }

  interface Change {
    boolean apply(String owner, AccountRef account);
  }

  static Links links(AccountDirectory d, Change link, Change unlink) {
    return new Links() {
      @Override
      public AccountDirectory directory() {
        return d;
      }

      @Override
      public boolean link(String owner, AccountRef account) {
        return link.apply(owner, account);
      }

      @Override
      public boolean unlink(String owner, AccountRef account) {
        return unlink.apply(owner, account);
      }
    };
  }

  /** PostgreSQL on loopback; in CI its absence is a failure, elsewhere a skip. */
  static DataSource postgres() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl("jdbc:postgresql://127.0.0.1:5432/test");
    ds.setUser("postgres");
    try (Connection c = ds.getConnection()) {
      assumeTrue(c.isValid(5), "PostgreSQL connection not valid");
      return ds;
    } catch (SQLException e) {
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(
            "PostgreSQL on 127.0.0.1:5432 is required in CI but unreachable", e);
      }
      assumeTrue(false, "PostgreSQL unreachable; set CI to make this a failure");
      return ds;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "sqlite", "postgres"})
  void linksAreKeptInOrderOncePerAccountAndCanBeRemoved(String kind) throws Exception {
    Links links = links(kind);
    AccountDirectory d = links.directory();

    assertThat(d.accounts("user:42")).isEmpty();
    assertThat(links.link("user:42", HEDERA)).isTrue();
    Thread.sleep(2); // the JDBC directory orders by link time in milliseconds
    assertThat(links.link("user:42", ALGORAND)).isTrue();
    assertThat(links.link("user:42", HEDERA)).isFalse();
    assertThat(links.link("community:7", HEDERA)).isTrue();

    assertThat(d.accounts("user:42")).containsExactly(HEDERA, ALGORAND);
    assertThat(d.accounts("community:7")).containsExactly(HEDERA);
    assertThat(links.unlink("user:42", HEDERA)).isTrue();
    assertThat(links.unlink("user:42", HEDERA)).isFalse();
    assertThat(d.accounts("user:42")).containsExactly(ALGORAND);
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "sqlite", "postgres"})
  void invalidOwnersAndNullAccountsAreRefusedByName(String kind) throws Exception {
    Links links = links(kind);
    for (String bad :
        new String[] {
          null,
          "",
          "42",
          "User:42",
          "user:",
          "user:4 2",
          "user:\u0000",
          ":42",
          "user:" + "x".repeat(201)
        }) {
      assertThatThrownBy(() -> links.directory().accounts(bad))
          .as(String.valueOf(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("owner must look like 'kind:id'");
      assertThatThrownBy(() -> links.link(bad, HEDERA))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> links.link("user:1", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("account");
    assertThat(links.directory().accounts("user:1")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "sqlite", "postgres"})
  void concurrentLinksOfOneOwnerAreAllKeptOnce(String kind) throws Exception {
    Links links = links(kind);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> added = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        AccountRef account = AccountRef.of("hedera:testnet", "0.0." + (i % 40));
        added.add(pool.submit(() -> links.link("user:7", account)));
      }
      long fresh = 0;
      for (Future<Boolean> f : added) {
        fresh += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(fresh).isEqualTo(40);
      assertThat(links.directory().accounts("user:7")).hasSize(40).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void jdbcTableNamesAreCheckedAndStoreFailuresAreTypedWithoutDriverDetails() throws Exception {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + dir.resolve("links.db"));
    assertThatThrownBy(() -> JdbcAccountDirectory.on(ds, "links; DROP TABLE x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table");
    assertThatThrownBy(() -> JdbcAccountDirectory.on(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataSource");

    JdbcAccountDirectory d = JdbcAccountDirectory.on(ds);
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE " + JdbcAccountDirectory.DEFAULT_TABLE);
    }
    assertThatThrownBy(() -> d.accounts("user:1"))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("could not read the accounts of user:1")
        .hasMessageContaining("SQL state");
  }

  @Test
  void aHandEditedRowThatIsNoAccountIsReportedNotSkipped() throws Exception {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + dir.resolve("links.db"));
    JdbcAccountDirectory d = JdbcAccountDirectory.on(ds);
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO bk_account_links VALUES ('user:1', 'hedera:testnet', 'not-an-id', 1)");
    }
    assertThatThrownBy(() -> d.accounts("user:1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("invalid account");
  }
}
