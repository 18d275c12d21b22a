package io.usersroles.functions.roles;

import static io.usersroles.functions.roles.RoleHandlersTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PUT /orgs/{orgId}/users/{userId}/roles and DELETE /orgs/{orgId}/users/{userId}: no
 * escalation, the last owner stays, also when requests race; and roles on invitations.
 */
class MemberRolesTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final User member = api.user("member");
  private final String orgId = api.createOrg(owner, "Members Co");
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  MemberRolesTest() {
    api.join(owner, orgId, member, null);
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private String createRole(String org, User caller, String body) {
    Response created = api.call(caller, "POST", "/orgs/" + org + "/roles", body);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  private Response setRoles(String org, User caller, String userId, String rolesJson) {
    return api.call(caller, "PUT", "/orgs/" + org + "/users/" + userId + "/roles", "{\"roles\":" + rolesJson + "}");
  }

  private Response setRoles(User caller, User target, String rolesJson) {
    return setRoles(orgId, caller, target.userId(), rolesJson);
  }

  private Response remove(String org, User caller, User target) {
    return api.call(caller, "DELETE", "/orgs/" + org + "/users/" + target.userId());
  }

  /** The active member rows of GET /orgs/{org}/users, by user id → roles. */
  private Map<String, List<String>> memberRoles(String org, User caller) {
    Response users = api.call(caller, "GET", "/orgs/" + org + "/users?status=active&limit=100");
    assertThat(users.status()).as(users.json().toString()).isEqualTo(200);
    Map<String, List<String>> roles = new LinkedHashMap<>();
    for (JsonNode row : users.json().get("items")) {
      List<String> held = new ArrayList<>();
      row.get("roles").forEach(role -> held.add(role.asText()));
      roles.put(row.get("id").asText(), held);
    }
    return roles;
  }

  private long owners(String org, User caller) {
    return memberRoles(org, caller).values().stream().filter(roles -> roles.contains("owner")).count();
  }

  @Test
  void puttingRolesAnswersTheMembersRow() {
    String ops = createRole(orgId, owner, "{\"name\":\"Ops\",\"permissions\":[\"clusters:upgrade\"]}");

    Response put = setRoles(owner, member, "[\"instance_accessor\",\"" + ops + "\",\"" + ops + "\"]");

    assertThat(put.status()).as(put.json().toString()).isEqualTo(200);
    assertThat(put.contentType()).isEqualTo("application/json");
    JsonNode row = put.json();
    assertThat(row.get("id").asText()).isEqualTo(member.userId());
    assertThat(row.get("email").asText()).isEqualTo(member.email());
    assertThat(row.get("type").asText()).isEqualTo("member");
    assertThat(row.get("status").asText()).isEqualTo("active");
    assertThat(row.get("self").asBoolean()).isFalse();
    assertThat(row.get("roles")).extracting(JsonNode::asText).containsExactly("instance_accessor", ops);
    assertThat(memberRoles(orgId, owner).get(member.userId())).containsExactly("instance_accessor", ops);
    assertThat(api.call(owner, "GET", "/orgs/" + orgId + "/roles/" + ops).json().get("users"))
        .extracting(JsonNode::asText).containsExactly(member.userId());

    // an empty list is allowed: an active member holding no role is denied everything
    Response none = setRoles(owner, member, "[]");
    assertThat(none.status()).as(none.json().toString()).isEqualTo(200);
    assertThat(none.json().get("roles")).isEmpty();
    assertProblem(api.call(member, "GET", "/orgs/" + orgId + "/users"), 403, null);
  }

  @Test
  void badRoleChangesAreRefusedAndChangeNothing() {
    assertProblem(setRoles(owner, member, "[\"rol_doesnotexist\"]"), 400, "roles");
    assertProblem(setRoles(owner, member, "[\"member\",\"admin\"]"), 400, "roles");
    assertProblem(setRoles(owner, member, "\"member\""), 400, "roles");
    assertProblem(setRoles(owner, member, "[7]"), 400, "roles");
    assertProblem(api.call(owner, "PUT", "/orgs/" + orgId + "/users/" + member.userId() + "/roles", "{}"), 400, "roles");
    assertProblem(api.call(owner, "PUT", "/orgs/" + orgId + "/users/" + member.userId() + "/roles",
        "{\"roles\":[\"member\"],\"extra\":1}"), 400, "extra");
    assertProblem(setRoles(orgId, owner, "usr_nobody", "[\"member\"]"), 404, null);
    assertProblem(api.call(owner, "DELETE", "/orgs/" + orgId + "/users/usr_nobody"), 404, null);
    assertThat(memberRoles(orgId, owner).get(member.userId())).containsExactly("member");

    // members lack members:update-role and members:remove; strangers learn nothing
    User second = api.user("second");
    api.join(owner, orgId, second, null);
    assertProblem(setRoles(member, second, "[\"instance_accessor\"]"), 403, null);
    assertProblem(remove(orgId, member, second), 403, null);
    User stranger = api.user("stranger");
    assertProblem(setRoles(stranger, second, "[\"instance_accessor\"]"), 404, null);
    assertProblem(remove(orgId, stranger, second), 404, null);
    assertThat(memberRoles(orgId, owner)).containsEntry(second.userId(), List.of("member"));
  }

  @Test
  void aMemberCannotGrantOrInviteWithMoreThanItHolds() {
    String delegates = createRole(orgId, owner, "{\"name\":\"Delegates\",\"permissions\":[\"members:update-role\","
        + "\"members:invite\",\"members:view\"]}");
    String upgraders = createRole(orgId, owner, "{\"name\":\"Upgraders\",\"permissions\":[\"clusters:upgrade\"]}");
    assertThat(setRoles(owner, member, "[\"member\",\"" + delegates + "\"]").status()).isEqualTo(200);
    User second = api.user("second");
    api.join(owner, orgId, second, null);

    assertProblem(setRoles(member, second, "[\"owner\"]"), 403, null);
    assertProblem(setRoles(member, second, "[\"member\",\"" + upgraders + "\"]"), 403, null);
    assertProblem(setRoles(member, member, "[\"owner\"]"), 403, null);
    assertProblem(setRoles(member, owner, "[\"member\"]"), 403, null); // taking owner away needs owner's permissions
    Response ownerInvite = api.call(member, "POST", "/orgs/" + orgId + "/invitations",
        "{\"emails\":[\"boss@example.com\"],\"roles\":[\"owner\"]}");
    assertProblem(ownerInvite, 403, null);
    assertProblem(api.call(member, "POST", "/orgs/" + orgId + "/invitations",
        "{\"emails\":[\"up@example.com\"],\"roles\":[\"" + upgraders + "\"]}"), 403, null);
    assertThat(api.call(owner, "GET", "/orgs/" + orgId + "/invitations?status=pending").json().get("items")).isEmpty();
    assertThat(memberRoles(orgId, owner)).containsEntry(second.userId(), List.of("member"))
        .containsEntry(owner.userId(), List.of("owner"))
        .containsEntry(member.userId(), List.of("member", delegates));

    // what it holds, it may grant
    Response granted = setRoles(member, second, "[\"member\",\"" + delegates + "\"]");
    assertThat(granted.status()).as(granted.json().toString()).isEqualTo(200);
    Response invited = api.call(member, "POST", "/orgs/" + orgId + "/invitations",
        "{\"emails\":[\"peer@example.com\"],\"roles\":[\"" + delegates + "\"]}");
    assertThat(invited.status()).as(invited.json().toString()).isEqualTo(200);
  }

  @Test
  void aMemberWithMembersRemoveCannotRemoveSomeoneHoldingMoreThanItHolds() {
    String removers = createRole(orgId, owner, "{\"name\":\"Removers\",\"permissions\":[\"members:remove\"]}");
    String upgraders = createRole(orgId, owner, "{\"name\":\"Upgraders\",\"permissions\":[\"clusters:upgrade\"]}");
    assertThat(setRoles(owner, member, "[\"member\",\"" + removers + "\"]").status()).isEqualTo(200);
    User plain = api.user("plain");
    User upgrader = api.user("upgrader");
    User coOwner = api.user("coowner");
    api.join(owner, orgId, plain, null);
    api.join(owner, orgId, upgrader, "[\"member\",\"" + upgraders + "\"]");
    api.join(owner, orgId, coOwner, "[\"owner\"]");

    assertProblem(remove(orgId, member, owner), 403, null);
    assertProblem(remove(orgId, member, coOwner), 403, null);
    assertProblem(remove(orgId, member, upgrader), 403, null);
    assertThat(memberRoles(orgId, owner)).containsKeys(owner.userId(), coOwner.userId(), upgrader.userId());

    assertThat(remove(orgId, member, plain).status()).isEqualTo(204);
    assertThat(memberRoles(orgId, owner)).doesNotContainKey(plain.userId());
  }

  @Test
  void theLastOwnerCanNeitherBeDemotedNorRemoved() {
    assertProblem(setRoles(owner, owner, "[\"member\"]"), 409, null);
    assertProblem(setRoles(owner, owner, "[]"), 409, null);
    assertProblem(remove(orgId, owner, owner), 409, null);
    assertThat(memberRoles(orgId, owner)).containsEntry(owner.userId(), List.of("owner"));

    // keeping owner while adding another role is fine
    String ops = createRole(orgId, owner, "{\"name\":\"Ops\"}");
    assertThat(setRoles(owner, owner, "[\"owner\",\"" + ops + "\"]").status()).isEqualTo(200);
    assertThat(setRoles(owner, owner, "[\"owner\"]").status()).isEqualTo(200);
  }

  @Test
  void withTwoOwnersOneMayDemoteOrRemoveTheOther() {
    User second = api.user("second");
    api.join(owner, orgId, second, "[\"owner\"]");
    assertThat(owners(orgId, owner)).isEqualTo(2);

    Response demoted = setRoles(owner, second, "[\"member\"]");
    assertThat(demoted.status()).as(demoted.json().toString()).isEqualTo(200);
    assertThat(owners(orgId, owner)).isEqualTo(1);
    assertProblem(setRoles(owner, owner, "[\"member\"]"), 409, null);

    assertThat(setRoles(owner, second, "[\"owner\"]").status()).isEqualTo(200);
    Response selfDemoted = setRoles(owner, owner, "[\"member\"]");
    assertThat(selfDemoted.status()).as(selfDemoted.json().toString()).isEqualTo(200);
    assertThat(selfDemoted.json().get("self").asBoolean()).isTrue();
    assertProblem(remove(orgId, second, second), 409, null);

    assertThat(setRoles(second, owner, "[\"owner\"]").status()).isEqualTo(200);
    assertThat(remove(orgId, owner, second).status()).isEqualTo(204);
    assertThat(memberRoles(orgId, owner)).containsOnlyKeys(owner.userId(), member.userId());
    assertProblem(remove(orgId, owner, owner), 409, null);
  }

  @Test
  void aRemovedMemberLosesAccessAtOnceAndItsRowGoes() {
    String ops = createRole(orgId, owner, "{\"name\":\"Ops\",\"users\":[\"" + member.userId() + "\"]}");

    Response removed = remove(orgId, owner, member);

    assertThat(removed.status()).isEqualTo(204);
    assertThat(removed.json().isMissingNode()).isTrue();
    assertProblem(api.call(member, "GET", "/orgs/" + orgId), 404, null);
    assertProblem(api.call(member, "GET", "/orgs/" + orgId + "/roles"), 404, null);
    assertThat(memberRoles(orgId, owner)).containsOnlyKeys(owner.userId());
    assertThat(api.call(owner, "GET", "/orgs/" + orgId + "/roles/" + ops).json().get("users")).isEmpty();
    assertProblem(remove(orgId, owner, member), 404, null);
    assertProblem(setRoles(owner, member, "[\"member\"]"), 404, null);

    // the address is free again: the person can be invited back, and comes back with only the new roles
    api.join(owner, orgId, member, "[\"instance_accessor\"]");
    assertThat(memberRoles(orgId, owner).get(member.userId())).containsExactly("instance_accessor");
  }

  @Test
  void invitationsCarryCustomRolesAndRefuseUnknownOnes() {
    String ops = createRole(orgId, owner, "{\"name\":\"Ops\",\"permissions\":[\"clusters:upgrade\"]}");
    User invitee = api.user("invitee");

    api.invite(owner, orgId, "[\"" + ops + "\"]", invitee);
    Response accepted = api.call(invitee, "POST", "/invitations/accept", Api.json("token",
        api.latestToken(invitee.email())));

    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
    assertThat(accepted.json().get("roles")).extracting(JsonNode::asText).containsExactly(ops);
    assertThat(memberRoles(orgId, owner).get(invitee.userId())).containsExactly(ops);
    Response check = api.call(invitee, "POST", "/orgs/" + orgId + "/check", "{\"action\":\"clusters:upgrade\"}");
    assertThat(check.json().get("allowed").asBoolean()).as(check.json().toString()).isTrue();

    int items = api.itemCount();
    int emails = api.emailsTo("unknown-role@example.com").size();
    assertProblem(api.call(owner, "POST", "/orgs/" + orgId + "/invitations",
        "{\"emails\":[\"unknown-role@example.com\"],\"roles\":[\"rol_doesnotexist\"]}"), 400, "roles");
    assertProblem(api.call(owner, "POST", "/orgs/" + orgId + "/invitations",
        "{\"emails\":[\"unknown-role@example.com\"],\"roles\":[\"member\",\"Ops\"]}"), 400, "roles");
    assertThat(api.itemCount()).isEqualTo(items);
    assertThat(api.emailsTo("unknown-role@example.com")).hasSize(emails);
  }

  @Test
  void twoOwnersDemotingEachOtherAtOnceAlwaysLeaveAnOwner() throws Exception {
    for (int round = 0; round < 10; round++) {
      User first = api.user("first" + round);
      User second = api.user("second" + round);
      String org = api.createOrg(first, "Race " + round);
      api.join(first, org, second, "[\"owner\"]");

      List<Response> answers = race(
          () -> setRoles(org, first, second.userId(), "[\"member\"]"),
          () -> setRoles(org, second, first.userId(), "[\"member\"]"));

      List<Integer> statuses = answers.stream().map(Response::status).toList();
      // the loser is the last owner (409), or was demoted before its request was authorised (403)
      assertThat(statuses).as("round " + round + ": " + answers).containsOnlyOnce(200)
          .filteredOn(status -> status != 200).singleElement().isIn(403, 409);
      assertThat(answers).filteredOn(r -> r.status() != 200)
          .allSatisfy(r -> assertThat(r.contentType()).isEqualTo("application/problem+json"));
      User winner = answers.get(0).status() == 200 ? first : second;
      assertThat(owners(org, winner)).as("round " + round).isEqualTo(1);
      assertThat(memberRoles(org, winner).get(winner.userId())).containsExactly("owner");
    }
  }

  @Test
  void twoOwnersRemovingEachOtherAtOnceAlwaysLeaveAnOwner() throws Exception {
    for (int round = 0; round < 5; round++) {
      User first = api.user("first" + round);
      User second = api.user("second" + round);
      String org = api.createOrg(first, "Race " + round);
      api.join(first, org, second, "[\"owner\"]");

      List<Response> answers = race(() -> remove(org, first, second), () -> remove(org, second, first));

      List<Integer> statuses = answers.stream().map(Response::status).toList();
      // the loser is the last owner (409), or was removed before its request was authorised (404)
      assertThat(statuses).as("round " + round + ": " + answers).containsOnlyOnce(204)
          .filteredOn(status -> status != 204).singleElement().isIn(404, 409);
      User winner = answers.get(0).status() == 204 ? first : second;
      assertThat(memberRoles(org, winner)).containsOnlyKeys(winner.userId());
      assertThat(owners(org, winner)).isEqualTo(1);
    }
  }

  @Test
  void concurrentEditsOfOneRoleNeverMixTheTwoBodies() throws Exception {
    User second = api.user("second");
    api.join(owner, orgId, second, null);
    for (int round = 0; round < 5; round++) {
      String id = createRole(orgId, owner, "{\"name\":\"Contested " + round + "\"}");
      String alpha = "{\"name\":\"Alpha " + round + "\",\"description\":\"a\",\"permissions\":[\"members:view\"],"
          + "\"projects\":[\"pa\"],\"users\":[\"" + member.userId() + "\"]}";
      String beta = "{\"name\":\"Beta " + round + "\",\"description\":\"b\",\"permissions\":[\"clusters:upgrade\"],"
          + "\"idpGroups\":[\"g\"],\"users\":[\"" + second.userId() + "\"]}";

      List<Response> answers = race(
          () -> api.call(owner, "PUT", "/orgs/" + orgId + "/roles/" + id, alpha),
          () -> api.call(owner, "PUT", "/orgs/" + orgId + "/roles/" + id, beta));

      assertThat(answers).as("round " + round + ": " + answers)
          .allSatisfy(r -> assertThat(r.status()).isIn(200, 409))
          .anySatisfy(r -> assertThat(r.status()).isEqualTo(200));
      JsonNode stored = api.call(owner, "GET", "/orgs/" + orgId + "/roles/" + id).json();
      boolean alphaWon = stored.get("name").asText().startsWith("Alpha");
      Response winner = answers.get(alphaWon ? 0 : 1);
      assertThat(winner.status()).as("the stored body came from a request that succeeded").isEqualTo(200);
      assertThat(stored).as("round " + round).isEqualTo(winner.json());
      assertThat(stored.get("description").asText()).isEqualTo(alphaWon ? "a" : "b");
      assertThat(stored.get("permissions")).extracting(JsonNode::asText)
          .containsExactly(alphaWon ? "members:view" : "clusters:upgrade");
      assertThat(stored.get("idpGroups")).extracting(JsonNode::asText)
          .containsExactlyElementsOf(alphaWon ? List.of() : List.of("g"));
      assertThat(stored.get("projects")).extracting(JsonNode::asText)
          .containsExactlyElementsOf(alphaWon ? List.of("pa") : List.of());
      // the assignments follow the stored body, not a mix of both
      Map<String, List<String>> roles = memberRoles(orgId, owner);
      assertThat(roles.get(member.userId()).contains(id)).as("round " + round).isEqualTo(alphaWon);
      assertThat(roles.get(second.userId()).contains(id)).as("round " + round).isEqualTo(!alphaWon);
      assertThat(stored.get("users")).extracting(JsonNode::asText)
          .containsExactly(alphaWon ? member.userId() : second.userId());
    }
  }

  @Test
  void twoCreatesOfTheSameNameAtOnceMakeOneRole() throws Exception {
    for (int round = 0; round < 5; round++) {
      String name = "Twin " + round;
      List<Response> answers = race(
          () -> api.call(owner, "POST", "/orgs/" + orgId + "/roles", "{\"name\":\"" + name + "\"}"),
          () -> api.call(owner, "POST", "/orgs/" + orgId + "/roles", "{\"name\":\"" + name.toUpperCase() + "\"}"));

      assertThat(answers).extracting(Response::status).as("round " + round + ": " + answers)
          .containsExactlyInAnyOrder(201, 409);
      long named = 0;
      for (JsonNode role : api.call(owner, "GET", "/orgs/" + orgId + "/roles?limit=100").json().get("items")) {
        named += role.get("name").asText().equalsIgnoreCase(name) ? 1 : 0;
      }
      assertThat(named).as("round " + round).isEqualTo(1);
    }
  }

  /** Runs both requests at the same moment (one start gate) and returns their answers in order. */
  private List<Response> race(Callable<Response> a, Callable<Response> b) throws Exception {
    CountDownLatch ready = new CountDownLatch(2);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Response>> futures = new ArrayList<>();
    for (Callable<Response> request : List.of(a, b)) {
      futures.add(pool.submit(() -> {
        ready.countDown();
        start.await();
        return request.call();
      }));
    }
    assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
    start.countDown();
    List<Response> answers = new ArrayList<>();
    for (Future<Response> future : futures) {
      answers.add(future.get(30, TimeUnit.SECONDS));
    }
    return answers;
  }
}
