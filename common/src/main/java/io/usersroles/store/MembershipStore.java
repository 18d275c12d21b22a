package io.usersroles.store;

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
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;

/** Memberships, and the org's user list (members, service accounts, open invitations). */
@Singleton
public final class MembershipStore {
  private final Table table;

  @Inject
  public MembershipStore(Table table) {
    this.table = table;
  }

  public Optional<Membership> find(String orgId, String userId) {
    return Optional.ofNullable(table.memberships().getItem(r -> r.key(StoredItem.key(Keys.org(orgId), Keys.member(userId)))
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
      segments.add(new PagedQuery.Segment<MembershipItem, UserRow>(table.memberships(), Keys.MEMBER_PREFIX,
          item -> Optional.of(new UserRow(item.getUserId(), item.getEmail(),
              item.getName() != null ? item.getName() : item.getEmail(), UserRow.Type.MEMBER,
              item.getUserId().equals(callerId), UserRow.Status.ACTIVE, item.toMembership().roles()))));
    }
    if (filter.serviceAccounts()) {
      segments.add(new PagedQuery.Segment<ServiceAccountItem, UserRow>(table.serviceAccounts(),
          Keys.SERVICE_ACCOUNT_PREFIX, item -> Optional.of(new UserRow(item.getServiceAccountId(), null,
              item.getName(), UserRow.Type.SERVICE_ACCOUNT, item.getServiceAccountId().equals(callerId),
              UserRow.Status.ACTIVE, item.toServiceAccount().roles()))));
    }
    if (filter.pendingInvitations()) {
      segments.add(new PagedQuery.Segment<InvitationItem, UserRow>(table.invitations(), Keys.OPEN_INVITATION_PREFIX,
          item -> Optional.of(item.toInvitation())
              .filter(invitation -> invitation.statusAt(now) == InvitationStatus.PENDING)
              .map(invitation -> new UserRow(invitation.id(), invitation.email(), invitation.email(),
                  UserRow.Type.MEMBER, false, UserRow.Status.PENDING, invitation.roles()))));
    }
    return PagedQuery.run(Keys.org(orgId), segments, from, limit);
  }

  /** A membership as read, with the item version its changes are conditional on. */
  public static final class Stored {
    private final MembershipItem item;

    private Stored(MembershipItem item) {
      this.item = item;
    }

    public Membership membership() {
      return item.toMembership();
    }

    /** The item to write back with other roles (the versioning extension makes the write conditional). */
    MembershipItem withRoles(List<String> roles) {
      MembershipItem copy = MembershipItem.schema().mapToItem(MembershipItem.schema().itemToMap(item, false));
      copy.setRoles(List.copyOf(roles));
      return copy;
    }

    MembershipItem item() {
      return item;
    }
  }

  /** A member's item, strongly consistent. */
  public Optional<Stored> findStored(String orgId, String userId) {
    return Optional.ofNullable(table.memberships().getItem(r -> r.key(StoredItem.key(Keys.org(orgId),
        Keys.member(userId))).consistentRead(true))).map(Stored::new);
  }

  /** Every member of the org (for a role's users and the role list), strongly consistent. */
  public List<Stored> all(String orgId) {
    List<Stored> members = new ArrayList<>();
    table.memberships().query(r -> r.queryConditional(QueryConditional.sortBeginsWith(k -> k
            .partitionValue(Keys.org(orgId)).sortValue(Keys.MEMBER_PREFIX))).consistentRead(true))
        .items().forEach(item -> members.add(new Stored(item)));
    return members;
  }

  /**
   * Sets a member's roles; {@code ownerDelta} (-1, 0, +1) moves the org's owner count in the same
   * transaction, which refuses to leave the org without an owner.
   */
  public void changeRoles(Stored member, List<String> roles, int ownerDelta) {
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
        .addUpdateItem(table.memberships(), member.withRoles(roles));
    addOwnerCount(tx, member.membership().orgId(), ownerDelta);
    table.transact(tx.build());
  }

  /** Sets the roles of up to 99 members at once (none of them gaining or losing owner). */
  public void setRoles(List<Map.Entry<Stored, List<String>>> changes) {
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
    changes.forEach(change -> tx.addUpdateItem(table.memberships(), change.getKey().withRoles(change.getValue())));
    table.transact(tx.build());
  }

  /** Removes a member, its address claim and (for an owner) one owner from the count, all at once. */
  public void remove(Stored member, boolean wasOwner) {
    Membership membership = member.membership();
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
        .addDeleteItem(table.memberships(), TransactDeleteItemEnhancedRequest.builder()
            .key(member.item().key())
            .conditionExpression(Conditions.versionIs(member.item().getVersion()))
            .build());
    if (membership.email() != null) {
      tx.addDeleteItem(table.memberEmails(), StoredItem.key(Keys.org(membership.orgId()), Keys.email(membership.email())));
    }
    addOwnerCount(tx, membership.orgId(), wasOwner ? -1 : 0);
    table.transact(tx.build());
  }

  private void addOwnerCount(TransactWriteItemsEnhancedRequest.Builder tx, String orgId, int delta) {
    if (delta == 0) {
      return;
    }
    OrganisationItem org = table.organisations().getItem(r -> r.key(StoredItem.key(Keys.org(orgId), Keys.PROFILE))
        .consistentRead(true));
    if (org == null) {
      throw new IllegalStateException("organisation " + orgId + " of a member is missing");
    }
    int count = (org.getOwnerCount() == null ? 0 : org.getOwnerCount()) + delta;
    if (count < 1) {
      throw DomainException.conflict("last-owner", "The organisation's last owner cannot be removed or demoted; "
          + "make someone else an owner first");
    }
    org.setOwnerCount(count);
    tx.addUpdateItem(table.organisations(), org); // versioned: a concurrent owner change makes this fail and retry
  }
}
