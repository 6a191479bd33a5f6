package dev.balancekit.internal;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.BalanceKitException;
import dev.balancekit.BalanceManager;
import dev.balancekit.Severity;
import dev.balancekit.ValidationIssue;
import dev.balancekit.ValidationReport;
import dev.balancekit.spi.TransferRail;
import dev.balancekit.transfer.CooldownActiveException;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.PendingTransfer;
import dev.balancekit.transfer.TransferException;
import dev.balancekit.transfer.TransferGuard;
import dev.balancekit.transfer.TransferLimitExceededException;
import dev.balancekit.transfer.TransferQuote;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import dev.balancekit.transfer.TransferService;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link TransferService} that {@link TransferService#builder()} builds. Thread-safe. */
public final class DefaultTransferService implements TransferService {
  private static final Logger log = LoggerFactory.getLogger(DefaultTransferService.class);
  private static final String PENDING_UNKNOWN = "pending_unknown";

  private final List<TransferRail> rails;
  private final List<TransferGuard> guards;
  private final Map<Asset, BigDecimal> confirmationThresholds;
  private final @Nullable BalanceManager manager;
  private final Clock clock;
  private final Duration holdDuration;
  private final Duration refreshTimeout;

  /**
   * Which rail holds each pending transfer this service prepared, so confirm and cancel go to it.
   */
  private final Map<String, PendingRoute> pendingRoutes = new ConcurrentHashMap<>();

  private record PendingRoute(TransferRail rail, Instant expiresAt) {}

  /**
   * Called by {@link TransferService.Builder#build()}, which has checked every argument; {@code
   * manager} is null when no manager's view is to be refreshed.
   */
  public DefaultTransferService(
      List<TransferRail> rails,
      List<TransferGuard> guards,
      Map<Asset, BigDecimal> confirmationThresholds,
      @Nullable BalanceManager manager,
      Clock clock,
      Duration holdDuration,
      Duration refreshTimeout) {
    this.rails = rails;
    this.guards = guards;
    this.confirmationThresholds = confirmationThresholds;
    this.manager = manager;
    this.clock = clock;
    this.holdDuration = holdDuration;
    this.refreshTimeout = refreshTimeout;
  }

  // ---------------------------------------------------------------- operations

  @Override
  public TransferQuote quote(TransferRequest request) {
    requireRequest(request);
    TransferQuote quote = price(railFor(request), request);
    List<ValidationIssue> issues = new ArrayList<>(quote.validation().issues());
    for (int i = 0; i < guards.size(); i++) {
      try {
        runGuard(i, request, quote);
      } catch (TransferException refusal) {
        issues.add(issueOf(request, refusal));
      }
    }
    return issues.size() == quote.validation().issues().size()
        ? quote
        : withFlags(quote, quote.confirmationRequired(), new ValidationReport(issues));
  }

  @Override
  public TransferReceipt submit(TransferRequest request) {
    requireRequest(request);
    TransferRail rail = railFor(request);
    admit(request, price(rail, request), "");
    TransferReceipt receipt = result(rail, "submit", rail.submit(request));
    refresh(List.of(request.from(), request.to()));
    return receipt;
  }

  @Override
  public PendingTransfer prepare(TransferRequest request) {
    requireRequest(request);
    TransferRail rail = railFor(request);
    checkGuards(request, price(rail, request));
    Instant now = clock.instant();
    PendingTransfer pending =
        result(rail, "prepare", rail.prepare(request, now.plus(holdDuration)));
    // Routes are kept one hold past expiry, so a late confirm still reaches the rail that says
    // "expired".
    pendingRoutes.values().removeIf(route -> route.expiresAt().plus(holdDuration).isBefore(now));
    pendingRoutes.put(pending.id(), new PendingRoute(rail, pending.expiresAt()));
    refresh(List.of(request.from()));
    return pending;
  }

  @Override
  public TransferReceipt confirm(String pendingId) {
    requirePendingId(pendingId);
    TransferReceipt receipt =
        onPendingRail(pendingId, rail -> result(rail, "confirm", rail.confirm(pendingId)));
    refresh(List.of(receipt.request().from(), receipt.request().to()));
    return receipt;
  }

  @Override
  public PendingTransfer cancel(String pendingId) {
    requirePendingId(pendingId);
    PendingTransfer cancelled =
        onPendingRail(pendingId, rail -> result(rail, "cancel", rail.cancel(pendingId)));
    refresh(List.of(cancelled.request().from()));
    return cancelled;
  }

  @Override
  public List<TransferReceipt> submitGroup(List<TransferRequest> requests) {
    List<TransferRequest> legs = checkedLegs(requests);
    TransferRail rail = railFor(legs.get(0));
    for (int i = 1; i < legs.size(); i++) {
      TransferRail other = railFor(legs.get(i));
      if (other != rail) {
        throw TransferRejectedException.of(
            "mixed_rails",
            "leg "
                + (i + 1)
                + " ("
                + legs.get(i)
                + ") needs rail '"
                + other.name()
                + "' but leg 1 needs rail '"
                + rail.name()
                + "'; a group runs on one rail");
      }
    }
    for (int i = 0; i < legs.size(); i++) {
      admit(legs.get(i), priceLeg(rail, legs, i), "leg " + (i + 1) + ": ");
    }
    List<TransferReceipt> receipts =
        List.copyOf(result(rail, "submitGroup", rail.submitGroup(legs)));
    List<AccountRef> touched = new ArrayList<>();
    legs.forEach(
        leg -> {
          touched.add(leg.from());
          touched.add(leg.to());
        });
    refresh(touched);
    return receipts;
  }

  // ---------------------------------------------------------------- pricing and admission

  /**
   * The rail's quote with the confirmation flag raised when this service's threshold asks for it.
   */
  private TransferQuote price(TransferRail rail, TransferRequest request) {
    TransferQuote quote = result(rail, "quote", rail.quote(request));
    return quote.confirmationRequired() || !atOrAboveThreshold(request)
        ? quote
        : withFlags(quote, true, quote.validation());
  }

  /**
   * Prices leg {@code index} on its own. The rail cannot see that an earlier leg pays the sender
   * in, so a shortfall of an asset an earlier leg credits is left for the rail's in-order
   * simulation; the guards then see the fee the refusal names and unknown balances after.
   */
  private TransferQuote priceLeg(TransferRail rail, List<TransferRequest> legs, int index) {
    TransferRequest leg = legs.get(index);
    try {
      return price(rail, leg);
    } catch (InsufficientFundsException shortfall) {
      if (!creditedByEarlierLeg(legs, index, shortfall.asset())) {
        throw shortfall;
      }
      boolean feeInSameAsset = shortfall.asset().equals(leg.asset());
      BigDecimal fee =
          feeInSameAsset ? shortfall.required().subtract(leg.amount()) : shortfall.required();
      if (fee.signum() < 0) {
        throw shortfall;
      }
      return new TransferQuote(
          leg,
          fee,
          shortfall.asset(),
          feeInSameAsset ? shortfall.required() : leg.amount(),
          null,
          null,
          List.of(
              "funded by an earlier leg of the group; balances after depend on the whole group"),
          atOrAboveThreshold(leg),
          ValidationReport.empty());
    }
  }

  private static boolean creditedByEarlierLeg(List<TransferRequest> legs, int index, Asset asset) {
    AccountRef sender = legs.get(index).from();
    return legs.subList(0, index).stream()
        .anyMatch(l -> l.to().equals(sender) && l.asset().equals(asset));
  }

  private boolean atOrAboveThreshold(TransferRequest request) {
    BigDecimal threshold = confirmationThresholds.get(request.asset());
    return threshold != null && request.amount().compareTo(threshold) >= 0;
  }

  /** Refuses what needs confirmation, then runs the guards; the rail has moved nothing yet. */
  private void admit(TransferRequest request, TransferQuote quote, String leg) {
    if (quote.confirmationRequired()) {
      BigDecimal threshold = confirmationThresholds.get(request.asset());
      String why =
          threshold != null && request.amount().compareTo(threshold) >= 0
              ? "is at or above the confirmation threshold of " + request.asset().format(threshold)
              : "needs confirmation on this rail";
      String how =
          leg.isEmpty()
              ? "call prepare(request), then confirm(pendingId)"
              : "a group cannot be confirmed: prepare and confirm this transfer on its own";
      throw TransferRejectedException.of(
          "confirmation_required",
          leg + request.asset().format(request.amount()) + " " + why + "; " + how);
    }
    checkGuards(request, quote);
  }

  private void checkGuards(TransferRequest request, TransferQuote quote) {
    for (int i = 0; i < guards.size(); i++) {
      runGuard(i, request, quote);
    }
  }

  /**
   * Runs guard {@code index}; a guard that fails with anything but a refusal refuses, to be safe.
   */
  private void runGuard(int index, TransferRequest request, TransferQuote quote) {
    try {
      guards.get(index).check(request, quote);
    } catch (TransferException refusal) {
      throw refusal;
    } catch (RuntimeException bug) {
      log.warn("transfer guard #{} failed on {}; refusing the transfer", index + 1, request, bug);
      throw TransferRejectedException.of(
          "guard_failed",
          "transfer guard #"
              + (index + 1)
              + " failed ("
              + BalanceKitException.describe(bug)
              + "), so the transfer was refused");
    }
  }

  private static ValidationIssue issueOf(TransferRequest request, TransferException refusal) {
    Map<String, Object> facts = new HashMap<>();
    if (refusal instanceof InsufficientFundsException shortfall) {
      facts.put("current", shortfall.current());
      facts.put("required", shortfall.required());
    } else if (refusal instanceof TransferLimitExceededException limit) {
      facts.put("limit", limit.limit());
      facts.put("attempted", limit.attempted());
    } else if (refusal instanceof CooldownActiveException cooldown) {
      facts.put("retryAfter", cooldown.retryAfter());
    }
    return new ValidationIssue(
        refusal.rule(),
        Severity.ERROR,
        request.from(),
        request.asset().code(),
        BalanceKitException.describe(refusal),
        facts);
  }

  private static TransferQuote withFlags(
      TransferQuote q, boolean confirmationRequired, ValidationReport validation) {
    return new TransferQuote(
        q.request(),
        q.fee(),
        q.feeAsset(),
        q.totalDebit(),
        q.senderBalanceAfter(),
        q.recipientBalanceAfter(),
        q.warnings(),
        confirmationRequired,
        validation);
  }

  // ---------------------------------------------------------------- routing

  private TransferRail railFor(TransferRequest request) {
    for (TransferRail rail : rails) {
      if (rail.supports(request.from()) && rail.supports(request.to())) {
        return rail;
      }
    }
    throw TransferRejectedException.of(
        "no_rail",
        "no transfer rail supports "
            + request.from()
            + " -> "
            + request.to()
            + " (rails: "
            + String.join(", ", rails.stream().map(TransferRail::name).toList())
            + ")");
  }

  /**
   * Applies {@code action} on the rail that prepared {@code pendingId}. A pending transfer this
   * service did not prepare (another instance, a restart) goes to the first rail that knows it.
   */
  private <T> T onPendingRail(String pendingId, Function<TransferRail, T> action) {
    PendingRoute route = pendingRoutes.get(pendingId);
    if (route != null) {
      return action.apply(route.rail());
    }
    for (TransferRail rail : rails) {
      try {
        return action.apply(rail);
      } catch (TransferRejectedException e) {
        if (!PENDING_UNKNOWN.equals(e.rule()) && !"unsupported".equals(e.rule())) {
          throw e;
        }
      }
    }
    throw TransferRejectedException.of(
        PENDING_UNKNOWN, "no rail knows a pending transfer '" + pendingId + "'");
  }

  // ---------------------------------------------------------------- refresh

  /**
   * Refreshes the manager's view of {@code accounts} and waits up to the refresh timeout, so that
   * reads after the operation see its effect. Never throws: the transfer has already happened.
   */
  private void refresh(Collection<AccountRef> accounts) {
    if (manager == null) {
      return;
    }
    Set<AccountRef> distinct = new LinkedHashSet<>(accounts);
    List<CompletableFuture<?>> refreshes = new ArrayList<>();
    for (AccountRef account : distinct) {
      try {
        refreshes.add(
            manager
                .refresh(account)
                .whenComplete(
                    (view, error) -> {
                      if (error != null) {
                        logRefreshFailure(account, error);
                      }
                    }));
      } catch (RuntimeException e) {
        logRefreshFailure(account, e);
      }
    }
    try {
      CompletableFuture.allOf(refreshes.toArray(CompletableFuture<?>[]::new))
          .get(refreshTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException alreadyLogged) {
      // each failed refresh logged itself
    } catch (TimeoutException e) {
      log.warn(
          "balances of {} not refreshed within {} ms after a transfer; they will catch up",
          distinct,
          refreshTimeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void logRefreshFailure(AccountRef account, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    log.warn(
        "transfer succeeded but refreshing the balances of {} failed: {}",
        account,
        BalanceKitException.describe(cause));
  }

  // ---------------------------------------------------------------- argument checks

  private static void requireRequest(TransferRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("request must not be null");
    }
  }

  private static void requirePendingId(String pendingId) {
    if (pendingId == null || pendingId.isBlank()) {
      throw new IllegalArgumentException(
          "pendingId must not be null or blank, but was "
              + (pendingId == null ? "null" : "'" + pendingId + "'"));
    }
  }

  private static List<TransferRequest> checkedLegs(List<TransferRequest> requests) {
    if (requests == null || requests.isEmpty()) {
      throw new IllegalArgumentException("a group needs at least one request, but was " + requests);
    }
    Map<String, Integer> legByKey = new HashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      TransferRequest leg = requests.get(i);
      if (leg == null) {
        throw new IllegalArgumentException("request " + (i + 1) + " of the group is null");
      }
      Integer earlier = legByKey.putIfAbsent(leg.idempotencyKey(), i + 1);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "requests "
                + earlier
                + " and "
                + (i + 1)
                + " of the group share the idempotency key '"
                + leg.idempotencyKey()
                + "'");
      }
    }
    return List.copyOf(requests);
  }

  private static <T> T result(TransferRail rail, String operation, T value) {
    if (value == null) {
      throw new IllegalStateException(
          "rail '" + rail.name() + "' returned nothing from " + operation);
    }
    return value;
  }

  @Override
  public String toString() {
    return "TransferService{rails="
        + rails.stream().map(TransferRail::name).toList()
        + ", guards="
        + guards.size()
        + ", thresholds="
        + confirmationThresholds.keySet()
        + '}';
  }
}
