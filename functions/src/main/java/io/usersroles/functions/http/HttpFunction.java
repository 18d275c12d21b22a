package io.usersroles.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Principal;
import io.usersroles.functions.logging.RequestLog;
import io.usersroles.store.ConcurrentChangeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The base of every HTTP API route handler: reads the payload 2.0 event, takes the principal from
 * the authorizer context, runs {@link #handle}, and writes the response, mapping domain problems to
 * problem+json in one place.
 */
public abstract class HttpFunction implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFunction.class);

  /** Answers one request on behalf of {@code caller}. */
  protected abstract HttpResponse handle(HttpRequest request, Principal caller);

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event;
    try {
      event = Json.read(input);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the invocation event is not JSON", e);
    }
    Json.write(respond(event, context.getAwsRequestId()).toEvent(), output);
  }

  /**
   * Reads the request of a route under {@code /orgs/{orgId}} with {@code read}. When the request is
   * invalid, {@code requireAccess} runs before the 400 is answered: non-members get 404 and members
   * without the route's permission 403 for anything they send under an org, however malformed.
   */
  protected static <T> T readForOrg(Supplier<T> read, Runnable requireAccess) {
    try {
      return read.get();
    } catch (DomainException problem) {
      if (problem.kind() == DomainException.Kind.INVALID) {
        requireAccess.run();
      }
      throw problem;
    }
  }

  /**
   * Handles one event of the invocation {@code awsRequestId} and returns the response, writing the
   * invocation's one log line ({@link RequestLog}) with the status it answers.
   */
  public final HttpResponse respond(JsonNode event, String awsRequestId) {
    try (RequestLog log = RequestLog.forHttpEvent(event, awsRequestId)) {
      HttpResponse response = answer(event);
      if (response.status() >= 400) {
        log.problem(response.body());
      }
      log.finish(response.status());
      return response;
    }
  }

  private HttpResponse answer(JsonNode event) {
    HttpRequest request = null;
    try {
      request = HttpRequest.of(event);
      request.requireBodyWithinLimit();
      Principal caller = PrincipalContext.fromContext(request.authorizerContext());
      return handle(request, caller);
    } catch (DomainException problem) {
      return Problems.of(problem, request == null ? null : request.path());
    } catch (ConcurrentChangeException raced) {
      // every conditional write that lost its retries ends here, as one kind of answer
      LOG.warn("request {} lost a write race: {}", request == null ? null : request.requestId(), raced.getMessage());
      return Problems.of(DomainException.conflict("concurrent-change",
          "The resource changed while this request was being handled; try again").retryAfter(1),
          request == null ? null : request.path());
    } catch (SdkException failure) {
      // an AWS service still throttled or failing after the SDK's retries: 503, which a client may retry
      String requestId = request == null ? null : request.requestId();
      Optional<HttpResponse> unavailable = Problems.ofDependencyFailure(failure, request == null ? null
          : request.path());
      if (unavailable.isPresent()) {
        LOG.warn("request {}: an AWS service is unavailable after retries: {}", requestId, failure.toString());
        return unavailable.get();
      }
      LOG.error("request {} failed", requestId, failure);
      return Problems.internalError(requestId);
    } catch (RuntimeException bug) {
      String requestId = request == null ? null : request.requestId();
      LOG.error("request {} failed", requestId, bug);
      return Problems.internalError(requestId);
    }
  }
}
