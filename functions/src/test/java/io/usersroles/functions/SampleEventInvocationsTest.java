package io.usersroles.functions;

import static io.usersroles.functions.TemplateYaml.EVENTS;
import static io.usersroles.functions.TemplateYaml.authorizerId;
import static io.usersroles.functions.TemplateYaml.sample;
import static io.usersroles.functions.TemplateYaml.sampleJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.functions.auth.AuthorizerHandler;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.functions.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample events in events/ run through their functions on DynamoDB Local and the SES emulator. */
class SampleEventInvocationsTest {
  /** One API on DynamoDB Local and the SES emulator for the invocations below. */
  private static final class Invocations {
    static final Api API = new Api();
  }

  @Test
  void scheduleSampleRunsThroughTheReminderJob() throws IOException {
    JsonNode report = Json.read(Invocations.API.gateway.invoke("InviteReminderFunction",
        Files.readAllBytes(sample("InviteReminderFunction"))));
    assertThat(report.path("finished").asBoolean()).as(report.toString()).isTrue();
    assertThat(report.path("reminded").isInt()).as(report.toString()).isTrue();
  }

  @Test
  void emailFeedbackSampleRunsThroughItsFunction() throws IOException {
    // the sample's invitation is in no org of this table: the report is dropped, and said to be
    JsonNode answer = Json.read(Invocations.API.gateway.invoke("EmailFeedbackFunction",
        Files.readAllBytes(sample("EmailFeedbackFunction"))));
    assertThat(answer.path("outcome").asText()).as(answer.toString()).isEqualTo("not-open");
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.usersroles.functions.TemplateYaml#routedFunctions")
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
}
