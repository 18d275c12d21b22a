package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.store.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Fifty simultaneous accepts of one link, through the gateway and the real handler on DynamoDB
 * Local: the accept transaction lets exactly one win, and the table ends with one membership and one
 * accepted invitation.
 */
class ConcurrentAcceptTest {
  private static final int THREADS = 50;

  private final Api api = new Api();

  @RepeatedTest(3)
  void fiftyConcurrentAcceptsOfOneTokenMakeExactlyOneMember() throws Exception {
    User owner = api.user("owner");
    String orgId = api.createOrg(owner, "Acme Rockets");
    User alice = api.user("alice");
    api.invite(owner, orgId, null, alice);
    String token = api.latestToken(alice.email());

    List<Response> responses = acceptConcurrently(alice, token);

    List<Integer> statuses = responses.stream().map(Response::status).toList();
    assertThat(statuses).as("statuses %s", statuses).filteredOn(status -> status == 200).hasSize(1);
    assertThat(statuses).as("every loser sees a used link or a conflict: %s", statuses)
        .filteredOn(status -> status != 200).allMatch(status -> status == 404 || status == 409)
        .hasSize(THREADS - 1);
    for (Response response : responses) {
      if (response.status() == 200) {
        assertThat(response.json().get("orgId").asText()).isEqualTo(orgId);
        assertThat(response.json().get("userId").asText()).isEqualTo(alice.userId());
        assertThat(response.json().get("roles").toString()).isEqualTo("[\"member\"]");
      } else {
        assertThat(response.contentType()).isEqualTo("application/problem+json");
      }
    }

    List<Map<String, AttributeValue>> memberships = items(orgId, "membership");
    assertThat(memberships).as("owner + alice").hasSize(2);
    assertThat(memberships).filteredOn(item -> item.get("userId").s().equals(alice.userId())).hasSize(1);
    List<Map<String, AttributeValue>> invitations = items(orgId, "invitation");
    assertThat(invitations).as("the invitation, now only as history").hasSize(1);
    assertThat(invitations.get(0).get("status").s()).isEqualTo("accepted");
    assertThat(invitations.get(0).get("acceptedBy").s()).isEqualTo(alice.userId());
    assertThat(invitations.get(0).get(Keys.SORT_KEY).s()).startsWith("INVITE#CLOSED#");
    assertThat(items(orgId, "member-email")).filteredOn(item -> item.get("email").s().equals(alice.email()))
        .hasSize(1);

    Response users = api.call(owner, "GET", "/orgs/" + orgId + "/users");
    assertThat(users.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    users.json().get("items").forEach(row -> ids.add(row.get("id").asText()));
    assertThat(ids).containsExactlyInAnyOrder(owner.userId(), alice.userId());
    JsonNode aliceRow = users.json().get("items").get(ids.indexOf(alice.userId()));
    assertThat(aliceRow.get("status").asText()).isEqualTo("active");

    assertThat(api.call(alice, "POST", "/invitations/accept", Api.json("token", token)).status())
        .as("the link stays used").isEqualTo(404);
  }

  /** Every thread waits at one gate, then all accept at once. */
  private List<Response> acceptConcurrently(User user, String token) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch ready = new CountDownLatch(THREADS);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Response>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return api.call(user, "POST", "/invitations/accept", Api.json("token", token));
        }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).as("all threads at the gate").isTrue();
      start.countDown();
      List<Response> responses = new ArrayList<>();
      for (Future<Response> future : futures) {
        responses.add(future.get(30, TimeUnit.SECONDS));
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The org's items of one entity type, read with a full scan of the test table by the admin client. */
  private List<Map<String, AttributeValue>> items(String orgId, String entity) {
    return api.env.adminClient().scanPaginator(ScanRequest.builder()
            .tableName(api.table)
            .consistentRead(true)
            .filterExpression("#entity = :entity AND #pk = :pk")
            .expressionAttributeNames(Map.of("#entity", Keys.ENTITY, "#pk", Keys.PARTITION_KEY))
            .expressionAttributeValues(Map.of(
                ":entity", AttributeValue.fromS(entity),
                ":pk", AttributeValue.fromS("ORG#" + orgId)))
            .build())
        .items().stream().toList();
  }
}
