package io.usersroles.store;

import io.usersroles.domain.InvitationStatus;
import io.usersroles.domain.Membership;
import io.usersroles.domain.UserRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/** Memberships, and the org's user list (members, service accounts, open invitations). */
@Singleton
public final class MembershipStore {
  private final Table table;

  @Inject
  public MembershipStore(Table table) {
    this.table = table;
  }

  public Optional<Membership> find(String orgId, String userId) {
    return Optional.ofNullable(table.memberships.getItem(r -> r.key(StoredItem.key(Keys.org(orgId), Keys.member(userId)))
        .consistentRead(true))).map(MembershipItem::toMembership);
  }

  /** Which rows a user list shows. */
  public record UserFilter(boolean members, boolean serviceAccounts, boolean pendingInvitations) {}

  /**
   * One page of the user list: active members first, then service accounts, then open invitations,
   * each in key order. {@code callerId} marks the caller's own row.
   */
  public ListPage<UserRow> listUsers(String orgId, String callerId, UserFilter filter, Instant now,
      ListPosition from, int limit) {
    List<PagedQuery.Segment<?, UserRow>> segments = new ArrayList<>();
    if (filter.members()) {
      segments.add(new PagedQuery.Segment<MembershipItem, UserRow>(table.memberships, Keys.MEMBER_PREFIX,
          item -> Optional.of(new UserRow(item.getUserId(), item.getEmail(),
              item.getName() != null ? item.getName() : item.getEmail(), UserRow.Type.MEMBER,
              item.getUserId().equals(callerId), UserRow.Status.ACTIVE, item.toMembership().roles()))));
    }
    if (filter.pendingInvitations()) {
      segments.add(new PagedQuery.Segment<InvitationItem, UserRow>(table.invitations, Keys.OPEN_INVITATION_PREFIX,
          item -> Optional.of(item.toInvitation())
              .filter(invitation -> invitation.statusAt(now) == InvitationStatus.PENDING)
              .map(invitation -> new UserRow(invitation.id(), invitation.email(), invitation.email(),
                  UserRow.Type.MEMBER, false, UserRow.Status.PENDING, invitation.roles()))));
    }
    return PagedQuery.run(Keys.org(orgId), segments, from, limit);
  }
}
