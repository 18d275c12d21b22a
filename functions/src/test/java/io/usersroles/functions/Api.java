package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.usersroles.config.AwsClients;
import io.usersroles.config.Settings;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
import io.usersroles.engines.gateway.HttpApiEvents;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.engines.gateway.LocalLambdaContext;
import io.usersroles.functions.http.Json;
import io.usersroles.testing.Engines;
import io.usersroles.testing.RequestCounter;
import io.usersroles.testing.TestClock;
import io.usersroles.testing.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * A test's view of the whole API: requests go through {@link LocalApiGateway} (route matching, the real
 * Lambda authorizer with real JWTs, payload 2.0 events, the real handlers as stream handlers) to
 * real engines: DynamoDB Local and the SES emulator, or LocalStack. One fresh table per instance.
 * Every exchange is checked against api/openapi.yaml ({@link OpenApiContract}).
 */
public final class Api {
  static {
    // logs as deployed (LambdaEnvironment sets this up for the functions, LocalServer for itself)
    io.usersroles.functions.logging.JsonLogging.install();
  }

  private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

  public final Engines env;
  public final String table;
  public final Settings settings;
  public final TestClock clock = new TestClock();
  public final RequestCounter dynamoDbRequests = new RequestCounter();
  public final RequestCounter sesRequests = new RequestCounter();
  public final FunctionsComponent app;
  public final HttpApiGateway gateway;

  /** On DynamoDB Local and the SES emulator. */
  public Api() {
    this(TestEnvironment.get());
  }

  /** On the given engines (LocalStack variants pass {@code LocalStackEngines.get()}). */
  public Api(Engines engines) {
    this(engines, UnaryOperator.identity());
  }

  /** On the given engines, with settings adjusted (small per-org limits, another reminder schedule). */
  public Api(Engines engines, UnaryOperator<Settings> adjust) {
    this.env = engines;
    this.table = engines.createTable();
    this.settings = adjust.apply(engines.settings(table));
    this.app = FunctionsComponent.builder()
        .settings(settings)
        .clock(clock)
        .clients(AwsClients.of(engines.dynamoDbClient(dynamoDbRequests), engines.sesClient(sesRequests),
            engines.eventBridgeClient()))
        .build();
    this.gateway = LocalApiGateway.of(app);
  }

  /**
   * On DynamoDB Local and the SES emulator, each function on its own object graph and clients, as in its
   * own execution environment: {@code environment} builds them for a function's logical id. {@link #app}
   * is a graph of its own for the test's bookkeeping.
   */
  public Api(TestEnvironment engines, BiFunction<String, Api, FunctionsComponent> environment) {
    this.env = engines;
    this.table = engines.createTable();
    this.settings = engines.settings(table);
    this.app = FunctionsComponent.builder().settings(settings).clock(clock)
        .clients(AwsClients.of(engines.dynamoDbClient(), engines.sesClient(), engines.eventBridgeClient())).build();
    // handlers are built on first invocation, so after this constructor
    this.gateway = LocalApiGateway.perFunction(id -> environment.apply(id, this));
  }

  /** A person with a verified email and a token from the local issuer. */
  public record User(String email, String userId, String token) {
    public String authorization() {
      return "Bearer " + token;
    }
  }

  /** An HTTP response with its body parsed (a missing node when there is none). */
  public record Response(int status, Map<String, String> headers, JsonNode json) {
    public String contentType() {
      return headers.get("Content-Type");
    }
  }

  public User user(String name) {
    return user(name, true, List.of());
  }

  public User user(String name, boolean emailVerified, List<String> groups) {
    String email = TestEnvironment.uniqueEmail(name);
    LocalIdentityProvider.Token token = env.identityProvider().mint(email, groups, emailVerified);
    return new User(email, token.userId(), token.token());
  }

  public Response call(User caller, String method, String pathAndQuery, String body) {
    return call(caller == null ? null : caller.authorization(), method, pathAndQuery, body);
  }

  public Response call(User caller, String method, String pathAndQuery) {
    return call(caller, method, pathAndQuery, null);
  }

  public Response call(String authorization, String method, String pathAndQuery, String body) {
    return call(authorization, method, pathAndQuery, body, Map.of());
  }

  /** A call with extra request headers (such as {@code Idempotency-Key}). */
  public Response call(User caller, String method, String pathAndQuery, String body, Map<String, String> extraHeaders) {
    return call(caller == null ? null : caller.authorization(), method, pathAndQuery, body, extraHeaders);
  }

