package io.usersroles.store;

import io.usersroles.domain.Membership;
import java.util.List;

/** A membership as read, with the version a change of it is conditional on. */
public final class VersionedMembership {
  final MembershipItem item;

  VersionedMembership(MembershipItem item) {
    this.item = item;
  }

  public Membership membership() {
    return item.toMembership();
  }

  /** The item to write back with other roles (the versioning extension makes the write conditional). */
  MembershipItem withRoles(List<String> roles) {
    return item.withRoles(roles);
  }
}
