package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.config.AwsClients;
import io.usersroles.config.ServerSecret;
import io.usersroles.config.Settings;
import io.usersroles.domain.Invitation;
import io.usersroles.engines.SesEmulator;
import io.usersroles.engines.gateway.HttpApiEvents;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.engines.gateway.LocalLambdaContext;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LocalApiGateway;
import io.usersroles.functions.http.Json;
import io.usersroles.store.InvitationFixtures;
import io.usersroles.store.Keys;
import io.usersroles.testing.EnginesWith;
import io.usersroles.testing.ItemsRead;
import io.usersroles.testing.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sesv2.model.BulkEmailEntry;
import software.amazon.awssdk.services.sesv2.model.BulkEmailEntryResult;
import software.amazon.awssdk.services.sesv2.model.BulkEmailStatus;
import software.amazon.awssdk.services.sesv2.model.SendBulkEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendBulkEmailResponse;

/**
 * The scheduled reminder job through its function, with the sample scheduled event, on
 * DynamoDB Local and the SES emulator: when reminders go out and how often, their links, expiry,
 * exactly-once under repeats and concurrency, SES failures, the time limit, and the items it reads.
 */
class InviteReminderTest {
  private static final String FUNCTION = "InviteReminderFunction";
  private static final byte[] SCHEDULED_EVENT = sampleEvent();
  private static final Duration JUST_UNDER_THREE_DAYS = Duration.ofDays(3).minusHours(1);
  /** Enough to show reads follow what is due, not what is pending; the benchmark goes to 100,000. */
  private static final int PENDING = 2_000;

  // ------------------------------------------------------------------ when and what

  @Test
  void oneReminderGoesOutThreeDaysAfterTheInvitationNotBeforeWithTheSameWorkingLink() {
    Api api = new Api();
    User owner = api.user("owner");
    User alice = api.user("alice");
    String orgId = api.createOrg(owner, "Reminder Co");
    api.invite(owner, orgId, null, alice);
    String firstToken = api.latestToken(alice.email());
    JsonNode invited = onlyInvitation(api, owner, orgId, "pending");

    api.clock.advance(JUST_UNDER_THREE_DAYS);
    assertThat(run(api).path("reminded").asInt()).isZero();
    assertThat(api.emailsTo(alice.email())).hasSize(1);

    api.clock.advance(Duration.ofHours(2));
    JsonNode report = run(api);
    assertThat(report.path("reminded").asInt()).as(report.toString()).isEqualTo(1);
    List<SesEmulator.SentEmail> emails = api.emailsTo(alice.email());
    assertThat(emails).hasSize(2);
    assertThat(emails.get(1).subject()).startsWith("Reminder:").contains("Reminder Co").contains(owner.email());
    assertThat(Api.tokenOf(emails.get(1))).as("the reminder carries the same link").isEqualTo(firstToken);

    JsonNode reminded = onlyInvitation(api, owner, orgId, "pending");
    assertThat(reminded.path("sendCount").asInt()).isEqualTo(2);
    assertThat(reminded.path("expiresAt")).as("a reminder does not move the expiry").isEqualTo(invited.path("expiresAt"));
    assertThat(Instant.parse(reminded.path("lastSentAt").asText()))
        .isAfter(Instant.parse(invited.path("lastSentAt").asText()).plus(Duration.ofDays(3)));

    // again at once, and three days later: MAX_REMINDERS is 1
    assertThat(run(api).path("reminded").asInt()).isZero();
    api.clock.advance(Duration.ofDays(3));
    assertThat(run(api).path("reminded").asInt()).isZero();
    assertThat(api.emailsTo(alice.email())).hasSize(2);

    Response accepted = api.call(alice, "POST", "/invitations/accept", Api.json("token", firstToken));
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
    assertThat(InvitationFixtures.dueAttributes(api.env.adminClient(), api.table, orgId,
        invited.path("id").asText(), false)).as("an accepted invitation leaves the due index").isEmpty();
  }

