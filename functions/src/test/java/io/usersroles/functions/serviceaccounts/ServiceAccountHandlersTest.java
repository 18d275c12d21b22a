package io.usersroles.functions.serviceaccounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * POST/GET /orgs/{orgId}/service-accounts, POST .../{id}/secret and DELETE .../{id}
 * on DynamoDB Local: the secret's shape and strength, shown once; rotation and deletion taking effect
 * on the very next request; validation writing nothing; 403 for members, 404 for strangers; no
 * escalation.
 */
class ServiceAccountHandlersTest {
  /** {@code uars_} and 43 base64url characters: 32 random bytes, unpadded. */
  static final Pattern SECRET = Pattern.compile("uars_[A-Za-z0-9_-]{43}");

  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final User member = api.user("member");
  private final String orgId = api.createOrg(owner, "Machines Co");

  ServiceAccountHandlersTest() {
    api.join(owner, orgId, member, null);
  }

  private String accounts() {
    return "/orgs/" + orgId + "/service-accounts";
  }

  private Response create(User caller, String body) {
    return api.call(caller, "POST", accounts(), body);
  }

  /** Creates an account as {@code caller}, asserting 201, and returns the response body. */
  private JsonNode created(User caller, String name, String rolesJson) {
    Response created = create(caller, "{\"name\":" + Json.text(TextNode.valueOf(name)) + ",\"roles\":" + rolesJson + "}");
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created.json();
  }

  private Response rotate(User caller, String id) {
    return api.call(caller, "POST", accounts() + "/" + id + "/secret", null);
  }

  private Response delete(User caller, String id) {
    return api.call(caller, "DELETE", accounts() + "/" + id, null);
  }

  /** What a request authenticated with {@code secret} gets from a route every member may use. */
  private int statusWith(String secret) {
    return api.call("Bearer " + secret, "GET", "/orgs/" + orgId, null).status();
  }

  private Response list(User caller, String query) {
    return api.call(caller, "GET", accounts() + query, null);
  }

  private static byte[] randomPart(String secret) {
    return Base64.getUrlDecoder().decode(secret.substring("uars_".length()));
  }

  @Test
  void creatingAnswers201WithTheAccountAndASecretShownOnlyThere() {
    Instant before = api.clock.instant().minusMillis(1);
    Response response = create(owner, "{\"name\":\"  CI deployer  \",\"roles\":[\"member\",\"member\"]}");
    Instant after = api.clock.instant().plusMillis(1);

    assertThat(response.status()).as(response.json().toString()).isEqualTo(201);
    assertThat(response.contentType()).isEqualTo("application/json");
    JsonNode body = response.json();
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactlyInAnyOrder("id", "name", "description", "roles", "createdAt", "createdBy",
        "secret");
    assertThat(body.get("id").asText()).startsWith("sa_");
    assertThat(response.headers()).containsKey("Location");
    assertThat(response.headers().get("Location")).endsWith("/service-accounts/" + body.get("id").asText());
    assertThat(body.get("name").asText()).isEqualTo("CI deployer");
    assertThat(body.get("roles")).extracting(JsonNode::asText).containsExactly("member");
    assertThat(Instant.parse(body.get("createdAt").asText())).isBetween(before, after);
    assertThat(body.get("createdBy").asText()).isEqualTo(owner.userId());
    String secret = body.get("secret").asText();
    assertThat(secret).matches(SECRET);
    assertThat(randomPart(secret)).hasSize(32);

    // the list shows the same account, without any secret
    Response listed = list(owner, "");
    assertThat(listed.status()).isEqualTo(200);
    JsonNode item = listed.json().get("items").get(0);
    assertThat(listed.json().get("items")).hasSize(1);
    assertThat(item.get("id").asText()).isEqualTo(body.get("id").asText());
    assertThat(item.get("name").asText()).isEqualTo("CI deployer");
    assertThat(item.get("createdAt").asText()).isEqualTo(body.get("createdAt").asText());
    assertThat(item.get("createdBy").asText()).isEqualTo(owner.userId());
    assertThat(item.has("secret")).isFalse();
    String raw = listed.json().toString();
    assertThat(raw).doesNotContain(secret).doesNotContain(secret.substring(5)).doesNotContain("uars_");
  }

