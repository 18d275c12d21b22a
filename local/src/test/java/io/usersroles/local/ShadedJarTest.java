package io.usersroles.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.engines.DynamoDbLocal;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
import io.usersroles.engines.eventbridge.LocalEventBridge;
import io.usersroles.engines.gateway.LocalLambdaContext;
import io.usersroles.engines.secrets.LocalSecretsManager;
import io.usersroles.functions.OpenApiContract;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.store.TableDefinition;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The artifact template.yaml deploys, run as Lambda runs it: each invocation in a fresh JVM with the
 * template's JIT flags, only functions.jar on the classpath (plus a one-class runner and the Lambda context it passes), configured by
 * environment variables, against DynamoDB Local and the SES emulator. Catches what in-process tests
 * cannot: a class or service file lost in shading, a client that needs an HTTP implementation the jar
 * does not have, configuration read differently from the environment.
 */
class ShadedJarTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPO = Path.of(System.getProperty("usersroles.repoRoot", "..")).toAbsolutePath();
  private static final Path JAR = REPO.resolve("functions/target/functions.jar");
  private static final String TABLE = "shaded-jar-test";
  /** The organisation every sample event in {@code events/} names. */
  private static final String SAMPLE_ORG_ID = "org_e1vZKSuHGHmvGkpXFyEEzA";

  private static DynamoDbLocal dynamoDb;
  private static SesEmulator ses;
  private static LocalSecretsManager secretsManager;
  private static LocalEventBridge eventBridge;
  private static String serverSecretArn;
  private static LocalIdentityProvider identityProvider;

  @TempDir
  Path work;

  @BeforeAll
  static void startEngines() {
    dynamoDb = DynamoDbLocal.inMemory();
    ses = SesEmulator.start(REPO);
    secretsManager = LocalSecretsManager.start();
    eventBridge = LocalEventBridge.start();
    serverSecretArn = secretsManager.put("shaded-jar-test-secret", Base64.getEncoder().encodeToString(
        "shaded-jar-test-secret-of-32-bytes!".getBytes(StandardCharsets.UTF_8)));
    identityProvider = LocalIdentityProvider.temporary();
    try (DynamoDbClient admin = DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint())
        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
      TableDefinition.createIfAbsent(admin, TABLE);
    }
  }

  @AfterAll
  static void stopEngines() {
    ses.close();
    secretsManager.close();
    eventBridge.close();
    dynamoDb.close();
  }

  @Test
  void theJarHasNoApacheOrNettyClientAndKeepsTheSdkServiceFiles() throws IOException {
    assertThat(JAR).as("build the functions module first (mvn package)").exists();
    try (ZipFile jar = new ZipFile(JAR.toFile())) {
      List<String> names = jar.stream().map(e -> e.getName()).toList();
      assertThat(names).noneMatch(n -> n.startsWith("org/apache/http/") || n.startsWith("io/netty/")
          || n.startsWith("software/amazon/awssdk/http/apache/") || n.startsWith("software/amazon/awssdk/http/nio/"));
      assertThat(names).contains("software/amazon/awssdk/services/dynamodb/execution.interceptors");
    }
  }

  /**
   * The jar carries the functions' own region metadata provider (functions' GeneratedServiceMetadataProvider,
   * not the SDK's, which holds every AWS service), and its metadata is that of exactly the SDK service
   * modules in the jar: a service client added without it would sign with default metadata.
   */
  @Test
  void theJarHoldsTheServiceMetadataOfItsOwnServicesOnly() throws IOException {
    try (ZipFile jar = new ZipFile(JAR.toFile())) {
      List<String> names = jar.stream().map(e -> e.getName()).toList();
      String services = "software/amazon/awssdk/services/";
      List<String> modules = names.stream().filter(n -> n.startsWith(services) && n.endsWith("Client.class"))
          .map(n -> n.substring(services.length()).split("/", 2)[0]).distinct().sorted().toList();
      assertThat(modules).containsExactly("dynamodb", "eventbridge", "secretsmanager", "sesv2");
      String metadata = "software/amazon/awssdk/regions/servicemetadata/";
      assertThat(names.stream().filter(n -> n.startsWith(metadata)).map(n -> n.substring(metadata.length())))
          .containsExactlyInAnyOrder("DynamodbServiceMetadata.class", "EventsServiceMetadata.class",
              "SecretsmanagerServiceMetadata.class", "EmailServiceMetadata.class");
      String provider = new String(jar.getInputStream(jar.getEntry(
          "software/amazon/awssdk/regions/GeneratedServiceMetadataProvider.class")).readAllBytes(),
          StandardCharsets.ISO_8859_1);
      assertThat(provider).doesNotContain("AccessAnalyzerServiceMetadata").contains("DynamodbServiceMetadata");
    }
  }

  @Test
  void aPersonSignsInCreatesAnOrganisationInvitesAndChecksThroughTheDeployedArtifact() throws Exception {
    String email = "ada.shaded@example.test";
    LocalIdentityProvider.Token token = identityProvider.mint(email, List.of("engineering"), true);

    ObjectNode authorizerEvent = (ObjectNode) JSON.readTree(REPO.resolve("events/AuthorizerFunction.json").toFile());
    authorizerEvent.putArray("identitySource").add("Bearer " + token.token());
    ((ObjectNode) authorizerEvent.get("headers")).put("authorization", "Bearer " + token.token());
    JsonNode authorized = run("io.usersroles.functions.auth.AuthorizerHandler", authorizerEvent);
    assertThat(authorized.path("isAuthorized").asBoolean()).as(authorized.toString()).isTrue();
    JsonNode principal = authorized.path("context");

    ObjectNode create = routeEvent("CreateOrganisationFunction", principal);
    create.put("body", "{\"name\":\"Shaded Co\"}");
    JsonNode created = run("io.usersroles.functions.orgs.CreateOrganisationHandler", create);
    OpenApiContract.get().assertConforms(create, created);
    assertThat(created.path("statusCode").asInt()).as(created.toString()).isEqualTo(201);
    String orgId = JSON.readTree(created.path("body").asText()).path("orgId").asText();

    ObjectNode invite = routeEvent("CreateInvitationsFunction", principal);
    invite.put("rawPath", "/orgs/" + orgId + "/invitations");
    invite.putObject("pathParameters").put("orgId", orgId);
    invite.put("body", "{\"emails\":[\"grace.shaded@example.test\"]}");
    JsonNode invited = run("io.usersroles.functions.invitations.CreateInvitationsHandler", invite);
    OpenApiContract.get().assertConforms(invite, invited);
    assertThat(invited.path("statusCode").asInt()).as(invited.toString()).isEqualTo(200);
    assertThat(JSON.readTree(invited.path("body").asText()).at("/results/0/emailSent").asBoolean()).isTrue();
    assertThat(ses.sentTo("grace.shaded@example.test")).hasSize(1);
    // inviting derives the links' key: the secret came through the jar's own Secrets Manager client
    assertThat(secretsManager.reads()).isPositive();

    ObjectNode check = JSON.createObjectNode().put("orgId", orgId).put("action", "members:invite");
    check.putObject("principal").put("type", "user").put("id", token.userId());
    JsonNode decision = run("io.usersroles.functions.checks.CheckPermissionHandler", check);
    OpenApiContract.get().assertDirectCheck(check, decision);
    assertThat(decision.path("allowed").asBoolean()).as(decision.toString()).isTrue();
  }

  /**
   * Every deployed function, in one fresh JVM on functions.jar, on its sample event from {@code events/}
   * aimed at a real organisation and its owner: what the end-to-end path above does not reach (a role's
   * body, a service account's secret, the reminder job, the audit publisher, SES's feedback) must find
   * every class it needs in the shrunk jar.
   */
  @Test
  void everyDeployedFunctionAnswersItsSampleEventFromTheDeployedArtifact() throws Exception {
    LocalIdentityProvider.Token token = identityProvider.mint("alan.shaded@example.test", List.of("ops"), true);
    ObjectNode authorizerEvent = (ObjectNode) JSON.readTree(REPO.resolve("events/AuthorizerFunction.json").toFile());
    authorizerEvent.putArray("identitySource").add("Bearer " + token.token());
    ((ObjectNode) authorizerEvent.get("headers")).put("authorization", "Bearer " + token.token());
    JsonNode principal = run("io.usersroles.functions.auth.AuthorizerHandler", authorizerEvent).path("context");
    ObjectNode create = routeEvent("CreateOrganisationFunction", principal);
    create.put("body", "{\"name\":\"Every Function Co\"}");
    JsonNode created = run("io.usersroles.functions.orgs.CreateOrganisationHandler", create);
    String orgId = JSON.readTree(created.path("body").asText()).path("orgId").asText();

    List<String> pairs = new ArrayList<>();
    Map<String, Path> outputs = new LinkedHashMap<>();
    for (DeployedFunctions.Entry function : DeployedFunctions.all()) {
      String sample = Files.readString(REPO.resolve("events/" + function.logicalId() + ".json"))
          .replace(SAMPLE_ORG_ID, orgId);
      JsonNode event = JSON.readTree(sample);
      if (function.logicalId().equals(DeployedFunctions.AUTHORIZER)) {
        event = authorizerEvent; // the sample's token is not this issuer's, and a refusal is thrown
      } else if (function.route().isPresent()) {
        event = routeEvent(event, principal);
      }
      Path eventFile = work.resolve(function.logicalId() + ".json");
      Files.write(eventFile, JSON.writeValueAsBytes(event));
      pairs.add(function.handlerClass().getName() + "=" + eventFile);
      outputs.put(function.logicalId(), work.resolve(function.logicalId() + ".json.out"));
    }
    launch(pairs);

    assertThat(outputs).hasSize(DeployedFunctions.all().size());
    for (Map.Entry<String, Path> output : outputs.entrySet()) {
      String text = Files.readString(output.getValue());
      System.out.printf("%s from the jar: %.160s%n", output.getKey(), text);
      if (!text.isBlank()) {
        JsonNode answer = JSON.readTree(text);
        assertThat(answer.path("statusCode").asInt(200)).as(output.getKey() + ": " + text).isLessThan(500);
      }
    }
    // the created role and service account came back as the API describes them
    assertThat(JSON.readTree(Files.readString(outputs.get("CreateRoleFunction"))).path("statusCode").asInt())
        .isEqualTo(201);
    assertThat(JSON.readTree(Files.readString(outputs.get("AuditPublisherFunction"))).path("batchItemFailures"))
        .isEmpty();
    assertThat(eventBridge.events()).isNotEmpty();
  }

  private ObjectNode routeEvent(String logicalId, JsonNode principal) throws IOException {
    return routeEvent(JSON.readTree(REPO.resolve("events/" + logicalId + ".json").toFile()), principal);
  }

  private static ObjectNode routeEvent(JsonNode sample, JsonNode principal) {
    ObjectNode event = (ObjectNode) sample;
    ((ObjectNode) event.get("requestContext").get("authorizer")).set("lambda", principal);
    return event;
  }

  /** One invocation in a fresh JVM, configured the way template.yaml configures a function. */
  private JsonNode run(String handler, JsonNode event) throws Exception {
    Path eventFile = Files.createTempFile(work, "event", ".json");
    Files.write(eventFile, JSON.writeValueAsBytes(event));
    return JSON.readTree(launch(List.of(handler, eventFile.toString())));
  }

  /** Runs {@link ShadedJarRunner} with {@code arguments} in a fresh JVM on the jar; its standard output. */
  private byte[] launch(List<String> arguments) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // the runner and the Lambda context it hands the handler (from the engines module) beside the jar
    String classpath = JAR + File.pathSeparator + Path.of("target/test-classes").toAbsolutePath() + File.pathSeparator
        + Path.of(LocalLambdaContext.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> command = new ArrayList<>(List.of(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
        "-cp", classpath, ShadedJarRunner.class.getName()));
    command.addAll(arguments);
    Path stderr = work.resolve("stderr-" + System.nanoTime() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("JAVA_TOOL"));
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    env.put("TABLE_NAME", TABLE);
    env.put("DYNAMODB_ENDPOINT", dynamoDb.endpoint().toString());
    env.put("SES_ENDPOINT", ses.endpoint().toString());
    env.put("EVENTBRIDGE_ENDPOINT", eventBridge.endpoint().toString());
    env.put("SENDER_ADDRESS", "invitations@shaded.example.test");
    env.put("ACCEPT_URL_BASE", "https://app.example.test/accept");
    env.put("JWKS_URL", identityProvider.jwksUrl().toString());
    env.put("JWT_ISSUER", LocalIdentityProvider.ISSUER);
    env.put("JWT_AUDIENCE", LocalIdentityProvider.AUDIENCE);
    env.put("SERVER_SECRET_ARN", serverSecretArn);
    env.put("SECRETS_MANAGER_ENDPOINT", secretsManager.endpoint().toString());
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(arguments.get(0) + " failed: " + Files.readString(stderr)).isZero();
    return output;
  }
}
