package io.usersroles.engines.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the events API Gateway's HTTP API (payload format 2.0) sends to a route's function and to
 * its Lambda REQUEST authorizer, from a plain HTTP request: what the local server and the tests do in
 * place of API Gateway.
 */
public final class HttpApiEvents {
  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private HttpApiEvents() {}

  /**
   * An HTTP request as it reached the gateway. Header names may be in any case. The body is text, or,
   * when {@code bodyBase64Encoded}, the base64 of the bytes sent (see {@link #withBody}).
   */
  public record Request(String method, String rawPath, String rawQueryString, Map<String, String> headers,
      String body, boolean bodyBase64Encoded, String sourceIp) {
    /** A request whose body (if any) is text. */
    public Request(String method, String rawPath, String rawQueryString, Map<String, String> headers, String body,
        String sourceIp) {
      this(method, rawPath, rawQueryString, headers, body, false, sourceIp);
    }

    /**
     * A request with the body's bytes as they came off the wire: as text when they are well-formed
     * UTF-8, else base64-encoded with {@code isBase64Encoded} set, as API Gateway passes a body that
     * is not text. The function then sees the exact bytes sent, never U+FFFD in place of bad ones.
     */
    public static Request withBody(String method, String rawPath, String rawQueryString, Map<String, String> headers,
        byte[] body, String sourceIp) {
      if (body == null || body.length == 0) {
        return new Request(method, rawPath, rawQueryString, headers, null, false, sourceIp);
      }
      try {
        String text = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(body)).toString();
        return new Request(method, rawPath, rawQueryString, headers, text, false, sourceIp);
      } catch (CharacterCodingException notText) {
        return new Request(method, rawPath, rawQueryString, headers, Base64.getEncoder().encodeToString(body), true,
            sourceIp);
      }
    }
  }

  /** The event for the route's function; {@code authorizerContext} is what the authorizer returned. */
  public static ObjectNode routeEvent(Request request, HttpApiGateway.RouteMatch match, String requestId,
      JsonNode authorizerContext) {
    ObjectNode event = common(request, match, requestId);
    event.put("version", "2.0");
    ObjectNode context = (ObjectNode) event.get("requestContext");
    if (authorizerContext != null) {
      context.putObject("authorizer").set("lambda", authorizerContext);
    }
    if (request.body() != null) {
      event.put("body", request.body());
    }
    event.put("isBase64Encoded", request.body() != null && request.bodyBase64Encoded());
    return event;
  }

  /** The event for the Lambda REQUEST authorizer (identity source: the Authorization header). */
  public static ObjectNode authorizerEvent(Request request, HttpApiGateway.RouteMatch match, String requestId) {
    ObjectNode event = common(request, match, requestId);
    event.put("version", "2.0");
    event.put("type", "REQUEST");
    event.put("routeArn", "arn:aws:execute-api:us-east-1:000000000000:local/$default/" + match.route().method()
        + match.route().pathTemplate());
    String authorization = headers(request).get("authorization");
    if (authorization != null) {
      event.putArray("identitySource").add(authorization);
    }
    return event;
  }

  private static ObjectNode common(Request request, HttpApiGateway.RouteMatch match, String requestId) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("routeKey", match.route().key());
    event.put("rawPath", request.rawPath());
    event.put("rawQueryString", request.rawQueryString() == null ? "" : request.rawQueryString());
    ObjectNode headers = event.putObject("headers");
    headers(request).forEach(headers::put);
    Map<String, String> query = query(request.rawQueryString());
    if (!query.isEmpty()) {
      ObjectNode queryNode = event.putObject("queryStringParameters");
      query.forEach(queryNode::put);
    }
    if (!match.pathParameters().isEmpty()) {
      ObjectNode parameters = event.putObject("pathParameters");
      match.pathParameters().forEach(parameters::put);
    }
    Instant now = Instant.now();
    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", "000000000000");
    context.put("apiId", "local");
    context.put("domainName", "127.0.0.1");
    context.put("domainPrefix", "127");
    ObjectNode http = context.putObject("http");
    http.put("method", request.method());
    http.put("path", request.rawPath());
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", request.sourceIp() == null ? "127.0.0.1" : request.sourceIp());
    http.put("userAgent", headers(request).getOrDefault("user-agent", ""));
    context.put("requestId", requestId == null ? UUID.randomUUID().toString() : requestId);
    context.put("routeKey", match.route().key());
    context.put("stage", "$default");
    context.put("time", REQUEST_TIME.format(now));
    context.put("timeEpoch", now.toEpochMilli());
    return event;
  }

  private static Map<String, String> headers(Request request) {
    Map<String, String> lower = new LinkedHashMap<>();
    if (request.headers() != null) {
      request.headers().forEach((name, value) -> lower.merge(name.toLowerCase(Locale.ROOT), value,
          (a, b) -> a + "," + b));
    }
    return lower;
  }

  /** Query parameters the way payload 2.0 carries them: repeated names joined with commas. */
  public static Map<String, String> query(String rawQueryString) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQueryString == null || rawQueryString.isEmpty()) {
      return query;
    }
    for (String pair : rawQueryString.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      if (name != null && value != null) {
        query.merge(name, value, (a, b) -> a + "," + b);
      }
    }
    return query;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }
}
