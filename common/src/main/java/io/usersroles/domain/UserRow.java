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
}
