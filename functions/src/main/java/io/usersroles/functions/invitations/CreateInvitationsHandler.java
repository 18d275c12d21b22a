package io.usersroles.functions.invitations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.EmailAddress;
import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Idempotency;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.http.RequestBody;
import io.usersroles.service.InvitationResult;
import io.usersroles.service.InvitationService;
import java.util.List;

/**
 * {@code POST /orgs/{orgId}/invitations}: invites up to 100 addresses, given as a comma-separated
 * string or an array, and answers with one result per address.
 */
public final class CreateInvitationsHandler extends HttpFunction {
  private final InvitationService invitations;
  private final Idempotency idempotency;

  public CreateInvitationsHandler() {
    this(LambdaEnvironment.component());
  }

  public CreateInvitationsHandler(FunctionsComponent app) {
    this.invitations = app.invitations();
    this.idempotency = new Idempotency(app.idempotency());
  }

  /** What the body asks for; {@code roles} is {@code null} when absent. */
  private record Invite(List<String> addresses, List<String> roles) {}

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String orgId = request.pathParameter("orgId");
    // read before the Idempotency-Key is claimed: a body that is no request is refused, not recorded
    Invite invite = readForOrg(() -> {
      RequestBody body = RequestBody.of(request);
      List<String> addresses = addresses(body.required("emails"));
      List<String> roles = body.optionalStringList("roles").orElse(null);
      body.rejectUnknownFields();
      return new Invite(addresses, roles);
    }, () -> invitations.requireInviter(caller, orgId));
    return idempotency.run(request, caller, orgId, () -> invitations.requireInviter(caller, orgId),
        () -> invite(invite, caller, request.requestId(), orgId));
  }

  private HttpResponse invite(Invite invite, Principal caller, String requestId, String orgId) {
    List<InvitationResult> results = invitations.invite(caller, requestId, orgId, invite.addresses(),
        invite.roles());
    ObjectNode response = Json.object();
    ArrayNode array = response.putArray("results");
    for (InvitationResult result : results) {
      ObjectNode json = array.addObject();
      json.put("email", result.email());
      json.put("status", result.status().wireName());
      if (result.invitationId() != null) {
        json.put("invitationId", result.invitationId());
      }
      if (result.emailSent() != null) {
        json.put("emailSent", result.emailSent());
      }
    }
    return HttpResponse.ok(response);
  }

  private static List<String> addresses(JsonNode emails) {
    if (emails.isTextual()) {
      return EmailAddress.splitList(emails.textValue());
    }
    if (emails.isArray()) {
      return RequestBody.stringList("emails", emails).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
    throw DomainException.invalidField("emails", "must be a comma-separated string or an array of strings");
  }
}
