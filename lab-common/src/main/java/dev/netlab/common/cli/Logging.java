package dev.netlab.common.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netty.util.ResourceLeakDetector;
import org.slf4j.LoggerFactory;

/**
 * Sets how much the labs log (to stderr): warnings by default, {@code -v} INFO, {@code --debug}.
 * Netty's buffer-leak detector samples allocations and records stack traces, which costs datagram
 * labs a few percent at full speed: it is off unless {@code --debug} (then it records where every
 * leaked buffer was touched) or {@code -Dio.netty.leakDetection.level} chooses.
 */
public final class Logging {
  private Logging() {}

  public static void configure(boolean verbose, boolean debug) {
    dev.netlab.common.base.FatalErrors.showStackTraces(debug);
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(debug ? Level.DEBUG : verbose ? Level.INFO : Level.WARN);
      Level netty = debug ? Level.DEBUG : Level.WARN;
      ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(netty);
    }
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      ResourceLeakDetector.setLevel(
          debug ? ResourceLeakDetector.Level.ADVANCED : ResourceLeakDetector.Level.DISABLED);
    }
  }
}
