package io.usersroles.functions.logging;

import java.io.UnsupportedEncodingException;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Sets up logging for the functions and the local server: SLF4J (what our code and the AWS SDK log
 * through) is bound to java.util.logging by slf4j-jdk14, and java.util.logging writes one JSON line
 * per record through {@link JsonLogFormatter}.
 *
 * <p>Why this binding: the function jar's size and cold start are benchmarked. java.util.logging is
 * part of the JDK, so the binding adds four small classes (about 10 KB) and, measured in fresh JVMs
 * with the template's JIT flags, about 15 ms to the first log line over slf4j-simple (with SnapStart
 * it is spent before the snapshot). Log4j 2 with its JSON template layout would add about 2 MB and
 * plugin discovery at start-up for the same one-object-per-line output. The configuration is done here in code because java.util.logging only reads a
 * configuration file from a system property or the JDK directory, not from the jar.
 */
public final class JsonLogging {
  private static boolean installed;

  private JsonLogging() {}

  /** Replaces the root handlers with one JSON-lines handler at INFO; idempotent. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    Logger root = LogManager.getLogManager().getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    // standard error, flushed after every record: Lambda sends each line to CloudWatch Logs
    ConsoleHandler handler = new ConsoleHandler();
    try {
      handler.setEncoding("UTF-8");
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
    handler.setFormatter(new JsonLogFormatter());
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(Level.INFO);
    installed = true;
  }
}
