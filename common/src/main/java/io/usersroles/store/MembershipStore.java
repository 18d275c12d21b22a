package io.usersroles.store;

import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.InvitationStatus;
import io.usersroles.domain.Membership;
import io.usersroles.domain.UserRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/** Memberships, and the org's user list (members, service accounts, open invitations). */
@Singleton
public final class MembershipStore {
  private final Table table;
  private final AuditStore audit;

  @Inject
  public MembershipStore(Table table, AuditStore audit) {
    this.table = table;
    this.audit = audit;
  }

  public Optional<Membership> find(String orgId, String userId) {
    return table.get(MembershipItem.TYPE, Keys.org(orgId), Keys.member(userId)).map(MembershipItem::toMembership);
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
      segments.add(new PagedQuery.Segment<MembershipItem, UserRow>(table, MembershipItem.TYPE, Keys.MEMBER_PREFIX,
          item -> Optional.of(UserRow.of(item.toMembership(), callerId))));
    }
    if (filter.serviceAccounts()) {
      segments.add(new PagedQuery.Segment<ServiceAccountItem, UserRow>(table, ServiceAccountItem.TYPE,
          Keys.SERVICE_ACCOUNT_PREFIX, item -> Optional.of(UserRow.of(item.toServiceAccount(), callerId))));
    }
    if (filter.pendingInvitations()) {
      segments.add(new PagedQuery.Segment<InvitationItem, UserRow>(table, InvitationItem.TYPE,
          Keys.OPEN_INVITATION_PREFIX,
          item -> Optional.of(item.toInvitation())
              .filter(invitation -> invitation.statusAt(now) == InvitationStatus.PENDING)
              .map(UserRow::of)));
    }
    return PagedQuery.run(Keys.org(orgId), segments, from, limit);
  }

  /** A member's item, strongly consistent. */
  public Optional<VersionedMembership> findVersioned(String orgId, String userId) {
    return table.get(MembershipItem.TYPE, Keys.org(orgId), Keys.member(userId)).map(VersionedMembership::new);
  }

  /** Every member of the org (for a role's users and the role list), strongly consistent. */
  public List<VersionedMembership> all(String orgId) {
    List<VersionedMembership> members = new ArrayList<>();
    table.queryAll(MembershipItem.TYPE, Keys.org(orgId), Keys.MEMBER_PREFIX)
        .forEach(item -> members.add(new VersionedMembership(item)));
    return members;
  }

  /**
   * Sets a member's roles; {@code ownerDelta} (-1, 0, +1) moves the org's owner count in the same
   * transaction, which refuses to leave the org without an owner.
   */
  public void changeRoles(VersionedMembership member, List<String> roles, int ownerDelta, AuditEvent event) {
    Table.Tx tx = table.tx().update(MembershipItem.TYPE, member.withRoles(roles));
    addOwnerCount(tx, member.membership().orgId(), ownerDelta);
    table.transact(tx.add(List.of(audit.record(event))));
  }

  /**
   * Sets a member's name and email (its latest verified token's), if the membership is unchanged since
   * it was read; a new email moves the member's address claim with it, only if no other member of the
   * org holds the new address.
   */
  public void updateProfile(VersionedMembership member, String name, String email) {
    Membership before = member.membership();
    MembershipItem updated = member.item.copyInto(new MembershipItem());
    updated.set(MembershipItem.NAME, name);
    updated.set(MembershipItem.EMAIL, email);
    Table.Tx tx = table.tx().update(MembershipItem.TYPE, updated);
    if (email != null && !email.equals(before.email())) {
      if (before.email() != null) {
        tx.delete(Keys.org(before.orgId()), Keys.email(before.email()), null);
      }
      tx.put(MemberEmailItem.TYPE, MemberEmailItem.of(before.orgId(), email, before.userId()), Conditions.ABSENT);
    }
    table.transact(tx);
  }

  /** Sets the roles of up to 99 members at once (none of them gaining or losing owner), with {@code event}. */
  public void setRoles(List<Map.Entry<VersionedMembership, List<String>>> changes, AuditEvent event) {
    Table.Tx tx = table.tx();
    changes.forEach(change -> tx.update(MembershipItem.TYPE,
        change.getKey().withRoles(change.getValue())));
    table.transact(tx.add(List.of(audit.record(event))));
  }

  /**
   * Removes a member, its address claim and (for an owner) one owner from the count, all at once,
   * with {@code event}.
   */
  public void remove(VersionedMembership member, boolean wasOwner, AuditEvent event) {
    Membership membership = member.membership();
    Table.Tx tx = table.tx().delete(member.item.getPk(), member.item.getSk(),
        Conditions.versionIs(member.item.get(MembershipItem.VERSION)));
    if (membership.email() != null) {
      tx.delete(Keys.org(membership.orgId()), Keys.email(membership.email()), null);
    }
    addOwnerCount(tx, membership.orgId(), wasOwner ? -1 : 0);
    table.transact(tx.add(List.of(audit.record(event))));
  }

  private void addOwnerCount(Table.Tx tx, String orgId, int delta) {
    if (delta == 0) {
      return;
    }
    OrganisationItem org = table.get(OrganisationItem.TYPE, Keys.org(orgId), Keys.PROFILE)
        .orElseThrow(() -> new IllegalStateException("organisation " + orgId + " of a member is missing"));
    int count = org.ownerCount() + delta;
    if (count < 1) {
      throw DomainException.conflict("last-owner", "The organisation's last owner cannot be removed or demoted; "
          + "make someone else an owner first");
    }
    org.set(OrganisationItem.OWNER_COUNT, count);
    // versioned: a concurrent owner change makes this fail and retry
    tx.update(OrganisationItem.TYPE, org);
  }
}
