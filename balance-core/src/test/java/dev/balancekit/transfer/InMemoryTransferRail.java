package dev.balancekit.transfer;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.TransferRail;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test rail on one venue that is also the balance source of its accounts. Every transfer pays a
 * flat fee in the transferred asset to the venue's {@code fees} account, so totals are conserved.
 *
 * <p>Thread-safe: one lock guards all state, so each debit is conditional on the balance it sees
 * (never "read, check, then write" across calls). Idempotency by key with replay and conflict,
 * holds that expire by the given clock, and groups simulated in order on a staged copy that is
 * committed only when every leg passes.
 */
public final class InMemoryTransferRail implements TransferRail, BalanceSource {

  private record Slot(AccountRef account, Asset asset) {}

  /** What an account holds of one asset; available is total minus held. */
  private record Funds(BigDecimal total, BigDecimal held) {
    BigDecimal available() {
      return total.subtract(held);
    }
  }

  /** What an idempotency key was first used for, and what it produced. */
  private record Keyed(TransferRequest request, Object outcome) {}

  private final String name;
  private final String venue;
  private final Clock clock;
  private final String fee;
  private final AccountRef feeCollector;
  private final Object lock = new Object();
  private final Map<Slot, Funds> funds = new HashMap<>();
  private final Map<String, Keyed> byKey = new HashMap<>();
  private final Map<String, PendingTransfer> pendings = new HashMap<>();
  private final Map<String, TransferReceipt> confirmed = new HashMap<>();
  private long version;
  private long ids;
  private final AtomicInteger quoteCalls = new AtomicInteger();
  private final AtomicInteger movingCalls = new AtomicInteger();

  private InMemoryTransferRail(String name, String venue, Clock clock, String fee) {
    this.name = name;
    this.venue = venue;
    this.clock = clock;
    this.fee = fee;
    this.feeCollector = AccountRef.of(venue, "fees");
  }

  /** A rail named {@code name} for accounts on {@code venue}, charging {@code fee} per transfer. */
  public static InMemoryTransferRail create(String name, String venue, Clock clock, String fee) {
    return new InMemoryTransferRail(name, venue, clock, fee);
  }

  /** Issues {@code amount} of {@code asset} to {@code account} out of nothing (test set-up). */
  public void fund(AccountRef account, Asset asset, String amount) {
    synchronized (lock) {
      Slot slot = new Slot(account, asset);
      Funds f = current(Map.of(), slot);
      funds.put(slot, new Funds(f.total().add(asset.parse("amount", amount)), f.held()));
      version++;
    }
  }

  public BigDecimal total(AccountRef account, Asset asset) {
    synchronized (lock) {
      return current(Map.of(), new Slot(account, asset)).total();
    }
  }

  public BigDecimal available(AccountRef account, Asset asset) {
    synchronized (lock) {
      return current(Map.of(), new Slot(account, asset)).available();
    }
  }

  /** The sum of every account's total of {@code asset}, the fee account included. */
  public BigDecimal sum(Asset asset) {
    synchronized (lock) {
      return funds.entrySet().stream()
          .filter(e -> e.getKey().asset().equals(asset))
          .map(e -> e.getValue().total())
          .reduce(asset.zero(), BigDecimal::add);
    }
  }

  /** The accounts holding {@code asset}, the fee account included. */
  public List<BigDecimal> totals(Asset asset) {
    synchronized (lock) {
      return funds.entrySet().stream()
          .filter(e -> e.getKey().asset().equals(asset))
          .map(e -> e.getValue().total())
          .toList();
    }
  }

  public AccountRef feeCollector() {
    return feeCollector;
  }

  /** How often {@link #quote} was called. */
  public int quoteCalls() {
    return quoteCalls.get();
  }

  /** How often an operation that may move or hold value was called. */
  public int movingCalls() {
    return movingCalls.get();
  }

  // ---------------------------------------------------------------- TransferRail

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean supports(AccountRef account) {
    return account.venue().equals(venue);
  }

  @Override
  public TransferQuote quote(TransferRequest request) {
    quoteCalls.incrementAndGet();
    synchronized (lock) {
      BigDecimal fee = feeOf(request);
      Funds sender = current(Map.of(), new Slot(request.from(), request.asset()));
      requireAvailable(request, sender, fee);
      return TransferQuote.sameAssetFee(
          request,
          fee,
          sender.total(),
          current(Map.of(), new Slot(request.to(), request.asset())).total(),
          false);
    }
  }

