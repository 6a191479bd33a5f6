package dev.balancekit.source.hedera;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.source.http.Futures;
import dev.balancekit.source.http.VenueSource;
import java.util.concurrent.CompletableFuture;

/**
 * Balances of any account of one Hedera network, read from the Mirror Node on each fetch (see
 * {@link MirrorReader}); concurrent fetches of one account share one read. An unknown account fails
 * with {@link AccountNotFoundException}, never a zero balance.
 *
 * <p>Thread-safe.
 */
final class HederaRestSource extends VenueSource {
  private final HederaNetwork network;
  private final MirrorReader reader;

  /**
   * @param onClose run once, by the first {@link #close()}
   */
  HederaRestSource(String name, HederaNetwork network, MirrorReader reader, Runnable onClose) {
    super(name, reader.mirror().client(), onClose);
    this.network = network;
    this.reader = reader;
  }

  /** Accounts of this source's network ({@code hedera:testnet}, ...). */
  @Override
  public boolean supports(AccountRef account) {
    return account != null && account.venue().equals(network.venue());
  }

  /**
   * Reads {@code account} from the Mirror Node; never blocks. Cancelling the future cancels the
   * calls once every fetch sharing them has cancelled. The future fails with {@link
   * AccountNotFoundException} for an account the mirror does not know, {@link
   * IllegalArgumentException} for a wrong checksum, {@link
   * dev.balancekit.source.http.HttpSourceException} (for example {@code MALFORMED_RESPONSE}) or
   * {@link dev.balancekit.SourceUnavailableException}.
   */
  @Override
  protected CompletableFuture<AccountBalances> read(AccountRef account) {
    EntityId id;
    try {
      id = EntityId.account(account, network);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return balances(reader.account(id), account, name());
  }

  @Override
  protected String served() {
    return "accounts of " + network.venue();
  }

  /**
   * {@code holdings} as balances of {@code account} from {@code source}; {@link
   * MirrorReader.Missing} becomes not-found.
   */
  static CompletableFuture<AccountBalances> balances(
      CompletableFuture<Holdings> holdings, AccountRef account, String source) {
    CompletableFuture<Holdings> known =
        Futures.translateFailure(
            holdings,
            cause ->
                cause instanceof MirrorReader.Missing
                    ? AccountNotFoundException.of(account, source)
                    : cause);
    return Futures.map(known, h -> h.toBalances(account, source));
  }

  @Override
  public String toString() {
    return "HederaRestSource{"
        + name()
        + ", "
        + network.venue()
        + ", "
        + reader.mirror()
        + ", "
        + state()
        + '}';
  }
}
