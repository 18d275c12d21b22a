package io.usersroles.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.usersroles.functions.LocalApiGateway;
import io.usersroles.functions.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the local server the way a person does: over HTTP, from token to membership. */
class LocalServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What the JDK's HTTP server adds to every answer, whatever the function said. */
  private static final java.util.Set<String> TRANSPORT_HEADERS = java.util.Set.of("date", "content-length",
      "transfer-encoding", "connection");
  private static final Pattern LINK = Pattern.compile("(\\S+)\\?token=([A-Za-z0-9_-]+)");

  @TempDir
  Path data;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private LocalServer server;

  private record Answer(int status, Map<String, List<String>> headers, JsonNode json) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aPersonCreatesAnOrganisationInvitesSomeoneWhoReadsTheEmailAndJoins() throws Exception {
    server = start();
    String ownerEmail = unique("owner");
    String inviteeEmail = unique("invitee");
    String owner = token(ownerEmail);
    Answer inviteeToken = post("/local/token", "{\"email\":\"" + inviteeEmail + "\"}", null);
    String invitee = inviteeToken.json().get("token").asText();
    String inviteeId = inviteeToken.json().get("userId").asText();

    Answer created = post("/orgs", "{\"name\":\"Acme Robotics\"}", owner);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    String orgId = created.json().get("orgId").asText();

    Answer invited = post("/orgs/" + orgId + "/invitations", "{\"emails\":[\"" + inviteeEmail + "\"]}", owner);
    assertThat(invited.status()).as(invited.json().toString()).isEqualTo(200);

    JsonNode email = onlyEmailTo(inviteeEmail);
    assertThat(email.get("subject").asText()).contains("Acme Robotics");
    assertThat(email.get("html").asText()).contains("?token=");
    assertThat(email.get("sentAt").asText()).isNotBlank();
    Matcher link = LINK.matcher(email.get("text").asText());
    assertThat(link.find()).isTrue();
    assertThat(link.group(1)).isEqualTo(server.baseUrl() + "/accept");
    // the link opens the console's accept page (the console reads the token from the address)
    HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(link.group(0))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(page.body()).contains("<div id=\"app\"></div>").doesNotContain(link.group(2));

    Answer accepted = post("/invitations/accept", "{\"token\":\"" + link.group(2) + "\"}", invitee);
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);

    Answer users = get("/orgs/" + orgId + "/users", owner);
    assertThat(users.status()).isEqualTo(200);
    assertThat(users.json().get("items")).anySatisfy(user -> {
      assertThat(user.get("id").asText()).isEqualTo(inviteeId);
      assertThat(user.get("status").asText()).isEqualTo("active");
    });
    Answer asMember = get("/orgs/" + orgId, invitee);
    assertThat(asMember.status()).isEqualTo(200);
  }

  @Test
  void auditEventsReachEventBridgeThroughTheTablesStreamAndARestartDoesNotPutThemAgain() throws Exception {
    server = start();
    String owner = token(unique("owner"));
    String orgId = post("/orgs", "{\"name\":\"Streamed\"}", owner).json().get("orgId").asText();
    post("/orgs/" + orgId + "/invitations", "{\"emails\":[\"" + unique("invitee") + "\"]}", owner);

    List<JsonNode> events = eventsOnceThereAre(2);
    JsonNode listed = get("/orgs/" + orgId + "/audit-events", owner).json().get("items");
    assertThat(events).extracting(e -> e.get("detailType").asText())
        .containsExactly("org.created", "invitation.created");
    for (int i = 0; i < 2; i++) {
      JsonNode event = events.get(i);
      assertThat(event.get("source").asText()).isEqualTo("users-and-roles");
      assertThat(event.get("detail")).isEqualTo(listed.get(1 - i)); // the API lists newest first
      assertThat(event.get("time").asText()).isNotBlank();
    }

    server.close();
    server = start();
    Answer renamed = send(request("/orgs/" + orgId, owner)
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"Streamed Ltd\"}")));
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(eventsOnceThereAre(1)).extracting(e -> e.get("detailType").asText()).containsExactly("org.updated");
    Thread.sleep(500);
    assertThat(get("/local/events", null).json().get("items")).as("published before the restart").hasSize(1);
  }

  /** {@code GET /local/events} once it lists {@code count} events (the stream is read every 100 ms). */
  private List<JsonNode> eventsOnceThereAre(int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      List<JsonNode> items = new java.util.ArrayList<>();
      get("/local/events", null).json().get("items").forEach(items::add);
      if (items.size() >= count || System.nanoTime() > deadline) {
        assertThat(items).hasSize(count);
        return items;
      }
      Thread.sleep(50);
    }
  }

  @Test
  void theAcceptPageIsTheConsolesPageNeverA404AndEchoesNothing() throws Exception {
    server = start();
    for (String query : List.of("", "?token=", "?token=%3Cscript%3Ealert(1)%3C/script%3E", "?other=1")) {
      HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/accept" + query))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as(query).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy")).as(query).hasValue(
          ConsoleFiles.CONTENT_SECURITY_POLICY);
      assertThat(page.body()).as(query).contains("<div id=\"app\"></div>").doesNotContain("alert(1)");
    }
  }

  @Test
  void pagesOfTheConsolesOriginMayCallTheApiAndPagesOfOtherOriginsMayNot() throws Exception {
    server = start();
    HttpResponse<String> allowed = client.send(preflight("http://localhost:5173"),
        HttpResponse.BodyHandlers.ofString());
    assertThat(allowed.statusCode()).isEqualTo(204);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
        .contains("authorization").contains("content-type").contains("idempotency-key");
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("PATCH");

    HttpResponse<String> refused = client.send(preflight("https://evil.example"), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

    String token = token(unique("cors"));
    HttpResponse<String> created = client.send(request("/orgs", token).header("Origin", "http://localhost:5173")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Cors Co\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
    assertThat(created.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("location");
  }

  private HttpRequest preflight(String origin) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/orgs"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type")
        .build();
  }

  @Test
  void dataKeysAndTokensSurviveARestart() throws Exception {
    server = start();
    String owner = token(unique("owner"));
    String orgId = post("/orgs", "{\"name\":\"Kept\"}", owner).json().get("orgId").asText();
    server.close();

    server = start();
    Answer again = get("/orgs/" + orgId, owner);
    assertThat(again.status()).as(again.json().toString()).isEqualTo(200);
    assertThat(again.json().get("name").asText()).isEqualTo("Kept");
  }

  @Test
  void theClockMovesTheDomainTimeSoInvitationsExpireAndStaysMovedAfterARestart() throws Exception {
    server = start();
    String owner = token(unique("owner"));
    String inviteeEmail = unique("late");
    String invitee = token(inviteeEmail);
    String orgId = post("/orgs", "{\"name\":\"Slow Co\"}", owner).json().get("orgId").asText();
    post("/orgs/" + orgId + "/invitations", "{\"emails\":[\"" + inviteeEmail + "\"]}", owner);
    Matcher link = LINK.matcher(onlyEmailTo(inviteeEmail).get("text").asText());
    assertThat(link.find()).isTrue();

    Answer moved = post("/local/clock", "{\"advanceSeconds\":" + Duration.ofDays(8).toSeconds() + "}", null);
    assertThat(moved.status()).isEqualTo(200);
    assertThat(moved.json().get("offsetSeconds").asLong()).isEqualTo(Duration.ofDays(8).toSeconds());

    Answer late = post("/invitations/accept", "{\"token\":\"" + link.group(2) + "\"}", invitee);
    assertThat(late.status()).as(late.json().toString()).isEqualTo(410);
    // tokens are issued and verified in real time, so the owner's token still works
    assertThat(get("/orgs/" + orgId, owner).status()).isEqualTo(200);

    server.close();
    server = start();
    assertThat(get("/local/clock", null).json().get("offsetSeconds").asLong())
        .isEqualTo(Duration.ofDays(8).toSeconds());
  }

  @Test
  void theReminderFunctionRunsThroughTheInvokeApiWithItsSampleEventOnTheMovedClock() throws Exception {
    server = start();
    String owner = token(unique("owner"));
    String inviteeEmail = unique("forgetful");
    String orgId = post("/orgs", "{\"name\":\"Nudge Co\"}", owner).json().get("orgId").asText();
    post("/orgs/" + orgId + "/invitations", "{\"emails\":[\"" + inviteeEmail + "\"]}", owner);
    Matcher first = LINK.matcher(onlyEmailTo(inviteeEmail).get("text").asText());
    assertThat(first.find()).isTrue();
    String sample = java.nio.file.Files.readString(
        Path.of(System.getProperty("usersroles.repoRoot", ".."), "events", "InviteReminderFunction.json"));

    Answer early = post("/2015-03-31/functions/InviteReminderFunction/invocations", sample, null);
    assertThat(early.status()).isEqualTo(200);
    assertThat(early.json().get("reminded").asInt()).as(early.json().toString()).isZero();

    assertThat(post("/local/clock", "{\"advanceSeconds\":" + Duration.ofDays(3).plusHours(1).toSeconds() + "}", null)
        .status()).isEqualTo(200);
    Answer due = post("/2015-03-31/functions/InviteReminderFunction/invocations", sample, null);
    assertThat(due.status()).isEqualTo(200);
    assertThat(due.json().get("reminded").asInt()).as(due.json().toString()).isEqualTo(1);
    assertThat(due.json().get("finished").asBoolean()).isTrue();

    List<JsonNode> mine = new java.util.ArrayList<>();
    get("/local/emails", null).json().get("items").forEach(item -> {
      if (item.get("to").get(0).asText().equals(inviteeEmail)) {
        mine.add(item);
      }
    });
    assertThat(mine).hasSize(2);
    assertThat(mine.get(1).get("subject").asText()).startsWith("Reminder:").contains("Nudge Co");
    Matcher reminder = LINK.matcher(mine.get(1).get("text").asText());
    assertThat(reminder.find()).isTrue();
    assertThat(reminder.group(2)).as("the reminder carries the same link").isEqualTo(first.group(2));
  }

  @Test
  void localRoutesRejectBadInputWithProblems() throws Exception {
    server = start();
    assertProblem(post("/local/token", "{\"email\":\"not-an-address\"}", null), 400);
    assertProblem(post("/local/token", "{\"email\":\"a@example.test\",\"admin\":true}", null), 400);
    assertProblem(post("/local/token", "{\"email\":\"a@example.test\",\"emailVerified\":\"yes\"}", null), 400);
    assertProblem(post("/local/clock", "{\"advanceSeconds\":-5}", null), 400);
    assertProblem(post("/local/clock", "{\"advanceSeconds\":1.5}", null), 400);
    assertProblem(post("/local/clock", "not json", null), 400);
    assertProblem(get("/local/token", null), 405);
    assertProblem(get("/local/nothing", null), 404);
    assertThat(get("/local/clock", null).json().get("offsetSeconds").asLong()).isZero();
  }

  @Test
  void theApiAnswersWithProblemsForMissingTokensUnknownRoutesAndHugeBodies() throws Exception {
    server = start();
    Answer anonymous = post("/orgs", "{\"name\":\"x\"}", null);
    assertProblem(anonymous, 401);
    assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
    assertProblem(get("/nowhere", token(unique("lost"))), 404);
    assertProblem(post("/orgs", "{\"name\":\"" + "x".repeat(LocalServer.MAX_BODY_BYTES) + "\"}",
        token(unique("big"))), 413);
  }

  @Test
  void theLambdaInvokeApiRunsAFunctionByItsLogicalIdWithARawEvent() throws Exception {
    server = start();
    String owner = token(unique("machine-check"));
    String event = JSON.createObjectNode()
        .put("version", "2.0").put("type", "REQUEST")
        .put("routeArn", "arn:aws:execute-api:us-east-1:000000000000:local/$default/GET/orgs")
        .set("identitySource", JSON.createArrayNode().add("Bearer " + owner)).toString();
    Answer allowed = post("/2015-03-31/functions/AuthorizerFunction/invocations", event, null);
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.json().get("isAuthorized").asBoolean()).isTrue();
    assertThat(allowed.json().path("context").path("principalType").asText()).isEqualTo("user");

    Answer byArn = post("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3A"
        + "AuthorizerFunction/invocations", event, null);
    assertThat(byArn.json().path("isAuthorized").asBoolean()).as(byArn.toString()).isTrue();

    Answer denied = post("/2015-03-31/functions/AuthorizerFunction/invocations",
        event.replace(owner, "not-a-jwt"), null);
    assertThat(denied.status()).isEqualTo(200);
    assertThat(denied.header("X-Amz-Function-Error")).isEqualTo("Unhandled");
    assertThat(denied.json().get("errorMessage").asText()).isEqualTo("Unauthorized");

    Path sample = Path.of(System.getProperty("usersroles.repoRoot", ".."), "events", "CreateOrganisationFunction.json");
    Answer routeEvent = post("/2015-03-31/functions/CreateOrganisationFunction/invocations",
        java.nio.file.Files.readString(sample), null);
    assertThat(routeEvent.status()).isEqualTo(200);
    assertThat(routeEvent.json().get("statusCode").asInt()).as(routeEvent.json().toString()).isEqualTo(201);
    OpenApiContract.get().assertConforms(JSON.readTree(sample.toFile()), routeEvent.json());

    Answer unknown = post("/2015-03-31/functions/NoSuchFunction/invocations", "{}", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("x-amzn-ErrorType")).isEqualTo("ResourceNotFoundException");
  }

  private LocalServer start() {
    return LocalServer.start(new LocalServer.Options("127.0.0.1", 0, data, Optional.empty(),
        List.of("http://localhost:5173")));
  }

  private String token(String email) throws Exception {
    Answer answer = post("/local/token", "{\"email\":\"" + email + "\"}", null);
    assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
    return answer.json().get("token").asText();
  }

  private JsonNode onlyEmailTo(String address) throws Exception {
    Answer emails = get("/local/emails", null);
    assertThat(emails.status()).isEqualTo(200);
    List<JsonNode> mine = new java.util.ArrayList<>();
    emails.json().get("items").forEach(item -> {
      if (item.get("to").get(0).asText().equals(address)) {
        mine.add(item);
      }
    });
    assertThat(mine).hasSize(1);
    return mine.get(0);
  }

  private static void assertProblem(Answer answer, int status) {
    assertThat(answer.status()).as(answer.json().toString()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.json().get("status").asInt()).isEqualTo(status);
  }

  private Answer post(String path, String body, String token) throws IOException, InterruptedException {
    return conform("POST", path, body, token, send(request(path, token).POST(HttpRequest.BodyPublishers.ofString(body))));
  }

  private Answer get(String path, String token) throws IOException, InterruptedException {
    return conform("GET", path, null, token, send(request(path, token).GET()));
  }

  /**
   * Holds every answer of an API route to api/openapi.yaml. Not the local-only routes (never deployed), nor
   * the 413 the server itself gives a body over 10 MiB before any route runs (deployed, API Gateway
   * answers that).
   */
  private static Answer conform(String method, String path, String body, String token, Answer answer) {
    URI uri = URI.create(path);
    if (uri.getRawPath().startsWith("/local/") || uri.getRawPath().startsWith("/2015-03-31/")
        || answer.status() == 413) {
      return answer;
    }
    Map<String, String> requestHeaders = new java.util.LinkedHashMap<>();
    requestHeaders.put("Content-Type", "application/json");
    if (token != null) {
      requestHeaders.put("Authorization", "Bearer " + token);
    }
    Map<String, String> responseHeaders = new java.util.LinkedHashMap<>();
    answer.headers().forEach((name, values) -> {
      if (!TRANSPORT_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        responseHeaders.put(name, values.get(0));
      }
    });
    String template = LocalApiGateway.pathTemplate(method, uri.getRawPath()).orElse(null);
    OpenApiContract.get().assertConforms(new OpenApiContract.Exchange(method, template, uri.getRawPath(),
        uri.getRawQuery(), requestHeaders, body, answer.status(), responseHeaders,
        answer.json().isMissingNode() ? null : answer.json().toString()));
    return answer;
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = response.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(response.body());
    return new Answer(response.statusCode(), response.headers().map(), json);
  }

  private static String unique(String name) {
    return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
  }
}
