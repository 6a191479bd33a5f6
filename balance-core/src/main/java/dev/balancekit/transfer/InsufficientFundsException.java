package dev.balancekit.transfer;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.math.BigDecimal;

/**
 * The sender cannot cover the amount plus fee.
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class InsufficientFundsException extends TransferException {
  private static final long serialVersionUID = 1L;

  private final transient AccountRef account;
  private final transient Asset asset;
  private final BigDecimal current;
  private final BigDecimal required;

  private InsufficientFundsException(
      String message, AccountRef account, Asset asset, BigDecimal current, BigDecimal required) {
    super("insufficient_funds", message);
    this.account = account;
    this.asset = asset;
    this.current = current;
    this.required = required;
  }

  /**
   * The sender has {@code current} but needs {@code amount + fee}, both in {@code asset}. The
   * message reads, for example, "insufficient balance: sender has 4.500000 ALGO but trying to send
   * 5.000000 ALGO + 0.001000 ALGO fee = 5.001000 ALGO total".
   */
  public static InsufficientFundsException of(
      AccountRef account, Asset asset, BigDecimal current, BigDecimal amount, BigDecimal fee) {
    BigDecimal required = amount.add(fee);
    String need =
        fee.signum() == 0
            ? asset.format(amount)
            : asset.format(amount)
                + " + "
                + asset.format(fee)
                + " fee = "
                + asset.format(required)
                + " total";
    return new InsufficientFundsException(
        "insufficient balance: sender "
            + account
            + " has "
            + asset.format(current)
            + " but trying to send "
            + need,
        account,
        asset,
        current,
        required);
  }

  /**
   * The sender cannot pay a fee charged in another asset than the one sent (HBAR for a token
   * transfer).
   */
  public static InsufficientFundsException forFee(
      AccountRef account, Asset feeAsset, BigDecimal current, BigDecimal fee) {
    return new InsufficientFundsException(
        "insufficient balance for the fee: sender "
            + account
            + " has "
            + feeAsset.format(current)
            + " but the fee is "
            + feeAsset.format(fee),
        account,
        feeAsset,
        current,
        fee);
  }

  public AccountRef account() {
    return account;
  }

  /** The asset that is short. */
  public Asset asset() {
    return asset;
  }

  /** What the sender has (available). */
  public BigDecimal current() {
    return current;
  }

  /** What the transfer needs. */
  public BigDecimal required() {
    return required;
  }

  /** {@code required - current}. */
  public BigDecimal shortfall() {
    return required.subtract(current);
  }
}
