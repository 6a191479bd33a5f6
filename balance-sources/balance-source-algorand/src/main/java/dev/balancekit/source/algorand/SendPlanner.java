package dev.balancekit.source.algorand;

import com.algorand.algosdk.crypto.Address;
import com.algorand.algosdk.crypto.LogicsigSignature;
import com.algorand.algosdk.crypto.MultisigSignature;
import com.algorand.algosdk.crypto.Signature;
import com.algorand.algosdk.transaction.SignedTransaction;
import com.algorand.algosdk.transaction.Transaction;
import com.algorand.algosdk.v2.client.model.SimulateRequest;
import com.algorand.algosdk.v2.client.model.SimulateRequestTransactionGroup;
import com.algorand.algosdk.v2.client.model.SimulateResponse;
import com.algorand.algosdk.v2.client.model.SimulateTransactionGroupResult;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.algorand.SendCheck.Step;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.RecipientNotOptedInException;
import dev.balancekit.transfer.TransferException;
import dev.balancekit.transfer.TransferRejectedException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a send before anything is signed and builds its unsigned transactions. Reads algod
 * (assets, params, accounts) but never writes. Thread-safe: no state beyond its collaborators.
 */
final class SendPlanner {

  static final int MAX_GROUP_SIZE = 16;
  static final int MAX_NOTE_BYTES = 1024;

  /** All ALGO there is: 10 billion, in microAlgos. More is absurd, whatever uint64 allows. */
  private static final BigInteger ALGO_SUPPLY = BigInteger.TEN.pow(16);

