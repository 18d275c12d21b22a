package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.config.AwsClients;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Json;
import io.usersroles.store.Keys;
import io.usersroles.testing.EnginesWith;
import io.usersroles.testing.FaultInjector;
import io.usersroles.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Faults of the AWS services, injected into the function's real SDK clients with an interceptor that
 * throws the service's own exception on every attempt (so the SDK's retry strategy runs): SES
 * throttled or down while inviting stores the invitation, says the email was not sent, and the
 * reminder job sends it later; DynamoDB throttled past the SDK's retries answers 503 with Retry-After
 * and leaves the table exactly as it was.
 */
class FaultInjectionTest {
  private static final int DYNAMODB_ATTEMPTS = AwsClients.RetryBudget.DYNAMODB.maxAttempts();
  private static final int SES_ATTEMPTS = AwsClients.RetryBudget.SES.maxAttempts();

  // ------------------------------------------------------------------ SES

  static Stream<Arguments> sesFaults() {
    return Stream.of(
        Arguments.of("throttled (429 TooManyRequestsException)",
            (Supplier<FaultInjector>) () -> FaultInjector.sesThrottling("SendBulkEmail")),
        Arguments.of("down (503)", (Supplier<FaultInjector>) () -> FaultInjector.sesOutage("SendBulkEmail")),
        Arguments.of("unreachable (connection refused)",
            (Supplier<FaultInjector>) () -> FaultInjector.sesUnreachable("SendBulkEmail")));
  }

