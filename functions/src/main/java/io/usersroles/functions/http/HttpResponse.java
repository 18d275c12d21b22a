package io.usersroles.functions.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, headers and a JSON body (or none). */
public final class HttpResponse {
  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";

  private final int status;
  private final Map<String, String> headers;
  private final JsonNode body;

  private HttpResponse(int status, Map<String, String> headers, JsonNode body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  public static HttpResponse json(int status, JsonNode body) {
    return new HttpResponse(status, baseHeaders(JSON), body);
  }

  public static HttpResponse ok(JsonNode body) {
    return json(200, body);
  }

  public static HttpResponse noContent() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Cache-Control", "no-store");
    return new HttpResponse(204, headers, null);
  }

  /** A response exactly as recorded earlier (an idempotent replay). */
  static HttpResponse of(int status, Map<String, String> headers, JsonNode body) {
    return new HttpResponse(status, new LinkedHashMap<>(headers), body);
  }

  static HttpResponse problem(int status, JsonNode body) {
    return new HttpResponse(status, baseHeaders(PROBLEM_JSON), body);
  }

  public HttpResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new HttpResponse(status, copy, body);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return Map.copyOf(headers);
  }

  public JsonNode body() {
    return body;
  }

  /** The API Gateway payload 2.0 response object. */
  public ObjectNode toEvent() {
    ObjectNode event = Json.object();
    event.put("statusCode", status);
    ObjectNode headerNode = event.putObject("headers");
    headers.forEach(headerNode::put);
    if (body != null) {
      event.put("body", Json.text(body));
    }
    event.put("isBase64Encoded", false);
    return event;
  }

  private static Map<String, String> baseHeaders(String contentType) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    headers.put("Cache-Control", "no-store");
    return headers;
  }
}
