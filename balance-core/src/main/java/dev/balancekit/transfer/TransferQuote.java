package dev.balancekit.transfer;

import dev.balancekit.Asset;
import dev.balancekit.ValidationReport;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a transfer would cost and leave behind, computed without moving anything. Immutable and
 * thread-safe.
 *
 * @param request the priced request
 * @param fee the fee, in {@code feeAsset}
 * @param feeAsset the asset the fee is paid in (HBAR for a Hedera token transfer)
 * @param totalDebit what leaves the sender in the transferred asset: amount, plus fee when paid in
 *     the same asset
 * @param senderBalanceAfter the sender's balance of the asset afterwards, or {@code null} if
 *     unknown
 * @param recipientBalanceAfter the recipient's balance afterwards, or {@code null} if unknown
 * @param warnings things a person should know (for example an Algorand minimum balance)
 * @param confirmationRequired whether {@code prepare} / {@code confirm} is required for this amount
 * @param validation the transfer policies' findings
 */
public record TransferQuote(
    TransferRequest request,
    BigDecimal fee,
    Asset feeAsset,
    BigDecimal totalDebit,
    @Nullable BigDecimal senderBalanceAfter,
    @Nullable BigDecimal recipientBalanceAfter,
    List<String> warnings,
    boolean confirmationRequired,
    ValidationReport validation) {

  /**
   * @throws IllegalArgumentException if a required field is null, or the fee is negative or too
   *     precise
   */
  public TransferQuote {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(feeAsset, "feeAsset");
    fee = feeAsset.amount("fee", fee);
    if (fee.signum() < 0) {
      throw new IllegalArgumentException(
          "fee must not be negative, but was " + feeAsset.format(fee));
    }
    totalDebit = request.asset().amount("totalDebit", totalDebit);
    senderBalanceAfter =
        senderBalanceAfter == null
            ? null
            : request.asset().amount("senderBalanceAfter", senderBalanceAfter);
    recipientBalanceAfter =
        recipientBalanceAfter == null
            ? null
            : request.asset().amount("recipientBalanceAfter", recipientBalanceAfter);
    warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
    Objects.requireNonNull(validation, "validation");
  }

  /**
   * A quote whose fee is paid in the transferred asset; {@code totalDebit} is amount plus fee.
   *
   * @param senderBalance the sender's balance now, or {@code null} if unknown
   * @param recipientBalance the recipient's balance now, or {@code null} if unknown
   */
  public static TransferQuote sameAssetFee(
      TransferRequest request,
      BigDecimal fee,
      @Nullable BigDecimal senderBalance,
      @Nullable BigDecimal recipientBalance,
      boolean confirmationRequired) {
    BigDecimal total = request.amount().add(fee);
    return new TransferQuote(
        request,
        fee,
        request.asset(),
        total,
        senderBalance == null ? null : senderBalance.subtract(total),
        recipientBalance == null ? null : recipientBalance.add(request.amount()),
        List.of(),
        confirmationRequired,
        ValidationReport.empty());
  }

  public Optional<BigDecimal> senderAfter() {
    return Optional.ofNullable(senderBalanceAfter);
  }

  public Optional<BigDecimal> recipientAfter() {
    return Optional.ofNullable(recipientBalanceAfter);
  }
}
