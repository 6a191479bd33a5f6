package dev.balancekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalanceTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final Asset BTC = Asset.of("BTC", 8);
  static final Asset ETH = Asset.of("ETH", 18);
  static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

  static Balance btc(String total, long seq, Instant at) {
    return Balance.builder(ACCOUNT, BTC)
        .total(new BigDecimal(total))
        .source("s")
        .observedAt(at)
        .sequence(seq)
        .build();
  }

  @Test
  void unknownAvailableAndHeldStayEmptyNotZero() {
    Balance b = Balance.of(ACCOUNT, BTC, new BigDecimal("1"), "kraken-ws", T0);
    assertThat(b.available()).isEmpty();
    assertThat(b.held()).isEmpty();
    assertThat(b.wallets()).isEmpty();
    assertThat(b.sequence()).isEmpty();
    assertThat(b.freshness()).isEqualTo(Freshness.LIVE);
    assertThat(b.receivedAt()).isEqualTo(T0);
  }

  @Test
  void rejectsEachAmountWithTooManyDecimalsNamingTheField() {
    var builder = Balance.builder(ACCOUNT, BTC);
    assertThatThrownBy(() -> builder.total(new BigDecimal("0.000000001")))
        .hasMessageStartingWith("total ");
    assertThatThrownBy(() -> builder.available(new BigDecimal("0.000000001")))
        .hasMessageStartingWith("available ");
    assertThatThrownBy(() -> builder.held(new BigDecimal("0.000000001")))
        .hasMessageStartingWith("held ");
    assertThatThrownBy(() -> builder.wallets(Map.of("spot", new BigDecimal("0.000000001"))))
        .hasMessageStartingWith("wallet spot ");
    assertThatThrownBy(() -> builder.wallets(Map.of(" ", BigDecimal.ONE)))
        .hasMessageContaining("wallet name");
  }

  @Test
  void rejectsMissingRequiredFieldsAndNulls() {
    assertThatThrownBy(() -> Balance.builder(null, BTC)).hasMessage("account must not be null");
    assertThatThrownBy(() -> Balance.builder(ACCOUNT, null)).hasMessage("asset must not be null");
    assertThatThrownBy(() -> Balance.builder(ACCOUNT, BTC).total(BigDecimal.ONE).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs total, source and observedAt");
    assertThatThrownBy(() -> Balance.builder(ACCOUNT, BTC).source(" "))
        .hasMessageContaining("source must not");
    assertThatThrownBy(() -> Balance.builder(ACCOUNT, BTC).sequence(-1)).hasMessageContaining("-1");
  }

  @Test
  void acceptsNegativeTotalsAndHoldsAboveTotalBecauseSourcesReportThem() {
    Balance b =
        Balance.builder(ACCOUNT, BTC)
            .total(new BigDecimal("-0.5"))
            .held(new BigDecimal("2"))
            .source("s")
            .observedAt(T0)
            .build();
    assertThat(b.total()).isEqualByComparingTo("-0.5");
    assertThat(b.held()).contains(new BigDecimal("2.00000000"));
  }

  @Test
  void newerBySequenceWhenBothHaveOneElseByTime() {
    assertThat(btc("1", 5, T0).isNewerThan(btc("2", 4, T0.plusSeconds(9)))).isTrue();
    Balance early = Balance.of(ACCOUNT, BTC, BigDecimal.ONE, "s", T0);
    Balance late = Balance.of(ACCOUNT, BTC, BigDecimal.ONE, "s", T0.plusSeconds(1));
    assertThat(late.isNewerThan(early)).isTrue();
    assertThat(early.isNewerThan(late)).isFalse();
  }

  @Test
  void sequencesOfDifferentSourcesAreNotComparedTimeDecides() {
    Balance stream = btc("1", 900, T0);
    Balance rest =
        Balance.builder(ACCOUNT, BTC)
            .total(BigDecimal.TEN)
            .source("rest")
            .observedAt(T0.plusSeconds(1))
            .sequence(1)
            .build();
    assertThat(rest.isNewerThan(stream)).isTrue();
    AccountBalances view = AccountBalances.partial(ACCOUNT, List.of(stream), T0);
    AccountBalances sameInstant =
        AccountBalances.partial(
            ACCOUNT, List.of(Balance.of(ACCOUNT, BTC, BigDecimal.TEN, "rest", T0)), T0);
    assertThat(view.merge(sameInstant).find("BTC").orElseThrow().source())
        .as("on a tie the report that arrived last wins")
        .isEqualTo("rest");
  }

  @Test
  void ageIsMeasuredFromReceiptAndNeverNegative() {
    Balance b = Balance.of(ACCOUNT, BTC, BigDecimal.ONE, "s", T0);
    assertThat(b.ageAt(T0.plusSeconds(42))).isEqualTo(Duration.ofSeconds(42));
    assertThat(b.ageAt(T0.minusSeconds(1))).isEqualTo(Duration.ZERO);
  }

  @Test
  void completeViewAnswersZeroForAnAbsentAssetPartialViewDoesNot() {
    AccountBalances complete = AccountBalances.snapshot(ACCOUNT, List.of(btc("1", 1, T0)), T0);
    AccountBalances partial = AccountBalances.partial(ACCOUNT, List.of(btc("1", 1, T0)), T0);
    assertThat(complete.get(ETH))
        .hasValueSatisfying(b -> assertThat(b.total()).isEqualByComparingTo("0"));
    assertThat(partial.get(ETH)).isEmpty();
  }

  @Test
  void rejectsBalancesOfOtherAccountsAndDuplicateAssets() {
    Balance other = Balance.of(AccountRef.of("kraken", "other"), BTC, BigDecimal.ONE, "s", T0);
    assertThatThrownBy(() -> AccountBalances.snapshot(ACCOUNT, List.of(other), T0))
        .hasMessageContaining("does not belong to kraken/main");
    assertThatThrownBy(
            () -> AccountBalances.snapshot(ACCOUNT, List.of(btc("1", 1, T0), btc("2", 2, T0)), T0))
        .hasMessageContaining("two balances of BTC");
  }

  @Test
  void mergeNeverLetsAnOlderReportOverwriteANewerOne() {
    AccountBalances view = AccountBalances.partial(ACCOUNT, List.of(btc("5", 10, T0)), T0);
    AccountBalances late =
        AccountBalances.partial(ACCOUNT, List.of(btc("1", 9, T0.plusSeconds(1))), T0);
    assertThat(view.merge(late).find("BTC").orElseThrow().total()).isEqualByComparingTo("5");
    AccountBalances newer = AccountBalances.partial(ACCOUNT, List.of(btc("6", 11, T0)), T0);
    assertThat(view.merge(newer).find("BTC").orElseThrow().total()).isEqualByComparingTo("6");
  }

  @Test
  void completeSnapshotDropsAssetsItNoLongerListsUnlessTheyArrivedLater() {
    Balance eth = Balance.of(ACCOUNT, ETH, BigDecimal.ONE, "s", T0);
    AccountBalances view = AccountBalances.snapshot(ACCOUNT, List.of(btc("1", 1, T0), eth), T0);
    AccountBalances snapshot =
        AccountBalances.snapshot(ACCOUNT, List.of(btc("2", 2, T0)), T0.plusSeconds(5));
    AccountBalances merged = view.merge(snapshot);
    assertThat(merged.find("ETH")).isEmpty();
    assertThat(merged.get(ETH).orElseThrow().total()).isEqualByComparingTo("0");
    Balance lateEth = Balance.of(ACCOUNT, ETH, BigDecimal.TEN, "s", T0.plusSeconds(9));
    AccountBalances newerView =
        AccountBalances.partial(ACCOUNT, List.of(lateEth), T0.plusSeconds(9));
    assertThat(newerView.merge(snapshot).find("ETH")).isPresent();
  }

  @Test
  void withFreshnessMarksEveryBalance() {
    AccountBalances view =
        AccountBalances.snapshot(ACCOUNT, List.of(btc("1", 1, T0)), T0)
            .withFreshness(Freshness.STALE);
    assertThat(view.freshness()).isEqualTo(Freshness.STALE);
    assertThat(view.balances()).allMatch(b -> b.freshness() == Freshness.STALE);
  }

  @Test
  void anAssetTheSourceListedButCouldNotReadIsUnknownEvenInACompleteView() {
    AccountBalances complete =
        AccountBalances.snapshot(ACCOUNT, List.of(btc("1", 1, T0)), T0)
            .withUnread(List.of("ETH", "BTC"));

    assertThat(complete.unread()).containsExactly("ETH"); // BTC has a balance: it was read
    assertThat(complete.get(ETH)).isEmpty();
    assertThat(complete.get(Asset.of("DOGE", 8)).orElseThrow().total()).isZero();
    assertThat(complete.receivedAt(T0.plusSeconds(1)).get(ETH)).isEmpty();
    assertThat(complete.withFreshness(Freshness.STALE).get(ETH)).isEmpty();

    // A delta keeps what is still unread; a balance for the code resolves it.
    AccountBalances afterDelta =
        complete.merge(AccountBalances.partial(ACCOUNT, List.of(btc("2", 2, T0)), T0));
    assertThat(afterDelta.get(ETH)).isEmpty();
    Balance eth =
        Balance.builder(ACCOUNT, ETH).total(BigDecimal.ONE).source("s").observedAt(T0).build();
    assertThat(afterDelta.merge(AccountBalances.partial(ACCOUNT, List.of(eth), T0)).unread())
        .isEmpty();
    // A new complete report replaces the list.
    AccountBalances fresh =
        AccountBalances.snapshot(ACCOUNT, List.of(btc("3", 3, T0)), T0.plusSeconds(2));
    assertThat(afterDelta.merge(fresh).get(ETH).orElseThrow().total()).isZero();
    assertThat(afterDelta.merge(fresh.withUnread(List.of("ETH"))).get(ETH)).isEmpty();
    assertThatThrownBy(() -> complete.withUnread(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
