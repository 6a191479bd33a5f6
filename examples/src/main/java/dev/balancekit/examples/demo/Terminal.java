package dev.balancekit.examples.demo;

import java.io.Console;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the demo writes: plain lines for logs and pipes, in-place redraws and colour only on a
 * terminal that supports them ({@code NO_COLOR} and {@code TERM=dumb} are honoured).
 */
final class Terminal {
  static final int WIDTH = 80;
  private static final String RESET = "\u001b[0m";
  private final PrintStream out;
  private final boolean ansi;
  private final boolean unicode;
  private int drawnLines;

  Terminal(PrintStream out, boolean ansi, boolean unicode) {
    this.out = out;
    this.ansi = ansi;
    this.unicode = unicode;
  }

  /** Detects what the process's console supports. */
  static Terminal forConsole(PrintStream out) {
    String term = System.getenv("TERM");
    boolean ansi =
        onTerminal() && System.getenv("NO_COLOR") == null && term != null && !term.equals("dumb");
    boolean unicode = Charset.defaultCharset().equals(StandardCharsets.UTF_8);
    return new Terminal(out, ansi, unicode);
  }

  /**
   * Whether the process runs on an interactive terminal. Up to JDK 21 there is a console only then;
   * from JDK 22 there is one for redirected streams too, and {@code Console.isTerminal()} (not in
   * Java 17's API, hence the reflection) tells.
   */
  private static boolean onTerminal() {
    return Optional.ofNullable(System.console()).map(Terminal::isTerminal).orElse(false);
  }

  private static boolean isTerminal(Console console) {
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // before JDK 22: the console exists, so it is a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  boolean unicode() {
    return unicode;
  }

  /**
   * Writes {@code text}, wrapped at spaces to {@value #WIDTH} columns with continuation lines
   * indented.
   */
  void line(String text) {
    drawnLines = 0;
    String rest = text;
    String indent = "";
    while (indent.length() + rest.length() > WIDTH) {
      int cut = rest.lastIndexOf(' ', WIDTH - indent.length());
      if (cut <= 0) {
        break;
      }
      out.println(indent + rest.substring(0, cut));
      rest = rest.substring(cut + 1);
      indent = "    ";
    }
    out.println(indent + rest);
    out.flush();
  }

  void heading(String text) {
    line("");
    line(ansi ? "\u001b[1m" + text + RESET : text);
  }

  /** Draws {@code lines}, over the previous block on an ANSI terminal, below it otherwise. */
  void redraw(String... lines) {
    if (ansi && drawnLines > 0) {
      out.print("\u001b[" + drawnLines + "A");
    }
    for (String l : lines) {
      out.print(ansi ? "\u001b[2K" + l + "\n" : l + "\n");
    }
    out.flush();
    drawnLines = ansi ? lines.length : 0;
  }

  /** {@code text} in green, yellow or red, on a terminal with colour. */
  String colour(String text, int ansiColour) {
    return ansi ? "\u001b[" + ansiColour + "m" + text + RESET : text;
  }
}
