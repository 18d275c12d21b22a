package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.engines.SesEmulator;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.store.Keys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Requests racing on one thing, through the gateway and the real handlers on DynamoDB Local, all
 * released at once by one barrier and repeated a few rounds; every assertion is on what the table
 * holds afterwards, read back raw, set against what each request answered.
 */
class RacesTest {
  private final Api api = new Api();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  // ------------------------------------------------------------------ one invitation

  @RepeatedTest(6)
  void resendsCancelsAndAcceptsOfOneInvitationAtOnceEndInOneConsistentState() throws Exception {
    User owner = api.user("owner");
    User alice = api.user("alice");
    String orgId = api.createOrg(owner, "Racing Invitations");
    String invitationId = api.invite(owner, orgId, null, alice).json().at("/results/0/invitationId").asText();
    String firstToken = api.latestToken(alice.email());
    String path = "/orgs/" + orgId + "/invitations/" + invitationId;

    Map<String, List<Callable<Response>>> requests = new LinkedHashMap<>();
    requests.put("resend", copies(4, () -> api.call(owner, "POST", path + "/resend", null)));
    requests.put("cancel", copies(3, () -> api.call(owner, "DELETE", path)));
    requests.put("accept", copies(5, () -> api.call(alice, "POST", "/invitations/accept",
        Api.json("token", firstToken))));
    Map<String, List<Response>> answers = raceAll(requests);

    assertThat(answers.get("resend")).extracting(Response::status).allMatch(s -> s == 200 || s == 409);
    assertThat(answers.get("cancel")).extracting(Response::status).allMatch(s -> s == 204 || s == 409);
    assertThat(answers.get("accept")).extracting(Response::status).allMatch(s -> s == 200 || s == 404 || s == 409);
    long resent = count(answers.get("resend"), 200);
    long cancelled = count(answers.get("cancel"), 204);
    long accepted = count(answers.get("accept"), 200);
    String summary = "statuses " + statuses(answers);

    List<Map<String, AttributeValue>> items = orgItems(orgId);
    List<Map<String, AttributeValue>> invitation = items.stream()
        .filter(item -> invitationId.equals(string(item, "invitationId")) && "invitation".equals(string(item, Keys.ENTITY)))
        .toList();
    assertThat(invitation).as("one item for the invitation, open or closed: " + summary).hasSize(1);
    Map<String, AttributeValue> final_ = invitation.get(0);
    boolean open = string(final_, Keys.SORT_KEY).startsWith("INVITE#OPEN#");
    String status = string(final_, "status");
    boolean member = items.stream().anyMatch(item -> "membership".equals(string(item, Keys.ENTITY))
        && alice.userId().equals(string(item, "userId")));
    boolean emailClaimed = items.stream().anyMatch(item -> "member-email".equals(string(item, Keys.ENTITY))
        && alice.email().equals(string(item, "email")));

    assertThat(accepted).as(summary).isLessThanOrEqualTo(1);
    assertThat(accepted > 0 && cancelled > 0).as("accept and cancel both won: " + summary).isFalse();
    if (accepted == 1) {
      assertThat(open).as(summary).isFalse();
      assertThat(status).isEqualTo("accepted");
      assertThat(string(final_, "acceptedBy")).isEqualTo(alice.userId());
      assertThat(resent).as("a resend that won would have killed the accepted link: " + summary).isZero();
    } else if (cancelled > 0) {
      assertThat(open).as(summary).isFalse();
      assertThat(status).isEqualTo("cancelled");
    } else {
      assertThat(open).as("nothing closed it: " + summary).isTrue();
      assertThat(status).isEqualTo("pending");
      assertThat(final_).containsKeys(Keys.DUE_SHARD, Keys.DUE_AT);
    }
    if (!open) {
      assertThat(final_).as("closed invitations leave the due index").doesNotContainKeys(Keys.DUE_SHARD, Keys.DUE_AT);
    }
    assertThat(member).as(summary).isEqualTo(accepted == 1);
    assertThat(emailClaimed).as(summary).isEqualTo(accepted == 1);
    assertThat(Integer.parseInt(final_.get("sendCount").n())).as("no lost resend: " + summary)
        .isEqualTo(1 + (int) resent);
    List<SesEmulator.SentEmail> emails = api.emailsTo(alice.email());
    assertThat(emails).as(summary).hasSize(1 + (int) resent);

    // of all the links mailed, only the current one of a still-open invitation works
    int working = 0;
    for (SesEmulator.SentEmail email : emails) {
      Response tried = api.call(alice, "POST", "/invitations/accept", Api.json("token", Api.tokenOf(email)));
      assertThat(tried.status()).as(summary).isIn(200, 404, 409);
      working += tried.status() == 200 ? 1 : 0;
    }
    assertThat(working).as(summary).isEqualTo(open ? 1 : 0);
  }

