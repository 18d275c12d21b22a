package io.usersroles.engines.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An endpoint that answers AWS Secrets Manager's {@code GetSecretValue} (JSON 1.1 protocol, the request a
 * real SDK client sends, signature ignored) for the secrets put into it. The functions read the server
 * secret through the real SDK client; locally, in tests and in the benchmark this is what answers it.
 */
public final class LocalSecretsManager implements AutoCloseable {
  /** The account and region the ARNs of this endpoint name. */
  public static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Secret(String arn, String name, String versionId, String value) {}

  private final HttpServer server;
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
  private final AtomicInteger reads = new AtomicInteger();

  private LocalSecretsManager(HttpServer server) {
    this.server = server;
  }

  /** Listens on a free loopback port. */
  public static LocalSecretsManager start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      LocalSecretsManager secretsManager = new LocalSecretsManager(server);
      server.createContext("/", secretsManager::serve);
      server.setExecutor(Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "local-secrets-manager");
        thread.setDaemon(true);
        return thread;
      }));
      server.start();
      return secretsManager;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local Secrets Manager endpoint", e);
    }
  }

  /** The endpoint to give a Secrets Manager client ({@code endpointOverride}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Stores {@code value} as the string of a new secret called {@code name} and returns the secret's ARN. */
  public String put(String name, String value) {
    // Secrets Manager ends every ARN with a hyphen and six random characters
    String arn = ARN_PREFIX + name + "-" + UUID.randomUUID().toString().substring(0, 6);
    secrets.put(arn, new Secret(arn, name, UUID.randomUUID().toString(), value));
    return arn;
  }

  /** How many GetSecretValue requests were answered with a secret. */
  public int reads() {
    return reads.get();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!"POST".equals(exchange.getRequestMethod()) || !"secretsmanager.GetSecretValue".equals(target)) {
        answer(exchange, 400, error("InvalidRequestException",
            "this endpoint answers GetSecretValue only, not " + target));
        return;
      }
      JsonNode request = JSON.readTree(body);
      String id = request.path("SecretId").asText("");
      Secret secret = secrets.get(id);
      if (secret == null) {
        // by name, as Secrets Manager also accepts
        secret = secrets.values().stream().filter(s -> s.name().equals(id)).findFirst().orElse(null);
      }
      if (secret == null) {
        answer(exchange, 400, error("ResourceNotFoundException",
            "Secrets Manager can't find the specified secret."));
        return;
      }
      reads.incrementAndGet();
      ObjectNode response = JSON.createObjectNode()
          .put("ARN", secret.arn())
          .put("Name", secret.name())
          .put("VersionId", secret.versionId())
          .put("SecretString", secret.value())
          .put("CreatedDate", System.currentTimeMillis() / 1000.0);
      response.putArray("VersionStages").add("AWSCURRENT");
      answer(exchange, 200, response);
    }
  }

  private static ObjectNode error(String type, String message) {
    return JSON.createObjectNode().put("__type", type).put("message", message);
  }

  private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
