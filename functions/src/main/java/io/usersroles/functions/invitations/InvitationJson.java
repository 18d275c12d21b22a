package io.usersroles.functions.invitations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.Invitation;
import io.usersroles.functions.http.Json;
import java.util.List;

/** An invitation as the API shows it. */
final class InvitationJson {
  private InvitationJson() {}

  static ObjectNode of(Invitation invitation) {
    ObjectNode json = Json.object();
    json.put("id", invitation.id());
    json.put("email", invitation.email());
    roles(json, invitation.roles());
    json.put("status", invitation.status().wireName());
    json.put("invitedBy", invitation.invitedBy());
    json.put("createdAt", invitation.createdAt().toString());
    json.put("expiresAt", invitation.expiresAt().toString());
    json.put("lastSentAt", invitation.lastSentAt().toString());
    json.put("sendCount", invitation.sendCount());
    if (invitation.acceptedAt() != null) {
      json.put("acceptedAt", invitation.acceptedAt().toString());
      json.put("acceptedBy", invitation.acceptedBy());
    }
    if (invitation.delivery() != null) {
      json.put("delivery", invitation.delivery().wireName());
    }
    return json;
  }

  static void roles(ObjectNode json, List<String> roles) {
    ArrayNode array = json.putArray("roles");
    roles.forEach(array::add);
  }
}
