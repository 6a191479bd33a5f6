package dev.balancekit.examples.cli;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;

/**
 * The one resolver of settings every command uses, and picocli's default-value provider: for an
 * option field marked {@link Configurable}, picocli asks here only when the flag is absent, so the
 * precedence is <b>flag, then {@code BALANCEKIT_*} environment variable, then the {@code --config}
 * properties file, then the built-in default</b>.
 *
 * <p>The environment is injected (a map), never read from {@link System#getenv()} here, so tests
 * set it. Immutable and thread-safe.
 */
final class Config implements IDefaultValueProvider {

  /** Where a value came from. */
  enum Source {
    ENV,
    FILE,
    DEFAULT
  }

  /** A value and where it came from. */
  record Resolved(Setting setting, String value, Source source) {
    /** The value as it may be printed: {@code ****} for a secret. */
    String shown() {
      return setting.secret() ? "****" : value;
    }
  }

  /** The environment variable naming the properties file when {@code --config} is not given. */
  static final String CONFIG_ENV = "BALANCEKIT_CONFIG";

  private final Map<String, String> env;
  private final Properties file;
  private final @Nullable Path filePath;

  private Config(Map<String, String> env, Properties file, @Nullable Path filePath) {
    this.env = Map.copyOf(env);
    this.file = file;
    this.filePath = filePath;
  }

  /**
   * Loads the properties file named by {@code --config} in {@code args} (or else by {@value
   * #CONFIG_ENV}); none is fine.
   *
   * @throws CliException (usage) if the named file cannot be read
   */
  static Config load(Map<String, String> env, String... args) {
    String named = configArgument(args);
    if (named == null) {
      named = blankToNull(env.get(CONFIG_ENV));
    }
    Properties props = new Properties();
    Path path = null;
    if (named != null) {
      path = Path.of(named);
      if (!Files.isRegularFile(path)) {
        throw CliException.usage("config file " + path + " does not exist or is not a file");
      }
      try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        props.load(in);
      } catch (IOException | IllegalArgumentException e) {
        throw CliException.usage(
            "config file " + path + " cannot be read as Java properties: " + e.getMessage(), e);
      }
    }
    return new Config(env, props, path);
  }

  /**
   * The value of {@code --config FILE} or {@code --config=FILE} in {@code args}, the last one
   * winning; null when there is none.
   */
  static @Nullable String configArgument(String... args) {
    String found = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        break;
      }
      if (args[i].equals("--config") && i + 1 < args.length) {
        found = args[++i];
      } else if (args[i].startsWith("--config=")) {
        found = args[i].substring("--config=".length());
      }
    }
    return found;
  }

  /** The properties file in use, if any. */
  Optional<Path> file() {
    return Optional.ofNullable(filePath);
  }

  /** The environment, as injected. */
  Map<String, String> env() {
    return env;
  }

  /**
   * Where {@code resolved} came from, for a person: {@code env BALANCEKIT_DB}, {@code file
   * x.properties}, {@code default}.
   */
  String origin(Resolved resolved) {
    return switch (resolved.source()) {
      case ENV -> "env " + resolved.setting().env();
      case FILE -> "file " + filePath;
      case DEFAULT -> "default";
    };
  }

  /**
   * The setting's value from the environment, the file or its default; empty when none of them has
   * one.
   */
  Optional<Resolved> resolve(Setting setting) {
    String fromEnv = blankToNull(env.get(setting.env()));
    if (fromEnv != null) {
      return Optional.of(new Resolved(setting, fromEnv, Source.ENV));
    }
    String fromFile = blankToNull(file.getProperty(setting.key()));
    if (fromFile != null) {
      return Optional.of(new Resolved(setting, fromFile.strip(), Source.FILE));
    }
    return Optional.ofNullable(setting.defaultValue())
        .map(v -> new Resolved(setting, v, Source.DEFAULT));
  }

  /** The setting's value, or null. */
  @Nullable String get(Setting setting) {
    return resolve(setting).map(Resolved::value).orElse(null);
  }

  /**
   * picocli: the default of an option bound to a {@link Setting}; null (annotation default)
   * otherwise.
   */
  @Override
  public @Nullable String defaultValue(ArgSpec argSpec) {
    if (argSpec.userObject() instanceof Field field) {
      Configurable bound = field.getAnnotation(Configurable.class);
      if (bound != null) {
        return get(bound.value());
      }
    }
    return null;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
