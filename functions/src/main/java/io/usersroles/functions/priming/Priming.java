package io.usersroles.functions.priming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.access.Action;
import io.usersroles.access.Check;
import io.usersroles.access.CompiledRoles;
import io.usersroles.access.CustomRole;
import io.usersroles.access.FilePermission;
import io.usersroles.access.PermissionEngine;
import io.usersroles.access.Resource;
import io.usersroles.access.RoleHolder;
import io.usersroles.config.AwsClients;
import io.usersroles.config.Settings;
import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.checks.DirectCheck;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.http.PrincipalContext;
import io.usersroles.functions.orgs.OrganisationJson;
import io.usersroles.service.OrganisationService;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.crac.Context;
import org.crac.Core;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * SnapStart priming (a CRaC {@code beforeCheckpoint} hook): before Lambda snapshots an initialised
 * execution environment, builds the real SDK clients and runs the shared request paths once, so that
 * a restored environment starts with those classes loaded, linked and initialised instead of paying
 * for them on its first request. The paths run against a second object graph whose SDK clients answer
 * from {@link CannedHttpClient}: no connection is opened (none would survive the snapshot) and no
 * DynamoDB state is read or written. Outside SnapStart (and on plain JDKs) the hook never runs.
 *
 * <p>The paths are the layers every handler delegates to (event JSON, the authorizer context, the
 * access check, problem+json, a direct check's parsing and answer), driven without the handler
 * classes, which sit above this class: their no-argument constructors build the environment that
 * registers it.
 */
public final class Priming implements org.crac.Resource {
  private static final Principal.User PRIMING_USER = new Principal.User("usr_priming", "priming@example.invalid",
      true, "Priming", List.of("priming"));

  private final Settings settings;
  private final AwsClients clients;

  public Priming(Settings settings, AwsClients clients) {
    this.settings = settings;
    this.clients = clients;
  }

  /** Registers the hook with the runtime; the caller keeps the returned instance reachable. */
  public static Priming register(Settings settings, AwsClients clients) {
    Priming priming = new Priming(settings, clients);
    Core.getGlobalContext().register(priming);
    return priming;
  }

  @Override
  public void beforeCheckpoint(Context<? extends org.crac.Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends org.crac.Resource> context) {
    // nothing: the snapshot holds no connection, token or random state of its own (see docs/benchmarks.md)
  }

  /** Runs the paths once. Touches no network and no table, so it may run anywhere, any number of times. */
  public Primed prime() {
    // the deployed clients, built now (building sends nothing); their first request then pays only I/O
    clients.dynamoDb();
    clients.ses();

    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create("priming", "priming"));
    Region region = Region.of(settings.region());
    FunctionsComponent offline = FunctionsComponent.builder()
        .settings(settings)
        .clock(Clock.systemUTC())
        .clients(AwsClients.of(
            DynamoDbClient.builder().region(region).credentialsProvider(credentials)
                .httpClient(new CannedHttpClient()).build(),
            SesV2Client.builder().region(region).credentialsProvider(credentials)
                .httpClient(new CannedHttpClient()).build()))
        .build();

    // a direct check: event JSON in, validation, one BatchGetItem (answered: nothing found), engine, JSON out
    JsonNode directCheck = roundTrip(new DirectCheck(offline.checks()).answer(read("{\"orgId\":\"org_priming\","
        + "\"action\":\"documents:view-content\",\"principal\":{\"type\":\"user\",\"id\":\"usr_priming\","
        + "\"groups\":[\"priming\"]},\"resource\":{\"project\":\"priming\",\"path\":\"src/main/Priming.java\"}}")));
    // an HTTP route: payload 2.0 event, principal from the authorizer context, access check, problem+json
    JsonNode route = roundTrip(new OrganisationRoute(offline.organisations()).respond(routeEvent(), "priming")
        .toEvent());
    // the engine on a compiled catalog with scopes, IdP groups and file globs
    engine();
    return new Primed(directCheck, route);
  }

  /** What the primed paths answered (against the canned, empty DynamoDB): a denial and a 404. */
  public record Primed(JsonNode directCheck, JsonNode route) {}

  /** {@code GET /orgs/{orgId}} as its function answers it. */
  private static final class OrganisationRoute extends HttpFunction {
    private final OrganisationService organisations;

    OrganisationRoute(OrganisationService organisations) {
      this.organisations = organisations;
    }

    @Override
    protected HttpResponse handle(HttpRequest request, Principal caller) {
      return HttpResponse.ok(OrganisationJson.of(organisations.get(caller, request.pathParameter("orgId"))));
    }
  }

  /** The event API Gateway sends for {@code GET /orgs/org_priming} after the authorizer let the caller in. */
  private static JsonNode routeEvent() {
    ObjectNode event = Json.object().put("version", "2.0").put("routeKey", "GET /orgs/{orgId}")
        .put("rawPath", "/orgs/org_priming").put("rawQueryString", "").put("isBase64Encoded", false);
    event.putObject("headers").put("content-type", "application/json");
    event.putObject("pathParameters").put("orgId", "org_priming");
    ObjectNode context = event.putObject("requestContext").put("requestId", "priming")
        .put("routeKey", "GET /orgs/{orgId}");
    context.putObject("http").put("method", "GET").put("path", "/orgs/org_priming");
    context.putObject("authorizer").set("lambda", PrincipalContext.toContext(PRIMING_USER));
    return event;
  }

  /** Through bytes, as an invocation's event and answer travel. */
  private static JsonNode roundTrip(JsonNode answer) {
    return read(new String(Json.bytes(answer), StandardCharsets.UTF_8));
  }

  private static JsonNode read(String json) {
    try {
      return Json.read(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void engine() {
    CompiledRoles catalog = CompiledRoles.compile(List.of(new CustomRole("rol_priming", "Priming", "", List.of("priming"),
        false, List.of("priming"), EnumSet.of(Action.BRANCHES_CREATE, Action.LOGS_VIEW),
        List.of(new FilePermission("priming", "src/**/*.java", Set.of(Action.DOCUMENTS_EDIT_CONTENT))))));
    PermissionEngine engine = new PermissionEngine();
    RoleHolder holder = RoleHolder.member("usr_priming", List.of("member", "rol_priming"), Set.of("priming"));
    engine.decide(catalog, holder, Check.of("", "documents:view-content", Resource.file("priming", "src/a/B.java")));
    engine.decide(catalog, holder, Check.of("", "branches:create", Resource.project("other")));
    engine.decide(catalog, holder, Check.of(Action.MEMBERS_INVITE));
  }
}
