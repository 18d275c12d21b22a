package io.usersroles.functions.me;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.store.Keys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /me} through the gateway, the real authorizer and handler, on DynamoDB Local: a person's
 * organisations with its roles, the open invitations addressed to its verified email, what it costs
 * (counted by an SDK interceptor), and what leaves the lists.
 */
class MeTest extends MeRoutesFixture {
  private static final Duration PAST_EXPIRY = Duration.ofDays(7).plusMinutes(1);

  @Test
  void aPersonSeesItsOrganisationsWithItsRolesAndTheOpenInvitationsToItsEmail() {
    User ada = api.user("ada");
    api.join(owner, orgId, ada, "[\"instance_accessor\"]");
    User bob = api.user("bob");
    String bobsOrg = api.createOrg(bob, "Beta Works");
    assertThat(api.call(bob, "PATCH", "/orgs/" + bobsOrg, "{\"avatarUrl\":\"https://cdn.example.com/beta.png\"}")
        .status()).isEqualTo(200);
    api.join(bob, bobsOrg, ada, "[\"owner\"]");
    User cy = api.user("cy");
    String cysOrg = api.createOrg(cy, "Zeta Labs");
    String invitationId = invite(cy, cysOrg, "[\"member\",\"instance_accessor\"]", ada);

    JsonNode me = overview(ada);

    assertThat(me.get("userId").asText()).isEqualTo(ada.userId());
    assertThat(me.get("email").asText()).isEqualTo(ada.email());
    assertThat(me.get("orgs").toString()).isEqualTo("[{\"orgId\":\"" + orgId + "\",\"name\":\"Acme Rockets\","
        + "\"avatarUrl\":null,\"roles\":[\"instance_accessor\"]},{\"orgId\":\"" + bobsOrg + "\",\"name\":\"Beta Works\","
        + "\"avatarUrl\":\"https://cdn.example.com/beta.png\",\"roles\":[\"owner\"]}]");
    assertThat(me.get("invitations")).hasSize(1);
    JsonNode invitation = me.get("invitations").get(0);
    assertThat(invitation.get("id").asText()).isEqualTo(invitationId);
    assertThat(invitation.get("orgId").asText()).isEqualTo(cysOrg);
    assertThat(invitation.get("orgName").asText()).isEqualTo("Zeta Labs");
    assertThat(invitation.get("roles").toString()).isEqualTo("[\"member\",\"instance_accessor\"]");
    assertThat(invitation.get("invitedBy").asText()).isEqualTo(cy.userId());
    assertThat(Instant.parse(invitation.get("expiresAt").asText())).isAfter(Instant.now().plus(Duration.ofDays(6)));

    // the inviters see their own side only
    assertThat(ids(overview(cy), "orgs")).containsExactly(cysOrg);
    assertThat(ids(overview(cy), "invitations")).isEmpty();
  }

  @Test
  void twentyOrganisationsAndFiveInvitationsCostThreeDynamoDbRoundTrips() {
    User busy = api.user("busy");
    List<String> orgs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      orgs.add(api.createOrg(busy, "Org " + (char) ('A' + i)));
    }
    for (int i = 0; i < 5; i++) {
      User inviter = api.user("inviter" + i);
      invite(inviter, api.createOrg(inviter, "Inviting " + i), null, busy);
    }

    api.dynamoDbRequests.reset();
    JsonNode me = overview(busy);

