package io.usersroles.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.Membership;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.engines.gateway.LocalLambdaContext;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LocalApiGateway;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.store.MembershipFixtures;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Organisations of growing size, from {@code 10 members, 0 custom roles} to {@code 10,000 members, 100
 * custom roles} (the most an org may have): a member's check, the same check over HTTP and its effective
 * permissions, timed in turn across every size so that all see the same machine; and one page of the
 * users list, its items read counted. Roles are created through the API (each must be accepted); the
 * members are written straight to the table as accepting invitations writes them.
 */
final class OrgScale {
  /** One size of organisation. */
  record Size(int members, int roles) {
    String label() {
      return String.format("%,d members, %d roles", members, roles);
    }
  }

  static final List<Size> SIZES = List.of(new Size(10, 0), new Size(100, 10), new Size(1_000, 50),
      new Size(10_000, 100));
  static final int WARMUP_ROUNDS = 150;
  static final int SAMPLES = 400;
  static final int PAGE = 100;

  /** What one size measured: p50s in microseconds, and the users page's reads. */
  record Result(Size size, double checkP50, double httpCheckP50, double effectiveP50, long pageItems,
      long accessItems, int pageRows) {}

  /** One organisation set up for a size, and the events its member's questions are asked with. */
  private record Org(Size size, String orgId, Fixture.User owner, byte[] check, byte[] httpCheck, byte[] effective) {}

  private OrgScale() {}

  static List<Result> measure(Fixture fixture, HttpApiGateway gateway, Metrics metrics) throws InterruptedException {
    ApiEvents events = new ApiEvents(gateway);
    List<Org> orgs = new ArrayList<>();
    for (Size size : SIZES) {
      orgs.add(create(fixture, gateway, events, size));
    }
    LocalLambdaContext direct = new LocalLambdaContext("bench-scale", "CheckPermissionFunction",
        DeployedFunctions.API_TIMEOUT);
    // [size][0: direct check, 1: check over HTTP, 2: effective permissions over HTTP]
    long[][][] samples = new long[orgs.size()][3][SAMPLES];
    for (int round = -WARMUP_ROUNDS; round < SAMPLES; round++) {
      for (int k = 0; k < orgs.size(); k++) {
        // rotate which size and which question go first, so that none always follows another
        Org org = orgs.get(Math.floorMod(k + round, orgs.size()));
        int o = orgs.indexOf(org);
        for (int q = 0; q < 3; q++) {
          int question = Math.floorMod(q + round, 3);
          long took = time(gateway, org, question, direct);
          if (round >= 0) {
            samples[o][question][round] = took;
          }
        }
      }
    }
    List<Result> results = new ArrayList<>();
    for (int o = 0; o < orgs.size(); o++) {
      Org org = orgs.get(o);
      long[] page = usersPage(fixture, org);
      results.add(new Result(org.size(), Metrics.median(samples[o][0]) / 1_000.0,
          Metrics.median(samples[o][1]) / 1_000.0, Metrics.median(samples[o][2]) / 1_000.0, page[0], page[1],
          (int) page[2]));
    }
    record(results, metrics);
    return results;
  }

  private static long time(HttpApiGateway gateway, Org org, int question, LocalLambdaContext direct) {
    long start = System.nanoTime();
    byte[] answer = switch (question) {
      case 0 -> gateway.invoke("CheckPermissionFunction", org.check(), direct);
      case 1 -> gateway.invoke("CheckPermissionFunction", org.httpCheck(), direct);
      default -> gateway.invoke("GetUserPermissionsFunction", org.effective(), direct);
    };
    long took = System.nanoTime() - start;
    if (question != 0 && ApiEvents.status(answer) != 200) {
      throw new IllegalStateException("the " + org.size().label() + " org answered " + new String(answer));
    }
    return took;
  }

  private static void record(List<Result> results, Metrics metrics) {
    Result smallest = results.get(0);
    Result largest = results.get(results.size() - 1);
    metrics.put("check_scale_ratio", largest.checkP50() / smallest.checkP50(), String.format(
        "p50 %.0f us of a check (direct invocation) at %s over p50 %.0f us at %s; %d samples each after %d warm-up"
            + " rounds, sizes and questions taken in turn", largest.checkP50(), largest.size().label(),
        smallest.checkP50(), smallest.size().label(), SAMPLES, WARMUP_ROUNDS));
    metrics.put("effective_permissions_vs_check_ratio", largest.effectiveP50() / largest.httpCheckP50(),
        String.format("p50 %.0f us of GET /orgs/{orgId}/users/{userId}/permissions over p50 %.0f us of POST "
            + "/orgs/{orgId}/check, both about the caller itself, at %s; %d samples each", largest.effectiveP50(),
            largest.httpCheckP50(), largest.size().label(), SAMPLES));
    metrics.put("users_page_items_read_10k", largest.pageItems(), String.format(
        "GET /orgs/{orgId}/users?limit=%d at %s: %d items read by the list's queries for %d rows, besides the %d "
            + "of the access check's BatchGetItem that every route reads", PAGE, largest.size().label(),
        largest.pageItems(), largest.pageRows(), largest.accessItems()));
    Map<String, Object> details = new LinkedHashMap<>();
    for (Result result : results) {
      details.put(result.size().members() + "_members_" + result.size().roles() + "_roles", Map.of(
          "check_p50_us", result.checkP50(), "http_check_p50_us", result.httpCheckP50(),
          "effective_permissions_p50_us", result.effectiveP50(), "users_page_items_read", result.pageItems(),
          "access_check_items_read", result.accessItems()));
    }
    details.put("samples_each", SAMPLES);
    metrics.detail("org_scale", details);
  }

