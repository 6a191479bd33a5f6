package dev.balancekit.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * What every command works with: stdout and stderr, the injected environment, the settings
 * resolver, and the global flags ({@code --json}, {@code --verbose}). Commands never touch {@code
 * System.out}, {@code System.err} or {@code System.getenv()}, so tests run them in-process.
 *
 * <p>One per command line; not thread-safe.
 */
final class Cli {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  final PrintWriter out;
  final PrintWriter err;
  final Config config;

  /** The process's stdout as a stream when running on it (the demo draws there), else null. */
  final @Nullable PrintStream terminal;

  private final BalanceKitCli root;

  Cli(
      PrintWriter out,
      PrintWriter err,
      Config config,
      BalanceKitCli root,
      @Nullable PrintStream terminal) {
    this.out = out;
    this.err = err;
    this.config = config;
    this.root = root;
    this.terminal = terminal;
  }

  boolean json() {
    return root.json || root.jsonSeen;
  }

  boolean verbose() {
    return root.verbose || root.verboseSeen;
  }

  /** The environment, as injected. */
  Map<String, String> env() {
    return config.env();
  }

  /** An amount as JSON wants it here: the exact plain string ({@code "0.10000000"}), or null. */
  static @Nullable String amount(@Nullable BigDecimal value) {
    return value == null ? null : value.toPlainString();
  }

  /** An instant as ISO-8601 text, or null. */
  static @Nullable String instant(@Nullable Instant value) {
    return value == null ? null : value.toString();
  }

  /** A new JSON object to fill. */
  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** Prints one JSON document on stdout. */
  void print(ObjectNode document) {
    try {
      out.println(JSON.writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
    out.flush();
  }

  /**
   * picocli's factory: command classes with a constructor taking a {@link Cli} get this one; any
   * other class is made by picocli's default factory.
   */
  CommandLine.IFactory factory() {
    CommandLine.IFactory fallback = CommandLine.defaultFactory();
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        Constructor<K> withCli;
        try {
          withCli = cls.getDeclaredConstructor(Cli.class);
        } catch (NoSuchMethodException e) {
          return fallback.create(cls);
        }
        withCli.setAccessible(true);
        return withCli.newInstance(Cli.this);
      }
    };
  }
}
