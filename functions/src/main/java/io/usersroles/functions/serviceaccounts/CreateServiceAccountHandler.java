package io.usersroles.functions.serviceaccounts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Idempotency;
import io.usersroles.functions.http.RequestBody;
import io.usersroles.service.ServiceAccountService;
import java.util.List;

/**
 * {@code POST /orgs/{orgId}/service-accounts} {@code {name, description?, roles}}: 201 with the secret, shown only
 * here (and to a repeat of the request with the same {@code Idempotency-Key}).
 */
public final class CreateServiceAccountHandler extends HttpFunction {
  private final ServiceAccountService accounts;
  private final Idempotency idempotency;

  public CreateServiceAccountHandler() {
    this(LambdaEnvironment.component());
  }

  public CreateServiceAccountHandler(FunctionsComponent app) {
    this.accounts = app.serviceAccounts();
    this.idempotency = new Idempotency(app.idempotency());
  }

  private record Input(String name, String description, List<String> roles) {}

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String orgId = request.pathParameter("orgId");
    // read before the Idempotency-Key is claimed: a body that is no request is refused, not recorded
    Input input = readForOrg(() -> {
      RequestBody body = RequestBody.of(request);
      String name = body.requiredString("name");
      String description = body.optionalString("description", true).orElse("");
      List<String> roles = body.optionalStringList("roles")
          .orElseThrow(() -> DomainException.invalidField("roles", "is required"));
      body.rejectUnknownFields();
      return new Input(name, description, roles);
    }, () -> accounts.requireManager(caller, orgId));
    return idempotency.run(request, caller, orgId, () -> accounts.requireManager(caller, orgId),
        () -> create(input, caller, request.requestId(), orgId));
  }

  private HttpResponse create(Input input, Principal caller, String requestId, String orgId) {
    ServiceAccountService.WithSecret created = accounts.create(caller, requestId, orgId, input.name(),
        input.description(),
        input.roles());
    ObjectNode json = ServiceAccountJson.of(created.account());
    json.put("secret", created.secret());
    return HttpResponse.json(201, json)
        .withHeader("Location", "/orgs/" + orgId + "/service-accounts/" + created.account().id());
  }
}
