package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.engines.gateway.HttpApiEvents;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.deployment.Route;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A body that is not well-formed UTF-8 is not JSON: 400, nothing written, never a name stored with
 * U+FFFD in place of the bytes sent. Bodies come as API Gateway passes bytes that are not text
 * (base64, {@code isBase64Encoded}), and as text holding half a surrogate pair.
 */
class MalformedUtf8Test {
  private static final OrgFixture FIXTURE = new OrgFixture();
  /** Byte sequences no UTF-8 decoder may accept. */
  private static final List<byte[]> MALFORMED = List.of(
      bytes(0xff), // never a UTF-8 byte
      bytes(0x80), // a continuation byte with nothing to continue
      bytes(0xc0, 0xaf), // an overlong '/'
      bytes(0xe2, 0x82), // a three-byte sequence cut short
      bytes(0xed, 0xa0, 0x80), // a surrogate half encoded as UTF-8 (CESU-8)
      bytes(0xf4, 0x90, 0x80, 0x80), // beyond U+10FFFF
      bytes(0xf8, 0x88, 0x80, 0x80, 0x80)); // a five-byte form

  private final OrgFixture f = FIXTURE;

  @Test
  void everyRouteThatReadsABodyRefusesOneThatIsNotUtf8AndWritesNothing() {
    Map<String, Map<String, AttributeValue>> before = f.items();
    for (Route route : OrgFixture.routes()) {
      if (!f.takesBody(route)) {
        continue;
      }
      for (byte[] bad : MALFORMED) {
        byte[] body = insertedInFirstString(f.validBody(route), bad);
        Api.Response response = send(f.owner, route.method(), f.path(route), body);
        assertUtf8Problem(route.routeKey() + " " + hex(bad), response);
      }
    }
    assertThat(f.items()).isEqualTo(before);
  }

  @Test
  void aNameIsNotStoredWithReplacementCharacters() {
    Map<String, Map<String, AttributeValue>> before = f.items();
    byte[] body = insertedInFirstString("{\"name\":\"Acme\"}", bytes(0xff, 0xfe));
    assertUtf8Problem("POST /orgs", send(f.owner, "POST", "/orgs", body));
    assertThat(f.items()).isEqualTo(before);
  }

  @Test
  void aTextBodyHoldingHalfASurrogatePairIsRefused() {
    Map<String, Map<String, AttributeValue>> before = f.items();
    for (String body : List.of("{\"name\":\"Acme \ud800\"}", "{\"name\":\"Acme\",\"x\udfff\":1}")) {
      HttpApiGateway.Response response = f.api.gateway.handle(new HttpApiEvents.Request("POST", "/orgs", null,
          headers(f.owner), body, "127.0.0.1"));
      Api.conform("POST", "/orgs", null, headers(f.owner), null, response);
      assertUtf8Problem("text body", new Api.Response(response.status(), response.headers(), read(response.body())));
    }
    assertThat(f.items()).isEqualTo(before);
  }

  @Test
  void aStrangerStillGets404AndARouteThatTakesNoBodyIgnoresOne() {
    Map<String, Map<String, AttributeValue>> before = f.items();
    byte[] body = insertedInFirstString("{\"name\":\"Auditors\"}", bytes(0xff));
    Api.Response stranger = send(f.stranger, "POST", "/orgs/" + f.orgId + "/roles", body);
    assertThat(stranger.status()).as(stranger.json().toString()).isEqualTo(404);
    Api.Response get = send(f.owner, "GET", "/orgs/" + f.orgId, body);
    assertThat(get.status()).as(get.json().toString()).isEqualTo(200);
    assertThat(f.items()).isEqualTo(before);
  }

  @Test
  void aBase64BodyThatIsUtf8IsReadAndOneOverTheLimitIs413() {
    User someone = f.api.user("base64");
    Api.Response created = send(someone, "POST", "/orgs", "{\"name\":\"Zo\u00eb & S\u00f8n \ud83d\ude80\"}"
        .getBytes(StandardCharsets.UTF_8));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    assertThat(created.json().get("name").asText()).isEqualTo("Zo\u00eb & S\u00f8n \ud83d\ude80");

    byte[] large = ("{\"name\":\"" + "x".repeat(HttpRequest.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
    Api.Response tooLarge = send(someone, "POST", "/orgs", large);
    assertThat(tooLarge.status()).isEqualTo(413);
  }

  private static void assertUtf8Problem(String what, Api.Response response) {
    assertThat(response.status()).as(what + ": " + response.json()).isEqualTo(400);
    assertThat(response.contentType()).as(what).isEqualTo("application/problem+json");
    assertThat(response.json().get("type").asText()).as(what).isEqualTo("urn:users-and-roles:problem:invalid-request");
    assertThat(response.json().get("detail").asText()).as(what).contains("not well-formed UTF-8");
  }

  /** Sends {@code body} base64-encoded, as API Gateway passes a body that is not text. */
  private Api.Response send(User caller, String method, String path, byte[] body) {
    Map<String, String> headers = headers(caller);
    HttpApiGateway.Response response = f.api.gateway.handle(new HttpApiEvents.Request(method, path, null, headers,
        Base64.getEncoder().encodeToString(body), true, "127.0.0.1"));
    Api.conform(method, path, null, headers, new String(body, StandardCharsets.UTF_8), response);
    return new Api.Response(response.status(), response.headers(), read(response.body()));
  }

  private static Map<String, String> headers(User caller) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    headers.put("authorization", caller.authorization());
    return headers;
  }

  /** The UTF-8 of {@code json} with {@code bad} inserted at the start of its first string value. */
  private static byte[] insertedInFirstString(String json, byte[] bad) {
    int at = json.indexOf(":\"") + 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(bad);
    out.writeBytes(json.substring(at).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  private static String hex(byte[] bytes) {
    StringBuilder hex = new StringBuilder();
    for (byte b : bytes) {
      hex.append(String.format("%02X ", b & 0xff));
    }
    return hex.toString().trim();
  }

  private static JsonNode read(String body) {
    try {
      return body == null ? Json.object() : Json.read(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }
}
