package dev.balancekit.source.binance;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one {@link BinanceSource} has counted, across its stream sessions and REST calls.
 * Thread-safe.
 */
final class Counters {
  final LongAdder malformedMessages = new LongAdder();
  final LongAdder skippedUnknownAssets = new LongAdder();
  final LongAdder ignoredStaleValues = new LongAdder();
  final LongAdder resyncs = new LongAdder();
  final LongAdder subscriptionFailures = new LongAdder();
  final LongAdder sessionRenewals = new LongAdder();
}
