package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.usersroles.functions.auth.AuthorizerHandler;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.functions.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** template.yaml as JSON, and lookups into it and into events/, for the tests that check them against the code. */
final class TemplateYaml {
  // no SAM CLI or cfn-lint runs here, so the Template*Test and SampleEvent*Test classes check these files themselves
  static final Path ROOT = repositoryRoot();
  static final JsonNode TEMPLATE = CloudFormationYaml.read(ROOT.resolve("template.yaml"));
  static final Path EVENTS = ROOT.resolve("events");

  static final String FUNCTION = "AWS::Serverless::Function";
  /** A plain Lambda function: only the console's deployment helper, which is not Java (TemplateConsoleTest). */
  static final String LAMBDA_FUNCTION = "AWS::Lambda::Function";
  static final String HTTP_API = "AWS::Serverless::HttpApi";
  static final String TABLE = "AWS::DynamoDB::Table";
  static final String SECRET = "AWS::SecretsManager::Secret";
  /** Functions that EventBridge runs on a schedule: the parameter that holds each one's schedule. */
  static final Map<String, String> SCHEDULED = Map.of("InviteReminderFunction", "ReminderSchedule");
  /** Functions fed by the table's stream. */
  static final Set<String> STREAMED = Set.of("AuditPublisherFunction");
  /** Values for the parameters without a default, as an operator would give them. */
  static final Map<String, String> SAMPLE_PARAMETERS = Map.of(
      "SenderAddress", "invitations@acme.example",
      "SenderIdentity", "acme.example",
      "AcceptUrlBase", "https://app.acme.example/invitations/accept",
      "JwksUrl", "https://login.acme.example/.well-known/jwks.json",
      "JwtIssuer", "https://login.acme.example/",
      "JwtAudience", "users-and-roles",
      "ConsoleOidcIssuer", "https://login.acme.example/",
      "ConsoleOidcClientId", "users-and-roles-console");

  private TemplateYaml() {}

  static List<String> catalogIds() {
    return DeployedFunctions.all().stream().map(DeployedFunctions.Entry::logicalId).toList();
  }

  static String authorizerId() {
    return DeployedFunctions.all().stream().filter(e -> e.handlerClass() == AuthorizerHandler.class)
        .map(DeployedFunctions.Entry::logicalId).findFirst().orElseThrow();
  }

  static Stream<String> routedFunctions() {
    return DeployedFunctions.all().stream().filter(e -> e.route().isPresent()).map(DeployedFunctions.Entry::logicalId);
  }

  static JsonNode resource(String logicalId) {
    JsonNode resource = TEMPLATE.path("Resources").path(logicalId);
    assertThat(resource.isObject()).as("resource " + logicalId).isTrue();
    return resource;
  }

  static JsonNode function(String logicalId) {
    JsonNode function = resource(logicalId);
    assertThat(function.path("Type").asText()).as(logicalId).isEqualTo(FUNCTION);
    return function;
  }

  static JsonNode parameter(String name) {
    JsonNode parameter = TEMPLATE.path("Parameters").path(name);
    assertThat(parameter.isObject()).as("parameter " + name).isTrue();
    return parameter;
  }

  /** A function's property as SAM sees it: its own, else the one from Globals. */
  static JsonNode functionProperty(String logicalId, String name) {
    JsonNode own = function(logicalId).path("Properties").path(name);
    return own.isMissingNode() ? TEMPLATE.path("Globals").path("Function").path(name) : own;
  }

  static Map<String, JsonNode> globalVariables() {
    Map<String, JsonNode> variables = new TreeMap<>();
    TEMPLATE.path("Globals").path("Function").path("Environment").path("Variables").fields()
        .forEachRemaining(f -> variables.put(f.getKey(), f.getValue()));
    return variables;
  }

  static Map<String, JsonNode> resourcesOfType(String type) {
    Map<String, JsonNode> resources = new LinkedHashMap<>();
    TEMPLATE.path("Resources").fields().forEachRemaining(f -> {
      if (f.getValue().path("Type").asText().equals(type)) {
        resources.put(f.getKey(), f.getValue());
      }
    });
    return resources;
  }

  static String onlyResourceOfType(String type) {
    Set<String> ids = resourcesOfType(type).keySet();
    assertThat(ids).as("resources of type " + type).hasSize(1);
    return ids.iterator().next();
  }

  static List<String> texts(JsonNode node) {
    List<String> texts = new ArrayList<>();
    if (node.isTextual()) {
      texts.add(node.asText());
    }
    node.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  static ObjectNode ref(String name) {
    return JsonNodeFactory.instance.objectNode().put("Ref", name);
  }

  static ObjectNode sub(String text) {
    return JsonNodeFactory.instance.objectNode().put("Fn::Sub", text);
  }

  static Path sample(String logicalId) {
    return EVENTS.resolve(logicalId + ".json").toAbsolutePath();
  }

  static JsonNode sampleJson(String logicalId) {
    try {
      return Json.read(java.nio.file.Files.readAllBytes(sample(logicalId)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

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
