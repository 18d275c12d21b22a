package io.usersroles.functions.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.domain.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The parts of an API Gateway HTTP API (payload 2.0) event that handlers use. */
public final class HttpRequest {
  private final String routeKey;
  private final String method;
  private final String path;
  private final Map<String, String> pathParameters;
  private final Map<String, String> query;
  private final Map<String, String> headers;
  private final String body;
  private final String requestId;
  private final JsonNode authorizerContext;

  private HttpRequest(JsonNode event) {
    JsonNode context = event.path("requestContext");
    this.routeKey = text(event.path("routeKey"));
    this.method = text(context.path("http").path("method")).toUpperCase(Locale.ROOT);
    this.path = text(event.path("rawPath"));
    this.pathParameters = strings(event.path("pathParameters"), false);
    this.query = strings(event.path("queryStringParameters"), false);
    this.headers = strings(event.path("headers"), true);
    this.requestId = text(context.path("requestId"));
    this.authorizerContext = context.path("authorizer").path("lambda");
    String rawBody = event.hasNonNull("body") ? event.get("body").asText() : null;
    if (rawBody != null && event.path("isBase64Encoded").asBoolean(false)) {
      try {
        rawBody = new String(Base64.getDecoder().decode(rawBody), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw DomainException.invalid("The request body is not valid base64");
      }
    }
    this.body = rawBody;
  }

  /** Reads the event JSON of an HTTP API route invocation. */
  public static HttpRequest of(JsonNode event) {
    return new HttpRequest(event);
  }

  public String routeKey() {
    return routeKey;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** A path parameter the route template guarantees; absent only if the event is not of this route. */
  public String pathParameter(String name) {
    String value = pathParameters.get(name);
    if (value == null || value.isEmpty()) {
      throw DomainException.notFound("No such resource");
    }
    return value;
  }

  public Optional<String> query(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** A header by case-insensitive name. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  public Optional<String> body() {
    return Optional.ofNullable(body);
  }

  public String requestId() {
    return requestId;
  }

  /** What the Lambda authorizer put into the request context (a missing node when nothing). */
  public JsonNode authorizerContext() {
    return authorizerContext;
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }

  private static Map<String, String> strings(JsonNode node, boolean lowerCaseKeys) {
    if (!node.isObject()) {
      return Collections.emptyMap();
    }
    Map<String, String> map = new HashMap<>();
    node.fields().forEachRemaining(entry -> {
      if (!entry.getValue().isNull()) {
        String key = lowerCaseKeys ? entry.getKey().toLowerCase(Locale.ROOT) : entry.getKey();
        map.put(key, entry.getValue().asText());
      }
    });
    return map;
  }
}
