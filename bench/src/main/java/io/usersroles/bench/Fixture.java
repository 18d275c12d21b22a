package io.usersroles.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.config.AwsClients;
import io.usersroles.config.Settings;
import io.usersroles.engines.DynamoDbLocal;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
import io.usersroles.engines.eventbridge.LocalEventBridge;
import io.usersroles.engines.gateway.HttpApiEvents;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.engines.secrets.LocalSecretsManager;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.store.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The engines and the organisation every measurement shares: DynamoDB Local in server mode (a real
 * endpoint, so the SDK's HTTP path and interceptors are the production ones), the SES emulator, a
 * local PutEvents endpoint for the audit publisher, a local identity provider, a local Secrets Manager
 * endpoint holding the server secret, one table, and the environment a deployed function would get (the
 * secret's ARN, never its value). Components are built from that same environment, so in-process and
 * fresh-JVM measurements see one configuration.
 */
final class Fixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

  final Path repo;
  final DynamoDbLocal dynamoDb;
  final SesEmulator ses;
  final LocalEventBridge eventBridge;
  final LocalSecretsManager secretsManager;
  final LocalIdentityProvider identityProvider;
  final String table;
  final Map<String, String> environment;
  final Settings settings;
  private final EventBridgeClient eventBridgeClient;

  Fixture(Path repo) {
    this.repo = repo;
    this.dynamoDb = DynamoDbLocal.inMemory();
    this.ses = SesEmulator.start(repo);
    this.eventBridge = LocalEventBridge.start();
    this.secretsManager = LocalSecretsManager.start();
    this.identityProvider = LocalIdentityProvider.temporary();
    this.table = "bench";
    try (DynamoDbClient admin = dynamoDbClient()) {
      TableDefinition.createIfAbsent(admin, table);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    env.put("TABLE_NAME", table);
    env.put("DYNAMODB_ENDPOINT", dynamoDb.endpoint().toString());
    env.put("SES_ENDPOINT", ses.endpoint().toString());
    env.put("EVENTBRIDGE_ENDPOINT", eventBridge.endpoint().toString());
    env.put("SENDER_ADDRESS", "invitations@bench.example.test");
    env.put("ACCEPT_URL_BASE", "https://app.example.test/invitations/accept");
    env.put("JWKS_URL", identityProvider.jwksUrl().toString());
    env.put("JWT_ISSUER", LocalIdentityProvider.ISSUER);
    env.put("JWT_AUDIENCE", LocalIdentityProvider.AUDIENCE);
    // as deployed: functions that derive keys read the secret once, by ARN, through the SDK's client
    env.put("SERVER_SECRET_ARN", secretsManager.put("bench-server-secret", Base64.getEncoder().encodeToString(
        "benchmark-server-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8))));
    env.put("SECRETS_MANAGER_ENDPOINT", secretsManager.endpoint().toString());
    this.environment = Map.copyOf(env);
    this.settings = Settings.fromEnvironment(environment);
    this.eventBridgeClient = EventBridgeClient.builder().endpointOverride(eventBridge.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A production-configured DynamoDB client (URLConnection, static credentials) with {@code interceptors}. */
  DynamoDbClient dynamoDbClient(ExecutionInterceptor... interceptors) {
    return DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor))
        .build();
  }

  SesV2Client sesClient(ExecutionInterceptor... interceptors) {
    return SesV2Client.builder().endpointOverride(ses.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor))
        .build();
  }

  /** A fresh object graph (empty caches, as in a new execution environment) on the given clients. */
  FunctionsComponent component(DynamoDbClient dynamoDbClient, SesV2Client sesClient, Clock clock) {
    return FunctionsComponent.builder().settings(settings).clock(clock)
        .clients(AwsClients.of(dynamoDbClient, sesClient, eventBridgeClient)).build();
  }

  /** A person with a token from the local issuer. */
  record User(String email, String userId, String token) {}

  User user(String name) {
    String email = name + "@bench.example.test";
    LocalIdentityProvider.Token token = identityProvider.mint(email, List.of(), true);
    return new User(email, token.userId(), token.token());
  }

  /**
   * One HTTP request through the local gateway: authorizer, route, handler, as API Gateway would;
   * {@code target} is the path and, after a '?', the query string.
   */
  static JsonNode call(HttpApiGateway gateway, User caller, String method, String target, String body, int expected) {
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    HttpApiGateway.Response response = gateway.handle(new HttpApiEvents.Request(method, path,
        question < 0 ? null : target.substring(question + 1),
        Map.of("content-type", "application/json", "authorization", "Bearer " + caller.token()), body,
        "127.0.0.1"));
    if (response.status() != expected) {
      throw new IllegalStateException(method + " " + target + " answered " + response.status() + ": "
          + response.body());
    }
    try {
      return response.body() == null ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Turns the table's stream off, once the audit publisher's latency is measured: nothing after that reads
   * it, and DynamoDB Local writes a stream record of every write on the one thread that does all of its
   * storage work (a third of that thread's time while seeding and running the reminder job at 100,000
   * pending, in a profile), which DynamoDB does not do on a write's path.
   */
  void streamOff() {
    try (DynamoDbClient admin = dynamoDbClient()) {
      admin.updateTable(r -> r.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
    }
  }

  /** The token of the latest invitation email sent to {@code address}. */
  String latestToken(String address) {
    List<SesEmulator.SentEmail> emails = ses.sentTo(address);
    if (emails.isEmpty()) {
      throw new IllegalStateException("no email to " + address);
    }
    Matcher link = TOKEN.matcher(emails.get(emails.size() - 1).text());
    if (!link.find()) {
      throw new IllegalStateException("no link in the email to " + address);
    }
    return link.group(1);
  }

  /**
   * Hands {@code items} to {@code write} in two halves on two threads and waits for both: DynamoDB Local
   * takes concurrent batches, so seeding tens of thousands of items takes about half as long.
   */
  static <T> void inParallel(List<T> items, Consumer<List<T>> write) throws InterruptedException {
    int threads = 2;
    ExecutorService writers = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>(threads);
      int chunk = (items.size() + threads - 1) / threads;
      for (int from = 0; from < items.size(); from += chunk) {
        List<T> part = items.subList(from, Math.min(items.size(), from + chunk));
        done.add(writers.submit(() -> write.accept(part)));
      }
      for (Future<?> part : done) {
        part.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("seeding the table failed", e.getCause());
    } finally {
      writers.shutdown();
    }
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  URI dynamoDbEndpoint() {
    return dynamoDb.endpoint();
  }

  @Override
  public void close() {
    eventBridgeClient.close();
    eventBridge.close();
    ses.close();
    secretsManager.close();
    dynamoDb.close();
  }
}
