package dev.balancekit.spi;

import dev.balancekit.AccountBalances;
import dev.balancekit.SourceState;

/**
 * What a source tells the manager it is attached to: balances it pushes and changes of its state.
 * Implementations (the manager's) are thread-safe, return quickly and never throw.
 */
public interface SourceSink {

  /** New balances arrived; {@code update} may be partial (a delta) or a complete snapshot. */
  void onUpdate(AccountBalances update);

  /**
   * The source moved from {@code from} to {@code to}: a stream connecting or dropping, a circuit
   * breaker opening, a rate limit starting. {@code reason} is for people and holds no secrets.
   */
  void onStateChange(SourceState from, SourceState to, String reason);
}