  private static final Pattern ADDRESS = Pattern.compile("[A-Z2-7]{58}");
  private static final Pattern ASA_ID = Pattern.compile("[0-9]{1,19}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Asset ALGO = AssetDirectory.ALGO;

  /**
   * The outcome: the verdict, and when it got that far the legs, their transactions and
   * after-balances; {@code params} null when the check stopped before reading them.
   */
  record Plan(
      SendCheck check,
      List<Leg> legs,
      List<Transaction> txns,
      List<BigDecimal> senderAfter,
      List<BigDecimal> receiverAfter,
      Transactions.@Nullable Params params) {}

  private final String venue;
  private final Algod algod;
  private final AssetDirectory assets;
  private final boolean simulate;

  SendPlanner(String venue, Algod algod, AssetDirectory assets, boolean simulate) {
    this.venue = venue;
    this.algod = algod;
    this.assets = assets;
    this.simulate = simulate;
  }

  /**
   * Checks {@code inputs} as one send (a group when more than one).
   *
   * @throws HttpSourceException or {@link dev.balancekit.AccountNotFoundException} when algod
   *     cannot say what the check needs: an unknown balance is never taken for zero
   */
  Plan plan(List<LegInput> inputs) {
    SendCheck.Collector findings = new SendCheck.Collector();
    if (inputs.isEmpty()) {
      reject(findings, Step.REQUEST, -1, "empty_group", "a send needs at least one transfer");
    } else if (inputs.size() > MAX_GROUP_SIZE) {
      reject(
          findings,
          Step.REQUEST,
          -1,
          "group_too_large",
          "an atomic group holds at most "
              + MAX_GROUP_SIZE
              + " transactions, but "
              + inputs.size()
              + " were given");
    }
    List<Leg> legs = new ArrayList<>();
    for (int i = 0; i < inputs.size() && !findings.refused(); i++) {
      resolve(i, inputs.get(i), inputs.size(), findings).ifPresent(legs::add);
    }
    Map<Asset, BigDecimal> sent = sent(legs);
    if (findings.refused()) {
      return new Plan(
          findings.result(List.of(), sent, false), legs, List.of(), List.of(), List.of(), null);
    }
    Transactions.Params params = params();
    String expectedGenesis = expectedGenesisPrefix();
    if (expectedGenesis != null && !params.genesisId().startsWith(expectedGenesis)) {
      reject(
          findings,
          Step.REQUEST,
          -1,
          "wrong_network",
          "the algod node at "
              + algod.baseUrl()
              + " serves "
              + params.genesisId()
              + ", not "
              + venue);
      return new Plan(
          findings.result(List.of(), sent, false), legs, List.of(), List.of(), List.of(), params);
    }
    List<Transaction> txns = Transactions.build(legs, params);
    List<BigDecimal> fees = txns.stream().map(t -> ALGO.fromUnits(Transactions.fee(t))).toList();

    Map<String, Wallet> wallets = new LinkedHashMap<>();
    for (Leg leg : legs) {
      wallets.computeIfAbsent(
          leg.fromAddress().toString(), k -> new Wallet(read(leg.from(), leg.fromAddress())));
      wallets.computeIfAbsent(
          leg.toAddress().toString(), k -> new Wallet(read(leg.to(), leg.toAddress())));
    }
    List<BigDecimal> senderAfter = new ArrayList<>();
    List<BigDecimal> receiverAfter = new ArrayList<>();
    for (int i = 0; i < legs.size() && !findings.refused(); i++) {
      Leg leg = legs.get(i);
      Wallet from = wallet(wallets, leg.fromAddress().toString());
      Wallet to = wallet(wallets, leg.toAddress().toString());
      apply(leg, Transactions.fee(txns.get(i)), from, to, findings);
      senderAfter.add(leg.asset().fromUnits(from.balance(leg).max(BigInteger.ZERO)));
      receiverAfter.add(leg.asset().fromUnits(to.balance(leg).max(BigInteger.ZERO)));
    }
    if (!findings.refused()) {
      warnLowAlgo(legs, wallets, params.minFee(), findings);
    }
    boolean simulated = !findings.refused() && simulate && simulated(txns, findings);
    return new Plan(
        findings.result(fees, sent, simulated), legs, txns, senderAfter, receiverAfter, params);
  }

  // ---- steps REQUEST, ACCOUNTS, ASSET, AMOUNT: one leg, no balances needed ----

  private Optional<Leg> resolve(int index, LegInput in, int size, SendCheck.Collector findings) {
    String where = size > 1 ? " (leg " + (index + 1) + " of " + size + ")" : "";
    byte[] note = in.memo() == null ? new byte[0] : in.memo().getBytes(StandardCharsets.UTF_8);
    if (note.length > MAX_NOTE_BYTES) {
      reject(
          findings,
          Step.REQUEST,
          index,
          "memo_too_long",
          "the memo"
              + where
              + " is "
              + note.length
              + " bytes in UTF-8 but an Algorand note holds at most "
              + MAX_NOTE_BYTES);
    }
    AccountRef from = account(index, "sender", in.fromVenue(), in.from(), where, findings);
    AccountRef to = account(index, "receiver", in.toVenue(), in.to(), where, findings);
    if (from != null && to != null && from.id().equals(to.id())) {
      reject(
          findings,
          Step.ACCOUNTS,
          index,
          "self_transfer",
          "sender and receiver" + where + " are the same address " + from.id());
    }
    Optional<AssetDirectory.Asa> asa = Optional.empty();
    Asset asset = null;
    Long asaId = assetId(index, in, where, findings);
    if (asaId != null && asaId == 0L) {
      asset = ALGO;
    } else if (asaId != null) {
      asa = assets.asa(asaId);
      if (asa.isEmpty()) {
        reject(
            findings,
            Step.ASSET,
            index,
            "asset_unknown",
            "ASA " + asaId + where + " does not exist on " + venue);
      } else if (in.asset() != null && !in.asset().code().equals(asa.get().asset().code())) {
        reject(
            findings,
            Step.ASSET,
            index,
            "asset_mismatch",
            asa.get().label()
                + where
                + " is "
                + asa.get().asset().code()
                + " on chain, not "
                + in.asset().code());
      } else if (in.asset() != null && in.asset().scale() != asa.get().asset().scale()) {
        reject(
            findings,
            Step.ASSET,
            index,
            "asset_mismatch",
            asa.get().label()
                + where
                + " has "
                + asa.get().asset().scale()
                + " decimals on chain, but the request's asset says "
                + in.asset().scale());
      } else {
        asset = asa.get().asset();
      }
    }
    BigInteger units = asset == null ? null : units(index, in, asset, where, findings);
    if (from == null || to == null || asset == null || units == null || findings.refused()) {
      return Optional.empty();
    }
    String label = asa.map(AssetDirectory.Asa::label).orElse(ALGO.code());
    return Optional.of(
        new Leg(
            index,
            from,
            to,
            address(from),
            address(to),
            asset,
            asa.map(AssetDirectory.Asa::id).orElse(null),
            label,
            units,
            note,
            lease(in.idempotencyKey())));
  }

  private @Nullable AccountRef account(
      int index,
      String role,
      @Nullable String givenVenue,
      @Nullable String text,
      String where,
      SendCheck.Collector findings) {
    if (givenVenue != null && !givenVenue.equals(venue)) {
      reject(
          findings,
          Step.ACCOUNTS,
          index,
          "wrong_network",
          "the " + role + where + " is on " + givenVenue + " but this source serves " + venue);
      return null;
    }
    if (text == null || !ADDRESS.matcher(text).matches()) {
      reject(
          findings,
          Step.ACCOUNTS,
          index,
          "invalid_address",
          "the "
              + role
              + where
              + " "
              + shown(text)
              + " is not an Algorand address: it must be 58 characters of A-Z and 2-7");
      return null;
    }
    try {
      new Address(text); // algosdk verifies the checksum
    } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
      reject(
          findings,
          Step.ACCOUNTS,
          index,
          "invalid_address",
          "the " + role + " address" + where + " " + text + " has a wrong checksum (mistyped?)");
      return null;
    }
    return AccountRef.of(venue, text);
  }

