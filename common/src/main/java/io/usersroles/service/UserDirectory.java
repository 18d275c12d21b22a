package io.usersroles.service;

import io.usersroles.access.AccessControl;
import io.usersroles.access.Action;
import io.usersroles.domain.Page;
import io.usersroles.domain.Principal;
import io.usersroles.domain.UserRow;
import io.usersroles.store.Cursors;
import io.usersroles.store.ListPage;
import io.usersroles.store.MembershipStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/** The organisation's user list: active members, service accounts and pending invitations. */
@Singleton
public final class UserDirectory {
  private final MembershipStore memberships;
  private final AccessControl access;
  private final Cursors cursors;
  private final Clock clock;

  @Inject
  public UserDirectory(MembershipStore memberships, AccessControl access, Cursors cursors, Clock clock) {
    this.memberships = memberships;
    this.access = access;
    this.cursors = cursors;
    this.clock = clock;
  }

  /** Checks that the caller may view the users of {@code orgId}: not found for non-members. */
  public void requireViewer(Principal caller, String orgId) {
    access.require(caller, orgId, Action.MEMBERS_VIEW);
  }

  /** One page of user rows, optionally only those of one status and/or one type. */
  public Page<UserRow> list(Principal caller, String orgId, Optional<UserRow.Status> status,
      Optional<UserRow.Type> type, int limit, String cursor) {
    access.require(caller, orgId, Action.MEMBERS_VIEW);
    Listing.requireLimit(limit);
    boolean active = status.map(s -> s == UserRow.Status.ACTIVE).orElse(true);
    boolean pending = status.map(s -> s == UserRow.Status.PENDING).orElse(true);
    boolean humans = type.map(t -> t == UserRow.Type.MEMBER).orElse(true);
    boolean machines = type.map(t -> t == UserRow.Type.SERVICE_ACCOUNT).orElse(true);
    MembershipStore.UserFilter filter = new MembershipStore.UserFilter(active && humans, active && machines,
        pending && humans);
    String scope = "users\n" + orgId + "\n" + status.map(Enum::name).orElse("") + "\n" + type.map(Enum::name).orElse("");
    ListPage<UserRow> page = memberships.listUsers(orgId, caller.id(), filter, Instant.now(clock),
        cursors.decode(scope, cursor), limit);
    return new Page<>(page.rows(), cursors.encode(scope, page.next()));
  }
}
