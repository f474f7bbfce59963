package dev.netlab.common.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets how much the labs log (to stderr): warnings by default, {@code -v} INFO, {@code --debug}.
 */
public final class Logging {
  private Logging() {}

  public static void configure(boolean verbose, boolean debug) {
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(debug ? Level.DEBUG : verbose ? Level.INFO : Level.WARN);
      Level netty = debug ? Level.DEBUG : Level.WARN;
      ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(netty);
    }
  }
}
