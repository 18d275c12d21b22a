package io.usersroles.functions;

import static io.usersroles.functions.TemplateYaml.SAMPLE_PARAMETERS;
import static io.usersroles.functions.TemplateYaml.SECRET;
import static io.usersroles.functions.TemplateYaml.TEMPLATE;
import static io.usersroles.functions.TemplateYaml.globalVariables;
import static io.usersroles.functions.TemplateYaml.parameter;
import static io.usersroles.functions.TemplateYaml.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.config.OrgLimits;
import io.usersroles.config.Settings;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** template.yaml's environment variables, parameter defaults and secret against {@link Settings}. */
class TemplateSettingsTest {
  /** Variables Lambda sets itself; a template may not set them. */
  private static final Set<String> LAMBDA_PROVIDED = Set.of("AWS_REGION");
  private static final Set<String> LAMBDA_RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
      "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
      "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
      "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");
  /** Endpoint overrides for DynamoDB Local, the SES emulator and the local EventBridge and Secrets Manager. */
  private static final Set<String> LOCAL_ONLY = Set.of("DYNAMODB_ENDPOINT", "SES_ENDPOINT", "EVENTBRIDGE_ENDPOINT",
      "SECRETS_MANAGER_ENDPOINT");
  /**
   * Variables Settings gives a default when they are missing; every other one it must refuse to miss. Without
   * SES_CONFIGURATION_SET emails name no configuration set (the local server, the benchmark); the template
   * always sets it (below).
   */
  private static final Set<String> WITH_DEFAULTS = Set.of("PRODUCT_NAME", "GROUPS_CLAIM", "INVITATION_TTL",
      "REMINDER_AFTER_DAYS", "MAX_REMINDERS", "MAX_PENDING_INVITATIONS", "MAX_CUSTOM_ROLES", "MAX_SERVICE_ACCOUNTS",
      "AUDIT_RETENTION_DAYS", "EVENT_BUS_NAME", "SES_CONFIGURATION_SET");
  /** Read by the JVM, not by Settings. */
  private static final Set<String> FOR_THE_JVM = Set.of("JAVA_TOOL_OPTIONS");

  @Test
  void theEnvironmentGivesSettingsEverythingItReadsAndNothingElse() {
    Map<String, JsonNode> variables = globalVariables();
    Map<String, String> environment = new HashMap<>();
    variables.forEach((name, value) -> environment.put(name, resolve(value)));
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
    assertThat(settings.serverSecret().arn()).contains(environment.get("SERVER_SECRET_ARN"));
    assertThat(settings.dynamoDbEndpoint()).isEmpty();
    assertThat(settings.sesEndpoint()).isEmpty();
    assertThat(settings.emailConfigurationSet()).contains(environment.get("SES_CONFIGURATION_SET"));
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
    JsonNode arn = globalVariables().get("SERVER_SECRET_ARN");
    assertThat(arn.path("Ref").isTextual()).as("SERVER_SECRET_ARN is the secret's Ref (its ARN): " + arn).isTrue();
    JsonNode secret = resource(arn.path("Ref").asText());
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

  /** The value a variable has once deployed, with sample parameter values and a generated secret. */
  private static String resolve(JsonNode value) {
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
}
