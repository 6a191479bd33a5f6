package dev.balancekit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** Runs command lines in-process, with their own stdout, stderr and environment. */
final class CliRun {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env = new HashMap<>();

  /** Sets an environment variable for the following runs. */
  CliRun env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** What one command line did. */
  record Result(int exit, String out, String err) {
    /** stdout as the one JSON document it must be. */
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException("stdout is not one JSON document:\n" + out, e);
      }
    }

    /**
     * Asserts the failure was reported as one line on stderr, with no stack trace; returns that
     * line.
     */
    String oneErrorLine() {
      assertThat(err)
          .as("stderr")
          .doesNotContain("\tat ")
          .doesNotContain("Exception in thread")
          .doesNotContain("Caused by");
      assertThat(err.strip().lines()).as("stderr: " + err).hasSize(1);
      return err.strip();
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = BalanceKitCli.run(new PrintWriter(out), new PrintWriter(err), env, args);
    return new Result(exit, out.toString(), err.toString());
  }
}