  /** 0 for ALGO, the ASA id, or null after a refusal. */
  private @Nullable Long assetId(
      int index, LegInput in, String where, SendCheck.Collector findings) {
    String id;
    String named;
    if (in.asset() != null) {
      named = in.asset().toString();
      if (in.asset().code().equals(ALGO.code())
          && in.asset().venueId().map(v -> v.equals("0")).orElse(true)) {
        if (in.asset().scale() == ALGO.scale()) {
          return 0L;
        }
        return refuseAsset(
            index,
            findings,
            "ALGO" + where + " has 6 decimals, but the request's asset says " + in.asset().scale());
      }
      id = in.asset().venueId().orElse(null);
    } else {
      named = shown(in.assetText());
      if (in.assetText() != null && in.assetText().strip().equalsIgnoreCase(ALGO.code())) {
        return 0L;
      }
      id = in.assetText() == null ? null : in.assetText().strip();
    }
    if (id != null && ASA_ID.matcher(id).matches()) {
      try {
        return Long.parseLong(id);
      } catch (NumberFormatException e) {
        return refuseAsset(
            index, findings, "ASA id " + id + where + " is beyond the range of asset ids");
      }
    }
    return refuseAsset(
        index,
        findings,
        "asset "
            + named
            + where
            + " is neither ALGO nor an ASA id: give the asset id, for example Asset.of(\"USDC\", 6, \"31566704\")");
  }

  private static @Nullable Long refuseAsset(
      int index, SendCheck.Collector findings, String message) {
    reject(findings, Step.ASSET, index, "asset_unknown", message);
    return null;
  }

  private static @Nullable BigInteger units(
      int index, LegInput in, Asset asset, String where, SendCheck.Collector findings) {
    BigDecimal given = in.amount();
    String text = in.amountText();
    BigDecimal amount;
    try {
      if (given != null) {
        amount = asset.amount("amount", given);
      } else if (text != null) {
        amount = asset.parse("amount", text);
      } else {
        throw new IllegalArgumentException("amount must not be null"); // as Asset.parse says it
      }
    } catch (IllegalArgumentException e) {
      reject(findings, Step.AMOUNT, index, "invalid_amount", e.getMessage() + where);
      return null;
    }
    if (amount.signum() <= 0) {
      reject(
          findings,
          Step.AMOUNT,
          index,
          "amount_not_positive",
          "amount must be positive, but was " + asset.format(amount) + where);
      return null;
    }
    BigInteger units = asset.toUnits(amount);
    BigInteger limit = asset.equals(ALGO) ? ALGO_SUPPLY : AssetDirectory.UINT64_MAX;
    if (units.compareTo(limit) > 0) {
      reject(
          findings,
          Step.AMOUNT,
          index,
          "amount_absurd",
          "amount "
              + asset.format(amount)
              + where
              + " is more than "
              + asset.format(asset.fromUnits(limit))
              + (asset.equals(ALGO)
                  ? ", all ALGO in existence"
                  : ", the most an Algorand asset can count"));
      return null;
    }
    return units;
  }

