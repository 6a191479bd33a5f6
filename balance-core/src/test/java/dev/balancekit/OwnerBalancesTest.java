package dev.balancekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.directory.InMemoryAccountDirectory;
import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.source.ManualClock;
import dev.balancekit.spi.AccountDirectory;
import dev.balancekit.spi.BalanceCache;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An application owner's balances across the accounts the directory links to it. */
class OwnerBalancesTest {
  static final AccountRef HEDERA_A = AccountRef.of("hedera:testnet", "0.0.1001");
  static final AccountRef HEDERA_B = AccountRef.of("hedera:testnet", "0.0.1002");
  static final AccountRef LEDGER = AccountRef.of("ledger:guild-1", "alice");
  static final Asset HBAR = Asset.of("HBAR", 8);
  static final Asset USDC_HEDERA = Asset.of("USDC", 6, "0.0.456858");
  static final Asset USDC_ALGORAND = Asset.of("USDC", 6, "31566704");

  final ManualClock clock = ManualClock.at("2026-11-30T00:00:00Z");
  final InMemoryBalanceSource chain = InMemoryBalanceSource.create("chain", clock);
  final InMemoryAccountDirectory directory = InMemoryAccountDirectory.named("wallets");
  BalanceManager manager;

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  BalanceManager build() {
    manager =
        BalanceManager.builder()
            .source(chain.fetchOnly())
            .directory(directory)
            .clock(clock)
            .cache(BalanceCache.none())
            .build();
    return manager;
  }

  @Test
  void readsEveryLinkedAccountAndAddsOnlyTheSameAsset() {
    chain.put(HEDERA_A, HBAR, "10.5");
    chain.put(HEDERA_A, USDC_HEDERA, "1.25");
    chain.put(HEDERA_B, HBAR, "0.00000001");
    chain.put(LEDGER, USDC_ALGORAND, "3");
    directory.link("user:42", HEDERA_A);
    directory.link("user:42", HEDERA_B);
    directory.link("user:42", LEDGER);

    OwnerBalances owner = build().ownerBalances("user:42");

    assertThat(owner.owner()).isEqualTo("user:42");
    assertThat(owner.accounts())
        .extracting(AccountBalances::account)
        .containsExactly(HEDERA_A, HEDERA_B, LEDGER);
    assertThat(owner.totals()).containsOnlyKeys(HBAR, USDC_HEDERA, USDC_ALGORAND);
    assertThat(owner.totals().get(HBAR)).isEqualByComparingTo("10.50000001");
    assertThat(owner.totals().get(USDC_HEDERA)).isEqualByComparingTo("1.25");
    assertThat(owner.totals().get(USDC_ALGORAND)).isEqualByComparingTo("3");
    assertThat(owner.freshness()).isEqualTo(Freshness.LIVE);
  }

  @Test
  void anOwnerWithoutAccountsIsNotFoundNotZero() {
    build();
    assertThatThrownBy(() -> manager.ownerBalances("user:404"))
        .isInstanceOfSatisfying(
            AccountNotFoundException.class,
            e -> {
              assertThat(e.owner()).contains("user:404");
              assertThat(e.account()).isEmpty();
              assertThat(e.source()).isEqualTo("wallets");
            })
        .hasMessageContaining("no account is linked to user:404")
        .hasMessageContaining("not a balance of zero");
    assertThat(chain.fetchCount()).isZero();
  }

  @Test
  void oneUnreadableAccountFailsTheWholeReadInsteadOfShrinkingTheTotal() {
    chain.put(HEDERA_A, HBAR, "10");
    directory.link("user:1", HEDERA_A);
    directory.link("user:1", HEDERA_B); // the chain has never heard of it
    build();

    assertThatThrownBy(() -> manager.ownerBalances("user:1"))
        .isInstanceOf(AccountNotFoundException.class)
        .hasMessageContaining(HEDERA_B.toString());
    assertThatThrownBy(() -> manager.ownerBalancesAsync("user:1").join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(AccountNotFoundException.class);
  }

  @Test
  void badOwnerIdsAndAMissingDirectoryAreClearErrors() {
    build();
    assertThatThrownBy(() -> manager.ownerBalances("42"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("owner must look like 'kind:id'");
    manager.close();
    manager = BalanceManager.builder().source(chain.fetchOnly()).clock(clock).build();
    assertThatThrownBy(() -> manager.ownerBalances("user:1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("directory(...)");
    assertThatThrownBy(() -> BalanceManager.builder().directory(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("directory");
  }

  @Test
  void aFailingDirectoryIsPassedOnAsItFailed() {
    AccountDirectory broken =
        new AccountDirectory() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public List<AccountRef> accounts(String owner) {
            throw SourceUnavailableException.of("broken", "database down");
          }
        };
    manager =
        BalanceManager.builder().source(chain.fetchOnly()).directory(broken).clock(clock).build();
    assertThatThrownBy(() -> manager.ownerBalances("user:1"))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("database down");
  }

  @Test
  void valueTypeRefusesEmptyOrNullInput() {
    assertThatThrownBy(() -> OwnerBalances.of("user:1", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OwnerBalances.of(null, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
