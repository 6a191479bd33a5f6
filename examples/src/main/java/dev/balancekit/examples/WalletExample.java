package dev.balancekit.examples;

import dev.balancekit.AccountRef;
import dev.balancekit.BalanceManager;
import dev.balancekit.OwnerBalances;
import dev.balancekit.cache.CaffeineBalanceCache;
import dev.balancekit.directory.InMemoryAccountDirectory;
import dev.balancekit.source.algorand.AlgorandSource;
import dev.balancekit.source.algorand.SendCheck;
import dev.balancekit.source.hedera.HederaNetwork;
import dev.balancekit.source.hedera.HederaSource;
import java.time.Duration;

/**
 * A wallet app that knows its users, not their chain accounts: each user's Hedera and Algorand
 * accounts are linked in an {@link InMemoryAccountDirectory} (use {@code JdbcAccountDirectory} to
 * share links between instances), one manager reads both chains behind a Caffeine cache, and a send
 * is checked before anything is signed. Thread-safe as its parts are.
 */
public final class WalletExample implements AutoCloseable {
  private final HederaSource hedera;
  private final AlgorandSource algorand;
  private final InMemoryAccountDirectory wallets = InMemoryAccountDirectory.named("wallets");
  private final BalanceManager manager;

  /**
   * @param mirrorUrl the Hedera Mirror Node, for example {@code
   *     https://testnet.mirrornode.hedera.com}
   * @param algodUrl an algod node, for example {@code https://testnet-api.algonode.cloud}
   */
  public WalletExample(
      HederaNetwork network, String mirrorUrl, String algorandNetwork, String algodUrl) {
    this.hedera = HederaSource.builder().network(network).mirrorUrl(mirrorUrl).build();
    this.algorand = AlgorandSource.builder().network(algorandNetwork).algodUrl(algodUrl).build();
    this.manager =
        BalanceManager.builder()
            .source(hedera.rest()) // each read goes to the first source that supports the account
            .fallback(algorand)
            .directory(wallets)
            .cache(
                CaffeineBalanceCache.builder()
                    .ttl(Duration.ofSeconds(30))
                    .maximumSize(10_000)
                    .build())
            .build();
  }

  /** Links a chain account to a user of the app ({@code user:42}). */
  public void link(String owner, AccountRef account) {
    wallets.link(owner, account);
  }

  /**
   * Every linked account of {@code owner} with per-asset totals.
   *
   * @throws dev.balancekit.AccountNotFoundException if the owner has no linked account (not a zero)
   * @throws dev.balancekit.BalanceUnavailableException if a chain cannot be read and nothing is
   *     cached
   */
  public OwnerBalances balances(String owner) {
    return manager.ownerBalances(owner);
  }

  /**
   * Checks an Algorand send as the node would, in order, without signing: every finding, fee,
   * totals.
   */
  public SendCheck checkAlgorandSend(String from, String to, String asset, String amount) {
    return algorand.checkSend(from, to, asset, amount);
  }

  @Override
  public void close() {
    manager.close(); // closes the sources it was given
    hedera.close();
  }
}
