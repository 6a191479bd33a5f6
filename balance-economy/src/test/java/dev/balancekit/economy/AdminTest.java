package dev.balancekit.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.balancekit.Asset;
import dev.balancekit.ValidationIssue;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.validation.Tier;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AdminTest extends EconomyFixture {

  @ParameterizedTest
  @EnumSource(Databases.class)
  void giveTakeSetAndResetAreAuditedWithActorReasonAndBalances(Databases d) {
    open(d);
    economy.claimDaily(NS, BOB);
    AdminResult give = economy.give(NS, MOD, BOB, new BigDecimal("50"), "won the quiz");
    assertThat(give.balanceBefore()).isEqualTo(bytes("150"));
    assertThat(give.balanceAfter()).isEqualTo(bytes("200"));
    AuditEvent e = give.event();
    assertThat(e.action()).isEqualTo(AuditEvent.Action.GIVE);
    assertThat(e.actorId()).isEqualTo("mod");
    assertThat(e.actorName()).isEqualTo("Moderator");
    assertThat(e.accountName()).isEqualTo("Bob");
    assertThat(e.amount()).isEqualTo(bytes("50"));
    assertThat(e.reason()).isEqualTo("won the quiz");
    assertThat(e.transferId()).isNotNull();
    assertThat(e.at()).isEqualTo(clock.instant());

    assertThatThrownBy(() -> economy.take(NS, MOD, BOB, new BigDecimal("500"), "fine", false))
        .isInstanceOf(TransferRejectedException.class)
        .hasMessage(
            "transfer rejected by 'below_zero': taking"
                + " 500.00 BYTES would leave Bob below zero (they have 200.00 BYTES); force takes what there is");
    AdminResult take = economy.take(NS, MOD, BOB, new BigDecimal("30"), "fine", false);
    assertThat(take.balanceAfter()).isEqualTo(bytes("170"));
    AdminResult forced = economy.take(NS, MOD, BOB, new BigDecimal("500"), "ban", true);
    assertThat(forced.balanceAfter()).isEqualTo(bytes("0"));
    assertThat(forced.event().amount()).isEqualTo(bytes("170"));
    assertThat(forced.event().detail()).isEqualTo("forced: asked for 500.00 BYTES");

    AdminResult set = economy.set(NS, MOD, BOB, new BigDecimal("75.5"), "appeal");
    assertThat(set.balanceBefore()).isEqualTo(bytes("0"));
    assertThat(set.balanceAfter()).isEqualTo(bytes("75.50"));
    AdminResult reset = economy.reset(NS, MOD, BOB, "season 2");
    assertThat(reset.balanceAfter()).isEqualTo(bytes("100"));
    assertThat(economy.balance(NS, "bob").streak()).isZero();
    assertThat(economy.balance(NS, "bob").dailyAvailable())
        .isFalse(); // today's claim stays claimed

    assertThat(economy.events(NS, "mod", 0, 100))
        .extracting(AuditEvent::action, AuditEvent::balanceBefore, AuditEvent::balanceAfter)
        .containsExactly(
            tuple(AuditEvent.Action.GIVE, bytes("150"), bytes("200")),
            tuple(AuditEvent.Action.TAKE, bytes("200"), bytes("170")),
            tuple(AuditEvent.Action.TAKE, bytes("170"), bytes("0")),
            tuple(AuditEvent.Action.SET, bytes("0"), bytes("75.50")),
            tuple(AuditEvent.Action.RESET, bytes("75.50"), bytes("100")));
    assertThatThrownBy(() -> economy.give(NS, MOD, BOB, BigDecimal.ONE, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an admin operation needs a reason, but was ' '");
    assertThatThrownBy(() -> economy.give(NS, MOD, BOB, BigDecimal.ONE, "x".repeat(101)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "reason must be at most 100 characters without control characters, but was 101 characters");
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aSendIsReversedOnceWithItsTax(Databases d) {
    open(d);
    configure(c -> c.taxPercent(new BigDecimal("5")).sendCooldown(Duration.ZERO));
    SendResult sent = economy.send(NS, ALICE, BOB, new BigDecimal("40"), "oops");

    AdminResult reversed = economy.reverse(NS, MOD, sent.id(), "sent to the wrong Bob");
    assertThat(shown(ALICE)).isEqualTo(bytes("100"));
    assertThat(shown(BOB)).isEqualTo(bytes("100"));
    assertThat(reversed.balanceBefore())
        .isEqualTo(bytes("140")); // Bob's starting balance granted first
    assertThat(reversed.balanceAfter()).isEqualTo(bytes("100"));
    assertThat(reversed.event().detail()).isEqualTo("reverses send " + sent.id());
    assertThat(reversed.event().counterpartyName()).isEqualTo("Alice");
    assertThat(reversed.event().tax()).isEqualTo(bytes("2"));
    assertThat(economy.balance(NS, "alice").totalSent()).isEqualTo(bytes("0"));
    assertThatThrownBy(() -> economy.reverse(NS, MOD, sent.id(), "again"))
        .isInstanceOf(TransferRejectedException.class)
        .hasMessage(
            "transfer rejected by 'already_reversed': send " + sent.id() + " was already reversed");
    assertThatThrownBy(() -> economy.reverse(NS, MOD, "nope", "why"))
        .isInstanceOf(TransferRejectedException.class)
        .hasMessage("transfer rejected by 'transfer_unknown': no completed send nope in guild-42");

    SendResult spent = economy.send(NS, ALICE, CAROL, new BigDecimal("50"), null);
    economy.take(NS, MOD, CAROL, new BigDecimal("120"), "spent", false);
    assertThatThrownBy(() -> economy.reverse(NS, MOD, spent.id(), "too late"))
        .isInstanceOf(InsufficientFundsException.class);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void anAdjustmentIsCheckedAgainstItsTierAndReturnsItsAlertsAndAuditRow(Databases d) {
    open(d);
    economy.set(NS, MOD, BOB, new BigDecimal("20000"), "vip");
    Adjustment prize =
        Adjustment.of(BOB, new BigDecimal("100000"), "event_prize", "tournament", MOD, Tier.GOLD)
            .withMetadata(Map.of("event", "finals", "place", "1"));

    AdjustResult applied = economy.adjust(NS, prize);
    assertThat(applied.balance()).isEqualTo(bytes("120000"));
    assertThat(applied.report().isValid()).isTrue();
    assertThat(applied.alerts()).extracting(ValidationIssue::rule).containsExactly("risk_score");
    assertThat(applied.event().action()).isEqualTo(AuditEvent.Action.ADJUST);
    assertThat(applied.event().detail())
        .isEqualTo("kind event_prize; tier GOLD; alerts risk_score; event=finals;" + " place=1");
    assertThat(applied.event().balanceBefore()).isEqualTo(bytes("20000"));

    // The week's changes so far: 100 starting + 19,900 set + 100,000 prize; GOLD allows 150,000 a
    // day.
    assertThatThrownBy(
            () ->
                economy.adjust(
                    NS,
                    Adjustment.of(
                        BOB, new BigDecimal("30001"), "event_prize", "again", MOD, Tier.GOLD)))
        .isInstanceOfSatisfying(
            AdjustmentRefusedException.class,
            e -> {
              assertThat(e.report().isValid()).isFalse();
              assertThat(e)
                  .hasMessageStartingWith(
                      "adjustment refused by the tier limits: daily_change_limit: daily"
                          + " changes of 150001.00 BYTES (this change 30001.00 BYTES) are above the daily change limit of"
                          + " 150000.00 BYTES");
            });
    clock.advance(Duration.ofDays(1));
    assertThatThrownBy(
            () ->
                economy.adjust(
                    NS,
                    Adjustment.of(
                        BOB, new BigDecimal("-110000"), "penalty", "cheat", MOD, Tier.GOLD)))
        .isInstanceOf(AdjustmentRefusedException.class)
        .hasMessageContaining(
            "min_balance: total" + " 10000.00 BYTES is below the minimum of 15000.00 BYTES");
    assertThatThrownBy(
            () ->
                economy.adjust(
                    NS,
                    Adjustment.of(
                        BOB, new BigDecimal("-200000"), "penalty", "cheat", MOD, Tier.DIAMOND)))
        .isInstanceOf(InsufficientFundsException.class);
    assertThatThrownBy(
            () ->
                economy.adjust(
                    NS, Adjustment.of(BOB, BigDecimal.ONE, "Prize!", "x", MOD, Tier.GOLD)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kind must be");
    assertThat(shown(BOB)).isEqualTo(bytes("120000"));
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void configurationChangesAreValidatedAgainstTheAssetAndAuditedOldToNew(Databases d) {
    open(d);
    assertThat(economy.config(NS)).isEqualTo(NamespaceConfig.defaults());
    NamespaceConfig next =
        NamespaceConfig.custom()
            .dailyReward(new BigDecimal("75"))
            .taxPercent(new BigDecimal("2.5"))
            .dailySendCap(new BigDecimal("500"))
            .build();
    AuditEvent e = economy.configure(NS, next, MOD, "holiday season");

    assertThat(e.action()).isEqualTo(AuditEvent.Action.CONFIG);
    assertThat(e.detail())
        .isEqualTo("dailyReward: 50 → 75; dailySendCap: none → 500; taxPercent: 0 → 2.5");
    assertThat(e.actorName()).isEqualTo("Moderator");
    assertThat(e.reason()).isEqualTo("holiday season");
    assertThat(restart().config(NS)).isEqualTo(next);
    assertThatThrownBy(
            () ->
                economy.configure(
                    NS, next.toBuilder().dailyReward(new BigDecimal("0.001")).build(), MOD, "typo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dailyReward 0.001 has 3 decimals but BYTES allows at most 2");

    Economy otherAsset =
        Economy.builder().ledger(ledger()).asset(Asset.of("GEMS", 0)).clock(clock).build();
    assertThatThrownBy(() -> otherAsset.balance(NS, "alice"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "namespace 'guild-42' keeps its economy in BYTES:2, not GEMS:0; use one asset per namespace");
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void theLeaderboardOrdersByBalanceThenIdAndRanksOneMember(Databases d) {
    open(d);
    configure(c -> c.sendCooldown(Duration.ZERO).confirmationThreshold(null));
    economy.claimDaily(NS, Member.of("zed", "Zed")); // 150
    economy.claimDaily(NS, ALICE); // 150
    economy.send(NS, CAROL, BOB, new BigDecimal("10"), null); // carol 90, bob 110 (100 owed + 10)
    economy.give(NS, MOD, Member.of("amy", "Amy"), new BigDecimal("50"), "welcome"); // 150

    assertThat(economy.leaderboard(NS, 10))
        .extracting(LeaderboardEntry::rank, LeaderboardEntry::userId, LeaderboardEntry::balance)
        .containsExactly(
            tuple(1, "alice", bytes("150")),
            tuple(2, "amy", bytes("150")),
            tuple(3, "zed", bytes("150")),
            tuple(4, "bob", bytes("110")),
            tuple(5, "carol", bytes("90")));
    assertThat(economy.leaderboard(NS, 2))
        .extracting(LeaderboardEntry::userId)
        .containsExactly("alice", "amy");
    assertThat(economy.rank(NS, "zed"))
        .contains(new LeaderboardEntry(3, "zed", "Zed", bytes("150")));
    assertThat(economy.rank(NS, "nobody")).isEmpty();
    assertThatThrownBy(() -> economy.leaderboard(NS, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be in 1..1000, but was 0");
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void theHistoryExportsAsRfc4180Csv(Databases d) {
    open(d);
    configure(c -> c.sendCooldown(Duration.ZERO));
    Member quoted = Member.of("q", "Quinn \"Q\", Jr.");
    economy.send(
        NS,
        ALICE,
        quoted,
        new BigDecimal("12.5"),
        "rent, \"May\"\nsecond line?".replace("\n", " "));
    economy.claimDaily(NS, CAROL);

    StringBuilder csv = new StringBuilder();
    economy.exportCsv(NS, "alice", csv);
    String[] lines = csv.toString().split("\r\n", -1);
    assertThat(lines[0])
        .isEqualTo(
            "id,namespace,at,action,actor_id,actor_name,account_id,account_name,"
                + "counterparty_id,counterparty_name,amount,tax,balance_before,balance_after,reason,transfer_id,detail");
    assertThat(lines).hasSize(4).endsWith("");
    assertThat(lines[1])
        .startsWith(
            "2,guild-42,2026-11-22T12:00:00Z,start,alice,Alice,alice,Alice,,,100.00,,0.00,"
                + "100.00,,");
    assertThat(lines[2])
        .matches(
            "3,guild-42,2026-11-22T12:00:00Z,send,alice,Alice,alice,Alice,q,"
                + "\"Quinn \"\"Q\"\", Jr\\.\",12\\.50,0\\.00,100\\.00,87\\.50,\"rent, \"\"May\"\" second line\\?\",[0-9a-f-]+,");

    StringBuilder all = new StringBuilder();
    economy.exportCsv(NS, all);
    assertThat(all.toString().split("\r\n"))
        .hasSize(6); // header, config, start, send, start, claim
    assertThat(Csv.escape("a\r\nb")).isEqualTo("\"a\r\nb\"");
    assertThat(Csv.escape("plain")).isEqualTo("plain");
  }
}
