package io.usersroles.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import io.usersroles.engines.gateway.HttpApiEvents;
import io.usersroles.functions.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code api/openapi.yaml}, read once per test JVM, and the check every HTTP exchange a test sees
 * must pass: the status is documented for the route, the response's headers and body match the
 * documented response (JSON Schema 2020-12 through networknt's OpenAPI 3.1 dialect), and a request
 * the API accepted (2xx) matches the documented parameters and request body. The document is
 * thereby the API's behaviour, not a description that can drift from it.
 */
public final class OpenApiContract {
  /** Headers every response may carry without the document naming them (OpenAPI ignores Content-Type). */
  private static final Set<String> UNDOCUMENTED_HEADERS = Set.of("content-type", "cache-control");
  private static final String DOCUMENT_ID = "https://usersroles.io/api/openapi.json";
  private static final String NO_ROUTE_SCHEMA = "/components/schemas/NotFoundProblem";

  private static final class Holder {
    static final OpenApiContract INSTANCE = new OpenApiContract(document());
  }

  private final JsonNode document;
  private final String documentUri;
  /** Bodies: strict JSON types. */
  private final SchemaRegistry bodies;
  /** Query and header values arrive as strings: {@code "5"} is an integer there. */
  private final SchemaRegistry parameters;
  private final Map<String, Schema> bodySchemas = new ConcurrentHashMap<>();
  private final Map<String, Schema> parameterSchemas = new ConcurrentHashMap<>();

  /** One HTTP exchange as a client sees it; {@code pathTemplate} is null when no route matched. */
  public record Exchange(String method, String pathTemplate, String rawPath, String rawQuery,
      Map<String, String> requestHeaders, String requestBody, int status, Map<String, String> responseHeaders,
      String responseBody) {}

  private OpenApiContract(Path path) {
    try {
      this.document = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    // the registries read the parsed document from memory under this id: nothing is fetched
    this.documentUri = DOCUMENT_ID;
    String json = document.toString();
    SchemaRegistryConfig strict = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
    SchemaRegistryConfig loose = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).typeLoose(true).build();
    this.bodies = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
        b -> b.schemaRegistryConfig(strict).schemas(Map.of(DOCUMENT_ID, json)));
    this.parameters = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
        b -> b.schemaRegistryConfig(loose).schemas(Map.of(DOCUMENT_ID, json)));
    compileEverySchema();
  }

  /**
   * Compiles (and runs once) every schema the checks use, so that checking an exchange costs
   * microseconds: tests that race two requests must not find one of them held up compiling.
   */
  private void compileEverySchema() {
    List<String> bodyPointers = new ArrayList<>();
    List<String> parameterPointers = new ArrayList<>();
    bodyPointers.add(NO_ROUTE_SCHEMA);
    bodyPointers.add("/components/schemas/DirectCheckAnswer");
    bodyPointers.add("/components/schemas/DirectCheckEvent");
    for (String routeKey : routeKeys()) {
      String operation = operationPointer(routeKey);
      parameterPointers.addAll(parameterPointers(routeKey).stream().map(p -> p + "/schema").toList());
      if (!at(operation + "/requestBody").isMissingNode()) {
        bodyPointers.add(operation + "/requestBody/content/application~1json/schema");
      }
      for (Iterator<String> statuses = at(operation + "/responses").fieldNames(); statuses.hasNext(); ) {
        String response = dereference(operation + "/responses/" + statuses.next());
        at(response + "/headers").fieldNames().forEachRemaining(
            name -> parameterPointers.add(dereference(response + "/headers/" + escape(name)) + "/schema"));
        at(response + "/content").fieldNames().forEachRemaining(
            type -> bodyPointers.add(response + "/content/" + escape(type) + "/schema"));
      }
    }
    JsonNode probe = Json.object();
    for (String pointer : bodyPointers) {
      checkTree(new ArrayList<>(), pointer, probe, "warm-up");
    }
    for (String pointer : parameterPointers) {
      checkParameter(new ArrayList<>(), pointer, "", "warm-up");
    }
  }

  /** The contract of {@code api/openapi.yaml}, parsed on first use. */
  public static OpenApiContract get() {
    return Holder.INSTANCE;
  }

  /** A contract read from another document (tests of the checker itself). */
  public static OpenApiContract of(Path document) {
    return new OpenApiContract(document);
  }

  /** Where the document is: {@code api/openapi.yaml} in the repository. */
  public static Path document() {
    return Path.of(System.getProperty("usersroles.repoRoot", "..")).toAbsolutePath().normalize()
        .resolve("api").resolve("openapi.yaml");
  }

  /** The parsed document. */
  public JsonNode tree() {
    return document;
  }

  /** Every operation as an API Gateway route key, {@code METHOD /path/{param}}. */
  public Set<String> routeKeys() {
    Set<String> keys = new TreeSet<>();
    document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
      if (Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(method)) {
        keys.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }));
    return keys;
  }

  /** The route key of every operation that takes a JSON request body. */
  public Set<String> routesWithBodies() {
    Set<String> keys = new TreeSet<>();
    for (String key : routeKeys()) {
      if (!at(operationPointer(key) + "/requestBody").isMissingNode()) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** The request body example the document gives for a route. */
  public JsonNode requestExample(String routeKey) {
    return at(operationPointer(routeKey) + "/requestBody/content/application~1json/example");
  }

  /** What the document finds wrong with {@code body} as the request body of a route; empty when nothing. */
  public List<String> requestBodyViolations(String routeKey, JsonNode body) {
    List<String> violations = new ArrayList<>();
    checkTree(violations, operationPointer(routeKey) + "/requestBody/content/application~1json/schema", body,
        "request body");
    return violations;
  }

  /** The names of the query parameters the document gives a route. */
  public Set<String> queryParameters(String routeKey) {
    Set<String> names = new TreeSet<>();
    for (String pointer : parameterPointers(routeKey)) {
      if (at(pointer).path("in").asText().equals("query")) {
        names.add(at(pointer).path("name").asText());
      }
    }
    return names;
  }

  /** What the document finds wrong with {@code value} for a route's query parameter; empty when nothing. */
  public List<String> queryParameterViolations(String routeKey, String name, String value) {
    List<String> violations = new ArrayList<>();
    for (String pointer : parameterPointers(routeKey)) {
      if (at(pointer).path("in").asText().equals("query") && at(pointer).path("name").asText().equals(name)) {
        checkParameter(violations, pointer + "/schema", value, name);
        return violations;
      }
    }
    violations.add(name + " is not a query parameter of " + routeKey);
    return violations;
  }

  private List<String> parameterPointers(String routeKey) {
    String operation = operationPointer(routeKey);
    String path = operation.substring(0, operation.lastIndexOf('/'));
    List<String> pointers = new ArrayList<>();
    for (String owner : List.of(path, operation)) {
      JsonNode list = at(owner + "/parameters");
      for (int i = 0; i < list.size(); i++) {
        pointers.add(dereference(owner + "/parameters/" + i));
      }
    }
    return pointers;
  }

  private static String operationPointer(String routeKey) {
    int space = routeKey.indexOf(' ');
    return "/paths/" + escape(routeKey.substring(space + 1)) + "/" + routeKey.substring(0, space).toLowerCase(Locale.ROOT);
  }

  /** Fails with every violation when the exchange does not match the document. */
  public void assertConforms(Exchange exchange) {
    List<String> violations = violations(exchange);
    if (!violations.isEmpty()) {
      throw new AssertionError("api/openapi.yaml does not allow " + exchange.method() + " " + exchange.rawPath()
          + (exchange.rawQuery() == null ? "" : "?" + exchange.rawQuery()) + " -> " + exchange.status() + " "
          + exchange.responseHeaders() + " " + exchange.responseBody()
          + (exchange.requestBody() == null ? "" : "\n  request body: " + exchange.requestBody())
          + "\n  - " + String.join("\n  - ", violations));
    }
  }

  /** What is wrong with the exchange by the document; empty when nothing is. */
  public List<String> violations(Exchange exchange) {
    List<String> violations = new ArrayList<>();
    if (exchange.pathTemplate() == null) {
      // no route: the gateway's own 404, which is still a problem+json answer
      if (exchange.status() != 404) {
        violations.add("a request that matches no route must answer 404, not " + exchange.status());
      }
      checkBody(violations, NO_ROUTE_SCHEMA, exchange.responseBody(), "response body");
      return violations;
    }
    String pathPointer = "/paths/" + escape(exchange.pathTemplate());
    String operationPointer = pathPointer + "/" + exchange.method().toLowerCase(Locale.ROOT);
    JsonNode operation = at(operationPointer);
    if (operation.isMissingNode()) {
      violations.add("the document has no operation " + exchange.method() + " " + exchange.pathTemplate());
      return violations;
    }
    checkResponse(violations, operationPointer, operation, exchange);
    if (exchange.status() >= 200 && exchange.status() < 300) {
      checkRequest(violations, operationPointer, operation, exchange);
    }
    return violations;
  }

  /**
   * Fails unless a function's payload 2.0 response to an HTTP API route event (as API Gateway would
   * hand them over) matches the document.
   */
  public void assertConforms(JsonNode routeEvent, JsonNode responseEvent) {
    String routeKey = routeEvent.path("routeKey").asText();
    int space = routeKey.indexOf(' ');
    Map<String, String> requestHeaders = new LinkedHashMap<>();
    routeEvent.path("headers").fields().forEachRemaining(h -> requestHeaders.put(h.getKey(), h.getValue().asText()));
    Map<String, String> responseHeaders = new LinkedHashMap<>();
    responseEvent.path("headers").fields().forEachRemaining(h -> responseHeaders.put(h.getKey(), h.getValue().asText()));
    String rawQuery = routeEvent.path("rawQueryString").asText("");
    assertConforms(new Exchange(routeKey.substring(0, space), routeKey.substring(space + 1),
        routeEvent.path("rawPath").asText(), rawQuery.isEmpty() ? null : rawQuery, requestHeaders,
        routeEvent.hasNonNull("body") ? routeEvent.get("body").asText() : null, responseEvent.path("statusCode").asInt(),
        responseHeaders, responseEvent.hasNonNull("body") ? responseEvent.get("body").asText() : null));
  }

  /** As {@link #assertDirectCheck(JsonNode, JsonNode)}, for an event given as text (perhaps not JSON). */
  /**
   * Fails unless {@code body} is a valid instance of the component schema {@code name} (e.g.
   * {@code BadRequestProblem}): for answers the local server gives before any route is matched.
   */
  public void assertSchema(String name, String body) {
    List<String> violations = new ArrayList<>();
    checkBody(violations, "/components/schemas/" + name, body, name);
    if (!violations.isEmpty()) {
      throw new AssertionError("api/openapi.yaml's " + name + " does not allow " + body + ": " + violations);
    }
  }

  public void assertDirectCheck(String event, JsonNode answer) {
    JsonNode tree;
    try {
      tree = Json.read(event);
    } catch (IOException notJson) {
      tree = TextNode.valueOf(event);
    }
    assertDirectCheck(tree == null ? TextNode.valueOf(event) : tree, answer);
  }

  /** Fails unless {@code answer} is what a direct invocation of CheckPermissionFunction may answer to {@code event}. */
  public void assertDirectCheck(JsonNode event, JsonNode answer) {
    List<String> violations = new ArrayList<>();
    checkTree(violations, "/components/schemas/DirectCheckAnswer", answer, "answer");
    if (!answer.has("status")) {
      // the function took the event: the document must describe it
      checkTree(violations, "/components/schemas/DirectCheckEvent", event, "event");
    }
    if (!violations.isEmpty()) {
      throw new AssertionError("api/openapi.yaml does not allow the direct check " + event + " -> " + answer
          + "\n  - " + String.join("\n  - ", violations));
    }
  }

  private void checkResponse(List<String> violations, String operationPointer, JsonNode operation, Exchange exchange) {
    String status = Integer.toString(exchange.status());
    String responsePointer;
    if (operation.path("responses").has(status)) {
      responsePointer = operationPointer + "/responses/" + status;
    } else if (operation.path("responses").has(status.charAt(0) + "XX")) {
      responsePointer = operationPointer + "/responses/" + status.charAt(0) + "XX";
    } else if (operation.path("responses").has("default")) {
      responsePointer = operationPointer + "/responses/default";
    } else {
      violations.add("status " + status + " is not documented for " + exchange.method() + " "
          + exchange.pathTemplate());
      return;
    }
    responsePointer = dereference(responsePointer);
    JsonNode response = at(responsePointer);

    Map<String, String> headers = lowerCaseKeys(exchange.responseHeaders());
    Set<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields(); it.hasNext(); ) {
      String name = it.next().getKey();
      String headerPointer = dereference(responsePointer + "/headers/" + escape(name));
      String key = name.toLowerCase(Locale.ROOT);
      documented.add(key);
      String value = headers.get(key);
      if (value == null) {
        if (at(headerPointer).path("required").asBoolean(false)) {
          violations.add("response header " + name + " is required");
        }
      } else {
        checkParameter(violations, headerPointer + "/schema", value, "response header " + name);
      }
    }
    for (String name : headers.keySet()) {
      if (!documented.contains(name) && !UNDOCUMENTED_HEADERS.contains(name)) {
        violations.add("response header " + name + " is not documented for status " + status);
      }
    }

    JsonNode content = response.path("content");
    boolean hasBody = exchange.responseBody() != null && !exchange.responseBody().isEmpty();
    if (content.isMissingNode() || content.isEmpty()) {
      if (hasBody) {
        violations.add("status " + status + " is documented without a body, but has one");
      }
      return;
    }
    if (!hasBody) {
      violations.add("status " + status + " is documented with a body, but has none");
      return;
    }
    String contentType = mediaType(headers.get("content-type"));
    if (contentType == null || !content.has(contentType)) {
      violations.add("content type " + contentType + " is not documented for status " + status + " (documented: "
          + fieldNames(content) + ")");
      return;
    }
    checkBody(violations, responsePointer + "/content/" + escape(contentType) + "/schema",
        exchange.responseBody(), "response body");
  }

  private void checkRequest(List<String> violations, String operationPointer, JsonNode operation, Exchange exchange) {
    // the query parameters as the gateway hands them to the handler
    Map<String, String> query = HttpApiEvents.query(exchange.rawQuery());
    Map<String, String> headers = lowerCaseKeys(exchange.requestHeaders());
    Set<String> documentedQuery = new TreeSet<>();
    for (String pointer : parameterPointers(exchange.method() + " " + exchange.pathTemplate())) {
      JsonNode parameter = at(pointer);
      String name = parameter.path("name").asText();
      String in = parameter.path("in").asText();
      String value;
      if (in.equals("query")) {
        documentedQuery.add(name);
        value = query.get(name);
      } else if (in.equals("header")) {
        value = headers.get(name.toLowerCase(Locale.ROOT));
      } else {
        continue; // path parameters: the route matched, so they are there
      }
      if (value == null) {
        if (parameter.path("required").asBoolean(false)) {
          violations.add("the accepted request lacks the required " + in + " parameter " + name);
        }
      } else {
        checkParameter(violations, pointer + "/schema", value, "the accepted request's " + in + " parameter " + name);
      }
    }
    for (String name : query.keySet()) {
      if (!documentedQuery.contains(name)) {
        violations.add("the accepted request has the undocumented query parameter " + name);
      }
    }
    JsonNode requestBody = operation.path("requestBody");
    if (requestBody.isMissingNode()) {
      return;
    }
    boolean hasBody = exchange.requestBody() != null && !exchange.requestBody().isBlank();
    if (!hasBody) {
      if (requestBody.path("required").asBoolean(false)) {
        violations.add("the request was accepted without the body the document requires");
      }
      return;
    }
    checkBody(violations, operationPointer + "/requestBody/content/application~1json/schema",
        exchange.requestBody(), "the accepted request's body");
  }

  private void checkBody(List<String> violations, String pointer, String body, String what) {
    JsonNode tree;
    try {
      tree = Json.read(body);
    } catch (IOException e) {
      violations.add(what + " is not JSON: " + e.getMessage());
      return;
    }
    checkTree(violations, pointer, tree, what);
  }

  private void checkTree(List<String> violations, String pointer, JsonNode tree, String what) {
    Schema schema = bodySchemas.computeIfAbsent(pointer, p -> compiled(bodies, p));
    for (Error error : schema.validate(tree)) {
      violations.add(what + ": " + error);
    }
  }

  private void checkParameter(List<String> violations, String schemaPointer, String value, String what) {
    Schema schema = parameterSchemas.computeIfAbsent(schemaPointer, p -> compiled(parameters, p));
    for (Error error : schema.validate(TextNode.valueOf(value))) {
      violations.add(what + " (" + value + "): " + error);
    }
  }

  /** The schema at a pointer, with every schema it refers to loaded now rather than on first use. */
  private Schema compiled(SchemaRegistry registry, String pointer) {
    Schema schema = registry.getSchema(location(pointer));
    schema.initializeValidators();
    return schema;
  }

  /** Follows local {@code $ref}s (components/responses, parameters, headers) to the object itself. */
  private String dereference(String pointer) {
    for (int hops = 0; hops < 10; hops++) {
      JsonNode node = at(pointer);
      if (!node.has("$ref")) {
        return pointer;
      }
      String ref = node.get("$ref").asText();
      if (!ref.startsWith("#/")) {
        throw new IllegalStateException("only local references are supported: " + ref);
      }
      pointer = ref.substring(1);
    }
    throw new IllegalStateException("a reference cycle at " + pointer);
  }

  private JsonNode at(String pointer) {
    return document.at(pointer);
  }

  /** A JSON pointer token. */
  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** The schema at a JSON pointer of the document, as an IRI (path templates' braces percent-encoded). */
  private SchemaLocation location(String pointer) {
    return SchemaLocation.of(documentUri + "#" + pointer.replace("{", "%7B").replace("}", "%7D"));
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  private static Map<String, String> lowerCaseKeys(Map<String, String> map) {
    Map<String, String> lower = new LinkedHashMap<>();
    map.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return lower;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
