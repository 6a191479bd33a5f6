package dev.balancekit.examples.cli;

import org.jspecify.annotations.Nullable;

/**
 * A failure the command line has already put into words: its message is the one line printed on
 * stderr and {@link #exitCode()} the process's exit code.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final String kind;

  private CliException(
      int exitCode, String kind, @Nullable String message, @Nullable Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.kind = kind;
  }

  /** Bad input: a malformed argument, a missing key or file ({@value BalanceKitCli#USAGE}). */
  static CliException usage(String message) {
    return new CliException(BalanceKitCli.USAGE, "usage", message, null);
  }

  /**
   * Bad input found by a library, worded by it ({@value BalanceKitCli#USAGE}); without words, the
   * cause's class names it.
   */
  static CliException usage(@Nullable String message, Throwable cause) {
    return new CliException(BalanceKitCli.USAGE, "usage", message, cause);
  }

  /** A network or venue that did not answer ({@value BalanceKitCli#UNAVAILABLE}). */
  static CliException unavailable(String message, Throwable cause) {
    return new CliException(BalanceKitCli.UNAVAILABLE, "unavailable", message, cause);
  }

  int exitCode() {
    return exitCode;
  }

  String kind() {
    return kind;
  }
}
