package io.usersroles.domain;

import java.util.List;

/** A row of the organisation's user list: an active member, a service account or an open invitation. */
public record UserRow(String id, String email, String name, Type type, boolean self, Status status,
    List<String> roles) {

  /** What kind of principal the row stands for. */
  public enum Type { MEMBER, SERVICE_ACCOUNT }

  /** Whether the row is a member (or service account) or an open invitation. */
  public enum Status { ACTIVE, PENDING }

  public UserRow {
    roles = List.copyOf(roles);
  }

  /** An active member's row (named by its display name, else its email); {@code callerId} marks the caller's own. */
  public static UserRow of(Membership member, String callerId) {
    return new UserRow(member.userId(), member.email(), member.name() != null ? member.name() : member.email(),
        Type.MEMBER, member.userId().equals(callerId), Status.ACTIVE, member.roles());
  }

  /** A service account's row. */
  public static UserRow of(ServiceAccount account, String callerId) {
    return new UserRow(account.id(), null, account.name(), Type.SERVICE_ACCOUNT, account.id().equals(callerId),
        Status.ACTIVE, account.roles());
  }

  /** An open invitation's row, named by its address. */
  public static UserRow of(Invitation invitation) {
    return new UserRow(invitation.id(), invitation.email(), invitation.email(), Type.MEMBER, false, Status.PENDING,
        invitation.roles());
  }
}
