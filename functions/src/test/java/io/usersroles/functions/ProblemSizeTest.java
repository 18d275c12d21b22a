package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.domain.DomainException;
import io.usersroles.engines.gateway.HttpApiEvents;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.functions.deployment.Route;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.http.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Requests built to make the error answer large: a 1 MiB body of 100,000 unknown fields, a field
 * name of 40,000 control characters, a list of 70,000 unknown role ids echoed in the detail, a path
 * of 200,000 characters. Every answer is a valid problem+json (held to api/openapi.yaml) of at most
 * 64 KiB that lists at most 20 field errors, on every route that reads a body, on the direct
 * invocation of CheckPermissionFunction, and where the gateway answers by itself.
 */
class ProblemSizeTest {
  private static final OrgFixture FIXTURE = new OrgFixture();
  private static final Map<String, Map<String, AttributeValue>> ITEMS = FIXTURE.items();
  /** The product's promise: a problem+json answer is at most 64 KiB whatever the input. */
  private static final int MAX_PROBLEM_BYTES = 64 * 1024;
  /** A field name JSON writes as 6 bytes per character, the most any character can take. */
  private static final String CONTROL_NAME = "\\u0001".repeat(40_000);

  private final OrgFixture f = FIXTURE;

  /** A raw answer: status, headers, the body as sent. */
  private record Answer(int status, Map<String, String> headers, String body) {
    JsonNode json() {
      try {
        return Json.read(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body.substring(0, Math.min(200, body.length())), e);
      }
    }

    int bytes() {
      return body.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String toString() {
      return status + " of " + bytes() + " bytes: " + body.substring(0, Math.min(300, body.length()));
    }
  }

  @Test
  void aMebibyteOfUnknownFieldsGetsASmallProblemThatCountsWhatItDoesNotList() {
    for (Route route : OrgFixture.routes()) {
      if (!f.takesBody(route)) {
        continue;
      }
      String body = withUnknownFields(f.validBody(route));
      assertThat(body.length()).isLessThanOrEqualTo(HttpRequest.MAX_BODY_BYTES);
      Answer answer = send(route, f.path(route), body);
      assertSmallProblem(route.routeKey(), answer, 400);
      if (!route.routeKey().equals("POST /orgs/{orgId}/check")) {
        // the check route stops at the first unknown field; every other route lists 20 and counts the rest
        assertThat(answer.json().get("errors")).as(route.routeKey()).hasSize(20);
        assertThat(answer.json().get("detail").asText()).as(route.routeKey())
            .matches(".*and \\d{5,} more errors not listed");
      }
    }
    assertThat(f.items()).isEqualTo(ITEMS);
  }

  @Test
  void aHugeUnknownFieldNameIsCutWhereverItIsEchoed() {
    for (Route route : OrgFixture.routes()) {
      if (!f.takesBody(route)) {
        continue;
      }
      String valid = f.validBody(route);
      String body = valid.substring(0, valid.length() - 1) + ",\"" + CONTROL_NAME + "\":1}";
      Answer answer = send(route, f.path(route), body);
      assertSmallProblem(route.routeKey(), answer, 400);
      assertThat(answer.json().get("errors").get(0).get("field").asText()).as(route.routeKey())
          .startsWith("\u0001").endsWith("\u2026").hasSizeLessThanOrEqualTo(100);
    }
    assertThat(f.items()).isEqualTo(ITEMS);
  }

  @Test
  void aHugeInvalidValueIsCutWhereTheDetailEchoesIt() {
    StringBuilder roles = new StringBuilder("[");
    for (int i = 0; i < 70_000; i++) {
      roles.append(i == 0 ? "" : ",").append("\"rol_").append(i).append('"');
    }
    roles.append(']');
    Route invite = route("POST /orgs/{orgId}/invitations");
    Answer answer = send(invite, f.path(invite), "{\"emails\":[\"someone.new@example.test\"],\"roles\":" + roles + "}");
    assertSmallProblem(invite.routeKey(), answer, 400);
    assertThat(answer.json().get("detail").asText()).startsWith("roles: unknown role(s): rol_0, rol_1")
        .endsWith("\u2026");

    Route edit = route("PUT /orgs/{orgId}/roles/{roleId}");
    String users = roles.toString().replace("rol_", "usr_");
    Answer editAnswer = send(edit, f.path(edit), "{\"name\":\"Auditors\",\"users\":" + users + "}");
    assertSmallProblem(edit.routeKey(), editAnswer, 400);
    assertThat(f.items()).isEqualTo(ITEMS);
  }

