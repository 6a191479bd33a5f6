package dev.balancekit.examples;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The secrets of a test and every form of them that must never be printed: each secret as given,
 * its transformed forms (hex and base64 of its bytes, or of its decoded bytes when it is itself
 * base64 or hex), and every {@value #FRAGMENT}-character substring of each of those. Finding any
 * fragment in a text is a leak. Thread-safe once filled (fill it from one thread).
 */
final class LeakScanner {
  /** Any run of this many characters of a secret's form is a leak. */
  static final int FRAGMENT = 12;

  /**
   * A found fragment: whose secret, which form, where, and its surroundings with secrets masked.
   */
  record Leak(String owner, String form, String where, String context) {
    @Override
    public String toString() {
      return owner + " (" + form + ") leaks in " + where + " at: " + context;
    }
  }

  private record Origin(String owner, String form) {}

  private final Map<String, Origin> fragments = new LinkedHashMap<>();
  private final Map<String, List<String>> formsByOwner = new LinkedHashMap<>();

  /** A secret given as text (API key, token, password, mnemonic): it and its UTF-8 bytes' forms. */
  LeakScanner text(String owner, String secret) {
    form(owner, "as given", secret);
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    bytes(owner, "UTF-8 bytes", bytes);
    return this;
  }

  /**
   * A secret that is base64 of key bytes (Kraken's private key): it, and the forms of the decoded
   * bytes.
   */
  LeakScanner base64(String owner, String secret) {
    text(owner, secret);
    bytes(owner, "decoded bytes", Base64.getDecoder().decode(secret));
    return this;
  }

  /** A secret that is hex of key bytes (a Hedera key): it, upper case, and the bytes' forms. */
  LeakScanner hex(String owner, String secret) {
    text(owner, secret);
    form(owner, "upper-case hex", secret.toUpperCase(Locale.ROOT));
    bytes(owner, "decoded bytes", HexFormat.of().parseHex(secret));
    return this;
  }

  /** Raw key bytes: hex (both cases), base64 (standard, URL-safe) and Java's array printing. */
  LeakScanner bytes(String owner, String what, byte[] raw) {
    String hex = HexFormat.of().formatHex(raw);
    form(owner, what + " as hex", hex);
    form(owner, what + " as upper-case hex", hex.toUpperCase(Locale.ROOT));
    form(owner, what + " as base64", Base64.getEncoder().encodeToString(raw));
    form(owner, what + " as URL-safe base64", Base64.getUrlEncoder().encodeToString(raw));
    String array = java.util.Arrays.toString(raw);
    form(owner, what + " as Arrays.toString", array.substring(0, Math.min(array.length(), 40)));
    return this;
  }

  /** One form of a secret: whole, and every fragment of it. */
  LeakScanner form(String owner, String form, String text) {
    if (text.length() < FRAGMENT) {
      throw new IllegalArgumentException(
          owner + " (" + form + ") is shorter than " + FRAGMENT + " characters");
    }
    formsByOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(text);
    for (int i = 0; i + FRAGMENT <= text.length(); i++) {
      fragments.putIfAbsent(text.substring(i, i + FRAGMENT), new Origin(owner, form));
    }
    return this;
  }

  /** The owners registered, for reports. */
  List<String> owners() {
    return List.copyOf(formsByOwner.keySet());
  }

  /** The forms of {@code owner}'s secret, to plant in a self-test. */
  List<String> forms(String owner) {
    return List.copyOf(formsByOwner.getOrDefault(owner, List.of()));
  }

  /** How many distinct fragments are looked for. */
  int fragmentCount() {
    return fragments.size();
  }

  /**
   * Every leak in {@code text}, in order; a run of secret characters is reported once per {@value
   * #FRAGMENT} characters. The context shown has every secret character masked, so that a report is
   * not itself a leak in the build log.
   */
  List<Leak> scan(String where, String text) {
    List<Leak> found = new ArrayList<>();
    if (text == null) {
      return found;
    }
    for (int i = 0; i + FRAGMENT <= text.length(); i++) {
      Origin origin = fragments.get(text.substring(i, i + FRAGMENT));
      if (origin != null) {
        int from = Math.max(0, i - 60);
        int to = Math.min(text.length(), i + FRAGMENT + 60);
        found.add(new Leak(origin.owner(), origin.form(), where, masked(text.substring(from, to))));
        i += FRAGMENT - 1;
      }
    }
    return found;
  }

  /** {@code text} with every character of a secret's fragment replaced by {@code #}. */
  private String masked(String text) {
    char[] out = text.toCharArray();
    for (int i = 0; i + FRAGMENT <= text.length(); i++) {
      if (fragments.containsKey(text.substring(i, i + FRAGMENT))) {
        java.util.Arrays.fill(out, i, i + FRAGMENT, '#');
      }
    }
    return new String(out).replaceAll("\\p{Cntrl}", " ");
  }
}
