package io.usersroles.functions;

import static io.usersroles.functions.TemplateYaml.FUNCTION;
import static io.usersroles.functions.TemplateYaml.LAMBDA_FUNCTION;
import static io.usersroles.functions.TemplateYaml.HTTP_API;
import static io.usersroles.functions.TemplateYaml.ROOT;
import static io.usersroles.functions.TemplateYaml.TEMPLATE;
import static io.usersroles.functions.TemplateYaml.functionProperty;
import static io.usersroles.functions.TemplateYaml.onlyResourceOfType;
import static io.usersroles.functions.TemplateYaml.parameter;
import static io.usersroles.functions.TemplateYaml.ref;
import static io.usersroles.functions.TemplateYaml.resource;
import static io.usersroles.functions.TemplateYaml.resourcesOfType;
import static io.usersroles.functions.TemplateYaml.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.deployment.DeployedFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** template.yaml's Globals (runtime, jar, SnapStart behind the alias, timeouts) and each function's logs. */
class TemplateRuntimeTest {
  private static final String LOG_GROUP = "AWS::Logs::LogGroup";
  private static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
      545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

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
  void everyFunctionLogsJsonToItsOwnLogGroupWithTheConfiguredRetention() {
    JsonNode retention = parameter("LogRetentionDays");
    Set<Integer> allowed = new TreeSet<>();
    retention.path("AllowedValues").forEach(v -> allowed.add(v.asInt()));
    assertThat(allowed).isEqualTo(new TreeSet<>(LOG_RETENTION_DAYS));
    assertThat(retention.path("Default").asInt()).isEqualTo(30);

    Set<String> used = new HashSet<>();
    // the Java functions, and the console's deployment helper (a plain Lambda function: TemplateConsoleTest)
    Map<String, JsonNode> functions = new LinkedHashMap<>(resourcesOfType(FUNCTION));
    functions.putAll(resourcesOfType(LAMBDA_FUNCTION));
    functions.forEach((id, function) -> {
      JsonNode logging = function.path("Properties").path("LoggingConfig");
      assertThat(logging.path("LogFormat").asText()).as(id).isEqualTo("JSON");
      String group = logging.path("LogGroup").path("Ref").asText();
      assertThat(resource(group).path("Type").asText()).as(id + " log group").isEqualTo(LOG_GROUP);
      assertThat(resource(group).path("Properties").path("RetentionInDays")).isEqualTo(ref("LogRetentionDays"));
      assertThat(resource(group).path("Properties").path("LogGroupName").path("Fn::Sub").asText())
          .as(id + " log group name").startsWith("/aws/lambda/").contains(id);
      assertThat(used.add(group)).as(group + " is shared").isTrue();
    });
    // and the HTTP API's access log, kept as long
    JsonNode access = resource("HttpApiAccessLogGroup");
    assertThat(access.path("Properties").path("RetentionInDays")).isEqualTo(ref("LogRetentionDays"));
    used.add("HttpApiAccessLogGroup");
    assertThat(resourcesOfType(LOG_GROUP).keySet()).containsExactlyInAnyOrderElementsOf(used);
  }

  @Test
  void theHttpApiLogsEveryRequestAsJsonAndIsThrottledByParameters() throws Exception {
    JsonNode api = resource(onlyResourceOfType(HTTP_API)).path("Properties");
    JsonNode access = api.path("AccessLogSettings");
    assertThat(access.path("DestinationArn").path("Fn::GetAtt").get(0).asText()).isEqualTo("HttpApiAccessLogGroup");
    JsonNode format = io.usersroles.functions.http.Json.read(access.path("Format").asText()
        .replaceAll("\\$context\\.[A-Za-z.]+", "x"));
    assertThat(format.fieldNames()).toIterable().contains("requestId", "routeKey", "status");
    assertThat(access.path("Format").asText()).doesNotContain("header", "body", "querystring");
    JsonNode throttling = api.path("DefaultRouteSettings");
    assertThat(throttling.path("ThrottlingRateLimit")).isEqualTo(ref("ApiThrottlingRateLimit"));
    assertThat(throttling.path("ThrottlingBurstLimit")).isEqualTo(ref("ApiThrottlingBurstLimit"));
    assertThat(parameter("ApiThrottlingRateLimit").has("Default")).isTrue();
    assertThat(parameter("ApiThrottlingBurstLimit").has("Default")).isTrue();
    assertThat(api.path("CorsConfiguration").path("AllowOrigins")).containsExactly(ref("ConsoleOrigin"));
  }
}
