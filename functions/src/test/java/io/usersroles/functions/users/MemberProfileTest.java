package io.usersroles.functions.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.testing.TestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

/**
 * A member's name and email in the users list follow the latest verified token it used: written when
 * they differ, and only then; the email only from a token whose email is verified, and only while no
 * other member holds it; never on the check path.
 */
class MemberProfileTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final User bob = api.user("bob");
  private final String orgId = api.createOrg(owner, "Profiles Co");

  MemberProfileTest() {
    api.join(owner, orgId, bob, null);
  }

  /** A token for Bob's subject saying what the identity provider says of him now. */
  private String bobSays(String email, boolean verified, String name) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(LocalIdentityProvider.ISSUER).audience(LocalIdentityProvider.AUDIENCE).subject(bob.userId())
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
        .claim("email", email).claim("email_verified", verified);
    if (name != null) {
      claims.claim("name", name);
    }
    return "Bearer " + api.env.identityProvider().sign(claims.build());
  }

  private JsonNode bobsRow() {
    Response users = api.call(owner, "GET", "/orgs/" + orgId + "/users?type=member&status=active&limit=100");
    for (JsonNode row : users.json().get("items")) {
      if (row.get("id").asText().equals(bob.userId())) {
        return row;
      }
    }
    throw new AssertionError("no row for bob in " + users.json());
  }

  @Test
  void aNewNameAndAVerifiedNewEmailReachTheUsersListOnTheMembersNextRequest() {
    assertThat(bobsRow().get("name").asText()).isEqualTo(bob.email());
    String newEmail = TestEnvironment.uniqueEmail("robert");

    assertThat(api.call(bobSays(newEmail, true, "Robert Builder"), "GET", "/orgs/" + orgId, null).status())
        .isEqualTo(200);

    JsonNode row = bobsRow();
    assertThat(row.get("name").asText()).isEqualTo("Robert Builder");
    assertThat(row.get("email").asText()).isEqualTo(newEmail);
    // the address claim moved with the email: the new address is a member's, the old one is free
    Response invited = api.call(owner, "POST", "/orgs/" + orgId + "/invitations",
        "{\"emails\":[\"" + newEmail + "\",\"" + bob.email() + "\"]}");
    assertThat(invited.json().at("/results/0/status").asText()).isEqualTo("already_member");
    assertThat(invited.json().at("/results/1/status").asText()).isEqualTo("invited");
  }

  @Test
  void anUnverifiedEmailIsNotTakenButTheNameIs() {
    String unverified = TestEnvironment.uniqueEmail("someone-else");
    api.call(bobSays(unverified, false, "Bob B."), "GET", "/orgs/" + orgId, null);
    JsonNode row = bobsRow();
    assertThat(row.get("email").asText()).isEqualTo(bob.email());
    assertThat(row.get("name").asText()).isEqualTo("Bob B.");
  }

  @Test
  void anEmailAnotherMemberHoldsIsNotTakenButTheNameIs() {
    User carol = api.user("carol");
    api.join(owner, orgId, carol, null);
    api.call(bobSays(carol.email(), true, "Bob Carolson"), "GET", "/orgs/" + orgId, null);
    JsonNode row = bobsRow();
    assertThat(row.get("email").asText()).isEqualTo(bob.email());
    assertThat(row.get("name").asText()).isEqualTo("Bob Carolson");
  }

  @Test
  void nothingIsWrittenWhenNothingChangedNorOnTheCheckPath() {
    api.call(bob, "GET", "/orgs/" + orgId);
    api.dynamoDbRequests.reset();
    assertThat(api.call(bob, "GET", "/orgs/" + orgId).status()).isEqualTo(200);
    assertThat(api.dynamoDbRequests.operations()).containsExactly("BatchGetItem");

    api.dynamoDbRequests.reset();
    Response checked = api.call(bobSays(bob.email(), true, "A New Name"), "POST", "/orgs/" + orgId + "/check",
        "{\"action\":\"members:view\"}");
    assertThat(checked.status()).as(checked.json().toString()).isEqualTo(200);
    assertThat(api.dynamoDbRequests.operations()).containsExactly("BatchGetItem");
    assertThat(bobsRow().get("name").asText()).isEqualTo(bob.email());
  }
}
