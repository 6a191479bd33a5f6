package dev.balancekit.source.kraken;

import dev.balancekit.AccountBalances;
import dev.balancekit.SourceState;
import dev.balancekit.spi.SourceSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a source reports. Thread-safe. */
final class RecordingSink implements SourceSink {
  record Change(SourceState from, SourceState to, String reason) {
  }

  final List<AccountBalances> updates = new CopyOnWriteArrayList<>();
  final List<Change> changes = new CopyOnWriteArrayList<>();

  @Override
  public void onUpdate(AccountBalances update) {
    updates.add(update);
  }

  @Override
  public void onStateChange(SourceState from, SourceState to, String reason) {
    changes.add(new Change(from, to, reason));
  }

  boolean saw(SourceState from, SourceState to) {
    return changes.stream().anyMatch(c -> c.from() == from && c.to() == to);
  }
}
