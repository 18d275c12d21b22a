package io.usersroles.engines.gateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API Gateway's HTTP API and the Lambda runtime, emulated in-process for the local server and the
 * tests: matches a request to a route, runs the Lambda REQUEST authorizer on its payload 2.0 event
 * (simple responses), invokes the route's function with the event's JSON bytes, and turns the
 * function's response object back into an HTTP response. Also invokes any function by logical id
 * with a raw event, as Lambda's Invoke API does.
 *
 * <p>Where API Gateway answers by itself (no route, no credentials, a denied or failed authorizer, a
 * failed function) it answers as the functions answer their own errors, with an RFC 9457 problem
 * whose type starts with the given prefix: locally, a denial says why. Deployed, API Gateway answers
 * those with its own {@code {"message": ...}} bodies.
 */
public final class HttpApiGateway {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApiGateway.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What a Lambda authorizer's failure must say for API Gateway to answer 401 rather than 500. */
  private static final String UNAUTHORIZED = "Unauthorized";
  /**
   * Characters of request text (the path) a gateway problem echoes at most, as the functions' own
   * problems do, so that no request makes an answer larger than a problem may be (64 KiB).
   */
  private static final int MAX_ECHOED_LENGTH = 1000;

  private final Map<String, LambdaFunction> functions = new LinkedHashMap<>();
  private final String authorizer;
  private final String problemTypePrefix;
  private final Map<String, RequestStreamHandler> handlers = new ConcurrentHashMap<>();

  /**
   * A gateway in front of {@code functions}; {@code authorizer} is the logical id of the REQUEST
   * authorizer every route uses; {@code problemTypePrefix} starts the type of the gateway's own
   * problem answers.
   */
  public HttpApiGateway(List<LambdaFunction> functions, String authorizer, String problemTypePrefix) {
    functions.forEach(function -> this.functions.put(function.logicalId(), function));
    if (!this.functions.containsKey(authorizer)) {
      throw new IllegalArgumentException("no authorizer function " + authorizer);
    }
    this.authorizer = authorizer;
    this.problemTypePrefix = problemTypePrefix;
  }

  /** An HTTP response as the gateway sends it. */
  public record Response(int status, Map<String, String> headers, String body) {}

  /** A request matched to the route of a function, with the decoded path parameters. */
  public record RouteMatch(LambdaFunction function, RouteKey route, Map<String, String> pathParameters) {}

  /** The route and path parameters a request matches, if any. */
  public Optional<RouteMatch> match(String method, String rawPath) {
    for (LambdaFunction function : functions.values()) {
      if (function.route().isPresent()) {
        Optional<Map<String, String>> parameters = function.route().get().match(method, rawPath);
        if (parameters.isPresent()) {
          return Optional.of(new RouteMatch(function, function.route().get(), parameters.get()));
        }
      }
    }
    return Optional.empty();
  }

  /** Answers an HTTP request to an API route. */
  public Response handle(HttpApiEvents.Request request) {
    String requestId = UUID.randomUUID().toString();
    Optional<RouteMatch> match = match(request.method(), request.rawPath());
    if (match.isEmpty()) {
      return problem(404, "not-found", "No route " + request.method() + " " + request.rawPath(), request.rawPath());
    }
    ObjectNode authorizerEvent = HttpApiEvents.authorizerEvent(request, match.get(), requestId);
    if (!authorizerEvent.has("identitySource")) {
      // API Gateway answers without calling the authorizer when the identity source is missing
      return unauthorized("Missing Authorization header", request.rawPath());
    }
    JsonNode authorization;
    try {
      authorization = invoke(authorizer, authorizerEvent);
    } catch (RuntimeException failed) {
      if (UNAUTHORIZED.equals(failed.getMessage())) {
        return unauthorized(failed.getCause() == null ? UNAUTHORIZED : failed.getCause().getMessage(),
            request.rawPath());
      }
      LOG.error("the authorizer {} failed", authorizer, failed);
      return internalError(requestId);
    }
    if (!authorization.path("isAuthorized").asBoolean(false)) {
      return problem(403, "forbidden", "The authorizer denied this request", request.rawPath());
    }
    ObjectNode event = HttpApiEvents.routeEvent(request, match.get(), requestId, authorization.path("context"));
    JsonNode result;
    try {
      result = invoke(match.get().function().logicalId(), event);
    } catch (RuntimeException failed) {
      LOG.error("function {} failed", match.get().function().logicalId(), failed);
      return internalError(requestId);
    }
    return responseOf(result);
  }

  /** Invokes a function by its logical id with a raw event, as Lambda's Invoke API does. */
  public byte[] invoke(String logicalId, byte[] event) {
    LambdaFunction function = function(logicalId);
    return invoke(logicalId, event, new LocalLambdaContext(UUID.randomUUID().toString(), logicalId,
        function.timeout()));
  }

  /** Invokes a function with a raw event and a given context (tests: a short remaining time). */
  public byte[] invoke(String logicalId, byte[] event, Context context) {
    RequestStreamHandler handler = handlers.computeIfAbsent(logicalId, id -> function(id).handler().get());
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
    return functions.containsKey(logicalId);
  }

  /** The HTTP response a function's payload 2.0 response object stands for. */
  public static Response responseOf(JsonNode event) {
    Map<String, String> headers = new LinkedHashMap<>();
    event.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
    String body = event.hasNonNull("body") ? event.get("body").asText() : null;
    return new Response(event.path("statusCode").asInt(500), headers, body);
  }

  private LambdaFunction function(String logicalId) {
    LambdaFunction function = functions.get(logicalId);
    if (function == null) {
      throw new IllegalArgumentException("no function " + logicalId);
    }
    return function;
  }

  private JsonNode invoke(String logicalId, JsonNode event) {
    try {
      return JSON.readTree(invoke(logicalId, JSON.writeValueAsBytes(event)));
    } catch (IOException e) {
      throw new UncheckedIOException("function " + logicalId + " answered something that is not JSON", e);
    }
  }

  private Response unauthorized(String detail, String path) {
    return problem(401, "unauthenticated", detail, path);
  }

  private Response internalError(String requestId) {
    ObjectNode body = JSON.createObjectNode()
        .put("type", problemTypePrefix + "internal-error")
        .put("title", "Internal Server Error")
        .put("status", 500)
        .put("detail", "Something went wrong on our side; the request id identifies it in our logs")
        .put("requestId", requestId);
    return new Response(500, problemHeaders(), body.toString());
  }

  private Response problem(int status, String code, String detail, String path) {
    ObjectNode body = JSON.createObjectNode()
        .put("type", problemTypePrefix + code)
        .put("title", switch (status) {
          case 401 -> "Unauthorized";
          case 403 -> "Forbidden";
          case 404 -> "Not Found";
          default -> throw new IllegalArgumentException("no gateway problem " + status);
        })
        .put("status", status)
        .put("detail", shortened(detail));
    if (!path.isEmpty()) {
      body.put("instance", shortened(path));
    }
    Map<String, String> headers = problemHeaders();
    if (status == 401) {
      headers.put("WWW-Authenticate", "Bearer");
    }
    return new Response(status, headers, body.toString());
  }

  /** At most {@link #MAX_ECHOED_LENGTH} characters, cut on a code point, ending with an ellipsis when cut. */
  public static String shortened(String text) {
    if (text.length() <= MAX_ECHOED_LENGTH) {
      return text;
    }
    int end = MAX_ECHOED_LENGTH - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "\u2026";
  }

  private static Map<String, String> problemHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/problem+json");
    headers.put("Cache-Control", "no-store");
    return headers;
  }
}
