package io.usersroles.store;

import io.usersroles.config.Settings;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.EmailDelivery;
import io.usersroles.domain.Ids;
import io.usersroles.domain.Invitation;
import io.usersroles.domain.InvitationStatus;
import io.usersroles.domain.Membership;
import io.usersroles.domain.OrgCap;
import io.usersroles.domain.ReminderPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Invitations wherever they are: open in their address's slot or closed in history
 * ({@code INVITE#CLOSED#invitationId}), found by id (in one org, or in any for its invitee), by
 * link (the token-hash index) or listed; and their moves between the two: closing (expired,
 * cancelled, declined, accepted, with the membership that accepting creates) and bringing an expired
 * one back. Every write is conditional on the state it was decided on; a lost race surfaces as
 * {@link ConcurrentChangeException}.
 */
@Singleton
public final class InvitationStore {
  /** A transaction holds at most 100 actions. */
  private static final int MAX_ACTIONS = 100;

  private final Table table;
  private final ReminderPolicy reminders;
  private final AuditStore audit;

  @Inject
  public InvitationStore(Table table, Settings settings, AuditStore audit) {
    this.table = table;
    this.reminders = new ReminderPolicy(settings.reminderAfter(), settings.maxReminders());
    this.audit = audit;
  }

  /**
   * The invitation with this id, in its open slot or in history. An id says nothing about the slot,
   * so the {@code ByInvitationId} index says where to look (ids of earlier releases also say it
   * themselves) and a strongly consistent read there decides; the index is eventually consistent, so
   * history, which the id names directly, is read when the index shows nothing.
   */
  public Optional<VersionedInvitation> find(String orgId, String invitationId) {
    if (!Ids.isInvitationId(invitationId)) {
      return Optional.empty();
    }
    return findIn(Keys.org(orgId), invitationId, indexedKeys(invitationId));
  }

  /**
   * The invitation with this id, in whichever org it is (for its invitee, who knows the id but not the
   * org): the {@code ByInvitationId} index names the org, then a strongly consistent read there
   * decides, as in {@link #find(String, String)}. Empty when the index does not show it (yet: an
   * invitation created a moment ago may take about a second to appear).
   */
  public Optional<VersionedInvitation> findAnywhere(String invitationId) {
    if (!Ids.isInvitationId(invitationId)) {
      return Optional.empty();
    }
    List<Map<String, AttributeValue>> indexed = indexedKeys(invitationId);
    Set<String> orgPartitions = new LinkedHashSet<>();
    indexed.forEach(key -> orgPartitions.add(key.get(Keys.PARTITION_KEY).s()));
    for (String pk : orgPartitions) {
      Optional<VersionedInvitation> found = findIn(pk, invitationId, indexed);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The invitation in the org partition {@code pk}, where the index keys {@code indexed} (or the id) say. */
  private Optional<VersionedInvitation> findIn(String pk, String invitationId,
      List<Map<String, AttributeValue>> indexed) {
    Set<String> places = new LinkedHashSet<>();
    Ids.legacyAddressKeyOf(invitationId).ifPresent(addressKey -> places.add(Keys.openInvitation(addressKey)));
    for (Map<String, AttributeValue> key : indexed) {
      // another org's invitation with the same id (ids are random: never in practice) is not this one
      if (pk.equals(key.get(Keys.PARTITION_KEY).s())) {
        places.add(key.get(Keys.SORT_KEY).s());
      }
    }
    places.add(Keys.closedInvitation(invitationId));
    for (String sk : places) {
      InvitationItem item = get(pk, sk);
      if (item != null && invitationId.equals(item.get(InvitationItem.INVITATION_ID))) {
        return Optional.of(item.toVersioned());
      }
    }
    return Optional.empty();
  }

  /** The keys of the invitation items the invitation index holds for {@code invitationId}, in any org. */
  private List<Map<String, AttributeValue>> indexedKeys(String invitationId) {
    QueryResponse found = table.client.query(r -> r.tableName(table.name).indexName(Keys.INVITATION_INDEX)
        .keyConditionExpression("#id = :id")
        .expressionAttributeNames(Map.of("#id", Keys.INVITATION_ID))
        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(invitationId))));
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (Map<String, AttributeValue> key : found.items()) {
      // memberships name the invitation they came from too
      if (key.get(Keys.SORT_KEY).s().startsWith(Keys.INVITATION_PREFIX)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** Re-reads an invitation where it was found, strongly consistent; empty when it moved or is gone. */
  public Optional<VersionedInvitation> reload(VersionedInvitation stored) {
    InvitationItem item = InvitationItem.from(stored);
    InvitationItem current = get(item.getPk(), item.getSk());
    if (current == null || !stored.invitation().id().equals(current.get(InvitationItem.INVITATION_ID))) {
      return Optional.empty();
    }
    return Optional.of(current.toVersioned());
  }

  /**
   * The invitation whose link has this token hash, through the token index. The index is
   * eventually consistent, so callers treat the answer as a pointer and re-read it ({@link #reload}).
   */
  public Optional<VersionedInvitation> findByTokenHash(String tokenHash) {
    QueryResponse found = table.client.query(r -> r.tableName(table.name).indexName(Keys.TOKEN_INDEX)
        .keyConditionExpression("#hash = :hash")
        .expressionAttributeNames(Map.of("#hash", Keys.TOKEN_HASH))
        .expressionAttributeValues(Map.of(":hash", AttributeValue.fromS(tokenHash)))
        .limit(1));
    return found.items().stream().findFirst().map(item -> InvitationItem.TYPE.decode(item).toVersioned());
  }

  /**
   * Moves open invitations to history as {@code status} (expired or cancelled), each only if
   * unchanged, counting them off their orgs' open invitations. They may belong to several orgs (the
   * reminder job); each transaction holds two actions per invitation and, per org, its counter and its
   * audit event ({@code eventOf} the org, which each transaction adds the invitations it closed to).
   */
  public void closeAll(List<VersionedInvitation> openInvitations, InvitationStatus status, Instant at, String by,
      Function<String, AuditEvent> eventOf) {
    int from = 0;
    while (from < openInvitations.size()) {
      Map<String, List<AuditEvent.Target>> perOrg = new LinkedHashMap<>();
      int to = from;
      while (to < openInvitations.size()) {
        String orgId = openInvitations.get(to).invitation().orgId();
        int actions = 2 * (to - from + 1) + 2 * perOrg.size() + (perOrg.containsKey(orgId) ? 0 : 2);
        if (actions > MAX_ACTIONS) {
          break;
        }
        perOrg.computeIfAbsent(orgId, o -> new ArrayList<>())
            .add(AuditEvent.Target.invitation(openInvitations.get(to).invitation()));
        to++;
      }
      Table.Tx tx = table.tx();
      perOrg.forEach((orgId, closed) -> tx.count(orgId, UsageItem.Counter.PENDING_INVITATIONS, -closed.size()));
      for (VersionedInvitation open : openInvitations.subList(from, to)) {
        addClose(tx, open, status, at, by);
      }
      List<TransactWriteItem> events = new ArrayList<>(perOrg.size());
      perOrg.forEach((orgId, closed) -> events.add(audit.record(eventOf.apply(orgId).onlyTargets(closed))));
      table.transact(tx.add(events));
      from = to;
    }
  }

  private void addClose(Table.Tx tx, VersionedInvitation open, InvitationStatus status, Instant at, String by) {
    open.requireOpen();
    InvitationItem item = InvitationItem.from(open);
    tx.delete(item.getPk(), item.getSk(), Conditions.versionIs(open.version()));
    tx.put(InvitationItem.TYPE, item.closedCopy(status, at, by));
  }

  /**
   * Brings an invitation that was closed as expired back into its address slot with a new link, if
   * the slot is still free, with {@code event} (which names it).
   */
  public Invitation revive(VersionedInvitation closed, String tokenNonce, String tokenHash, Instant expiresAt,
      Instant sentAt, int cap, AuditEvent event) {
    Invitation old = closed.invitation();
    Invitation revived = new Invitation(old.id(), old.orgId(), old.email(), old.roles(), InvitationStatus.PENDING,
        old.invitedBy(), old.createdAt(), expiresAt, sentAt, old.sendCount() + 1, null, null);
    InvitationItem open = InvitationItem.open(revived, closed.addressKey(), tokenNonce, tokenHash);
    open.set(InvitationItem.REMINDERS_SENT, closed.remindersSent());
    open.scheduleDue(reminders);
    try {
      table.transact(table.tx()
          .count(old.orgId(), UsageItem.Counter.PENDING_INVITATIONS, 1, cap - 1L)
          .delete(Keys.org(old.orgId()), Keys.closedInvitation(old.id()), Conditions.versionIs(closed.version()))
          .put(InvitationItem.TYPE, open)
          .add(List.of(audit.record(event))));
    } catch (ConcurrentChangeException lost) {
      if (lost.failedAt(0)) {
        throw OrgCap.PENDING_INVITATIONS.reached(cap);
      }
      throw lost;
    }
    return revived;
  }

  /**
   * Marks an invitation that was closed as expired as cancelled instead (its link then reads as unknown),
   * with {@code event}, if it is unchanged since it was read.
   */
  public void cancelClosed(VersionedInvitation closed, Instant at, String by, AuditEvent event) {
    InvitationItem item = get(Keys.org(closed.invitation().orgId()), Keys.closedInvitation(closed.invitation().id()));
    if (item == null || item.version() != closed.version()) {
      throw new ConcurrentChangeException("invitation " + closed.invitation().id() + " changed");
    }
    item.set(InvitationItem.STATUS, InvitationStatus.CANCELLED.wireName());
    item.set(InvitationItem.TOKEN_HASH, null);
    item.set(InvitationItem.CLOSED_AT, at.toEpochMilli());
    item.set(InvitationItem.CLOSED_BY, by);
    item.set(InvitationItem.EXPIRE_ITEM_AT, at.plus(InvitationItem.CLOSED_RETENTION).getEpochSecond());
    // the versioning extension makes the put conditional on the version read
    table.transact(table.tx().put(InvitationItem.TYPE, item).add(List.of(audit.record(event))));
  }

  /**
   * Accepts an open invitation: closes it as accepted, creates the membership and its address claim,
   * and (for an owner) counts one more owner, all in one transaction that holds only if the link is
   * still the invitation's current link, the invitation is unchanged since it was read (its roles are
   * the roles granted) and the user is not a member yet; with {@code rolesRead}, also
   * only if the org's custom roles are still as read (the membership's roles were checked against them).
   * {@code event} records it.
   */
  public void accept(VersionedInvitation open, Membership member, Instant at, Optional<VersionedRoles> rolesRead,
      AuditEvent event) {
    open.requireOpen();
    String orgPartition = Keys.org(member.orgId());
    InvitationItem item = InvitationItem.from(open);
    Table.Tx tx = table.tx()
        .count(member.orgId(), UsageItem.Counter.PENDING_INVITATIONS, -1)
        .delete(item.getPk(), item.getSk(), Conditions.tokenHashAndVersionAre(open.tokenHash(), open.version()))
        .put(InvitationItem.TYPE, item.closedCopy(InvitationStatus.ACCEPTED, at, member.userId()))
        .put(MembershipItem.TYPE, MembershipItem.of(member, open.invitation().id()))
        .put(MemberEmailItem.TYPE, MemberEmailItem.of(member.orgId(), open.invitation().email(), member.userId()),
            Conditions.ABSENT);
    rolesRead.ifPresent(read -> tx.check(orgPartition, Keys.ROLES,
        read.version() == 0 ? Conditions.ABSENT : Conditions.versionIs(read.version())));
    if (member.roles().contains("owner")) {
      OrganisationItem org = table.get(OrganisationItem.TYPE, orgPartition, Keys.PROFILE).orElseThrow(
          () -> new IllegalStateException("organisation " + member.orgId() + " of an open invitation is missing"));
      org.set(OrganisationItem.OWNER_COUNT, org.ownerCount() + 1);
      tx.update(OrganisationItem.TYPE, org); // versioned: fails if the org changed since the read
    }
    table.transact(tx.add(List.of(audit.record(event))));
  }

  /**
   * Records what SES reported about an open invitation's email, if it is unchanged since it was read,
   * with {@code event}, in one transaction: the invitation gets no more reminders (its due time becomes
   * its expiry, when the reminder job still records it expired); its link, expiry and sends stay.
   */
  public void recordDelivery(VersionedInvitation open, EmailDelivery delivery, AuditEvent event) {
    open.requireOpen();
    Invitation invitation = open.invitation();
    Update update = Update.builder().tableName(table.name)
        .key(TableItem.rawKey(Keys.org(invitation.orgId()), Keys.openInvitation(open.addressKey())))
        .updateExpression("SET #delivery = :delivery, #dueAt = :dueAt, #version = :newVersion")
        .conditionExpression("#version = :version AND #id = :id")
        .expressionAttributeNames(Map.of("#delivery", InvitationItem.DELIVERY.name(),
            "#dueAt", InvitationItem.DUE_AT.name(), "#version", InvitationItem.VERSION.name(),
            "#id", InvitationItem.INVITATION_ID.name()))
        .expressionAttributeValues(Map.of(":delivery", AttributeValue.fromS(delivery.wireName()),
            ":dueAt", AttributeValue.fromN(Long.toString(invitation.expiresAt().toEpochMilli())),
            ":newVersion", AttributeValue.fromN(Long.toString(open.version() + 1)),
            ":version", AttributeValue.fromN(Long.toString(open.version())),
            ":id", AttributeValue.fromS(invitation.id())))
        .build();
    table.transact(List.of(TransactWriteItem.builder().update(update).build(), audit.record(event)));
  }

  /** One page of the org's invitations, filtered by status as of {@code now}. */
  public ListPage<Invitation> list(String orgId, Optional<InvitationStatus> status, Instant now,
      ListPosition from, int limit) {
    List<PagedQuery.Segment<?, Invitation>> segments = new ArrayList<>();
    if (status.isEmpty()) {
      segments.add(segment(Keys.INVITATION_PREFIX, now, invitation -> true));
    } else {
      InvitationStatus wanted = status.get();
      if (wanted == InvitationStatus.PENDING || wanted == InvitationStatus.EXPIRED) {
        segments.add(segment(Keys.OPEN_INVITATION_PREFIX, now, invitation -> invitation.status() == wanted));
      }
      if (wanted != InvitationStatus.PENDING) {
        segments.add(segment(Keys.CLOSED_INVITATION_PREFIX, now, invitation -> invitation.status() == wanted));
      }
    }
    return PagedQuery.run(Keys.org(orgId), segments, from, limit);
  }

  private PagedQuery.Segment<InvitationItem, Invitation> segment(String prefix, Instant now,
      Predicate<Invitation> keep) {
    return new PagedQuery.Segment<>(table, InvitationItem.TYPE, prefix,
        item -> Optional.of(item.toInvitation().asOf(now)).filter(keep));
  }

  private InvitationItem get(String pk, String sk) {
    return table.get(InvitationItem.TYPE, pk, sk).orElse(null);
  }
}