  @Test
  void secretsCarry256RandomBitsAndDifferEveryTime() {
    Set<String> secrets = new LinkedHashSet<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      JsonNode account = created(owner, "bot " + i, "[\"member\"]");
      ids.add(account.get("id").asText());
      secrets.add(account.get("secret").asText());
    }
    for (int i = 0; i < 4; i++) {
      Response rotated = rotate(owner, ids.get(0));
      assertThat(rotated.status()).as(rotated.json().toString()).isEqualTo(200);
      secrets.add(rotated.json().get("secret").asText());
    }
    assertThat(secrets).hasSize(10).allSatisfy(secret -> assertThat(secret).matches(SECRET));
    assertThat(new HashSet<>(ids)).hasSize(6);

    // 2,560 bits of secrets: a generator that is not uniformly random (zero bytes, a counter, a
    // timestamp) lands far outside 50 % ± 5 % ones (over 5 standard deviations)
    long ones = 0;
    Set<String> firstBytes = new HashSet<>();
    for (String secret : secrets) {
      byte[] bytes = randomPart(secret);
      assertThat(bytes).hasSize(32);
      for (byte b : bytes) {
        ones += Integer.bitCount(b & 0xff);
      }
      firstBytes.add(secret.substring(5, 9));
    }
    assertThat((double) ones / (secrets.size() * 256)).isBetween(0.45, 0.55);
    assertThat(firstBytes).hasSize(secrets.size());
  }

  @Test
  void theListIsPaginatedAndNeverShowsASecret() {
    Set<String> ids = new LinkedHashSet<>();
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JsonNode account = created(owner, "bot " + i, "[\"member\"]");
      ids.add(account.get("id").asText());
      secrets.add(account.get("secret").asText());
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Response page = list(owner, "?limit=2" + (cursor == null ? "" : "&cursor=" + encode(cursor)));
      assertThat(page.status()).as(page.json().toString()).isEqualTo(200);
      assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
      String raw = page.json().toString();
      for (String secret : secrets) {
        assertThat(raw).doesNotContain(secret).doesNotContain(secret.substring(5));
      }
      assertThat(raw).doesNotContain("secret");
      for (JsonNode item : page.json().get("items")) {
        List<String> fields = new ArrayList<>();
        item.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("id", "name", "description", "roles", "createdAt", "createdBy");
        seen.add(item.get("id").asText());
      }
      cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
      pages++;
      assertThat(pages).isLessThanOrEqualTo(5);
    } while (cursor != null);
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
    assertThat(pages).isEqualTo(3);

    Response all = list(member, "");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().get("items")).hasSize(5);
    assertThat(all.json().get("nextCursor").isNull()).isTrue();
  }

  @Test
  void cursorsAndLimitsThatTheServerDidNotIssueAre400() {
    for (int i = 0; i < 3; i++) {
      created(owner, "bot " + i, "[\"member\"]");
    }
    String cursor = list(owner, "?limit=1").json().get("nextCursor").asText();
    assertThat(list(owner, "?limit=1&cursor=" + encode(cursor)).status()).isEqualTo(200);

    // a readable position such as earlier releases issued, and a genuine cursor with one character changed
    String forgedPayload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("0|SA#".getBytes(StandardCharsets.UTF_8)) + "." + cursor;
    int middle = cursor.length() / 2;
    char flipped = cursor.charAt(middle) == 'A' ? 'B' : 'A';
    String altered = cursor.substring(0, middle) + flipped + cursor.substring(middle + 1);

    User otherOwner = api.user("other-owner");
    String otherOrg = api.createOrg(otherOwner, "Other Co");
    for (int i = 0; i < 2; i++) {
      Response made = api.call(otherOwner, "POST", "/orgs/" + otherOrg + "/service-accounts",
          "{\"name\":\"other " + i + "\",\"roles\":[\"member\"]}");
      assertThat(made.status()).isEqualTo(201);
    }
    String otherOrgsCursor = api.call(otherOwner, "GET", "/orgs/" + otherOrg + "/service-accounts?limit=1", null)
        .json().get("nextCursor").asText();
    String usersCursor = api.call(owner, "GET", "/orgs/" + orgId + "/users?limit=1", null)
        .json().get("nextCursor").asText();

    for (String bad : List.of("garbage", "", forgedPayload, altered, otherOrgsCursor, usersCursor)) {
      assertProblem(list(owner, "?limit=1&cursor=" + encode(bad)), 400, null);
    }
    for (String limit : List.of("0", "101", "abc", "-1")) {
      assertProblem(list(owner, "?limit=" + limit), 400, "limit");
    }
    assertThat(list(owner, "?limit=100").json().get("items")).hasSize(3);
  }

  @Test
  void rotationAnswersANewSecretAndTheOldOneFailsOnTheVeryNextRequest() {
    JsonNode account = created(owner, "rotating", "[\"member\"]");
    String id = account.get("id").asText();
    String first = account.get("secret").asText();
    assertThat(statusWith(first)).isEqualTo(200);
    int items = api.itemCount();

    Response rotated = rotate(owner, id);
    assertThat(rotated.status()).as(rotated.json().toString()).isEqualTo(200);
    assertThat(rotated.contentType()).isEqualTo("application/json");
    List<String> fields = new ArrayList<>();
    rotated.json().fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("secret");
    String second = rotated.json().get("secret").asText();
    assertThat(second).matches(SECRET).isNotEqualTo(first);

    Response old = api.call("Bearer " + first, "GET", "/orgs/" + orgId, null);
    assertProblem(old, 401, null);
    assertThat(old.headers()).containsEntry("WWW-Authenticate", "Bearer");
    assertThat(statusWith(second)).isEqualTo(200);
    // the secret's pointer moved: no item is left behind for the old secret
    assertThat(api.itemCount()).isEqualTo(items);

    // the account itself is unchanged, and rotating again kills the second secret at once
    JsonNode listed = list(owner, "").json().get("items").get(0);
    assertThat(listed.get("id").asText()).isEqualTo(id);
    assertThat(listed.get("createdAt").asText()).isEqualTo(account.get("createdAt").asText());
    String third = rotate(owner, id).json().get("secret").asText();
    assertThat(statusWith(second)).isEqualTo(401);
    assertThat(statusWith(first)).isEqualTo(401);
    assertThat(statusWith(third)).isEqualTo(200);
  }

  @Test
  void deletionAnswers204AndTheSecretFailsOnTheVeryNextRequest() {
    int items = api.itemCount();
    JsonNode account = created(owner, "doomed", "[\"member\"]");
    JsonNode kept = created(owner, "kept", "[\"member\"]");
    String id = account.get("id").asText();
    String secret = account.get("secret").asText();
    assertThat(statusWith(secret)).isEqualTo(200);

    Response deleted = delete(owner, id);
    assertThat(deleted.status()).as(deleted.json().toString()).isEqualTo(204);
    assertThat(deleted.json().isMissingNode()).isTrue();

    Response next = api.call("Bearer " + secret, "GET", "/orgs/" + orgId, null);
    assertProblem(next, 401, null);
    assertThat(next.headers()).containsEntry("WWW-Authenticate", "Bearer");
    assertThat(statusWith(kept.get("secret").asText())).isEqualTo(200);
    assertThat(list(owner, "").json().get("items")).extracting(item -> item.get("id").asText())
        .containsExactly(kept.get("id").asText());

    assertProblem(delete(owner, id), 404, null);
    assertProblem(rotate(owner, id), 404, null);
    assertThat(statusWith(secret)).isEqualTo(401);

    // both the account and its secret's pointer are gone
    assertThat(delete(owner, kept.get("id").asText()).status()).isEqualTo(204);
    assertThat(api.itemCount()).isEqualTo(items);
  }

  @Test
  void concurrentRotationsLeaveExactlyOneWorkingSecret() throws Exception {
    JsonNode account = created(owner, "raced", "[\"member\"]");
    String id = account.get("id").asText();
    int items = api.itemCount();

    List<Response> answers = race(6, i -> rotate(owner, id));

    List<String> issued = new ArrayList<>();
    for (Response answer : answers) {
      // a rotation that lost every retry says so; it never answers a secret that does not work
      assertThat(answer.status()).as(answer.json().toString()).isIn(200, 409);
      if (answer.status() == 200) {
        issued.add(answer.json().get("secret").asText());
      }
    }
    assertThat(issued).isNotEmpty().doesNotHaveDuplicates();
    List<String> working = new ArrayList<>();
    for (String secret : issued) {
      if (statusWith(secret) == 200) {
        working.add(secret);
      }
    }
    assertThat(working).hasSize(1);
    assertThat(statusWith(account.get("secret").asText())).isEqualTo(401);
    assertThat(api.itemCount()).isEqualTo(items);
  }

  @Test
  void rotationsRacingADeletionLeaveNoWorkingSecretAndNoItem() throws Exception {
    int items = api.itemCount();
    JsonNode account = created(owner, "raced", "[\"member\"]");
    String id = account.get("id").asText();

    List<Response> answers = race(6, i -> i == 3 ? delete(owner, id) : rotate(owner, id));

    for (Response answer : answers) {
      assertThat(answer.status()).as(answer.json().toString()).isIn(200, 204, 404, 409);
    }
    // the deletion may lose every retry to the rotations (409); then, alone, it succeeds
    assertThat(answers.get(3).status()).as(answers.get(3).json().toString()).isIn(204, 409);
    if (answers.get(3).status() == 409) {
      assertThat(delete(owner, id).status()).isEqualTo(204);
    }
    for (Response answer : answers) {
      if (answer.status() == 200) {
        assertThat(statusWith(answer.json().get("secret").asText())).isEqualTo(401);
      }
    }
    assertProblem(rotate(owner, id), 404, null);
    assertThat(statusWith(account.get("secret").asText())).isEqualTo(401);
    assertThat(api.itemCount()).isEqualTo(items);
  }

  @Test
  void deletingACustomRoleTakesItOffTheAccountsThatHeldIt() {
    Response role = api.call(owner, "POST", "/orgs/" + orgId + "/roles",
        "{\"name\":\"Upgraders\",\"permissions\":[\"clusters:upgrade\"]}");
    assertThat(role.status()).isEqualTo(201);
    String upgraders = role.json().get("id").asText();
    JsonNode account = created(owner, "upgrader", "[\"member\",\"" + upgraders + "\"]");
    String secret = account.get("secret").asText();
    String upgrade = "{\"action\":\"clusters:upgrade\"}";
    assertThat(api.call("Bearer " + secret, "POST", "/orgs/" + orgId + "/check", upgrade).json().get("allowed")
        .asBoolean()).isTrue();

    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/roles/" + upgraders, null).status()).isEqualTo(204);

    assertThat(api.call("Bearer " + secret, "POST", "/orgs/" + orgId + "/check", upgrade).json().get("allowed")
        .asBoolean()).isFalse();
    // like a member's, the account's roles name only roles that exist
    assertThat(list(owner, "").json().get("items").get(0).get("roles")).extracting(JsonNode::asText)
        .containsExactly("member");
    JsonNode row = api.call(owner, "GET", "/orgs/" + orgId + "/users?type=service_account", null).json()
        .get("items").get(0);
    assertThat(row.get("roles")).extracting(JsonNode::asText).containsExactly("member");
    assertThat(statusWith(secret)).isEqualTo(200);
  }

  /** Runs {@code count} requests at once and returns their answers in order. */
  private static List<Response> race(int count, java.util.function.IntFunction<Response> request)
      throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(count);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Response>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          start.await();
          return request.apply(index);
        }));
      }
      start.countDown();
      List<Response> answers = new ArrayList<>();
      for (java.util.concurrent.Future<Response> future : futures) {
        answers.add(future.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unknownAccountsAre404IncludingAnotherOrgsAccount() {
    assertProblem(rotate(owner, "sa_doesnotexist"), 404, null);
    assertProblem(delete(owner, "sa_doesnotexist"), 404, null);

    User otherOwner = api.user("other-owner");
    String otherOrg = api.createOrg(otherOwner, "Other Co");
    Response theirs = api.call(otherOwner, "POST", "/orgs/" + otherOrg + "/service-accounts",
        "{\"name\":\"theirs\",\"roles\":[\"owner\"]}");
    assertThat(theirs.status()).isEqualTo(201);
    String theirId = theirs.json().get("id").asText();
    String theirSecret = theirs.json().get("secret").asText();

    assertProblem(rotate(owner, theirId), 404, null);
    assertProblem(delete(owner, theirId), 404, null);
    // untouched: their secret still works in their org
    assertThat(api.call("Bearer " + theirSecret, "GET", "/orgs/" + otherOrg, null).status()).isEqualTo(200);
  }

  @Test
  void invalidBodiesAre400AndWriteNothing() {
    int items = api.itemCount();
    String longName = "n".repeat(101);
    List<String[]> cases = List.of(
        new String[] {"{}", "name"},
        new String[] {"{\"roles\":[\"member\"]}", "name"},
        new String[] {"{\"name\":\"bot\"}", "roles"},
        new String[] {"{\"name\":\"bot\",\"roles\":[\"rol_doesnotexist\"]}", "roles"},
        new String[] {"{\"name\":\"bot\",\"roles\":[\"member\",\"admin\"]}", "roles"},
        new String[] {"{\"name\":\"bot\",\"roles\":[\"member\"],\"extra\":1}", "extra"},
        new String[] {"{\"name\":\"bot\",\"roles\":[\"member\"],\"secret\":\"uars_mine\"}", "secret"},
        new String[] {"{\"name\":\"   \",\"roles\":[\"member\"]}", "name"},
        new String[] {"{\"name\":\"\",\"roles\":[\"member\"]}", "name"},
        new String[] {"{\"name\":\"" + longName + "\",\"roles\":[\"member\"]}", "name"},
        new String[] {"{\"name\":\"bad\\u0000name\",\"roles\":[\"member\"]}", "name"},
        new String[] {"{\"name\":7,\"roles\":[\"member\"]}", "name"},
        new String[] {"{\"name\":null,\"roles\":[\"member\"]}", "name"},
        new String[] {"{\"name\":\"bot\",\"roles\":\"member\"}", "roles"},
        new String[] {"{\"name\":\"bot\",\"roles\":[7]}", "roles"},
        new String[] {"{\"name\":\"bot\",\"roles\":null}", "roles"},
        new String[] {"not json", null},
        new String[] {"[]", null},
        new String[] {"", null});
    for (String[] bad : cases) {
      Response response = create(owner, bad[0]);
      assertThat(response.status()).as(bad[0] + " → " + response.json()).isEqualTo(400);
      assertProblem(response, 400, bad[1]);
    }
    assertProblem(create(owner, null), 400, null);
    assertThat(api.itemCount()).isEqualTo(items);
    assertThat(list(owner, "").json().get("items")).isEmpty();
  }

  @Test
  void membersWithoutServiceAccountsManageGet403AndWriteNothing() {
    JsonNode account = created(owner, "existing", "[\"member\"]");
    String id = account.get("id").asText();
    int items = api.itemCount();

    assertProblem(create(member, "{\"name\":\"mine\",\"roles\":[\"member\"]}"), 403, null);
    assertProblem(create(member, "{\"name\":\"mine\"}"), 403, null);
    assertProblem(create(member, "not json"), 403, null);
    assertProblem(rotate(member, id), 403, null);
    assertProblem(delete(member, id), 403, null);
    assertThat(api.itemCount()).isEqualTo(items);
    assertThat(statusWith(account.get("secret").asText())).isEqualTo(200);
    // members:view is enough to list
    assertThat(list(member, "").status()).isEqualTo(200);
  }

  @Test
  void strangersGet404WhateverTheySendAndAnonymousCallers401() {
    JsonNode account = created(owner, "existing", "[\"member\"]");
    String id = account.get("id").asText();
    User stranger = api.user("stranger");
    int items = api.itemCount();

    assertProblem(create(stranger, "{\"name\":\"mine\",\"roles\":[\"member\"]}"), 404, null);
    assertProblem(create(stranger, "{\"name\":\"\",\"roles\":[\"nope\"],\"extra\":1}"), 404, null);
    assertProblem(create(stranger, "not json"), 404, null);
    assertProblem(list(stranger, ""), 404, null);
    assertProblem(list(stranger, "?limit=abc&cursor=x"), 404, null);
    assertProblem(rotate(stranger, id), 404, null);
    assertProblem(delete(stranger, id), 404, null);
    assertProblem(create(stranger, "{\"name\":\"mine\",\"roles\":[\"member\"]}"), 404, null);
    assertProblem(api.call(stranger, "POST", "/orgs/org_doesnotexist/service-accounts",
        "{\"name\":\"mine\",\"roles\":[\"member\"]}"), 404, null);
    assertProblem(api.call((String) null, "POST", accounts(), "{\"name\":\"mine\",\"roles\":[\"member\"]}"), 401, null);
    assertProblem(api.call((String) null, "GET", accounts(), null), 401, null);
    assertThat(api.itemCount()).isEqualTo(items);
    assertThat(statusWith(account.get("secret").asText())).isEqualTo(200);
  }

  @Test
  void aManagerCanOnlyGiveAnAccountRolesWhosePermissionsItHolds() {
    Response role = api.call(owner, "POST", "/orgs/" + orgId + "/roles", "{\"name\":\"Machine keepers\","
        + "\"permissions\":[\"service-accounts:manage\"],\"users\":[\"" + member.userId() + "\"]}");
    assertThat(role.status()).as(role.json().toString()).isEqualTo(201);
    String keepers = role.json().get("id").asText();
    Response upgrader = api.call(owner, "POST", "/orgs/" + orgId + "/roles",
        "{\"name\":\"Upgraders\",\"permissions\":[\"clusters:upgrade\"]}");
    assertThat(upgrader.status()).isEqualTo(201);
    int items = api.itemCount();

    assertProblem(create(member, "{\"name\":\"root\",\"roles\":[\"owner\"]}"), 403, null);
    assertProblem(create(member, "{\"name\":\"root\",\"roles\":[\"member\",\"owner\"]}"), 403, null);
    // instance_accessor sees environments it did not create; a member sees only its own
    assertProblem(create(member, "{\"name\":\"peek\",\"roles\":[\"instance_accessor\"]}"), 403, null);
    assertProblem(create(member, "{\"name\":\"up\",\"roles\":[\"" + upgrader.json().get("id").asText() + "\"]}"),
        403, null);
    // an unknown role is still a bad request, for a manager as for the owner
    assertProblem(create(member, "{\"name\":\"x\",\"roles\":[\"rol_nope\"]}"), 400, "roles");
    assertThat(api.itemCount()).isEqualTo(items);

    JsonNode mine = created(member, "mine", "[\"member\",\"" + keepers + "\"]");
    assertThat(mine.get("createdBy").asText()).isEqualTo(member.userId());
    assertThat(mine.get("roles")).extracting(JsonNode::asText).containsExactly("member", keepers);
    Response rotatedMine = rotate(member, mine.get("id").asText());
    assertThat(rotatedMine.status()).as(rotatedMine.json().toString()).isEqualTo(200);

    // rotating an account would hand the caller its secret, so the same rule holds there
    JsonNode root = created(owner, "root", "[\"owner\"]");
    assertProblem(rotate(member, root.get("id").asText()), 403, null);
    assertThat(statusWith(root.get("secret").asText())).isEqualTo(200);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  static void assertProblem(Response response, int status, String field) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    if (field != null) {
      assertThat(response.json().get("errors")).as(response.json().toString())
          .anySatisfy(error -> assertThat(error.get("field").asText()).isEqualTo(field));
    }
  }
}
