package io.usersroles.functions.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.config.AwsFailures;
import io.usersroles.domain.DomainException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one mapping from domain problems to RFC 9457 problem+json responses.
 *
 * <p>Every answer built here is at most {@link #MAX_PROBLEM_BYTES} of JSON, whatever the request
 * held: {@link DomainException} lists at most 20 field errors and cuts every text it carries, and
 * the request path shown as {@code instance} is cut here. The worst case, every character a
 * control character that JSON writes as six bytes ({@code \u0001}), is 6 * (1000 detail + 1000
 * instance + 100 title + 20 * (100 field + 200 message)) = 48,600 bytes of text plus the names.
 */
public final class Problems {
  /** The prefix of every problem type URI; the suffix is the problem's code. */
  public static final String TYPE_PREFIX = "urn:users-and-roles:problem:";
  /** The most bytes a problem+json body can have, far below Lambda's 6 MB response limit. */
  public static final int MAX_PROBLEM_BYTES = 64 * 1024;
  /** Characters (code points) of the {@code instance} (the request path) at most. */
  static final int MAX_INSTANCE_LENGTH = 1000;
  /** Seconds a client should wait before retrying after a 503. */
  static final String RETRY_AFTER_SECONDS = "2";

  private Problems() {}

  public static int statusOf(DomainException.Kind kind) {
    switch (kind) {
      case INVALID:
        return 400;
      case UNAUTHENTICATED:
        return 401;
      case FORBIDDEN:
        return 403;
      case NOT_FOUND:
        return 404;
      case CONFLICT:
        return 409;
      case GONE:
        return 410;
      case UNPROCESSABLE:
        return 422;
      case TOO_LARGE:
        return 413;
      case UNAVAILABLE:
        return 503;
      default:
        throw new IllegalArgumentException("unmapped kind " + kind);
    }
  }

  public static HttpResponse of(DomainException problem, String instance) {
    int status = statusOf(problem.kind());
    ObjectNode body = Json.object();
    body.put("type", TYPE_PREFIX + problem.code());
    body.put("title", problem.title().orElse(title(status)));
    body.put("status", status);
    body.put("detail", problem.detail());
    problem.limit().ifPresent(limit -> body.put("limit", limit));
    if (instance != null && !instance.isEmpty()) {
      body.put("instance", DomainException.shortened(instance, MAX_INSTANCE_LENGTH));
    }
    if (!problem.fieldErrors().isEmpty()) {
      ArrayNode errors = body.putArray("errors");
      for (DomainException.FieldError error : problem.fieldErrors()) {
        errors.addObject().put("field", error.field()).put("message", error.message());
      }
    }
    HttpResponse response = HttpResponse.problem(status, body);
    if (status == 401) {
      response = response.withHeader("WWW-Authenticate", "Bearer");
    }
    if (problem.retryAfterSeconds().isPresent()) {
      response = response.withHeader("Retry-After", Integer.toString(problem.retryAfterSeconds().getAsInt()));
    } else if (status == 503 || status == 429) {
      response = response.withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    return response;
  }

  /**
   * The answer to an AWS call that failed after the SDK's own retries, when the failure is transient
   * (throttling, a 5xx, a network error or time-out, a transaction DynamoDB cancelled for throttling):
   * 503 with Retry-After. Empty for anything else, which is a bug. Nothing was half written: a change
   * of several items is one transaction (the one exception, an invitation request needing two, takes
   * back the first when the second fails), so the client may simply retry.
   */
  public static Optional<HttpResponse> ofDependencyFailure(SdkException failure, String instance) {
    if (!AwsFailures.isTransient(failure)) {
      return Optional.empty();
    }
    return Optional.of(of(DomainException.unavailable("service-unavailable",
        "The service is busy or briefly unavailable; nothing was changed, retry after the time in Retry-After"),
        instance));
  }

  /** The answer to a failure that is our fault; the details go to the log, not to the client. */
  public static HttpResponse internalError(String requestId) {
    ObjectNode body = Json.object();
    body.put("type", TYPE_PREFIX + "internal-error");
    body.put("title", title(500));
    body.put("status", 500);
    body.put("detail", "Something went wrong on our side; the request id identifies it in our logs");
    if (requestId != null && !requestId.isEmpty()) {
      body.put("requestId", DomainException.shortened(requestId, MAX_INSTANCE_LENGTH));
    }
    return HttpResponse.problem(500, body);
  }

  static String title(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 409:
        return "Conflict";
      case 410:
        return "Gone";
      case 413:
        return "Content Too Large";
      case 422:
        return "Unprocessable Content";
      case 503:
        return "Service Unavailable";
      default:
        return "Internal Server Error";
    }
  }
}
