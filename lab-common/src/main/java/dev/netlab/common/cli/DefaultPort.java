package dev.netlab.common.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The port a command's {@code --port} means when not given: 10000 + the service's well-known port.
 * {@link LabCli}'s default provider hands it to picocli, so {@code --help} shows it as {@code
 * (default: 10007)} like every other option's default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DefaultPort {
  int value();
}