  @Override
  public TransferReceipt submit(TransferRequest request) {
    return submitGroup(List.of(request)).get(0);
  }

  @Override
  public List<TransferReceipt> submitGroup(List<TransferRequest> requests) {
    movingCalls.incrementAndGet();
    synchronized (lock) {
      List<TransferReceipt> replays = replays(requests);
      if (replays != null) {
        return replays;
      }
      Map<Slot, Funds> stage = new HashMap<>();
      for (TransferRequest leg : requests) {
        move(stage, leg, false);
      }
      commit(stage);
      List<TransferReceipt> receipts = new ArrayList<>();
      for (TransferRequest leg : requests) {
        TransferReceipt receipt = receipt(leg);
        byKey.put(leg.idempotencyKey(), new Keyed(leg, receipt));
        receipts.add(receipt);
      }
      return List.copyOf(receipts);
    }
  }

  @Override
  public PendingTransfer prepare(TransferRequest request, Instant expiresAt) {
    movingCalls.incrementAndGet();
    synchronized (lock) {
      Keyed earlier = byKey.get(request.idempotencyKey());
      if (earlier != null) {
        if (earlier.request().sameEffectAs(request)
            && earlier.outcome() instanceof PendingTransfer p) {
          return pendings.get(p.id());
        }
        throw IdempotencyConflictException.of(request.idempotencyKey());
      }
      BigDecimal fee = feeOf(request);
      Slot from = new Slot(request.from(), request.asset());
      Funds sender = current(Map.of(), from);
      requireAvailable(request, sender, fee);
      funds.put(from, new Funds(sender.total(), sender.held().add(request.amount()).add(fee)));
      version++;
      PendingTransfer pending =
          new PendingTransfer(
              "p-" + (++ids),
              TransferQuote.sameAssetFee(request, fee, null, null, true),
              clock.instant(),
              expiresAt,
              PendingTransfer.State.PENDING);
      pendings.put(pending.id(), pending);
      byKey.put(request.idempotencyKey(), new Keyed(request, pending));
      return pending;
    }
  }

  @Override
  public TransferReceipt confirm(String pendingId) {
    movingCalls.incrementAndGet();
    synchronized (lock) {
      PendingTransfer pending = known(pendingId);
      if (pending.state() == PendingTransfer.State.CONFIRMED) {
        return confirmed.get(pendingId).asReplay();
      }
      if (pending.state() == PendingTransfer.State.PENDING
          && pending.isExpiredAt(clock.instant())) {
        pending = release(pending, PendingTransfer.State.EXPIRED);
      }
      if (pending.state() != PendingTransfer.State.PENDING) {
        String state = pending.state().name().toLowerCase(Locale.ROOT);
        throw TransferRejectedException.of(
            "pending_" + state, "pending transfer " + pendingId + " is " + state);
      }
      Map<Slot, Funds> stage = new HashMap<>();
      move(stage, pending.request(), true);
      commit(stage);
      TransferReceipt receipt = receipt(pending.request());
      pendings.put(pendingId, pending.withState(PendingTransfer.State.CONFIRMED));
      confirmed.put(pendingId, receipt);
      return receipt;
    }
  }

  @Override
  public PendingTransfer cancel(String pendingId) {
    movingCalls.incrementAndGet();
    synchronized (lock) {
      PendingTransfer pending = known(pendingId);
      if (pending.state() == PendingTransfer.State.CONFIRMED) {
        throw TransferRejectedException.of(
            "pending_confirmed", "pending transfer " + pendingId + " was confirmed");
      }
      if (pending.state() != PendingTransfer.State.PENDING) {
        return pending;
      }
      return release(
          pending,
          pending.isExpiredAt(clock.instant())
              ? PendingTransfer.State.EXPIRED
              : PendingTransfer.State.CANCELLED);
    }
  }

  // ---------------------------------------------------------------- BalanceSource

