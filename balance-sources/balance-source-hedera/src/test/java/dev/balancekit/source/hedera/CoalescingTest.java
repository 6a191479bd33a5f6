package dev.balancekit.source.hedera;

import static dev.balancekit.source.hedera.MirrorVenue.ACCOUNT;
import static dev.balancekit.source.hedera.MirrorVenue.ACCOUNT_PATH;
import static dev.balancekit.source.hedera.MirrorVenue.TOKENS_PATH;
import static dev.balancekit.source.hedera.MirrorVenue.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.source.http.Await;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Concurrent reads of one account share one set of Mirror calls; cancellation is per reader. */
class CoalescingTest {
  private final MirrorVenue venue = new MirrorVenue();
  private final HederaSource hedera = venue.builder().build();

  @AfterEach
  void close() {
    hedera.close();
    venue.close();
  }

  @Test
  void fiftyConcurrentReadsOfOneAccountMakeOneAccountCall() throws Exception {
    // Slow enough that every read starts while the first call is still out.
    venue.answer(ACCOUNT_PATH, json(MirrorVenue.account("0.0.2", 80, "1.0")).withFixedDelay(500));
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<AccountBalances>> reads = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        reads.add(
            pool.submit(
                () -> {
                  start.await();
                  return hedera.rest().fetch(ACCOUNT).get(10, TimeUnit.SECONDS);
                }));
      }
      start.countDown();
      for (Future<AccountBalances> read : reads) {
        assertThat(read.get(15, TimeUnit.SECONDS).find("HBAR").orElseThrow().total())
            .isEqualTo(new BigDecimal("0.00000080"));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(venue.calls(ACCOUNT_PATH)).isEqualTo(1);
    assertThat(venue.calls(TOKENS_PATH)).isEqualTo(1);
  }

  @Test
  void aReadAfterTheSharedCallEndedStartsANewOne() {
    Fetch.of(hedera.rest(), ACCOUNT);
    Fetch.of(hedera.rest(), ACCOUNT);

    assertThat(venue.calls(ACCOUNT_PATH)).isEqualTo(2);
  }

  @Test
  void readsOfOneAccountWithAndWithoutChecksumShareTheCallButAnswerForTheirOwnRef()
      throws Exception {
    venue.answer(ACCOUNT_PATH, json(MirrorVenue.account("0.0.2", 80, "1.0")).withFixedDelay(300));
    AccountRef checksummed =
        AccountRef.of(
            "hedera:testnet", "0.0.2-" + new EntityId(0, 0, 2).checksum(HederaNetwork.TESTNET));

    CompletableFuture<AccountBalances> plain = hedera.rest().fetch(ACCOUNT);
    CompletableFuture<AccountBalances> withChecksum = hedera.rest().fetch(checksummed);

    assertThat(plain.get(10, TimeUnit.SECONDS).account()).isEqualTo(ACCOUNT);
    assertThat(withChecksum.get(10, TimeUnit.SECONDS).account()).isEqualTo(checksummed);
    assertThat(venue.calls(ACCOUNT_PATH)).isEqualTo(1);
  }

  @Test
  void oneReaderCancellingDoesNotCancelTheOthersButAllCancellingStopsTheCall() throws Exception {
    venue.answer(ACCOUNT_PATH, json(MirrorVenue.account("0.0.2", 80, "1.0")).withFixedDelay(400));
    CompletableFuture<AccountBalances> first = hedera.rest().fetch(ACCOUNT);
    CompletableFuture<AccountBalances> second = hedera.rest().fetch(ACCOUNT);

    first.cancel(true);

    assertThat(second.get(10, TimeUnit.SECONDS).find("HBAR")).isPresent();

    CompletableFuture<AccountBalances> third = hedera.rest().fetch(ACCOUNT);
    Await.until("a read in flight", () -> hedera.reader().readsInFlight() == 1);
    third.cancel(true);
    Await.until("the abandoned read to stop", () -> hedera.reader().readsInFlight() == 0);
  }
}
