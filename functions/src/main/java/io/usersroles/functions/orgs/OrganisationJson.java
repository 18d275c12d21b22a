package io.usersroles.functions.orgs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.Organisation;
import io.usersroles.functions.http.Json;

/** An organisation as every response shows it: {@code {orgId, name, avatarUrl, createdAt}}. */
public final class OrganisationJson {
  private OrganisationJson() {}

  public static ObjectNode of(Organisation organisation) {
    ObjectNode json = Json.object();
    json.put("orgId", organisation.orgId());
    json.put("name", organisation.name());
    if (organisation.avatarUrl() == null) {
      json.putNull("avatarUrl");
    } else {
      json.put("avatarUrl", organisation.avatarUrl());
    }
    json.put("createdAt", organisation.createdAt().toString());
    return json;
  }
}
