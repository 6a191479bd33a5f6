package dev.balancekit.transfer;

import dev.balancekit.Asset;
import java.math.BigDecimal;

/** The transfer would pass a configured limit (maximum transfer, daily send or receive cap). */
public final class TransferLimitExceededException extends TransferException {
  private static final long serialVersionUID = 1L;

  private final transient Asset asset;
  private final BigDecimal limit;
  private final BigDecimal attempted;

  private TransferLimitExceededException(String rule, String message, Asset asset, BigDecimal limit,
      BigDecimal attempted) {
    super(rule, message);
    this.asset = asset;
    this.limit = limit;
    this.attempted = attempted;
  }

  /**
   * {@code attempted} would pass {@code limit} under {@code rule}.
   *
   * @param rule for example {@code max_transfer} or {@code daily_send_cap}
   */
  public static TransferLimitExceededException of(String rule, Asset asset, BigDecimal limit, BigDecimal attempted) {
    return new TransferLimitExceededException(rule, "transfer limit '" + rule + "' exceeded: "
        + asset.format(attempted) + " is above the limit of " + asset.format(limit), asset, limit, attempted);
  }

  public Asset asset() {
    return asset;
  }

  public BigDecimal limit() {
    return limit;
  }

  /** The amount (or running total) the transfer would reach. */
  public BigDecimal attempted() {
    return attempted;
  }
}