  /** Items read by a users page of {@value #PAGE}: [list queries, access check, rows listed]. */
  private static long[] usersPage(Fixture fixture, Org org) {
    ReadsByRequest reads = new ReadsByRequest();
    FunctionsComponent app = fixture.component(fixture.dynamoDbClient(reads), fixture.sesClient(), Clock.systemUTC());
    JsonNode page = Fixture.call(LocalApiGateway.of(app), org.owner(), "GET",
        "/orgs/" + org.orgId() + "/users?limit=" + PAGE, null, 200);
    int rows = page.path("items").size();
    if (rows != Math.min(PAGE, org.size().members())) {
      throw new IllegalStateException("a users page of " + org.size().label() + " listed " + rows + " rows");
    }
    synchronized (reads) {
      return new long[] {reads.queried, reads.batchRead, rows};
    }
  }

  /** Creates the org through the API, its roles too, then writes its members straight to the table. */
  private static Org create(Fixture fixture, HttpApiGateway gateway, ApiEvents events, Size size)
      throws InterruptedException {
    String name = "scale-" + size.members();
    Fixture.User owner = fixture.user(name + "-owner");
    Fixture.User asker = fixture.user(name + "-member");
    String orgId = Fixture.call(gateway, owner, "POST", "/orgs", "{\"name\":\"Scale " + size.members() + "\"}", 201)
        .get("orgId").asText();
    List<String> roleIds = new ArrayList<>();
    for (int i = 0; i < size.roles(); i++) {
      roleIds.add(Fixture.call(gateway, owner, "POST", "/orgs/" + orgId + "/roles", Scenario.roleJson(i).toString(),
          201).get("id").asText());
    }
    Instant joined = Instant.now();
    List<Membership> members = new ArrayList<>(size.members());
    // the asker holds the last role, whose file glob its question is about, and one more
    members.add(new Membership(orgId, asker.userId(), asker.email(), "Asker", rolesOf(roleIds, roleIds.size() - 1),
        joined));
    for (int i = 1; i < size.members() - 1; i++) {
      members.add(new Membership(orgId, "usr_" + name + "_" + i, name + "-" + i + "@bench.example.test",
          "Member " + i, rolesOf(roleIds, i), joined));
    }
    Fixture.inParallel(members, part -> {
      try (DynamoDbClient admin = fixture.dynamoDbClient()) {
        MembershipFixtures.writeActive(admin, fixture.table, part);
      }
    });
    int last = Math.max(0, size.roles() - 1);
    ObjectNode resource = Fixture.object().put("project", Scenario.project(last + 2))
        .put("path", "src/team-" + last + "/a/b/Main.java");
    ObjectNode check = Fixture.object().put("orgId", orgId).put("action", "documents:view-content");
    check.putObject("principal").put("type", "user").put("id", asker.userId());
    check.set("resource", resource);
    ObjectNode httpCheck = Fixture.object().put("action", "documents:view-content");
    httpCheck.set("resource", resource);
    return new Org(size, orgId, owner, ApiEvents.bytes(check),
        events.routeEvent(ApiEvents.request(asker, "POST", "/orgs/" + orgId + "/check", httpCheck.toString())),
        events.routeEvent(ApiEvents.request(asker, "GET", "/orgs/" + orgId + "/users/" + asker.userId()
            + "/permissions", null)));
  }

  /** The built-in member role and, when the org has custom roles, two of them. */
  private static List<String> rolesOf(List<String> roleIds, int i) {
    if (roleIds.isEmpty()) {
      return List.of("member");
    }
    String first = roleIds.get(Math.floorMod(i, roleIds.size()));
    String second = roleIds.get(Math.floorMod(i * 7 + 3, roleIds.size()));
    return first.equals(second) ? List.of("member", first) : List.of("member", first, second);
  }

  /** Items read, by kind of request: the list's queries (and any GetItem), and the access check's BatchGetItem. */
  private static final class ReadsByRequest implements ExecutionInterceptor {
    long queried;
    long batchRead;

    @Override
    public synchronized void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
      SdkResponse response = context.response();
      if (response instanceof QueryResponse query) {
        queried += query.count();
      } else if (response instanceof GetItemResponse get) {
        queried += get.hasItem() && !get.item().isEmpty() ? 1 : 0;
      } else if (response instanceof BatchGetItemResponse batch) {
        batch.responses().values().forEach(found -> batchRead += found.size());
      }
    }
  }
}
