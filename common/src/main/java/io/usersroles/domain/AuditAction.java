package io.usersroles.domain;

import java.util.Optional;

/** What an audit event records, by its wire name ({@code action} of the event, EventBridge's detail-type). */
public enum AuditAction {
  ORG_CREATED("org.created"),
  ORG_UPDATED("org.updated"),
  INVITATION_CREATED("invitation.created"),
  INVITATION_UPDATED("invitation.updated"),
  INVITATION_RESENT("invitation.resent"),
  INVITATION_CANCELLED("invitation.cancelled"),
  INVITATION_ACCEPTED("invitation.accepted"),
  INVITATION_DECLINED("invitation.declined"),
  INVITATION_REMINDED("invitation.reminded"),
  INVITATION_EXPIRED("invitation.expired"),
  MEMBER_ROLES_UPDATED("member.roles_updated"),
  MEMBER_REMOVED("member.removed"),
  MEMBER_LEFT("member.left"),
  ROLE_CREATED("role.created"),
  ROLE_UPDATED("role.updated"),
  ROLE_DELETED("role.deleted"),
  SERVICE_ACCOUNT_CREATED("service_account.created"),
  SERVICE_ACCOUNT_UPDATED("service_account.updated"),
  SERVICE_ACCOUNT_SECRET_ROTATED("service_account.secret_rotated"),
  SERVICE_ACCOUNT_DELETED("service_account.deleted");

  private final String wireName;

  AuditAction(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<AuditAction> byWireName(String wireName) {
    for (AuditAction action : values()) {
      if (action.wireName.equals(wireName)) {
        return Optional.of(action);
      }
    }
    return Optional.empty();
  }
}
