package io.usersroles.functions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every change a request makes writes exactly one audit event, listed by {@code GET
 * /orgs/{orgId}/audit-events} newest first: who did it, what, to whom, with the fields an update changed,
 * and never a token or a secret. Each step below makes one request and finds one new event.
 */
class AuditEventsTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final String orgId = api.createOrg(owner, "Audited Co");

  private String events() {
    return "/orgs/" + orgId + "/audit-events";
  }

  private List<JsonNode> list(String query) {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    do {
      Response page = api.call(owner, "GET", events() + "?limit=100" + (query.isEmpty() ? "" : "&" + query)
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
      assertThat(page.status()).as(page.json().toString()).isEqualTo(200);
      page.json().get("items").forEach(all::add);
      cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
    } while (cursor != null);
    return all;
  }

  /** Runs {@code request}, asserts that it wrote exactly one event and returns it. */
  private JsonNode oneEvent(Supplier<Response> request, int status) {
    int before = api.auditEventCount();
    Response response = request.get();
    assertThat(response.status()).as(response.json() == null ? "" : response.json().toString()).isEqualTo(status);
    assertThat(api.auditEventCount()).as("events written by one request").isEqualTo(before + 1);
    return list("").get(0);
  }

  private void noEvent(Supplier<Response> request, int status) {
    int before = api.auditEventCount();
    assertThat(request.get().status()).isEqualTo(status);
    assertThat(api.auditEventCount()).as("a request that changes nothing writes no event").isEqualTo(before);
  }

  private static void assertEvent(JsonNode event, String action, User actor, String... targetIds) {
    assertThat(event.get("action").asText()).isEqualTo(action);
    assertThat(event.get("actor").get("type").asText()).isEqualTo("user");
    assertThat(event.get("actor").get("id").asText()).isEqualTo(actor.userId());
    assertThat(event.get("id").asText()).startsWith("evt_");
    assertThat(event.get("requestId").asText()).isNotBlank();
    assertThat(event.get("targets").findValuesAsText("id")).containsExactly(targetIds);
  }

  @Test
  void organisations() {
    JsonNode created = list("").get(0);
    assertEvent(created, "org.created", owner, orgId);
    assertThat(created.get("orgId").asText()).isEqualTo(orgId);
    assertThat(created.get("targets").get(0).get("name").asText()).isEqualTo("Audited Co");

    JsonNode renamed = oneEvent(() -> api.call(owner, "PATCH", "/orgs/" + orgId, Api.json("name", "Audited Ltd")),
        200);
    assertEvent(renamed, "org.updated", owner, orgId);
    assertThat(renamed.get("changes").get("name").get("from").asText()).isEqualTo("Audited Co");
    assertThat(renamed.get("changes").get("name").get("to").asText()).isEqualTo("Audited Ltd");
    assertThat(renamed.get("changes").has("avatarUrl")).as("only fields that changed").isFalse();

    noEvent(() -> api.call(owner, "PATCH", "/orgs/" + orgId, Api.json("name", "Audited Ltd")), 200);
  }

  @Test
  void invitations() {
    User ada = api.user("ada");
    User bob = api.user("bob");
    JsonNode invited = oneEvent(() -> api.invite(owner, orgId, null, ada, bob), 200);
    List<String> ids = list("action=invitation.created").get(0).get("targets").findValuesAsText("id");
    assertEvent(invited, "invitation.created", owner, ids.toArray(String[]::new));
    assertThat(invited.get("targets").findValuesAsText("email")).containsExactly(ada.email(), bob.email());
    String adaInvitation = ids.get(0);
    String bobInvitation = ids.get(1);
    String invitationPath = "/orgs/" + orgId + "/invitations/";

    JsonNode resent = oneEvent(() -> api.call(owner, "POST", invitationPath + adaInvitation + "/resend"), 200);
    assertEvent(resent, "invitation.resent", owner, adaInvitation);

    JsonNode updated = oneEvent(() -> api.call(owner, "PATCH", invitationPath + adaInvitation,
        "{\"roles\":[\"instance_accessor\"]}"), 200);
    assertEvent(updated, "invitation.updated", owner, adaInvitation);
    assertThat(updated.get("changes").get("roles").get("from").toString()).isEqualTo("[\"member\"]");
    assertThat(updated.get("changes").get("roles").get("to").toString()).isEqualTo("[\"instance_accessor\"]");

    String token = api.latestToken(ada.email());
    JsonNode accepted = oneEvent(() -> api.call(ada, "POST", "/invitations/accept", Api.json("token", token)), 200);
    assertEvent(accepted, "invitation.accepted", ada, adaInvitation, ada.userId());
    assertThat(accepted.get("orgId").asText()).isEqualTo(orgId);

    JsonNode cancelled = oneEvent(() -> api.call(owner, "DELETE", invitationPath + bobInvitation), 204);
    assertEvent(cancelled, "invitation.cancelled", owner, bobInvitation);
    noEvent(() -> api.call(owner, "DELETE", invitationPath + bobInvitation), 204);

    User cy = api.user("cy");
    api.invite(owner, orgId, null, cy);
    String cyInvitation = list("action=invitation.created").get(0).get("targets").get(0).get("id").asText();
    JsonNode declined = oneEvent(() -> api.call(cy, "POST", "/me/invitations/" + cyInvitation + "/decline"), 204);
    assertEvent(declined, "invitation.declined", cy, cyInvitation);

    // no link token, in any event
    assertThat(list("").toString()).doesNotContain(token);
  }

  @Test
  void members() {
    User member = api.user("member");
    api.join(owner, orgId, member, null);
    String roles = "/orgs/" + orgId + "/users/" + member.userId() + "/roles";

    JsonNode changed = oneEvent(() -> api.call(owner, "PUT", roles, "{\"roles\":[\"member\",\"owner\"]}"), 200);
    assertEvent(changed, "member.roles_updated", owner, member.userId());
    assertThat(changed.get("targets").get(0).get("email").asText()).isEqualTo(member.email());
    assertThat(changed.get("changes").get("roles").get("from").toString()).isEqualTo("[\"member\"]");
    assertThat(changed.get("changes").get("roles").get("to").toString()).isEqualTo("[\"member\",\"owner\"]");
    noEvent(() -> api.call(owner, "PUT", roles, "{\"roles\":[\"member\",\"owner\"]}"), 200);

    JsonNode left = oneEvent(() -> api.call(member, "POST", "/orgs/" + orgId + "/leave"), 204);
    assertEvent(left, "member.left", member, member.userId());

    User other = api.user("other");
    api.join(owner, orgId, other, null);
    JsonNode removed = oneEvent(() -> api.call(owner, "DELETE", "/orgs/" + orgId + "/users/" + other.userId()),
        204);
    assertEvent(removed, "member.removed", owner, other.userId());
  }

  @Test
  void roles() {
    User member = api.user("holder");
    api.join(owner, orgId, member, null);
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/roles",
        "{\"name\":\"Ops\",\"permissions\":[\"members:view\"],\"users\":[\"" + member.userId() + "\"]}");
    assertThat(created.status()).isEqualTo(201);
    String roleId = created.json().get("id").asText();
    JsonNode roleCreated = list("").get(0);
    assertEvent(roleCreated, "role.created", owner, roleId, member.userId());

    JsonNode updated = oneEvent(() -> api.call(owner, "PUT", "/orgs/" + orgId + "/roles/" + roleId,
        "{\"name\":\"Operations\",\"permissions\":[\"members:view\",\"logs:view\"],\"users\":[]}"), 200);
    assertEvent(updated, "role.updated", owner, roleId, member.userId());
    assertThat(updated.get("changes").get("name").get("to").asText()).isEqualTo("Operations");
    assertThat(updated.get("changes").get("permissions").get("to").toString())
        .isEqualTo("[\"logs:view\",\"members:view\"]");
    assertThat(updated.get("changes").get("users").get("from").toString()).isEqualTo("[\"" + member.userId() + "\"]");
    assertThat(updated.get("changes").get("users").get("to").toString()).isEqualTo("[]");

    api.call(owner, "PUT", "/orgs/" + orgId + "/users/" + member.userId() + "/roles",
        "{\"roles\":[\"member\",\"" + roleId + "\"]}");
    User invitee = api.user("invitee");
    api.invite(owner, orgId, "[\"" + roleId + "\"]", invitee);
    String invitationId = list("action=invitation.created").get(0).get("targets").get(0).get("id").asText();
    JsonNode deleted = oneEvent(() -> api.call(owner, "DELETE", "/orgs/" + orgId + "/roles/" + roleId), 204);
    // the role, then each holder and open invitation it was taken off
    assertEvent(deleted, "role.deleted", owner, roleId, member.userId(), invitationId);
  }

  @Test
  void serviceAccounts() {
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts",
        "{\"name\":\"ci\",\"roles\":[\"member\"]}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("id").asText();
    String secret = created.json().get("secret").asText();
    assertEvent(list("").get(0), "service_account.created", owner, id);
    String path = "/orgs/" + orgId + "/service-accounts/" + id;

    JsonNode updated = oneEvent(() -> api.call(owner, "PATCH", path, "{\"description\":\"Deploys\"}"), 200);
    assertEvent(updated, "service_account.updated", owner, id);
    assertThat(updated.get("changes").get("description").get("from").asText()).isEmpty();
    assertThat(updated.get("changes").get("description").get("to").asText()).isEqualTo("Deploys");

    Response rotated = api.call(owner, "POST", path + "/secret");
    assertThat(rotated.status()).isEqualTo(200);
    assertEvent(list("").get(0), "service_account.secret_rotated", owner, id);
    String newSecret = rotated.json().get("secret").asText();

    // reading changes nothing; a service account that changes something is the event's actor
    noEvent(() -> api.call("Bearer " + newSecret, "GET", "/orgs/" + orgId, null), 200);
    Response admin = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts",
        "{\"name\":\"admin bot\",\"roles\":[\"owner\"]}");
    String adminId = admin.json().get("id").asText();
    JsonNode byMachine = oneEvent(() -> api.call("Bearer " + admin.json().get("secret").asText(), "PATCH",
        "/orgs/" + orgId, Api.json("name", "Renamed by a machine")), 200);
    assertThat(byMachine.get("action").asText()).isEqualTo("org.updated");
    assertThat(byMachine.get("actor").get("type").asText()).isEqualTo("service_account");
    assertThat(byMachine.get("actor").get("id").asText()).isEqualTo(adminId);

    JsonNode deleted = oneEvent(() -> api.call(owner, "DELETE", path), 204);
    assertEvent(deleted, "service_account.deleted", owner, id);

    assertThat(list("").toString()).doesNotContain(secret).doesNotContain(newSecret);
  }

  @Test
  void filtersAndPages() {
    User ada = api.user("fada");
    api.join(owner, orgId, ada, null);
    for (int i = 0; i < 3; i++) {
      api.call(owner, "PATCH", "/orgs/" + orgId, Api.json("name", "Name " + i));
    }
    List<JsonNode> all = list("");
    // newest first: the renames, then the join (accepted, created), then the org
    assertThat(all).extracting(e -> e.get("action").asText()).containsExactly("org.updated", "org.updated",
        "org.updated", "invitation.accepted", "invitation.created", "org.created");
    List<Instant> times = all.stream().map(e -> Instant.parse(e.get("at").asText())).toList();
    assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));

    assertThat(list("action=org.updated")).hasSize(3);
    assertThat(list("actorId=" + ada.userId())).extracting(e -> e.get("action").asText())
        .containsExactly("invitation.accepted");
    assertThat(list("targetId=" + ada.userId())).extracting(e -> e.get("action").asText())
        .containsExactly("invitation.accepted");
    Instant joined = times.get(3);
    assertThat(list("since=" + joined)).hasSize(4);
    assertThat(list("until=" + joined)).hasSize(2);

    Response page = api.call(owner, "GET", events() + "?limit=2");
    assertThat(page.json().get("items")).hasSize(2);
    Response next = api.call(owner, "GET", events() + "?limit=2&cursor="
        + URLEncoder.encode(page.json().get("nextCursor").asText(), StandardCharsets.UTF_8));
    assertThat(next.json().get("items").get(0).get("id").asText()).isEqualTo(all.get(2).get("id").asText());
    // a cursor belongs to its query
    assertThat(api.call(owner, "GET", events() + "?limit=2&action=org.updated&cursor="
        + URLEncoder.encode(page.json().get("nextCursor").asText(), StandardCharsets.UTF_8)).status()).isEqualTo(400);

    assertThat(api.call(owner, "GET", events() + "?action=org.exploded").status()).isEqualTo(400);
    assertThat(api.call(owner, "GET", events() + "?since=yesterday").status()).isEqualTo(400);
    assertThat(api.call(owner, "GET", events() + "?since=" + joined + "&until=" + joined).status()).isEqualTo(400);
    // a member without audit:view
    assertThat(api.call(ada, "GET", events()).status()).isEqualTo(403);
  }

  @Test
  void theReminderJobWritesOneRemindedAndOneExpiredEventPerOrganisationAndRun() {
    User otherOwner = api.user("other-owner");
    String otherOrg = api.createOrg(otherOwner, "Other Co");
    api.invite(owner, orgId, null, api.user("r1"), api.user("r2"));
    api.invite(otherOwner, otherOrg, null, api.user("r3"));

    api.clock.advance(Duration.ofDays(3).plusMinutes(1));
    JsonNode report = api.runReminderJob();
    assertThat(report.get("reminded").asInt()).isGreaterThanOrEqualTo(3);
    List<JsonNode> reminded = list("action=invitation.reminded");
    assertThat(reminded).hasSize(1);
    assertThat(reminded.get(0).get("targets")).hasSize(2);
    assertThat(reminded.get(0).get("actor").get("type").asText()).isEqualTo("system");
    assertThat(reminded.get(0).get("actor").get("id").asText()).isEqualTo("invitation-reminders");
    Response other = api.call(otherOwner, "GET", "/orgs/" + otherOrg + "/audit-events?action=invitation.reminded");
    assertThat(other.json().get("items")).hasSize(1);
    assertThat(other.json().get("items").get(0).get("targets")).hasSize(1);

    api.clock.advance(Duration.ofDays(5));
    api.runReminderJob();
    List<JsonNode> expired = list("action=invitation.expired");
    assertThat(expired).hasSize(1);
    assertThat(expired.get(0).get("targets")).hasSize(2);
    assertThat(api.call(otherOwner, "GET", "/orgs/" + otherOrg + "/audit-events?action=invitation.expired")
        .json().get("items")).hasSize(1);
  }
}
