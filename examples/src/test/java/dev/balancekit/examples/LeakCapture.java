package dev.balancekit.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Everything the JVM prints while it is installed: {@code System.out} and {@code System.err} (where
 * slf4j-simple writes, looking the stream up on every line, and where algosdk and the JDK print
 * stack traces), and every {@code java.util.logging} record down to FINE, JUL's DEBUG (OkHttp, gRPC
 * and the PostgreSQL driver log there), formatted with its parameters and its exception's stack
 * trace. The original streams still get their output.
 */
final class LeakCapture implements AutoCloseable {

  /** JUL loggers of the loopback fakes' servers (not of anything under test), kept at WARNING. */
  private static final String[] SERVER_SIDE = {"okhttp3.mockwebserver"};

  /**
   * A line naming MockWebServer is the fake server talking (OkHttp's shared task runner names the
   * server's queues after the request path, query included); BalanceKit never names it.
   */
  static final String SERVER_SIDE_LINE = "MockWebServer";

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final Logger julRoot = LogManager.getLogManager().getLogger("");
  private final Level originalRootLevel = julRoot.getLevel();
  private final Map<String, Level> originalLevels = new HashMap<>();

  /** Held so that the levels set stay set: JUL keeps loggers only weakly. */
  private final List<Logger> configured = new ArrayList<>();

  private final Handler julHandler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          StringWriter line = new StringWriter();
          PrintWriter w = new PrintWriter(line);
          w.print("[JUL " + record.getLevel() + " " + record.getLoggerName() + "] ");
          String message = record.getMessage();
          Object[] params = record.getParameters();
          if (message != null && params != null && params.length > 0) {
            try {
              message = MessageFormat.format(message, params);
            } catch (IllegalArgumentException e) {
              message = message + " " + java.util.Arrays.toString(params);
            }
          }
          w.println(message);
          if (record.getThrown() != null) {
            record.getThrown().printStackTrace(w);
          }
          w.flush();
          write(line.toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  LeakCapture() {
    System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
    // FINE is java.util.logging's DEBUG (slf4j maps DEBUG to FINE, TRACE to FINEST).
    julHandler.setLevel(Level.FINE);
    julRoot.addHandler(julHandler);
    julRoot.setLevel(Level.FINE);
    for (String name : SERVER_SIDE) {
      Logger logger = Logger.getLogger(name);
      configured.add(logger);
      originalLevels.put(name, logger.getLevel());
      logger.setLevel(Level.WARNING);
    }
  }

  private void write(byte[] b) {
    synchronized (bytes) {
      bytes.write(b, 0, b.length);
    }
  }

  /** How much has been captured, for {@link #since}. */
  int mark() {
    synchronized (bytes) {
      return bytes.size();
    }
  }

  /** What was captured since {@code mark}. */
  String since(int mark) {
    synchronized (bytes) {
      byte[] all = bytes.toByteArray();
      return new String(all, mark, all.length - mark, StandardCharsets.UTF_8);
    }
  }

  /** Everything captured. */
  String all() {
    return since(0);
  }

  /** {@code printed} without the lines of the fakes' servers ({@link #SERVER_SIDE_LINE}). */
  static String withoutServerSide(String printed) {
    StringBuilder kept = new StringBuilder(printed.length());
    printed
        .lines()
        .filter(line -> !line.contains(SERVER_SIDE_LINE))
        .forEach(line -> kept.append(line).append('\n'));
    return kept.toString();
  }

  @Override
  public void close() {
    System.out.flush();
    System.err.flush();
    System.setOut(originalOut);
    System.setErr(originalErr);
    julRoot.removeHandler(julHandler);
    julRoot.setLevel(originalRootLevel);
    originalLevels.forEach((name, level) -> Logger.getLogger(name).setLevel(level));
  }

  /** Writes to the original stream (best effort) and to the capture. */
  private final class Tee extends OutputStream {
    private final OutputStream original;

    Tee(OutputStream original) {
      this.original = original;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      try {
        original.write(b, off, len);
      } catch (IOException ignored) {
        // the surefire stream is best effort; the capture is what counts
      }
      synchronized (bytes) {
        bytes.write(b, off, len);
      }
    }

    @Override
    public void flush() {
      try {
        original.flush();
      } catch (IOException ignored) {
        // best effort
      }
    }
  }
}
