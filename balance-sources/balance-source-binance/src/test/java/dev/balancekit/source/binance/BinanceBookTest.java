package dev.balancekit.source.binance;

import static dev.balancekit.source.binance.TestVenue.ACCOUNT;
import static dev.balancekit.source.binance.TestVenue.BTC;
import static dev.balancekit.source.binance.TestVenue.ETH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.AccountBalances;
import dev.balancekit.Balance;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The ordering rules, event by event, without a network. */
class BinanceBookTest {
  private static final Instant AT = Instant.parse("2026-03-01T00:00:00Z");

  private final Counters counters = new Counters();
  private final BinanceBook book = new BinanceBook(ACCOUNT, "binance-stream", counters, 100);

  @Test
  void positionSetsFreeLockedAndTotalWithTheUpdateTimeAsSequence() {
    book.applySnapshot(snapshot(100, "1", "0"));
    List<Balance> changed = book.applyPositions(List.of(position("2.5", "0.5")), 200, 210, AT);

    Balance btc = changed.get(0);
    assertThat(btc.total()).isEqualByComparingTo("3");
    assertThat(btc.available()).contains(new BigDecimal("2.50000000"));
    assertThat(btc.held()).contains(new BigDecimal("0.50000000"));
    assertThat(btc.sequence()).hasValue(200);
    assertThat(btc.observedAt()).isEqualTo(Instant.ofEpochMilli(210));
    assertThat(btc.source()).isEqualTo("binance-stream");
    assertThat(total("BTC")).isEqualByComparingTo("3");
  }

  @Test
  void anOlderPositionDoesNotOverwriteANewerValue() {
    book.applySnapshot(snapshot(100, "1", "0"));
    book.applyPositions(List.of(position("5", "0")), 300, 301, AT);

    assertThat(book.applyPositions(List.of(position("4", "0")), 250, 302, AT)).isEmpty();
    assertThat(total("BTC")).isEqualByComparingTo("5");
    assertThat(counters.ignoredStaleValues.sum()).isEqualTo(1);
  }

  @Test
  void aDeltaAddsToFreeOnlyWhenClearedAfterThePositionAndOnlyOnce() {
    book.applySnapshot(snapshot(100, "1", "0.25"));

    assertThat(book.applyDelta(BTC, new BigDecimal("-0.4"), 150, 151, AT)).isPresent();
    assertThat(book.applyDelta(BTC, new BigDecimal("-0.4"), 150, 151, AT))
        .as("the same event again")
        .isEmpty();
    assertThat(book.applyDelta(BTC, new BigDecimal("9"), 90, 153, AT))
        .as("cleared before the snapshot")
        .isEmpty();
    assertThat(book.applyDelta(BTC, new BigDecimal("0.1"), 150, 152, AT))
        .as("another event, same millisecond")
        .isPresent();

    Balance btc = book.view().orElseThrow().find("BTC").orElseThrow();
    assertThat(btc.available()).contains(new BigDecimal("0.70000000"));
    assertThat(btc.held()).contains(new BigDecimal("0.25000000"));
    assertThat(btc.total()).isEqualByComparingTo("0.95");
    assertThat(btc.sequence()).hasValue(150);
    assertThat(counters.ignoredStaleValues.sum()).isEqualTo(2);
  }

  @Test
  void aPositionAbsorbsTheDeltasItIncludesAndKeepsTheLaterOnesOnTop() {
    book.applySnapshot(snapshot(100, "1", "0"));
    book.applyDelta(BTC, new BigDecimal("2"), 200, 201, AT);
    book.applyDelta(BTC, new BigDecimal("1"), 300, 301, AT);

    book.applyPositions(List.of(position("3", "0")), 200, 202, AT);
    assertThat(total("BTC")).as("3 as of 200, plus the delta of 300").isEqualByComparingTo("4");

    book.applyPositions(List.of(position("6", "0")), 400, 401, AT);
    book.applyDelta(BTC, new BigDecimal("1"), 400, 402, AT);
    assertThat(total("BTC"))
        .as("a delta the position already reflects, arriving late")
        .isEqualByComparingTo("6");
  }

  @Test
  void aDelayedPositionStillLandsUnderTheDeltasClearedAfterIt() {
    book.applySnapshot(snapshot(100, "1", "0"));
    book.applyPositions(List.of(position("3", "1")), 450, 451, AT);
    book.applyDelta(BTC, new BigDecimal("2"), 600, 601, AT);

    book.applyPositions(List.of(position("4", "1")), 500, 602, AT);

    Balance btc = book.view().orElseThrow().find("BTC").orElseThrow();
    assertThat(btc.total()).isEqualByComparingTo("7");
    assertThat(btc.sequence()).hasValue(600);
  }