  @Override
  public CompletableFuture<AccountBalances> fetch(AccountRef account) {
    synchronized (lock) {
      Instant now = clock.instant();
      List<Balance> balances = new ArrayList<>();
      funds.forEach(
          (slot, f) -> {
            if (slot.account().equals(account)) {
              balances.add(
                  Balance.builder(account, slot.asset())
                      .total(f.total())
                      .available(f.available())
                      .held(f.held())
                      .source(name)
                      .observedAt(now)
                      .sequence(version)
                      .build());
            }
          });
      return balances.isEmpty()
          ? CompletableFuture.failedFuture(AccountNotFoundException.of(account, name))
          : CompletableFuture.completedFuture(AccountBalances.snapshot(account, balances, now));
    }
  }

  // ---------------------------------------------------------------- under the lock

  private BigDecimal feeOf(TransferRequest request) {
    return request.asset().parse("fee", fee);
  }

  private Funds current(Map<Slot, Funds> stage, Slot slot) {
    Funds staged = stage.get(slot);
    if (staged != null) {
      return staged;
    }
    Funds f = funds.get(slot);
    return f != null ? f : new Funds(slot.asset().zero(), slot.asset().zero());
  }

  private static void requireAvailable(TransferRequest request, Funds sender, BigDecimal fee) {
    if (sender.available().compareTo(request.amount().add(fee)) < 0) {
      throw InsufficientFundsException.of(
          request.from(), request.asset(), sender.available(), request.amount(), fee);
    }
  }

  /** Stages {@code request}'s debit, credit and fee; {@code fromHeld} spends the sender's hold. */
  private void move(Map<Slot, Funds> stage, TransferRequest request, boolean fromHeld) {
    BigDecimal fee = feeOf(request);
    BigDecimal debit = request.amount().add(fee);
    Slot from = new Slot(request.from(), request.asset());
    Funds sender = current(stage, from);
    if (!fromHeld) {
      requireAvailable(request, sender, fee);
    }
    stage.put(
        from,
        new Funds(
            sender.total().subtract(debit),
            fromHeld ? sender.held().subtract(debit) : sender.held()));
    credit(stage, new Slot(request.to(), request.asset()), request.amount());
    if (fee.signum() > 0) {
      credit(stage, new Slot(feeCollector, request.asset()), fee);
    }
  }

  private void credit(Map<Slot, Funds> stage, Slot slot, BigDecimal amount) {
    Funds f = current(stage, slot);
    stage.put(slot, new Funds(f.total().add(amount), f.held()));
  }

  private void commit(Map<Slot, Funds> stage) {
    funds.putAll(stage);
    version++;
  }

  /**
   * The original receipts if every leg retries the same movement, null if no key is known; else a
   * conflict.
   */
  private List<TransferReceipt> replays(List<TransferRequest> requests) {
    String knownKey =
        requests.stream()
            .map(TransferRequest::idempotencyKey)
            .filter(byKey::containsKey)
            .findFirst()
            .orElse(null);
    if (knownKey == null) {
      return null;
    }
    List<TransferReceipt> replays = new ArrayList<>();
    for (TransferRequest leg : requests) {
      Keyed earlier = byKey.get(leg.idempotencyKey());
      if (earlier == null) {
        throw IdempotencyConflictException.of(knownKey); // a known key inside a different group
      }
      if (!earlier.request().sameEffectAs(leg)
          || !(earlier.outcome() instanceof TransferReceipt original)) {
        throw IdempotencyConflictException.of(leg.idempotencyKey());
      }
      replays.add(original.asReplay());
    }
    return List.copyOf(replays);
  }

  private TransferReceipt receipt(TransferRequest request) {
    return new TransferReceipt(
        "t-" + (++ids),
        request,
        feeOf(request),
        request.asset(),
        TransferReceipt.Status.COMPLETED,
        null,
        clock.instant(),
        false);
  }

  private PendingTransfer known(String pendingId) {
    PendingTransfer pending = pendings.get(pendingId);
    if (pending == null) {
      throw TransferRejectedException.of("pending_unknown", "no pending transfer " + pendingId);
    }
    return pending;
  }

  private PendingTransfer release(PendingTransfer pending, PendingTransfer.State state) {
    Slot from = new Slot(pending.request().from(), pending.request().asset());
    Funds sender = current(Map.of(), from);
    funds.put(
        from, new Funds(sender.total(), sender.held().subtract(pending.quote().totalDebit())));
    version++;
    PendingTransfer resolved = pending.withState(state);
    pendings.put(pending.id(), resolved);
    return resolved;
  }

  @Override
  public String toString() {
    return "InMemoryTransferRail{" + name + ", " + venue + '}';
  }
}