  @Test
  void maxRemindersBoundsTheRemindersAndNoneGoesOutAfterExpiry() {
    Api api = new Api(new EnginesWith(TestEnvironment.get(), settings -> settings.withReminders(3, 2), null, null));
    User owner = api.user("owner");
    User bob = api.user("bob");
    String orgId = api.createOrg(owner, "Twice Ltd");
    api.invite(owner, orgId, null, bob);

    api.clock.advance(Duration.ofDays(3).plusHours(1));
    assertThat(run(api).path("reminded").asInt()).isEqualTo(1);
    api.clock.advance(Duration.ofDays(3)); // 6 days 1 hour: the second reminder, still before expiry
    assertThat(run(api).path("reminded").asInt()).isEqualTo(1);
    api.clock.advance(Duration.ofDays(3)); // 9 days: expired, and there are no reminders left anyway
    JsonNode report = run(api);
    assertThat(report.path("reminded").asInt()).as(report.toString()).isZero();
    assertThat(report.path("expired").asInt()).isEqualTo(1);
    assertThat(api.emailsTo(bob.email())).hasSize(3);
    assertThat(onlyInvitation(api, owner, orgId, "expired").path("sendCount").asInt()).isEqualTo(3);
  }

  @Test
  void invitationsPastExpiryBecomeExpiredLeaveTheIndexAndTheirLinksAnswer410() {
    Api api = new Api();
    User owner = api.user("owner");
    User carol = api.user("carol");
    String orgId = api.createOrg(owner, "Late Inc");
    api.invite(owner, orgId, null, carol);
    String token = api.latestToken(carol.email());
    String invitationId = onlyInvitation(api, owner, orgId, "pending").path("id").asText();
    assertThat(InvitationFixtures.dueAttributes(api.env.adminClient(), api.table, orgId, invitationId, true))
        .containsKeys(Keys.DUE_SHARD, Keys.DUE_AT);

    api.clock.advance(Duration.ofDays(8));
    JsonNode report = run(api);
    assertThat(report.path("expired").asInt()).as(report.toString()).isEqualTo(1);
    assertThat(report.path("reminded").asInt()).as("no reminder for an expired invitation").isZero();
    assertThat(api.emailsTo(carol.email())).hasSize(1);

    assertThat(onlyInvitation(api, owner, orgId, "expired").path("id").asText()).isEqualTo(invitationId);
    assertThat(api.call(owner, "GET", "/orgs/" + orgId + "/invitations?status=pending").json().path("items"))
        .isEmpty();
    assertThat(InvitationFixtures.dueAttributes(api.env.adminClient(), api.table, orgId, invitationId, true)).isEmpty();
    assertThat(InvitationFixtures.dueAttributes(api.env.adminClient(), api.table, orgId, invitationId, false))
        .as("the closed copy is not in the due index").isEmpty();
    Response late = api.call(carol, "POST", "/invitations/accept", Api.json("token", token));
    assertThat(late.status()).as(late.json().toString()).isEqualTo(410);

    JsonNode again = run(api);
    assertThat(again.path("expired").asInt() + again.path("skipped").asInt()).as(again.toString()).isZero();
  }

  @Test
  void aResendRestartsTheReminderScheduleAndTheReminderCarriesTheNewLink() {
    Api api = new Api();
    User owner = api.user("owner");
    User dan = api.user("dan");
    String orgId = api.createOrg(owner, "Again plc");
    api.invite(owner, orgId, null, dan);
    String firstToken = api.latestToken(dan.email());
    String invitationId = onlyInvitation(api, owner, orgId, "pending").path("id").asText();

    api.clock.advance(Duration.ofDays(2));
    Response resent = api.call(owner, "POST", "/orgs/" + orgId + "/invitations/" + invitationId + "/resend", null);
    assertThat(resent.status()).as(resent.json().toString()).isEqualTo(200);
    String resentToken = api.latestToken(dan.email());

    api.clock.advance(Duration.ofDays(2)); // four days after the invitation, two after the resend
    assertThat(run(api).path("reminded").asInt()).isZero();
    api.clock.advance(Duration.ofDays(1).plusHours(1));
    assertThat(run(api).path("reminded").asInt()).isEqualTo(1);
    assertThat(api.latestToken(dan.email())).isEqualTo(resentToken);
    assertThat(api.emailsTo(dan.email())).hasSize(3);

    assertThat(api.call(dan, "POST", "/invitations/accept", Api.json("token", firstToken)).status()).isEqualTo(404);
    assertThat(api.call(dan, "POST", "/invitations/accept", Api.json("token", resentToken)).status()).isEqualTo(200);
  }

  @Test
  void aCancelledInvitationLeavesTheIndexAndGetsNoReminder() {
    Api api = new Api();
    User owner = api.user("owner");
    User erin = api.user("erin");
    String orgId = api.createOrg(owner, "Cancel Co");
    api.invite(owner, orgId, null, erin);
    String invitationId = onlyInvitation(api, owner, orgId, "pending").path("id").asText();
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/invitations/" + invitationId).status()).isEqualTo(204);
    assertThat(InvitationFixtures.dueAttributes(api.env.adminClient(), api.table, orgId, invitationId, false)).isEmpty();

    api.clock.advance(Duration.ofDays(3).plusHours(1));
    JsonNode report = run(api);
    assertThat(report.path("reminded").asInt() + report.path("skipped").asInt()).as(report.toString()).isZero();
    assertThat(api.emailsTo(erin.email())).hasSize(1);
  }

