package io.usersroles.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.engines.gateway.HttpApiEvents;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.store.InvitationFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What every deployed function is invoked with in {@code cold_start_ratio_max}: an event per run that
 * makes it do its real work and succeed, in an organisation of its own (a member, a custom role, a
 * service account, open invitations). A function that changes something gets a thing of its own on
 * every run (an invitation to cancel or accept, a member to remove, a role or service account to
 * delete); the reminder job gets an invitation that is due; the audit publisher the sample stream record
 * of {@code events/}, which it must put on the local EventBridge endpoint; the email feedback function
 * SES's sample bounce event, tagged with an open invitation of its own. Every deployed function must be
 * listed: a new one fails the benchmark until it is.
 */
final class ColdEvents {
  /**
   * One function: its handler and timeout, one event file per run (or one for all), what runs before
   * each run, and what checks its effect after it (beyond its answer).
   */
  record Invocation(String logicalId, String handlerClass, Duration timeout, List<Path> events,
      IntConsumer beforeRun, IntConsumer afterRun) {
    Path event(int run) {
      return events.get(events.size() == 1 ? 0 : run);
    }

    /** Fails unless the answer is a success of this kind of function. */
    void requireSuccess(byte[] output) {
      JsonNode answer = BenchMain.read(output);
      boolean succeeded = switch (logicalId) {
        case DeployedFunctions.AUTHORIZER -> answer.path("isAuthorized").asBoolean();
        case "CheckPermissionFunction" -> answer.path("allowed").asBoolean();
        case "InviteReminderFunction" -> answer.path("reminded").asInt() >= 1 && answer.path("finished").asBoolean();
        case PUBLISHER -> answer.path("batchItemFailures").isArray() && answer.path("batchItemFailures").isEmpty();
        case DeployedFunctions.EMAIL_FEEDBACK -> answer.path("outcome").asText().equals("recorded");
        default -> answer.path("statusCode").asInt() / 100 == 2;
      };
      if (!succeeded) {
        throw new IllegalStateException(logicalId + " did not succeed in a fresh JVM: " + answer);
      }
    }
  }

  private static final String PUBLISHER = "AuditPublisherFunction";

  private final Fixture fixture;
  private final HttpApiGateway gateway;
  private final ApiEvents events;
  private final Path directory;
  private final int runs;

  private ColdEvents(Fixture fixture, HttpApiGateway gateway, Path directory, int runs) {
    this.fixture = fixture;
    this.gateway = gateway;
    this.events = new ApiEvents(gateway);
    this.directory = directory;
    this.runs = runs;
  }

  /** Sets up the organisation and writes the events of {@code runs} runs of every deployed function. */
  static List<Invocation> prepare(Fixture fixture, HttpApiGateway gateway, Path directory, int runs)
      throws IOException {
    return new ColdEvents(fixture, gateway, directory, runs).prepare();
  }

