package io.usersroles.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usersroles.config.AuditSettings;
import io.usersroles.config.ServerSecret;
import io.usersroles.config.Settings;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
import io.usersroles.store.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The same engines on LocalStack (DynamoDB and SES in one container), started once per test JVM
 * when a test class asks for it. Test classes that use it carry
 * {@code @Testcontainers(disabledWithoutDocker = true)}, so without a Docker engine they are skipped
 * before this class is touched. Sent mail is read back from LocalStack's {@code /_aws/ses} endpoint.
 */
public final class LocalStackEngines implements Engines {
  /** A pinned image that runs without an auth token; set LOCALSTACK_IMAGE to try another. */
  static final String DEFAULT_IMAGE = "localstack/localstack:4.4.0";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static LocalStackEngines instance;

  private final LocalStackContainer container;
  private final StaticCredentialsProvider credentials;
  private final LocalIdentityProvider identityProvider = LocalIdentityProvider.temporary();
  private final DynamoDbClient adminClient;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the test JVM ends
  private LocalStackEngines() {
    String image = Optional.ofNullable(System.getenv("LOCALSTACK_IMAGE")).orElse(DEFAULT_IMAGE);
    LocalStackContainer started = new LocalStackContainer(DockerImageName.parse(image)
        .asCompatibleSubstituteFor("localstack/localstack"))
        .withServices("dynamodb", "ses", "events");
    String authToken = System.getenv("LOCALSTACK_AUTH_TOKEN");
    if (authToken != null && !authToken.isBlank()) {
      started = started.withEnv("LOCALSTACK_AUTH_TOKEN", authToken);
    }
    started.start();
    this.container = started;
    this.credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey()));
    this.adminClient = dynamoDbClient();
    try (SesV2Client ses = sesClient()) {
      // LocalStack sends only from verified identities (and verifies them at once)
      ses.createEmailIdentity(r -> r.emailIdentity(TestEnvironment.SENDER));
    }
  }

  public static synchronized LocalStackEngines get() {
    if (instance == null) {
      instance = new LocalStackEngines();
    }
    return instance;
  }

  @Override
  public String createTable() {
    String name = "users-and-roles-ls-" + TABLES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    TableDefinition.createIfAbsent(adminClient, name);
    return name;
  }

  @Override
  public Settings settings(String tableName) {
    return new Settings(container.getRegion(), tableName, Optional.of(container.getEndpoint()),
        Optional.of(container.getEndpoint()), TestEnvironment.SENDER, TestEnvironment.ACCEPT_URL_BASE,
        "Users & Roles", identityProvider.jwksUrl(), LocalIdentityProvider.ISSUER, LocalIdentityProvider.AUDIENCE,
        "groups", Duration.ofDays(7),
        ServerSecret.of("test-server-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8)))
        .withAudit(AuditSettings.DEFAULTS.withEventBridgeEndpoint(container.getEndpoint()));
  }

  @Override
  public EventBridgeClient eventBridgeClient(ExecutionInterceptor... interceptors) {
    return Engines.client(EventBridgeClient.builder(), container.getEndpoint(), container.getRegion(), credentials,
        interceptors);
  }

  @Override
  public DynamoDbStreamsClient dynamoDbStreamsClient() {
    return Engines.client(DynamoDbStreamsClient.builder(), container.getEndpoint(), container.getRegion(),
        credentials);
  }

  @Override
  public DynamoDbClient dynamoDbClient(ExecutionInterceptor... interceptors) {
    return Engines.client(DynamoDbClient.builder(), container.getEndpoint(), container.getRegion(), credentials,
        interceptors);
  }

  @Override
  public SesV2Client sesClient(ExecutionInterceptor... interceptors) {
    return Engines.client(SesV2Client.builder(), container.getEndpoint(), container.getRegion(), credentials,
        interceptors);
  }

  @Override
  public DynamoDbClient adminClient() {
    return adminClient;
  }

  @Override
  public LocalIdentityProvider identityProvider() {
    return identityProvider;
  }

  /**
   * Mail to {@code address} from {@code GET /_aws/ses}. LocalStack may keep a templated message as
   * its template data rather than rendered parts; then the text is the message's JSON, which still
   * holds the accept link.
   */
  @Override
  public List<SesEmulator.SentEmail> sentTo(String address) {
    JsonNode store = get(container.getEndpoint().resolve("/_aws/ses"));
    List<SesEmulator.SentEmail> emails = new ArrayList<>();
    for (JsonNode message : store.path("messages")) {
      List<String> to = new ArrayList<>();
      message.path("Destination").path("ToAddresses").forEach(a -> to.add(a.asText()));
      if (!to.contains(address)) {
        continue;
      }
      JsonNode body = message.path("Body");
      String text = body.hasNonNull("text_part") ? body.get("text_part").asText() : message.toString();
      String html = body.hasNonNull("html_part") ? body.get("html_part").asText() : null;
      emails.add(new SesEmulator.SentEmail(message.path("Id").asText(), message.path("Source").asText(), to,
          message.path("Subject").asText(), text, html, parseTime(message.path("Timestamp").asText())));
    }
    return emails;
  }

  private JsonNode get(URI uri) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("LocalStack " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading LocalStack's sent mail", e);
    }
  }

  private static Instant parseTime(String text) {
    try {
      return Instant.parse(text.endsWith("Z") || text.contains("+") ? text : text + "Z");
    } catch (java.time.format.DateTimeParseException notIso) {
      return Instant.EPOCH;
    }
  }
}
