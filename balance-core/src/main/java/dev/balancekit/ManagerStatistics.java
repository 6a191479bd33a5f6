package dev.balancekit;

import java.util.Map;

/**
 * Counters of a manager since it was built. Immutable and thread-safe.
 *
 * @param reads balance reads asked of the manager
 * @param servedLive reads answered by a live stream's view or a fresh fetch
 * @param servedCached reads answered by a fresh cached value
 * @param servedStale reads answered by an expired cached value because every source failed
 * @param unavailable reads that failed with {@link BalanceUnavailableException}
 * @param fallbacksTaken fetches answered by a source after an earlier one (or the stream) could not
 *     answer
 * @param sourceCalls fetches started per source name
 * @param sourceFailures failed fetches per source name
 * @param listenerFailures listener invocations that threw
 * @param listenerEventsDropped events a listener never saw because it fell more than {@link
 *     BalanceManager.Builder#listenerQueueCapacity(int)} events behind on one account
 * @param validationFailures validations that found a WARNING or worse
 * @param cacheHitRate the cache's hit rate
 * @param trackedAccounts accounts read or streamed
 */
public record ManagerStatistics(
    long reads,
    long servedLive,
    long servedCached,
    long servedStale,
    long unavailable,
    long fallbacksTaken,
    Map<String, Long> sourceCalls,
    Map<String, Long> sourceFailures,
    long listenerFailures,
    long listenerEventsDropped,
    long validationFailures,
    double cacheHitRate,
    int trackedAccounts) {

  public ManagerStatistics {
    sourceCalls = Map.copyOf(sourceCalls);
    sourceFailures = Map.copyOf(sourceFailures);
  }
}