  @ParameterizedTest(name = "SES {0}")
  @MethodSource("sesFaults")
  void whenSesFailsTheInvitationIsStoredReportedUnsentAndTheReminderJobSendsItLater(String why,
      Supplier<FaultInjector> fault) {
    FaultInjector ses = fault.get();
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), null, ses));
    User owner = api.user("owner");
    User alice = api.user("alice");
    User bob = api.user("bob");
    String orgId = api.createOrg(owner, "Mail Outage Ltd");

    ses.arm();
    api.sesRequests.reset();
    api.dynamoDbRequests.reset();
    Response invited = api.invite(owner, orgId, null, alice, bob);
    // one transaction writes the invitations, one marks both unsent: no write per invitation
    assertThat(api.dynamoDbRequests.count("TransactWriteItems")).isEqualTo(2);
    assertThat(api.dynamoDbRequests.count("UpdateItem")).isZero();

    JsonNode results = invited.json().get("results");
    assertThat(results).hasSize(2).allSatisfy(result -> {
      assertThat(result.get("status").asText()).isEqualTo("invited");
      assertThat(result.get("emailSent").asBoolean(true)).as(result.toString()).isFalse();
      assertThat(result.hasNonNull("invitationId")).isTrue();
    });
    assertThat(ses.failedAttempts()).as("one SendBulkEmail, retried by the SDK").isEqualTo(SES_ATTEMPTS);
    assertThat(api.sesRequests.count("SendBulkEmail")).isEqualTo(SES_ATTEMPTS);
    assertThat(api.emailsTo(alice.email())).isEmpty();
    assertThat(api.emailsTo(bob.email())).isEmpty();
    JsonNode pending = api.call(owner, "GET", "/orgs/" + orgId + "/invitations?status=pending").json().get("items");
    assertThat(pending).as("both invitations are stored").hasSize(2)
        .allSatisfy(row -> assertThat(row.get("sendCount").asInt()).isEqualTo(1));
    for (JsonNode result : results) {
      Map<String, AttributeValue> item = openItem(api, orgId, result.get("invitationId").asText());
      assertThat(item.get("emailPending").bool()).isTrue();
      assertThat(Long.parseLong(item.get(Keys.DUE_AT).n())).as("due at once")
          .isLessThanOrEqualTo(api.clock.instant().toEpochMilli());
    }

    // the job's next run while SES still fails: nothing sent, nothing lost
    JsonNode stillDown = api.runReminderJob();
    assertThat(stillDown.get("delivered").asInt()).as(stillDown.toString()).isZero();
    assertThat(stillDown.get("notSent").asInt()).isEqualTo(2);
    assertThat(stillDown.get("reminded").asInt()).isZero();

    ses.disarm();
    api.clock.advance(Duration.ofHours(1));
    JsonNode recovered = api.runReminderJob();
    assertThat(recovered.get("delivered").asInt()).as(recovered.toString()).isEqualTo(2);
    assertThat(recovered.get("reminded").asInt()).isZero();
    for (User invitee : List.of(alice, bob)) {
      assertThat(api.emailsTo(invitee.email())).hasSize(1)
          .allSatisfy(email -> assertThat(email.subject()).doesNotStartWith("Reminder"));
    }
    assertThat(api.runReminderJob().get("delivered").asInt()).as("sent once only").isZero();
    assertThat(api.emailsTo(alice.email())).hasSize(1);

    JsonNode afterDelivery = api.call(owner, "GET", "/orgs/" + orgId + "/invitations?status=pending").json();
    assertThat(afterDelivery.get("items")).allSatisfy(row -> {
      assertThat(row.get("sendCount").asInt()).as("the first email, not a resend or reminder").isEqualTo(1);
      assertThat(Instant.parse(row.get("lastSentAt").asText())).as("when it really went")
          .isAfterOrEqualTo(Instant.parse(row.get("createdAt").asText()).plus(Duration.ofHours(1)));
    });
    Response accepted = api.call(alice, "POST", "/invitations/accept",
        Api.json("token", api.latestToken(alice.email())));
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);

    // the reminder counts from the delivery, not from the failed first attempt
    api.clock.advance(Duration.ofDays(3).minusHours(2));
    assertThat(api.runReminderJob().get("reminded").asInt()).isZero();
    api.clock.advance(Duration.ofHours(3));
    assertThat(api.runReminderJob().get("reminded").asInt()).isEqualTo(1);
    assertThat(api.emailsTo(bob.email())).hasSize(2);
    assertThat(Api.tokenOf(api.emailsTo(bob.email()).get(1))).isEqualTo(Api.tokenOf(api.emailsTo(bob.email()).get(0)));
  }

  @Test
  void twoJobRunsAtOnceDeliverAPendingInvitationEmailOnce() throws Exception {
    FaultInjector ses = FaultInjector.sesThrottling("SendBulkEmail");
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), null, ses));
    User owner = api.user("owner");
    List<User> invitees = List.of(api.user("ann"), api.user("ben"), api.user("cat"), api.user("dan"));
    String orgId = api.createOrg(owner, "Double Run Ltd");
    ses.arm();
    api.invite(owner, orgId, null, invitees.toArray(User[]::new));
    ses.disarm();

    // two runs at once send no duplicate, for the held-back first emails too
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<JsonNode>> runs = List.of(
          pool.submit(() -> {
            start.await();
            return api.runReminderJob();
          }),
          pool.submit(() -> {
            start.await();
            return api.runReminderJob();
          }));
      start.countDown();
      int delivered = 0;
      for (java.util.concurrent.Future<JsonNode> run : runs) {
        delivered += run.get(60, java.util.concurrent.TimeUnit.SECONDS).get("delivered").asInt();
      }
      assertThat(delivered).as("each held-back email delivered by one run only").isEqualTo(invitees.size());
    } finally {
      pool.shutdownNow();
    }
    for (User invitee : invitees) {
      assertThat(api.emailsTo(invitee.email())).as(invitee.email()).hasSize(1);
    }
    assertThat(api.runReminderJob().get("delivered").asInt()).isZero();
  }

  @Test
  void aResendWhileSesIsThrottledAnswers503AndTheJobSendsTheNewLink() {
    FaultInjector ses = FaultInjector.sesThrottling("SendBulkEmail");
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), null, ses));
    User owner = api.user("owner");
    User carol = api.user("carol");
    String orgId = api.createOrg(owner, "Resend Outage");
    String invitationId = api.invite(owner, orgId, null, carol).json().at("/results/0/invitationId").asText();
    String firstToken = api.latestToken(carol.email());

    ses.arm();
    Response resent = api.call(owner, "POST", "/orgs/" + orgId + "/invitations/" + invitationId + "/resend", null);
    assertThat(resent.status()).as(resent.json().toString()).isEqualTo(503);
    assertThat(resent.contentType()).isEqualTo("application/problem+json");
    assertThat(resent.headers()).containsKey("Retry-After");
    assertThat(ses.failedAttempts()).isEqualTo(SES_ATTEMPTS);
    assertThat(api.call(carol, "POST", "/invitations/accept", Api.json("token", firstToken)).status())
        .as("the resend took effect: the old link is dead").isEqualTo(404);

    ses.disarm();
    JsonNode run = api.runReminderJob();
    assertThat(run.get("delivered").asInt()).as(run.toString()).isEqualTo(1);
    assertThat(api.emailsTo(carol.email())).hasSize(2);
    Response accepted = api.call(carol, "POST", "/invitations/accept",
        Api.json("token", api.latestToken(carol.email())));
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
  }

  // ------------------------------------------------------------------ DynamoDB

  /** One request per route family, each given the api, owner, org and a second member; run while throttled. */
  static Stream<Arguments> throttledWrites() {
    return Stream.of(
        Arguments.of("POST /orgs", "TransactWriteItems", (Request) (api, f) ->
            api.call(f.owner, "POST", "/orgs", Api.json("name", "Never Made"))),
        Arguments.of("POST invitations", "TransactWriteItems", (Request) (api, f) ->
            api.call(f.owner, "POST", "/orgs/" + f.orgId + "/invitations",
                "{\"emails\":[\"x1@example.test\",\"x2@example.test\"]}")),
        Arguments.of("PUT user roles (owner count)", "TransactWriteItems", (Request) (api, f) ->
            api.call(f.owner, "PUT", "/orgs/" + f.orgId + "/users/" + f.member.userId() + "/roles",
                "{\"roles\":[\"owner\"]}")),
        Arguments.of("DELETE user", "TransactWriteItems", (Request) (api, f) ->
            api.call(f.owner, "DELETE", "/orgs/" + f.orgId + "/users/" + f.member.userId())),
        Arguments.of("POST roles", "TransactWriteItems", (Request) (api, f) ->
            api.call(f.owner, "POST", "/orgs/" + f.orgId + "/roles",
                "{\"name\":\"Ops\",\"users\":[\"" + f.member.userId() + "\"]}")),
        Arguments.of("PATCH org", "TransactWriteItems", (Request) (api, f) ->
            api.call(f.owner, "PATCH", "/orgs/" + f.orgId, Api.json("name", "Renamed"))),
        Arguments.of("POST service-accounts", "TransactWriteItems", (Request) (api, f) ->
            api.call(f.owner, "POST", "/orgs/" + f.orgId + "/service-accounts",
                "{\"name\":\"ci\",\"roles\":[\"member\"]}")),
        Arguments.of("GET users (authorisation read)", "BatchGetItem", (Request) (api, f) ->
            api.call(f.owner, "GET", "/orgs/" + f.orgId + "/users")));
  }

  /** A request against a prepared org. */
  interface Request extends BiFunction<Api, Fixture, Response> {}

  /** An org with its owner and one member. */
  record Fixture(User owner, User member, String orgId) {
    static Fixture of(Api api) {
      User owner = api.user("owner");
      User member = api.user("member");
      String orgId = api.createOrg(owner, "Throttled Inc");
      api.join(owner, orgId, member, null);
      return new Fixture(owner, member, orgId);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("throttledWrites")
  void dynamoDbThrottledBeyondTheSdkRetriesAnswers503WithRetryAfterAndWritesNothing(String route, String operation,
      Request request) {
    FaultInjector dynamoDb = FaultInjector.dynamoDbThroughputExceeded(operation);
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), dynamoDb, null));
    Fixture fixture = Fixture.of(api);
    List<Map<String, AttributeValue>> before = tableContents(api);
    int emailsBefore = api.emailsTo("x1@example.test").size();

    dynamoDb.arm();
    api.dynamoDbRequests.reset();
    Response response = request.apply(api, fixture);

    assertThat(response.status()).as(response.json().toString()).isEqualTo(503);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.headers().get("Retry-After")).isNotBlank();
    assertThat(response.json().get("status").asInt()).isEqualTo(503);
    assertThat(response.json().get("type").asText()).endsWith(":service-unavailable");
    assertThat(dynamoDb.failedAttempts()).as("the SDK retried the throttled call").isEqualTo(DYNAMODB_ATTEMPTS);
    assertThat(api.dynamoDbRequests.count(operation)).isEqualTo(DYNAMODB_ATTEMPTS);
    assertThat(tableContents(api)).as("no partial write").isEqualTo(before);
    assertThat(api.emailsTo("x1@example.test")).hasSize(emailsBefore);

    dynamoDb.disarm();
    Response retried = request.apply(api, fixture);
    assertThat(retried.status()).as("a retry once DynamoDB recovers: " + retried.json()).isBetween(200, 204);
  }

  @Test
  void aDirectCheckWhileDynamoDbStaysThrottledAnswersTheProblemObjectWith503() throws Exception {
    FaultInjector dynamoDb = FaultInjector.dynamoDbThroughputExceeded("BatchGetItem");
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), dynamoDb, null));
    Fixture fixture = Fixture.of(api);
    String event = "{\"orgId\":\"" + fixture.orgId() + "\",\"principal\":{\"type\":\"user\",\"id\":\""
        + fixture.member().userId() + "\"},\"action\":\"members:view\"}";

    dynamoDb.arm();
    JsonNode answer = Json.read(api.gateway.invoke("CheckPermissionFunction",
        event.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(503);
    assertThat(answer.path("type").asText()).endsWith(":service-unavailable");
    assertThat(answer.has("allowed")).isFalse();
    assertThat(dynamoDb.failedAttempts()).as("the SDK retried the throttled read").isEqualTo(DYNAMODB_ATTEMPTS);
    OpenApiContract.get().assertDirectCheck(event, answer);

    dynamoDb.disarm();
    JsonNode recovered = Json.read(api.gateway.invoke("CheckPermissionFunction",
        event.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(recovered.path("allowed").asBoolean()).as(recovered.toString()).isTrue();
  }

  @Test
  void reInvitingAnAddressWhoseInvitationExpiredIsOneWriteThatThrottlingCannotHalveOrLeavesNothing() {
    FaultInjector dynamoDb = FaultInjector.dynamoDbThroughputExceeded("TransactWriteItems");
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), dynamoDb, null));
    Fixture fixture = Fixture.of(api);
    User erin = api.user("erin");
    String path = "/orgs/" + fixture.orgId() + "/invitations";
    String body = "{\"emails\":[\"" + erin.email() + "\"]}";
    api.invite(fixture.owner(), fixture.orgId(), null, erin);
    api.clock.advance(Duration.ofDays(8)); // expired, still in its address slot
    List<Map<String, AttributeValue>> before = tableContents(api);

    // DynamoDB throttled from the first write on: nothing changes
    dynamoDb.arm();
    Response throttled = api.call(fixture.owner(), "POST", path, body);
    assertThat(throttled.status()).as(throttled.json().toString()).isEqualTo(503);
    assertThat(tableContents(api)).isEqualTo(before);

    // throttled from the second write on: the expiry and the new invitation are one write, so it succeeds
    dynamoDb.armAfter(1);
    Response invited = api.call(fixture.owner(), "POST", path, body);
    assertThat(invited.status()).as("either all or nothing: " + invited.json()).isEqualTo(200);
    assertThat(invited.json().at("/results/0/status").asText()).isEqualTo("invited");
    dynamoDb.disarm();
    JsonNode expired = api.call(fixture.owner(), "GET", path + "?status=expired").json().get("items");
    JsonNode pending = api.call(fixture.owner(), "GET", path + "?status=pending").json().get("items");
    assertThat(expired).hasSize(1);
    assertThat(pending).hasSize(1);
    assertThat(pending.get(0).get("id").asText()).isNotEqualTo(expired.get(0).get("id").asText());
    assertThat(api.call(erin, "POST", "/invitations/accept", Api.json("token", api.latestToken(erin.email())))
        .status()).isEqualTo(200);
  }

  @Test
  void aRoleDeletionIsDoneOnceItsCatalogWriteIsEvenIfDynamoDbThrottlesTheCleanUp() {
    FaultInjector dynamoDb = FaultInjector.dynamoDbThrottling("TransactWriteItems");
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), dynamoDb, null));
    Fixture fixture = Fixture.of(api);
    String roles = "/orgs/" + fixture.orgId() + "/roles";
    Response created = api.call(fixture.owner(), "POST", roles,
        "{\"name\":\"Upgraders\",\"permissions\":[\"clusters:upgrade\"],\"users\":[\"" + fixture.member().userId()
            + "\"]}");
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    String roleId = created.json().get("id").asText();
    String check = "{\"action\":\"clusters:upgrade\"}";
    assertThat(api.call(fixture.member(), "POST", "/orgs/" + fixture.orgId() + "/check", check).json()
        .get("allowed").asBoolean()).isTrue();

    dynamoDb.armAfter(1); // the catalog write goes through, pruning the member's assignment is throttled
    Response deleted = api.call(fixture.owner(), "DELETE", roles + "/" + roleId);
    assertThat(deleted.status()).as("the deletion happened: " + deleted.json()).isEqualTo(204);
    assertThat(dynamoDb.failedAttempts()).isEqualTo(DYNAMODB_ATTEMPTS);
    dynamoDb.disarm();
    assertThat(api.call(fixture.owner(), "GET", roles + "/" + roleId).status()).isEqualTo(404);
    assertThat(api.call(fixture.member(), "POST", "/orgs/" + fixture.orgId() + "/check", check).json()
        .get("allowed").asBoolean()).as("revoked at once").isFalse();
  }

  @Test
  void aThrottledCreateWithAnIdempotencyKeyFreesTheKeySoTheRetryRuns() {
    FaultInjector dynamoDb = FaultInjector.dynamoDbThrottling("TransactWriteItems");
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), dynamoDb, null));
    Fixture fixture = Fixture.of(api);
    String path = "/orgs/" + fixture.orgId() + "/invitations";
    User dora = api.user("dora");
    String body = "{\"emails\":[\"" + dora.email() + "\"]}";
    Map<String, String> key = Map.of("Idempotency-Key", "retry-me-1");

    dynamoDb.arm();
    Response throttled = api.call(fixture.owner(), "POST", path, body, key);
    assertThat(throttled.status()).as(throttled.json().toString()).isEqualTo(503);
    assertThat(throttled.headers()).containsKey("Retry-After");
    assertThat(dynamoDb.failedAttempts()).isEqualTo(DYNAMODB_ATTEMPTS);

    dynamoDb.disarm();
    Response retried = api.call(fixture.owner(), "POST", path, body, key);
    assertThat(retried.status()).as(retried.json().toString()).isEqualTo(200);
    assertThat(retried.json().at("/results/0/status").asText()).isEqualTo("invited");
    assertThat(api.emailsTo(dora.email())).hasSize(1);
  }

  @Test
  void aCreateThatSucceededIsAnsweredAsSuchWhenRecordingItsIdempotencyKeyIsThrottled() {
    FaultInjector dynamoDb = FaultInjector.dynamoDbThroughputExceeded("PutItem");
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), dynamoDb, null));
    Fixture fixture = Fixture.of(api);
    String path = "/orgs/" + fixture.orgId() + "/service-accounts";

    dynamoDb.armAfter(1); // the key's claim goes through; recording the answer is throttled
    Response created = api.call(fixture.owner(), "POST", path, "{\"name\":\"ci\",\"roles\":[\"member\"]}",
        Map.of("Idempotency-Key", "sa-1"));
    assertThat(created.status()).as("the account exists, so the answer says so: " + created.json()).isEqualTo(201);
    assertThat(created.json().get("secret").asText()).startsWith("uars_");
    assertThat(dynamoDb.failedAttempts()).isEqualTo(DYNAMODB_ATTEMPTS);
    dynamoDb.disarm();
    assertThat(api.call(fixture.owner(), "GET", path).json().get("items")).hasSize(1);
  }

  @Test
  void anSdkFailureThatIsNotTransientIsNotRetriedAndAnswers500NotA503() {
    FaultInjector dynamoDb = new FaultInjector(Set.of("BatchGetItem"), () -> DynamoDbException.builder()
        .message("Injected: One or more parameter values were invalid")
        .statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().serviceName("DynamoDb").errorCode("ValidationException")
            .errorMessage("Injected").build())
        .build());
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), dynamoDb, null));
    Fixture fixture = Fixture.of(api);
    dynamoDb.arm();
    Response response = api.call(fixture.owner(), "GET", "/orgs/" + fixture.orgId() + "/users");
    assertThat(response.status()).as(response.json().toString()).isEqualTo(500);
    assertThat(response.headers()).doesNotContainKey("Retry-After");
    assertThat(dynamoDb.failedAttempts()).as("a bad request is not retried").isEqualTo(1);
  }

  @Test
  void readsThatStayUnprocessedAnswer503InsteadOfLoopingUntilTheTimeout() {
    UnprocessedKeys unprocessed = new UnprocessedKeys();
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), unprocessed, null));
    Fixture fixture = Fixture.of(api);
    unprocessed.armed = true;
    Response response = api.call(fixture.owner(), "GET", "/orgs/" + fixture.orgId());
    assertThat(response.status()).as(response.json().toString()).isEqualTo(503);
    assertThat(response.headers()).containsKey("Retry-After");
    assertThat(response.contentType()).isEqualTo("application/problem+json");
  }

  /**
   * DynamoDB throttling a BatchGetItem partly: it answers 200 with every key unprocessed, which the
   * SDK does not retry; the caller must.
   */
  static final class UnprocessedKeys implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
    volatile boolean armed;

    @Override
    public software.amazon.awssdk.core.SdkResponse modifyResponse(
        software.amazon.awssdk.core.interceptor.Context.ModifyResponse context,
        software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
      if (armed && context.request() instanceof software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest
          request && context.response() instanceof software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse
          response) {
        return response.toBuilder().responses(Map.of()).unprocessedKeys(request.requestItems()).build();
      }
      return context.response();
    }
  }

  // ------------------------------------------------------------------ helpers


  private static Map<String, AttributeValue> openItem(Api api, String orgId, String invitationId) {
    return tableContents(api).stream()
        .filter(item -> item.get(Keys.PARTITION_KEY).s().equals("ORG#" + orgId))
        .filter(item -> item.containsKey("invitationId") && item.get("invitationId").s().equals(invitationId))
        .filter(item -> item.get(Keys.SORT_KEY).s().startsWith("INVITE#OPEN#"))
        .findFirst().orElseThrow();
  }

  /** Every item of the test table, in key order (a scan: tests only). */
  private static List<Map<String, AttributeValue>> tableContents(Api api) {
    return api.env.adminClient().scanPaginator(ScanRequest.builder().tableName(api.table).consistentRead(true).build())
        .items().stream()
        .sorted(Comparator.comparing((Map<String, AttributeValue> item) -> item.get(Keys.PARTITION_KEY).s())
            .thenComparing(item -> item.get(Keys.SORT_KEY).s()))
        .toList();
  }
}
