package dev.balancekit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.ManualClock;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Work run inside the writer's transaction commits or rolls back with the transfers it makes. */
class LedgerTransactionTest {
  static final String NS = "ledger:guild-7";
  static final Asset COIN = Asset.of("COIN", 2);
  static final AccountRef ALICE = AccountRef.of(NS, "alice");
  static final AccountRef BOB = AccountRef.of(NS, "bob");

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at("2026-11-22T12:00:00Z");
  Stores store;
  String schema;
  Ledger ledger;

  void open(Stores s) {
    store = s;
    schema = s.freshSchema();
    ledger = s.open(dir, clock, schema);
    ledger.transact(
        tx -> {
          try (Statement st = tx.connection().createStatement()) {
            st.execute(
                "CREATE TABLE IF NOT EXISTS claims (namespace VARCHAR(100), account VARCHAR(100), day VARCHAR(10))");
          }
          return null;
        });
  }

  @AfterEach
  void tearDown() {
    if (ledger != null) {
      assertThat(ledger.verifyIntegrity().violations()).isEmpty();
      ledger.close();
      store.drop(schema);
    }
  }

  private static void claim(LedgerTransaction tx, AccountRef who, String day) throws SQLException {
    try (PreparedStatement ps =
        tx.connection().prepareStatement("INSERT INTO claims VALUES (?, ?, ?)")) {
      ps.setString(1, who.venue());
      ps.setString(2, who.id());
      ps.setString(3, day);
      ps.executeUpdate();
    }
  }

  private int claims() {
    return ledger.transact(
        tx -> {
          try (Statement st = tx.connection().createStatement();
              ResultSet rs = st.executeQuery("SELECT count(*) FROM claims")) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void ownRowsAndTransfersCommitTogether(Stores s) {
    open(s);
    TransferReceipt reward =
        ledger.transact(
            tx -> {
              claim(tx, ALICE, "2026-11-22");
              TransferReceipt r =
                  tx.issue(ALICE, COIN, new BigDecimal("25"), "daily:alice:2026-11-22", "reward");
              assertThat(tx.balance(ALICE, COIN)).isEqualByComparingTo("25"); // sees its own change
              assertThat(tx.isKeyUsed(NS, "daily:alice:2026-11-22")).isTrue();
              return r;
            });
    assertThat(reward.replay()).isFalse();
    assertThat(claims()).isEqualTo(1);
    assertThat(ledger.fetch(ALICE).join().get(COIN).orElseThrow().total())
        .isEqualByComparingTo("25");
    assertThat(ledger.entries(ALICE, COIN, 0, 10))
        .singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo("reward"));
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void aThrowingWorkUndoesItsTransfersAndRowsButNotItsNeighbours(Stores s) {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("10"), "seed");
    CompletableFuture<TransferReceipt> before =
        ledger.submitAsync(TransferRequest.of(ALICE, BOB, COIN, BigDecimal.ONE));
    CompletableFuture<Object> failing =
        ledger.transactAsync(
            tx -> {
              claim(tx, BOB, "2026-11-22");
              tx.issue(BOB, COIN, new BigDecimal("5"), "daily:bob:2026-11-22", "reward");
              tx.transfer(
                  TransferRequest.of(ALICE, BOB, COIN, new BigDecimal("1000")),
                  "wager"); // refused: overdraft
              return null;
            });
    CompletableFuture<TransferReceipt> after =
        ledger.submitAsync(TransferRequest.of(ALICE, BOB, COIN, BigDecimal.ONE));
    assertThatThrownBy(failing::join).hasCauseInstanceOf(InsufficientFundsException.class);
    assertThat(before.join().replay()).isFalse();
    assertThat(after.join().replay()).isFalse();
    assertThat(claims()).isZero();
    assertThat(ledger.fetch(BOB).join().get(COIN).orElseThrow().total()).isEqualByComparingTo("2");
    boolean used = ledger.transact(tx -> tx.isKeyUsed(NS, "daily:bob:2026-11-22"));
    assertThat(used).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void theTransactionDiesWithItsCallAndKindsAreChecked(Stores s) {
    open(s);
    AtomicReference<LedgerTransaction> leaked = new AtomicReference<>();
    ledger.transact(
        tx -> {
          leaked.set(tx);
          assertThat(tx.exists(ALICE, COIN)).isFalse();
          assertThat(tx.available(ALICE, COIN)).isEqualByComparingTo("0");
          assertThatThrownBy(() -> tx.issue(ALICE, COIN, BigDecimal.ONE, "k", "Reward!"))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("'Reward!'");
          return null;
        });
    assertThatThrownBy(() -> leaked.get().connection())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only during its transact call");
    assertThatThrownBy(() -> ledger.transact(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void aRolledBackFirstUseOfAnAssetLeavesItUnregisteredUntilACommittedOne(Stores s) {
    open(s);
    assertThatThrownBy(
            () ->
                ledger.transact(
                    tx -> {
                      tx.issue(ALICE, COIN, new BigDecimal("5"), "first", "reward");
                      throw new IllegalStateException("refused after the first write");
                    }))
        .hasMessageContaining("refused after the first write");

    ledger.issue(ALICE, COIN, new BigDecimal("7"), "second");

    assertThat(ledger.fetch(ALICE).join().get(COIN).orElseThrow().total())
        .isEqualByComparingTo("7");
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void integrityNamesAnAccountWhoseAssetScaleIsMissing(Stores s) {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("7"), "grant");
    String deleteScale = "DELETE FROM bk_assets WHERE namespace = '" + NS + "'";
    ledger.transact(
        tx -> {
          try (Statement st = tx.connection().createStatement()) {
            st.executeUpdate(deleteScale);
          }
          return null;
        });

    assertThat(ledger.verifyIntegrity().violations())
        .contains(
            "alice/COIN in " + NS + " holds an asset whose scale the namespace never registered");

    ledger.transact(
        tx -> {
          try (Statement st = tx.connection().createStatement()) {
            st.executeUpdate(
                "INSERT INTO bk_assets (namespace, code, scale) VALUES ('" + NS + "', 'COIN', 2)");
          }
          return null;
        });
  }
}
