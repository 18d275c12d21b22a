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
 * {@link ShadedJarTest}; given a handler and an event it prints the handler's output and nothing else;
 * given {@code handler=eventFile} pairs it runs each in turn in this one JVM and writes each output
 * beside its event ({@code eventFile.out}).
 */
public final class ShadedJarRunner {
  private ShadedJarRunner() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && !args[0].contains("=")) {
      System.out.write(invoke(args[0], Path.of(args[1])));
      System.out.flush();
      return;
    }
    for (String pair : args) {
      int equals = pair.indexOf('=');
      Path event = Path.of(pair.substring(equals + 1));
      Files.write(event.resolveSibling(event.getFileName() + ".out"), invoke(pair.substring(0, equals), event));
    }
  }

  private static byte[] invoke(String handlerClass, Path eventFile) throws Exception {
    Class<?> type = Class.forName(handlerClass);
    RequestStreamHandler handler = (RequestStreamHandler) type.getConstructor().newInstance();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (InputStream event = Files.newInputStream(eventFile)) {
      handler.handleRequest(event, output, new LocalLambdaContext("shaded-jar-test", type.getSimpleName(),
          Duration.ofSeconds(29)));
    }
    return output.toByteArray();
  }
}