  private List<Invocation> prepare() throws IOException {
    Fixture.User owner = fixture.user("cold-owner");
    Fixture.User member = fixture.user("cold-member");
    String org = Fixture.call(gateway, owner, "POST", "/orgs", "{\"name\":\"Cold Co\"}", 201).get("orgId").asText();
    String orgPath = "/orgs/" + org;
    String role = Fixture.call(gateway, owner, "POST", orgPath + "/roles", Scenario.roleJson(0).toString(), 201)
        .get("id").asText();
    join(owner, org, member);
    call(owner, "PUT", orgPath + "/users/" + member.userId() + "/roles", "{\"roles\":[\"member\",\"" + role + "\"]}",
        200);
    // a second role for GetRole and UpdateRole: a PUT without users takes the role from its holders
    String edited = Fixture.call(gateway, owner, "POST", orgPath + "/roles",
        Scenario.roleJson(3).put("name", "Cold edited").toString(), 201).get("id").asText();
    String account = call(owner, "POST", orgPath + "/service-accounts", "{\"name\":\"Cold bot\",\"roles\":[]}", 201)
        .get("id").asText();
    String invitation = invite(owner, org, "cold-pending@bench.example.test");

    List<String> toCancel = new ArrayList<>();
    List<String> acceptTokens = new ArrayList<>();
    List<Fixture.User> joiners = new ArrayList<>();
    List<String> leavers = new ArrayList<>();
    List<String> doomedRoles = new ArrayList<>();
    List<String> doomedAccounts = new ArrayList<>();
    List<Fixture.User> invitees = new ArrayList<>();
    List<String> toAcceptById = new ArrayList<>();
    List<Fixture.User> decliners = new ArrayList<>();
    List<String> toDecline = new ArrayList<>();
    List<Fixture.User> quitters = new ArrayList<>();
    List<String> bounced = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      toCancel.add(invite(owner, org, "cold-cancel-" + run + "@bench.example.test"));
      Fixture.User joiner = fixture.user("cold-join-" + run);
      invite(owner, org, joiner.email());
      joiners.add(joiner);
      acceptTokens.add(fixture.latestToken(joiner.email()));
      Fixture.User leaver = fixture.user("cold-leave-" + run);
      join(owner, org, leaver);
      leavers.add(leaver.userId());
      ObjectNode doomed = Scenario.roleJson(1).put("name", "Cold doomed " + run);
      doomedRoles.add(call(owner, "POST", orgPath + "/roles", doomed.toString(), 201).get("id").asText());
      doomedAccounts.add(call(owner, "POST", orgPath + "/service-accounts",
          "{\"name\":\"Cold doomed bot " + run + "\",\"roles\":[]}", 201).get("id").asText());
      Fixture.User invitee = fixture.user("cold-mine-" + run);
      invitees.add(invitee);
      toAcceptById.add(invite(owner, org, invitee.email()));
      Fixture.User decliner = fixture.user("cold-decline-" + run);
      decliners.add(decliner);
      toDecline.add(invite(owner, org, decliner.email()));
      Fixture.User quitter = fixture.user("cold-quit-" + run);
      join(owner, org, quitter);
      quitters.add(quitter);
      bounced.add(invite(owner, org, bouncedAddress(run)));
    }