    assertThat(api.dynamoDbRequests.operations()).as("one query per index partition, one batch read of the orgs")
        .containsExactly("Query", "Query", "BatchGetItem");
    assertThat(ids(me, "orgs")).containsExactlyElementsOf(orgs); // by name: Org A .. Org T
    assertThat(me.get("invitations")).hasSize(5);
    assertThat(me.get("orgs")).allSatisfy(org -> assertThat(org.get("roles").toString()).isEqualTo("[\"owner\"]"));
  }

  @Test
  void someoneWithNothingCostsOneQueryAndAnUnverifiedEmailSeesNoInvitations() {
    User nobody = api.user("nobody");
    api.dynamoDbRequests.reset();
    JsonNode me = overview(nobody);
    assertThat(me.get("orgs")).isEmpty();
    assertThat(me.get("invitations")).isEmpty();
    assertThat(api.dynamoDbRequests.operations()).containsExactly("Query", "Query");

    User unverified = api.user("unverified", false, List.of());
    invite(owner, orgId, null, unverified);
    api.dynamoDbRequests.reset();
    assertThat(overview(unverified).get("invitations")).as("the address is not known to be theirs").isEmpty();
    assertThat(api.dynamoDbRequests.operations()).as("not even looked up").containsExactly("Query");
    assertThat(ids(overview(withEmailVerified(unverified, true)), "invitations")).hasSize(1);
  }

  @Test
  void aTokenWithoutEmailOrNameShowsNulls() {
    Instant now = Instant.now();
    String token = api.env.identityProvider().sign(new JWTClaimsSet.Builder().issuer(LocalIdentityProvider.ISSUER)
        .audience(LocalIdentityProvider.AUDIENCE).subject("usr_noEmailAtAll").issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(600))).build());
    JsonNode me = overview(new User(null, "usr_noEmailAtAll", token));
    assertThat(me.toString()).isEqualTo("{\"userId\":\"usr_noEmailAtAll\",\"email\":null,\"name\":null,"
        + "\"orgs\":[],\"invitations\":[]}");
  }

  @Test
  void onlyOpenUnexpiredInvitationsAreListed() {
    User dee = api.user("dee");
    List<String> expected = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String name : List.of("Cancelled", "Accepted", "Declined", "Open", "Expiring")) {
      User inviter = api.user("inviter");
      String org = api.createOrg(inviter, name);
      String id = invite(inviter, org, null, dee);
      switch (name) {
        case "Cancelled" -> assertThat(api.call(inviter, "DELETE", "/orgs/" + org + "/invitations/" + id).status())
            .isEqualTo(204);
        case "Accepted" -> assertThat(accept(dee, id).status()).isEqualTo(200);
        case "Declined" -> assertThat(decline(dee, id).status()).isEqualTo(204);
        default -> { }
      }
      (name.equals("Open") || name.equals("Expiring") ? expected : others).add(id);
    }
    assertThat(ids(overview(dee), "invitations")).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(overview(dee).get("orgs").findValuesAsText("name")).containsExactly("Accepted");

    api.clock.advance(PAST_EXPIRY);
    assertThat(overview(dee).get("invitations")).as("past their expiry, not yet closed by the job").isEmpty();
    api.runReminderJob();
    assertThat(overview(dee).get("invitations")).isEmpty();
  }

  @Test
  void leavingAndBeingRemovedTakeTheOrganisationOffTheList() {
    User eve = api.user("eve");
    api.join(owner, orgId, eve, null);
    User fay = api.user("fay");
    String otherOrg = api.createOrg(fay, "Other");
    api.join(fay, otherOrg, eve, null);
    assertThat(ids(overview(eve), "orgs")).containsExactlyInAnyOrder(orgId, otherOrg);

    assertThat(api.call(eve, "POST", "/orgs/" + orgId + "/leave").status()).isEqualTo(204);
    assertThat(ids(overview(eve), "orgs")).containsExactly(otherOrg);
    assertThat(api.call(fay, "DELETE", "/orgs/" + otherOrg + "/users/" + eve.userId()).status()).isEqualTo(204);
    assertThat(overview(eve).get("orgs")).isEmpty();
  }

  @Test
  void roleChangesAndRenamesShowAtOnce() {
    User gus = api.user("gus");
    api.join(owner, orgId, gus, null);
    assertThat(api.call(owner, "PUT", "/orgs/" + orgId + "/users/" + gus.userId() + "/roles",
        "{\"roles\":[\"instance_accessor\"]}").status()).isEqualTo(200);
    assertThat(api.call(owner, "PATCH", "/orgs/" + orgId, "{\"name\":\"Acme Rockets GmbH\"}").status())
        .isEqualTo(200);
    JsonNode org = overview(gus).get("orgs").get(0);
    assertThat(org.get("roles").toString()).isEqualTo("[\"instance_accessor\"]");
    assertThat(org.get("name").asText()).isEqualTo("Acme Rockets GmbH");
  }

  @Test
  void aMembershipWrittenBeforeTheIndexJoinsItWhenItsRolesAreNextWritten() {
    User old = api.user("old");
    api.join(owner, orgId, old, null);
    // as an earlier release wrote it: no personKey
    api.env.adminClient().updateItem(r -> r.tableName(api.table)
        .key(Map.of(Keys.PARTITION_KEY, AttributeValue.fromS("ORG#" + orgId),
            Keys.SORT_KEY, AttributeValue.fromS("MEMBER#" + old.userId())))
        .updateExpression("REMOVE " + Keys.PERSON_KEY));
    assertThat(overview(old).get("orgs")).isEmpty();

    assertThat(api.call(owner, "PUT", "/orgs/" + orgId + "/users/" + old.userId() + "/roles",
        "{\"roles\":[\"member\",\"instance_accessor\"]}").status()).isEqualTo(200);
    assertThat(ids(overview(old), "orgs")).containsExactly(orgId);
  }

  @Test
  void closedInvitationsAndOtherItemsStayOutOfTheIndex() {
    User hal = api.user("hal");
    String id = invite(owner, orgId, null, hal);
    assertThat(decline(hal, id).status()).isEqualTo(204);
    Map<String, AttributeValue> closed = api.env.adminClient().getItem(r -> r.tableName(api.table)
        .consistentRead(true).key(Map.of(Keys.PARTITION_KEY, AttributeValue.fromS("ORG#" + orgId),
            Keys.SORT_KEY, AttributeValue.fromS("INVITE#CLOSED#" + id)))).item();
    assertThat(closed).doesNotContainKey(Keys.PERSON_KEY);
    Set<String> indexed = new java.util.TreeSet<>();
    api.env.adminClient().scanPaginator(r -> r.tableName(api.table).indexName(Keys.PERSON_INDEX)).items()
        .forEach(item -> indexed.add(item.get(Keys.ENTITY).s() + " " + item.get(Keys.PERSON_KEY).s().split("#")[0]));
    assertThat(indexed).containsExactly("membership USER");
  }

  @Test
  void serviceAccountsHaveNoOverview() {
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts",
        "{\"name\":\"robot\",\"roles\":[\"owner\"]}");
    Response response = api.call("Bearer " + created.json().get("secret").asText(), "GET", "/me", null);
    assertProblem(response, 403, "human-only");
  }
}
