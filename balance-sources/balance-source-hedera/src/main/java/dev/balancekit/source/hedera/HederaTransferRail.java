package dev.balancekit.source.hedera;

import com.hedera.hashgraph.sdk.AccountId;
import com.hedera.hashgraph.sdk.Client;
import com.hedera.hashgraph.sdk.Hbar;
import com.hedera.hashgraph.sdk.PrecheckStatusException;
import com.hedera.hashgraph.sdk.Status;
import com.hedera.hashgraph.sdk.TokenId;
import com.hedera.hashgraph.sdk.TransactionId;
import com.hedera.hashgraph.sdk.TransactionReceipt;
import com.hedera.hashgraph.sdk.TransactionReceiptQuery;
import com.hedera.hashgraph.sdk.TransactionResponse;
import com.hedera.hashgraph.sdk.TransferTransaction;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.BalanceKitException;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.ValidationReport;
import dev.balancekit.source.http.Futures;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.spi.TransferRail;
import dev.balancekit.transfer.IdempotencyConflictException;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.RecipientNotOptedInException;
import dev.balancekit.transfer.TransferQuote;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HBAR and HTS token transfers from the operator account with the Hedera SDK's {@link
 * TransferTransaction}, checked against the Mirror Node first and mapped to typed results.
 *
 * <p>Before anything is signed: the sender must be the operator; the memo must fit Hedera's 100
 * bytes; a token's decimals (from the mirror) must equal the request asset's scale and the amount
 * must not have more decimals than the token; the recipient must exist and be associated with the
 * token (or have automatic-association slots); the sender must hold the amount plus the configured
 * maximum fee (in HBAR; for a token, the token amount and the fee in HBAR). The network decides in
 * the end: receipt {@code SUCCESS} is a {@link TransferReceipt}; {@code
 * INSUFFICIENT_ACCOUNT_BALANCE}, {@code INSUFFICIENT_TOKEN_BALANCE} and {@code
 * INSUFFICIENT_PAYER_BALANCE} are {@link InsufficientFundsException}; {@code
 * TOKEN_NOT_ASSOCIATED_TO_ACCOUNT} is {@link RecipientNotOptedInException}; any other status is a
 * {@link TransferRejectedException} whose rule is the status name in lower case. A transaction a
 * node accepted whose receipt did not arrive in time is returned with status {@code SUBMITTED}. A
 * submission no node answered has an unknown outcome: it fails with {@link
 * SourceUnavailableException} naming the transaction id, and a retry with the same idempotency key
 * asks the network for that transaction's receipt instead of sending again.
 *
 * <p>Fees: quotes and receipts state the configured maximum transaction fee, the most the network
 * may charge; the exact fee is in the transaction's record on the mirror.
 *
 * <p>Idempotency keys are remembered in memory (the last {@value #REMEMBERED} keys of this rail): a
 * retry with a known key returns the first receipt marked replay; a restart forgets them.
 *
 * <p>The operator key lives only inside the SDK client; it never appears in {@code toString()},
 * exception messages or logs. Thread-safe.
 */
final class HederaTransferRail implements TransferRail {
  private static final Logger log = LoggerFactory.getLogger(HederaTransferRail.class);
  static final int MAX_MEMO_BYTES = 100;
  static final int REMEMBERED = 10_000;
  private static final Asset HBAR = Holdings.HBAR;

  private final String name;
  private final HederaNetwork network;
  private final EntityId operator;
  private final Client client;
  private final MirrorReader reader;
  private final BigDecimal maxFee;
  private final Duration timeout;
  private final Clock clock;
  private final Map<String, Attempt> attempts =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Attempt> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** What is known of one idempotency key's transfer. */
  private static final class Attempt {
    final TransferRequest request;
    final CompletableFuture<TransferReceipt> outcome = new CompletableFuture<>();
    // Both set by execute() before anything is sent; null for an attempt refused before that.
    volatile @Nullable TransactionId transactionId;
    volatile boolean unknown;
    volatile @Nullable Plan plan;

    Attempt(TransferRequest request) {
      this.request = request;
    }
  }

  /**
   * A request checked against the mirror: what to sign and the balances it was judged on; {@code
   * token} null for HBAR.
   */
  private record Plan(
      TransferRequest request,
      EntityId from,
      EntityId to,
      @Nullable EntityId token,
      int decimals,
      long units,
      BigDecimal senderBalance,
      BigDecimal senderHbar,
      BigDecimal recipientBalance,
      List<String> warnings) {}

  HederaTransferRail(
      String name,
      HederaNetwork network,
      EntityId operator,
      Client client,
      MirrorReader reader,
      BigDecimal maxFee,
      Duration timeout,
      Clock clock) {
    this.name = name;
    this.network = network;
    this.operator = operator;
    this.client = client;
    this.reader = reader;
    this.maxFee = maxFee;
    this.timeout = timeout;
    this.clock = clock;
  }

  @Override
  public String name() {
    return name;
  }

  /** Accounts of this rail's network. */
  @Override
  public boolean supports(AccountRef account) {
    return account != null && account.venue().equals(network.venue());
  }

  /**
   * Prices {@code request} with the mirror's balances; nothing is signed.
   *
   * @throws IllegalArgumentException if the request is null, of another network, has a wrong
   *     checksum or names one account twice
   * @throws InsufficientFundsException if the sender cannot cover amount and maximum fee
   * @throws RecipientNotOptedInException if the recipient is not associated with the token and has
   *     no automatic-association slots
   * @throws TransferRejectedException for a sender other than the operator, a memo over 100 bytes,
   *     an unknown token, an asset whose scale is not the token's decimals, too precise an amount,
   *     or an unknown recipient
   * @throws BalanceKitException ({@code HttpSourceException}, {@code SourceUnavailableException})
   *     when the mirror cannot answer
   */
  @Override
  public TransferQuote quote(TransferRequest request) {
    Plan p = plan(request);
    boolean hbar = p.token() == null;
    BigDecimal totalDebit = hbar ? request.amount().add(maxFee) : request.amount();
    return new TransferQuote(
        request,
        maxFee,
        HBAR,
        totalDebit,
        p.senderBalance().subtract(totalDebit),
        p.recipientBalance().add(request.amount()),
        p.warnings(),
        false,
        ValidationReport.empty());
  }

  /**
   * Signs and submits {@code request}, then waits for its receipt (within the consensus timeout).
   *
   * @return the receipt: COMPLETED on {@code SUCCESS}, SUBMITTED when a node accepted the
   *     transaction but its receipt did not arrive in time; marked replay for a known idempotency
   *     key
   * @throws IdempotencyConflictException if the key was used for another transfer
   * @throws SourceUnavailableException if no node answered, so the outcome is unknown (the message
   *     names the transaction id; retry with the same key to learn it)
   * @throws InsufficientFundsException if the mirror's balances or the network's status say the
   *     sender cannot cover amount and fee
   * @throws RecipientNotOptedInException if the recipient cannot receive the token (mirror or
   *     network)
   * @throws TransferRejectedException for the refusals {@link #quote} lists and any other network
   *     status
   * @throws IllegalArgumentException for the bad requests {@link #quote} lists
   */
  @Override
  public TransferReceipt submit(TransferRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("request must not be null");
    }
    Attempt attempt;
    boolean mine = false;
    synchronized (attempts) {
      attempt = attempts.get(request.idempotencyKey());
      if (attempt == null) {
        attempt = new Attempt(request);
        attempts.put(request.idempotencyKey(), attempt);
        mine = true;
      }
    }
    if (!mine) {
      return rejoin(attempt, request);
    }
    try {
      TransferReceipt receipt = execute(attempt);
      attempt.outcome.complete(receipt);
      return receipt;
    } catch (RuntimeException e) {
      if (!attempt.unknown) {
        forget(attempt); // refused, or failed before anything was sent: the key may be used again
      }
      attempt.outcome.completeExceptionally(e);
      throw e;
    }
  }

  private TransferReceipt rejoin(Attempt attempt, TransferRequest request) {
    if (!attempt.request.sameEffectAs(request)) {
      throw IdempotencyConflictException.of(request.idempotencyKey());
    }
    try {
      return attempt.outcome.join().asReplay();
    } catch (CompletionException e) {
      if (attempt.unknown) {
        return resolve(attempt);
      }
      Throwable cause = Futures.unwrap(e);
      throw cause instanceof RuntimeException r ? r : e;
    }
  }

  /** Learns the outcome of a transaction no node answered for, from its receipt. */
  private TransferReceipt resolve(Attempt attempt) {
    synchronized (attempt) {
      if (!attempt.unknown) {
        return attempt.outcome.join().asReplay();
      }
      TransactionId transactionId =
          Objects.requireNonNull(
              attempt.transactionId, "an attempt whose outcome is unknown was sent with an id");
      TransactionReceipt receipt;
      try {
        receipt =
            new TransactionReceiptQuery().setTransactionId(transactionId).execute(client, timeout);
      } catch (TimeoutException | PrecheckStatusException | RuntimeException e) {
        throw unknown(transactionId, e);
      }
      if (receipt.status == Status.SUCCESS) {
        TransferReceipt done =
            completed(attempt.request, transactionId, TransferReceipt.Status.COMPLETED);
        attempt.unknown = false;
        attempt.outcome.obtrudeValue(done);
        return done.asReplay();
      }
      RuntimeException refusal = refusal(receipt.status, attempt.plan, transactionId);
      attempt.unknown = false;
      forget(attempt);
      throw refusal;
    }
  }

  private TransferReceipt execute(Attempt attempt) {
    Plan p = plan(attempt.request);
    attempt.plan = p;
    TransferTransaction tx = new TransferTransaction();
    AccountId from = accountId(p.from());
    AccountId to = accountId(p.to());
    EntityId tokenId = p.token();
    if (tokenId == null) {
      tx.addHbarTransfer(from, Hbar.fromTinybars(-p.units()))
          .addHbarTransfer(to, Hbar.fromTinybars(p.units()));
    } else {
      TokenId token = new TokenId(tokenId.shard(), tokenId.realm(), tokenId.num());
      tx.addTokenTransferWithDecimals(token, from, -p.units(), p.decimals());
      tx.addTokenTransferWithDecimals(token, to, p.units(), p.decimals());
    }
    attempt.request.memo().ifPresent(tx::setTransactionMemo);
    tx.setMaxTransactionFee(Hbar.fromTinybars(HBAR.toUnits(maxFee).longValueExact()));
    TransactionId transactionId = TransactionId.generate(accountId(operator));
    tx.setTransactionId(transactionId);
    attempt.transactionId = transactionId;
    log.debug("rail '{}' sends transaction {}: {}", name, transactionId, attempt.request);
    TransactionResponse response;
    try {
      response = tx.execute(client, timeout);
    } catch (PrecheckStatusException e) {
      throw refusal(e.status, p, transactionId);
    } catch (TimeoutException | RuntimeException e) {
      attempt.unknown = true;
      throw unknown(transactionId, e);
    }
    TransactionReceipt receipt;
    try {
      receipt = response.setValidateStatus(false).getReceipt(client, timeout);
    } catch (Exception e) {
      log.warn(
          "rail '{}': transaction {} was accepted but its receipt did not arrive: {}",
          name,
          transactionId,
          e.getClass().getSimpleName());
      return completed(attempt.request, transactionId, TransferReceipt.Status.SUBMITTED);
    }
    log.debug(
        "rail '{}': transaction {} reached consensus with {}", name, transactionId, receipt.status);
    if (receipt.status != Status.SUCCESS) {
      throw refusal(receipt.status, p, transactionId);
    }
    return completed(attempt.request, transactionId, TransferReceipt.Status.COMPLETED);
  }

  private TransferReceipt completed(
      TransferRequest request, TransactionId id, TransferReceipt.Status status) {
    return new TransferReceipt(
        "hedera:" + id, request, maxFee, HBAR, status, id.toString(), clock.instant(), false);
  }

  /**
   * The typed refusal for a network status; {@code plan} may be null when only the transaction id
   * is known.
   */
  private RuntimeException refusal(Status status, @Nullable Plan p, TransactionId id) {
    if (p != null) {
      TransferRequest r = p.request();
      if (status == Status.INSUFFICIENT_ACCOUNT_BALANCE) {
        return p.token() == null
            ? InsufficientFundsException.of(r.from(), HBAR, p.senderHbar(), r.amount(), maxFee)
            : InsufficientFundsException.forFee(r.from(), HBAR, p.senderHbar(), maxFee);
      }
      if (status == Status.INSUFFICIENT_TOKEN_BALANCE) {
        return InsufficientFundsException.of(
            r.from(), r.asset(), p.senderBalance(), r.amount(), r.asset().zero());
      }
      if (status == Status.INSUFFICIENT_PAYER_BALANCE || status == Status.INSUFFICIENT_TX_FEE) {
        return InsufficientFundsException.forFee(r.from(), HBAR, p.senderHbar(), maxFee);
      }
      if (status == Status.TOKEN_NOT_ASSOCIATED_TO_ACCOUNT) {
        return RecipientNotOptedInException.of(r.to(), r.asset());
      }
    }
    return TransferRejectedException.of(
        status.name().toLowerCase(Locale.ROOT),
        "the network refused transaction " + id + " with status " + status.name());
  }

  private SourceUnavailableException unknown(TransactionId id, Exception cause) {
    log.warn(
        "rail '{}': no node answered for transaction {} ({}); its outcome is unknown",
        name,
        id,
        cause.getClass().getSimpleName());
    return SourceUnavailableException.of(
        name,
        "no consensus node answered in time for transaction "
            + id
            + "; it may still reach consensus: retry with the same idempotency key to learn its outcome"
            + " ("
            + cause.getClass().getSimpleName()
            + ")");
  }

  private void forget(Attempt attempt) {
    synchronized (attempts) {
      attempts.remove(attempt.request.idempotencyKey(), attempt);
    }
  }

  // ---------------------------------------------------------------- checks before signing

  private Plan plan(TransferRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("request must not be null");
    }
    if (!supports(request.from()) || !supports(request.to())) {
      throw new IllegalArgumentException(
          "rail '"
              + name
              + "' moves value on "
              + network.venue()
              + " only, not "
              + request.from().venue());
    }
    EntityId from = EntityId.account(request.from(), network);
    EntityId to = EntityId.account(request.to(), network);
    if (from.equals(to)) {
      throw new IllegalArgumentException(
          "cannot transfer to the same account: "
              + request.from()
              + " and "
              + request.to()
              + " are both "
              + from);
    }
    if (!from.equals(operator)) {
      throw TransferRejectedException.of(
          "sender_not_operator",
          "rail '" + name + "' signs for " + operator + " only and cannot send from " + from);
    }
    int memoBytes = request.memo().map(m -> m.getBytes(StandardCharsets.UTF_8).length).orElse(0);
    if (memoBytes > MAX_MEMO_BYTES) {
      throw TransferRejectedException.of(
          "memo_too_long",
          "a Hedera memo holds at most "
              + MAX_MEMO_BYTES
              + " bytes of UTF-8, but this one has "
              + memoBytes);
    }
    Asset asset = request.asset();
    EntityId token = token(asset);
    int decimals = token == null ? HBAR.scale() : tokenDecimals(token);
    BigDecimal amount = request.amount();
    if (amount.stripTrailingZeros().scale() > decimals) {
      throw TransferRejectedException.of(
          "amount_precision",
          "amount "
              + amount.toPlainString()
              + " has "
              + amount.stripTrailingZeros().scale()
              + " decimals but "
              + describe(asset, token)
              + " allows "
              + decimals);
    }
    if (asset.scale() != decimals) {
      throw TransferRejectedException.of(
          "asset_mismatch",
          describe(asset, token)
              + " has "
              + decimals
              + " decimals on "
              + network.venue()
              + ", but the request's asset says "
              + asset.scale());
    }
    long units;
    try {
      units = amount.movePointRight(decimals).toBigIntegerExact().longValueExact();
    } catch (ArithmeticException e) {
      throw TransferRejectedException.of(
          "amount_too_large",
          "amount "
              + asset.format(amount)
              + " exceeds what one Hedera transfer can carry (2^63-1 base units)");
    }
    return balances(request, from, to, token, decimals, units);
  }

  /** The token of {@code asset}, or null for HBAR. */
  private static @Nullable EntityId token(Asset asset) {
    if (asset.venueId().isEmpty()) {
      if (!asset.code().equals(HBAR.code())) {
        throw TransferRejectedException.of(
            "unknown_asset",
            asset.code()
                + " is neither HBAR nor a token with a"
                + " token id as venue id (for example Asset.of(\"USDC\", 6, \"0.0.456858\"))");
      }
      return null;
    }
    try {
      return EntityId.plain("token id", asset.venueId().get());
    } catch (IllegalArgumentException e) {
      throw TransferRejectedException.of(
          "unknown_asset",
          "the venue id of " + asset.code() + " is not a Hedera token id shard.realm.num");
    }
  }

  private int tokenDecimals(EntityId token) {
    try {
      return join(reader.catalog().decimals(token));
    } catch (HttpSourceException e) {
      if (e.kind() == HttpSourceException.Kind.NOT_FOUND) {
        throw TransferRejectedException.of(
            "unknown_asset", "token " + token + " does not exist on " + network.venue());
      }
      throw e;
    }
  }

  private Plan balances(
      TransferRequest request,
      EntityId from,
      EntityId to,
      @Nullable EntityId token,
      int decimals,
      long units) {
    CompletableFuture<MirrorReader.AccountInfo> sender = reader.info(from);
    CompletableFuture<MirrorReader.AccountInfo> recipient = reader.info(to);
    CompletableFuture<MirrorReader.TokenAmount> senderToken =
        token == null ? CompletableFuture.completedFuture(null) : reader.relationship(from, token);
    CompletableFuture<MirrorReader.TokenAmount> recipientToken =
        token == null ? CompletableFuture.completedFuture(null) : reader.relationship(to, token);
    MirrorReader.AccountInfo senderInfo = party(sender, "sender_not_found", request.from());
    MirrorReader.AccountInfo recipientInfo = party(recipient, "recipient_not_found", request.to());
    MirrorReader.TokenAmount senderRel = party(senderToken, "sender_not_found", request.from());
    MirrorReader.TokenAmount recipientRel =
        party(recipientToken, "recipient_not_found", request.to());

    Asset asset = request.asset();
    BigDecimal amount = request.amount();
    BigDecimal senderHbar = HBAR.fromUnits(senderInfo.tinybars());
    List<String> warnings = new ArrayList<>();
    warnings.add(
        "the fee shown is the configured maximum of "
            + HBAR.format(maxFee)
            + "; the network usually charges less");
    if (token == null) {
      if (senderHbar.compareTo(amount.add(maxFee)) < 0) {
        throw InsufficientFundsException.of(request.from(), asset, senderHbar, amount, maxFee);
      }
      return new Plan(
          request,
          from,
          to,
          null,
          decimals,
          units,
          senderHbar,
          senderHbar,
          HBAR.fromUnits(recipientInfo.tinybars()),
          warnings);
    }
    BigDecimal senderBalance =
        senderRel == null ? asset.zero() : asset.fromUnits(senderRel.units());
    if (senderBalance.compareTo(amount) < 0) {
      throw InsufficientFundsException.of(
          request.from(), asset, senderBalance, amount, asset.zero());
    }
    if (senderHbar.compareTo(maxFee) < 0) {
      throw InsufficientFundsException.forFee(request.from(), HBAR, senderHbar, maxFee);
    }
    if (recipientRel == null) {
      if (recipientInfo.maxAutoAssociations() == 0) {
        throw RecipientNotOptedInException.of(request.to(), asset);
      }
      warnings.add(
          "recipient "
              + request.to()
              + " is not associated with "
              + token
              + " yet; the transfer uses one of its automatic-association slots, if it has one left");
    }
    BigDecimal recipientBalance =
        recipientRel == null ? asset.zero() : asset.fromUnits(recipientRel.units());
    return new Plan(
        request,
        from,
        to,
        token,
        decimals,
        units,
        senderBalance,
        senderHbar,
        recipientBalance,
        List.copyOf(warnings));
  }

  /**
   * The value of a mirror read about a party of the transfer; an unknown party refuses the
   * transfer.
   */
  private <T> T party(CompletableFuture<T> read, String rule, AccountRef account) {
    try {
      return join(read);
    } catch (MirrorReader.Missing e) {
      throw TransferRejectedException.of(
          rule, "account " + account + " does not exist on " + network.venue());
    }
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = Futures.unwrap(e);
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(BalanceKitException.describe(cause), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the mirror", e);
    }
  }

  private static String describe(Asset asset, @Nullable EntityId token) {
    return token == null ? asset.code() : asset.code() + " (" + token + ")";
  }

  private static AccountId accountId(EntityId id) {
    return new AccountId(id.shard(), id.realm(), id.num());
  }

  /** Closes the SDK client (and its connections). */
  void close() {
    try {
      client.close();
    } catch (TimeoutException | RuntimeException e) {
      log.warn(
          "rail '{}': closing the Hedera client failed: {}", name, e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "HederaTransferRail{"
        + name
        + ", "
        + network.venue()
        + ", operator="
        + operator
        + ", maxFee="
        + HBAR.format(maxFee)
        + '}';
  }
}