    Map<String, IntFunction<HttpApiEvents.Request>> routes = new LinkedHashMap<>();
    routes.put("CreateOrganisationFunction", run -> request(owner, "POST", "/orgs",
        "{\"name\":\"Cold Co " + run + "\"}"));
    routes.put("GetOrganisationFunction", run -> request(owner, "GET", orgPath, null));
    routes.put("UpdateOrganisationFunction", run -> request(owner, "PATCH", orgPath, "{\"name\":\"Cold Co\"}"));
    routes.put("ListUsersFunction", run -> request(owner, "GET", orgPath + "/users?status=active&limit=20", null));
    routes.put("CreateInvitationsFunction", run -> request(owner, "POST", orgPath + "/invitations",
        "{\"emails\":[\"cold-new-" + run + "@bench.example.test\"],\"roles\":[\"member\"]}"));
    routes.put("ListInvitationsFunction", run -> request(owner, "GET", orgPath + "/invitations?status=pending&limit=50",
        null));
    routes.put("ResendInvitationFunction", run -> request(owner, "POST",
        orgPath + "/invitations/" + invitation + "/resend", null));
    routes.put("CancelInvitationFunction", run -> request(owner, "DELETE",
        orgPath + "/invitations/" + toCancel.get(run), null));
    routes.put("AcceptInvitationFunction", run -> request(joiners.get(run), "POST", "/invitations/accept",
        "{\"token\":\"" + acceptTokens.get(run) + "\"}"));
    routes.put("UpdateUserRolesFunction", run -> request(owner, "PUT", orgPath + "/users/" + member.userId() + "/roles",
        "{\"roles\":[\"member\",\"" + role + "\"]}"));
    routes.put("RemoveUserFunction", run -> request(owner, "DELETE", orgPath + "/users/" + leavers.get(run), null));
    routes.put("ListRolesFunction", run -> request(owner, "GET", orgPath + "/roles", null));
    routes.put("CreateRoleFunction", run -> request(owner, "POST", orgPath + "/roles",
        Scenario.roleJson(2).put("name", "Cold role " + run).toString()));
    routes.put("GetRoleFunction", run -> request(owner, "GET", orgPath + "/roles/" + edited, null));
    routes.put("UpdateRoleFunction", run -> request(owner, "PUT", orgPath + "/roles/" + edited,
        Scenario.roleJson(3).put("name", "Cold edited").toString()));
    routes.put("DeleteRoleFunction", run -> request(owner, "DELETE", orgPath + "/roles/" + doomedRoles.get(run), null));
    routes.put("CreateServiceAccountFunction", run -> request(owner, "POST", orgPath + "/service-accounts",
        "{\"name\":\"Cold new bot " + run + "\",\"roles\":[\"member\"]}"));
    routes.put("ListServiceAccountsFunction", run -> request(owner, "GET", orgPath + "/service-accounts", null));
    routes.put("GetServiceAccountFunction", run -> request(owner, "GET", orgPath + "/service-accounts/" + account,
        null));
    routes.put("UpdateServiceAccountFunction", run -> request(owner, "PATCH", orgPath + "/service-accounts/" + account,
        "{\"description\":\"Builds the cold start\"}"));
    routes.put("RotateServiceAccountSecretFunction", run -> request(owner, "POST",
        orgPath + "/service-accounts/" + account + "/secret", null));
    routes.put("DeleteServiceAccountFunction", run -> request(owner, "DELETE",
        orgPath + "/service-accounts/" + doomedAccounts.get(run), null));
    routes.put("GetUserFunction", run -> request(owner, "GET", orgPath + "/users/" + member.userId(), null));
    routes.put("GetInvitationFunction", run -> request(owner, "GET", orgPath + "/invitations/" + invitation, null));
    routes.put("GetUserPermissionsFunction", run -> request(member, "GET",
        orgPath + "/users/" + member.userId() + "/permissions", null));
    routes.put("GetMeFunction", run -> request(member, "GET", "/me", null));
    routes.put("AcceptMyInvitationFunction", run -> request(invitees.get(run), "POST",
        "/me/invitations/" + toAcceptById.get(run) + "/accept", null));
    routes.put("DeclineMyInvitationFunction", run -> request(decliners.get(run), "POST",
        "/me/invitations/" + toDecline.get(run) + "/decline", null));
    routes.put("LeaveOrganisationFunction", run -> request(quitters.get(run), "POST", orgPath + "/leave", null));
    routes.put("UpdateInvitationFunction", run -> request(owner, "PATCH", orgPath + "/invitations/" + invitation,
        "{\"roles\":[\"member\"]}"));
    routes.put("ListAuditEventsFunction", run -> request(owner, "GET", orgPath + "/audit-events?limit=20", null));
    // the check's HTTP route is measured by its direct invocation, as cold_start_ratio measures it