  // ------------------------------------------------------------------ owners

  @RepeatedTest(4)
  void threeOwnersDemotingEachOtherAtOnceLeaveAtLeastOneOwnerAndAnExactOwnerCount() throws Exception {
    User first = api.user("first");
    String orgId = api.createOrg(first, "Racing Owners");
    User second = api.user("second");
    User third = api.user("third");
    api.join(first, orgId, second, "[\"owner\"]");
    api.join(first, orgId, third, "[\"owner\"]");
    List<User> owners = List.of(first, second, third);

    Map<String, List<Callable<Response>>> requests = new LinkedHashMap<>();
    for (User demoter : owners) {
      for (User target : owners) {
        if (demoter != target) {
          requests.put(demoter.userId() + ">" + target.userId(), List.of(() -> api.call(demoter, "PUT",
              "/orgs/" + orgId + "/users/" + target.userId() + "/roles", "{\"roles\":[\"member\"]}")));
        }
      }
    }
    Map<String, List<Response>> answers = raceAll(requests);

    // a demoter demoted first lacks members:update-role (403); the last owner stays (409)
    answers.values().stream().flatMap(List::stream).forEach(answer ->
        assertThat(answer.status()).as(statuses(answers).toString()).isIn(200, 403, 409));
    List<Map<String, AttributeValue>> items = orgItems(orgId);
    long ownerMembers = 0;
    for (User user : owners) {
      Map<String, AttributeValue> membership = items.stream()
          .filter(item -> "membership".equals(string(item, Keys.ENTITY)) && user.userId().equals(string(item, "userId")))
          .findFirst().orElseThrow();
      boolean owner = membership.get("roles").l().stream().anyMatch(role -> "owner".equals(role.s()));
      boolean demoted = answers.entrySet().stream()
          .anyMatch(e -> e.getKey().endsWith(">" + user.userId()) && e.getValue().get(0).status() == 200);
      assertThat(owner).as("an owner at the end exactly when no demotion of it succeeded: " + statuses(answers))
          .isEqualTo(!demoted);
      ownerMembers += owner ? 1 : 0;
    }
    assertThat(ownerMembers).as(statuses(answers).toString()).isGreaterThanOrEqualTo(1);
    Map<String, AttributeValue> profile = items.stream().filter(item -> "PROFILE".equals(string(item, Keys.SORT_KEY)))
        .findFirst().orElseThrow();
    assertThat(Long.parseLong(profile.get("ownerCount").n())).as("the owner count matches the memberships")
        .isEqualTo(ownerMembers);
  }

  // ------------------------------------------------------------------ the role catalog

  @RepeatedTest(3)
  void concurrentWritesOfDifferentRolesToTheOneCatalogLoseNoUpdate() throws Exception {
    User owner = api.user("owner");
    String orgId = api.createOrg(owner, "Racing Roles");
    List<String> existing = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Response created = api.call(owner, "POST", "/orgs/" + orgId + "/roles", "{\"name\":\"Old " + i + "\"}");
      assertThat(created.status()).isEqualTo(201);
      existing.add(created.json().get("id").asText());
    }
    long versionBefore = catalogVersion(orgId);

