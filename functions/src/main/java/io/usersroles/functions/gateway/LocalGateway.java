package io.usersroles.functions.gateway;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.DomainException;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.auth.AuthorizerHandler;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.http.Problems;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does API Gateway's part in front of the real handlers: matches the route, runs the Lambda
 * authorizer, builds the payload 2.0 event, invokes the function with the event's JSON bytes and
 * turns its response object back into an HTTP response. Also invokes any function by logical id
 * with a raw event (the Lambda Invoke API). Used by the local server and the tests.
 */
public final class LocalGateway {
  private static final Logger LOG = LoggerFactory.getLogger(LocalGateway.class);

  private final FunctionsComponent app;
  private final Map<String, RequestStreamHandler> handlers = new ConcurrentHashMap<>();

  public LocalGateway(FunctionsComponent app) {
    this.app = app;
  }

  /** An HTTP response as the gateway sends it. */
  public record Response(int status, Map<String, String> headers, String body) {}

  /** Answers an HTTP request to an API route. */
  public Response handle(HttpApiEvents.Request request) {
    String requestId = UUID.randomUUID().toString();
    Optional<Route.Match> match = FunctionCatalog.match(request.method(), request.rawPath());
    if (match.isEmpty()) {
      return fromHttp(Problems.of(DomainException.notFound("No route " + request.method() + " " + request.rawPath()),
          request.rawPath()));
    }
    ObjectNode authorizerEvent = HttpApiEvents.authorizerEvent(request, match.get(), requestId);
    if (!authorizerEvent.has("identitySource")) {
      // API Gateway answers without calling the authorizer when the identity source is missing
      return fromHttp(Problems.of(DomainException.unauthenticated("Missing Authorization header"),
          request.rawPath()));
    }
    JsonNode context;
    try {
      context = invoke("AuthorizerFunction", authorizerEvent).path("context");
    } catch (AuthorizerHandler.UnauthorizedException denied) {
      return fromHttp(Problems.of(denied.reason(), request.rawPath()));
    }
    ObjectNode event = HttpApiEvents.routeEvent(request, match.get(), requestId, context);
    JsonNode result;
    try {
      result = invoke(match.get().function().logicalId(), event);
    } catch (RuntimeException failed) {
      LOG.error("function {} failed", match.get().function().logicalId(), failed);
      return fromHttp(Problems.internalError(requestId));
    }
    return fromEvent(result);
  }

  /** Invokes a function by its template.yaml logical id with a raw event, as Lambda's Invoke API does. */
  public byte[] invoke(String logicalId, byte[] event) {
    Duration timeout = FunctionCatalog.byLogicalId(logicalId).map(FunctionCatalog.Entry::timeout)
        .orElse(FunctionCatalog.API_TIMEOUT);
    return invoke(logicalId, event, new LocalLambdaContext(UUID.randomUUID().toString(), logicalId, timeout));
  }

  /** Invokes a function with a raw event and a given context (tests: a short remaining time). */
  public byte[] invoke(String logicalId, byte[] event, com.amazonaws.services.lambda.runtime.Context context) {
    RequestStreamHandler handler = handler(logicalId);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(event), output, context);
    } catch (IOException e) {
      throw new UncheckedIOException("function " + logicalId + " failed to read or write its event", e);
    }
    return output.toByteArray();
  }

  /** Whether a function of this logical id exists. */
  public boolean hasFunction(String logicalId) {
    return FunctionCatalog.byLogicalId(logicalId).isPresent();
  }

  private JsonNode invoke(String logicalId, JsonNode event) {
    try {
      return Json.read(invoke(logicalId, Json.bytes(event)));
    } catch (IOException e) {
      throw new UncheckedIOException("function " + logicalId + " answered something that is not JSON", e);
    }
  }

  private RequestStreamHandler handler(String logicalId) {
    return handlers.computeIfAbsent(logicalId, id -> FunctionCatalog.byLogicalId(id)
        .orElseThrow(() -> new IllegalArgumentException("no function " + id))
        .factory().apply(app));
  }

  /** The gateway's form of a response a handler built. */
  public static Response fromHttp(HttpResponse response) {
    return fromEvent(response.toEvent());
  }

  private static Response fromEvent(JsonNode event) {
    Map<String, String> headers = new LinkedHashMap<>();
    event.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
    String body = event.hasNonNull("body") ? event.get("body").asText() : null;
    return new Response(event.path("statusCode").asInt(500), headers, body);
  }
}
