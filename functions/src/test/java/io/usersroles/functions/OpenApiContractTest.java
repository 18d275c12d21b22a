package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.usersroles.functions.OpenApiContract.Exchange;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.functions.deployment.Route;
import io.usersroles.functions.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * api/openapi.yaml is valid OpenAPI 3.1, describes exactly the routes the functions serve, keeps the
 * promises the API makes for every route, and the check that every test's exchanges go through
 * rejects what the document does not allow.
 */
class OpenApiContractTest {
  private static final OpenApiContract CONTRACT = OpenApiContract.get();
  private static final String ORG = "/orgs/{orgId}";
  private static final String ORG_JSON =
      "{\"orgId\":\"o1\",\"name\":\"Acme\",\"avatarUrl\":null,\"createdAt\":\"2026-01-02T03:04:05.678Z\"}";
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json", "Cache-Control",
      "no-store");
  private static final Map<String, String> PROBLEM = Map.of("Content-Type", "application/problem+json",
      "Cache-Control", "no-store");

  @Test
  void isValidOpenApi31() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readLocation(OpenApiContract.document().toUri().toString(), null,
        options);
    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
  }

  @Test
  void describesExactlyTheRoutesOfTheDeployedFunctions() {
    Set<String> served = DeployedFunctions.all().stream().map(DeployedFunctions.Entry::route).flatMap(Optional::stream)
        .map(Route::routeKey).collect(Collectors.toCollection(TreeSet::new));
    assertThat(CONTRACT.routeKeys()).containsExactlyElementsOf(served);
  }

  @Test
  void everyErrorIsProblemJsonAndEveryRouteAnswersTheSpecsErrors() {
    List<String> gaps = new ArrayList<>();
    CONTRACT.tree().path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      if (op.getKey().equals("parameters")) {
        return;
      }
      String route = op.getKey().toUpperCase() + " " + path.getKey();
      JsonNode responses = op.getValue().path("responses");
      responses.fields().forEachRemaining(response -> {
        JsonNode resolved = resolve(response.getValue());
        Set<String> types = new TreeSet<>();
        resolved.path("content").fieldNames().forEachRemaining(types::add);
        if (response.getKey().equals("401")) {
          // deployed, API Gateway answers 401 itself, with its own JSON body
          if (!types.equals(Set.of("application/problem+json", "application/json"))) {
            gaps.add(route + " 401 is " + types);
          }
        } else if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
          if (!types.equals(Set.of("application/problem+json"))) {
            gaps.add(route + " " + response.getKey() + " is " + types + ", not problem+json");
          }
        } else if (!response.getKey().equals("204") && !types.equals(Set.of("application/json"))) {
          gaps.add(route + " " + response.getKey() + " is " + types + ", not JSON");
        }
      });
      for (String status : List.of("401", "500", "503")) {
        if (!responses.has(status)) {
          gaps.add(route + " lacks " + status);
        }
      }
      if (path.getKey().startsWith(ORG) && !responses.has("404")) {
        gaps.add(route + " lacks 404 (non-members)");
      }
      // every route under an org but GET /orgs/{orgId} (any member) needs a permission
      if (path.getKey().startsWith(ORG) && !route.equals("GET " + ORG) && !responses.has("403")) {
        gaps.add(route + " lacks 403 (members without the permission)");
      }
      boolean hasBody = op.getValue().has("requestBody");
      boolean hasQuery = op.getValue().path("parameters").size() > 0;
      if ((hasBody || hasQuery) && !responses.has("400")) {
        gaps.add(route + " takes input but lacks 400");
      }
    }));
    assertThat(gaps).isEmpty();
  }

  @Test
  void listsArePagedAndCreatesTakeAnIdempotencyKey() {
    for (String list : List.of("/users", "/invitations", "/roles", "/service-accounts")) {
      assertThat(parameterRefs(ORG + list, "get")).as(list).contains("#/components/parameters/limit",
          "#/components/parameters/cursor");
      JsonNode page = resolve(CONTRACT.tree().at("/paths/" + escape(ORG + list)
          + "/get/responses/200/content/application~1json/schema"));
      assertThat(page.path("required")).as(list).extracting(JsonNode::asText).containsExactly("items", "nextCursor");
    }
    for (String create : List.of("/invitations", "/service-accounts")) {
      assertThat(parameterRefs(ORG + create, "post")).as(create).contains("#/components/parameters/IdempotencyKey");
    }
    assertThat(CONTRACT.tree().at("/security/0").has("bearerAuth")).isTrue();
    assertThat(CONTRACT.tree().at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
  }

  @Test
  void acceptsWhatTheDocumentAllows() {
    assertThat(CONTRACT.violations(exchange("GET", ORG, "/orgs/o1", null, 200, JSON, ORG_JSON))).isEmpty();
    assertThat(CONTRACT.violations(exchange("POST", "/orgs", "/orgs", "{\"name\":\"Acme\"}", 201,
        with(JSON, "Location", "/orgs/o1"), ORG_JSON))).isEmpty();
    assertThat(CONTRACT.violations(exchange("DELETE", ORG + "/users/{userId}", "/orgs/o1/users/u1", null, 204,
        Map.of("Cache-Control", "no-store"), null))).isEmpty();
    assertThat(CONTRACT.violations(exchange("GET", ORG, "/orgs/o1", null, 404, PROBLEM,
        problem(404, "Not Found", "not-found")))).isEmpty();
  }

  @Test
  void rejectsAResponseTheDocumentDoesNotAllow() {
    // a missing required field, a field the document does not know, a wrong type
    assertThat(CONTRACT.violations(exchange("GET", ORG, "/orgs/o1", null, 200, JSON,
        "{\"orgId\":\"o1\",\"name\":\"Acme\",\"avatarUrl\":null}"))).singleElement().asString().contains("createdAt");
    assertThat(CONTRACT.violations(exchange("GET", ORG, "/orgs/o1", null, 200, JSON,
        ORG_JSON.replace("}", ",\"secret\":\"x\"}")))).singleElement().asString().contains("secret");
    assertThat(CONTRACT.violations(exchange("GET", ORG, "/orgs/o1", null, 200, JSON,
        ORG_JSON.replace("\"Acme\"", "42")))).isNotEmpty();
    assertThat(CONTRACT.violations(exchange("GET", ORG, "/orgs/o1", null, 200, JSON,
        ORG_JSON.replace("2026-01-02T03:04:05.678Z", "yesterday")))).singleElement().asString().contains("createdAt");
    // a status the route does not document, an error that is not problem+json, a 2xx with a problem
    assertThat(CONTRACT.violations(exchange("GET", ORG, "/orgs/o1", null, 418, PROBLEM,
        problem(418, "I'm a teapot", "teapot")))).singleElement().asString().contains("418 is not documented");
    assertThat(CONTRACT.violations(exchange("GET", ORG, "/orgs/o1", null, 404, JSON,
        problem(404, "Not Found", "not-found")))).singleElement().asString().contains("content type");
    assertThat(CONTRACT.violations(exchange("GET", ORG, "/orgs/o1", null, 404, PROBLEM,
        problem(404, "Not Found", "no-such-code")))).isNotEmpty();
    // headers: a required one missing, an undocumented one present
    assertThat(CONTRACT.violations(exchange("POST", "/orgs", "/orgs", "{\"name\":\"Acme\"}", 201, JSON, ORG_JSON)))
        .singleElement().asString().contains("Location");
    assertThat(CONTRACT.violations(exchange("GET", ORG, "/orgs/o1", null, 200, with(JSON, "X-Debug", "1"),
        ORG_JSON))).singleElement().asString().contains("x-debug");
    assertThat(CONTRACT.violations(exchange("GET", ORG, "/orgs/o1", null, 503, PROBLEM,
        problem(503, "Service Unavailable", "email-not-sent")))).singleElement().asString().contains("Retry-After");
    assertThat(CONTRACT.violations(exchange("GET", ORG, "/orgs/o1", null, 401, with(PROBLEM, "WWW-Authenticate",
        "Basic"), problem(401, "Unauthorized", "unauthenticated")))).singleElement().asString()
        .contains("WWW-Authenticate");
    // a body on 204, none where one is documented
    assertThat(CONTRACT.violations(exchange("DELETE", ORG + "/users/{userId}", "/orgs/o1/users/u1", null, 204,
        JSON, "{}"))).isNotEmpty();
    assertThat(CONTRACT.violations(exchange("GET", ORG, "/orgs/o1", null, 200, JSON, null))).isNotEmpty();

    // schemas written inline under a templated path resolve as well as components do
    assertThat(CONTRACT.violations(exchange("POST", ORG + "/check", "/orgs/o1/check", "{\"action\":\"a:b\"}", 200,
        JSON, "{\"allowed\":true,\"reason\":\"owner\"}"))).isEmpty();
    assertThat(CONTRACT.violations(exchange("POST", ORG + "/check", "/orgs/o1/check", "{\"action\":\"a:b\"}", 200,
        JSON, "{\"allowed\":\"yes\",\"reason\":\"owner\"}"))).isNotEmpty();

    assertThatThrownBy(() -> CONTRACT.assertConforms(exchange("GET", ORG, "/orgs/o1", null, 200, JSON, "{}")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("api/openapi.yaml does not allow GET /orgs/o1");
  }

  @Test
  void rejectsAnAcceptedRequestTheDocumentDoesNotAllow() {
    assertThat(CONTRACT.violations(exchange("POST", "/orgs", "/orgs", "{\"name\":\"Acme\",\"extra\":1}", 201,
        with(JSON, "Location", "/orgs/o1"), ORG_JSON))).singleElement().asString().contains("extra");
    String page = "{\"items\":[],\"nextCursor\":null}";
    assertThat(CONTRACT.violations(new Exchange("GET", ORG + "/roles", "/orgs/o1/roles", "limit=500", Map.of(), null,
        200, JSON, page))).singleElement().asString().contains("limit");
    assertThat(CONTRACT.violations(new Exchange("GET", ORG + "/roles", "/orgs/o1/roles", "limit=5&x=1", Map.of(),
        null, 200, JSON, page))).singleElement().asString().contains("undocumented query parameter x");
    assertThat(CONTRACT.violations(new Exchange("GET", ORG + "/roles", "/orgs/o1/roles", "limit=5", Map.of(), null,
        200, JSON, page))).isEmpty();
  }

  @Test
  void holdsDirectCheckInvocationsToTheirComponentSchemas() throws Exception {
    JsonNode event = Json.read(
        "{\"orgId\":\"o1\",\"principal\":{\"type\":\"user\",\"id\":\"u1\"},\"action\":\"members:view\"}");
    CONTRACT.assertDirectCheck(event, Json.read("{\"allowed\":true,\"reason\":\"owner\"}"));
    assertThatThrownBy(() -> CONTRACT.assertDirectCheck(event, Json.read("{\"allowed\":\"yes\"}")))
        .isInstanceOf(AssertionError.class);
  }

  private static List<String> parameterRefs(String path, String method) {
    List<String> refs = new ArrayList<>();
    CONTRACT.tree().at("/paths/" + escape(path) + "/" + method + "/parameters")
        .forEach(p -> refs.add(p.path("$ref").asText()));
    return refs;
  }

  private static JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      node = CONTRACT.tree().at(node.get("$ref").asText().substring(1));
    }
    return node;
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> copy = new java.util.LinkedHashMap<>(headers);
    copy.put(name, value);
    return copy;
  }

  private static String problem(int status, String title, String code) {
    return Json.object().put("type", "urn:users-and-roles:problem:" + code).put("title", title).put("status", status)
        .put("detail", "d").put("instance", "/orgs/o1").toString();
  }

  private static Exchange exchange(String method, String template, String path, String requestBody, int status,
      Map<String, String> headers, String body) {
    return new Exchange(method, template, path, null, Map.of(), requestBody, status, headers, body);
  }
}
