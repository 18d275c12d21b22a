package io.usersroles.local;

import io.usersroles.engines.gateway.HttpApiGateway;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-origin requests as the deployed HTTP API's CORS configuration answers them (template.yaml,
 * parameter ConsoleOrigin): preflights are answered here, before any route or authorizer; responses
 * to an allowed origin say so. A page of any other origin gets no CORS headers, so browsers refuse it.
 */
final class LocalCors {
  static final String DEFAULT_ORIGIN = "http://localhost:5173";
  private static final String ALLOWED_HEADERS = "authorization,content-type,idempotency-key";
  private static final String ALLOWED_METHODS = "GET,POST,PUT,PATCH,DELETE";
  private static final String EXPOSED_HEADERS = "location,retry-after,idempotent-replayed";
  private static final String MAX_AGE_SECONDS = "600";

  private final List<String> origins;

  LocalCors(List<String> origins) {
    this.origins = List.copyOf(origins);
  }

  /** The answer to a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}), else empty. */
  Optional<HttpApiGateway.Response> preflight(String method, Map<String, String> headers) {
    if (!method.equals("OPTIONS") || !headers.containsKey("access-control-request-method")) {
      return Optional.empty();
    }
    Map<String, String> answer = new LinkedHashMap<>();
    String origin = headers.get("origin");
    if (origin != null && origins.contains(origin)) {
      answer.put("Access-Control-Allow-Origin", origin);
      answer.put("Access-Control-Allow-Methods", ALLOWED_METHODS);
      answer.put("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      answer.put("Access-Control-Max-Age", MAX_AGE_SECONDS);
      answer.put("Vary", "Origin");
    }
    return Optional.of(new HttpApiGateway.Response(204, answer, null));
  }

  /** {@code response}, saying so when the request came from an allowed origin. */
  HttpApiGateway.Response allow(Map<String, String> requestHeaders, HttpApiGateway.Response response) {
    String origin = requestHeaders.get("origin");
    if (origin == null || !origins.contains(origin)) {
      return response;
    }
    Map<String, String> headers = new LinkedHashMap<>(response.headers());
    headers.put("Access-Control-Allow-Origin", origin);
    headers.put("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    headers.put("Vary", "Origin");
    return new HttpApiGateway.Response(response.status(), headers, response.body());
  }
}
