package io.usersroles.functions.users;

import static io.usersroles.functions.users.UserReadRoutesTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.access.Action;
import io.usersroles.access.BuiltInRole;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * GET /orgs/{orgId}/users/{userId}/permissions through the gateway on DynamoDB Local: the effective
 * permissions of members and service accounts (implications expanded, sorted); the roles of the
 * caller's own token groups counted for the caller only; agreement with what POST /orgs/{orgId}/check
 * answers for the same principal; and who may ask (members:view, or about oneself).
 */
class UserPermissionsTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final String orgId = api.createOrg(owner, "Acme Rockets");
  /** A member holding member and Apollo devs, whose token carries the group of Release managers. */
  private final User dev = api.user("dev", true, List.of("release", "no-such-group"));
  private final String apolloDevs;
  private final String releaseManagers;

  UserPermissionsTest() {
    apolloDevs = role("{\"name\":\"Apollo devs\",\"projects\":[\"apollo\"],\"permissions\":[\"documents:full\","
        + "\"logs:view\",\"clusters:upgrade\"],\"filePermissions\":[{\"project\":\"zeus\",\"path\":\"docs/**\","
        + "\"permissions\":[\"documents:edit-view\"]}]}");
    releaseManagers = role("{\"name\":\"Release managers\",\"idpGroups\":[\"release\"],\"allProjects\":true,"
        + "\"permissions\":[\"releases:deploy\"]}");
    api.join(owner, orgId, dev, "[\"member\",\"" + apolloDevs + "\"]");
  }

  private String role(String body) {
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/roles", body);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  private String permissions(String id) {
    return "/orgs/" + orgId + "/users/" + id + "/permissions";
  }

  private JsonNode answer(String authorization, String id) {
    Response response = api.call(authorization, "GET", permissions(id), null);
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    assertThat(response.json().get("id").asText()).isEqualTo(id);
    return response.json();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  private static List<String> sorted(Iterable<Action> actions) {
    List<String> names = new ArrayList<>();
    actions.forEach(action -> names.add(action.wireName()));
    names.sort(Comparator.naturalOrder());
    return names;
  }

  private static List<String> documentsFull() {
    return List.of("documents:edit-content", "documents:edit-view", "documents:full", "documents:view-content");
  }

  @Test
  void aMemberAskingAboutItselfSeesItsAssignedRolesAndThoseOfItsTokensGroups() {
    JsonNode own = answer(dev.authorization(), dev.userId());

    assertThat(texts(own.get("roles"))).containsExactlyElementsOf(new TreeSet<>(List.of("member", apolloDevs,
        releaseManagers)));
    Set<Action> account = BuiltInRole.MEMBER.always();
    account.add(Action.LOGS_VIEW);
    account.add(Action.CLUSTERS_UPGRADE);
    assertThat(texts(own.get("account"))).containsExactlyElementsOf(sorted(account));
    assertThat(texts(own.get("ownOnly"))).containsExactly("projects:destructive", "terminal:access");
    assertThat(texts(own.get("allProjects"))).containsExactly("releases:deploy");
    assertThat(own.get("projects").size()).isEqualTo(1);
    assertThat(texts(own.get("projects").get("apollo"))).containsExactlyElementsOf(documentsFull());
    assertThat(own.get("files")).hasSize(1);
    assertThat(own.at("/files/0/project").asText()).isEqualTo("zeus");
    assertThat(own.at("/files/0/path").asText()).isEqualTo("docs/**");
    assertThat(texts(own.at("/files/0/permissions"))).containsExactly("documents:edit-view",
        "documents:view-content");
  }

  @Test
  void anotherMembersAnswerCoversItsAssignedRolesOnlyForItsGroupsAreNotKnown() {
    JsonNode own = answer(dev.authorization(), dev.userId());
    JsonNode seen = answer(owner.authorization(), dev.userId());

    assertThat(texts(seen.get("roles"))).containsExactlyElementsOf(new TreeSet<>(List.of("member", apolloDevs)));
    assertThat(seen.get("allProjects")).isEmpty();
    // the rest is what the member itself sees
    ObjectNode withoutGroups = own.deepCopy();
    withoutGroups.set("roles", seen.get("roles"));
    withoutGroups.set("allProjects", seen.get("allProjects"));
    assertThat(seen).isEqualTo(withoutGroups);
  }

  @Test
  void theOwnerHoldsEverythingEverywhere() {
    JsonNode own = answer(owner.authorization(), owner.userId());
    assertThat(texts(own.get("roles"))).containsExactly("owner");
    assertThat(texts(own.get("account"))).containsExactlyElementsOf(sorted(level(Action.Level.ACCOUNT)));
    assertThat(texts(own.get("allProjects"))).containsExactlyElementsOf(sorted(level(Action.Level.PROJECT)));
    assertThat(own.get("projects").size()).isZero();
    assertThat(own.get("files")).isEmpty();
    assertThat(own.get("ownOnly")).isEmpty();
    assertThat(answer(dev.authorization(), owner.userId())).isEqualTo(own); // dev holds members:view
  }

  @Test
  void serviceAccountsHaveEffectivePermissionsToo() {
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts",
        "{\"name\":\"apollo bot\",\"roles\":[\"" + apolloDevs + "\"]}");
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    String id = created.json().get("id").asText();
    String secret = "Bearer " + created.json().get("secret").asText();

    JsonNode seen = answer(owner.authorization(), id);
    assertThat(texts(seen.get("roles"))).containsExactly(apolloDevs);
    assertThat(texts(seen.get("account"))).containsExactly("clusters:upgrade", "logs:view");
    assertThat(seen.get("ownOnly")).isEmpty();
    assertThat(texts(seen.get("projects").get("apollo"))).containsExactlyElementsOf(documentsFull());
    // an account asks about itself without members:view (Apollo devs does not grant it)
    assertThat(answer(secret, id)).isEqualTo(seen);
    assertProblem(api.call(secret, "GET", permissions(dev.userId()), null), 403);
    assertAgreesWithChecks(owner, seen, "{\"type\":\"service_account\",\"id\":\"" + id + "\"}", id);
  }

  @Test
  void theAnswerAllowsExactlyWhatChecksForTheSamePrincipalAllow() {
    // the owner holds permissions:check: it asks about dev by id, without groups
    assertAgreesWithChecks(owner, answer(owner.authorization(), dev.userId()),
        "{\"type\":\"user\",\"id\":\"" + dev.userId() + "\"}", dev.userId());
    // dev asks about itself: its own checks count its token's groups, as its own answer does
    assertAgreesWithChecks(dev, answer(dev.authorization(), dev.userId()), null, dev.userId());
  }

  @Test
  void aChangeOfRolesIsSeenAtOnce() {
    assertThat(answer(owner.authorization(), dev.userId()).get("projects").has("apollo")).isTrue();
    assertThat(api.call(owner, "PUT", "/orgs/" + orgId + "/users/" + dev.userId() + "/roles",
        "{\"roles\":[\"member\"]}").status()).isEqualTo(200);
    JsonNode seen = answer(owner.authorization(), dev.userId());
    assertThat(texts(seen.get("roles"))).containsExactly("member");
    assertThat(seen.get("projects").size()).isZero();
    assertThat(seen.get("files")).isEmpty();
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/roles/" + releaseManagers).status()).isEqualTo(204);
    assertThat(texts(answer(dev.authorization(), dev.userId()).get("roles"))).containsExactly("member");
  }

  @Test
  void whoMayAsk() {
    User powerless = api.user("powerless");
    api.join(owner, orgId, powerless, null);
    assertThat(api.call(owner, "PUT", "/orgs/" + orgId + "/users/" + powerless.userId() + "/roles",
        "{\"roles\":[]}").status()).isEqualTo(200);

    JsonNode nothing = answer(powerless.authorization(), powerless.userId());
    assertThat(nothing.get("roles")).isEmpty();
    assertThat(nothing.get("account")).isEmpty();
    assertThat(nothing.get("ownOnly")).isEmpty();
    for (String id : List.of(dev.userId(), owner.userId(), "usr_nobody")) {
      assertProblem(api.call(powerless, "GET", permissions(id)), 403);
    }

    String invitationId = api.invite(owner, orgId, null, api.user("pending")).json().at("/results/0/invitationId")
        .asText();
    for (String id : List.of("usr_nobody", invitationId, "x".repeat(257))) {
      assertProblem(api.call(owner, "GET", permissions(id)), 404);
    }
    User stranger = api.user("stranger");
    api.createOrg(stranger, "Next Door");
    assertProblem(api.call(stranger, "GET", permissions(dev.userId())), 404);
    assertProblem(api.call(stranger, "GET", permissions(stranger.userId())), 404);
    assertProblem(api.call((User) null, "GET", permissions(dev.userId())), 401);

    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/users/" + dev.userId()).status()).isEqualTo(204);
    assertProblem(api.call(owner, "GET", permissions(dev.userId())), 404);
    assertProblem(api.call(dev, "GET", permissions(dev.userId())), 404);
  }

  // ---------------------------------------------------------------- agreement with checks

  private static List<Action> level(Action.Level level) {
    return Arrays.stream(Action.values()).filter(a -> a.level() == level).toList();
  }

  /** One check of the sweep: an action on a resource. */
  private record Question(Action action, String project, String path, String ownerId, String creatorId) {
    ObjectNode json(String principal) {
      ObjectNode check = Json.object().put("action", action.wireName());
      if (principal != null) {
        try {
          check.set("principal", Json.read(principal));
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException(principal, e);
        }
      }
      ObjectNode resource = check.putObject("resource");
      String[][] fields = {{"project", project}, {"path", path}, {"ownerId", ownerId}, {"creatorId", creatorId}};
      for (String[] field : fields) {
        if (field[1] != null) {
          resource.put(field[0], field[1]);
        }
      }
      return check;
    }
  }

  /** Every action once or twice, on the projects and paths the fixture's roles name: at most 100 checks. */
  private static List<Question> sweep(String principalId) {
    List<Question> questions = new ArrayList<>();
    for (Action action : Action.values()) {
      if (action.level() == Action.Level.ACCOUNT) {
        questions.add(new Question(action, null, null, null, null));
        questions.add(new Question(action, null, null, principalId, principalId));
      } else {
        questions.add(new Question(action, "apollo", null, null, null));
        questions.add(new Question(action, "zeus", List.of("docs/a.md", "src/a.md").get(action.ordinal() % 2),
            null, null));
      }
    }
    assertThat(questions.size()).isLessThanOrEqualTo(100);
    return questions;
  }

  /** What the answer says of a question, read as docs/permissions.md describes it. */
  private static boolean says(JsonNode answer, String principalId, Question question) {
    String action = question.action().wireName();
    if (question.action().level() == Action.Level.ACCOUNT) {
      if (texts(answer.get("account")).contains(action)) {
        return true;
      }
      String owner = question.action() == Action.PROJECTS_DESTRUCTIVE ? question.ownerId() : question.creatorId();
      return texts(answer.get("ownOnly")).contains(action) && principalId.equals(owner);
    }
    if (texts(answer.get("allProjects")).contains(action) || (answer.get("projects").has(question.project())
        && texts(answer.get("projects").get(question.project())).contains(action))) {
      return true;
    }
    for (JsonNode file : answer.get("files")) {
      // the fixture's one glob: docs/** matches exactly the paths under docs/
      assertThat(file.get("path").asText()).isEqualTo("docs/**");
      if (file.get("project").asText().equals(question.project()) && question.path() != null
          && question.path().startsWith("docs/") && texts(file.get("permissions")).contains(action)) {
        return true;
      }
    }
    return false;
  }

  private void assertAgreesWithChecks(User caller, JsonNode answer, String principal, String principalId) {
    List<Question> questions = sweep(principalId);
    ObjectNode batch = Json.object();
    ArrayNode checks = batch.putArray("checks");
    questions.forEach(question -> checks.add(question.json(principal)));
    Response decided = api.call(caller, "POST", "/orgs/" + orgId + "/check", batch.toString());
    assertThat(decided.status()).as(decided.json().toString()).isEqualTo(200);
    int allowed = 0;
    for (int i = 0; i < questions.size(); i++) {
      boolean engine = decided.json().get("results").get(i).get("allowed").asBoolean();
      assertThat(says(answer, principalId, questions.get(i))).as("%s: %s", questions.get(i),
          decided.json().get("results").get(i)).isEqualTo(engine);
      allowed += engine ? 1 : 0;
    }
    assertThat(allowed).as("some checks are allowed and some denied").isBetween(1, questions.size() - 1);
  }
}
