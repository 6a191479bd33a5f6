package dev.balancekit.examples.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a picocli option field to a {@link Setting}: when the flag is absent, {@link Config} (the
 * command line's default-value provider) supplies the environment variable, then the properties
 * file, then the built-in default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Configurable {
  Setting value();
}
