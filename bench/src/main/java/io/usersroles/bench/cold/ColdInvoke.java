package io.usersroles.bench.cold;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.usersroles.engines.gateway.LocalLambdaContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A cold start as the Lambda Java runtime performs it, reduced to one invocation: load the handler
 * class by name from functions.jar, build it with its public no-argument constructor (which reads the
 * environment), invoke it once on an event file and print the answer. The benchmark runs it in a fresh
 * JVM with only functions.jar, this class and the Lambda context it passes on the classpath. Arguments:
 * the handler class, the event file, and the function's timeout in seconds (29 when left out), which
 * the context counts its remaining time down from.
 */
public final class ColdInvoke {
  private ColdInvoke() {}

  public static void main(String[] args) throws Exception {
    Class<?> type = Class.forName(args[0]);
    RequestStreamHandler handler = (RequestStreamHandler) type.getConstructor().newInstance();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (InputStream event = Files.newInputStream(Path.of(args[1]))) {
      Duration timeout = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 29);
      handler.handleRequest(event, output, new LocalLambdaContext("cold-start", type.getSimpleName(), timeout));
    }
    System.out.write(output.toByteArray());
    System.out.flush();
  }
}
