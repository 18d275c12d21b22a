package io.usersroles.functions.checks;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.domain.DomainException;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Problems;
import io.usersroles.service.PermissionCheckService;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Answers a check invoked directly by another AWS service ({@code {orgId, principal, action,
 * resource?}} or {@code {orgId, checks: [...]}}): the decisions, or the problem object (with its
 * {@code status}) for bad input and for DynamoDB still throttled past the retries (503).
 */
public final class DirectCheck {
  private final PermissionCheckService checks;

  public DirectCheck(PermissionCheckService checks) {
    this.checks = checks;
  }

  /** The answer to one direct invocation's event ({@code null} when the event was JSON {@code null}). */
  public JsonNode answer(JsonNode event) {
    try {
      if (event == null || !event.isObject()) {
        throw DomainException.invalid("The event must be a JSON object");
      }
      JsonNode orgId = event.get("orgId");
      if (orgId == null || !orgId.isTextual() || orgId.textValue().isBlank()) {
        throw DomainException.invalidField("orgId", "is required");
      }
      CheckJson.Request request = CheckJson.parse(event, Set.of("orgId"));
      return CheckJson.answer(request, checks.askDirectly(orgId.textValue(), request.questions()));
    } catch (DomainException problem) {
      return Problems.of(problem, null).body();
    } catch (SdkException failure) {
      // DynamoDB still throttled or failing after the SDK's retries: the caller gets the 503 problem
      // object (as for bad input) and may retry; anything else is a bug and fails the invocation
      return Problems.ofDependencyFailure(failure, null).map(HttpResponse::body).orElseThrow(() -> failure);
    }
  }
}
