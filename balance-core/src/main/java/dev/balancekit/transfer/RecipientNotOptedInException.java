package dev.balancekit.transfer;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;

/**
 * The recipient cannot receive the asset: not associated (Hedera) or not opted in (Algorand).
 *
 * <p>Immutable once thrown; safe to pass between threads.
 */
public final class RecipientNotOptedInException extends TransferException {
  private static final long serialVersionUID = 1L;

  private final transient AccountRef recipient;
  private final transient Asset asset;

  private RecipientNotOptedInException(AccountRef recipient, Asset asset) {
    super("recipient_not_opted_in", "recipient " + recipient + " has not opted in to (associated) " + asset.code()
        + asset.venueId().map(id -> " (" + id + ")").orElse("") + "; it must do so before it can receive it");
    this.recipient = recipient;
    this.asset = asset;
  }

  public static RecipientNotOptedInException of(AccountRef recipient, Asset asset) {
    return new RecipientNotOptedInException(recipient, asset);
  }

  public AccountRef recipient() {
    return recipient;
  }

  public Asset asset() {
    return asset;
  }
}
