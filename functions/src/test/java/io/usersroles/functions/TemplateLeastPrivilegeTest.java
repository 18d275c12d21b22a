package io.usersroles.functions;

import static io.usersroles.functions.TemplateYaml.catalogIds;
import static io.usersroles.functions.TemplateYaml.function;
import static io.usersroles.functions.TemplateYaml.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.usersroles.config.AwsClients;
import io.usersroles.config.Settings;
import io.usersroles.engines.gateway.LocalLambdaContext;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.functions.http.Json;
import io.usersroles.testing.FaultInjector;
import io.usersroles.testing.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Least privilege, proven: every function runs in its own execution environment (object graph, SDK
 * clients, server secret) whose clients record each AWS request as the IAM action and resource it needs
 * ({@link AwsCalls}), through scenarios that take each function down its paths (successes, refusals,
 * paging, idempotent replays, a DynamoDB failure that releases an idempotency key, the reminder job, the
 * stream publisher, SES's bounce and complaint events). The template must grant each function exactly what
 * it was recorded doing: a grant never used fails, and so does a request the template does not allow.
 */
class TemplateLeastPrivilegeTest {
  /** What a function's role holds for Lambda's own use, not its code's: the stream's failure destination. */
  private static final Map<String, Set<String>> FOR_LAMBDA = Map.of("AuditPublisherFunction",
      Set.of("SQSSendMessagePolicy"));

  private static final AwsCalls CALLS = new AwsCalls();
  private static final FaultInjector TRANSACTIONS_FAIL = FaultInjector.dynamoDbThroughputExceeded("TransactWriteItems");
  /** Another writer first: a role edit writes on the roles its access check read, and reads them again after. */
  private static final FaultInjector WRITE_CONFLICT = FaultInjector.dynamoDbTransactionConflict("TransactWriteItems");

  @BeforeAll
  static void runEveryFunctionThroughItsPaths() throws IOException {
    TestEnvironment engines = TestEnvironment.get();
    Api api = new Api(engines, (id, self) -> environment(engines, id, self));
    new Scenarios(api).run();
  }

  /** A function's execution environment: its own settings (secret read by ARN), clients and graph. */
  private static FunctionsComponent environment(TestEnvironment engines, String logicalId, Api api) {
    ExecutionInterceptor recorder = CALLS.of(logicalId);
    Settings settings = api.settings.withServerSecret(engines.serverSecret(recorder));
    return FunctionsComponent.builder().settings(settings).clock(api.clock)
        .clients(AwsClients.of(engines.dynamoDbClient(recorder, TRANSACTIONS_FAIL, WRITE_CONFLICT), engines.sesClient(recorder),
            engines.eventBridgeClient(recorder)))
        .build();
  }

  @Test
  void everyFunctionIsGrantedExactlyTheAwsActionsItsScenariosMake() {
    Map<String, Set<AwsCalls.Grant>> recorded = CALLS.recorded();
    assertThat(recorded.keySet()).as("functions the scenarios ran").containsExactlyInAnyOrderElementsOf(catalogIds());
    List<String> problems = new ArrayList<>();
    for (String id : catalogIds()) {
      Set<AwsCalls.Grant> granted = granted(id);
      Set<AwsCalls.Grant> used = recorded.getOrDefault(id, Set.of());
      Set<AwsCalls.Grant> unused = new TreeSet<>(granted);
      unused.removeAll(used);
      Set<AwsCalls.Grant> missing = new TreeSet<>(used);
      missing.removeAll(granted);
      if (!unused.isEmpty()) {
        problems.add(id + " is granted what it never does: " + unused);
      }
      if (!missing.isEmpty()) {
        problems.add(id + " does what it is not granted: " + missing);
      }
    }
    assertThat(problems).as("least privilege").isEmpty();
  }

  /**
   * A guard on the scenarios, whose recording decides who may read the server secret: every route the
   * API lets page (a {@code cursor} parameter) seals cursors with a key derived from it.
   */
  @Test
  void everyRouteThatPagesMayReadTheServerSecret() throws IOException {
    JsonNode api = new ObjectMapper(new YAMLFactory()).readTree(TemplateYaml.ROOT.resolve("api/openapi.yaml").toFile());
    List<String> paging = new ArrayList<>();
    api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
      if (operation.getValue().path("parameters").toString().contains("#/components/parameters/cursor")) {
        paging.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }));
    assertThat(paging).hasSize(5);
    AwsCalls.Grant readSecret = new AwsCalls.Grant("secretsmanager:GetSecretValue", "server-secret");
    for (String routeKey : paging) {
      String logicalId = DeployedFunctions.all().stream()
          .filter(f -> f.routeKey().equals(Optional.of(routeKey))).findFirst().orElseThrow().logicalId();
      assertThat(granted(logicalId)).as(routeKey + " (" + logicalId + ")").contains(readSecret);
    }
  }

  @Test
  void nothingMayScan() {
    for (String id : catalogIds()) {
      assertThat(granted(id)).as(id).noneMatch(g -> g.action().equals("dynamodb:Scan"));
      assertThat(CALLS.recorded().getOrDefault(id, Set.of())).as(id).noneMatch(g -> g.action().equals("dynamodb:Scan"));
    }
  }

  /** What template.yaml grants {@code logicalId}: its statements, each action on each resource. */
  static Set<AwsCalls.Grant> granted(String logicalId) {
    Set<AwsCalls.Grant> grants = new TreeSet<>();
    for (JsonNode policy : function(logicalId).path("Properties").path("Policies")) {
      assertThat(policy.isObject()).as(logicalId + ": no managed policies: " + policy).isTrue();
      policy.fieldNames().forEachRemaining(name -> {
        if (name.equals("Statement")) {
          for (JsonNode statement : policy.get(name)) {
            assertThat(statement.path("Effect").asText()).as(logicalId).isEqualTo("Allow");
            assertThat(statement.has("NotAction") || statement.has("NotResource")).as(logicalId).isFalse();
            List<JsonNode> resources = new ArrayList<>();
            if (statement.path("Resource").isArray()) {
              statement.path("Resource").forEach(resources::add);
            } else {
              resources.add(statement.path("Resource"));
            }
            for (String action : texts(statement.path("Action"))) {
              assertThat(action).as(logicalId).doesNotContain("*");
              for (JsonNode resource : resources) {
                grants.add(new AwsCalls.Grant(action, resourceName(logicalId, resource)));
              }
            }
          }
        } else if (!FOR_LAMBDA.getOrDefault(logicalId, Set.of()).contains(name)) {
          fail(logicalId + " has a policy template " + name + ": only statements say exactly what is allowed");
        }
      });
    }
    return grants;
  }

  /** A template resource as {@link AwsCalls} names what requests touch. */
  private static String resourceName(String logicalId, JsonNode resource) {
    if (resource.path("Fn::GetAtt").toString().equals("[\"Table\",\"Arn\"]")) {
      return "table";
    }
    if (resource.equals(TemplateYaml.ref("ServerSecret"))) {
      return "server-secret";
    }
    String sub = resource.path("Fn::Sub").asText("");
    String arn = "arn:${AWS::Partition}:";
    String account = ":${AWS::Region}:${AWS::AccountId}:";
    if (sub.startsWith("${Table.Arn}/index/") && !sub.contains("*")) {
      return "index/" + sub.substring("${Table.Arn}/index/".length());
    }
    Map<String, String> known = new TreeMap<>(Map.of(
        arn + "ses" + account + "identity/${SenderIdentity}", "ses:identity",
        arn + "ses" + account + "configuration-set/${EmailConfigurationSet}", "ses:configuration-set",
        arn + "events" + account + "event-bus/${EventBusName}", "event-bus"));
    if (known.containsKey(sub)) {
      return known.get(sub);
    }
    throw new AssertionError(logicalId + " is granted on an unexpected resource " + resource);
  }

  /** The paths each function is taken down. */
  private record Scenarios(Api api) {
    void run() throws IOException {
      User owner = api.user("owner");
      User ada = api.user("ada");
      User bo = api.user("bo");
      User cy = api.user("cy");
      User stranger = api.user("stranger");
      String orgId = api.createOrg(owner, "Least Privilege");
      String org = "/orgs/" + orgId;
      ok(api.call(owner, "POST", "/orgs", "{\"name\":\"Replayed\"}", Map.of("Idempotency-Key", "org-1")));
      ok(api.call(owner, "POST", "/orgs", "{\"name\":\"Replayed\"}", Map.of("Idempotency-Key", "org-1")));
      ok(api.call(owner, "GET", org));
      refused(api.call(stranger, "GET", org));
      ok(api.call(owner, "PATCH", org, "{\"name\":\"Least Privilege Ltd\"}"));

      // invitations: plain, idempotent (twice), a failed transaction that releases its key
      api.invite(owner, orgId, null, ada);
      String invite = "{\"emails\":[\"" + bo.email() + "\"]}";
      ok(api.call(owner, "POST", org + "/invitations", invite, Map.of("Idempotency-Key", "inv-1")));
      ok(api.call(owner, "POST", org + "/invitations", invite, Map.of("Idempotency-Key", "inv-1")));
      TRANSACTIONS_FAIL.arm();
      String failing = "{\"emails\":[\"" + TestEnvironment.uniqueEmail("failing") + "\"]}";
      assertThat(api.call(owner, "POST", org + "/invitations", failing, Map.of("Idempotency-Key", "inv-2")).status())
          .isEqualTo(503);
      Response failedAccount = api.call(owner, "POST", org + "/service-accounts",
          "{\"name\":\"failing\",\"roles\":[\"member\"]}", Map.of("Idempotency-Key", "sa-0"));
      assertThat(failedAccount.status()).isEqualTo(503);
      TRANSACTIONS_FAIL.disarm();
      JsonNode listed = ok(api.call(owner, "GET", org + "/invitations?limit=1")).json();
      ok(api.call(owner, "GET", org + "/invitations?limit=1&cursor=" + listed.path("nextCursor").asText()));
      ok(api.call(owner, "GET", org + "/invitations?status=pending"));
      String adaInvitation = invitationTo(orgId, owner, ada.email());
      String boInvitation = invitationTo(orgId, owner, bo.email());
      ok(api.call(owner, "GET", org + "/invitations/" + adaInvitation));
      ok(api.call(owner, "PATCH", org + "/invitations/" + adaInvitation, "{\"roles\":[\"member\"]}"));
      ok(api.call(owner, "POST", org + "/invitations/" + adaInvitation + "/resend"));
      ok(api.call(ada, "POST", "/invitations/accept", Api.json("token", api.latestToken(ada.email()))));
      refused(api.call(ada, "POST", "/invitations/accept", Api.json("token", api.latestToken(ada.email()))));
      ok(api.call(bo, "GET", "/me"));
      ok(api.call(bo, "POST", "/me/invitations/" + boInvitation + "/decline"));
      api.invite(owner, orgId, null, cy);
      ok(api.call(cy, "POST", "/me/invitations/" + invitationTo(orgId, owner, cy.email()) + "/accept"));
      User dee = api.user("dee");
      api.invite(owner, orgId, null, dee);
      String deeInvitation = invitationTo(orgId, owner, dee.email());
      assertThat(api.call(owner, "DELETE", org + "/invitations/" + deeInvitation).status()).isEqualTo(204);
      refused(api.call(owner, "POST", org + "/invitations/" + deeInvitation + "/resend"));

      // roles and members; each role edit's first write meets another writer's change and goes again
      WRITE_CONFLICT.armOnce();
      Response role = api.call(owner, "POST", org + "/roles", "{\"name\":\"Release managers\","
          + "\"permissions\":[\"members:invite\"],\"users\":[\"" + cy.userId() + "\"]}");
      assertThat(role.status()).as(role.json().toString()).isEqualTo(201);
      assertThat(WRITE_CONFLICT.failedAttempts()).isEqualTo(1);
      String roleId = role.json().path("id").asText();
      ok(api.call(owner, "GET", org + "/roles"));
      JsonNode roles = ok(api.call(owner, "GET", org + "/roles?limit=1")).json();
      ok(api.call(owner, "GET", org + "/roles?limit=1&cursor=" + roles.path("nextCursor").asText()));
      ok(api.call(owner, "GET", org + "/roles/" + roleId));
      WRITE_CONFLICT.armOnce();
      ok(api.call(owner, "PUT", org + "/roles/" + roleId, "{\"name\":\"Releasers\","
          + "\"permissions\":[\"members:invite\"],\"users\":[\"" + cy.userId() + "\"]}"));
      assertThat(WRITE_CONFLICT.failedAttempts()).isEqualTo(2);
      JsonNode users = ok(api.call(owner, "GET", org + "/users?limit=1")).json();
      ok(api.call(owner, "GET", org + "/users?limit=1&cursor=" + users.path("nextCursor").asText()));
      ok(api.call(owner, "GET", org + "/users/" + ada.userId()));
      ok(api.call(owner, "GET", org + "/users/" + cy.userId() + "/permissions"));
      ok(api.call(owner, "PUT", org + "/users/" + ada.userId() + "/roles", "{\"roles\":[\"member\",\"" + roleId
          + "\"]}"));
      ok(api.call(cy, "POST", org + "/check", "{\"action\":\"members:invite\"}"));
      direct(orgId, cy.userId());
      WRITE_CONFLICT.armOnce();
      assertThat(api.call(owner, "DELETE", org + "/roles/" + roleId).status()).isEqualTo(204);
      assertThat(WRITE_CONFLICT.failedAttempts()).isEqualTo(3);
      assertThat(api.call(owner, "DELETE", org + "/users/" + ada.userId()).status()).isEqualTo(204);
      assertThat(api.call(cy, "POST", org + "/leave").status()).isIn(200, 204);
      refused(api.call(owner, "POST", org + "/leave"));

      // service accounts, and one signing in with its secret
      Response account = api.call(owner, "POST", org + "/service-accounts",
          "{\"name\":\"deployer\",\"roles\":[\"member\"]}", Map.of("Idempotency-Key", "sa-1"));
      assertThat(account.status()).as(account.json().toString()).isEqualTo(201);
      ok(api.call(owner, "POST", org + "/service-accounts", "{\"name\":\"deployer\",\"roles\":[\"member\"]}",
          Map.of("Idempotency-Key", "sa-1")));
      String accountId = account.json().path("id").asText();
      ok(api.call(owner, "POST", org + "/service-accounts", "{\"name\":\"other\",\"roles\":[\"member\"]}"));
      JsonNode accounts = ok(api.call(owner, "GET", org + "/service-accounts?limit=1")).json();
      ok(api.call(owner, "GET", org + "/service-accounts?limit=1&cursor=" + accounts.path("nextCursor").asText()));
      ok(api.call(owner, "GET", org + "/service-accounts/" + accountId));
      ok(api.call(owner, "PATCH", org + "/service-accounts/" + accountId, "{\"description\":\"ships\"}"));
      String secret = ok(api.call(owner, "POST", org + "/service-accounts/" + accountId + "/secret")).json()
          .path("secret").asText();
      ok(api.call("Bearer " + secret, "GET", org, null));
      assertThat(api.call(owner, "DELETE", org + "/service-accounts/" + accountId).status()).isEqualTo(204);

      // audit events, listed and published from the stream
      JsonNode events = ok(api.call(owner, "GET", org + "/audit-events?limit=2")).json();
      ok(api.call(owner, "GET", org + "/audit-events?limit=2&cursor=" + events.path("nextCursor").asText()));
      ok(api.call(owner, "GET", org + "/audit-events?action=invitation.created&actorId=" + owner.userId()));
      invoke("AuditPublisherFunction", Files.readAllBytes(TemplateYaml.sample("AuditPublisherFunction")));

      // the reminder job: a reminder, then expiry
      User eve = api.user("eve");
      api.invite(owner, orgId, null, eve);
      api.clock.advance(Duration.ofDays(3).plusHours(1));
      api.runReminderJob();
      api.clock.advance(Duration.ofDays(5));
      api.runReminderJob();

      // SES reports a bounce, then a complaint, of an open invitation's email
      User fay = api.user("fay");
      api.invite(owner, orgId, null, fay);
      Map<String, String> tags = SesFeedbackEvents.tagsOf(orgId, invitationTo(orgId, owner, fay.email()));
      assertThat(invoke("EmailFeedbackFunction", SesFeedbackEvents.bounce(tags, fay.email())).path("outcome")
          .asText()).isEqualTo("recorded");
      assertThat(invoke("EmailFeedbackFunction", SesFeedbackEvents.complaint(tags, fay.email())).path("outcome")
          .asText()).isEqualTo("recorded");
    }

    private String invitationTo(String orgId, User owner, String email) {
      for (JsonNode item : ok(api.call(owner, "GET", "/orgs/" + orgId + "/invitations?limit=100")).json()
          .path("items")) {
        if (item.path("email").asText().equals(email)) {
          return item.path("id").asText();
        }
      }
      throw new AssertionError("no invitation to " + email);
    }

    private void direct(String orgId, String userId) {
      String event = "{\"orgId\":\"" + orgId + "\",\"principal\":{\"type\":\"user\",\"id\":\"" + userId
          + "\"},\"action\":\"members:invite\"}";
      JsonNode answer = invoke("CheckPermissionFunction", event.getBytes(StandardCharsets.UTF_8));
      assertThat(answer.has("allowed")).as(answer.toString()).isTrue();
    }

    private JsonNode invoke(String logicalId, byte[] event) {
      try {
        return Json.read(api.gateway.invoke(logicalId, event, new LocalLambdaContext(UUID.randomUUID().toString(),
            logicalId, Duration.ofMinutes(1))));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private static Response ok(Response response) {
      assertThat(response.status()).as(response.json().toString()).isBetween(200, 299);
      return response;
    }

    private static void refused(Response response) {
      assertThat(response.status()).as(response.json().toString()).isBetween(400, 499);
    }
  }
}
