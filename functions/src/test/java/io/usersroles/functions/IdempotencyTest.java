package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Idempotency;
import io.usersroles.functions.http.Problems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * {@code POST /orgs/{orgId}/invitations} and {@code POST /orgs/{orgId}/service-accounts}
 * with an {@code Idempotency-Key}: a repeat gets the first answer, never a second email or account.
 */
class IdempotencyTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final String orgId = api.createOrg(owner, "Idempotent Co");

  private static Map<String, String> key(String key) {
    return Map.of(Idempotency.HEADER, key);
  }

  private Response invite(User caller, String org, String key, User... invitees) {
    StringBuilder emails = new StringBuilder();
    for (User invitee : invitees) {
      emails.append(emails.length() == 0 ? "" : ",").append('"').append(invitee.email()).append('"');
    }
    return api.call(caller, "POST", "/orgs/" + org + "/invitations", "{\"emails\":[" + emails + "]}", key(key));
  }

  private Response createAccount(User caller, String org, String key, String name) {
    return api.call(caller, "POST", "/orgs/" + org + "/service-accounts",
        "{\"name\":\"" + name + "\",\"roles\":[\"member\"]}", key(key));
  }

  private int accounts(String org) {
    Response list = api.call(owner, "GET", "/orgs/" + org + "/service-accounts");
    assertThat(list.status()).isEqualTo(200);
    return list.json().get("items").size();
  }

  private int invitations(String org) {
    Response list = api.call(owner, "GET", "/orgs/" + org + "/invitations");
    assertThat(list.status()).isEqualTo(200);
    return list.json().get("items").size();
  }

  private static void assertProblem(Response response, int status, String code) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    if (code != null) {
      assertThat(response.json().get("type").asText()).isEqualTo(Problems.TYPE_PREFIX + code);
    }
  }

  @Test
  void aRepeatedInvitationGetsTheSameAnswerAndSendsOneEmail() {
    User alice = api.user("alice");
    Response first = invite(owner, orgId, "invite-alice-1", alice);
    Response again = invite(owner, orgId, "invite-alice-1", alice);

    assertThat(first.status()).as(first.json().toString()).isEqualTo(200);
    assertThat(first.json().get("results").get(0).get("status").asText()).isEqualTo("invited");
    assertThat(first.headers()).doesNotContainKey(Idempotency.REPLAYED_HEADER);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(again.headers()).containsEntry(Idempotency.REPLAYED_HEADER, "true")
        .containsEntry("Content-Type", "application/json");
    assertThat(api.emailsTo(alice.email())).hasSize(1);
    assertThat(invitations(orgId)).isEqualTo(1);

    // without the key the same body runs again: alice is already invited
    Response plain = api.call(owner, "POST", "/orgs/" + orgId + "/invitations",
        "{\"emails\":[\"" + alice.email() + "\"]}");
    assertThat(plain.json().get("results").get(0).get("status").asText()).isEqualTo("already_invited");
  }

  @Test
  void aRepeatedServiceAccountCreationReturnsTheSameAccountAndAWorkingSecret() {
    Response first = createAccount(owner, orgId, "deploy-bot-1", "deploy");
    Response again = createAccount(owner, orgId, "deploy-bot-1", "deploy");

    assertThat(first.status()).as(first.json().toString()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(again.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
    String secret = again.json().get("secret").asText();
    assertThat(secret).isEqualTo(first.json().get("secret").asText());
    assertThat(accounts(orgId)).isEqualTo(1);
    assertThat(api.call("Bearer " + secret, "GET", "/orgs/" + orgId, null).status()).isEqualTo(200);

    // the recorded answer is in the table, sealed: neither the secret nor its random part in clear
    String dump = api.env.adminClient().scanPaginator(ScanRequest.builder().tableName(api.table).build()).items()
        .stream().map(Object::toString).reduce("", String::concat);
    assertThat(dump).contains("IDEMPOTENCY#", "expireItemAt")
        .doesNotContain(secret).doesNotContain(secret.substring("uars_".length()));
  }

  @Test
  void theSameKeyWithAnotherBodyIs422AndWritesNothing() {
    User alice = api.user("alice");
    User bob = api.user("bob");
    assertThat(invite(owner, orgId, "k", alice).status()).isEqualTo(200);
    assertThat(createAccount(owner, orgId, "k", "one").status()).isEqualTo(201);
    int items = api.itemCount();

    assertProblem(invite(owner, orgId, "k", bob), 422, "idempotency-key-reused");
    assertProblem(createAccount(owner, orgId, "k", "two"), 422, "idempotency-key-reused");

    assertThat(api.itemCount()).isEqualTo(items);
    assertThat(api.emailsTo(bob.email())).isEmpty();
    assertThat(accounts(orgId)).isEqualTo(1);
  }

  @Test
  void differentKeysAreDifferentOperations() {
    Response one = createAccount(owner, orgId, "first", "bot");
    Response two = createAccount(owner, orgId, "second", "bot");
    assertThat(one.status()).isEqualTo(201);
    assertThat(two.status()).isEqualTo(201);
    assertThat(two.json().get("id").asText()).isNotEqualTo(one.json().get("id").asText());
    assertThat(accounts(orgId)).isEqualTo(2);
  }

  @Test
  void concurrentRequestsWithOneKeyRunOnce() throws Exception {
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Response>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return createAccount(owner, orgId, "race", "racer");
        }));
      }
      start.countDown();
      List<Response> created = new ArrayList<>();
      for (Future<Response> future : futures) {
        Response response = future.get(60, TimeUnit.SECONDS);
        if (response.status() == 409) {
          assertProblem(response, 409, "idempotency-key-in-use");
          assertThat(response.headers()).containsKey("Retry-After");
        } else {
          assertThat(response.status()).as(response.json().toString()).isEqualTo(201);
          created.add(response);
        }
      }
      assertThat(created).isNotEmpty();
      assertThat(created).extracting(response -> response.json().get("id").asText()).containsOnly(
          created.get(0).json().get("id").asText());
    } finally {
      pool.shutdownNow();
    }
    assertThat(accounts(orgId)).isEqualTo(1);
    // once the first finished, a repeat replays
    Response later = createAccount(owner, orgId, "race", "racer");
    assertThat(later.status()).isEqualTo(201);
    assertThat(later.headers()).containsEntry(Idempotency.REPLAYED_HEADER, "true");
  }

  @Test
  void keysAreScopedPerOrgAndPerCaller() {
    String otherOrg = api.createOrg(owner, "Other Co");
    User admin = api.user("admin"); // a second owner
    api.join(owner, orgId, admin, "[\"owner\"]");

    Response here = createAccount(owner, orgId, "shared-key", "bot");
    Response there = createAccount(owner, otherOrg, "shared-key", "bot");
    Response byAdmin = createAccount(admin, orgId, "shared-key", "bot");

    assertThat(List.of(here.status(), there.status(), byAdmin.status())).containsOnly(201);
    assertThat(byAdmin.headers()).doesNotContainKey(Idempotency.REPLAYED_HEADER);
    assertThat(there.headers()).doesNotContainKey(Idempotency.REPLAYED_HEADER);
    assertThat(accounts(orgId)).isEqualTo(2);
    assertThat(accounts(otherOrg)).isEqualTo(1);
  }

  @Test
  void aKeyOlderThanADayRunsAgain() {
    Response first = createAccount(owner, orgId, "daily", "bot");
    api.clock.advance(Duration.ofHours(25));
    Response next = createAccount(owner, orgId, "daily", "bot");

    assertThat(next.status()).isEqualTo(201);
    assertThat(next.headers()).doesNotContainKey(Idempotency.REPLAYED_HEADER);
    assertThat(next.json().get("id").asText()).isNotEqualTo(first.json().get("id").asText());
    assertThat(accounts(orgId)).isEqualTo(2);
  }

  @Test
  void anInvalidKeyIs400() {
    int items = api.itemCount();
    for (String bad : List.of("", "   ", "x".repeat(256), "caf\u00e9", "tab\there", "line\nbreak")) {
      assertProblem(createAccount(owner, orgId, bad, "bot"), 400, "invalid-request");
    }
    assertThat(createAccount(owner, orgId, "x".repeat(255), "bot").status()).isEqualTo(201);
    // the account, its secret pointer, the key's record, and the org's usage counter (made by the first count)
    assertThat(api.itemCount()).isEqualTo(items + 4);
  }

  @Test
  void strangersAndMembersWithoutThePermissionAreRefusedBeforeAnythingIsRecorded() {
    User stranger = api.user("stranger");
    User member = api.user("member");
    api.join(owner, orgId, member, "[\"member\"]");
    int items = api.itemCount();

    assertProblem(createAccount(stranger, orgId, "k", "bot"), 404, null);
    assertProblem(invite(stranger, orgId, "k", api.user("x")), 404, null);
    assertProblem(createAccount(member, orgId, "k", "bot"), 403, null);
    assertProblem(invite(member, orgId, "k", api.user("y")), 403, null);
    // and with an invalid body or key too: access comes first
    assertProblem(api.call(stranger, "POST", "/orgs/" + orgId + "/service-accounts", "{", key("")), 404, null);

    assertThat(api.itemCount()).isEqualTo(items);
  }

  @Test
  void aBodyThatIsNoRequestIsRefusedWithoutClaimingTheKey() {
    int items = api.itemCount();
    for (String body : new String[] {"{", "[]", "{\"emails\":1}", "{\"name\":\"bot\"}", "{\"name\":\"bot\",\"x\":1}"}) {
      assertProblem(api.call(owner, "POST", "/orgs/" + orgId + "/invitations", body, key("first")), 400,
          "invalid-request");
      assertProblem(api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts", body, key("first")), 400,
          "invalid-request");
    }
    assertThat(api.itemCount()).isEqualTo(items);
    // the key is still free: a real request with it runs (not 422 for another body)
    assertThat(createAccount(owner, orgId, "first", "bot").status()).isEqualTo(201);
    assertThat(invite(owner, orgId, "first", api.user("carol")).status()).isEqualTo(200);
  }

  @Test
  void aClientErrorIsRecordedAndReplayedToo() {
    String body = "{\"name\":\"bot\",\"roles\":[\"no-such-role\"]}";
    Response first = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts", body, key("bad-roles"));
    Response again = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts", body, key("bad-roles"));
    assertThat(first.status()).isBetween(400, 499);
    assertThat(again.status()).isEqualTo(first.status());
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(again.headers()).containsEntry(Idempotency.REPLAYED_HEADER, "true")
        .containsEntry("Content-Type", "application/problem+json");
    assertThat(accounts(orgId)).isZero();
  }
}