  @Test
  void aHugePathIsCutInTheInstance() {
    String id = "x".repeat(200_000);
    Route get = route("GET /orgs/{orgId}/roles/{roleId}");
    Answer answer = send(get, f.path(get, Map.of("roleId", id)), null);
    assertSmallProblem(get.routeKey(), answer, 404);
    assertThat(answer.json().get("instance").asText()).endsWith("\u2026");
    // no route at all: the gateway's own answer
    Answer nowhere = sendRaw("GET", "/nowhere/" + id, null);
    assertThat(nowhere.status()).isEqualTo(404);
    assertThat(nowhere.bytes()).as(nowhere.toString()).isLessThanOrEqualTo(MAX_PROBLEM_BYTES);
  }

  @Test
  void theDirectCheckAnswersASmallProblemToAHugeUnknownFieldName() throws IOException {
    for (String event : new String[] {
        "{\"orgId\":\"" + f.orgId + "\",\"action\":\"members:view\",\"" + CONTROL_NAME + "\":1}",
        "{\"orgId\":\"" + f.orgId + "\",\"action\":\"members:view\",\"principal\":{\"type\":\"user\",\"id\":\"x\",\""
            + CONTROL_NAME + "\":1}}",
        "{\"orgId\":\"" + f.orgId + "\",\"checks\":[{\"action\":\"members:view\",\"" + CONTROL_NAME + "\":1}]}"}) {
      byte[] answer = f.api.gateway.invoke("CheckPermissionFunction", event.getBytes(StandardCharsets.UTF_8));
      JsonNode problem = Json.read(answer);
      assertThat(answer.length).as(problem.toString().substring(0, 200)).isLessThanOrEqualTo(MAX_PROBLEM_BYTES);
      assertThat(problem.get("status").asInt()).isEqualTo(400);
      OpenApiContract.get().assertDirectCheck(event, problem);
    }
    assertThat(f.items()).isEqualTo(ITEMS);
  }

  @Test
  void theLargestProblemThereCanBeIsUnder64KiB() {
    // every text as long as it may be, of the character JSON writes longest (six bytes: \u0001)
    String control = "\u0001".repeat(100_000);
    List<DomainException.FieldError> errors = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      errors.add(new DomainException.FieldError(control, control));
    }
    DomainException problem = DomainException.invalidFields(errors, 1_000_000);
    byte[] body = Json.bytes(Problems.of(problem, control).body());
    assertThat(body.length).isLessThanOrEqualTo(MAX_PROBLEM_BYTES);
    assertThat(problem.fieldErrors()).hasSize(20);
    assertThat(problem.detail()).endsWith("; and 999980 more errors not listed").hasSizeLessThanOrEqualTo(1000);
    byte[] unexpected = Json.bytes(Problems.internalError(control).body());
    assertThat(unexpected.length).isLessThanOrEqualTo(MAX_PROBLEM_BYTES);
  }

  private static void assertSmallProblem(String what, Answer answer, int status) {
    assertThat(answer.status()).as(what + ": " + answer).isEqualTo(status);
    assertThat(answer.headers().get("Content-Type")).as(what).isEqualTo("application/problem+json");
    assertThat(answer.bytes()).as(what + ": " + answer).isLessThanOrEqualTo(MAX_PROBLEM_BYTES);
    JsonNode json = answer.json();
    assertThat(json.get("status").asInt()).as(what).isEqualTo(status);
    assertThat(json.path("errors").size()).as(what).isLessThanOrEqualTo(20);
  }

  /** The valid body with unknown fields added (names with control characters) until it nearly fills 1 MiB. */
  private static String withUnknownFields(String valid) {
    StringBuilder body = new StringBuilder(valid.substring(0, valid.length() - 1));
    for (int i = 0; body.length() < HttpRequest.MAX_BODY_BYTES - 40; i++) {
      body.append(",\"\\u0001").append(Integer.toString(i, 36)).append("\":0");
    }
    return body.append('}').toString();
  }

  private static Route route(String routeKey) {
    return OrgFixture.routes().stream().filter(r -> r.routeKey().equals(routeKey)).findFirst().orElseThrow();
  }

  private Answer send(Route route, String path, String body) {
    return sendRaw(route.method(), path, body);
  }

  /** Through the gateway as the owner, held to api/openapi.yaml like every exchange of the tests. */
  private Answer sendRaw(String method, String path, String body) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    headers.put("authorization", f.owner.authorization());
    HttpApiGateway.Response response = f.api.gateway.handle(new HttpApiEvents.Request(method, path, null, headers,
        body, "127.0.0.1"));
    Api.conform(method, path, null, headers, body, response);
    return new Answer(response.status(), response.headers(), response.body());
  }
}