  // ---- steps SENDER_BALANCE, SUFFICIENCY, RECEIVER_OPT_IN, MIN_BALANCE: balances, leg by leg ----

  /** Balances of one account as the group's legs change them; base units throughout. */
  private static final class Wallet {
    final ChainAccount start;
    final BigInteger min;
    BigInteger algo;
    final Map<Long, BigInteger> holdings = new HashMap<>();
    BigInteger algoIn = BigInteger.ZERO;
    BigInteger algoOut = BigInteger.ZERO;
    BigInteger feesPaid = BigInteger.ZERO;
    final Map<Long, BigInteger> asaIn = new HashMap<>();
    final Map<Long, BigInteger> asaOut = new HashMap<>();

    Wallet(ChainAccount start) {
      this.start = start;
      this.min =
          Objects.requireNonNull(start.minBalance(), "read() refuses an account without one");
      this.algo = start.algo();
      start.holdings().forEach((id, h) -> holdings.put(id, h.amount()));
    }

    String address() {
      return start.ref().id();
    }

    /**
     * ALGO this account could still spend, counting what the group paid in so far; never below
     * zero.
     */
    BigInteger spendableSoFar() {
      return start.algo().add(algoIn).subtract(min).max(BigInteger.ZERO);
    }

    BigInteger balance(Leg leg) {
      return leg.isAlgo() ? algo : holdings.getOrDefault(leg.asaId(), BigInteger.ZERO);
    }

    /** Units of ASA {@code id} held now; only for an ASA {@code checkHolding} found here. */
    BigInteger asa(@Nullable Long id) {
      return Objects.requireNonNull(holdings.get(id), "checkHolding found the holding");
    }

    /** Units of ASA {@code id} held before the send; as {@link #asa}. */
    BigInteger asaAtStart(@Nullable Long id) {
      return Objects.requireNonNull(start.holdings().get(id), "checkHolding found the holding")
          .amount();
    }
  }

  /** The wallet of {@code address}; every leg's accounts are read before legs are applied. */
  private static Wallet wallet(Map<String, Wallet> wallets, String address) {
    return Objects.requireNonNull(wallets.get(address), "every leg's accounts were read");
  }

  private ChainAccount read(AccountRef ref, Address address) {
    ChainAccount account = ChainAccount.read(algod, ref, address);
    if (account.minBalance() == null) {
      throw HttpSourceException.malformedResponse(
          algod.source(),
          algod.baseUrl(),
          200,
          "algod did not report the min-balance of " + ref.id() + ", which a send check needs");
    }
    return account;
  }

