package io.usersroles.functions.checks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.http.Problems;
import io.usersroles.functions.logging.RequestLog;
import io.usersroles.service.PermissionCheckService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * {@code CheckPermissionFunction}: "may P do A on R?". Two callers, one function: the HTTP route
 * {@code POST /orgs/{orgId}/check} (an API Gateway event, the caller from the authorizer) and other
 * AWS services invoking it directly with {@code {orgId, principal, action, resource?}} or
 * {@code {orgId, checks: [...]}} (IAM decides who may invoke). A direct invocation with bad input,
 * or while DynamoDB stays throttled past the retries (503), answers the problem object (with its
 * {@code status}) instead of a decision.
 */
public final class CheckPermissionHandler implements RequestStreamHandler {
  private final DirectCheck direct;
  private final HttpRoute route;

  public CheckPermissionHandler() {
    this(LambdaEnvironment.component());
  }

  public CheckPermissionHandler(FunctionsComponent app) {
    this.direct = new DirectCheck(app.checks());
    this.route = new HttpRoute(app.checks());
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event;
    try {
      event = Json.read(input);
    } catch (JsonProcessingException e) {
      // a caller invoking directly gets the problem object, as for any other bad input
      try (RequestLog log = RequestLog.start(context.getAwsRequestId(), "invoke CheckPermissionFunction")) {
        JsonNode problem = Problems.of(DomainException.invalid("The event is not valid JSON"), null).body();
        log.problem(problem).finish(400);
        Json.write(problem, output);
      }
      return;
    }
    if (event != null && event.has("routeKey") && event.has("requestContext")) {
      Json.write(route.respond(event, context.getAwsRequestId()).toEvent(), output);
      return;
    }
    try (RequestLog log = RequestLog.start(context.getAwsRequestId(), "invoke CheckPermissionFunction")) {
      if (event != null) {
        log.with(RequestLog.ORG_ID, event.path("orgId").asText(""))
            .with(RequestLog.PRINCIPAL_ID, event.path("principal").path("id").asText(""))
            .with(RequestLog.PRINCIPAL_TYPE, event.path("principal").path("type").asText(""));
      }
      JsonNode answer = direct.answer(event);
      if (answer.has("status")) {
        log.problem(answer).finish(answer.path("status").asInt(400));
      } else {
        log.finish(200);
      }
      Json.write(answer, output);
    }
  }

  /** The HTTP route, with the shared event plumbing and problem mapping. */
  private static final class HttpRoute extends HttpFunction {
    private final PermissionCheckService checks;

    HttpRoute(PermissionCheckService checks) {
      this.checks = checks;
    }

    @Override
    protected HttpResponse handle(HttpRequest request, Principal caller) {
      String orgId = request.pathParameter("orgId");
      CheckJson.Request parsed = readForOrg(() -> {
        JsonNode body;
        try {
          body = Json.read(request.body().orElse(""));
        } catch (JsonProcessingException e) {
          throw DomainException.invalid("The request body is not valid JSON: " + e.getOriginalMessage());
        }
        return CheckJson.parse(body, Set.of());
      }, () -> checks.requireMember(caller, orgId));
      ObjectNode answer = CheckJson.answer(parsed,
          checks.ask(caller, orgId, parsed.questions()));
      return HttpResponse.ok(answer);
    }
  }
}
