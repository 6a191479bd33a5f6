package dev.balancekit.source.hedera;

import static dev.balancekit.source.hedera.MirrorVenue.ACCOUNT;
import static dev.balancekit.source.hedera.MirrorVenue.ACCOUNT_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManager;
import dev.balancekit.SourceState;
import dev.balancekit.cache.CaffeineBalanceCache;
import dev.balancekit.event.BalanceEvent;
import dev.balancekit.source.http.Await;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A wallet app: the manager with the Hedera stream, the Mirror fallback and a Caffeine cache. */
class WalletManagerTest {
  private static final Asset HBAR = Asset.of("HBAR", 8);
  private static final Asset TOKEN = Asset.of("USDC", 3, "0.0.27335");

  private final MirrorVenue venue = new MirrorVenue();
  private final HederaSource hedera = venue.builder().tokenCode("0.0.27335", "USDC").build();
  private final BalanceManager manager =
      BalanceManager.builder()
          .source(hedera.stream())
          .fallback(hedera.rest())
          .cache(
              CaffeineBalanceCache.builder()
                  .ttl(Duration.ofSeconds(30))
                  .maximumSize(10_000)
                  .build())
          .build();

  @AfterEach
  void close() {
    manager.close();
    hedera.close();
    venue.close();
  }

  @Test
  void readsHbarAndTokensThroughTheManagerAndServesRepeatsWithoutCalls() {
    Balance hbar = manager.balance(ACCOUNT, HBAR);
    Balance usdc = manager.balance(ACCOUNT, TOKEN);
    AccountBalances all = manager.balances(ACCOUNT);

    assertThat(hbar.total()).isEqualTo(new BigDecimal("0.00000080"));
    assertThat(usdc.total()).isEqualTo(new BigDecimal("0.005"));
    assertThat(all.find("0.0.27336").orElseThrow().total()).isEqualTo(new BigDecimal("1.234567"));
    // A token the account does not hold reads as zero only because the snapshot is complete.
    assertThat(manager.balance(ACCOUNT, Asset.of("0.0.99", 2, "0.0.99")).total())
        .isEqualTo(new BigDecimal("0.00"));

    Await.until(
        "the stream to follow the account", () -> hedera.stream().view(ACCOUNT).isPresent());
    for (int i = 0; i < 20; i++) {
      manager.balance(ACCOUNT, HBAR);
    }
    // Repeated reads come from the stream's view or the cache: the fallback was asked once.
    assertThat(manager.statistics().sourceCalls().get("hedera-testnet-mirror")).isEqualTo(1L);
  }

  @Test
  void aChangeOnTheMirrorReachesOnChangeListeners() {
    List<BalanceEvent.Changed> changes = new CopyOnWriteArrayList<>();
    manager.onChange(changes::add);
    manager.balance(ACCOUNT, HBAR);
    Await.until(
        "the stream to be live with the account",
        () ->
            hedera.stream().state() == SourceState.LIVE
                && hedera.stream().view(ACCOUNT).isPresent());

    venue.answer(
        ACCOUNT_PATH, MirrorVenue.account("0.0.2", 1_000_000_080L, "1700000100.000000001"));

    Await.until(
        "the HBAR change event", () -> changes.stream().anyMatch(c -> c.asset().equals(HBAR)));
    BalanceEvent.Changed change =
        changes.stream().filter(c -> c.asset().equals(HBAR)).findFirst().orElseThrow();
    assertThat(change.previous()).isEqualTo(new BigDecimal("0.00000080"));
    assertThat(change.current()).isEqualTo(new BigDecimal("10.00000080"));
    assertThat(change.source()).isEqualTo("hedera-testnet-stream");
    Await.until(
        "reads to see the change",
        () -> manager.balance(ACCOUNT, HBAR).total().equals(new BigDecimal("10.00000080")));
    assertThat(changes.stream().filter(c -> c.asset().code().equals("USDC"))).isEmpty();
  }

  @Test
  void anUnknownAccountIsNotFoundThroughTheManager() {
    AccountRef unknown = AccountRef.of("hedera:testnet", "0.0.404");
    venue.answer("/api/v1/accounts/0.0.404?transactions=false", MirrorVenue.notFound());
    venue.answer("/api/v1/accounts/0.0.404/tokens?limit=100", MirrorVenue.notFound());

    assertThatThrownBy(() -> manager.balance(unknown, HBAR))
        .isInstanceOf(AccountNotFoundException.class);
    // Not remembered as an empty account: the next read asks again and fails again.
    assertThatThrownBy(() -> manager.balance(unknown, HBAR))
        .isInstanceOf(AccountNotFoundException.class);
    // WireMock journals a request after answering it: wait for the journal rather than race it.
    Await.until(
        "both reads to reach the mirror",
        () -> venue.calls("/api/v1/accounts/0.0.404?transactions=false") >= 2);
  }
}
