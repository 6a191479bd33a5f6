package dev.balancekit.source.kraken;

import dev.balancekit.source.http.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Kraken private REST calls: {@code API-Sign = base64(HMAC-SHA512(base64decode(secret), path
 * + SHA256(nonce + postData)))}, and hands out nonces that strictly increase across threads.
 *
 * <p>Nonces are microseconds since the epoch, bumped past the last one handed out, so they keep
 * increasing when the clock stalls or steps back and leave room for 1,000 calls per millisecond.
 *
 * <p>Thread-safe. Holds the decoded secret; {@link #toString()} never shows it.
 */
final class KrakenSigner {
  private static final String HMAC = "HmacSHA512";

  private final SecretKeySpec key;
  private final LongSupplier micros;
  private final AtomicLong lastNonce = new AtomicLong();

  /**
   * @throws IllegalArgumentException if the secret is not base64 (the message never repeats it)
   */
  KrakenSigner(Secret apiSecret) {
    this(apiSecret, () -> Math.multiplyExact(System.currentTimeMillis(), 1000L));
  }

  KrakenSigner(Secret apiSecret, LongSupplier micros) {
    this.key = new SecretKeySpec(decode(apiSecret), HMAC);
    this.micros = micros;
  }

  private static byte[] decode(Secret apiSecret) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(apiSecret.reveal().strip());
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes the offending character: not repeated.
      throw new IllegalArgumentException(
          "apiSecret must be the base64 private key Kraken issued, but it is not base64");
    }
    if (raw.length == 0) {
      throw new IllegalArgumentException(
          "apiSecret must be the base64 private key Kraken issued, but it decodes to nothing");
    }
    return raw;
  }

  /** A nonce greater than every one this signer handed out before, on any thread. */
  long nextNonce() {
    long now = micros.getAsLong();
    return lastNonce.updateAndGet(previous -> Math.max(previous + 1, now));
  }

  /**
   * The {@code API-Sign} value of a call.
   *
   * @param path the URI path Kraken signs, starting with {@code /0/private/}
   * @param nonce the nonce inside {@code postData}
   * @param postData the form-encoded body exactly as sent
   */
  String sign(String path, long nonce, String postData) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((nonce + postData).getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      mac.update(path.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(mac.doFinal(digest));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "SHA-256 and HmacSHA512 are required by the Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "KrakenSigner{secret=****}";
  }
}
