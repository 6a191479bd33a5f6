package dev.balancekit.economy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.ledger.Ledger;
import dev.balancekit.source.ManualClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** One economy per test on a fresh database, checked for integrity and closed afterwards. */
abstract class EconomyFixture {
  static final String NS = "guild-42";
  static final Asset BYTES = Asset.of("BYTES", 2);
  static final Member ALICE = Member.of("alice", "Alice");
  static final Member BOB = Member.of("bob", "Bob");
  static final Member CAROL = Member.of("carol", "Carol");
  static final Member MOD = Member.of("mod", "Moderator");

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at("2026-11-22T12:00:00Z");
  Databases db;
  String schema;
  Economy economy;
  final List<Ledger> ledgers = new ArrayList<>();

  Economy open(Databases database) {
    db = database;
    schema = database.freshSchema();
    economy = instance();
    return economy;
  }

  /** Another economy instance on the same database, as a second application process would be. */
  Economy instance() {
    Ledger ledger = db.open(dir, clock, schema);
    ledgers.add(ledger);
    return Economy.builder().ledger(ledger).asset(BYTES).clock(clock).build();
  }

  /** Closes every instance and opens a new one: a restart. */
  Economy restart() {
    ledgers.forEach(Ledger::close);
    ledgers.clear();
    economy = instance();
    return economy;
  }

  Ledger ledger() {
    return ledgers.get(0);
  }

  void configure(UnaryOperator<NamespaceConfig.Builder> change) {
    economy.configure(NS, change.apply(economy.config(NS).toBuilder()).build(), MOD, "test set-up");
  }

  /** What the member holds as the economy shows it. */
  BigDecimal shown(Member m) {
    return economy.balance(NS, m.id()).balance();
  }

  /** What the ledger itself holds for the member (no starting balance owed counted). */
  BigDecimal held(String userId) {
    AccountRef account = AccountRef.of("ledger:" + NS, userId);
    return ledger().fetch(account).join().get(BYTES).map(Balance::total).orElse(BYTES.zero());
  }

  static BigDecimal bytes(String amount) {
    return new BigDecimal(amount).setScale(2);
  }

  @AfterEach
  void closeAndCheckIntegrity() {
    try {
      if (!ledgers.isEmpty()) {
        assertThat(ledger().verifyIntegrity().violations())
            .as("ledger integrity after the scenario")
            .isEmpty();
      }
    } finally {
      ledgers.forEach(Ledger::close);
      if (db != null) {
        db.drop(schema);
      }
    }
  }
}
