package dev.balancekit.economy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.ledger.Ledger;
import dev.balancekit.transfer.InsufficientFundsException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Threads sending at random keep the ledger sound, the sums conserved and every balance
 * non-negative.
 */
class ConcurrencyTest extends EconomyFixture {
  static final List<Member> MEMBERS =
      List.of(ALICE, BOB, CAROL, Member.of("dave"), Member.of("erin"), Member.of("frank"));

  @ParameterizedTest
  @EnumSource(Databases.class)
  void randomSendsFromManyThreadsKeepIntegrity(Databases d) throws Exception {
    open(d);
    sendAtRandom(List.of(economy), 8, 40);
    assertConserved();
  }

  @ParameterizedTest
  @EnumSource(value = Databases.class, names = "POSTGRES")
  void twoInstancesSendingAtOnceKeepIntegrity(Databases d) throws Exception {
    open(d);
    Economy other = instance();
    sendAtRandom(List.of(economy, other), 4, 25);
    assertConserved();
    assertThat(ledgers.get(1).verifyIntegrity().isSound()).isTrue();
  }

  private void sendAtRandom(List<Economy> instances, int threadsPerInstance, int sendsPerThread)
      throws Exception {
    configure(
        c ->
            c.sendCooldown(Duration.ZERO)
                .confirmationThreshold(null)
                .taxPercent(new BigDecimal("7.5")));
    ExecutorService pool = Executors.newFixedThreadPool(instances.size() * threadsPerInstance);
    List<Future<?>> futures = new ArrayList<>();
    for (Economy instance : instances) {
      for (int t = 0; t < threadsPerInstance; t++) {
        futures.add(
            pool.submit(
                () -> {
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  for (int i = 0; i < sendsPerThread; i++) {
                    Member from = MEMBERS.get(random.nextInt(MEMBERS.size()));
                    Member to = MEMBERS.get(random.nextInt(MEMBERS.size()));
                    if (from.equals(to)) {
                      continue;
                    }
                    try {
                      instance.send(
                          NS, from, to, BigDecimal.valueOf(random.nextLong(1, 6000), 2), null);
                    } catch (InsufficientFundsException expected) {
                      // a random walk runs members dry
                    }
                  }
                  return null;
                }));
      }
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
  }

  /**
   * Member balances sum to the starting grants minus the taxes, the system account holds the rest.
   */
  private void assertConserved() {
    assertThat(ledger().verifyIntegrity().violations()).isEmpty();
    BigDecimal granted = BYTES.zero();
    BigDecimal taxes = BYTES.zero();
    List<AuditEvent> page;
    long after = 0;
    do {
      page = economy.events(NS, after, 1000);
      for (AuditEvent e : page) {
        if (e.action() == AuditEvent.Action.START) {
          granted = granted.add(e.amount());
        } else if (e.action() == AuditEvent.Action.SEND) {
          taxes = taxes.add(e.tax());
        }
        after = e.id();
      }
    } while (page.size() == 1000);
    BigDecimal members = BYTES.zero();
    BigDecimal sent = BYTES.zero();
    BigDecimal received = BYTES.zero();
    for (Member m : MEMBERS) {
      BigDecimal held = held(m.id());
      assertThat(held).as("balance of %s", m.id()).isNotNegative();
      members = members.add(held);
      BalanceView view = economy.balance(NS, m.id());
      sent = sent.add(view.totalSent());
      received = received.add(view.totalReceived());
    }
    assertThat(taxes.signum()).isPositive();
    assertThat(members).isEqualTo(granted.subtract(taxes));
    assertThat(held(Ledger.SYSTEM_ACCOUNT)).isEqualTo(members.negate());
    assertThat(sent).isEqualTo(received);
  }
}
