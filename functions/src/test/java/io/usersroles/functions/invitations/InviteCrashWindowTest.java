package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.testing.EnginesWith;
import io.usersroles.testing.FaultInjector;
import io.usersroles.testing.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one request that writes in two steps: 100 new addresses are 102 transaction actions with the
 * org's counter and the audit event, so two transactions. When the second fails and taking back the
 * first fails too (the table throttled throughout, or the function stopped between them), the first 98
 * invitations stay: counted, pending, with no email, and named by the request's audit event (no more,
 * no fewer). They are not lost: the reminder job reaches each invitee with a working link once its
 * reminder is due (one event for the org and run), and accepting works.
 */
class InviteCrashWindowTest {
  @Test
  void invitationsLeftBetweenTheTwoTransactionsAreCountedAndReachTheirInviteesThroughTheReminderJob() {
    FaultInjector dynamoDb = FaultInjector.dynamoDbThroughputExceeded("TransactWriteItems");
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), dynamoDb, null));
    User owner = api.user("owner");
    String orgId = api.createOrg(owner, "Crash Window Co");
    List<User> invitees = new ArrayList<>();
    StringBuilder emails = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      User invitee = api.user("crash" + i);
      invitees.add(invitee);
      emails.append(i == 0 ? "" : ",").append('"').append(invitee.email()).append('"');
    }

    // the first transaction goes through; the second and the take-back are throttled past their retries
    dynamoDb.armAfter(1);
    Response failed = api.call(owner, "POST", "/orgs/" + orgId + "/invitations", "{\"emails\":[" + emails + "]}");
    dynamoDb.disarm();
    assertThat(failed.status()).as(failed.json().toString()).isEqualTo(503);

    JsonNode pending = api.call(owner, "GET", "/orgs/" + orgId + "/invitations?status=pending&limit=100").json();
    assertThat(pending.get("items")).hasSize(98);
    assertThat(usage(api, orgId)).as("the counter counts exactly what is stored").isEqualTo(98);
    List<User> left = invitees.stream()
        .filter(u -> pending.get("items").findValuesAsText("email").contains(u.email())).toList();
    assertThat(left).hasSize(98);
    // the request's one event names exactly the invitations its first transaction wrote
    JsonNode created = api.call(owner, "GET", "/orgs/" + orgId + "/audit-events?action=invitation.created").json();
    assertThat(created.get("items")).hasSize(1);
    assertThat(created.get("items").get(0).get("targets").findValuesAsText("id"))
        .containsExactlyInAnyOrderElementsOf(pending.get("items").findValuesAsText("id"));
    left.forEach(u -> assertThat(api.emailsTo(u.email())).as("no email yet for " + u.email()).isEmpty());

    // their reminder is due after REMINDER_AFTER_DAYS: the job sends each a working link
    api.clock.advance(Duration.ofDays(3).plusMinutes(1));
    JsonNode report = api.runReminderJob();
    assertThat(report.get("reminded").asInt()).as(report.toString()).isEqualTo(98);
    JsonNode reminded = api.call(owner, "GET", "/orgs/" + orgId + "/audit-events?action=invitation.reminded").json();
    assertThat(reminded.get("items")).as("one event per org and run").hasSize(1);
    assertThat(reminded.get("items").get(0).get("targets")).hasSize(98);
    assertThat(reminded.get("items").get(0).path("actor").path("type").asText()).isEqualTo("system");
    User first = left.get(0);
    assertThat(api.emailsTo(first.email())).hasSize(1);
    Response accepted = api.call(first, "POST", "/invitations/accept",
        Api.json("token", api.latestToken(first.email())));
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
    assertThat(usage(api, orgId)).isEqualTo(97);
  }

  private static long usage(Api api, String orgId) {
    Map<String, AttributeValue> item = api.env.adminClient().getItem(r -> r.tableName(api.table).consistentRead(true)
        .key(Map.of("pk", AttributeValue.fromS("ORG#" + orgId), "sk", AttributeValue.fromS("USAGE")))).item();
    AttributeValue value = item == null ? null : item.get("pendingInvitations");
    return value == null ? 0 : Long.parseLong(value.n());
  }
}
