package dev.balancekit.source.algorand;

import com.algorand.algosdk.account.Account;
import com.algorand.algosdk.transaction.SignedTransaction;
import com.algorand.algosdk.transaction.Transaction;
import dev.balancekit.source.http.Secret;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signing keys, by address, held only in memory. Neither {@link #toString()} nor any message
 * shows a mnemonic or key; only addresses, which are public. Immutable and thread-safe (algosdk's
 * {@link Account} signs without shared mutable state).
 */
final class Signers {

  private final Map<String, Account> byAddress;

  private Signers(Map<String, Account> byAddress) {
    this.byAddress = Collections.unmodifiableMap(byAddress);
  }

  static Signers none() {
    return new Signers(Map.of());
  }

  /**
   * Derives one key per mnemonic.
   *
   * @throws IllegalArgumentException naming the position of a bad mnemonic, never its words
   */
  static Signers of(List<Secret> mnemonics) {
    Map<String, Account> accounts = new LinkedHashMap<>();
    for (int i = 0; i < mnemonics.size(); i++) {
      Account account = account(mnemonics.get(i), i + 1);
      accounts.putIfAbsent(account.getAddress().toString(), account);
    }
    return new Signers(accounts);
  }

  static Account account(Secret mnemonic, int position) {
    try {
      return new Account(mnemonic.reveal());
    } catch (GeneralSecurityException | RuntimeException e) {
      // No cause: algosdk's messages and stack frames are not ours to vet for key material.
      throw new IllegalArgumentException(
          "signer #"
              + position
              + " is not a valid 25-word Algorand mnemonic (the words are not repeated here)");
    }
  }

  boolean canSign(String address) {
    return byAddress.containsKey(address);
  }

  Set<String> addresses() {
    return byAddress.keySet();
  }

  /** Signs {@code txn} with the key of its sender, which {@link #canSign} must have confirmed. */
  SignedTransaction sign(Transaction txn) {
    Account account = byAddress.get(txn.sender.toString());
    if (account == null) {
      throw new IllegalStateException("no signing key for " + txn.sender);
    }
    try {
      return account.signTransaction(txn);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM lacks the algorithms algosdk signs with", e);
    }
  }

  @Override
  public String toString() {
    return "Signers" + byAddress.keySet();
  }
}
