package dev.balancekit.source.algorand;

import com.algorand.algosdk.transaction.SignedTransaction;
import com.algorand.algosdk.transaction.Transaction;
import com.algorand.algosdk.util.Encoder;
import com.algorand.algosdk.v2.client.model.PendingTransactionResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.balancekit.AccountRef;
import dev.balancekit.ValidationReport;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.spi.TransferRail;
import dev.balancekit.transfer.IdempotencyConflictException;
import dev.balancekit.transfer.TransferQuote;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Payments and ASA transfers on algod, alone or as an atomic group. Every send is checked by {@link
 * SendPlanner} before anything is signed, signed with a configured key, posted to {@code
 * /v2/transactions} and awaited on {@code /v2/transactions/pending/{txid}} until it has a {@code
 * confirmed-round}.
 *
 * <p>Idempotency: receipts are remembered by idempotency key in memory (the last 10,000); and every
 * transaction carries a lease derived from its key, so algod itself refuses a second transaction
 * for the same key while the first is valid, even from another process.
 *
 * <p>Thread-safe.
 */
final class AlgorandRail implements TransferRail {

  private static final Logger LOG = LoggerFactory.getLogger(AlgorandRail.class);
  private static final int REMEMBERED_KEYS = 10_000;

  /**
   * One submission, under each of its requests' keys. A class, not a record: an entry is compared
   * by identity, as one submission.
   */
  private static final class Entry {
    final List<TransferRequest> requests;
    final CompletableFuture<List<TransferReceipt>> receipts;

    Entry(List<TransferRequest> requests, CompletableFuture<List<TransferReceipt>> receipts) {
      this.requests = requests;
      this.receipts = receipts;
    }
  }

