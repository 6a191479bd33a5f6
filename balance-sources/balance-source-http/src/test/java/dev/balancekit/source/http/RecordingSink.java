package dev.balancekit.source.http;

import dev.balancekit.AccountBalances;
import dev.balancekit.SourceState;
import dev.balancekit.spi.SourceSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test helper, shared with the adapters' tests: records what a source reports. Thread-safe. */
public final class RecordingSink implements SourceSink {
  /** One state change. */
  public record Change(SourceState from, SourceState to, String reason) {}

  public final List<AccountBalances> updates = new CopyOnWriteArrayList<>();
  public final List<Change> changes = new CopyOnWriteArrayList<>();

  @Override
  public void onUpdate(AccountBalances update) {
    updates.add(update);
  }

  @Override
  public void onStateChange(SourceState from, SourceState to, String reason) {
    changes.add(new Change(from, to, reason));
  }

  /** Whether the source moved from {@code from} to {@code to} at some point. */
  public boolean saw(SourceState from, SourceState to) {
    return changes.stream().anyMatch(c -> c.from() == from && c.to() == to);
  }

  /** How many times the source entered {@code state}. */
  public long timesReached(SourceState state) {
    return changes.stream().filter(c -> c.to() == state).count();
  }
}