    List<Invocation> invocations = new ArrayList<>();
    for (DeployedFunctions.Entry function : DeployedFunctions.all()) {
      String id = function.logicalId();
      List<Path> files = new ArrayList<>();
      IntConsumer before = run -> { };
      IntConsumer after = run -> { };
      if (id.equals(DeployedFunctions.AUTHORIZER)) {
        files.add(write(id, 0, ApiEvents.bytes(events.authorizerEvent(request(owner, "GET", orgPath, null)))));
      } else if (id.equals("CheckPermissionFunction")) {
        ObjectNode check = Fixture.object().put("orgId", org).put("action", "documents:view-content");
        check.putObject("principal").put("type", "user").put("id", member.userId());
        check.putObject("resource").put("project", Scenario.project(2)).put("path", "src/team-0/a/b/Main.java");
        files.add(write(id, 0, ApiEvents.bytes(check)));
      } else if (id.equals("InviteReminderFunction")) {
        files.add(fixture.repo.resolve("events/InviteReminderFunction.json"));
        before = run -> dueInvitation(org, owner, run);
      } else if (id.equals(PUBLISHER)) {
        // a stream record as the table's stream hands it over; the function reads no table, it only puts events
        Path sample = fixture.repo.resolve("events/AuditPublisherFunction.json");
        files.add(sample);
        int records = Fixture.JSON.readTree(sample.toFile()).path("Records").size();
        AtomicInteger putBefore = new AtomicInteger();
        before = run -> putBefore.set(fixture.eventBridge.events().size());
        after = run -> {
          int put = fixture.eventBridge.events().size() - putBefore.get();
          if (put != records) {
            throw new IllegalStateException(id + " put " + put + " events on EventBridge, not " + records);
          }
        };
      } else if (id.equals(DeployedFunctions.EMAIL_FEEDBACK)) {
        // SES's bounce event as EventBridge delivers it, its message tags naming this run's invitation
        JsonNode sample = Fixture.JSON.readTree(fixture.repo.resolve("events/EmailFeedbackFunction.json").toFile());
        for (int run = 0; run < runs; run++) {
          ObjectNode event = sample.deepCopy();
          ObjectNode mail = (ObjectNode) event.path("detail").path("mail");
          mail.putArray("destination").add(bouncedAddress(run));
          ((ObjectNode) event.path("detail").path("bounce").path("bouncedRecipients").get(0))
              .put("emailAddress", bouncedAddress(run));
          ObjectNode tags = (ObjectNode) mail.path("tags");
          tags.putArray("invitationId").add(bounced.get(run));
          tags.putArray("orgId").add(org);
          files.add(write(id, run, ApiEvents.bytes(event)));
        }
      } else {
        IntFunction<HttpApiEvents.Request> route = routes.get(id);
        if (route == null) {
          throw new IllegalStateException(id + " is deployed but has no cold start event in ColdEvents");
        }
        boolean perRun = !function.route().orElseThrow().routeKey().startsWith("GET ");
        for (int run = 0; run < (perRun ? runs : 1); run++) {
          HttpApiEvents.Request request = route.apply(run);
          if (!events.logicalId(request).equals(id)) {
            throw new IllegalStateException("the cold start event of " + id + " goes to " + events.logicalId(request));
          }
          files.add(write(id, run, events.routeEvent(request)));
        }
      }
      invocations.add(new Invocation(id, function.handlerClass().getName(), function.timeout(), List.copyOf(files),
          before, after));
    }
    return invocations;
  }

  private static String bouncedAddress(int run) {
    return "cold-bounce-" + run + "@bench.example.test";
  }

  private static HttpApiEvents.Request request(Fixture.User caller, String method, String target, String body) {
    return ApiEvents.request(caller, method, target, body);
  }

  private JsonNode call(Fixture.User caller, String method, String path, String body, int status) {
    return Fixture.call(gateway, caller, method, path, body, status);
  }

  private String invite(Fixture.User owner, String org, String email) {
    JsonNode answer = call(owner, "POST", "/orgs/" + org + "/invitations", "{\"emails\":[\"" + email + "\"]}", 200);
    return answer.path("results").get(0).path("invitationId").asText();
  }

  private void join(Fixture.User owner, String org, Fixture.User joiner) {
    invite(owner, org, joiner.email());
    call(joiner, "POST", "/invitations/accept", "{\"token\":\"" + fixture.latestToken(joiner.email()) + "\"}", 200);
  }

  /** An invitation of the org whose reminder is due, written as the service writes it. */
  private void dueInvitation(String org, Fixture.User owner, int run) {
    try (DynamoDbClient admin = fixture.dynamoDbClient()) {
      InvitationFixtures.writeOpen(admin, fixture.table, fixture.settings, List.of(InvitationFixtures.pending(org,
          "cold-due-" + run + "@bench.example.test", owner.userId(), Instant.now().minus(Duration.ofDays(4)),
          fixture.settings)));
    }
  }

  private Path write(String logicalId, int run, byte[] event) throws IOException {
    Path file = directory.resolve(logicalId + "-" + run + ".json");
    Files.write(file, event);
    return file;
  }
}
