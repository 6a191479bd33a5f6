package dev.balancekit.source.http;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a venue's balance stream says and expects, for a {@link ManagedWebSocket} to drive: how to
 * authenticate, what to send after authenticating, how to read a message, and what counts as a
 * sequence gap. Adapters implement it; {@link WebSocketBalanceSource} implements it from
 * configuration.
 *
 * <p>Implementations must be thread-safe; the connection calls {@link #read} from one thread at a
 * time but {@link #authenticate} and {@link #subscribeMessages} from others.
 */
public interface StreamProtocol {

  /**
   * Obtains a fresh credential for a new connection (for example a token fetched over REST); called
   * after every connect, before {@link #subscribeMessages}. The default needs none.
   *
   * @return a stage completed with the credential, or empty when none is needed; completed
   *     exceptionally when authentication fails, which drops the connection and reconnects later
   */
  default CompletionStage<Optional<Secret>> authenticate() {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  /**
   * The messages to send, in order, once authenticated (a logon, then subscriptions). They may
   * embed the credential; the connection never logs them.
   *
   * @param credential what {@link #authenticate} produced
   */
  List<String> subscribeMessages(Optional<Secret> credential);

  /**
   * Turns one text frame into balances. Parse it under the venue's limits with {@link
   * VenueClient#readJson} (a tree) or {@link VenueClient#streamJson} (a streaming parser, for hot
   * streams).
   *
   * @return {@link StreamMessage#ignored()} for acks and heartbeats, else a snapshot or a delta
   * @throws RuntimeException (typically {@link IllegalArgumentException}) if the message is
   *     malformed; it is logged without its content, counted and skipped
   */
  StreamMessage read(String text);

  /**
   * Whether a message with sequence {@code current} after one with {@code previous} means messages
   * were missed. The default expects each sequence to be the previous one plus one.
   */
  default boolean isGap(long previous, long current) {
    return current != previous + 1;
  }
}
