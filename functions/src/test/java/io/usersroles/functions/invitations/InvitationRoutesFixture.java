package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Json;
import io.usersroles.testing.TestEnvironment;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** The invitation route tests' base: per test a new org and its owner behind the gateway, and request helpers. */
abstract class InvitationRoutesFixture {
  static final Duration TTL = Duration.ofDays(7);
  static final Duration PAST_EXPIRY = TTL.plusMinutes(1);
  static final String ACCEPT_LINK = TestEnvironment.ACCEPT_URL_BASE + "?token=";

  final Api api = createApi();

  /** The engines the tests run on; each {@code ...OnLocalStackTest} subclass overrides it with LocalStack. */
  Api createApi() {
    return new Api();
  }

  final User owner = api.user("owner");
  final String orgId = api.createOrg(owner, "Acme Rockets");

  static String invitations(String orgId) {
    return "/orgs/" + orgId + "/invitations";
  }

  Response accept(User user, String token) {
    return api.call(user, "POST", "/invitations/accept", Api.json("token", token));
  }

  /** A user whose token carries exactly these claims (null email or name: no such claim). */
  User userWithClaims(String email, String userId, String name, boolean emailVerified) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(LocalIdentityProvider.ISSUER)
        .audience(LocalIdentityProvider.AUDIENCE)
        .subject(userId)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
        .claim("email_verified", emailVerified);
    if (email != null) {
      claims.claim("email", email);
    }
    if (name != null) {
      claims.claim("name", name);
    }
    return new User(email, userId, api.env.identityProvider().sign(claims.build()));
  }

  static String emailsBody(List<String> emails, List<String> roles) {
    ObjectNode body = Json.object();
    ArrayNode array = body.putArray("emails");
    emails.forEach(array::add);
    if (roles != null) {
      ArrayNode roleArray = body.putArray("roles");
      roles.forEach(roleArray::add);
    }
    return body.toString();
  }

  static List<String> statuses(Response response) {
    return results(response).stream().map(result -> result.get("status").asText()).toList();
  }

  static List<String> emailsOf(Response response) {
    return results(response).stream().map(result -> result.get("email").asText()).toList();
  }

  static List<String> invitationIds(Response response) {
    return results(response).stream().map(result -> result.get("invitationId").asText()).toList();
  }

  private static List<JsonNode> results(Response response) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    List<JsonNode> results = new ArrayList<>();
    response.json().get("results").forEach(results::add);
    return results;
  }

  static JsonNode onlyItem(Response list) {
    assertThat(list.status()).as(list.json().toString()).isEqualTo(200);
    assertThat(list.json().get("items")).hasSize(1);
    assertThat(list.json().get("nextCursor").isNull()).isTrue();
    return list.json().get("items").get(0);
  }

  /** Every item of a list, following cursors; each page must hold at most {@code limit} items. */
  List<JsonNode> allItems(User caller, String path, String query, int limit) {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 1000; page++) {
      Response response = api.call(caller, "GET", path + "?" + query + "limit=" + limit
          + (cursor == null ? "" : "&cursor=" + encode(cursor)));
      assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
      assertThat(response.contentType()).isEqualTo("application/json");
      assertThat(response.json().get("items").size()).isLessThanOrEqualTo(limit);
      response.json().get("items").forEach(items::add);
      JsonNode next = response.json().get("nextCursor");
      assertThat(next).as("nextCursor is always present").isNotNull();
      if (next.isNull()) {
        return items;
      }
      cursor = next.asText();
    }
    throw new AssertionError("the list never ended");
  }

  static void assertProblem(Response response, int status) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    assertThat(response.json().get("type").asText()).startsWith("urn:users-and-roles:problem:");
    assertThat(response.json().get("title").asText()).isNotBlank();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String flipChar(String text, int index) {
    char c = text.charAt(index);
    char replacement = c == 'A' ? 'B' : 'A';
    return text.substring(0, index) + replacement + text.substring(index + 1);
  }

  List<String> idsWithStatus(String status) {
    List<JsonNode> items = allItems(owner, invitations(orgId), "status=" + status + "&", 100);
    assertThat(items).allSatisfy(item -> assertThat(item.get("status").asText()).isEqualTo(status));
    return items.stream().map(item -> item.get("id").asText()).toList();
  }
}
