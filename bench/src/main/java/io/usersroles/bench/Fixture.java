package io.usersroles.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.config.AwsClients;
import io.usersroles.config.Settings;
import io.usersroles.engines.DynamoDbLocal;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The engines and the organisation every measurement shares: DynamoDB Local in server mode (a real
 * endpoint, so the SDK's HTTP path and interceptors are the production ones), the SES emulator, a
 * local identity provider, a local Secrets Manager endpoint holding the server secret, one table, and the
 * environment a deployed function would get (the secret's ARN, never its value). Components
 * are built from that same environment, so in-process and fresh-JVM measurements see one configuration.
 */
final class Fixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

  final Path repo;
  final DynamoDbLocal dynamoDb;
  final SesEmulator ses;
  final LocalSecretsManager secretsManager;
  final LocalIdentityProvider identityProvider;
  final String table;
  final Map<String, String> environment;
  final Settings settings;

  Fixture(Path repo) {
    this.repo = repo;
    this.dynamoDb = DynamoDbLocal.inMemory();
    this.ses = SesEmulator.start(repo);
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
        .clients(AwsClients.of(dynamoDbClient, sesClient)).build();
  }

  /** A person with a token from the local issuer. */
  record User(String email, String userId, String token) {}

  User user(String name) {
    String email = name + "@bench.example.test";
    LocalIdentityProvider.Token token = identityProvider.mint(email, List.of(), true);
    return new User(email, token.userId(), token.token());
  }

  /** One HTTP request through the local gateway: authorizer, route, handler, as API Gateway would. */
  static JsonNode call(HttpApiGateway gateway, User caller, String method, String path, String body, int expected) {
    HttpApiGateway.Response response = gateway.handle(new HttpApiEvents.Request(method, path, null,
        Map.of("content-type", "application/json", "authorization", "Bearer " + caller.token()), body,
        "127.0.0.1"));
    if (response.status() != expected) {
      throw new IllegalStateException(method + " " + path + " answered " + response.status() + ": " + response.body());
    }
    try {
      return response.body() == null ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  URI dynamoDbEndpoint() {
    return dynamoDb.endpoint();
  }

  @Override
  public void close() {
    ses.close();
    secretsManager.close();
    dynamoDb.close();
  }
}
