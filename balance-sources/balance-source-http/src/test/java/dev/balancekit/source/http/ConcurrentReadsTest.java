package dev.balancekit.source.http;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.balancekit.source.http.RestFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.balancekit.AccountBalances;
import dev.balancekit.BalanceManager;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.source.ManualClock;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CachePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many readers of one expired key share one upstream call. */
class ConcurrentReadsTest {

  @Test
  void thousandConcurrentReadsOfAnExpiredKeyMakeExactlyOneUpstreamCall() throws Exception {
    WireMockServer server = RestFixture.startServer();
    ManualClock clock = ManualClock.at("2025-01-01T00:00:00Z");
    BalanceManagerConfig managerConfig =
        BalanceManagerConfig.custom().restTimeout(Duration.ofSeconds(10)).build();
    VenueClient client =
        VenueClient.create(
            RestFixture.config(Duration.ofSeconds(10)).managerConfig(managerConfig).build());
    ExecutorService readers = Executors.newFixedThreadPool(32);
    try (BalanceManager manager =
        BalanceManager.builder()
            .source(RestFixture.source(client, server, clock))
            .cache(
                BalanceCache.inMemory(
                    CachePolicy.of(Duration.ofSeconds(10), Duration.ofHours(1), 1.0)))
            .clock(clock)
            .config(managerConfig)
            .build()) {
      RestFixture.stubAll(server, RestFixture.json(RestFixture.GOOD_BODY));
      manager.balances(ALICE);
      clock.advance(Duration.ofSeconds(30));
      server.resetAll();
      RestFixture.stubAll(server, RestFixture.json(RestFixture.GOOD_BODY).withFixedDelay(300));

      CountDownLatch go = new CountDownLatch(1);
      List<Future<AccountBalances>> reads = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        reads.add(
            readers.submit(
                () -> {
                  go.await();
                  return manager.balances(ALICE);
                }));
      }
      go.countDown();
      for (Future<AccountBalances> read : reads) {
        assertThat(read.get(30, TimeUnit.SECONDS).find("BTC").orElseThrow().total())
            .isEqualByComparingTo("1.5");
      }
      server.verify(1, getRequestedFor(urlPathMatching("/accounts/alice")));
    } finally {
      readers.shutdownNow();
      client.close();
      server.stop();
    }
  }
}
