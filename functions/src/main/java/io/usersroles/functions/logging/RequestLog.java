package io.usersroles.functions.logging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one log line each invocation writes when it is done (logger {@code io.usersroles.request},
 * message {@code request}): request ids, route, org, principal, status and latency. The fields are
 * put into the SLF4J MDC as soon as they are known, so whatever else is logged during the invocation
 * carries them too; closing clears them, as Lambda reuses the thread for the next invocation.
 *
 * <p>What never goes in: bearer tokens, service-account secrets, invitation links or tokens, email
 * content, request or response bodies. The principal is named by its id only.
 */
public final class RequestLog implements AutoCloseable {
  /** API Gateway's id of the HTTP request ({@code requestContext.requestId}). */
  public static final String REQUEST_ID = "requestId";
  /** Lambda's id of the invocation. */
  public static final String AWS_REQUEST_ID = "awsRequestId";
  /** The route key ({@code POST /orgs/{orgId}/invitations}) or what invoked a non-HTTP function. */
  public static final String ROUTE = "route";
  public static final String ORG_ID = "orgId";
  public static final String PRINCIPAL_ID = "principalId";
  public static final String PRINCIPAL_TYPE = "principalType";
  /** The HTTP status answered (for the authorizer: 200 allowed, 401 denied). */
  public static final String STATUS = "status";
  /** The problem code of an error answer (the suffix of its problem type). */
  public static final String PROBLEM = "problem";
  public static final String LATENCY_MS = "latencyMs";
  /** The message of the per-invocation line. */
  public static final String MESSAGE = "request";

  private static final String PROBLEM_PREFIX = "urn:users-and-roles:problem:";
  /** Fields written as JSON numbers; {@link #with(String, long)} registers more. */
  private static final Set<String> NUMERIC = ConcurrentHashMap.newKeySet();

  static {
    NUMERIC.add(STATUS);
    NUMERIC.add(LATENCY_MS);
  }

  private static final Logger LOG = LoggerFactory.getLogger("io.usersroles.request");

  private final long started = System.nanoTime();

  private RequestLog() {
    MDC.clear();
  }

  /** Starts the line of an invocation that is not an HTTP route event. */
  public static RequestLog start(String awsRequestId, String route) {
    return new RequestLog().with(AWS_REQUEST_ID, awsRequestId).with(ROUTE, route);
  }

  /**
   * Starts the line of an HTTP API route invocation (payload 2.0) from its event: the ids, the route,
   * the org of the path and the principal the authorizer established.
   */
  public static RequestLog forHttpEvent(JsonNode event, String awsRequestId) {
    JsonNode context = event.path("requestContext");
    JsonNode principal = context.path("authorizer").path("lambda");
    String orgId = event.path("pathParameters").path(ORG_ID).asText("");
    return new RequestLog()
        .with(AWS_REQUEST_ID, awsRequestId)
        .with(REQUEST_ID, context.path("requestId").asText(""))
        .with(ROUTE, event.path("routeKey").asText(""))
        .with(ORG_ID, orgId.isEmpty() ? principal.path("orgId").asText("") : orgId)
        .with(PRINCIPAL_ID, principal.path("principalId").asText(""))
        .with(PRINCIPAL_TYPE, principal.path("principalType").asText(""));
  }

  /** Adds a text field (nothing when empty). */
  public RequestLog with(String field, String value) {
    if (value != null && !value.isEmpty()) {
      MDC.put(field, value);
    }
    return this;
  }

  /** Adds a number field. */
  public RequestLog with(String field, long value) {
    NUMERIC.add(field);
    MDC.put(field, Long.toString(value));
    return this;
  }

  /** Records the problem code of an error answer given as a problem+json body (or problem object). */
  public RequestLog problem(JsonNode problem) {
    String type = problem == null ? "" : problem.path("type").asText("");
    return with(PROBLEM, type.startsWith(PROBLEM_PREFIX) ? type.substring(PROBLEM_PREFIX.length()) : type);
  }

  /** Writes the line with the answer's status. */
  public void finish(int status) {
    with(STATUS, status);
    finish(MESSAGE);
  }

  /** Writes the line with {@code message} (a scheduled job's summary). */
  public void finish(String message) {
    with(LATENCY_MS, (System.nanoTime() - started) / 1_000_000);
    LOG.info(message);
  }

  static boolean isNumeric(String field) {
    return NUMERIC.contains(field);
  }

  @Override
  public void close() {
    MDC.clear();
  }
}
