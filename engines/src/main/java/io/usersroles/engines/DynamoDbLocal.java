package io.usersroles.engines;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local (AWS's own engine) in server mode inside this JVM, so that a real SDK client with
 * real HTTP, interceptors and retries talks to it over loopback.
 */
public final class DynamoDbLocal implements AutoCloseable {
  private final DynamoDBProxyServer server;
  private final int port;

  private DynamoDbLocal(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts an in-memory engine on a free loopback port. */
  public static DynamoDbLocal inMemory() {
    return start(null, FreePort.find());
  }

  /** Starts an engine whose data lives in {@code dataDirectory} (kept across restarts). */
  public static DynamoDbLocal persistent(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dataDirectory, e);
    }
    return start(dataDirectory, port);
  }

  private static DynamoDbLocal start(Path dataDirectory, int port) {
    List<String> args = new ArrayList<>(List.of("-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)));
    if (dataDirectory == null) {
      args.add("-inMemory");
    } else {
      args.add("-dbPath");
      args.add(dataDirectory.toAbsolutePath().toString());
    }
    try {
      DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
      server.start();
      return new DynamoDbLocal(server, port);
    } catch (Exception e) { // the engine declares `throws Exception` on both calls
      throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
    }
  }

  /** The endpoint to hand to an SDK client's {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) { // declared by the engine; stopping twice or after a failed start is harmless
      throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
    }
  }
}
