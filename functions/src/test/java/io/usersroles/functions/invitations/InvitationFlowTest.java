package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.engines.SesEmulator;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvitationFlowTest {
  final Api api = createApi();

  /** The engines this class runs on; {@link InvitationFlowOnLocalStackTest} overrides it. */
  Api createApi() {
    return new Api();
  }

  @Test
  void ownerInvitesAPersonWhoReadsTheEmailAndJoins() {
    User owner = api.user("owner");
    User alice = api.user("alice");
    String orgId = api.createOrg(owner, "Acme <Rockets> & Co");

    Response invited = api.call(owner, "POST", "/orgs/" + orgId + "/invitations",
        "{\"emails\":\"" + alice.email() + "\"}");
    assertThat(invited.status()).isEqualTo(200);
    assertThat(invited.json().get("results")).hasSize(1);
    assertThat(invited.json().at("/results/0/status").asText()).isEqualTo("invited");
    assertThat(invited.json().at("/results/0/emailSent").asBoolean()).isTrue();

    List<SesEmulator.SentEmail> emails = api.emailsTo(alice.email());
    assertThat(emails).hasSize(1);
    SesEmulator.SentEmail email = emails.get(0);
    assertThat(email.subject()).contains("Acme <Rockets> & Co").contains(owner.email());
    assertThat(email.html()).contains("Acme &lt;Rockets&gt; &amp; Co").doesNotContain("<Rockets>");
    assertThat(email.text()).contains("https://app.example.test/invitations/accept?token=");

    Response accepted = api.call(alice, "POST", "/invitations/accept", Api.json("token", Api.tokenOf(email)));
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
    assertThat(accepted.json().get("orgId").asText()).isEqualTo(orgId);
    assertThat(accepted.json().get("userId").asText()).isEqualTo(alice.userId());
    assertThat(accepted.json().get("roles").toString()).isEqualTo("[\"member\"]");

    Response users = api.call(alice, "GET", "/orgs/" + orgId + "/users");
    assertThat(users.status()).as(users.json().toString()).isEqualTo(200);
    assertThat(users.json().get("items")).hasSize(2);
  }
}