  private final String name;
  private final String venue;
  private final Algod algod;
  private final SendPlanner planner;
  private final Signers signers;
  private final Duration confirmationTimeout;
  private final Duration pollInterval;
  private final Clock clock;
  private final Map<String, Entry> byKey =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > REMEMBERED_KEYS;
        }
      };

  AlgorandRail(
      String name,
      String venue,
      Algod algod,
      SendPlanner planner,
      Signers signers,
      Duration confirmationTimeout,
      Duration pollInterval,
      Clock clock) {
    this.name = name;
    this.venue = venue;
    this.algod = algod;
    this.planner = planner;
    this.signers = signers;
    this.confirmationTimeout = confirmationTimeout;
    this.pollInterval = pollInterval;
    this.clock = clock;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean supports(AccountRef account) {
    return account != null && account.venue().equals(venue);
  }

  @Override
  public TransferQuote quote(TransferRequest request) {
    Objects.requireNonNull(request, "request");
    SendPlanner.Plan plan = planner.plan(List.of(LegInput.of(request)));
    SendCheck check = plan.check().throwIfRefused();
    BigDecimal fee = check.legFees().get(0);
    BigDecimal debit = plan.legs().get(0).isAlgo() ? request.amount().add(fee) : request.amount();
    return new TransferQuote(
        request,
        fee,
        AssetDirectory.ALGO,
        debit,
        plan.senderAfter().get(0),
        plan.receiverAfter().get(0),
        check.warnings(),
        false,
        ValidationReport.empty());
  }

  @Override
  public TransferReceipt submit(TransferRequest request) {
    Objects.requireNonNull(request, "request");
    return once(List.of(request)).get(0);
  }

  @Override
  public List<TransferReceipt> submitGroup(List<TransferRequest> requests) {
    if (requests == null || requests.isEmpty() || requests.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("requests must be a non-empty list without nulls");
    }
    if (requests.stream().map(TransferRequest::idempotencyKey).distinct().count()
        != requests.size()) {
      throw new IllegalArgumentException(
          "the requests of a group must have distinct idempotency keys");
    }
    return once(List.copyOf(requests));
  }

  /**
   * Runs {@code requests} unless their keys were seen: then the first run's receipts, as replays.
   */
  private List<TransferReceipt> once(List<TransferRequest> requests) {
    CompletableFuture<List<TransferReceipt>> mine = new CompletableFuture<>();
    Entry seen;
    synchronized (byKey) {
      seen = byKey.get(requests.get(0).idempotencyKey());
      for (TransferRequest r : requests) {
        // Either every key is new, or all belong to one earlier submission of the same movements.
        Entry e = byKey.get(r.idempotencyKey());
        if (e != seen
            || (e != null && (!sameEffect(e, r) || e.requests.size() != requests.size()))) {
          throw IdempotencyConflictException.of(r.idempotencyKey());
        }
      }
      if (seen == null) {
        Entry entry = new Entry(requests, mine);
        requests.forEach(r -> byKey.put(r.idempotencyKey(), entry));
      }
    }
    if (seen != null) {
      return replay(seen, requests);
    }
    try {
      List<TransferReceipt> receipts = execute(requests);
      mine.complete(receipts);
      return receipts;
    } catch (RuntimeException e) {
      // Forget the keys so a retry runs again; the lease keeps that retry from paying twice.
      synchronized (byKey) {
        requests.forEach(r -> byKey.remove(r.idempotencyKey()));
      }
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private static boolean sameEffect(Entry e, TransferRequest r) {
    return e.requests.stream()
        .anyMatch(x -> x.idempotencyKey().equals(r.idempotencyKey()) && x.sameEffectAs(r));
  }

  private static List<TransferReceipt> replay(Entry seen, List<TransferRequest> requests) {
    List<TransferReceipt> original;
    try {
      original = seen.receipts.join();
    } catch (CompletionException | CancellationException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    List<TransferReceipt> out = new ArrayList<>();
    for (TransferRequest r : requests) {
      out.add(
          original.stream()
              .filter(x -> x.request().idempotencyKey().equals(r.idempotencyKey()))
              .findFirst()
              .orElseThrow()
              .asReplay());
    }
    return out;
  }

  private List<TransferReceipt> execute(List<TransferRequest> requests) {
    for (TransferRequest r : requests) {
      if (supports(r.from()) && !signers.canSign(r.from().id())) {
        throw TransferRejectedException.of(
            "no_signer", "no signing key is configured for sender " + r.from().id());
      }
    }
    SendPlanner.Plan plan = planner.plan(requests.stream().map(LegInput::of).toList());
    SendCheck check = plan.check().throwIfRefused();
    check.warnings().forEach(w -> LOG.info("{}: {}", name, w));

    List<String> txids = new ArrayList<>();
    ByteArrayOutputStream signed = new ByteArrayOutputStream();
    for (Transaction txn : plan.txns()) {
      SignedTransaction stx = signers.sign(txn);
      txids.add(stx.transactionID);
      try {
        signed.writeBytes(Encoder.encodeToMsgPack(stx));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("algosdk could not encode a signed transaction", e);
      }
    }
    long lastValid =
        Objects.requireNonNull(plan.params(), "a plan that passed its check has params")
            .lastValid()
            .longValueExact();
    try {
      algod.post(signed.toByteArray());
    } catch (HttpSourceException e) {
      if (e.kind() == HttpSourceException.Kind.CONNECTION_FAILED || e.kind().isVenueFault()) {
        throw UnconfirmedTransferException.submitFailed(e, txids, lastValid);
      }
      throw e; // refused before acceptance (credentials, not found): nothing went out
    }
    LOG.info(
        "{}: submitted {} transaction(s) {}, awaiting confirmation", name, txids.size(), txids);
    long round = awaitConfirmation(txids, lastValid);
    LOG.info("{}: {} confirmed in round {}", name, txids, round);
    List<TransferReceipt> receipts = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      receipts.add(
          new TransferReceipt(
              txids.get(i),
              requests.get(i),
              check.legFees().get(i),
              AssetDirectory.ALGO,
              TransferReceipt.Status.COMPLETED,
              txids.get(i),
              clock.instant(),
              false));
    }
    return receipts;
  }

  /** Polls the first transaction; a group is confirmed in one round or not at all. */
  private long awaitConfirmation(List<String> txids, long lastValid) {
    String txid = txids.get(0);
    long deadline = System.nanoTime() + confirmationTimeout.toNanos();
    while (true) {
      try {
        Optional<PendingTransactionResponse> pending = algod.pending(txid);
        if (pending.isPresent()) {
          PendingTransactionResponse p = pending.get();
          if (p.confirmedRound != null && p.confirmedRound > 0) {
            return p.confirmedRound;
          }
          if (p.poolError != null && !p.poolError.isBlank()) {
            throw TransferRejectedException.of(
                "pool_error",
                "algod dropped transaction "
                    + txid
                    + " from its pool: "
                    + Algod.bounded(p.poolError));
          }
        }
      } catch (HttpSourceException e) {
        LOG.debug("{}: polling {} failed, trying again: {}", name, txid, e.getMessage());
      }
      if (System.nanoTime() - deadline >= 0) {
        throw UnconfirmedTransferException.timedOut(confirmationTimeout, txids, lastValid);
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnconfirmedTransferException(
            "interrupted while awaiting confirmation", txids, lastValid, e);
      }
    }
  }

  @Override
  public String toString() {
    return "AlgorandRail{" + name + ", " + venue + ", signers=" + signers.addresses() + '}';
  }
}
