package io.usersroles.functions.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.auth.Authenticator;
import io.usersroles.config.AwsFailures;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.http.PrincipalContext;
import io.usersroles.functions.logging.RequestLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The HTTP API's Lambda REQUEST authorizer (payload 2.0, simple responses). A verified bearer
 * yields {@code {"isAuthorized": true, "context": principal}}; anything else fails the invocation
 * with the message {@code Unauthorized}, which API Gateway answers with 401. When the credentials
 * cannot be checked for now (DynamoDB throttled past the retries, the identity provider's keys out
 * of reach) it lets the request through marked unavailable, and the route answers 503 with
 * Retry-After: a failed authorizer would be API Gateway's 500, which no client retries.
 */
public final class AuthorizerHandler implements RequestStreamHandler {
  private final Authenticator authenticator;

  public AuthorizerHandler() {
    this(LambdaEnvironment.component());
  }

  public AuthorizerHandler(FunctionsComponent app) {
    this.authenticator = app.authenticator();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event = Json.read(input);
    try (RequestLog log = RequestLog.start(context.getAwsRequestId(), "authorize " + event.path("routeKey").asText(""))
        .with(RequestLog.REQUEST_ID, event.path("requestContext").path("requestId").asText(""))) {
      ObjectNode answer;
      try {
        answer = authorize(event);
      } catch (UnauthorizedException denied) {
        log.with(RequestLog.PROBLEM, denied.reason().code()).finish(401);
        throw denied;
      } catch (RuntimeException failed) {
        log.finish(500);
        throw failed;
      }
      if (answer.path("context").has(PrincipalContext.UNAVAILABLE)) {
        log.with(RequestLog.PROBLEM, answer.path("context").path(PrincipalContext.UNAVAILABLE).asText()).finish(503);
        Json.write(answer, output);
        return;
      }
      log.with(RequestLog.PRINCIPAL_ID, answer.path("context").path("principalId").asText(""))
          .with(RequestLog.PRINCIPAL_TYPE, answer.path("context").path("principalType").asText(""))
          .with(RequestLog.ORG_ID, answer.path("context").path("orgId").asText(""))
          .finish(200);
      Json.write(answer, output);
    }
  }

  /** The authorizer's answer to one event; throws {@link UnauthorizedException} to deny. */
  public ObjectNode authorize(JsonNode event) {
    Principal principal;
    try {
      principal = authenticator.authenticate(credentials(event));
    } catch (DomainException problem) {
      if (problem.kind() == DomainException.Kind.UNAVAILABLE) {
        return unavailable(problem.code());
      }
      throw new UnauthorizedException(problem);
    } catch (SdkException failure) {
      if (!AwsFailures.isTransient(failure)) {
        throw failure;
      }
      return unavailable("service-unavailable");
    }
    ObjectNode response = Json.object();
    response.put("isAuthorized", true);
    response.set("context", PrincipalContext.toContext(principal));
    return response;
  }

  /** Lets the request through marked "not checked, for now": the route answers 503, never the request. */
  private static ObjectNode unavailable(String code) {
    ObjectNode response = Json.object();
    response.put("isAuthorized", true);
    response.set("context", PrincipalContext.unavailable(code));
    return response;
  }

  /**
   * The bearer credentials: the identity source API Gateway extracted ($request.header.Authorization),
   * else the header itself (events written by hand often carry only the header).
   */
  private static String credentials(JsonNode event) {
    JsonNode identitySource = event.path("identitySource");
    if (identitySource.isArray() && identitySource.size() == 1 && identitySource.get(0).isTextual()) {
      return identitySource.get(0).textValue();
    }
    JsonNode headers = event.path("headers");
    for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> header = it.next();
      if (header.getKey().equalsIgnoreCase("authorization")) {
        return header.getValue().asText();
      }
    }
    return null;
  }

  /** Denies a request; API Gateway turns exactly this message into a 401 response. */
  public static final class UnauthorizedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnauthorizedException(DomainException cause) {
      super("Unauthorized", cause, false, false);
    }

    /** Why the credentials were refused (for the local server's problem detail and for logs). */
    public DomainException reason() {
      return (DomainException) getCause();
    }
  }
}