  /** Applies one leg as algod would, adding a refusal where algod would refuse it. */
  private void apply(
      Leg leg, BigInteger fee, Wallet from, Wallet to, SendCheck.Collector findings) {
    int i = leg.index();
    Long id = leg.asaId();
    Asset asset = leg.asset();
    boolean senderHolds =
        leg.isAlgo() || checkHolding(Step.SENDER_BALANCE, leg, from, "sender", findings);

    // Fee first, as algod takes it before the transfer.
    from.algo = from.algo.subtract(fee);
    from.feesPaid = from.feesPaid.add(fee);
    if (leg.isAlgo()) {
      from.algo = from.algo.subtract(leg.units());
      from.algoOut = from.algoOut.add(leg.units());
    } else if (senderHolds) {
      BigInteger before = from.asa(id);
      from.holdings.put(id, before.subtract(leg.units()));
      BigInteger out = from.asaOut.merge(id, leg.units(), BigInteger::add);
      if (before.compareTo(leg.units()) < 0) {
        BigInteger had = from.asaAtStart(id).add(from.asaIn.getOrDefault(id, BigInteger.ZERO));
        findings.refuse(
            Step.SUFFICIENCY,
            i,
            InsufficientFundsException.of(
                from.start.ref(), asset, asset.fromUnits(had), asset.fromUnits(out), asset.zero()));
      }
    }
    if (from.algo.compareTo(from.min) < 0) {
      BigDecimal has = ALGO.fromUnits(from.spendableSoFar());
      BigDecimal fees = ALGO.fromUnits(from.feesPaid);
      findings.refuse(
          Step.SUFFICIENCY,
          i,
          from.algoOut.signum() == 0
              ? InsufficientFundsException.forFee(from.start.ref(), ALGO, has, fees)
              : InsufficientFundsException.of(
                  from.start.ref(), ALGO, has, ALGO.fromUnits(from.algoOut), fees));
    }

    if (leg.isAlgo()) {
      to.algo = to.algo.add(leg.units());
      to.algoIn = to.algoIn.add(leg.units());
      if (to.algo.compareTo(to.min) < 0) {
        reject(
            findings,
            Step.MIN_BALANCE,
            i,
            "receiver_below_min_balance",
            "receiver "
                + to.address()
                + " would hold "
                + ALGO.format(ALGO.fromUnits(to.algo))
                + ", below its minimum balance of "
                + ALGO.format(ALGO.fromUnits(to.min))
                + "; send at least "
                + ALGO.format(ALGO.fromUnits(to.min.subtract(to.algo).add(leg.units()))));
      }
    } else if (checkHolding(Step.RECEIVER_OPT_IN, leg, to, "receiver", findings)) {
      BigInteger after = to.asa(id).add(leg.units());
      to.holdings.put(id, after);
      to.asaIn.merge(id, leg.units(), BigInteger::add);
      if (after.compareTo(AssetDirectory.UINT64_MAX) > 0) {
        reject(
            findings,
            Step.RECEIVER_OPT_IN,
            i,
            "amount_absurd",
            "receiver "
                + to.address()
                + " would hold more of "
                + leg.label()
                + " than an Algorand asset can count (2^64-1 base units)");
      }
    }
  }

  /** Whether {@code wallet} may move the leg's ASA; adds the refusal when not. */
  private static boolean checkHolding(
      Step step, Leg leg, Wallet wallet, String role, SendCheck.Collector findings) {
    ChainAccount.Holding h = wallet.start.holdings().get(leg.asaId());
    if (h == null) {
      String message = role + " " + wallet.address() + " is not opted into " + leg.label();
      TransferException why =
          role.equals("receiver")
              ? RecipientNotOptedInException.of(wallet.start.ref(), leg.asset())
              : TransferRejectedException.of("sender_not_opted_in", message);
      findings.refuse(step, leg.index(), why, message);
      return false;
    }
    if (h.frozen()) {
      reject(
          findings,
          step,
          leg.index(),
          "asset_frozen",
          role
              + " "
              + wallet.address()
              + " holds "
              + leg.label()
              + " frozen: it can neither send nor receive it");
      return false;
    }
    return true;
  }

  /**
   * Warns for each sender left with less spendable ALGO than one minimum fee: it sits at its
   * minimum balance and can send nothing, not even an ASA, until it receives ALGO.
   */
  private static void warnLowAlgo(
      List<Leg> legs,
      Map<String, Wallet> wallets,
      BigInteger minFee,
      SendCheck.Collector findings) {
    Map<String, Integer> lastLeg = new LinkedHashMap<>();
    legs.forEach(l -> lastLeg.put(l.fromAddress().toString(), l.index()));
    lastLeg.forEach(
        (address, leg) -> {
          Wallet w = wallet(wallets, address);
          BigInteger left = w.algo.subtract(w.min);
          if (left.compareTo(minFee) < 0) {
            findings.warn(
                Step.MIN_BALANCE,
                leg,
                "min_balance",
                "after this send sender "
                    + address
                    + " keeps "
                    + ALGO.format(ALGO.fromUnits(w.algo))
                    + " against a minimum balance of "
                    + ALGO.format(ALGO.fromUnits(w.min))
                    + ": it cannot pay the "
                    + ALGO.format(ALGO.fromUnits(minFee))
                    + " fee of another transaction until it receives ALGO");
          }
        });
  }