  public Response call(String authorization, String method, String pathAndQuery, String body,
      Map<String, String> extraHeaders) {
    URI uri = URI.create(pathAndQuery);
    Map<String, String> headers = new HashMap<>(extraHeaders);
    headers.put("content-type", "application/json");
    if (authorization != null) {
      headers.put("authorization", authorization);
    }
    HttpApiGateway.Response response = gateway.handle(new HttpApiEvents.Request(method, uri.getRawPath(),
        uri.getRawQuery(), headers, body, "127.0.0.1"));
    conform(method, uri, headers, body, response);
    try {
      JsonNode json = response.body() == null ? MissingNode.getInstance() : Json.read(response.body());
      return new Response(response.status(), response.headers(), json);
    } catch (IOException e) {
      throw new UncheckedIOException("response body is not JSON: " + response.body(), e);
    }
  }

  /**
   * Fails the calling test unless the exchange matches api/openapi.yaml: every response a test sees
   * (and every request the API accepted) is held to the document.
   */
  public static void conform(String method, URI uri, Map<String, String> requestHeaders, String requestBody,
      HttpApiGateway.Response response) {
    conform(method, uri.getRawPath(), uri.getRawQuery(), requestHeaders, requestBody, response);
  }

  /** As above, for a request given as raw path and query (as it came off the wire). */
  public static void conform(String method, String rawPath, String rawQuery, Map<String, String> requestHeaders,
      String requestBody, HttpApiGateway.Response response) {
    String template = LocalApiGateway.pathTemplate(method, rawPath).orElse(null);
    OpenApiContract.get().assertConforms(new OpenApiContract.Exchange(method, template, rawPath, rawQuery,
        requestHeaders, requestBody, response.status(), response.headers(), response.body()));
  }

  /** Runs InviteReminderFunction once, as the schedule does (a 15-minute budget), and returns its report. */
  public JsonNode runReminderJob() {
    try {
      return Json.read(gateway.invoke("InviteReminderFunction",
          "{\"source\":\"aws.events\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          new LocalLambdaContext(java.util.UUID.randomUUID().toString(),
              "InviteReminderFunction", java.time.Duration.ofMinutes(15))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates an organisation owned by {@code owner} and returns its id. */
  public String createOrg(User owner, String name) {
    Response created = call(owner, "POST", "/orgs", json("name", name));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created.json().get("orgId").asText();
  }

  /** Invites {@code invitees} into {@code orgId} as {@code inviter}, asserting 200. */
  public Response invite(User inviter, String orgId, String rolesJson, User... invitees) {
    StringBuilder emails = new StringBuilder();
    for (User invitee : invitees) {
      emails.append(emails.length() == 0 ? "" : ",").append('"').append(invitee.email()).append('"');
    }
    String body = "{\"emails\":[" + emails + "]" + (rolesJson == null ? "" : ",\"roles\":" + rolesJson) + "}";
    Response response = call(inviter, "POST", "/orgs/" + orgId + "/invitations", body);
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    return response;
  }

  /** Adds {@code user} to the org through a real invitation and acceptance. */
  public void join(User owner, String orgId, User user, String rolesJson) {
    invite(owner, orgId, rolesJson, user);
    Response accepted = call(user, "POST", "/invitations/accept", json("token", latestToken(user.email())));
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
  }

  /** Every email the SES emulator holds for {@code address}, oldest first. */
  public List<SesEmulator.SentEmail> emailsTo(String address) {
    return env.sentTo(address);
  }

  /** The token of the accept link in the newest email to {@code address}. */
  public String latestToken(String address) {
    List<SesEmulator.SentEmail> emails = emailsTo(address);
    assertThat(emails).as("emails to " + address).isNotEmpty();
    return tokenOf(emails.get(emails.size() - 1));
  }

  public static String tokenOf(SesEmulator.SentEmail email) {
    Matcher matcher = TOKEN.matcher(email.text());
    assertThat(matcher.find()).as("an accept link in: " + email.text()).isTrue();
    return matcher.group(1);
  }

  /**
   * How many items of the org's state the table holds: every item but audit events, which every change
   * adds (tests only: a full scan). {@link #auditEventCount} counts those.
   */
  public int itemCount() {
    return (int) scanAll().stream().filter(item -> !isAuditEvent(item)).count();
  }

  /** How many audit events the table holds (tests only: a full scan). */
  public int auditEventCount() {
    return (int) scanAll().stream().filter(Api::isAuditEvent).count();
  }

  private List<Map<String, AttributeValue>> scanAll() {
    return env.adminClient().scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())
        .items().stream().toList();
  }

  private static boolean isAuditEvent(Map<String, AttributeValue> item) {
    AttributeValue entity = item.get("entity");
    return entity != null && "audit-event".equals(entity.s());
  }

  /** A one-field JSON object with a string value. */
  public static String json(String field, String value) {
    return Json.object().put(field, value).toString();
  }
}