    Map<String, List<Callable<Response>>> requests = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      String body = "{\"name\":\"New " + i + "\",\"description\":\"created " + i + "\"}";
      requests.put("create " + i, List.of(() -> api.call(owner, "POST", "/orgs/" + orgId + "/roles", body)));
      String id = existing.get(i);
      String edit = "{\"name\":\"Old " + i + "\",\"description\":\"edited " + i + "\",\"permissions\":[\"logs:view\"]}";
      requests.put("edit " + i, List.of(() -> api.call(owner, "PUT", "/orgs/" + orgId + "/roles/" + id, edit)));
    }
    Map<String, List<Response>> answers = raceAll(requests);

    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode role : api.call(owner, "GET", "/orgs/" + orgId + "/roles?limit=100").json().get("items")) {
      byName.put(role.get("name").asText(), role);
    }
    int successes = 0;
    for (int i = 0; i < 4; i++) {
      Response created = answers.get("create " + i).get(0);
      assertThat(created.status()).as(statuses(answers).toString()).isIn(201, 409);
      if (created.status() == 201) {
        successes++;
        assertThat(byName).as("a 201 role is stored: " + statuses(answers)).containsKey("New " + i);
        assertThat(byName.get("New " + i).get("description").asText()).isEqualTo("created " + i);
      } else {
        assertThat(byName).as("a 409 role is not: " + statuses(answers)).doesNotContainKey("New " + i);
      }
      Response edited = answers.get("edit " + i).get(0);
      assertThat(edited.status()).as(statuses(answers).toString()).isIn(200, 409);
      successes += edited.status() == 200 ? 1 : 0;
      assertThat(byName.get("Old " + i).get("description").asText()).as("edit " + i + ": " + statuses(answers))
          .isEqualTo(edited.status() == 200 ? "edited " + i : "");
    }
    assertThat(successes).as("contention is retried, not simply refused: " + statuses(answers)).isGreaterThan(1);
    assertThat(catalogVersion(orgId)).as("one version step per successful write, none lost or doubled")
        .isEqualTo(versionBefore + successes);
  }

  // ------------------------------------------------------------------ helpers

  private static List<Callable<Response>> copies(int n, Callable<Response> request) {
    List<Callable<Response>> copies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      copies.add(request);
    }
    return copies;
  }

  /** Runs every request on its own thread, all released by one barrier; answers by group, in order. */
  private Map<String, List<Response>> raceAll(Map<String, List<Callable<Response>>> requests) throws Exception {
    int parties = requests.values().stream().mapToInt(List::size).sum();
    CyclicBarrier start = new CyclicBarrier(parties);
    Map<String, List<Future<Response>>> futures = new LinkedHashMap<>();
    requests.forEach((group, calls) -> {
      List<Future<Response>> started = new ArrayList<>();
      for (Callable<Response> call : calls) {
        started.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          return call.call();
        }));
      }
      futures.put(group, started);
    });
    Map<String, List<Response>> answers = new LinkedHashMap<>();
    for (Map.Entry<String, List<Future<Response>>> group : futures.entrySet()) {
      List<Response> responses = new ArrayList<>();
      for (Future<Response> future : group.getValue()) {
        responses.add(future.get(60, TimeUnit.SECONDS));
      }
      answers.put(group.getKey(), responses);
    }
    return answers;
  }

  private static Map<String, List<Integer>> statuses(Map<String, List<Response>> answers) {
    Map<String, List<Integer>> statuses = new LinkedHashMap<>();
    answers.forEach((group, responses) -> statuses.put(group, responses.stream().map(Response::status).toList()));
    return statuses;
  }

  private static long count(List<Response> responses, int status) {
    return responses.stream().filter(r -> r.status() == status).count();
  }

  /** Every item of the org's partition, read raw and strongly consistent. */
  private List<Map<String, AttributeValue>> orgItems(String orgId) {
    return api.env.adminClient().queryPaginator(QueryRequest.builder()
            .tableName(api.table)
            .consistentRead(true)
            .keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(Map.of("#pk", Keys.PARTITION_KEY))
            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ORG#" + orgId)))
            .build())
        .items().stream().toList();
  }

  private long catalogVersion(String orgId) {
    return orgItems(orgId).stream().filter(item -> "ROLES".equals(string(item, Keys.SORT_KEY)))
        .mapToLong(item -> Long.parseLong(item.get("version").n())).findFirst().orElseThrow();
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }
}
