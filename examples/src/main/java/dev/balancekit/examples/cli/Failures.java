package dev.balancekit.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.BalanceKitException;
import dev.balancekit.BalanceUnavailableException;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.economy.AdjustmentRefusedException;
import dev.balancekit.economy.DailyRewardClaimedException;
import dev.balancekit.history.HistoryException;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.transfer.TransferException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into an exit code and one line on stderr (plus, with {@code --json}, an error
 * document on stdout); a stack trace only with {@code --verbose}.
 *
 * <table>
 *   <caption>Failures and exit codes</caption>
 *   <tr><th>failure</th><th>exit</th><th>kind</th></tr>
 *   <tr><td>{@link TransferException} (rule), {@link DailyRewardClaimedException}, {@link AccountNotFoundException}</td><td>1</td><td>refused, not_found</td></tr>
 *   <tr><td>picocli's {@link ParameterException}, {@link IllegalArgumentException}, a missing key or file</td><td>2</td><td>usage</td></tr>
 *   <tr><td>{@link HttpSourceException} {@code AUTH_FAILED}</td><td>2</td><td>auth_failed</td></tr>
 *   <tr><td>other {@link HttpSourceException}, {@link SourceUnavailableException}, {@link BalanceUnavailableException}, {@link HistoryException}, timeouts</td><td>3</td><td>unavailable</td></tr>
 *   <tr><td>anything else (a bug)</td><td>4</td><td>internal</td></tr>
 * </table>
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private static final Pattern MISSPELLED_WORD = Pattern.compile("[a-z][a-z-]{0,19}");

  /** What a failure means for the caller; {@code rule} is null unless a rule refused. */
  record Outcome(int exitCode, String kind, @Nullable String rule, String message) {}

  private final Cli cli;

  Failures(Cli cli) {
    this.cli = cli;
  }

  /** Classifies {@code failure} (unwrapping futures' wrappers). */
  static Outcome classify(Throwable failure) {
    Throwable t = unwrap(failure);
    String message = messageOf(t);
    if (t instanceof CliException c) {
      return new Outcome(c.exitCode(), c.kind(), null, message);
    }
    if (t instanceof ParameterException) {
      return new Outcome(BalanceKitCli.USAGE, "usage", null, message);
    }
    if (t instanceof TransferException e) {
      return new Outcome(BalanceKitCli.REFUSED, "refused", e.rule(), message);
    }
    if (t instanceof DailyRewardClaimedException) {
      return new Outcome(BalanceKitCli.REFUSED, "refused", "daily_claimed", message);
    }
    if (t instanceof AdjustmentRefusedException) {
      return new Outcome(BalanceKitCli.REFUSED, "refused", "adjustment_refused", message);
    }
    if (t instanceof AccountNotFoundException) {
      return new Outcome(BalanceKitCli.REFUSED, "not_found", null, message);
    }
    if (t instanceof HttpSourceException h) {
      return h.kind() == HttpSourceException.Kind.AUTH_FAILED
          ? new Outcome(
              BalanceKitCli.USAGE, "auth_failed", null, message + " (check the key or token)")
          : new Outcome(
              BalanceKitCli.UNAVAILABLE,
              "unavailable",
              h.kind().name().toLowerCase(java.util.Locale.ROOT),
              message);
    }
    if (t instanceof SourceUnavailableException
        || t instanceof BalanceUnavailableException
        || t instanceof HistoryException
        || t instanceof java.util.concurrent.TimeoutException) {
      return new Outcome(BalanceKitCli.UNAVAILABLE, "unavailable", null, message);
    }
    if (t instanceof BalanceKitException) {
      // A venue's own error (Kraken's EAPI:..., an unconfirmed transfer): the venue said no for
      // now.
      return new Outcome(BalanceKitCli.UNAVAILABLE, "unavailable", null, message);
    }
    if (t instanceof IllegalArgumentException) {
      return new Outcome(BalanceKitCli.USAGE, "usage", null, message);
    }
    return new Outcome(
        BalanceKitCli.INTERNAL,
        "internal",
        null,
        "unexpected "
            + t.getClass().getName()
            + ": "
            + message
            + (message.endsWith(")") ? "" : " (rerun with --verbose for the stack trace)"));
  }

  /** picocli: a command threw. */
  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult parseResult) {
    return report(ex, commandLine);
  }

  /** picocli: the command line did not parse (unknown option, missing or malformed value). */
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    Outcome o = classify(ex);
    String message = ex instanceof UnmatchedArgumentException u ? unmatched(u) : o.message();
    String name = cmd.getCommandSpec().qualifiedName();
    emit(
        name,
        new Outcome(o.exitCode(), o.kind(), null, message + " (see '" + name + " --help')"),
        ex);
    return o.exitCode();
  }

  /**
   * Names the unknown options but not what follows them: {@code --api-key SECRET} must not print
   * the secret. Without an unknown option, the first unexpected argument is named only if it looks
   * like a misspelled subcommand.
   */
  static String unmatched(UnmatchedArgumentException u) {
    List<String> options =
        u.getUnmatched().stream()
            .filter(a -> a.startsWith("-"))
            .map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) + "=..." : a)
            .distinct()
            .toList();
    if (!options.isEmpty()) {
      return (options.size() == 1 ? "Unknown option: " : "Unknown options: ")
          + options.stream().map(a -> "'" + a + "'").collect(Collectors.joining(", "));
    }
    List<String> all = u.getUnmatched();
    if (all.isEmpty()) {
      return messageOf(u);
    }
    String first = all.get(0);
    String more = all.size() > 1 ? " and " + (all.size() - 1) + " more" : "";
    // A misspelled subcommand is named; anything else may be a key pasted in the wrong place.
    return MISSPELLED_WORD.matcher(first).matches()
        ? "Unexpected argument: '" + first + "'" + more
        : "Unexpected argument of " + first.length() + " characters (not shown)" + more;
  }

  /** Prints the failure of the command {@code commandLine} and returns its exit code. */
  int report(Throwable failure, CommandLine commandLine) {
    return report(failure, commandLine.getCommandSpec().qualifiedName());
  }

  /** Prints the failure of the command named {@code command} and returns its exit code. */
  int report(Throwable failure, String command) {
    Outcome o = classify(failure);
    emit(command, o, failure);
    return o.exitCode();
  }

  private void emit(String command, Outcome o, Throwable failure) {
    cli.err.println(command + ": " + o.message());
    if (cli.verbose()) {
      unwrap(failure).printStackTrace(cli.err);
    }
    cli.err.flush();
    if (cli.json()) {
      ObjectNode doc = Cli.object();
      ObjectNode error = doc.putObject("error");
      error.put("exit", o.exitCode());
      error.put("kind", o.kind());
      error.put("rule", o.rule());
      error.put("message", o.message());
      cli.print(doc);
    }
  }

  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException
            || current instanceof ExecutionException
            || current instanceof CommandLine.ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** The failure's own words on one line, or its class's simple name when it has none. */
  static String messageOf(Throwable t) {
    String message = t.getMessage();
    return oneLine(message == null ? t.getClass().getSimpleName() : message);
  }

  /** Newlines and other control characters become spaces: one failure, one line. */
  static String oneLine(String s) {
    return s.replaceAll("[\\p{Cntrl}]+", " ").strip();
  }
}
