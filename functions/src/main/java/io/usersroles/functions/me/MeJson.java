package io.usersroles.functions.me;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.functions.http.Json;
import io.usersroles.service.AcceptedInvitation;
import io.usersroles.service.PersonOverview;
import java.util.List;

/** A person's overview and an accepted invitation, as the {@code /me} routes show them. */
final class MeJson {
  private MeJson() {}

  static ObjectNode of(PersonOverview me) {
    ObjectNode json = Json.object();
    json.put("userId", me.userId());
    putNullable(json, "email", me.email());
    putNullable(json, "name", me.name());
    ArrayNode orgs = json.putArray("orgs");
    for (PersonOverview.Org org : me.orgs()) {
      ObjectNode item = orgs.addObject();
      item.put("orgId", org.orgId());
      item.put("name", org.name());
      putNullable(item, "avatarUrl", org.avatarUrl());
      roles(item, org.roles());
    }
    ArrayNode invitations = json.putArray("invitations");
    for (PersonOverview.OpenInvitation invitation : me.invitations()) {
      ObjectNode item = invitations.addObject();
      item.put("id", invitation.id());
      item.put("orgId", invitation.orgId());
      item.put("orgName", invitation.orgName());
      roles(item, invitation.roles());
      item.put("invitedBy", invitation.invitedBy());
      item.put("expiresAt", invitation.expiresAt().toString());
    }
    return json;
  }

  static ObjectNode of(AcceptedInvitation accepted) {
    ObjectNode json = Json.object();
    json.put("orgId", accepted.orgId());
    json.put("userId", accepted.userId());
    roles(json, accepted.roles());
    return json;
  }

  private static void roles(ObjectNode json, List<String> roles) {
    ArrayNode array = json.putArray("roles");
    roles.forEach(array::add);
  }

  private static void putNullable(ObjectNode json, String field, String value) {
    if (value == null) {
      json.putNull(field);
    } else {
      json.put(field, value);
    }
  }
}
