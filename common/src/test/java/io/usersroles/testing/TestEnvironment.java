package io.usersroles.testing;

import io.usersroles.config.AuditSettings;
import io.usersroles.config.ServerSecret;
import io.usersroles.config.Settings;
import io.usersroles.engines.DynamoDbLocal;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
import io.usersroles.engines.eventbridge.LocalEventBridge;
import io.usersroles.engines.secrets.LocalSecretsManager;
import io.usersroles.store.TableDefinition;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The real engines every integration test uses, started once per test JVM and shared: DynamoDB Local
 * in server mode, the SES emulator, a local identity provider, and local EventBridge and Secrets Manager
 * endpoints (the server secret is read from the latter through the real SDK client, as deployed). Tests isolate themselves by table
 * (one fresh table per test class) and by unique email addresses, never by restarting engines.
 */
public final class TestEnvironment implements Engines {
  public static final String REGION = "us-east-1";
  public static final String SENDER = "invitations@users-and-roles.test";
  /** The SES configuration set emails name (the emulator takes any). */
  public static final String EMAIL_CONFIGURATION_SET = "users-and-roles-test";
  public static final String ACCEPT_URL_BASE = "https://app.example.test/invitations/accept";
  public static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static TestEnvironment instance;

  private final DynamoDbLocal dynamoDb;
  private final SesEmulator ses;
  private final LocalEventBridge eventBridge;
  private final LocalSecretsManager secretsManager;
  private final String serverSecretArn;
  private final LocalIdentityProvider identityProvider;
  private final DynamoDbClient adminClient;

  private TestEnvironment() {
    this.dynamoDb = DynamoDbLocal.inMemory();
    this.ses = SesEmulator.start(SesEmulator.locateRepositoryRoot());
    this.eventBridge = LocalEventBridge.start();
    this.secretsManager = LocalSecretsManager.start();
    this.serverSecretArn = secretsManager.put("users-and-roles-test-server-secret", Base64.getEncoder()
        .encodeToString("test-server-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8)));
    this.identityProvider = LocalIdentityProvider.temporary();
    this.adminClient = dynamoDbClient();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ses.close();
      eventBridge.close();
      secretsManager.close();
      dynamoDb.close();
    }, "test-engines-shutdown"));
  }

  public static synchronized TestEnvironment get() {
    if (instance == null) {
      instance = new TestEnvironment();
    }
    return instance;
  }

  /** Creates a fresh, empty table (keys, index and TTL as deployed) and returns its name. */
  @Override
  public String createTable() {
    String name = "users-and-roles-test-" + TABLES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    TableDefinition.createIfAbsent(adminClient, name);
    return name;
  }

  /** Settings for a function against {@code tableName} on the local engines. */
  @Override
  public Settings settings(String tableName) {
    return new Settings(REGION, tableName, Optional.of(dynamoDb.endpoint()), Optional.of(ses.endpoint()), SENDER,
        ACCEPT_URL_BASE, "Users & Roles", identityProvider.jwksUrl(), LocalIdentityProvider.ISSUER,
        LocalIdentityProvider.AUDIENCE, "groups", Duration.ofDays(7), serverSecret())
        .withAudit(AuditSettings.DEFAULTS.withEventBridgeEndpoint(eventBridge.endpoint()))
        .withEmailConfigurationSet(EMAIL_CONFIGURATION_SET);
  }

  /** The server secret as functions get it: its ARN, read through a real SDK client on the local endpoint. */
  public ServerSecret serverSecret(ExecutionInterceptor... interceptors) {
    return ServerSecret.inSecretsManager(serverSecretArn, () -> secretsManagerClient(interceptors));
  }

  /** A real SDK client on the local Secrets Manager endpoint. */
  public SecretsManagerClient secretsManagerClient(ExecutionInterceptor... interceptors) {
    return Engines.client(SecretsManagerClient.builder(), secretsManager.endpoint(), REGION, CREDENTIALS,
        interceptors);
  }

  /** The local Secrets Manager endpoint (holds the tests' server secret). */
  public LocalSecretsManager secretsManager() {
    return secretsManager;
  }

  /** A real SDK client (URLConnection HTTP, retries, interceptors) on DynamoDB Local. */
  @Override
  public DynamoDbClient dynamoDbClient(ExecutionInterceptor... interceptors) {
    return Engines.client(DynamoDbClient.builder(), dynamoDb.endpoint(), REGION, CREDENTIALS, interceptors);
  }

  @Override
  public DynamoDbStreamsClient dynamoDbStreamsClient() {
    return Engines.client(DynamoDbStreamsClient.builder(), dynamoDb.endpoint(), REGION, CREDENTIALS);
  }

  /** A real SDK client on the SES emulator. */
  @Override
  public SesV2Client sesClient(ExecutionInterceptor... interceptors) {
    return Engines.client(SesV2Client.builder(), ses.endpoint(), REGION, CREDENTIALS, interceptors);
  }

  /** A real SDK client on the local EventBridge endpoint. */
  @Override
  public EventBridgeClient eventBridgeClient(ExecutionInterceptor... interceptors) {
    return Engines.client(EventBridgeClient.builder(), eventBridge.endpoint(), REGION, CREDENTIALS, interceptors);
  }

  /** What the functions put on EventBridge. */
  public LocalEventBridge eventBridge() {
    return eventBridge;
  }

  @Override
  public DynamoDbClient adminClient() {
    return adminClient;
  }

  @Override
  public java.util.List<SesEmulator.SentEmail> sentTo(String address) {
    return ses.sentTo(address);
  }

  public SesEmulator ses() {
    return ses;
  }

  @Override
  public LocalIdentityProvider identityProvider() {
    return identityProvider;
  }

  public URI dynamoDbEndpoint() {
    return dynamoDb.endpoint();
  }

  /** A unique address on the test domain, so tests never see each other's mail. */
  public static String uniqueEmail(String name) {
    return name + "." + Long.toHexString(System.nanoTime()) + "." + TABLES.incrementAndGet() + "@example.test";
  }
}
