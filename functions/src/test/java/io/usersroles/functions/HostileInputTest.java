package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.gateway.HttpApiEvents;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.deployment.Route;
import io.usersroles.functions.http.Idempotency;
import io.usersroles.functions.http.Json;
import io.usersroles.testing.Gens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Bad input: every try sends one malformed or hostile request to every route of the
 * function catalog (so each route gets one per try, 100 in all, and a new route is never left out):
 * bad credentials, wrong types, missing and unknown fields, huge strings, a 10 MB body, unicode tricks
 * in emails and names, forged and foreign cursors, path traversal and foreign ids, JSON nesting bombs,
 * bodies built to amplify the error answer (100,000 unknown fields, a huge field name, a huge list
 * echoed back), bodies that are not well-formed UTF-8. Every answer is a 4xx problem+json (never a
 * 5xx) of at most 64 KiB, no item is written and no email is sent. The one
 * exception the API makes: an invitation request whose addresses are all invalid answers 200 with an
 * {@code invalid_email} result for each, and still writes and sends nothing.
 */
class HostileInputTest {
  private static final OrgFixture FIXTURE = new OrgFixture();
  private static final Map<String, Map<String, AttributeValue>> ITEMS = FIXTURE.items();
  private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems",
      "BatchWriteItem");
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Built once: 10 MiB of JSON (a valid object with one huge string). */
  private static final String TEN_MB_BODY = "{\"name\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
  private static final String HUGE = "h".repeat(200_000);
  /** The product's promise: a problem+json answer is at most 64 KiB whatever the request. */
  private static final int MAX_PROBLEM_BYTES = 64 * 1024;
  /** Amplifying bodies per route key, built once: each is about 1 MiB. */
  private static final Map<String, List<String>> AMPLIFYING = new HashMap<>();
  /** Characters no name may hold: controls, invisible formatting and fillers, bidi overrides, separators. */
  private static final List<String> FORBIDDEN_IN_NAMES = List.of("\u0000", "\u0007", "\u001b", "\u007f", "\u0085",
      "\u200b", "\u200c", "\u200d", "\u200e", "\u202e", "\u2066", "\u2028", "\u2029", "\ufeff", "\ud800", "\udfff",
      "\ue000", "\u061c", "\u180e", "\u3164", "\u115f", "\u034f");

  private final OrgFixture f = FIXTURE;
  private final Api api = f.api;

  /** One request and what it is, for the failure message; {@code bytes}, when set, is the body as sent (not text). */
  record Hostile(String what, String authorization, String method, String pathAndQuery, String body,
      Map<String, String> headers, Expect expect, byte[] bytes) {
    Hostile(String what, String authorization, String method, String pathAndQuery, String body,
        Map<String, String> headers, Expect expect) {
      this(what, authorization, method, pathAndQuery, body, headers, expect, null);
    }

    @Override
    public String toString() {
      String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…(" + body.length() + ")"
          : body;
      String path = pathAndQuery.length() > 300 ? pathAndQuery.substring(0, 300) + "…" : pathAndQuery;
      return what + ": " + method + " " + path + " " + shown + (headers.isEmpty() ? "" : " " + headers.keySet());
    }
  }

  /** What a request must get besides changing nothing. */
  enum Expect { CLIENT_ERROR, TOO_LARGE, CLIENT_ERROR_OR_ALL_INVALID_EMAILS }

  // no shrinking: each assertion names the one request that broke it
  @Test
  void everyRouteAnswersHostileRequestsWithAProblemAndChangesNothing() {
    qt().withExamples(100).withShrinkCycles(0).withGenerateAttempts(Gens.FILTER_ATTEMPTS)
        .forAll(oneHostileRequestPerRoute()).checkAssert(requests -> {
          for (Hostile request : requests) {
            api.dynamoDbRequests.reset();
            api.sesRequests.reset();
            Response response = send(request);
            String seen = request + " -> " + response.status() + " " + response.json();
            if (request.expect() == Expect.CLIENT_ERROR_OR_ALL_INVALID_EMAILS && response.status() == 200) {
              assertThat(response.json().get("results")).as(seen).isNotEmpty()
                  .allSatisfy(result -> assertThat(result.get("status").asText()).isEqualTo("invalid_email"));
            } else {
              if (request.expect() == Expect.TOO_LARGE) {
                assertThat(response.status()).as(seen).isEqualTo(413);
              }
              assertThat(response.status()).as(seen).isBetween(400, 499);
              assertThat(response.contentType()).as(seen).isEqualTo("application/problem+json");
              assertThat(response.json().get("status").asInt()).as(seen).isEqualTo(response.status());
              assertThat(response.json().get("type").asText()).as(seen).startsWith("urn:users-and-roles:problem:");
            }
            assertThat(api.dynamoDbRequests.operations()).as("writes for " + seen).noneMatch(WRITES::contains);
            assertThat(api.sesRequests.count()).as("emails for " + seen).isZero();
          }
          assertThat(f.items()).as("table items after " + requests).isEqualTo(ITEMS);
        });
  }

  @Test
  void aTenMegabyteBodyIs413OnEveryRoute() {
    for (Route route : OrgFixture.routes()) {
      Response response = api.call(f.owner, route.method(), f.path(route), TEN_MB_BODY);
      assertThat(response.status()).as(route.routeKey()).isEqualTo(413);
      assertThat(response.contentType()).isEqualTo("application/problem+json");
      assertThat(response.json().get("type").asText()).isEqualTo("urn:users-and-roles:problem:body-too-large");
    }
    assertThat(f.items()).isEqualTo(ITEMS);
  }

  @Test
  void aPathIdTooLongForADynamoDbKeyIs404OnEveryRouteThatNamesOne() {
    for (Route route : OrgFixture.routes()) {
      Matcher names = PARAMETER.matcher(route.pathTemplate());
      while (names.find()) {
        for (String id : List.of("x".repeat(257), "\u20ac".repeat(257), "\ud83d\ude80".repeat(129))) {
          Response response = api.call(f.owner, route.method(), f.path(route, Map.of(names.group(1), encode(id))),
              f.validBody(route));
          assertThat(response.status()).as(route.routeKey() + " " + names.group(1)).isEqualTo(404);
        }
      }
    }
    assertThat(f.items()).isEqualTo(ITEMS);
  }

  /**
   * Sends the request through the gateway as it came off the wire: unlike {@link Api#call}, the path
   * and query are not parsed as a URI first, so malformed escapes reach the gateway as they would.
   */
  private Response send(Hostile request) {
    Map<String, String> headers = new HashMap<>(request.headers());
    headers.put("content-type", "application/json");
    if (request.authorization() != null) {
      headers.put("authorization", request.authorization());
    }
    int question = request.pathAndQuery().indexOf('?');
    String path = question < 0 ? request.pathAndQuery() : request.pathAndQuery().substring(0, question);
    String query = question < 0 ? null : request.pathAndQuery().substring(question + 1);
    // bytes that are not UTF-8 come as API Gateway passes a body that is not text: base64
    HttpApiGateway.Response response = api.gateway.handle(request.bytes() == null
        ? new HttpApiEvents.Request(request.method(), path, query, headers, request.body(), "127.0.0.1")
        : new HttpApiEvents.Request(request.method(), path, query, headers,
            Base64.getEncoder().encodeToString(request.bytes()), true, "127.0.0.1"));
    // every hostile answer is held to api/openapi.yaml too, and no problem grows with the request
    Api.conform(request.method(), path, query, headers, request.body(), response);
    if ("application/problem+json".equals(response.headers().get("Content-Type"))) {
      assertThat(response.body().getBytes(StandardCharsets.UTF_8).length).as(request.toString())
          .isLessThanOrEqualTo(MAX_PROBLEM_BYTES);
    }
    JsonNode json = response.body() == null ? MissingNode.getInstance() : read(response.body());
    return new Response(response.status(), response.headers(), json);
  }

  private Gen<List<Hostile>> oneHostileRequestPerRoute() {
    List<Gen<Hostile>> perRoute = new ArrayList<>();
    for (Route route : OrgFixture.routes()) {
      perRoute.add(hostile(route));
    }
    return Gens.each(perRoute);
  }

  // ---------------------------------------------------------------------------------------------
  // per route: which attacks apply

  private Gen<Hostile> hostile(Route route) {
    List<Pair<Integer, Gen<Hostile>>> kinds = new ArrayList<>();
    kinds.add(Pair.of(8, badCredentials(route)));
    kinds.add(Pair.of(1, Generate.constant(new Hostile("10 MB body", f.owner.authorization(), route.method(),
        f.path(route), TEN_MB_BODY, Map.of(), Expect.TOO_LARGE))));
    if (route.pathTemplate().contains("{")) {
      kinds.add(Pair.of(25, badPath(route)));
    }
    if (listName(route) != null) {
      kinds.add(Pair.of(30, badQuery(route)));
    }
    if (f.takesBody(route)) {
      kinds.add(Pair.of(15, malformedBody(route)));
      kinds.add(Pair.of(40, badFields(route)));
      kinds.add(Pair.of(1, amplifyingBody(route)));
      kinds.add(Pair.of(5, notUtf8Body(route)));
    }
    if (route.routeKey().equals("POST /orgs/{orgId}/invitations")
        || route.routeKey().equals("POST /orgs/{orgId}/service-accounts")) {
      kinds.add(Pair.of(10, badIdempotency(route)));
    }
    return Generate.frequency(kinds);
  }

  /** The list a GET route pages through ({@code users}, {@code roles}, ...), or null. */
  private String listName(Route route) {
    List<String> segments = List.of(route.pathTemplate().substring(1).split("/"));
    String last = segments.get(segments.size() - 1);
    return route.method().equals("GET") && f.ownCursors.containsKey(last) ? last : null;
  }

  /** Who sends a request: mostly the owner (who gets furthest), sometimes anyone else. */
  private Gen<String> caller() {
    return Generate.frequency(List.of(
        Pair.of(6, Generate.constant(f.owner.authorization())),
        Pair.of(1, Generate.constant(f.member.authorization())),
        Pair.of(1, Generate.constant(f.powerless.authorization())),
        Pair.of(1, Generate.constant(f.stranger.authorization())),
        Pair.of(1, Generate.constant("Bearer " + f.powerlessSecret)),
        Pair.of(1, Generate.constant("Bearer " + f.strangerSecret))));
  }

  private Hostile request(String what, String authorization, Route route, String body) {
    return new Hostile(what, authorization, route.method(), f.path(route), body, Map.of(), Expect.CLIENT_ERROR);
  }

  // ---------------------------------------------------------------------------------------------
  // credentials (401)

  private Gen<Hostile> badCredentials(Route route) {
    String[] jwt = f.owner.token().split("\\.");
    LocalIdentityProvider issuer = api.env.identityProvider();
    Instant now = Instant.now();
    JWTClaimsSet.Builder valid = new JWTClaimsSet.Builder().subject(f.owner.userId()).issuer(LocalIdentityProvider.ISSUER)
        .audience(LocalIdentityProvider.AUDIENCE).claim("email", f.owner.email()).claim("email_verified", true)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
    String otherSub = b64(Json.object().put("sub", f.stranger.userId()).put("iss", LocalIdentityProvider.ISSUER)
        .put("aud", LocalIdentityProvider.AUDIENCE).put("exp", now.getEpochSecond() + 600).toString());
    List<String> credentials = new ArrayList<>(List.of("", "Bearer", "Bearer ", "bearer", "Basic dXNlcjpwYXNz",
        "Bearer null", "Bearer undefined", "Bearer " + jwt[0] + "." + jwt[1], "Bearer " + jwt[0] + "." + otherSub
            + "." + jwt[2],
        "Bearer " + b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + jwt[1] + ".",
        "Bearer " + b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + jwt[1] + "." + jwt[2],
        "Bearer " + f.owner.token() + "x", "Bearer " + f.owner.token() + ", Bearer " + f.owner.token(),
        "Bearer uars_" + "A".repeat(43), "Bearer uars_" + f.powerlessSecret.substring(5, 20),
        "Bearer " + f.powerlessSecret.toUpperCase(), "Bearer " + "e".repeat(20_000), "Bearer ../../etc/passwd",
        "Bearer \u0000", "Bearer t\u00f6ken", "Bearer " + f.invitationToken,
        "Bearer " + issuer.sign(new JWTClaimsSet.Builder(valid.build()).expirationTime(Date.from(now.minusSeconds(60)))
            .build()),
        "Bearer " + issuer.sign(new JWTClaimsSet.Builder(valid.build()).issuer("https://evil.example").build()),
        "Bearer " + issuer.sign(new JWTClaimsSet.Builder(valid.build()).audience("someone-else").build()),
        "Bearer " + issuer.sign(new JWTClaimsSet.Builder(valid.build()).subject(null).build()),
        "Bearer " + issuer.sign(new JWTClaimsSet.Builder(valid.build()).subject("s".repeat(300)).build()),
        "Bearer " + issuer.sign(new JWTClaimsSet.Builder(valid.build()).notBeforeTime(Date.from(now.plusSeconds(3600)))
            .build()),
        "Bearer " + LocalIdentityProvider.signWithUnknownKey(valid.build())));
    credentials.add(null);
    return Generate.pick(credentials).map(authorization -> new Hostile("bad credentials", authorization,
        route.method(), f.path(route), f.validBody(route), Map.of(), Expect.CLIENT_ERROR));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------------------------------------
  // path parameters: traversal, foreign ids, huge and odd ids (404, or 409 for built-in roles)

  private Gen<Hostile> badPath(Route route) {
    List<String> names = new ArrayList<>();
    Matcher matcher = PARAMETER.matcher(route.pathTemplate());
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    Gen<String> odd = Generate.oneOf(
        Gens.of("..", ".", "../..", "../../etc/passwd", "..\\..\\windows", "%2e%2e", "%00", "\u0000", " ",
            "null", "undefined", "*", "#", "ORG#", "PROFILE", "MEMBER#", "ROLES", "SA#", "' OR '1'='1", "{orgId}",
            "$where", "\u202eevil", "org_\u200b", "ｏｒｇ", "\ud800", "x".repeat(3000), "é".repeat(1500),
            "inv_" + "A".repeat(33), "owner#", "sa_", "rol_").map(HostileInputTest::encode),
        Gens.strings(Gens.anyChar(), 1, 40).map(HostileInputTest::encode),
        Gens.of("%ED%A0%80", "%C0%AF", "%FF", "%E2%80", "a%2Fb", "..%2F..%2Fusers", "%252e%252e", "%u002e"));
    Gen<Hostile> oddIds = Generate.pick(names).zip(odd, caller(),
        (name, value, caller) -> new Hostile("odd {" + name + "}", caller, route.method(),
            f.path(route, Map.of(name, value)), f.validBody(route), Map.of(), Expect.CLIENT_ERROR));
    // another org's ids (or this org's ids of the wrong kind), sent by this org's owner
    List<Map<String, String>> swaps = new ArrayList<>();
    for (String name : names) {
      swaps.add(Map.of(name, f.foreignIds.get(name)));
      swaps.add(Map.of(name, f.parameter(name).toUpperCase()));
      swaps.add(Map.of(name, encode(f.parameter(name) + " ")));
      swaps.add(Map.of(name, f.parameter(name) + "%2F.."));
      for (String other : List.of("orgId", "userId", "invitationId", "roleId", "id")) {
        // the routes that read a user take a service account's id as well: that one is no wrong id there
        boolean readsServiceAccounts = name.equals("userId") && other.equals("id") && route.method().equals("GET");
        if (!other.equals(name) && !f.parameter(other).equals(f.parameter(name)) && !readsServiceAccounts) {
          swaps.add(Map.of(name, f.parameter(other)));
        }
      }
    }
    if (names.contains("roleId") && !route.method().equals("GET")) {
      for (String builtIn : List.of("owner", "member", "instance_accessor")) {
        swaps.add(Map.of("roleId", builtIn)); // 409: built-in roles cannot be changed
      }
    }
    if (names.contains("userId") && !route.method().equals("GET")) {
      swaps.add(Map.of("userId", f.owner.userId())); // 409: the last owner stays
    }
    Gen<Hostile> foreign = Generate.pick(swaps).map(values -> new Hostile("foreign or wrong ids " + values,
        f.owner.authorization(), route.method(), f.path(route, values), f.validBody(route), Map.of(),
        Expect.CLIENT_ERROR));
    return Generate.oneOf(oddIds, foreign);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  // ---------------------------------------------------------------------------------------------
  // list queries: limit, cursor, filters (400)

  private Gen<Hostile> badQuery(Route route) {
    String list = listName(route);
    Gen<String> limits = Gens.of("0", "101", "-1", "1.5", "1e2", "abc", "", "%205", "99999", "0x10",
        "%EF%BC%95", "%D9%A1%D9%A0", "10%00", "1,2", "2147483648", "9".repeat(40), "+5", "limit");
    List<String> cursors = new ArrayList<>(List.of("abc", "a.b", "", ".", "..", "%00", "null", "x".repeat(5000),
        "eyJ9.AAAA", "MHw.AAAAAAAAAAAAAAAAAAAAAA", "MHw" + "." + "A".repeat(22), f.foreignCursors.get(list)));
    f.ownCursors.forEach((other, cursor) -> {
      if (!other.equals(list)) {
        cursors.add(cursor);
      }
    });
    String own = f.ownCursors.get(list);
    cursors.add(own.substring(0, own.length() - 1) + (own.endsWith("A") ? "B" : "A"));
    cursors.add(own.substring(1));
    cursors.add(own + ".");
    cursors.add(own + "=");
    cursors.add("A" + own);
    Gen<String> query = Generate.oneOf(
        limits.map(limit -> "limit=" + limit),
        Generate.pick(cursors).map(cursor -> "cursor=" + encode(cursor)),
        Generate.pick(cursors).map(cursor -> "limit=1&cursor=" + encode(cursor)),
        filters(list));
    return query.zip(caller(), (q, caller) -> new Hostile("bad query", caller, route.method(),
        f.path(route) + "?" + q, null, Map.of(), Expect.CLIENT_ERROR));
  }

  private Gen<String> filters(String list) {
    switch (list) {
      case "users":
        return Generate.oneOf(
            Gens.of("ACTIVE", "invited", "all", "", "active%20", "active,pending", "%00").map(s -> "status=" + s),
            Gens.of("human", "MEMBER", "", "member,service_account", "user").map(t -> "type=" + t),
            // a cursor of the unfiltered list under a filter
            Generate.constant("status=active&cursor=" + encode(f.ownCursors.get("users"))));
      case "invitations":
        return Generate.oneOf(
            Gens.of("PENDING", "open", "all", "", "pending%20", "pending,accepted", "revoked")
                .map(s -> "status=" + s),
            Generate.constant("status=pending&cursor=" + encode(f.ownCursors.get("invitations"))));
      default:
        return Generate.constant("limit=0");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // bodies that are not a JSON object at all (400)

  private Gen<Hostile> malformedBody(Route route) {
    String valid = f.validBody(route);
    Gen<String> bodies = Generate.oneOf(
        Gens.of("", " ", "{", "}", "nope", "{\"name\":}", "<xml/>", "\u0000", "[]", "\"text\"", "1", "null",
            "true", "{} {}", valid + " x", valid + valid, "\ufeff" + valid, valid.replace("\"", "'"),
            valid.substring(0, valid.length() - 1), "{\"name\":\"a\",\"name\":\"b\"}", "{\"a\":1,}",
            "{\"a\":NaN}", "{\"a\":01}", "{/*c*/}", "{\"\\ud800\":1}", "\"\\u0000\"", "[" + valid + "]",
            "{" + "\"a\":{".repeat(40) + "}".repeat(41), "[".repeat(100_000), "{\"a\":" + "[".repeat(5_000),
            "{\"a\":\"" + HUGE + "}", "1".repeat(200_000)),
        Gens.strings(Gens.anyChar(), 0, 50).assuming(s -> !s.isBlank() && !s.trim().startsWith("{")));
    return bodies.zip(caller(), (body, caller) -> request("malformed body", caller, route, body));
  }

  // ---------------------------------------------------------------------------------------------
  // bodies that are not well-formed UTF-8, so not JSON (400, never stored with U+FFFD)

  private Gen<Hostile> notUtf8Body(Route route) {
    byte[] valid = f.validBody(route).getBytes(StandardCharsets.UTF_8);
    Gen<byte[]> bad = Gens.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xc0, (byte) 0xaf},
        new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xfe, (byte) 0xff});
    return bad.zip(Generate.range(0, valid.length), caller(), (sequence, at, caller) -> {
      byte[] body = new byte[valid.length + sequence.length];
      System.arraycopy(valid, 0, body, 0, at);
      System.arraycopy(sequence, 0, body, at, sequence.length);
      System.arraycopy(valid, at, body, at + sequence.length, valid.length - at);
      return new Hostile("body not UTF-8 (" + sequence.length + " bad bytes at " + at + ")", caller, route.method(),
          f.path(route), new String(body, StandardCharsets.UTF_8), Map.of(), Expect.CLIENT_ERROR, body);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // bodies built to make the answer large (400 of at most 64 KiB)

  private Gen<Hostile> amplifyingBody(Route route) {
    List<String> bodies = AMPLIFYING.computeIfAbsent(route.routeKey(), key -> {
      String valid = f.validBody(route);
      String open = valid.substring(0, valid.length() - 1);
      List<String> built = new ArrayList<>();
      StringBuilder unknown = new StringBuilder(open);
      for (int i = 0; unknown.length() < 1_040_000; i++) {
        unknown.append(",\"\\u0001").append(Integer.toString(i, 36)).append("\":0");
      }
      built.add(unknown.append('}').toString());
      built.add(open + ",\"" + "\\u0007".repeat(40_000) + "\":1}");
      StringBuilder ids = new StringBuilder("[");
      for (int i = 0; i < 60_000; i++) {
        ids.append(i == 0 ? "" : ",").append("\"rol_").append(i).append('"');
      }
      for (String field : List.of("roles", "users")) {
        ObjectNode body = (ObjectNode) read(valid);
        body.set(field, read(ids + "]"));
        built.add(body.toString());
      }
      return built;
    });
    return Generate.pick(bodies).zip(caller(), (body, caller) -> request("amplifying body", caller, route, body));
  }

  // ---------------------------------------------------------------------------------------------
  // bodies with a wrong field: missing, unknown, wrong type, bad value (400, 409 for duplicate names)

  /** What a field holds, which says which values are wrong for it. */
  enum Field { NAME, ROLE_NAME, TEXT, URL, ROLES, EMAILS, TOKEN, ITEMS, USERS, PERMISSIONS, BOOLEAN, FILES }

  /** The schema of each body route: its fields, and which of them are required. */
  private record Schema(Map<String, Field> fields, Set<String> required) {}

  private static final Map<String, Schema> SCHEMAS = Map.of(
      "POST /orgs", new Schema(Map.of("name", Field.NAME), Set.of("name")),
      "PATCH /orgs/{orgId}", new Schema(Map.of("name", Field.NAME, "avatarUrl", Field.URL), Set.of()),
      "PUT /orgs/{orgId}/users/{userId}/roles", new Schema(Map.of("roles", Field.ROLES), Set.of("roles")),
      "POST /orgs/{orgId}/invitations", new Schema(Map.of("emails", Field.EMAILS, "roles", Field.ROLES),
          Set.of("emails")),
      "POST /invitations/accept", new Schema(Map.of("token", Field.TOKEN), Set.of("token")),
      "POST /orgs/{orgId}/roles", roleSchema(),
      "PUT /orgs/{orgId}/roles/{roleId}", roleSchema(),
      "POST /orgs/{orgId}/service-accounts", new Schema(Map.of("name", Field.NAME, "description", Field.TEXT,
          "roles", Field.ROLES), Set.of("name", "roles")),
      "PATCH /orgs/{orgId}/service-accounts/{id}", new Schema(Map.of("name", Field.NAME, "description", Field.TEXT,
          "roles", Field.ROLES), Set.of()),
      "PATCH /orgs/{orgId}/invitations/{invitationId}", new Schema(Map.of("roles", Field.ROLES), Set.of("roles")));

  private static Schema roleSchema() {
    return new Schema(Map.of("name", Field.ROLE_NAME, "description", Field.TEXT, "idpGroups", Field.ITEMS,
        "users", Field.USERS, "allProjects", Field.BOOLEAN, "projects", Field.ITEMS, "permissions",
        Field.PERMISSIONS, "filePermissions", Field.FILES), Set.of("name"));
  }

  private Gen<Hostile> badFields(Route route) {
    if (route.routeKey().equals("POST /orgs/{orgId}/check")) {
      return badCheck().zip(caller(), (body, caller) -> request("bad check", caller, route,
          body.toString()));
    }
    Schema schema = SCHEMAS.get(route.routeKey());
    assertThat(schema).as("the body schema of " + route.routeKey() + " (add it to SCHEMAS)").isNotNull();
    ObjectNode valid = (ObjectNode) read(f.validBody(route));
    List<String> names = new ArrayList<>(schema.fields().keySet());
    names.sort(null);
    List<Gen<Hostile>> attacks = new ArrayList<>();
    // a required field missing
    if (!schema.required().isEmpty()) {
      attacks.add(Generate.pick(schema.required().stream().sorted().toList()).zip(caller(), (name, caller) -> {
        ObjectNode body = valid.deepCopy();
        body.remove(name);
        return request("missing " + name, caller, route, body.toString());
      }));
    }
    // a field that is not in the schema (including case variants of real ones)
    Gen<String> unknown = Generate.oneOf(Gens.of("__proto__", "constructor", "orgId", "id", "secret", "owner",
        "roles ", "", "\u0000"), Generate.pick(names).map(name -> name.toUpperCase()),
        Gens.strings(Gens.alpha(), 1, 12).assuming(s -> !schema.fields().containsKey(s)));
    attacks.add(unknown.zip(caller(), (name, caller) -> {
      ObjectNode body = valid.deepCopy();
      body.put(name, "x");
      return request("unknown field " + name, caller, route, body.toString());
    }));
    // a field of the wrong JSON type, or with a value it must refuse
    attacks.add(Generate.pick(names).zip(caller(), Pair::of).flatMap(nameAndCaller -> {
      String name = nameAndCaller._1;
      String caller = nameAndCaller._2;
      Field field = schema.fields().get(name);
      return Generate.oneOf(wrongType(field, schema.required().contains(name)), badValue(route, field))
          .map(value -> {
            ObjectNode body = valid.deepCopy();
            body.set(name, value);
            Expect expect = field == Field.EMAILS && value.isArray() && value.size() <= 100 && value.size() > 0
                && allText(value) ? Expect.CLIENT_ERROR_OR_ALL_INVALID_EMAILS
                : field == Field.EMAILS && value.isTextual() && !value.textValue().isBlank()
                    ? Expect.CLIENT_ERROR_OR_ALL_INVALID_EMAILS : Expect.CLIENT_ERROR;
            return new Hostile("bad " + name, caller, route.method(), f.path(route), body.toString(), Map.of(), expect);
          });
    }));
    return Gens.oneOf(attacks);
  }

  private static boolean allText(JsonNode array) {
    for (JsonNode element : array) {
      if (!element.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode read(String json) {
    try {
      return Json.read(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private static Gen<JsonNode> wrongType(Field field, boolean required) {
    List<JsonNode> values = new ArrayList<>(List.of(NODES.numberNode(1), NODES.numberNode(-1.5), NODES.booleanNode(true),
        NODES.objectNode(), NODES.objectNode().put("$ne", ""), NODES.numberNode(new java.math.BigInteger("9".repeat(60)))));
    switch (field) {
      case NAME:
      case ROLE_NAME:
      case TOKEN:
        values.add(NODES.arrayNode().add("x"));
        values.add(NODES.nullNode());
        break;
      case TEXT:
      case URL:
        values.add(NODES.arrayNode().add("https://example.com/a.png"));
        break;
      case ROLES:
      case ITEMS:
      case USERS:
      case PERMISSIONS:
        values.add(NODES.textNode("member"));
        values.add(NODES.arrayNode().add(1));
        values.add(NODES.arrayNode().addNull());
        values.add(NODES.arrayNode().add(NODES.arrayNode().add("member")));
        values.add(NODES.arrayNode().add(NODES.objectNode().put("id", "member")));
        if (required) {
          values.add(NODES.nullNode());
        }
        break;
      case EMAILS:
        values.add(NODES.arrayNode().add(1));
        values.add(NODES.arrayNode().add(NODES.objectNode().put("email", "a@example.com")));
        values.add(NODES.nullNode());
        break;
      case BOOLEAN:
        values.remove(NODES.booleanNode(true));
        values.add(NODES.textNode("true"));
        values.add(NODES.nullNode());
        values.add(NODES.numberNode(1));
        break;
      case FILES:
        values.add(NODES.textNode("docs/**"));
        values.add(NODES.arrayNode().add("docs/**"));
        values.add(NODES.arrayNode().addNull());
        break;
      default:
        throw new AssertionError(field);
    }
    return Generate.pick(values);
  }

  /** A string with one character a name must never hold, between two others (trimming cannot drop it). */
  private static Gen<String> withForbiddenCharacter() {
    return Gens.strings(Gens.alpha(), 2, 20).zip(Generate.pick(FORBIDDEN_IN_NAMES), Generate.range(1, 19),
        (text, bad, at) -> text.substring(0, Math.min(at, text.length() - 1)) + bad
            + text.substring(Math.min(at, text.length() - 1)));
  }

  private Gen<JsonNode> badValue(Route route, Field field) {
    switch (field) {
      case NAME:
        return texts(badNames());
      case ROLE_NAME:
        // besides bad names: names that another role (or a built-in one) already has, up to case, width and
        // look-alike letters (Unicode TS #39 confusables: Cyrillic and Greek letters, 1 and l, 0 and O, rn and m)
        return texts(Generate.oneOf(badNames(), Gens.of("builders", "BUILDERS", " Builders ",
            "Builder\u017f", "\uff22\uff55\uff49\uff4c\uff44\uff45\uff52\uff53", "Bu\u0131lders", "owner", "Owner",
            "MEMBER", "Instance_Accessor", "\u0131nstance_accessor", "OWNER\u00a0", "Bui1ders", "BuiIders",
            "\u0392uilders", "\u0412uilders", "\u043ewner", "\u041ewner", "0WNER", "rnember",
            "\u0456nstance_accessor")));
      case TEXT:
        return texts(Generate.oneOf(withForbiddenCharacter(), Generate.constant("d".repeat(1001)),
            Generate.constant(HUGE)));
      case URL:
        return texts(Gens.of("javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/a.png",
            "http://", "https:///a.png", "//evil.example/a.png", "not a url", "https://exa mple.com/a.png",
            "data:text/html,<script>alert(1)</script>", "", " ", "https://" + "a".repeat(3000) + ".com/a.png",
            "https://example.com/\u202egnp.exe", "https://\u0430pple.com/a.png", "https://example.com/a\u0000.png",
            "https://example.com/\r\nSet-Cookie: a=b", "\\\\server\\share\\a.png", HUGE));
      case ROLES:
        List<JsonNode> roles = new ArrayList<>();
        for (String bad : List.of("admin", "OWNER", "owner\u200b", "member ", " member", "", "rol_nope",
            f.foreignIds.get("roleId"), "\ud800", "x".repeat(5000), "Viewers")) {
          roles.add(NODES.arrayNode().add(bad));
        }
        ArrayNode many = NODES.arrayNode();
        for (int i = 0; i < 51; i++) {
          many.add("rol_" + i);
        }
        roles.add(many);
        if (route.routeKey().equals("POST /orgs/{orgId}/invitations")
            || route.routeKey().equals("PATCH /orgs/{orgId}/invitations/{invitationId}")) {
          roles.add(NODES.arrayNode()); // an invitation must grant some role
        }
        return Generate.pick(roles);
      case EMAILS:
        return Generate.oneOf(
            Gens.<JsonNode>of(NODES.arrayNode(), NODES.textNode(""), NODES.textNode(" , ,, "),
                NODES.arrayNode().add("").add("  "), tooManyAddresses(), NODES.textNode(HUGE)),
            lists().of(trickyEmails()).ofSizeBetween(1, 5).map(list -> {
              ArrayNode array = NODES.arrayNode();
              list.forEach(array::add);
              return (JsonNode) array;
            }),
            lists().of(trickyEmails()).ofSizeBetween(1, 5).map(list -> NODES.textNode(String.join(", ", list))));
      case TOKEN:
        return texts(Generate.oneOf(Gens.of("", " ", "x".repeat(513), HUGE, f.invitationToken + "x",
            f.invitationToken.toUpperCase(), f.invitationToken.substring(1), "../../etc/passwd", "\u0000",
            f.invitationToken + "\u200b", "%00", f.powerlessSecret),
            Gens.strings(Gens.anyChar(), 1, 64)));
      case ITEMS:
        List<JsonNode> items = new ArrayList<>();
        for (String bad : List.of("", " ", "\t", "x".repeat(257), "\ud800", "a\udfffb", "eng\ud83d")) {
          items.add(NODES.arrayNode().add(bad));
        }
        ArrayNode lots = NODES.arrayNode();
        for (int i = 0; i < 201; i++) {
          lots.add("g" + i);
        }
        items.add(lots);
        return Generate.pick(items);
      case USERS:
        List<JsonNode> users = new ArrayList<>();
        for (String bad : List.of("nobody", f.stranger.userId(), f.invitee.userId(), "", " ", f.member.userId()
            .toUpperCase(), f.member.userId() + " ", f.foreignIds.get("id"))) {
          users.add(NODES.arrayNode().add(bad));
        }
        return Generate.pick(users);
      case PERMISSIONS:
        List<JsonNode> permissions = new ArrayList<>();
        for (String bad : List.of("admin", "*", "members:*", "MEMBERS:VIEW", "members:view ", "", "members",
            "documents:full\u200b", "members\uff1aview", "x".repeat(5000))) {
          permissions.add(NODES.arrayNode().add(bad));
        }
        return Generate.pick(permissions);
      case BOOLEAN:
        return Gens.<JsonNode>of(NODES.textNode("false"), NODES.textNode("yes"), NODES.numberNode(0));
      case FILES:
        return badFilePermissions();
      default:
        throw new AssertionError(field);
    }
  }

  private static Gen<JsonNode> texts(Gen<String> strings) {
    return strings.map(NODES::textNode);
  }

  private static Gen<String> badNames() {
    return Generate.oneOf(
        Gens.of("", " ", "\t\n", "\u00a0", "\u3000", "\u2800", "\u200b", "\u3164", "n".repeat(101),
            "é".repeat(101), HUGE, "\ud83d", "\ud83d\ude00".repeat(101), "\u0301", "\u0301\u20dd",
            "\u00a0\u0301", "\u0301Acme", "Ac \u0301me"),
        withForbiddenCharacter());
  }

  /** Addresses people would never mean, or that look like one address and are another. */
  private static Gen<String> trickyEmails() {
    Gen<String> inserted = Gens.of("ann@example.com", "bob.smith@example.org").zip(
        Gens.of("\u0430", "\uff20", "\u212a", "\u200b", "\u00a0", "\u202e", "\u0131", "\u0000", "\r\n",
            "\u3000", " ", "\"", "(", "<", "\\", ";", "\u0301", "\ud800"),
        Generate.range(1, 10),
        (address, bad, at) -> address.substring(0, at) + bad + address.substring(at));
    return Generate.oneOf(inserted, Gens.of("plainaddress", "@example.com", "ann@", "ann@@example.com",
        "ann@example", "ann@localhost", "ann@[127.0.0.1]", "ann@example.com.", ".ann@example.com",
        "ann..b@example.com", "ann@-example.com", "ann@example..com", "\"a b\"@example.com", "Ann <ann@example.com>",
        "ann@example.com\r\nBcc: eve@example.com", "ann@exa_mple.com", "ann@123.456", "a".repeat(65) + "@example.com",
        "ann@" + "a".repeat(64) + ".com", "ann@" + "a.".repeat(130) + "com", "ann@xn--80ak6aa92e.com\u0000",
        "m\u00fcller@example.com", "ann@b\u00fccher.de", "ann@example.c\u043em"));
  }

  private static JsonNode tooManyAddresses() {
    ArrayNode addresses = NODES.arrayNode();
    for (int i = 0; i < 101; i++) {
      addresses.add("fuzz" + i + "@example.com");
    }
    return addresses;
  }

  private static Gen<JsonNode> badFilePermissions() {
    Function<ObjectNode, JsonNode> one = file -> NODES.arrayNode().add(file);
    List<JsonNode> values = new ArrayList<>();
    for (String path : List.of("", "/abs/**", "a//b", "../secrets", "a/../b", "docs/..", "..", "docs/\ud800", "\udc00/**",
        "x".repeat(5000), "docs/./a.md", ".", "./**", "g".repeat(257))) {
      values.add(one.apply(file("p1", path, "documents:full")));
    }
    for (String project : List.of("", " ", "p".repeat(257), "p\ud800")) {
      values.add(one.apply(file(project, "docs/**", "documents:full")));
    }
    values.add(one.apply(file("p1", "docs/**", "members:view")));
    values.add(one.apply(file("p1", "docs/**", "documents:*")));
    values.add(one.apply((ObjectNode) file("p1", "docs/**", "documents:full").set("permissions", NODES.arrayNode())));
    values.add(one.apply(file("p1", "docs/**", "documents:full").put("extra", 1)));
    values.add(one.apply((ObjectNode) file("p1", "docs/**", "documents:full").without("project")));
    values.add(one.apply((ObjectNode) file("p1", "docs/**", "documents:full").without("path")));
    values.add(one.apply((ObjectNode) file("p1", "docs/**", "documents:full").without("permissions")));
    values.add(one.apply(file("p1", "docs/**", "documents:full").put("project", 7)));
    values.add(NODES.arrayNode().add(NODES.objectNode()));
    ArrayNode tooMany = NODES.arrayNode();
    for (int i = 0; i < 51; i++) {
      tooMany.add(file("p" + i, "docs/**", "documents:full"));
    }
    values.add(tooMany);
    return Generate.pick(values);
  }

  private static ObjectNode file(String project, String path, String permission) {
    ObjectNode file = NODES.objectNode().put("project", project).put("path", path);
    file.putArray("permissions").add(permission);
    return file;
  }

  // ---------------------------------------------------------------------------------------------
  // POST /orgs/{orgId}/check (400, or 403/404 for callers who may not ask)

  private Gen<JsonNode> badCheck() {
    Gen<ObjectNode> single = Generate.oneOf(
        Gens.of("", "nope", "MEMBERS:VIEW", "members:view ", "members:*", "*", "branches:merge",
            "documents:view-content", "x".repeat(2000), "members\u200b:view", "\ud800").map(action ->
            check(action)),
        Gens.<JsonNode>of(NODES.numberNode(1), NODES.arrayNode().add("members:view"), NODES.objectNode(),
            NODES.booleanNode(true)).map(action -> (ObjectNode) check("members:view").set("action", action)),
        Gens.of("", "/abs", "a//b", "../x", "a/../b", "a/", "..", "p".repeat(2000), "a/./b", ".", "p".repeat(1025))
            .map(path -> {
          ObjectNode check = check("documents:view-content");
          check.putObject("resource").put("project", "p1").put("path", path);
          return check;
        }),
        Gens.<JsonNode>of(NODES.textNode("p1"), NODES.arrayNode(), NODES.numberNode(3),
            NODES.objectNode().put("project", 1), NODES.objectNode().put("project", "p1").put("owner", "x"),
            NODES.objectNode().put("ownerId", "x".repeat(1025)))
            .map(resource -> (ObjectNode) check("branches:merge").set("resource", resource)),
        Gens.<JsonNode>of(NODES.textNode(f.owner.userId()), NODES.objectNode().put("type", "admin").put("id", "x"),
            NODES.objectNode().put("type", "user"), NODES.objectNode().put("type", "user").put("id", " "),
            NODES.objectNode().put("type", "user").put("id", ""), NODES.objectNode().put("id", "x"),
            NODES.objectNode().put("type", "USER").put("id", "x"),
            NODES.objectNode().put("type", "user").put("id", "x").put("groups", "eng"),
            NODES.objectNode().put("type", "user").put("id", "x").put("email", "a@example.com"),
            NODES.objectNode().put("type", "user").put("id", 5),
            groups(101, "g"), groups(1, "g".repeat(1025)), groups(1, null))
            .map(principal -> (ObjectNode) check("members:view").set("principal", principal)),
        Gens.of("extra", "orgId", "checks ", "Action").map(field -> check("members:view").put(field, "x")));
    return Generate.oneOf(
        single.map(check -> (JsonNode) check),
        lists().of(single).ofSizeBetween(1, 4).map(checks -> {
          ObjectNode batch = NODES.objectNode();
          ArrayNode array = batch.putArray("checks");
          array.add(check("members:view"));
          checks.forEach(array::add);
          return (JsonNode) batch;
        }),
        Gens.<JsonNode>of(NODES.objectNode().putArray("checks"), NODES.objectNode().put("checks", "x"),
            NODES.objectNode().set("checks", NODES.arrayNode().add(1)),
            NODES.objectNode().set("checks", NODES.arrayNode().addNull()),
            NODES.objectNode().set("checks", hundredAndOneChecks()),
            ((ObjectNode) NODES.objectNode().set("checks", NODES.arrayNode().add(check("members:view"))))
                .put("action", "members:view"),
            NODES.objectNode()));
  }

  private static ObjectNode check(String action) {
    return NODES.objectNode().put("action", action);
  }

  private static JsonNode groups(int count, String group) {
    ObjectNode principal = NODES.objectNode().put("type", "user").put("id", "x");
    ArrayNode groups = principal.putArray("groups");
    for (int i = 0; i < count; i++) {
      if (group == null) {
        groups.add(7);
      } else {
        groups.add(group + i);
      }
    }
    return principal;
  }

  private static JsonNode hundredAndOneChecks() {
    ArrayNode checks = NODES.arrayNode();
    for (int i = 0; i < 101; i++) {
      checks.add(check("members:view"));
    }
    return checks;
  }

  // ---------------------------------------------------------------------------------------------
  // Idempotency-Key (400), and a good key with a body that is not a request (400, nothing recorded)

  private Gen<Hostile> badIdempotency(Route route) {
    Gen<Hostile> badKey = Gens.of("", " ", "k".repeat(256), "ключ", "k\u0007", "k\u0000", "k\u00a0",
        "\u200b").map(key -> new Hostile("bad Idempotency-Key", f.owner.authorization(), route.method(), f.path(route),
            f.validBody(route), Map.of(Idempotency.HEADER, key), Expect.CLIENT_ERROR));
    Gen<Hostile> badBody = Gens.strings(Gens.alphaNumeric(), 1, 40).zip(Gens.of("", "{", "[]",
        "{\"emails\":1,\"name\":1}", "{\"unknown\":true}", "null"), (key, body) -> new Hostile(
            "good Idempotency-Key, bad body", f.owner.authorization(), route.method(), f.path(route), body,
            Map.of(Idempotency.HEADER, key), Expect.CLIENT_ERROR));
    return Generate.oneOf(badKey, badBody);
  }
}
