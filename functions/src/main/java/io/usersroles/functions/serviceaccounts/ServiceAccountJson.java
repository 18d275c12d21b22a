package io.usersroles.functions.serviceaccounts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.ServiceAccount;
import io.usersroles.functions.http.Json;

/** A service account on the wire: {@code {id, name, description, roles, createdAt, createdBy}}; never a secret. */
final class ServiceAccountJson {
  private ServiceAccountJson() {}

  static ObjectNode of(ServiceAccount account) {
    ObjectNode json = Json.object();
    json.put("id", account.id());
    json.put("name", account.name());
    json.put("description", account.description());
    ArrayNode roles = json.putArray("roles");
    account.roles().forEach(roles::add);
    json.put("createdAt", account.createdAt().toString());
    json.put("createdBy", account.createdBy());
    return json;
  }
}