  // ---- step SIMULATION ----

  /** Asks algod to simulate the unsigned group; false when the node does not offer simulation. */
  private boolean simulated(List<Transaction> txns, SendCheck.Collector findings) {
    SimulateRequestTransactionGroup group = new SimulateRequestTransactionGroup();
    group.txns = new ArrayList<>();
    for (Transaction txn : txns) {
      try {
        group.txns.add(
            new SignedTransaction(
                txn,
                new Signature(),
                new MultisigSignature(),
                new LogicsigSignature(),
                txn.txID()));
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("algosdk could not compute a transaction id", e);
      }
    }
    SimulateRequest request = new SimulateRequest();
    request.allowEmptySignatures = true;
    request.txnGroups = List.of(group);
    Optional<SimulateResponse> response = algod.simulate(request);
    if (response.isEmpty()) {
      return false;
    }
    List<SimulateTransactionGroupResult> groups = response.get().txnGroups;
    if (groups == null || groups.isEmpty()) {
      throw HttpSourceException.malformedResponse(
          algod.source(), algod.baseUrl(), 200, "the simulation result has no transaction group");
    }
    String failure = groups.get(0).failureMessage;
    if (failure != null && !failure.isBlank()) {
      List<Long> at = groups.get(0).failedAt;
      int leg = at == null || at.isEmpty() ? -1 : at.get(0).intValue();
      reject(
          findings,
          Step.SIMULATION,
          leg,
          "simulation_failed",
          "algod's simulation refused the send"
              + (leg >= 0 && txns.size() > 1 ? " at leg " + (leg + 1) : "")
              + ": "
              + Algod.bounded(failure));
    }
    return true;
  }

  // ---- helpers ----

  private Transactions.Params params() {
    try {
      return Transactions.Params.of(algod.params());
    } catch (IllegalArgumentException e) {
      throw HttpSourceException.malformedResponse(
          algod.source(),
          algod.baseUrl(),
          200,
          Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
    }
  }

  /** The genesis id prefix of a public network ({@code testnet-v}), or null for private ones. */
  private @Nullable String expectedGenesisPrefix() {
    String network = venue.contains(":") ? venue.substring(venue.indexOf(':') + 1) : "";
    return switch (network) {
      case "mainnet", "testnet", "betanet" -> network + "-v";
      default -> null;
    };
  }

  private static Map<Asset, BigDecimal> sent(List<Leg> legs) {
    Map<Asset, BigDecimal> sent = new LinkedHashMap<>();
    for (Leg leg : legs) {
      sent.merge(leg.asset(), leg.asset().fromUnits(leg.units()), BigDecimal::add);
    }
    return sent;
  }

  private static Address address(AccountRef ref) {
    try {
      return new Address(ref.id());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512/256 is required by the Java platform", e);
    }
  }

  /**
   * SHA-256 of the idempotency key, so a retried request leases the same slot; random without a
   * key.
   */
  private static byte[] lease(@Nullable String idempotencyKey) {
    if (idempotencyKey == null) {
      byte[] random = new byte[32];
      RANDOM.nextBytes(random);
      return random;
    }
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(("balancekit-lease:" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /**
   * Adds a refusal without a more specific type; the finding reads {@code message} without the
   * exception's prefix.
   */
  private static void reject(
      SendCheck.Collector findings, Step step, int leg, String rule, String message) {
    findings.refuse(step, leg, TransferRejectedException.of(rule, message), message);
  }

  private static String shown(@Nullable String text) {
    if (text == null) {
      return "null";
    }
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return "'" + (clean.length() <= 70 ? clean : clean.substring(0, 67) + "...") + "'";
  }
}
