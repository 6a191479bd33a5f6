package dev.balancekit.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.Balance;
import dev.balancekit.transfer.InsufficientFundsException;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Found by {@link EconomyModelTest}: a namespace's first ledger write, rolled back, used to leave
 * the asset's scale cached as registered while its {@code bk_assets} row never committed, so {@link
 * dev.balancekit.ledger.Ledger#fetch} (which joins {@code bk_assets}) showed no balance for any
 * account of the namespace.
 */
class RolledBackFirstWriteTest extends EconomyFixture {

  @Test
  void aRefusedFirstSendDoesNotHideLaterBalancesFromTheLedgerView() {
    open(Databases.SQLITE);
    assertThatThrownBy(() -> economy.send(NS, ALICE, BOB, new BigDecimal("200.00"), null))
        .isInstanceOf(InsufficientFundsException.class);

    economy.give(NS, MOD, CAROL, new BigDecimal("1.00"), "prize");

    assertThat(shown(CAROL)).isEqualTo(bytes("101"));
    Optional<BigDecimal> viewed =
        ledger()
            .fetch(AccountRef.of("ledger:" + NS, "carol"))
            .join()
            .get(BYTES)
            .map(Balance::total);
    assertThat(viewed).contains(bytes("101"));
  }
}
