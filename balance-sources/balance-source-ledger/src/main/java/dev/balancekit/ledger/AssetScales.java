package dev.balancekit.ledger;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The scale each namespace keeps an asset at, remembered so the writer need not ask the database
 * per transfer. A scale registered by the open transaction counts only once that transaction
 * commits: a rolled-back registration would otherwise be trusted while its row never exists.
 */
final class AssetScales implements LedgerWriter.CommitHooks {
  private final Map<String, Integer> committed = new ConcurrentHashMap<>();

  /** Registered or read by the open transaction; writer thread only. */
  private final Map<String, Integer> uncommitted = new HashMap<>();

  /** The scale of {@code asset} in {@code namespace}, or null if the database must be asked. */
  @Nullable Integer known(String namespace, String asset) {
    String key = key(namespace, asset);
    Integer scale = committed.get(key);
    return scale != null ? scale : uncommitted.get(key);
  }

  /** What the open transaction's database says; trusted once it commits. */
  void read(String namespace, String asset, int scale) {
    uncommitted.put(key(namespace, asset), scale);
  }

  @Override
  public void discard() {
    uncommitted.clear();
  }

  @Override
  public void undone() {
    uncommitted.clear();
  }

  @Override
  public void afterCommit() {
    committed.putAll(uncommitted);
    uncommitted.clear();
  }

  private static String key(String namespace, String asset) {
    return namespace + '\u0000' + asset;
  }
}
