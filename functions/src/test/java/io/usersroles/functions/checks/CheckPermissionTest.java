package io.usersroles.functions.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.OpenApiContract;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /orgs/{orgId}/check and the direct invocation of CheckPermissionFunction, on DynamoDB Local. */
class CheckPermissionTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final User member = api.user("member");
  private final User accessor = api.user("accessor");
  private final String orgId = api.createOrg(owner, "Checked Co");

  CheckPermissionTest() {
    api.join(owner, orgId, member, null);
    api.join(owner, orgId, accessor, "[\"instance_accessor\"]");
  }

  private Response check(User caller, String body) {
    return api.call(caller, "POST", "/orgs/" + orgId + "/check", body);
  }

  @Test
  void aMemberChecksItselfAndTheAnswerNamesTheRole() {
    Response invite = check(owner, "{\"action\":\"members:invite\"}");
    assertThat(invite.status()).isEqualTo(200);
    assertThat(invite.json().get("allowed").asBoolean()).isTrue();
    assertThat(invite.json().get("reason").asText()).contains("owner");

    Response denied = check(member, "{\"action\":\"members:invite\"}");
    assertThat(denied.status()).isEqualTo(200);
    assertThat(denied.json().get("allowed").asBoolean()).isFalse();
    assertThat(denied.json().get("reason").asText()).contains("members:invite");

    String own = "{\"action\":\"logs:view\",\"resource\":{\"creatorId\":\"" + member.userId() + "\"}}";
    assertThat(check(member, own).json().get("allowed").asBoolean()).isTrue();
    String others = "{\"action\":\"logs:view\",\"resource\":{\"creatorId\":\"usr_someoneelse\"}}";
    assertThat(check(member, others).json().get("allowed").asBoolean()).isFalse();
    assertThat(check(accessor, others).json().get("allowed").asBoolean()).isTrue();
    String project = "{\"action\":\"documents:view-content\",\"resource\":{\"project\":\"p1\",\"path\":\"docs/a.md\"}}";
    assertThat(check(owner, project).json().get("allowed").asBoolean()).isTrue();
    assertThat(check(member, project).json().get("allowed").asBoolean()).isFalse();
  }

  @Test
  void batchesAnswerInOrderAndOneBadItemFailsTheWholeBatch() {
    Response batch = check(member, "{\"checks\":[{\"action\":\"members:view\"},{\"action\":\"members:remove\"},"
        + "{\"action\":\"projects:destructive\",\"resource\":{\"ownerId\":\"" + member.userId() + "\"}}]}");
    assertThat(batch.status()).isEqualTo(200);
    assertThat(batch.json().get("results")).extracting(r -> r.get("allowed").asBoolean())
        .containsExactly(true, false, true);

    Response bad = check(member, "{\"checks\":[{\"action\":\"members:view\"},{\"action\":\"members:fly\"}]}");
    assertProblem(bad, 400, "checks[1].action");

    StringBuilder tooMany = new StringBuilder("{\"checks\":[");
    for (int i = 0; i < 101; i++) {
      tooMany.append(i == 0 ? "" : ",").append("{\"action\":\"members:view\"}");
    }
    assertProblem(check(member, tooMany.append("]}").toString()), 400, "checks");
    assertProblem(check(member, "{\"checks\":[]}"), 400, "checks");
  }

  @Test
  void invalidChecksAreBadRequestsNeverASilentNo() {
    assertProblem(check(member, "{\"action\":\"nope:nope\"}"), 400, "action");
    assertProblem(check(member, "{}"), 400, "action");
    assertProblem(check(member, "{\"action\":\"branches:merge\"}"), 400, "resource.project");
    for (String path : List.of("", "/abs", "a//b", "a/../b", "..", "a/")) {
      assertProblem(check(member, "{\"action\":\"documents:edit-content\",\"resource\":{\"project\":\"p\",\"path\":\""
          + path + "\"}}"), 400, "resource.path");
    }
    assertProblem(check(member, "{\"action\":\"members:view\",\"extra\":1}"), 400, "extra");
    assertProblem(check(member, "{\"action\":\"members:view\",\"resource\":{\"project\":7}}"), 400, "resource.project");
    assertProblem(check(member, "not json"), 400, null);
  }

  @Test
  void aDotSegmentOrAPathOver1024CharactersIsABadRequest() {
    String longest = "docs/" + "x".repeat(1019);
    for (String path : List.of(".", "./a.md", "docs/.", "docs/./a.md", longest + "x")) {
      assertProblem(check(member, "{\"action\":\"documents:view-content\",\"resource\":{\"project\":\"p\",\"path\":\""
          + path + "\"}}"), 400, "resource.path");
    }
    Response atTheLimit = check(member, "{\"action\":\"documents:view-content\",\"resource\":{\"project\":\"p\","
        + "\"path\":\"" + longest + "\"}}");
    assertThat(atTheLimit.status()).as(atTheLimit.json().toString()).isEqualTo(200);
  }

  @Test
  void namingAnotherPrincipalNeedsPermissionsCheck() {
    String aboutMember = "{\"principal\":{\"type\":\"user\",\"id\":\"" + member.userId() + "\"},"
        + "\"action\":\"members:invite\"}";
    assertProblem(check(accessor, aboutMember), 403, null);
    Response byOwner = check(owner, aboutMember);
    assertThat(byOwner.status()).isEqualTo(200);
    assertThat(byOwner.json().get("allowed").asBoolean()).isFalse();

    Response stranger = check(owner, "{\"principal\":{\"type\":\"user\",\"id\":\"usr_notamember\",\"groups\":[\"admins\"]},"
        + "\"action\":\"members:view\"}");
    assertThat(stranger.json().get("allowed").asBoolean()).isFalse();
    assertThat(stranger.json().get("reason").asText()).contains("holds no roles");

    String self = "{\"principal\":{\"type\":\"user\",\"id\":\"" + member.userId() + "\"},\"action\":\"members:view\"}";
    assertThat(check(member, self).json().get("allowed").asBoolean()).isTrue();

    // naming yourself with groups your token does not carry is asking on behalf of someone else:
    // otherwise a member could claim a group that maps to a stronger role
    String selfWithGroups = "{\"principal\":{\"type\":\"user\",\"id\":\"" + member.userId()
        + "\",\"groups\":[\"admins\"]},\"action\":\"members:view\"}";
    assertProblem(check(member, selfWithGroups), 403, null);
  }

  @Test
  void strangersGet404AndAnonymousCallers401() {
    User stranger = api.user("stranger");
    assertProblem(check(stranger, "{\"action\":\"members:view\"}"), 404, null);
    assertProblem(check(stranger, "not json"), 404, null);
    assertProblem(check(stranger, "{\"action\":\"nope\"}"), 404, null);
    assertProblem(api.call((User) null, "POST", "/orgs/" + orgId + "/check", "{\"action\":\"members:view\"}"), 401, null);
  }

  @Test
  void oneCheckIsOneDynamoDbRequestOverHttpAndByDirectInvocation() throws IOException {
    api.dynamoDbRequests.reset();
    assertThat(check(member, "{\"action\":\"members:view\"}").json().get("allowed").asBoolean()).isTrue();
    assertThat(api.dynamoDbRequests.operations()).containsExactly("BatchGetItem");

    api.dynamoDbRequests.reset();
    JsonNode direct = invoke("{\"orgId\":\"" + orgId + "\",\"principal\":{\"type\":\"user\",\"id\":\""
        + accessor.userId() + "\"},\"action\":\"terminal:access\",\"resource\":{\"creatorId\":\"usr_x\"}}");
    assertThat(direct.get("allowed").asBoolean()).as(direct.toString()).isTrue();
    assertThat(api.dynamoDbRequests.operations()).containsExactly("BatchGetItem");

    // on behalf of others over HTTP: the caller's access read, then the named principals only
    api.dynamoDbRequests.reset();
    Response onBehalf = check(owner, "{\"checks\":[{\"principal\":{\"type\":\"user\",\"id\":\"" + member.userId()
        + "\"},\"action\":\"members:view\"},{\"principal\":{\"type\":\"user\",\"id\":\"" + accessor.userId()
        + "\"},\"action\":\"logs:view\",\"resource\":{\"creatorId\":\"usr_x\"}}]}");
    assertThat(onBehalf.json().get("results")).extracting(r -> r.get("allowed").asBoolean()).containsExactly(true, true);
    assertThat(api.dynamoDbRequests.operations()).containsExactly("BatchGetItem", "BatchGetItem");
  }

  @Test
  void directInvocationAnswersBatchesAndProblems() throws IOException {
    JsonNode batch = invoke("{\"orgId\":\"" + orgId + "\",\"checks\":["
        + "{\"principal\":{\"type\":\"user\",\"id\":\"" + owner.userId() + "\"},\"action\":\"clusters:upgrade\"},"
        + "{\"principal\":{\"type\":\"user\",\"id\":\"" + member.userId() + "\"},\"action\":\"clusters:upgrade\"},"
        + "{\"principal\":{\"type\":\"service_account\",\"id\":\"sa_unknown\"},\"action\":\"members:view\"}]}");
    assertThat(batch.get("results")).extracting(r -> r.get("allowed").asBoolean()).containsExactly(true, false, false);

    JsonNode noPrincipal = invoke("{\"orgId\":\"" + orgId + "\",\"action\":\"members:view\"}");
    assertThat(noPrincipal.get("status").asInt()).isEqualTo(400);
    assertThat(noPrincipal.get("errors").get(0).get("field").asText()).isEqualTo("principal");
    assertThat(invoke("{\"action\":\"members:view\"}").get("status").asInt()).isEqualTo(400);
    assertThat(invoke("[]").get("status").asInt()).isEqualTo(400);
    assertThat(invoke("not json {").get("status").asInt()).isEqualTo(400);
  }

  @Test
  void idsTooLongForAKeyNameNobodySoTheirChecksAreDeniedNotRefused() throws IOException {
    // a principal without roles is a 200 allowed:false; only bad checks are 400s
    String longUser = "u".repeat(1024); // the longest id a check accepts; as a key it would be too long
    api.dynamoDbRequests.reset();
    JsonNode batch = invoke("{\"orgId\":\"" + orgId + "\",\"checks\":["
        + "{\"principal\":{\"type\":\"user\",\"id\":\"" + longUser + "\"},\"action\":\"members:view\"},"
        + "{\"principal\":{\"type\":\"user\",\"id\":\"" + owner.userId() + "\"},\"action\":\"members:view\"}]}");
    assertThat(batch.get("results")).extracting(r -> r.get("allowed").asBoolean()).containsExactly(false, true);
    assertThat(batch.get("results").get(0).get("reason").asText()).contains("no roles");
    assertThat(api.dynamoDbRequests.operations()).containsExactly("BatchGetItem");

    // an organisation id too long for a key: denied without reading anything
    api.dynamoDbRequests.reset();
    JsonNode longOrg = invoke("{\"orgId\":\"" + "o".repeat(257) + "\",\"principal\":{\"type\":\"user\",\"id\":\""
        + owner.userId() + "\"},\"action\":\"members:view\"}");
    assertThat(longOrg.get("allowed").asBoolean(true)).as(longOrg.toString()).isFalse();
    assertThat(api.dynamoDbRequests.operations()).isEmpty();

    // over HTTP, on behalf of a principal whose id is too long
    Response onBehalf = check(owner, "{\"principal\":{\"type\":\"user\",\"id\":\"" + longUser
        + "\"},\"action\":\"members:view\"}");
    assertThat(onBehalf.status()).as(onBehalf.json().toString()).isEqualTo(200);
    assertThat(onBehalf.json().get("allowed").asBoolean(true)).isFalse();
  }

  private JsonNode invoke(String event) throws IOException {
    JsonNode answer = Json.read(api.gateway.invoke("CheckPermissionFunction",
        event.getBytes(StandardCharsets.UTF_8)));
    OpenApiContract.get().assertDirectCheck(event, answer);
    return answer;
  }

  private static void assertProblem(Response response, int status, String field) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    if (field != null) {
      assertThat(response.json().get("errors")).as(response.json().toString())
          .anySatisfy(error -> assertThat(error.get("field").asText()).isEqualTo(field));
    }
  }
}