  @Test
  void aDeltaForAnAssetTheCompleteViewDoesNotListStartsFromZero() {
    book.applySnapshot(snapshot(100, "1", "0"));

    book.applyDelta(ETH, new BigDecimal("0.5"), 200, 201, AT);
    book.applyDelta(ETH, new BigDecimal("9"), 90, 202, AT);

    assertThat(total("ETH")).isEqualByComparingTo("0.5");
  }

  @Test
  void aDeltaBeforeTheFirstSnapshotWaitsAndIsAddedOnlyIfTheSnapshotIsOlder() {
    assertThat(book.applyDelta(BTC, new BigDecimal("2"), 500, 501, AT)).isEmpty();
    book.applyDelta(ETH, new BigDecimal("7"), 90, 91, AT);
    assertThat(book.view()).isEmpty();

    AccountBalances view = book.applySnapshot(snapshot(100, "1", "0"));

    assertThat(view.find("BTC").orElseThrow().total())
        .as("newer than the snapshot: added")
        .isEqualByComparingTo("3");
    assertThat(view.find("ETH"))
        .as("older than the snapshot, which holds no ETH: already in it")
        .isEmpty();
  }

  @Test
  void aPositionBeforeTheFirstSnapshotTakesTheWaitingDeltasClearedAfterIt() {
    book.applyDelta(BTC, new BigDecimal("1"), 150, 151, AT);
    book.applyDelta(BTC, new BigDecimal("2"), 250, 251, AT);

    book.applyPositions(List.of(position("10", "0")), 200, 201, AT);
    book.applySnapshot(snapshot(120, "8", "0"));

    assertThat(total("BTC")).isEqualByComparingTo("12");
  }

  @Test
  void aSnapshotDoesNotOverwriteNewerPositionsAndDropsOnlyOlderAssetsItDoesNotList() {
    book.applySnapshot(snapshot(100, "1", "0"));
    book.applyPositions(List.of(position("5", "0")), 400, 401, AT);
    book.applyPositions(
        List.of(new BinanceBook.Position(ETH, new BigDecimal("2"), BigDecimal.ZERO)), 150, 151, AT);

    AccountBalances view =
        book.applySnapshot(
            new AccountSnapshot(
                AccountBalances.snapshot(ACCOUNT, List.of(), AT), OptionalLong.of(300)));

    assertThat(view.find("BTC").orElseThrow().total())
        .as("newer than the snapshot")
        .isEqualByComparingTo("5");
    assertThat(view.find("ETH")).as("older and not listed: none held").isEmpty();
  }

  @Test
  void theOutcomeDoesNotDependOnTheOrderInWhichEventsAndTheResyncSnapshotArrive() {
    // Connected until 100, then events were missed; on reconnect these three race each other.
    List<Consumer<BinanceBook>> racing =
        List.of(
            b -> b.applyDelta(BTC, new BigDecimal("2"), 600, 601, AT),
            b -> b.applyPositions(List.of(position("3", "1")), 450, 451, AT),
            b -> b.applySnapshot(snapshot(500, "4", "1")));
    for (List<Integer> order :
        List.of(
            List.of(0, 1, 2),
            List.of(0, 2, 1),
            List.of(1, 0, 2),
            List.of(1, 2, 0),
            List.of(2, 0, 1),
            List.of(2, 1, 0))) {
      BinanceBook b = new BinanceBook(ACCOUNT, "binance-stream", new Counters(), 100);
      b.applySnapshot(snapshot(100, "1", "0"));
      order.forEach(i -> racing.get(i).accept(b));

      assertThat(b.view().orElseThrow().find("BTC").orElseThrow().total())
          .as("order " + order)
          .isEqualByComparingTo("7");
    }
  }

  @Test
  void snapshotValuesAreLabelledWithTheStreamAndOrderedByUpdateTime() {
    AccountBalances view = book.applySnapshot(snapshot(123456789, "1", "0"));

    Balance btc = view.find("BTC").orElseThrow();
    assertThat(btc.source()).isEqualTo("binance-stream");
    assertThat(btc.sequence()).hasValue(123456789);
  }

  private BigDecimal total(String code) {
    return book.view().orElseThrow().find(code).orElseThrow().total();
  }

  private static BinanceBook.Position position(String free, String locked) {
    return new BinanceBook.Position(BTC, new BigDecimal(free), new BigDecimal(locked));
  }

  private static AccountSnapshot snapshot(long updateTime, String free, String locked) {
    BigDecimal f = BTC.parse("free", free);
    BigDecimal l = BTC.parse("locked", locked);
    Balance btc =
        Balance.builder(ACCOUNT, BTC)
            .total(f.add(l))
            .available(f)
            .held(l)
            .source("binance-rest")
            .observedAt(AT)
            .sequence(updateTime)
            .build();
    return new AccountSnapshot(
        AccountBalances.snapshot(ACCOUNT, List.of(btc), AT), OptionalLong.of(updateTime));
  }
}
