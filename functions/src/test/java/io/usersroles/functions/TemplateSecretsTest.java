package io.usersroles.functions;

import static io.usersroles.functions.TemplateYaml.SECRET;
import static io.usersroles.functions.TemplateYaml.TEMPLATE;
import static io.usersroles.functions.TemplateYaml.catalogIds;
import static io.usersroles.functions.TemplateYaml.function;
import static io.usersroles.functions.TemplateYaml.resourcesOfType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No secret is ever the value of an environment variable or of a template output: functions get the
 * server secret's ARN and read it themselves (ServerSecret); nothing resolves a secret at deploy time.
 */
class TemplateSecretsTest {
  /** Dynamic references that put a secret's value into the template. */
  private static final List<String> SECRET_REFERENCES = List.of("{{resolve:secretsmanager", "{{resolve:ssm-secure");

  @Test
  void noEnvironmentValueOrOutputHoldsASecret() {
    Set<String> secrets = resourcesOfType(SECRET).keySet();
    assertThat(secrets).as("the server secret").isNotEmpty();
    List<JsonNode> environments = new ArrayList<>();
    environments.add(TEMPLATE.path("Globals").path("Function").path("Environment").path("Variables"));
    for (String id : catalogIds()) {
      environments.add(function(id).path("Properties").path("Environment").path("Variables"));
    }
    for (JsonNode variables : environments) {
      for (Map.Entry<String, JsonNode> variable : (Iterable<Map.Entry<String, JsonNode>>) variables::fields) {
        String value = variable.getValue().toString();
        assertThat(value).as(variable.getKey()).doesNotContain(SECRET_REFERENCES);
        for (String secret : secrets) {
          if (value.contains(secret)) {
            // only the ARN, which is what Ref gives for a secret
            assertThat(variable.getValue()).as(variable.getKey()).isEqualTo(TemplateYaml.ref(secret));
            assertThat(variable.getKey()).endsWith("_ARN");
          }
        }
      }
    }
    Iterable<Map.Entry<String, JsonNode>> outputs = TEMPLATE.path("Outputs")::fields;
    for (Map.Entry<String, JsonNode> output : outputs) {
      String value = output.getValue().toString();
      assertThat(value).as("output " + output.getKey()).doesNotContain(SECRET_REFERENCES);
      assertThat(secrets).as("output " + output.getKey()).noneMatch(value::contains);
    }
  }

  @Test
  void nothingInTheTemplateResolvesASecretAtDeployTime() {
    assertThat(TEMPLATE.toString()).doesNotContain(SECRET_REFERENCES);
  }

  @Test
  void onlyTheServerSecretArnVariableNamesTheSecret() {
    JsonNode variables = TEMPLATE.path("Globals").path("Function").path("Environment").path("Variables");
    assertThat(variables.has("SERVER_SECRET")).as("no plaintext SERVER_SECRET").isFalse();
    assertThat(variables.path("SERVER_SECRET_ARN").path("Ref").asText()).isIn(resourcesOfType(SECRET).keySet());
  }
}
