package io.usersroles.functions.users;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Principal;
import io.usersroles.domain.UserRow;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.http.Paging;
import io.usersroles.service.UserService;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /orgs/{orgId}/users?status=active|pending&type=member|service_account}: the org's
 * users: active members, service accounts and open invitations.
 */
public final class ListUsersHandler extends HttpFunction {
  private final UserService users;

  public ListUsersHandler() {
    this(LambdaEnvironment.component());
  }

  public ListUsersHandler(FunctionsComponent app) {
    this.users = app.users();
  }

  /** The filters and page size of a request. */
  private record Query(Optional<UserRow.Status> status, Optional<UserRow.Type> type, int limit) {}

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String orgId = request.pathParameter("orgId");
    Query query = readForOrg(() -> new Query(
        request.query("status").map(text -> parse(UserRow.Status.class, "status", text, "active, pending")),
        request.query("type").map(text -> parse(UserRow.Type.class, "type", text, "member, service_account")),
        Paging.limit(request)), () -> users.requireViewer(caller, orgId));
    return Paging.page(users.list(caller, orgId, query.status(), query.type(), query.limit(),
        Paging.cursor(request)), ListUsersHandler::json);
  }

  static ObjectNode json(UserRow row) {
    ObjectNode json = Json.object();
    json.put("id", row.id());
    json.put("email", row.email());
    json.put("name", row.name());
    json.put("type", row.type().name().toLowerCase(Locale.ROOT));
    json.put("self", row.self());
    json.put("status", row.status().name().toLowerCase(Locale.ROOT));
    ArrayNode roles = json.putArray("roles");
    row.roles().forEach(roles::add);
    return json;
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String field, String text, String allowed) {
    for (E value : type.getEnumConstants()) {
      if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
        return value;
      }
    }
    throw DomainException.invalidField(field, "must be one of " + allowed);
  }
}
