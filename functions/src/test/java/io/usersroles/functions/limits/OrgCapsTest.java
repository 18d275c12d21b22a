package io.usersroles.functions.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.config.OrgLimits;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Json;
import io.usersroles.testing.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Per-org caps (README "Limits"): past a cap the answer is 409 with a problem naming the cap
 * and its limit and nothing is written; concurrent creates never exceed a cap; counts go back down as
 * invitations are cancelled, accepted or expire and as service accounts are deleted.
 */
class OrgCapsTest {
  private static final String PROBLEM = "urn:users-and-roles:problem:";

  private static Api api(int invitations, int roles, int accounts) {
    return new Api(TestEnvironment.get(), s -> s.withLimits(new OrgLimits(invitations, roles, accounts)));
  }

  // ------------------------------------------------------------------ pending invitations

  @Test
  void theInvitationCapAnswers409AndWritesNothingAndFreesUpWithCancelAcceptAndExpiry() {
    Api api = api(3, 100, 100);
    User owner = api.user("owner");
    String org = api.createOrg(owner, "Capped");
    User a = api.user("a");
    User b = api.user("b");
    User c = api.user("c");
    api.invite(owner, org, null, a, b, c);
    assertCounted(api, org, 3);

    User d = api.user("d");
    int items = api.itemCount();
    Response refused = invite(api, owner, org, d);
    assertCap(refused, "pending-invitation-limit", 3, "pending invitations");
    assertThat(api.itemCount()).isEqualTo(items);
    assertThat(api.emailsTo(d.email())).isEmpty();

    // cancelling one makes room for exactly one
    String aId = invitationIdOf(api, owner, org, a);
    assertThat(api.call(owner, "DELETE", "/orgs/" + org + "/invitations/" + aId).status()).isEqualTo(204);
    assertCounted(api, org, 2);
    api.invite(owner, org, null, d);
    assertCounted(api, org, 3);
    assertCap(invite(api, owner, org, a), "pending-invitation-limit", 3, "pending invitations");

    // accepting one makes room too
    Response accepted = api.call(b, "POST", "/invitations/accept", Api.json("token", api.latestToken(b.email())));
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
    assertCounted(api, org, 2);
    api.invite(owner, org, null, a);
    assertCounted(api, org, 3);

    // the reminder job closes expired invitations and counts them off
    api.clock.advance(Duration.ofDays(8));
    JsonNode run = api.runReminderJob();
    assertThat(run.path("expired").asInt()).as(run.toString()).isEqualTo(3);
    assertCounted(api, org, 0);
    api.invite(owner, org, null, api.user("e"), api.user("f"), api.user("g"));
    assertCounted(api, org, 3);
  }

  @Test
  void resendingAnInvitationClosedAsExpiredTakesRoomAgain() {
    Api api = api(1, 100, 100);
    User owner = api.user("owner");
    String org = api.createOrg(owner, "Revival");
    User early = api.user("early");
    api.invite(owner, org, null, early);
    api.clock.advance(Duration.ofDays(8));
    assertThat(api.runReminderJob().path("expired").asInt()).isEqualTo(1);
    assertCounted(api, org, 0);
    String expiredId = invitationIdOf(api, owner, org, early, "expired");
    User late = api.user("late");
    api.invite(owner, org, null, late);

    String resend = "/orgs/" + org + "/invitations/" + expiredId + "/resend";
    assertCap(api.call(owner, "POST", resend), "pending-invitation-limit", 1, "pending invitations");
    assertCounted(api, org, 1);
    String lateId = invitationIdOf(api, owner, org, late);
    assertThat(api.call(owner, "DELETE", "/orgs/" + org + "/invitations/" + lateId).status()).isEqualTo(204);
    Response revived = api.call(owner, "POST", resend);
    assertThat(revived.status()).as(revived.json().toString()).isEqualTo(200);
    assertThat(revived.json().path("status").asText()).isEqualTo("pending");
    assertCounted(api, org, 1);
  }

