package dev.balancekit;

import static dev.balancekit.ManagerConcurrencyTest.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.spi.SourceSink;
import dev.balancekit.spi.StreamingBalanceSource;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
  static final AccountRef ACCOUNT = AccountRef.of("ws", "main");
  static final Asset BTC = Asset.of("BTC", 8);

  /** A run that threw once stopped reconciliation for the manager's life (found by Error Prone). */
  @Test
  void aReconciliationRunThatThrowsDoesNotStopTheNextOnes() throws Exception {
    InMemoryBalanceSource live = InMemoryBalanceSource.create("ws");
    InMemoryBalanceSource rest = InMemoryBalanceSource.create("rest");
    live.put(ACCOUNT, BTC, "1");
    rest.put(ACCOUNT, BTC, "1");
    AtomicBoolean failNextView = new AtomicBoolean();
    StreamingBalanceSource flaky =
        new StreamingBalanceSource() {
          @Override
          public String name() {
            return live.name();
          }

          @Override
          public CompletableFuture<AccountBalances> fetch(AccountRef account) {
            return live.fetch(account);
          }

          @Override
          public void attach(SourceSink sink) {
            live.attach(sink);
          }

          @Override
          public SourceState state() {
            return live.state();
          }

          @Override
          public Optional<AccountBalances> view(AccountRef account) {
            if (failNextView.compareAndSet(true, false)) {
              throw new IllegalStateException("the view failed once");
            }
            return live.view(account);
          }
        };
    try (BalanceManager manager =
        BalanceManager.builder()
            .source(flaky)
            .fallback(rest.fetchOnly())
            .config(
                BalanceManagerConfig.custom().forceUpdateInterval(Duration.ofSeconds(1)).build())
            .build()) {
      assertThat(manager.balance(ACCOUNT, BTC).total()).isEqualByComparingTo("1"); // tracked now
      long fetchedBefore = rest.fetchCount();
      failNextView.set(true);

      awaitCondition(() -> !failNextView.get()); // a run has thrown
      awaitCondition(() -> rest.fetchCount() > fetchedBefore); // and a later one still ran
    }
  }
}
