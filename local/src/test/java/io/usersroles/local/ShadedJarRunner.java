package io.usersroles.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.usersroles.engines.gateway.LocalLambdaContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the Lambda Java runtime does, reduced to one invocation: loads a handler class by name from
 * the classpath (the shaded functions.jar), builds it with its public no-argument constructor (which
 * reads the environment, as deployed), and runs it once on an event file. Run in a fresh JVM by
 * {@link ShadedJarTest}; it prints the handler's output and nothing else.
 */
public final class ShadedJarRunner {
  private ShadedJarRunner() {}

  public static void main(String[] args) throws Exception {
    Class<?> type = Class.forName(args[0]);
    RequestStreamHandler handler = (RequestStreamHandler) type.getConstructor().newInstance();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (InputStream event = Files.newInputStream(Path.of(args[1]))) {
      handler.handleRequest(event, output, new LocalLambdaContext("shaded-jar-test", type.getSimpleName(),
          Duration.ofSeconds(29)));
    }
    System.out.write(output.toByteArray());
    System.out.flush();
  }
}
