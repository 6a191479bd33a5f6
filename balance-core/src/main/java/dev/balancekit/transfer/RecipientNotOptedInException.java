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
    super("recipient_not_opted_in", message(recipient, asset));
    this.recipient = recipient;
    this.asset = asset;
  }

  // Each chain's own words: Algorand accounts opt into an ASA, Hedera accounts associate a token.
  private static String message(AccountRef recipient, Asset asset) {
    String id = asset.venueId().orElse(null);
    return switch (recipient.venueFamily()) {
      case "algorand" ->
          "receiver "
              + recipient.id()
              + " is not opted into ASA "
              + (id == null ? asset.code() : id + " (" + asset.code() + ")")
              + "; it must opt in before it can receive it";
      case "hedera" ->
          "receiver "
              + recipient.id()
              + " is not associated with token "
              + (id == null ? asset.code() : id + " (" + asset.code() + ")")
              + "; it must associate it before it can receive it";
      default ->
          "recipient "
              + recipient
              + " has not opted in to "
              + asset.code()
              + (id == null ? "" : " (" + id + ")")
              + "; it must do so before it can receive it";
    };
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