  @Test
  void afterTheServerSecretChangesEarlierLinksStillAcceptButGetNoReminderWithAnotherLink() {
    Api api = new Api();
    User owner = api.user("owner");
    User fay = api.user("fay");
    String orgId = api.createOrg(owner, "Rotating Keys");
    api.invite(owner, orgId, null, fay);
    String token = api.latestToken(fay.email());
    // the same table and clock, deployed with a new SERVER_SECRET
    Settings s = api.settings;
    Settings rotated = new Settings(s.region(), s.tableName(), s.dynamoDbEndpoint(), s.sesEndpoint(),
        s.senderAddress(), s.acceptUrlBase(), s.productName(), s.jwksUrl(), s.jwtIssuer(), s.jwtAudience(),
        s.groupsClaim(), s.invitationTtl(), ServerSecret.of("another-server-secret-of-at-least-thirty-two-bytes"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)), s.reminderAfterDays(), s.maxReminders());
    HttpApiGateway afterRotation = LocalApiGateway.of(FunctionsComponent.builder().settings(rotated).clock(api.clock)
        .clients(AwsClients.of(api.env.dynamoDbClient(), api.env.sesClient())).build());

    api.clock.advance(Duration.ofDays(3).plusHours(1));
    JsonNode report = run(afterRotation, sample());
    assertThat(report.path("reminded").asInt()).as(report.toString()).isZero();
    assertThat(report.path("skipped").asInt()).isEqualTo(1);
    assertThat(api.emailsTo(fay.email())).hasSize(1);

