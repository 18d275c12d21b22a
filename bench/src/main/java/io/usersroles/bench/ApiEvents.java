package io.usersroles.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.engines.gateway.HttpApiEvents;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.functions.deployment.DeployedFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Payload 2.0 events for one route function, as API Gateway hands them over once the authorizer has
 * answered: the authorizer runs once, here, and the event carries its context; a benchmark then times
 * (or a fresh JVM runs) the route function alone, as Lambda invokes it.
 */
final class ApiEvents {
  private final HttpApiGateway gateway;

  ApiEvents(HttpApiGateway gateway) {
    this.gateway = gateway;
  }

  /** A request of {@code caller}: {@code target} is the path with its query string, if any. */
  static HttpApiEvents.Request request(Fixture.User caller, String method, String target, String body) {
    int question = target.indexOf('?');
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("authorization", "Bearer " + caller.token());
    if (body != null) {
      headers.put("content-type", "application/json");
    }
    return new HttpApiEvents.Request(method, question < 0 ? target : target.substring(0, question),
        question < 0 ? "" : target.substring(question + 1), headers, body, "127.0.0.1");
  }

  /** The deployed function API Gateway routes the request to. */
  String logicalId(HttpApiEvents.Request request) {
    return match(request).function().logicalId();
  }

  /** The authorizer's event for the request. */
  ObjectNode authorizerEvent(HttpApiEvents.Request request) {
    return HttpApiEvents.authorizerEvent(request, match(request), UUID.randomUUID().toString());
  }

  /** The route function's event, with what the authorizer answered for the caller's token. */
  byte[] routeEvent(HttpApiEvents.Request request) {
    String requestId = UUID.randomUUID().toString();
    HttpApiGateway.RouteMatch match = match(request);
    JsonNode authorization = BenchMain.read(gateway.invoke(DeployedFunctions.AUTHORIZER,
        bytes(HttpApiEvents.authorizerEvent(request, match, requestId))));
    if (!authorization.path("isAuthorized").asBoolean()) {
      throw new IllegalStateException("the authorizer refused " + request.method() + " " + request.rawPath());
    }
    return bytes(HttpApiEvents.routeEvent(request, match, requestId, authorization.path("context")));
  }

  private HttpApiGateway.RouteMatch match(HttpApiEvents.Request request) {
    return gateway.match(request.method(), request.rawPath()).orElseThrow(() -> new IllegalArgumentException(
        "no deployed route for " + request.method() + " " + request.rawPath()));
  }

  static byte[] bytes(JsonNode event) {
    try {
      return Fixture.JSON.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The status of a payload 2.0 answer; an answer that is not one is a failure of the benchmark. */
  static int status(byte[] answer) {
    JsonNode response = BenchMain.read(answer);
    if (!response.path("statusCode").isInt()) {
      throw new IllegalStateException("not an HTTP API answer: " + new String(answer));
    }
    return response.get("statusCode").asInt();
  }
}
