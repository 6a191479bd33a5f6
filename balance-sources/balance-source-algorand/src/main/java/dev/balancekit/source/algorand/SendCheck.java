package dev.balancekit.source.algorand;

import dev.balancekit.Asset;
import dev.balancekit.BalanceKitException;
import dev.balancekit.transfer.TransferException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The verdict on a send (one transfer or an atomic group) before anything is signed: whether it
 * would be refused, every finding in the order the checks ran, the warnings, the fee and the
 * totals. Made by {@link AlgorandSource#checkSend} and {@link AlgorandSource#checkGroup}; the
 * transfer rail runs the same check before it signs.
 *
 * <p>Checks run in this order: the request itself (group size, network, memo), sender and receiver
 * addresses (checksum), asset and decimals, amount in base units, sender balance and opt-in,
 * sufficiency (amount + fee within spendable ALGO = amount - minimum balance), receiver opt-in and
 * minimum balance, warnings, and, when enabled, algod's simulate endpoint. A group is checked leg
 * by leg in order, carrying each leg's balance changes into the next, as algod does (it checks
 * every touched account's minimum balance after each transaction of a group). Checks that depend on
 * an earlier refused step do not run.
 *
 * <p>Leaving an account below its minimum balance is a refusal, not a warning, because algod
 * rejects it (sender: {@code insufficient_funds}; receiver of a payment: {@code
 * receiver_below_min_balance}). The minimum-balance warning is for a send that passes but leaves
 * its sender with less spendable ALGO than one minimum fee: sitting at its minimum balance, it
 * cannot send anything else, not even an ASA, until it receives ALGO.
 *
 * <p>Immutable and thread-safe.
 */
public final class SendCheck {

  /** The check a finding comes from, in the order they run. */
  public enum Step {
    /** Group size, network, memo. */
    REQUEST,
    /** Sender and receiver addresses. */
    ACCOUNTS,
    /** The asset exists and the request names it right. */
    ASSET,
    /** The amount fits the asset's decimals and uint64. */
    AMOUNT,
    /** The sender holds the asset (opted in, not frozen). */
    SENDER_BALANCE,
    /** Amount plus fee within what the sender may spend. */
    SUFFICIENCY,
    /** The receiver may receive the asset (opted in, not frozen). */
    RECEIVER_OPT_IN,
    /** Minimum balances after the send. */
    MIN_BALANCE,
    /** algod's simulation of the group. */
    SIMULATION
  }

  /**
   * One finding. Immutable.
   *
   * @param step the check that found it
   * @param refusal whether it refuses the send (otherwise a warning)
   * @param leg the zero-based leg of the group it concerns, or -1 for the group as a whole
   * @param rule a stable, machine-readable name such as {@code insufficient_funds}
   * @param message what is wrong, for a person
   */
  public record Finding(Step step, boolean refusal, int leg, String rule, String message) {
    /**
     * @throws NullPointerException if step, rule or message is null
     */
    public Finding {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(message, "message");
    }
  }

  private final List<Finding> findings;
  private final @Nullable TransferException refusal;
  private final List<BigDecimal> legFees;
  private final Map<Asset, BigDecimal> sent;
  private final boolean simulated;

  private SendCheck(
      List<Finding> findings,
      @Nullable TransferException refusal,
      List<BigDecimal> legFees,
      Map<Asset, BigDecimal> sent,
      boolean simulated) {
    this.findings = List.copyOf(findings);
    this.refusal = refusal;
    this.legFees = List.copyOf(legFees);
    this.sent = Collections.unmodifiableMap(new LinkedHashMap<>(sent));
    this.simulated = simulated;
  }

  /**
   * Collects findings in the order checks run; the first refusal's exception is kept. Not
   * thread-safe.
   */
  static final class Collector {
    private final List<Finding> findings = new ArrayList<>();
    private @Nullable TransferException firstRefusal;

    void refuse(Step step, int leg, TransferException why, String message) {
      findings.add(new Finding(step, true, leg, why.rule(), message));
      if (firstRefusal == null) {
        firstRefusal = why;
      }
    }

    void refuse(Step step, int leg, TransferException why) {
      refuse(step, leg, why, BalanceKitException.describe(why));
    }

    void warn(Step step, int leg, String rule, String message) {
      findings.add(new Finding(step, false, leg, rule, message));
    }

    boolean refused() {
      return firstRefusal != null;
    }

    SendCheck result(List<BigDecimal> legFees, Map<Asset, BigDecimal> sent, boolean simulated) {
      List<Finding> ordered = new ArrayList<>(findings);
      ordered.sort(
          (a, b) ->
              a.step() != b.step()
                  ? a.step().compareTo(b.step())
                  : Integer.compare(a.leg(), b.leg()));
      return new SendCheck(ordered, firstRefusal, legFees, sent, simulated);
    }
  }

  /** Whether nothing refuses the send (warnings may remain). */
  public boolean ok() {
    return refusal == null;
  }

  /** Whether a finding refuses the send. */
  public boolean refused() {
    return refusal != null;
  }

  /** Every finding, ordered by {@link Step}, then by leg. */
  public List<Finding> findings() {
    return findings;
  }

  /** The refusing findings' messages, in order. */
  public List<String> refusals() {
    return findings.stream().filter(Finding::refusal).map(Finding::message).toList();
  }

  /** The warnings' messages, in order: things a person should know that do not stop the send. */
  public List<String> warnings() {
    return findings.stream().filter(f -> !f.refusal()).map(Finding::message).toList();
  }

  /**
   * The first refusal as the typed exception the transfer rail throws: {@link
   * dev.balancekit.transfer.InsufficientFundsException} (current, required, asset), {@link
   * dev.balancekit.transfer.RecipientNotOptedInException} or {@link
   * dev.balancekit.transfer.TransferRejectedException} (rule).
   */
  public Optional<TransferException> refusal() {
    return Optional.ofNullable(refusal);
  }

  /**
   * Throws {@link #refusal()} if there is one.
   *
   * @throws TransferException the first refusal
   */
  public SendCheck throwIfRefused() {
    if (refusal != null) {
      throw refusal;
    }
    return this;
  }

  /** The fee of each leg in ALGO; empty when the check stopped before fees were known. */
  public List<BigDecimal> legFees() {
    return legFees;
  }

  /** The fees of all legs in ALGO; zero when unknown (see {@link #legFees()}). */
  public BigDecimal fee() {
    return legFees.stream().reduce(AssetDirectory.ALGO.zero(), BigDecimal::add);
  }

  /** What the send moves, per asset (fees excluded), in leg order of first appearance. */
  public Map<Asset, BigDecimal> sent() {
    return sent;
  }

  /** Everything that leaves the senders in {@code asset}: amounts sent, plus the fees for ALGO. */
  public BigDecimal total(Asset asset) {
    BigDecimal amount = sent.getOrDefault(asset, asset.zero());
    return asset.equals(AssetDirectory.ALGO) ? amount.add(fee()) : amount;
  }

  /** Whether algod's simulate endpoint confirmed the send (off, unsupported or skipped: false). */
  public boolean simulated() {
    return simulated;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(ok() ? "SendCheck{ok" : "SendCheck{refused");
    if (!legFees.isEmpty()) {
      s.append(", fee=").append(AssetDirectory.ALGO.format(fee()));
    }
    sent.forEach((asset, amount) -> s.append(", sent=").append(asset.format(amount)));
    for (Finding f : findings) {
      s.append(f.refusal() ? ", refused: " : ", warning: ").append(f.message());
    }
    return s.append(simulated ? ", simulated}" : "}").toString();
  }
}