    java.util.Map<String, String> headers = java.util.Map.of("authorization", fay.authorization(),
        "content-type", "application/json");
    HttpApiGateway.Response accepted = afterRotation.handle(new HttpApiEvents.Request(
        "POST", "/invitations/accept", null, headers, Api.json("token", token), "127.0.0.1"));
    Api.conform("POST", java.net.URI.create("/invitations/accept"), headers, Api.json("token", token), accepted);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
  }

  // ------------------------------------------------------------------ exactly once

  @Test
  void twoCopiesRunningAtOnceAndARepeatSendNoDuplicate() throws Exception {
    Api api = new Api();
    User owner = api.user("owner");
    String orgId = api.createOrg(owner, "Busy Co");
    User[] invitees = users(api, "many", 30);
    api.invite(owner, orgId, null, invitees);
    // a second copy of the function: its own component, clients and handler, the same table and clock
    FunctionsComponent other = FunctionsComponent.builder().settings(api.settings).clock(api.clock)
        .clients(AwsClients.of(api.env.dynamoDbClient(), api.env.sesClient())).build();
    HttpApiGateway otherCopy = LocalApiGateway.of(other);

    api.clock.advance(Duration.ofDays(3).plusHours(1));
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<JsonNode> first = threads.submit(() -> {
        start.await();
        return run(api.gateway, sample());
      });
      Future<JsonNode> second = threads.submit(() -> {
        start.await();
        return run(otherCopy, sample());
      });
      int reminded = first.get().path("reminded").asInt() + second.get().path("reminded").asInt();
      assertThat(reminded).as(first.get() + " " + second.get()).isEqualTo(invitees.length);
    } finally {
      threads.shutdownNow();
    }
    assertThat(run(api).path("reminded").asInt()).isZero();
    assertThat(run(otherCopy, sample()).path("reminded").asInt()).isZero();
    for (User invitee : invitees) {
      assertThat(api.emailsTo(invitee.email())).as(invitee.email()).hasSize(2);
    }
  }

  @Test
  void anSesFailureForOneInvitationLeavesTheOthersSentAndIsRetriedOnTheNextRun() {
    String failingAddress = TestEnvironment.uniqueEmail("refused");
    RefuseOnce refuse = new RefuseOnce(failingAddress);
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), null, refuse));
    User owner = api.user("owner");
    User refused = new User(failingAddress, null, null);
    User[] others = users(api, "fine", 4);
    String orgId = api.createOrg(owner, "Flaky Mail");
    api.invite(owner, orgId, null, others);
    api.invite(owner, orgId, null, refused);

    api.clock.advance(Duration.ofDays(3).plusHours(1));
    refuse.armed.set(true);
    JsonNode first = run(api);
    assertThat(first.path("reminded").asInt()).as(first.toString()).isEqualTo(4);
    assertThat(first.path("notSent").asInt()).isEqualTo(1);
    assertThat(refuse.refused.get()).isTrue();
    assertThat(api.emailsTo(failingAddress)).hasSize(1);
    for (User other : others) {
      assertThat(api.emailsTo(other.email())).hasSize(2);
    }
    JsonNode released = api.call(owner, "GET", "/orgs/" + orgId + "/invitations?status=pending").json().path("items");
    released.forEach(row -> assertThat(row.path("sendCount").asInt()).as(row.toString())
        .isEqualTo(row.path("email").asText().equals(failingAddress) ? 1 : 2));

    JsonNode second = run(api);
    assertThat(second.path("reminded").asInt()).as(second.toString()).isEqualTo(1);
    assertThat(api.emailsTo(failingAddress)).hasSize(2);
    assertThat(run(api).path("reminded").asInt()).isZero();
  }

  // ------------------------------------------------------------------ time limit

  @Test
  void theJobStopsWhenTimeRunsLowAndTheNextRunFinishesTheRest() {
    Api api = new Api();
    User owner = api.user("owner");
    String orgId = api.createOrg(owner, "Slow Lane");
    User[] invitees = users(api, "later", 40);
    api.invite(owner, orgId, null, invitees);
    api.clock.advance(Duration.ofDays(3).plusHours(1));

    JsonNode none = run(api.gateway, new ShortOfTime(0));
    assertThat(none.path("finished").asBoolean()).as(none.toString()).isFalse();
    assertThat(none.path("reminded").asInt()).isZero();

    JsonNode some = run(api.gateway, new ShortOfTime(3)); // time for three pages, then 10 s left
    assertThat(some.path("finished").asBoolean()).as(some.toString()).isFalse();
    assertThat(some.path("reminded").asInt()).isLessThan(invitees.length);

    JsonNode rest = run(api);
    assertThat(rest.path("finished").asBoolean()).as(rest.toString()).isTrue();
    assertThat(some.path("reminded").asInt() + rest.path("reminded").asInt()).isEqualTo(invitees.length);
    for (User invitee : invitees) {
      assertThat(api.emailsTo(invitee.email())).as(invitee.email()).hasSize(2);
    }
  }

  // ------------------------------------------------------------------ reads per reminder

  @Test
  void itReadsAtMostOnePointOneItemsPerReminderWithTwoThousandPendingOfWhichTwoHundredAreDue() {
    ItemsRead itemsRead = new ItemsRead();
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), itemsRead, null));
    User owner = api.user("owner");
    String orgId = api.createOrg(owner, "Large Org");
    String ownerId = owner.userId();
    Instant now = api.clock.instant();
    String batch = UUID.randomUUID().toString().substring(0, 8);
    List<Invitation> invitations = new ArrayList<>(PENDING);
    for (int i = 0; i < PENDING; i++) {
      // one in ten was sent four days ago (due), the others a day ago (not due for two more days)
      Instant lastSent = now.minus(i % 10 == 0 ? Duration.ofDays(4) : Duration.ofDays(1));
      invitations.add(InvitationFixtures.pending(orgId, "p" + i + "." + batch + "@example.test", ownerId, lastSent,
          api.settings));
    }
    InvitationFixtures.writeOpen(api.env.adminClient(), api.table, api.settings, invitations);

    itemsRead.reset();
    api.dynamoDbRequests.reset();
    JsonNode report = run(api);
    assertThat(report.path("reminded").asInt()).as(report.toString()).isEqualTo(PENDING / 10);
    assertThat(report.path("finished").asBoolean()).isTrue();
    double perReminder = itemsRead.count() / (PENDING / 10.0);
    System.out.printf("reminder job: %d items read for %d reminders (%.3f per reminder), requests %s%n",
        itemsRead.count(), PENDING / 10, perReminder, api.dynamoDbRequests.count());
    assertThat(perReminder).isLessThanOrEqualTo(1.1);
    assertThat(api.dynamoDbRequests.operations()).doesNotContain("Scan");
    assertThat(itemsRead.scanned()).isZero();
  }

  // ------------------------------------------------------------------ helpers

  private static JsonNode run(Api api) {
    return run(api.gateway, sample());
  }

  private static JsonNode run(HttpApiGateway gateway, Context context) {
    try {
      return Json.read(gateway.invoke(FUNCTION, SCHEDULED_EVENT, context));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Context sample() {
    return new LocalLambdaContext(UUID.randomUUID().toString(), FUNCTION, Duration.ofMinutes(15));
  }

  private static JsonNode onlyInvitation(Api api, User owner, String orgId, String status) {
    Response list = api.call(owner, "GET", "/orgs/" + orgId + "/invitations?status=" + status);
    assertThat(list.status()).as(list.json().toString()).isEqualTo(200);
    assertThat(list.json().path("items")).as(list.json().toString()).hasSize(1);
    return list.json().path("items").get(0);
  }

  private static User[] users(Api api, String name, int count) {
    User[] users = new User[count];
    for (int i = 0; i < count; i++) {
      users[i] = api.user(name + i);
    }
    return users;
  }

  private static byte[] sampleEvent() {
    Path root = Path.of(System.getProperty("usersroles.repoRoot", "..")).toAbsolutePath();
    try {
      return Files.readAllBytes(root.resolve("events").resolve(FUNCTION + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Lambda context with 15 minutes left for the first {@code calls} questions, then 10 seconds. */
  private static final class ShortOfTime implements Context {
    private final LocalLambdaContext delegate = new LocalLambdaContext("short", FUNCTION, Duration.ofMinutes(15));
    private final AtomicInteger left;

    ShortOfTime(int calls) {
      this.left = new AtomicInteger(calls);
    }

    @Override
    public int getRemainingTimeInMillis() {
      return left.getAndDecrement() > 0 ? 900_000 : 10_000;
    }

    @Override
    public String getAwsRequestId() {
      return delegate.getAwsRequestId();
    }

    @Override
    public String getLogGroupName() {
      return delegate.getLogGroupName();
    }

    @Override
    public String getLogStreamName() {
      return delegate.getLogStreamName();
    }

    @Override
    public String getFunctionName() {
      return delegate.getFunctionName();
    }

    @Override
    public String getFunctionVersion() {
      return delegate.getFunctionVersion();
    }

    @Override
    public String getInvokedFunctionArn() {
      return delegate.getInvokedFunctionArn();
    }

    @Override
    public com.amazonaws.services.lambda.runtime.CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public com.amazonaws.services.lambda.runtime.ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getMemoryLimitInMB() {
      return delegate.getMemoryLimitInMB();
    }

    @Override
    public com.amazonaws.services.lambda.runtime.LambdaLogger getLogger() {
      return delegate.getLogger();
    }
  }

  /**
   * SES refusing one destination once: the entry for {@code address} in the first SendBulkEmail that
   * names it is redirected to a sink address (so it is not delivered) and answered as FAILED, while
   * the other entries of the same request go through.
   */
  static final class RefuseOnce implements ExecutionInterceptor {
    private static final String SINK = "refused-sink@example.test";
    private final String address;
    final AtomicBoolean refused = new AtomicBoolean();
    /** Refuses nothing until armed (the invitation emails themselves go through). */
    final AtomicBoolean armed = new AtomicBoolean();
    private final ThreadLocal<Integer> refusedIndex = new ThreadLocal<>();

    RefuseOnce(String address) {
      this.address = address;
    }

    @Override
    public SdkRequest modifyRequest(software.amazon.awssdk.core.interceptor.Context.ModifyRequest context,
        ExecutionAttributes attributes) {
      refusedIndex.remove();
      if (!(context.request() instanceof SendBulkEmailRequest request) || !armed.get() || refused.get()) {
        return context.request();
      }
      List<BulkEmailEntry> entries = new ArrayList<>(request.bulkEmailEntries());
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i).destination().toAddresses().contains(address) && refused.compareAndSet(false, true)) {
          entries.set(i, entries.get(i).toBuilder().destination(d -> d.toAddresses(SINK)).build());
          refusedIndex.set(i);
          return request.toBuilder().bulkEmailEntries(entries).build();
        }
      }
      return request;
    }

    @Override
    public SdkResponse modifyResponse(software.amazon.awssdk.core.interceptor.Context.ModifyResponse context,
        ExecutionAttributes attributes) {
      Integer index = refusedIndex.get();
      if (index == null || !(context.response() instanceof SendBulkEmailResponse response)) {
        return context.response();
      }
      refusedIndex.remove();
      List<BulkEmailEntryResult> results = new ArrayList<>(response.bulkEmailEntryResults());
      results.set(index, BulkEmailEntryResult.builder().status(BulkEmailStatus.MESSAGE_REJECTED)
          .error("Injected: SES refused this destination").build());
      return response.toBuilder().bulkEmailEntryResults(results).build();
    }
  }
}