  @Test
  void aRequestThatDoesNotFitAsAWholeWritesNothing() {
    Api api = api(3, 100, 100);
    User owner = api.user("owner");
    String org = api.createOrg(owner, "Room for one");
    User first = api.user("first");
    api.invite(owner, org, null, first, api.user("second"));
    int items = api.itemCount();
    User third = api.user("third");
    User fourth = api.user("fourth");
    assertCap(invite(api, owner, org, third, fourth), "pending-invitation-limit", 3, "pending invitations");
    assertThat(api.itemCount()).isEqualTo(items);
    assertCounted(api, org, 2);
    // an address that needs no new invitation takes no room
    Response fits = api.invite(owner, org, null, first, third);
    assertThat(fits.json().at("/results/0/status").asText()).isEqualTo("already_invited");
    assertThat(fits.json().at("/results/1/status").asText()).isEqualTo("invited");
    assertCounted(api, org, 3);
  }

  @Test
  void aHundredNewAddressesCostFourRoundTripsAndAreCountedOnce() {
    Api api = api(OrgLimits.DEFAULT_PENDING_INVITATIONS, 100, 100);
    User owner = api.user("owner");
    String org = api.createOrg(owner, "Hundred");
    List<String> emails = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      emails.add(TestEnvironment.uniqueEmail("hundred" + i));
    }
    api.dynamoDbRequests.reset();
    Response response = api.call(owner, "POST", "/orgs/" + org + "/invitations", body(emails));
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    assertThat(api.dynamoDbRequests.count()).as(api.dynamoDbRequests.operations().toString()).isLessThanOrEqualTo(4);
    for (JsonNode result : response.json().get("results")) {
      assertThat(result.path("status").asText()).isEqualTo("invited");
    }
    assertCounted(api, org, 100);
  }

  @Test
  void aHundredAddressesOfWhichSomeAreAlreadyInvitedAreSortedOutAndCountedRight() {
    Api api = api(160, 100, 100);
    User owner = api.user("owner");
    String org = api.createOrg(owner, "Mixed");
    User early = api.user("early");
    User last = api.user("last");
    api.invite(owner, org, null, early, last);
    List<String> emails = new ArrayList<>();
    for (int i = 0; i < 99; i++) {
      emails.add(TestEnvironment.uniqueEmail("mixed" + i));
    }
    // the 100th address lands in the second transaction: the first is taken back and all is read again
    emails.add(last.email());
    Response response = api.call(owner, "POST", "/orgs/" + org + "/invitations", body(emails));
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    JsonNode results = response.json().get("results");
    for (int i = 0; i < 99; i++) {
      assertThat(results.get(i).path("status").asText()).isEqualTo("invited");
    }
    assertThat(results.get(99).path("status").asText()).isEqualTo("already_invited");
    assertCounted(api, org, 101);
    // more than 50 addresses (no room to read the slots too), one already invited, in the first transaction
    List<String> again = new ArrayList<>(List.of(early.email()));
    for (int i = 0; i < 50; i++) {
      again.add(TestEnvironment.uniqueEmail("again" + i));
    }
    response = api.call(owner, "POST", "/orgs/" + org + "/invitations", body(again));
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    assertThat(response.json().at("/results/0/status").asText()).isEqualTo("already_invited");
    assertCounted(api, org, 151);

    // nine more would make 160; ten would not, and nothing of them is written
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tooMany.add(TestEnvironment.uniqueEmail("over" + i));
    }
    int items = api.itemCount();
    assertCap(api.call(owner, "POST", "/orgs/" + org + "/invitations", body(tooMany)), "pending-invitation-limit",
        160, "pending invitations");
    assertThat(api.itemCount()).isEqualTo(items);
    assertCounted(api, org, 151);
  }

  @Test
  void concurrentInvitationsNeverExceedTheCap() throws Exception {
    Api api = api(5, 100, 100);
    User owner = api.user("owner");
    String org = api.createOrg(owner, "Rush");
    List<User> invitees = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      invitees.add(api.user("rush" + i));
    }
    List<Response> answers = concurrently(invitees.size(), i -> invite(api, owner, org, invitees.get(i)));
    long invited = answers.stream().filter(r -> r.status() == 200).count();
    assertThat(invited).as(answers.toString()).isLessThanOrEqualTo(5).isPositive();
    assertLosersGot(answers, 200, "pending-invitation-limit");
    assertCounted(api, org, (int) invited);
    // the cap is reachable exactly: what the race left room for still fits, one more does not
    for (int i = (int) invited; i < 5; i++) {
      assertThat(invite(api, owner, org, api.user("later" + i)).status()).isEqualTo(200);
    }
    assertCap(invite(api, owner, org, api.user("one-too-many")), "pending-invitation-limit", 5, "pending invitations");
    assertCounted(api, org, 5);
  }

  // ------------------------------------------------------------------ service accounts and roles

  @Test
  void theServiceAccountCapAnswers409AndCountsDeletions() {
    Api api = api(100, 100, 2);
    User owner = api.user("owner");
    String org = api.createOrg(owner, "Machines");
    String first = createServiceAccount(api, owner, org, "one").json().get("id").asText();
    assertThat(createServiceAccount(api, owner, org, "two").status()).isEqualTo(201);
    int items = api.itemCount();
    assertCap(createServiceAccount(api, owner, org, "three"), "service-account-limit", 2, "service accounts");
    assertThat(api.itemCount()).isEqualTo(items);
    assertThat(api.call(owner, "DELETE", "/orgs/" + org + "/service-accounts/" + first).status()).isEqualTo(204);
    assertThat(usage(api, org, "serviceAccounts")).isEqualTo(1);
    assertThat(createServiceAccount(api, owner, org, "three").status()).isEqualTo(201);
    assertThat(usage(api, org, "serviceAccounts")).isEqualTo(2);
  }

  @Test
  void concurrentServiceAccountsNeverExceedTheCap() throws Exception {
    Api api = api(100, 100, 3);
    User owner = api.user("owner");
    String org = api.createOrg(owner, "Machine rush");
    List<Response> answers = concurrently(8, i -> createServiceAccount(api, owner, org, "bot " + i));
    long created = answers.stream().filter(r -> r.status() == 201).count();
    assertThat(created).as(answers.toString()).isLessThanOrEqualTo(3).isPositive();
    assertLosersGot(answers, 201, "service-account-limit");
    assertThat(usage(api, org, "serviceAccounts")).isEqualTo(created);
    assertThat(api.call(owner, "GET", "/orgs/" + org + "/service-accounts").json().get("items").size())
        .isEqualTo((int) created);
    for (long i = created; i < 3; i++) {
      assertThat(createServiceAccount(api, owner, org, "later " + i).status()).isEqualTo(201);
    }
    assertCap(createServiceAccount(api, owner, org, "one too many"), "service-account-limit", 3, "service accounts");
  }

  @Test
  void theCustomRoleCapAnswers409NamingTheLimit() {
    Api api = api(100, 2, 100);
    User owner = api.user("owner");
    String org = api.createOrg(owner, "Roles");
    String first = api.call(owner, "POST", "/orgs/" + org + "/roles", Api.json("name", "One")).json().get("id")
        .asText();
    assertThat(api.call(owner, "POST", "/orgs/" + org + "/roles", Api.json("name", "Two")).status()).isEqualTo(201);
    assertCap(api.call(owner, "POST", "/orgs/" + org + "/roles", Api.json("name", "Three")), "role-limit", 2,
        "custom roles");
    assertThat(api.call(owner, "DELETE", "/orgs/" + org + "/roles/" + first).status()).isEqualTo(204);
    assertThat(api.call(owner, "POST", "/orgs/" + org + "/roles", Api.json("name", "Three")).status()).isEqualTo(201);
  }

  @Test
  void concurrentCustomRolesNeverExceedTheCap() throws Exception {
    Api api = api(100, 3, 100);
    User owner = api.user("owner");
    String org = api.createOrg(owner, "Role rush");
    List<Response> answers = concurrently(8, i -> api.call(owner, "POST", "/orgs/" + org + "/roles",
        Api.json("name", "Rushed " + i)));
    long created = answers.stream().filter(r -> r.status() == 201).count();
    assertThat(created).as(answers.toString()).isLessThanOrEqualTo(3).isPositive();
    assertLosersGot(answers, 201, "role-limit");
    long custom = 0;
    for (JsonNode role : api.call(owner, "GET", "/orgs/" + org + "/roles").json().get("items")) {
      custom += role.path("builtIn").asBoolean() ? 0 : 1;
    }
    assertThat(custom).isEqualTo(created);
    for (long i = created; i < 3; i++) {
      assertThat(api.call(owner, "POST", "/orgs/" + org + "/roles", Api.json("name", "Later " + i)).status())
          .isEqualTo(201);
    }
    assertCap(api.call(owner, "POST", "/orgs/" + org + "/roles", Api.json("name", "One too many")), "role-limit", 3,
        "custom roles");
  }

  // ------------------------------------------------------------------ helpers

  /** Every request that did not succeed met the cap or lost a write race: nothing else. */
  private static void assertLosersGot(List<Response> answers, int success, String capCode) {
    for (Response answer : answers) {
      if (answer.status() != success) {
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(409);
        assertThat(answer.json().path("type").asText()).as(answer.json().toString())
            .isIn(PROBLEM + capCode, PROBLEM + "concurrent-change");
      }
    }
  }

  private static void assertCap(Response response, String code, int limit, String things) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(409);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.json().path("type").asText()).isEqualTo(PROBLEM + code);
    assertThat(response.json().path("title").asText())
        .isEqualTo("Limit of " + things + " per organisation reached");
    assertThat(response.json().path("limit").asInt()).isEqualTo(limit);
    assertThat(response.json().path("status").asInt()).isEqualTo(409);
  }

  /** The counter and the open invitations it counts agree. */
  private static void assertCounted(Api api, String org, int open) {
    int slots = api.env.adminClient().queryPaginator(QueryRequest.builder().tableName(api.table)
        .keyConditionExpression("pk = :pk AND begins_with(sk, :open)")
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ORG#" + org),
            ":open", AttributeValue.fromS("INVITE#OPEN#")))
        .consistentRead(true).build()).items().stream().mapToInt(item -> 1).sum();
    assertThat(slots).as("open invitation slots").isEqualTo(open);
    assertThat(usage(api, org, "pendingInvitations")).as("counted open invitations").isEqualTo(open);
  }

  private static long usage(Api api, String org, String counter) {
    Map<String, AttributeValue> item = api.env.adminClient().getItem(r -> r.tableName(api.table).consistentRead(true)
        .key(Map.of("pk", AttributeValue.fromS("ORG#" + org), "sk", AttributeValue.fromS("USAGE")))).item();
    AttributeValue value = item == null ? null : item.get(counter);
    return value == null ? 0 : Long.parseLong(value.n());
  }

  private static Response invite(Api api, User owner, String org, User... invitees) {
    List<String> emails = new ArrayList<>();
    for (User invitee : invitees) {
      emails.add(invitee.email());
    }
    return api.call(owner, "POST", "/orgs/" + org + "/invitations", body(emails));
  }

  private static String body(List<String> emails) {
    com.fasterxml.jackson.databind.node.ArrayNode array = Json.array();
    emails.forEach(array::add);
    return Json.text(Json.object().set("emails", array));
  }

  private static Response createServiceAccount(Api api, User owner, String org, String name) {
    return api.call(owner, "POST", "/orgs/" + org + "/service-accounts",
        "{\"name\":\"" + name + "\",\"roles\":[\"member\"]}");
  }

  private static String invitationIdOf(Api api, User owner, String org, User invitee) {
    return invitationIdOf(api, owner, org, invitee, "pending");
  }

  private static String invitationIdOf(Api api, User owner, String org, User invitee, String status) {
    for (JsonNode invitation : api.call(owner, "GET", "/orgs/" + org + "/invitations?status=" + status).json()
        .get("items")) {
      if (invitation.path("email").asText().equals(invitee.email())) {
        return invitation.path("id").asText();
      }
    }
    throw new AssertionError("no pending invitation for " + invitee.email());
  }


  private interface Call {
    Response call(int index) throws Exception;
  }

  /** Runs {@code count} calls at once (released together) and returns their answers. */
  private static List<Response> concurrently(int count, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Response>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        Callable<Response> task = () -> {
          start.await();
          return call.call(index);
        };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<Response> answers = new ArrayList<>();
      for (Future<Response> future : futures) {
        answers.add(future.get());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }
}
