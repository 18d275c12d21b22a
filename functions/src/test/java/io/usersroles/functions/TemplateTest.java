package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.usersroles.config.OrgLimits;
import io.usersroles.config.Settings;
import io.usersroles.domain.Ids;
import io.usersroles.domain.Principal;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.functions.auth.AuthorizerHandler;
import io.usersroles.functions.checks.CheckPermissionHandler;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.functions.deployment.Route;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.http.PrincipalContext;
import io.usersroles.store.Keys;
import io.usersroles.store.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * Checks template.yaml and events/ against the code, since no SAM CLI or cfn-lint runs here: the
 * functions, handlers and routes against {@link DeployedFunctions}, the table against
 * {@link TableDefinition}, the environment against {@link Settings#fromEnvironment}, and every
 * sample event by loading it as the Lambda event types and running it through its function.
 */
class TemplateTest {
  private static final Path ROOT = repositoryRoot();
  private static final JsonNode TEMPLATE = CloudFormationYaml.read(ROOT.resolve("template.yaml"));
  private static final Path EVENTS = ROOT.resolve("events");

  private static final String FUNCTION = "AWS::Serverless::Function";
  private static final String HTTP_API = "AWS::Serverless::HttpApi";
  private static final String TABLE = "AWS::DynamoDB::Table";
  private static final String SECRET = "AWS::SecretsManager::Secret";
  private static final String LOG_GROUP = "AWS::Logs::LogGroup";

  /** The functions that send invitation or reminder emails and so need SES send on the sender identity. */
  private static final Set<String> EMAIL_SENDERS = Set.of("CreateInvitationsFunction", "ResendInvitationFunction",
      "InviteReminderFunction");
  /** Functions that EventBridge runs on a schedule: the parameter that holds each one's schedule. */
  private static final Map<String, String> SCHEDULED = Map.of("InviteReminderFunction", "ReminderSchedule");
  /** Variables Lambda sets itself; a template may not set them. */
  private static final Set<String> LAMBDA_PROVIDED = Set.of("AWS_REGION");
  private static final Set<String> LAMBDA_RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
      "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
      "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
      "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");
  /** Endpoint overrides for DynamoDB Local and the SES emulator: never deployed. */
  private static final Set<String> LOCAL_ONLY = Set.of("DYNAMODB_ENDPOINT", "SES_ENDPOINT");
  /** Variables Settings gives a default when they are missing; every other one it must refuse to miss. */
  private static final Set<String> WITH_DEFAULTS = Set.of("PRODUCT_NAME", "GROUPS_CLAIM", "INVITATION_TTL",
      "REMINDER_AFTER_DAYS", "MAX_REMINDERS", "MAX_PENDING_INVITATIONS", "MAX_CUSTOM_ROLES", "MAX_SERVICE_ACCOUNTS");
  /** Read by the JVM, not by Settings. */
  private static final Set<String> FOR_THE_JVM = Set.of("JAVA_TOOL_OPTIONS");
  /** Values for the parameters without a default, as an operator would give them. */
  private static final Map<String, String> SAMPLE_PARAMETERS = Map.of(
      "SenderAddress", "invitations@acme.example",
      "SenderIdentity", "acme.example",
      "AcceptUrlBase", "https://app.acme.example/invitations/accept",
      "JwksUrl", "https://login.acme.example/.well-known/jwks.json",
      "JwtIssuer", "https://login.acme.example/",
      "JwtAudience", "users-and-roles");
  private static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
      545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
  private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs",
      "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
  private static final Pattern SECRET_REFERENCE =
      Pattern.compile("\\{\\{resolve:secretsmanager:\\$\\{(\\w+)}:SecretString}}");
  private static final Pattern ORGANISATION_ID =
      Pattern.compile(Pattern.quote(Ids.ORGANISATION_PREFIX) + "[A-Za-z0-9_-]{22}");

  // ------------------------------------------------------------------ template: functions and routes

  @Test
  void isASamTemplate() {
    assertThat(TEMPLATE.path("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
    assertThat(TEMPLATE.path("Transform").asText()).isEqualTo("AWS::Serverless-2016-10-31");
  }

  @Test
  void declaresExactlyTheCatalogFunctionsEachWithItsHandlerClass() throws Exception {
    assertThat(resourcesOfType(FUNCTION).keySet()).containsExactlyInAnyOrderElementsOf(catalogIds());
    for (DeployedFunctions.Entry entry : DeployedFunctions.all()) {
      String handler = functionProperty(entry.logicalId(), "Handler").asText();
      String[] parts = handler.split("::", -1);
      assertThat(parts.length).as(handler).isBetween(1, 2);
      if (parts.length == 2) {
        assertThat(parts[1]).as(handler).isEqualTo("handleRequest");
      }
      assertThat(parts[0]).as(entry.logicalId()).isEqualTo(entry.handlerClass().getName());
      Class<?> handlerClass = Class.forName(parts[0]);
      assertThat(RequestStreamHandler.class).isAssignableFrom(handlerClass);
      // the Lambda runtime instantiates the handler through its public no-argument constructor
      Constructor<?> constructor = handlerClass.getConstructor();
      assertThat(Modifier.isPublic(constructor.getModifiers())).isTrue();
    }
  }

  @Test
  void globalsDescribeTheJarAndRuntimeTheBuildProduces() throws IOException {
    JsonNode globals = TEMPLATE.path("Globals").path("Function");
    assertThat(globals.path("Runtime").asText()).isEqualTo("java21");
    assertThat(texts(globals.path("Architectures"))).containsExactly("arm64");
    assertThat(globals.path("MemorySize").asInt()).isEqualTo(1024);
    assertThat(globals.path("Timeout").asInt()).isEqualTo(29);
    assertThat(globals.path("CodeUri").asText()).isEqualTo("functions/target/functions.jar");
    String pom = Files.readString(ROOT.resolve("functions/pom.xml"));
    assertThat(pom).contains("<outputFile>${project.build.directory}/functions-shaded.jar</outputFile>")
        .contains("<injar>functions-shaded.jar</injar>")
        .contains("<outjar>functions.jar</outjar>");
    assertThat(globals.path("AutoPublishAlias").asText()).isEqualTo("live");
    assertThat(globals.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
    assertThat(globals.path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS").asText())
        .isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    resourcesOfType(FUNCTION).forEach((id, function) -> {
      JsonNode properties = function.path("Properties");
      for (String inherited : List.of("Runtime", "CodeUri", "Architectures", "Environment", "AutoPublishAlias", "SnapStart")) {
        assertThat(properties.has(inherited)).as(id + " overrides Globals " + inherited).isFalse();
      }
      DeployedFunctions.Entry entry = DeployedFunctions.byLogicalId(id).orElseThrow();
      assertThat(functionProperty(id, "Timeout").asInt()).as(id + " Timeout")
          .isEqualTo((int) entry.timeout().toSeconds());
      if (entry.route().isPresent()) {
        assertThat(functionProperty(id, "Timeout").asInt()).as(id + " Timeout").isBetween(1, 29);
      }
    });
  }

  @Test
  void everyRouteFunctionHasExactlyItsCatalogRouteOnTheApi() {
    String api = onlyResourceOfType(HTTP_API);
    Set<String> templateRoutes = new TreeSet<>();
    for (DeployedFunctions.Entry entry : DeployedFunctions.all()) {
      List<JsonNode> httpApiEvents = new ArrayList<>();
      function(entry.logicalId()).path("Properties").path("Events").forEach(event -> {
        if (event.path("Type").asText().equals("HttpApi")) {
          httpApiEvents.add(event.path("Properties"));
        }
      });
      if (entry.route().isEmpty()) {
        JsonNode events = function(entry.logicalId()).path("Properties").path("Events");
        if (SCHEDULED.containsKey(entry.logicalId())) {
          assertThat(events.size()).as(entry.logicalId() + " has one schedule").isEqualTo(1);
          JsonNode schedule = events.elements().next();
          assertThat(schedule.path("Type").asText()).isEqualTo("Schedule");
          assertThat(schedule.path("Properties").path("Schedule")).isEqualTo(ref(SCHEDULED.get(entry.logicalId())));
          assertThat(schedule.path("Properties").path("Enabled").asBoolean(true)).isTrue();
        } else {
          assertThat(events.size()).as(entry.logicalId() + " is not routed to").isZero();
        }
        continue;
      }
      Route route = entry.route().get();
      assertThat(httpApiEvents).as(entry.logicalId() + " HttpApi events").hasSize(1);
      JsonNode event = httpApiEvents.get(0);
      assertThat(event.path("Method").asText()).as(entry.logicalId()).isEqualTo(route.method());
      assertThat(event.path("Path").asText()).as(entry.logicalId()).isEqualTo(route.pathTemplate());
      assertThat(event.path("ApiId")).as(entry.logicalId()).isEqualTo(ref(api));
      assertThat(event.has("Auth")).as(entry.logicalId() + " must use the API's default authorizer").isFalse();
      assertThat(event.path("PayloadFormatVersion").asText("2.0")).isEqualTo("2.0");
      templateRoutes.add(event.path("Method").asText() + " " + event.path("Path").asText());
    }
    assertThat(templateRoutes).containsExactlyInAnyOrderElementsOf(DeployedFunctions.all().stream()
        .flatMap(e -> e.route().stream()).map(Route::routeKey).toList());
  }

  @Test
  void theApiAuthorisesEveryRouteWithTheAuthorizerFunction() {
    JsonNode auth = resource(onlyResourceOfType(HTTP_API)).path("Properties").path("Auth");
    String name = auth.path("DefaultAuthorizer").asText();
    JsonNode authorizer = auth.path("Authorizers").path(name);
    assertThat(authorizer.isObject()).as("authorizer " + name).isTrue();
    // the alias, so API Gateway invokes the SnapStart-enabled published version, never $LATEST
    assertThat(authorizer.path("FunctionArn")).isEqualTo(ref(authorizerId() + ".Alias"));
    assertThat(authorizer.path("AuthorizerPayloadFormatVersion").isTextual()).isTrue();
    assertThat(authorizer.path("AuthorizerPayloadFormatVersion").asText()).isEqualTo("2.0");
    assertThat(authorizer.path("EnableSimpleResponses").asBoolean()).isTrue();
    assertThat(authorizer.path("EnableFunctionDefaultPermissions").asBoolean()).isTrue();
    assertThat(texts(authorizer.path("Identity").path("Headers"))).containsExactly("Authorization");
    assertThat(authorizer.path("Identity").path("ReauthorizeEvery").isInt()).isTrue();
    assertThat(authorizer.path("Identity").path("ReauthorizeEvery").asInt()).isZero();
  }

  // ------------------------------------------------------------------ template: data and configuration

  @Test
  void theTableHasTheKeysIndexesAndTtlOfTableDefinition() {
    CreateTableRequest expected = TableDefinition.createTableRequest("any");
    String tableId = onlyResourceOfType(TABLE);
    JsonNode table = resource(tableId);
    JsonNode properties = table.path("Properties");

    assertThat(properties.path("BillingMode").asText()).isEqualTo(expected.billingModeAsString());
    Map<String, String> attributes = new TreeMap<>();
    properties.path("AttributeDefinitions").forEach(a ->
        attributes.put(a.path("AttributeName").asText(), a.path("AttributeType").asText()));
    assertThat(attributes).isEqualTo(expected.attributeDefinitions().stream().collect(Collectors.toMap(
        a -> a.attributeName(), a -> a.attributeTypeAsString(), (a, b) -> a, TreeMap::new)));
    assertThat(keySchema(properties.path("KeySchema"))).isEqualTo(keySchema(expected.keySchema()));

    Map<String, String> indexes = new TreeMap<>();
    properties.path("GlobalSecondaryIndexes").forEach(index -> indexes.put(index.path("IndexName").asText(),
        keySchema(index.path("KeySchema")) + " projecting " + index.path("Projection").path("ProjectionType").asText()
            + " " + new TreeSet<>(texts(index.path("Projection").path("NonKeyAttributes")))));
    Map<String, String> expectedIndexes = new TreeMap<>();
    for (GlobalSecondaryIndex index : expected.globalSecondaryIndexes()) {
      expectedIndexes.put(index.indexName(), keySchema(index.keySchema()) + " projecting "
          + index.projection().projectionTypeAsString() + " " + new TreeSet<>(index.projection().nonKeyAttributes()));
    }
    assertThat(indexes).isEqualTo(expectedIndexes);
    assertThat(properties.has("LocalSecondaryIndexes")).isEqualTo(expected.hasLocalSecondaryIndexes());

    assertThat(properties.path("TimeToLiveSpecification").path("AttributeName").asText())
        .isEqualTo(Keys.TTL_ATTRIBUTE);
    assertThat(properties.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
    assertThat(properties.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
        .isTrue();
    assertThat(properties.path("DeletionProtectionEnabled").asBoolean()).isTrue();
    assertThat(properties.path("SSESpecification").path("SSEEnabled").asBoolean()).isTrue();
    assertThat(table.path("DeletionPolicy").asText()).isEqualTo("Retain");
    assertThat(table.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
    assertThat(globalVariables().get("TABLE_NAME")).isEqualTo(ref(tableId));
  }

  @Test
  void theEnvironmentGivesSettingsEverythingItReadsAndNothingElse() {
    Map<String, JsonNode> variables = globalVariables();
    Map<String, String> environment = new HashMap<>();
    variables.forEach((name, value) -> environment.put(name, resolve(value, new Random(1))));
    environment.put("AWS_REGION", "eu-west-1");

    RecordingEnvironment recording = new RecordingEnvironment(environment);
    Settings settings = Settings.fromEnvironment(recording);

    Set<String> deployable = new TreeSet<>(variables.keySet());
    deployable.addAll(LAMBDA_PROVIDED);
    deployable.addAll(LOCAL_ONLY);
    assertThat(recording.read).as("variables Settings reads").isSubsetOf(deployable);
    Set<String> unread = new TreeSet<>(variables.keySet());
    unread.removeAll(recording.read);
    assertThat(unread).as("template variables nothing reads").isSubsetOf(FOR_THE_JVM);
    assertThat(variables.keySet()).doesNotContainAnyElementsOf(LOCAL_ONLY).doesNotContainAnyElementsOf(LAMBDA_RESERVED);

    assertThat(settings.tableName()).isEqualTo(environment.get("TABLE_NAME"));
    assertThat(settings.dynamoDbEndpoint()).isEmpty();
    assertThat(settings.sesEndpoint()).isEmpty();
    assertThat(settings.productName()).isEqualTo(parameter("ProductName").path("Default").asText());
    assertThat(settings.groupsClaim()).isEqualTo(parameter("GroupsClaim").path("Default").asText());
    assertThat(settings.invitationTtl())
        .isEqualTo(Duration.parse(parameter("InvitationTtl").path("Default").asText()));
    assertThat(settings.reminderAfterDays()).isEqualTo(parameter("ReminderAfterDays").path("Default").asInt())
        .isEqualTo(Settings.DEFAULT_REMINDER_AFTER_DAYS);
    assertThat(settings.maxReminders()).isEqualTo(parameter("MaxReminders").path("Default").asInt())
        .isEqualTo(Settings.DEFAULT_MAX_REMINDERS);
    assertThat(parameter("ReminderSchedule").path("Default").asText()).isEqualTo("rate(1 day)");
    assertThat(settings.limits()).isEqualTo(OrgLimits.DEFAULTS).isEqualTo(new OrgLimits(
        parameter("MaxPendingInvitations").path("Default").asInt(), parameter("MaxCustomRoles").path("Default").asInt(),
        parameter("MaxServiceAccounts").path("Default").asInt()));
    assertThat(parameter("MaxCustomRoles").path("MaxValue").asInt()).isEqualTo(OrgLimits.CEILING_CUSTOM_ROLES);

    for (String name : variables.keySet()) {
      if (FOR_THE_JVM.contains(name)) {
        continue;
      }
      Map<String, String> without = new HashMap<>(environment);
      without.remove(name);
      if (WITH_DEFAULTS.contains(name)) {
        assertThat(Settings.fromEnvironment(without)).as("without " + name).isNotNull();
      } else {
        assertThatThrownBy(() -> Settings.fromEnvironment(without)).as("without " + name)
            .hasMessageContaining(name);
      }
    }
    for (String name : LAMBDA_PROVIDED) {
      Map<String, String> without = new HashMap<>(environment);
      without.remove(name);
      assertThatThrownBy(() -> Settings.fromEnvironment(without)).hasMessageContaining(name);
    }
  }

  @Test
  void theGeneratedServerSecretIsAlwaysOneSettingsAccepts() {
    Matcher matcher = SECRET_REFERENCE.matcher(globalVariables().get("SERVER_SECRET").path("Fn::Sub").asText());
    assertThat(matcher.matches()).as("SERVER_SECRET is a Secrets Manager dynamic reference").isTrue();
    JsonNode secret = resource(matcher.group(1));
    assertThat(secret.path("Type").asText()).isEqualTo(SECRET);
    assertThat(secret.path("DeletionPolicy").asText()).isEqualTo("Retain");
    JsonNode generate = secret.path("Properties").path("GenerateSecretString");
    assertThat(generate.path("ExcludePunctuation").asBoolean()).isTrue();
    Random random = new Random(42);
    for (int i = 0; i < 1000; i++) {
      String generated = generatedSecret(generate, random);
      byte[] decoded;
      try {
        decoded = Settings.decodeSecret(generated);
      } catch (IllegalArgumentException refused) {
        throw new AssertionError("Settings refuses the generated secret " + generated + ": " + refused.getMessage());
      }
      assertThat(decoded).as(generated).hasSizeGreaterThanOrEqualTo(Settings.MIN_SECRET_BYTES);
    }
  }

  @Test
  void everyFunctionHasOnlyTheTableAccessAndEmailItsOperationNeeds() {
    String tableId = onlyResourceOfType(TABLE);
    String identity = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SenderIdentity}";
    for (DeployedFunctions.Entry entry : DeployedFunctions.all()) {
      String id = entry.logicalId();
      boolean readsOnly = entry.handlerClass() == AuthorizerHandler.class
          || entry.handlerClass() == CheckPermissionHandler.class
          || entry.route().map(r -> r.method().equals("GET")).orElse(false);
      List<String> dynamoDbTemplates = new ArrayList<>();
      List<JsonNode> statements = new ArrayList<>();
      for (JsonNode policy : function(id).path("Properties").path("Policies")) {
        assertThat(policy.isObject()).as(id + ": no managed policies, only templates and statements: " + policy)
            .isTrue();
        policy.fieldNames().forEachRemaining(name -> {
          if (name.equals("Statement")) {
            policy.get(name).forEach(statements::add);
          } else if (name.startsWith("DynamoDB")) {
            dynamoDbTemplates.add(name);
            assertThat(policy.get(name).path("TableName")).as(id + " " + name).isEqualTo(ref(tableId));
          } else if (!name.equals("Version")) {
            fail(id + " has an unexpected policy " + name);
          }
        });
      }
      assertThat(dynamoDbTemplates).as(id).containsExactly(readsOnly ? "DynamoDBReadPolicy" : "DynamoDBCrudPolicy");

      Set<String> actions = new TreeSet<>();
      for (JsonNode statement : statements) {
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        List<JsonNode> resources = new ArrayList<>();
        if (statement.path("Resource").isArray()) {
          statement.path("Resource").forEach(resources::add);
        } else {
          resources.add(statement.path("Resource"));
        }
        for (JsonNode resource : resources) {
          String arn = resource.isTextual() ? resource.asText() : resource.path("Fn::Sub").asText(resource.toString());
          // only the account's SES templates are named by a wildcard (see template.yaml)
          assertThat(!arn.contains("*") || arn.endsWith(":ses:${AWS::Region}:${AWS::AccountId}:template/*"))
              .as(id + " grants on " + arn).isTrue();
        }
        List<String> statementActions = texts(statement.path("Action"));
        assertThat(statementActions).as(id).allMatch(a -> a.startsWith("ses:Send") && !a.contains("*"));
        if (resources.contains(sub(identity))) {
          actions.addAll(statementActions);
        }
      }
      if (EMAIL_SENDERS.contains(id)) {
        assertThat(actions).as(id + " actions on the sender identity").contains("ses:SendBulkEmail", "ses:SendEmail");
      } else {
        assertThat(statements).as(id + " needs no statements").isEmpty();
      }
    }
  }

  @Test
  void everyFunctionLogsJsonToItsOwnLogGroupWithTheConfiguredRetention() {
    JsonNode retention = parameter("LogRetentionDays");
    Set<Integer> allowed = new TreeSet<>();
    retention.path("AllowedValues").forEach(v -> allowed.add(v.asInt()));
    assertThat(allowed).isEqualTo(new TreeSet<>(LOG_RETENTION_DAYS));
    assertThat(retention.path("Default").asInt()).isEqualTo(30);

    Set<String> used = new HashSet<>();
    resourcesOfType(FUNCTION).forEach((id, function) -> {
      JsonNode logging = function.path("Properties").path("LoggingConfig");
      assertThat(logging.path("LogFormat").asText()).as(id).isEqualTo("JSON");
      String group = logging.path("LogGroup").path("Ref").asText();
      assertThat(resource(group).path("Type").asText()).as(id + " log group").isEqualTo(LOG_GROUP);
      assertThat(resource(group).path("Properties").path("RetentionInDays")).isEqualTo(ref("LogRetentionDays"));
      assertThat(resource(group).path("Properties").path("LogGroupName").path("Fn::Sub").asText())
          .as(id + " log group name").startsWith("/aws/lambda/").contains(id);
      assertThat(used.add(group)).as(group + " is shared").isTrue();
    });
    assertThat(resourcesOfType(LOG_GROUP).keySet()).containsExactlyInAnyOrderElementsOf(used);
  }

  @Test
  void everyReferenceResolvesEveryParameterIsUsedAndNoResourcesDependOnEachOther() {
    Set<String> parameters = new TreeSet<>();
    TEMPLATE.path("Parameters").fieldNames().forEachRemaining(parameters::add);
    Set<String> resources = new TreeSet<>();
    TEMPLATE.path("Resources").fieldNames().forEachRemaining(resources::add);
    assertThat(parameters).doesNotContainAnyElementsOf(resources);

    Set<String> referenced = new TreeSet<>();
    Map<String, Set<String>> dependencies = new TreeMap<>();
    Set<String> globalsReferences = new TreeSet<>();
    references(TEMPLATE.path("Globals"), globalsReferences::add);
    referenced.addAll(globalsReferences);
    TEMPLATE.path("Resources").fields().forEachRemaining(field -> {
      Set<String> names = new TreeSet<>();
      references(field.getValue(), names::add);
      field.getValue().path("DependsOn").forEach(d -> names.add(d.asText()));
      if (field.getValue().path("DependsOn").isTextual()) {
        names.add(field.getValue().path("DependsOn").asText());
      }
      if (field.getValue().path("Type").asText().equals(FUNCTION)) {
        names.addAll(globalsReferences);
      }
      referenced.addAll(names);
      dependencies.put(field.getKey(), names.stream().filter(resources::contains).collect(Collectors.toSet()));
    });
    references(TEMPLATE.path("Outputs"), referenced::add);

    Set<String> known = new TreeSet<>(parameters);
    known.addAll(resources);
    known.addAll(PSEUDO_PARAMETERS);
    assertThat(referenced).as("references that resolve to nothing").isSubsetOf(known);
    assertThat(parameters).as("parameters nothing uses").isSubsetOf(referenced);
    assertThat(cycle(dependencies)).as("a dependency cycle").isEmpty();

    TEMPLATE.path("Parameters").fields().forEachRemaining(field -> {
      JsonNode parameter = field.getValue();
      String value = parameter.has("Default") ? parameter.get("Default").asText() : SAMPLE_PARAMETERS.get(field.getKey());
      assertThat(value).as("a sample value for parameter " + field.getKey()).isNotNull();
      if (parameter.has("AllowedPattern")) {
        assertThat(value).as(field.getKey()).matches(parameter.get("AllowedPattern").asText());
      }
      assertThat(value.length()).as(field.getKey()).isGreaterThanOrEqualTo(parameter.path("MinLength").asInt(0));
    });
  }

  @Test
  void outputsNameTheApiUrlAndTheTable() {
    JsonNode outputs = TEMPLATE.path("Outputs");
    assertThat(outputs.path("TableName").path("Value")).isEqualTo(ref(onlyResourceOfType(TABLE)));
    assertThat(outputs.path("ApiUrl").path("Value").path("Fn::Sub").asText())
        .startsWith("https://${" + onlyResourceOfType(HTTP_API) + "}.execute-api.");
  }

  // ------------------------------------------------------------------ sample events

  @Test
  void everyFunctionHasOneSampleEventAndEverySampleAFunction() throws IOException {
    try (Stream<Path> files = Files.list(EVENTS)) {
      List<String> names = files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted()
          .toList();
      assertThat(names).allMatch(name -> name.endsWith(".json"));
      assertThat(names.stream().map(n -> n.substring(0, n.length() - ".json".length())).toList())
          .containsExactlyInAnyOrderElementsOf(catalogIds());
    }
  }

  static Stream<String> routedFunctions() {
    return DeployedFunctions.all().stream().filter(e -> e.route().isPresent()).map(DeployedFunctions.Entry::logicalId);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routedFunctions")
  void routeSampleIsAPayload20EventOfItsRoute(String logicalId) throws IOException {
    DeployedFunctions.Entry entry = DeployedFunctions.byLogicalId(logicalId).orElseThrow();
    Route route = entry.route().get();
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(sample(entry.logicalId()).toString());
    JsonNode json = sampleJson(entry.logicalId());

    assertThat(event.getVersion()).isEqualTo("2.0");
    assertThat(event.getRouteKey()).isEqualTo(route.routeKey());
    assertThat(event.getRequestContext().getRouteKey()).isEqualTo(route.routeKey());
    assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo(route.method());
    assertThat(event.getRequestContext().getHttp().getPath()).isEqualTo(event.getRawPath());
    assertThat(event.getRequestContext().getRequestId()).isNotBlank();
    assertThat(event.getRequestContext().getStage()).isEqualTo("$default");
    assertThat(event.getIsBase64Encoded()).isFalse();

    Optional<HttpApiGateway.RouteMatch> match = LocalApiGateway.ROUTING.match(route.method(), event.getRawPath());
    assertThat(match).as("the route of " + event.getRawPath()).isPresent();
    assertThat(match.get().function().logicalId()).isEqualTo(entry.logicalId());
    Map<String, String> pathParameters = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
    assertThat(pathParameters).isEqualTo(match.get().pathParameters());
    if (pathParameters.containsKey("orgId")) {
      assertThat(pathParameters.get("orgId")).matches(ORGANISATION_ID);
    }
    if (pathParameters.containsKey("invitationId")) {
      assertThat(Ids.addressKeyOf(pathParameters.get("invitationId"))).as("an invitation id").isPresent();
    }
    assertThat(query(event.getRawQueryString()))
        .isEqualTo(event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters());

    assertThat(event.getHeaders().keySet()).allMatch(name -> name.equals(name.toLowerCase(java.util.Locale.ROOT)));
    assertThat(event.getHeaders().get("authorization")).startsWith("Bearer ");
    if (event.getBody() != null) {
      assertThat(event.getHeaders().get("content-type")).isEqualTo("application/json");
      assertThat(Json.read(event.getBody()).isObject()).as("the body is a JSON object").isTrue();
    }
    Principal principal = PrincipalContext.fromContext(json.at("/requestContext/authorizer/lambda"));
    assertThat(principal).isInstanceOf(Principal.User.class);
    assertThat(principal.id()).startsWith("usr_");
    assertThat(event.getRequestContext().getAuthorizer().getLambda()).containsKeys("principalId", "principalType");
  }

  @Test
  void authorizerSampleIsARequestAuthorizerEventOfARoute() {
    APIGatewayV2CustomAuthorizerEvent event =
        EventLoader.loadAPIGatewayV2CustomAuthorizerEvent(sample(authorizerId()).toString());
    assertThat(event.getVersion()).isEqualTo("2.0");
    assertThat(event.getType()).isEqualTo("REQUEST");
    assertThat(event.getIdentitySource()).containsExactly(event.getHeaders().get("authorization"));
    assertThat(event.getHeaders().get("authorization")).startsWith("Bearer ");
    String method = event.getRequestContext().getHttp().getMethod();
    Optional<HttpApiGateway.RouteMatch> match = LocalApiGateway.ROUTING.match(method, event.getRawPath());
    assertThat(match).as("a route for " + method + " " + event.getRawPath()).isPresent();
    assertThat(event.getRouteKey()).isEqualTo(match.get().route().key());
    assertThat(event.getRouteArn())
        .matches("arn:aws:execute-api:[a-z0-9-]+:\\d{12}:\\w+/[^/]+/" + Pattern.quote(method + event.getRawPath()));
    assertThat(event.getPathParameters()).isEqualTo(match.get().pathParameters());
  }

  @Test
  void scheduleSampleIsAnEventBridgeScheduledEvent() {
    for (String logicalId : SCHEDULED.keySet()) {
      ScheduledEvent event = EventLoader.loadScheduledEvent(sample(logicalId).toString());
      assertThat(event.getSource()).isEqualTo("aws.events");
      assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
      assertThat(event.getTime()).as("time").isNotNull();
      assertThat(event.getResources()).singleElement().asString().startsWith("arn:aws:events:");
    }
  }

  // ------------------------------------------------------------------ sample events through the functions

  @Test
  void scheduleSampleRunsThroughTheReminderJob() throws IOException {
    JsonNode report = Json.read(Invocations.API.gateway.invoke("InviteReminderFunction",
        Files.readAllBytes(sample("InviteReminderFunction"))));
    assertThat(report.path("finished").asBoolean()).as(report.toString()).isTrue();
    assertThat(report.path("reminded").isInt()).as(report.toString()).isTrue();
  }

  @Test
  void directInvocationSamplesOfTheCheckFunctionAnswerDecisions() throws IOException {
    Path direct = EVENTS.resolve("direct");
    byte[] singleEvent = Files.readAllBytes(direct.resolve("CheckPermissionFunction-single.json"));
    JsonNode single = Json.read(Invocations.API.gateway.invoke("CheckPermissionFunction", singleEvent));
    OpenApiContract.get().assertDirectCheck(Json.read(singleEvent), single);
    assertThat(single.path("allowed").isBoolean()).as(single.toString()).isTrue();
    assertThat(single.path("reason").asText()).isNotBlank();
    byte[] batchEvent = Files.readAllBytes(direct.resolve("CheckPermissionFunction-batch.json"));
    JsonNode batch = Json.read(Invocations.API.gateway.invoke("CheckPermissionFunction", batchEvent));
    OpenApiContract.get().assertDirectCheck(Json.read(batchEvent), batch);
    assertThat(batch.path("results")).as(batch.toString()).hasSize(3);
    try (Stream<Path> files = Files.list(direct)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .allMatch(name -> name.startsWith("CheckPermissionFunction-") && name.endsWith(".json"));
    }
  }

  /** One API on DynamoDB Local and the SES emulator for the invocations below. */
  private static final class Invocations {
    static final Api API = new Api();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routedFunctions")
  void routeSampleRunsThroughItsFunction(String logicalId) throws IOException {
    JsonNode response = Json.read(Invocations.API.gateway.invoke(logicalId, Files.readAllBytes(sample(logicalId))));
    assertPayload20Response(logicalId, response);
    OpenApiContract.get().assertConforms(sampleJson(logicalId), response);
  }

  @Test
  void authorizerSampleRunsThroughTheAuthorizerAndItsAnswerThroughTheRoute() throws IOException {
    byte[] sample = Files.readAllBytes(sample(authorizerId()));
    // the sample's token is not signed by any key the test issuer trusts
    assertThatThrownBy(() -> Invocations.API.gateway.invoke(authorizerId(), sample))
        .isInstanceOf(AuthorizerHandler.UnauthorizedException.class);

    Api.User user = Invocations.API.user("ada");
    ObjectNode event = (ObjectNode) Json.read(sample);
    ((ObjectNode) event.get("headers")).put("authorization", user.authorization());
    event.putArray("identitySource").add(user.authorization());
    JsonNode answer = Json.read(Invocations.API.gateway.invoke(authorizerId(), Json.bytes(event)));
    assertThat(answer.path("isAuthorized").asBoolean()).isTrue();
    assertThat(answer.path("context").path("principalId").asText()).isEqualTo(user.userId());

    // what the authorizer answers is what the route's function reads
    String routeKey = event.path("routeKey").asText();
    String route = DeployedFunctions.all().stream()
        .filter(e -> e.route().map(r -> r.routeKey().equals(routeKey)).orElse(false))
        .map(DeployedFunctions.Entry::logicalId).findFirst().orElseThrow();
    ObjectNode routeEvent = (ObjectNode) sampleJson(route);
    ((ObjectNode) routeEvent.get("requestContext").get("authorizer")).set("lambda", answer.path("context"));
    JsonNode response = Json.read(Invocations.API.gateway.invoke(route, Json.bytes(routeEvent)));
    assertPayload20Response(route, response);
    OpenApiContract.get().assertConforms(routeEvent, response);
  }

  private static void assertPayload20Response(String logicalId, JsonNode response) throws IOException {
    assertThat(response.path("statusCode").isInt()).as(logicalId + ": " + response).isTrue();
    // the org of the samples does not exist, so 404 is the expected answer of most; 400, 401 and 5xx
    // would mean the sample itself was refused or broke the function
    assertThat(response.path("statusCode").asInt()).as(logicalId + ": " + response).isIn(200, 201, 204, 404);
    assertThat(response.path("headers").isObject()).as(logicalId).isTrue();
    assertThat(response.path("isBase64Encoded").asBoolean(true)).as(logicalId).isFalse();
    if (response.hasNonNull("body")) {
      assertThat(response.get("body").isTextual()).as(logicalId).isTrue();
      Json.read(response.get("body").asText());
    }
  }

  @Test
  void theYamlReaderTurnsShortFormTagsIntoLongForms() throws IOException {
    Path file = Files.createTempFile("template", ".yaml");
    try {
      Files.writeString(file, "A: !Ref Table\nB: !GetAtt Fn.Arn\nC: !Sub 'x-${AWS::Region}'\n"
          + "D: !Join ['', [a, !Ref B]]\nE: plain\nF: 2.0\nG: '!Ref quoted'\n");
      JsonNode node = CloudFormationYaml.read(file);
      assertThat(node.get("A")).isEqualTo(ref("Table"));
      assertThat(node.get("B")).isEqualTo(getAtt("Fn", "Arn"));
      assertThat(node.get("C")).isEqualTo(sub("x-${AWS::Region}"));
      assertThat(node.at("/D/Fn::Join/1/1")).isEqualTo(ref("B"));
      assertThat(node.get("E").asText()).isEqualTo("plain");
      assertThat(node.get("F").isNumber()).isTrue();
      assertThat(node.get("G").asText()).isEqualTo("!Ref quoted");
      Files.writeString(file, "A: !Reff Table\n");
      assertThatThrownBy(() -> CloudFormationYaml.read(file)).hasMessageContaining("!Reff");
      Files.writeString(file, "A: 1\nA: 2\n");
      assertThatThrownBy(() -> CloudFormationYaml.read(file)).hasMessageContaining("duplicate key A");
    } finally {
      Files.delete(file);
    }
  }


  // ------------------------------------------------------------------ helpers: the template

  private static List<String> catalogIds() {
    return DeployedFunctions.all().stream().map(DeployedFunctions.Entry::logicalId).toList();
  }

  private static String authorizerId() {
    return DeployedFunctions.all().stream().filter(e -> e.handlerClass() == AuthorizerHandler.class)
        .map(DeployedFunctions.Entry::logicalId).findFirst().orElseThrow();
  }

  private static JsonNode resource(String logicalId) {
    JsonNode resource = TEMPLATE.path("Resources").path(logicalId);
    assertThat(resource.isObject()).as("resource " + logicalId).isTrue();
    return resource;
  }

  private static JsonNode function(String logicalId) {
    JsonNode function = resource(logicalId);
    assertThat(function.path("Type").asText()).as(logicalId).isEqualTo(FUNCTION);
    return function;
  }

  private static JsonNode parameter(String name) {
    JsonNode parameter = TEMPLATE.path("Parameters").path(name);
    assertThat(parameter.isObject()).as("parameter " + name).isTrue();
    return parameter;
  }

  /** A function's property as SAM sees it: its own, else the one from Globals. */
  private static JsonNode functionProperty(String logicalId, String name) {
    JsonNode own = function(logicalId).path("Properties").path(name);
    return own.isMissingNode() ? TEMPLATE.path("Globals").path("Function").path(name) : own;
  }

  private static Map<String, JsonNode> globalVariables() {
    Map<String, JsonNode> variables = new TreeMap<>();
    TEMPLATE.path("Globals").path("Function").path("Environment").path("Variables").fields()
        .forEachRemaining(f -> variables.put(f.getKey(), f.getValue()));
    return variables;
  }

  private static Map<String, JsonNode> resourcesOfType(String type) {
    Map<String, JsonNode> resources = new LinkedHashMap<>();
    TEMPLATE.path("Resources").fields().forEachRemaining(f -> {
      if (f.getValue().path("Type").asText().equals(type)) {
        resources.put(f.getKey(), f.getValue());
      }
    });
    return resources;
  }

  private static String onlyResourceOfType(String type) {
    Set<String> ids = resourcesOfType(type).keySet();
    assertThat(ids).as("resources of type " + type).hasSize(1);
    return ids.iterator().next();
  }

  private static List<String> texts(JsonNode node) {
    List<String> texts = new ArrayList<>();
    if (node.isTextual()) {
      texts.add(node.asText());
    }
    node.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static String keySchema(JsonNode schema) {
    List<String> keys = new ArrayList<>();
    schema.forEach(k -> keys.add(k.path("AttributeName").asText() + ":" + k.path("KeyType").asText()));
    return keys.toString();
  }

  private static String keySchema(List<KeySchemaElement> schema) {
    return schema.stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList().toString();
  }

  private static ObjectNode ref(String name) {
    return JsonNodeFactory.instance.objectNode().put("Ref", name);
  }

  private static ObjectNode sub(String text) {
    return JsonNodeFactory.instance.objectNode().put("Fn::Sub", text);
  }

  private static ObjectNode getAtt(String resource, String attribute) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.putArray("Fn::GetAtt").add(resource).add(attribute);
    return node;
  }

  /** The value a variable has once deployed, with sample parameter values and a generated secret. */
  private static String resolve(JsonNode value, Random random) {
    if (value.isValueNode()) {
      return value.asText();
    }
    if (value.has("Ref")) {
      String name = value.get("Ref").asText();
      JsonNode parameter = TEMPLATE.path("Parameters").path(name);
      if (parameter.isObject()) {
        return parameter.has("Default") ? parameter.get("Default").asText() : SAMPLE_PARAMETERS.get(name);
      }
      resource(name);
      return "users-and-roles-" + name + "-1A2B3C4D5E6F";
    }
    Matcher secret = SECRET_REFERENCE.matcher(value.path("Fn::Sub").asText());
    if (secret.matches()) {
      JsonNode resource = resource(secret.group(1));
      assertThat(resource.path("Type").asText()).isEqualTo(SECRET);
      return generatedSecret(resource.path("Properties").path("GenerateSecretString"), random);
    }
    throw new AssertionError("no deployed value known for " + value);
  }

  /** A password as Secrets Manager's GenerateSecretString draws it: same length, same alphabet. */
  private static String generatedSecret(JsonNode settings, Random random) {
    StringBuilder alphabet = new StringBuilder();
    if (!settings.path("ExcludeLowercase").asBoolean(false)) {
      alphabet.append("abcdefghijklmnopqrstuvwxyz");
    }
    if (!settings.path("ExcludeUppercase").asBoolean(false)) {
      alphabet.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    }
    if (!settings.path("ExcludeNumbers").asBoolean(false)) {
      alphabet.append("0123456789");
    }
    if (!settings.path("ExcludePunctuation").asBoolean(false)) {
      alphabet.append("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
    }
    if (settings.path("IncludeSpace").asBoolean(false)) {
      alphabet.append(' ');
    }
    String excluded = settings.path("ExcludeCharacters").asText("");
    String characters = alphabet.chars().filter(c -> excluded.indexOf(c) < 0)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    int length = settings.path("PasswordLength").asInt(32);
    StringBuilder password = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      password.append(characters.charAt(random.nextInt(characters.length())));
    }
    return password.toString();
  }

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

  /** Every name that a Ref, Fn::GetAtt or Fn::Sub under {@code node} refers to. */
  private static void references(JsonNode node, Consumer<String> names) {
    if (node.isObject()) {
      if (node.size() == 1 && node.has("Ref")) {
        // SAM's resource references: Function.Alias / Function.Version name the function's
        // AutoPublishAlias alias and version, which SAM generates from the function itself
        names.accept(node.get("Ref").asText().replaceFirst("\\.(Alias|Version)$", ""));
        return;
      }
      if (node.size() == 1 && node.has("Fn::GetAtt")) {
        JsonNode target = node.get("Fn::GetAtt");
        names.accept(target.isArray() ? target.get(0).asText() : target.asText().split("\\.")[0]);
        return;
      }
      if (node.size() == 1 && node.has("Fn::Sub")) {
        JsonNode sub = node.get("Fn::Sub");
        String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
        Set<String> local = new HashSet<>();
        if (sub.isArray()) {
          sub.get(1).fieldNames().forEachRemaining(local::add);
          sub.get(1).forEach(v -> references(v, names));
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        while (matcher.find()) {
          String name = matcher.group(1).trim();
          name = name.startsWith("AWS::") ? name : name.split("\\.")[0];
          if (!local.contains(name)) {
            names.accept(name);
          }
        }
        return;
      }
    }
    node.forEach(child -> references(child, names));
  }

  /** A dependency cycle among resources, or an empty list. */
  private static List<String> cycle(Map<String, Set<String>> dependencies) {
    Map<String, Integer> state = new HashMap<>();
    for (String start : dependencies.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      List<String> found = visit(start, dependencies, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> visit(String node, Map<String, Set<String>> dependencies, Map<String, Integer> state,
      Deque<String> path) {
    Integer seen = state.get(node);
    if (seen != null && seen == 2) {
      return List.of();
    }
    if (seen != null && seen == 1) {
      List<String> cycle = new ArrayList<>(path);
      cycle.add(node);
      return cycle;
    }
    state.put(node, 1);
    path.addLast(node);
    for (String next : dependencies.getOrDefault(node, Set.of())) {
      List<String> found = visit(next, dependencies, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.removeLast();
    state.put(node, 2);
    return List.of();
  }

  // ------------------------------------------------------------------ helpers: files

  private static Path repositoryRoot() {
    String configured = System.getProperty("usersroles.repoRoot");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("template.yaml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no template.yaml at or above " + start);
  }

  private static Path sample(String logicalId) {
    return EVENTS.resolve(logicalId + ".json").toAbsolutePath();
  }

  private static JsonNode sampleJson(String logicalId) {
    try {
      return Json.read(java.nio.file.Files.readAllBytes(sample(logicalId)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      query.merge(name, value, (a, b) -> a + "," + b);
    }
    return query;
  }

  /** An environment that notes every variable Settings asks for. */
  private static final class RecordingEnvironment extends AbstractMap<String, String> {
    private final Map<String, String> values;
    final Set<String> read = new TreeSet<>();

    RecordingEnvironment(Map<String, String> values) {
      this.values = values;
    }

    @Override
    public String get(Object key) {
      read.add((String) key);
      return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      read.add((String) key);
      return values.containsKey(key);
    }

    @Override
    public String getOrDefault(Object key, String defaultValue) {
      read.add((String) key);
      return values.getOrDefault(key, defaultValue);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      return values.entrySet();
    }
  }

  /**
   * Reads a CloudFormation YAML template into the JSON form of the same template: short-form
   * intrinsic tags ({@code !Ref x}, {@code !GetAtt a.b}, {@code !Sub ...}) become their long forms
   * ({@code {"Ref": "x"}}, {@code {"Fn::GetAtt": ["a", "b"]}}, {@code {"Fn::Sub": ...}}). Unknown
   * tags and duplicate keys are errors, as they are for CloudFormation.
   */
  static final class CloudFormationYaml {
    private static final Set<String> FUNCTIONS = Set.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
        "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
        "ForEach", "Length", "ToJsonString");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CloudFormationYaml() {}

    static JsonNode read(Path file) {
      try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
        if (parser.nextToken() == null) {
          throw new IllegalArgumentException(file + " is empty");
        }
        JsonNode template = value(parser);
        if (parser.nextToken() != null) {
          throw new IllegalArgumentException(file + " holds more than one YAML document");
        }
        return template;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static JsonNode value(YAMLParser parser) throws IOException {
      String tag = parser.getTypeId();
      JsonToken token = parser.currentToken();
      JsonNode node;
      switch (token) {
        case START_OBJECT -> {
          ObjectNode object = NODES.objectNode();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (object.replace(name, value(parser)) != null) {
              throw new IllegalArgumentException("duplicate key " + name + " at " + parser.currentLocation());
            }
          }
          node = object;
        }
        case START_ARRAY -> {
          ArrayNode array = NODES.arrayNode();
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(value(parser));
          }
          node = array;
        }
        case VALUE_STRING -> node = NODES.textNode(parser.getText());
        case VALUE_NUMBER_INT -> node = parser.getNumberType() == com.fasterxml.jackson.core.JsonParser.NumberType.INT
            ? NODES.numberNode(parser.getIntValue()) : NODES.numberNode(parser.getBigIntegerValue());
        case VALUE_NUMBER_FLOAT -> node = NODES.numberNode(parser.getDecimalValue());
        case VALUE_TRUE, VALUE_FALSE -> node = NODES.booleanNode(token == JsonToken.VALUE_TRUE);
        case VALUE_NULL -> node = NODES.nullNode();
        default -> throw new IllegalArgumentException("unexpected " + token + " at " + parser.currentLocation());
      }
      return intrinsic(tag, node, parser);
    }

    private static JsonNode intrinsic(String tag, JsonNode node, YAMLParser parser) {
      if (tag == null || tag.startsWith("tag:yaml.org,2002:")) {
        return node;
      }
      ObjectNode function = NODES.objectNode();
      if (tag.equals("Ref") || tag.equals("Condition")) {
        return function.set(tag, node);
      }
      if (!FUNCTIONS.contains(tag)) {
        throw new IllegalArgumentException("unknown tag !" + tag + " near " + parser.currentLocation());
      }
      if (tag.equals("GetAtt") && node.isTextual()) {
        String text = node.asText();
        int dot = text.indexOf('.');
        if (dot < 1) {
          throw new IllegalArgumentException("!GetAtt " + text + " names no attribute");
        }
        node = NODES.arrayNode().add(text.substring(0, dot)).add(text.substring(dot + 1));
      }
      return function.set("Fn::" + tag, node);
    }
  }
}
