package dev.balancekit.transfer;

import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * The transfer would pass a configured limit (maximum transfer, daily send or receive cap).
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class TransferLimitExceededException extends TransferException {
  private static final long serialVersionUID = 1L;

  private final transient Asset asset;
  private final BigDecimal limit;
  private final BigDecimal attempted;

  private TransferLimitExceededException(
      String rule, String message, Asset asset, BigDecimal limit, BigDecimal attempted) {
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
  public static TransferLimitExceededException of(
      String rule, Asset asset, BigDecimal limit, BigDecimal attempted) {
    // Worded so a chat bot can show it as is: "Maximum transfer amount is 1,000 BYTES".
    String message =
        switch (rule) {
          case "max_transfer" ->
              "Maximum transfer amount is "
                  + grouped(asset, limit)
                  + "; tried to send "
                  + grouped(asset, attempted);
          case "daily_send_cap" ->
              "Daily send limit is "
                  + grouped(asset, limit)
                  + "; this transfer would make "
                  + grouped(asset, attempted)
                  + " today";
          case "daily_receive_cap" ->
              "Daily receive limit is "
                  + grouped(asset, limit)
                  + "; this transfer would make the recipient's total "
                  + grouped(asset, attempted)
                  + " today";
          default ->
              "Limit '"
                  + rule
                  + "' is "
                  + grouped(asset, limit)
                  + "; this transfer would reach "
                  + grouped(asset, attempted);
        };
    return new TransferLimitExceededException(rule, message, asset, limit, attempted);
  }

  /** {@code 1,000.50 GOLD}: the asset's decimals, with thousands separators. */
  private static String grouped(Asset asset, BigDecimal amount) {
    return String.format(Locale.ROOT, "%,." + asset.scale() + "f", amount) + " " + asset.code();
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
