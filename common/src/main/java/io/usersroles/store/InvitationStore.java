package io.usersroles.store;

import io.usersroles.config.Settings;
import io.usersroles.domain.EmailAddress;
import io.usersroles.domain.Ids;
import io.usersroles.domain.Invitation;
import io.usersroles.domain.InvitationStatus;
import io.usersroles.domain.Membership;
import io.usersroles.domain.OrgCap;
import io.usersroles.domain.ReminderPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Invitations: address slots for open ones, history items for closed ones, a token-hash index for
 * links. Every write is conditional on the state it was decided on; a lost race surfaces as
 * {@link ConcurrentChangeException} for the service to re-read and decide again.
 */
@Singleton
public final class InvitationStore {
  private static final Logger LOG = LoggerFactory.getLogger(InvitationStore.class);
  /** A transaction holds at most 100 actions. */
  private static final int MAX_ACTIONS = 100;

  private final Table table;
  private final ReminderPolicy reminders;

  @Inject
  public InvitationStore(Table table, Settings settings) {
    this.table = table;
    this.reminders = new ReminderPolicy(settings.reminderAfter(), settings.maxReminders());
  }

  /** What the org already has for one address: an open invitation, a member holding it, or nothing. */
  public record AddressState(EmailAddress address, Optional<VersionedInvitation> openInvitation, boolean member) {}

  /**
   * The state of every address in one read pass: its member claim and, with {@code readSlots}, its
   * open-invitation slot, fetched 100 keys per BatchGetItem. Without {@code readSlots} no open
   * invitation is reported: {@link #createAll} then finds an occupied slot by its condition failing,
   * and the caller reads again with slots. That keeps a request naming 100 new addresses at one read
   * of 100 keys, so its two write transactions (the counter makes 101 actions) cost no extra trip.
   */
  public Map<EmailAddress, AddressState> lookup(String orgId, List<EmailAddress> addresses, boolean readSlots) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>(addresses.size() * 2);
    Map<String, EmailAddress> bySlot = new LinkedHashMap<>();
    for (EmailAddress address : addresses) {
      String addressKey = Ids.addressKey(address);
      bySlot.put(Keys.openInvitation(addressKey), address);
      if (readSlots) {
        keys.add(TableItem.rawKey(Keys.org(orgId), Keys.openInvitation(addressKey)));
      }
      keys.add(TableItem.rawKey(Keys.org(orgId), Keys.email(address.value())));
    }
    Map<EmailAddress, VersionedInvitation> open = new LinkedHashMap<>();
    List<String> memberEmails = new ArrayList<>();
    for (TableItem item : table.getAll(keys)) {
      if (item instanceof InvitationItem) {
        open.put(bySlot.get(item.getSk()), ((InvitationItem) item).toVersioned());
      } else if (item instanceof MemberEmailItem) {
        memberEmails.add(item.get(MemberEmailItem.EMAIL));
      }
    }
    Map<EmailAddress, AddressState> states = new LinkedHashMap<>();
    for (EmailAddress address : addresses) {
      states.put(address, new AddressState(address, Optional.ofNullable(open.get(address)),
          memberEmails.contains(address.value())));
    }
    return states;
  }

  /** Whether the slots of {@code addresses} fit in the same single read as their member claims. */
  public static boolean slotsFitOneRead(int addresses) {
    return addresses * 2 <= Table.BATCH_GET_LIMIT;
  }

  /**
   * Creates all invitations of one org (at most 100) if every slot is free and the org's open
   * invitations stay within {@code cap}, else none: past the cap it throws the cap's problem (once the
   * slots were read: before, a full counter may only mean that some addresses hold invitations
   * already), on an occupied slot or a lost race {@link ConcurrentChangeException}. A transaction
   * holds 100 actions, so 100 invitations and the counter take two; the first checks room for all of
   * them, and if the second fails for any reason the first is taken back (before any email went out,
   * so nobody saw those links).
   */
  private void createAll(String orgId, List<NewInvitation> invitations, int cap, boolean slotsRead) {
    if (invitations.isEmpty()) {
      return;
    }
    if (invitations.size() > 100) {
      throw new IllegalArgumentException("a request creates at most 100 invitations");
    }
    if (invitations.size() > cap) {
      throw OrgCap.PENDING_INVITATIONS.reached(cap);
    }
    List<List<NewInvitation>> written = new ArrayList<>();
    for (int from = 0; from < invitations.size(); from += MAX_ACTIONS - 1) {
      List<NewInvitation> chunk = invitations.subList(from, Math.min(invitations.size(), from + MAX_ACTIONS - 1));
      long roomFor = from == 0 ? invitations.size() : chunk.size();
      TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
          .addUpdateItem(table.of(UsageItem.TYPE), UsageItem.change(orgId, UsageItem.Counter.PENDING_INVITATIONS, chunk.size(),
              cap - roomFor));
      for (NewInvitation created : chunk) {
        // no version yet: the versioning extension writes it only if the slot is empty
        InvitationItem item = InvitationItem.open(created.invitation(), created.addressKey(),
            created.tokenNonce(), created.tokenHash());
        item.scheduleDue(reminders);
        tx.addPutItem(table.of(InvitationItem.TYPE), item);
      }
      try {
        table.transact(tx.build());
        written.add(chunk);
      } catch (RuntimeException failed) {
        // whatever stopped this chunk (a lost race, the cap, DynamoDB throttled past its retries), the
        // chunks already written are taken back, so the request leaves nothing behind
        written.forEach(chunkWritten -> takeBack(orgId, chunkWritten));
        if (failed instanceof ConcurrentChangeException lost && lost.failedAt(0) && slotsRead) {
          throw OrgCap.PENDING_INVITATIONS.reached(cap);
        }
        // without the slots read, a full counter may only mean that some addresses were invited
        // already: the retry reads the slots and counts only the new ones
        throw failed;
      }
    }
  }

  /**
   * Creates invitations, some of them in slots still held by an expired invitation ({@code expired}),
   * which moves to history as expired. A replaced invitation leaves the org's pending count as it was
   * (one pending out, one in); only new slots count against {@code cap}. When it all fits in one
   * transaction (100 actions: the counter, one per new invitation, one more per replaced one) it is
   * one transaction, each replacement conditional on the expired invitation's version, so a failure
   * leaves nothing half done; beyond that the expired ones are closed first (the state the reminder
   * job would reach anyway), then the new ones created.
   */
  public void createAll(String orgId, List<NewInvitation> invitations, List<VersionedInvitation> expired, Instant at,
      int cap, boolean slotsRead) {
    if (expired.isEmpty()) {
      createAll(orgId, invitations, cap, slotsRead);
      return;
    }
    if (1 + invitations.size() + expired.size() > MAX_ACTIONS) {
      closeAll(expired, InvitationStatus.EXPIRED, at, null);
      createAll(orgId, invitations, cap, true);
      return;
    }
    Map<String, VersionedInvitation> bySlot = new LinkedHashMap<>();
    expired.forEach(old -> bySlot.put(old.addressKey(), old));
    int added = invitations.size() - expired.size();
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
    if (added > 0) {
      tx.addUpdateItem(table.of(UsageItem.TYPE), UsageItem.change(orgId, UsageItem.Counter.PENDING_INVITATIONS, added,
          (long) cap - added));
    }
    for (NewInvitation created : invitations) {
      InvitationItem item = InvitationItem.open(created.invitation(), created.addressKey(),
          created.tokenNonce(), created.tokenHash());
      item.scheduleDue(reminders);
      VersionedInvitation old = bySlot.remove(created.addressKey());
      if (old != null) {
        requireOpen(old);
        item.set(InvitationItem.VERSION, old.version()); // the versioning extension: replace only the expired one as read
        tx.addPutItem(table.of(InvitationItem.TYPE), InvitationItem.from(old).closedCopy(InvitationStatus.EXPIRED, at, null));
      }
      tx.addPutItem(table.of(InvitationItem.TYPE), item);
    }
    if (!bySlot.isEmpty()) {
      throw new IllegalArgumentException("expired invitations without a new invitation in their slot: "
          + bySlot.keySet());
    }
    try {
      table.transact(tx.build());
    } catch (ConcurrentChangeException lost) {
      if (added > 0 && lost.failedAt(0)) {
        throw OrgCap.PENDING_INVITATIONS.reached(cap);
      }
      throw lost;
    }
  }

  private void takeBack(String orgId, List<NewInvitation> created) {
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
        .addUpdateItem(table.of(UsageItem.TYPE), UsageItem.change(orgId, UsageItem.Counter.PENDING_INVITATIONS, -created.size()));
    for (NewInvitation invitation : created) {
      tx.addDeleteItem(table.of(InvitationItem.TYPE), TransactDeleteItemEnhancedRequest.builder()
          .key(TableItem.key(Keys.org(orgId), Keys.openInvitation(invitation.addressKey())))
          .conditionExpression(Conditions.tokenHashIs(invitation.tokenHash()))
          .build());
    }
    try {
      table.transact(tx.build());
    } catch (ConcurrentChangeException changed) {
      // someone already acted on one of them (it was listed); they stay, counted, as ordinary invitations
      LOG.warn("could not take back {} invitations of org {} after a failed request", created.size(), orgId);
    }
  }

  /**
   * Moves open invitations to history as {@code status} (expired or cancelled), each only if
   * unchanged, counting them off their orgs' open invitations. They may belong to several orgs (the
   * reminder job); each transaction holds two actions per invitation and one counter per org.
   */
  public void closeAll(List<VersionedInvitation> openInvitations, InvitationStatus status, Instant at, String by) {
    int from = 0;
    while (from < openInvitations.size()) {
      Map<String, Integer> perOrg = new LinkedHashMap<>();
      int to = from;
      while (to < openInvitations.size()) {
        String orgId = openInvitations.get(to).invitation().orgId();
        int actions = 2 * (to - from + 1) + perOrg.size() + (perOrg.containsKey(orgId) ? 0 : 1);
        if (actions > MAX_ACTIONS) {
          break;
        }
        perOrg.merge(orgId, 1, Integer::sum);
        to++;
      }
      TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
      perOrg.forEach((orgId, closed) -> tx.addUpdateItem(table.of(UsageItem.TYPE),
          UsageItem.change(orgId, UsageItem.Counter.PENDING_INVITATIONS, -closed)));
      for (VersionedInvitation open : openInvitations.subList(from, to)) {
        addClose(tx, open, status, at, by);
      }
      table.transact(tx.build());
      from = to;
    }
  }

  private void addClose(TransactWriteItemsEnhancedRequest.Builder tx, VersionedInvitation open, InvitationStatus status,
      Instant at, String by) {
    requireOpen(open);
    InvitationItem item = InvitationItem.from(open);
    tx.addDeleteItem(table.of(InvitationItem.TYPE), TransactDeleteItemEnhancedRequest.builder()
        .key(item.key())
        .conditionExpression(Conditions.versionIs(open.version()))
        .build());
    tx.addPutItem(table.of(InvitationItem.TYPE), item.closedCopy(status, at, by));
  }

  /** The invitation with this id: its open slot if it is open there, else its history item. */
  public Optional<VersionedInvitation> find(String orgId, String invitationId) {
    Optional<String> addressKey = Ids.addressKeyOf(invitationId);
    if (addressKey.isEmpty()) {
      return Optional.empty();
    }
    InvitationItem open = get(Keys.org(orgId), Keys.openInvitation(addressKey.get()));
    if (open != null && invitationId.equals(open.get(InvitationItem.INVITATION_ID))) {
      return Optional.of(open.toVersioned());
    }
    return Optional.ofNullable(get(Keys.org(orgId), Keys.closedInvitation(invitationId)))
        .map(InvitationItem::toVersioned);
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
    return table.of(InvitationItem.TYPE).index(Keys.TOKEN_INDEX)
        .query(r -> r.queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(tokenHash))).limit(1))
        .stream()
        .flatMap(page -> page.items().stream())
        .findFirst()
        .map(InvitationItem::toVersioned);
  }

  /**
   * Gives an open invitation a new link and a new expiry and counts one more send, if it is
   * unchanged since it was read. Returns the renewed invitation.
   */
  public Invitation renew(VersionedInvitation open, String tokenNonce, String tokenHash, Instant expiresAt,
      Instant sentAt) {
    requireOpen(open);
    InvitationItem item = InvitationItem.from(open);
    item.set(InvitationItem.TOKEN_NONCE, tokenNonce);
    item.set(InvitationItem.TOKEN_HASH, tokenHash);
    item.set(InvitationItem.SEND_COUNT, open.invitation().sendCount() + 1);
    item.renew(expiresAt, sentAt);
    item.set(InvitationItem.EMAIL_PENDING, null); // a new send; if SES does not take it, the service marks it pending again
    item.scheduleDue(reminders); // the reminder clock restarts with the new send
    try {
      table.of(InvitationItem.TYPE).putItem(item); // the versioning extension makes this conditional on the version read
    } catch (ConditionalCheckFailedException raced) {
      throw new ConcurrentChangeException("invitation " + open.invitation().id() + " changed");
    }
    return item.toInvitation();
  }

  /**
   * Records that SES did not take the email of these open invitations, which were just written or
   * renewed as sent at their {@code lastSentAt}: each becomes due at once, so the reminder job's next
   * run sends it (the same link, as an invitation, not as a reminder). An invitation that changed
   * since (resent, accepted, cancelled) is left alone: whoever changed it took over. Returns how many
   * were marked.
   */
  public int markEmailPending(List<Invitation> sent) {
    int marked = 0;
    for (Invitation invitation : sent) {
      String addressKey = Ids.addressKeyOf(invitation.id()).orElseThrow(
          () -> new IllegalArgumentException("not an invitation id: " + invitation.id()));
      AttributeValue sentAt = AttributeValue.fromN(Long.toString(invitation.lastSentAt().toEpochMilli()));
      try {
        table.client.updateItem(r -> r.tableName(table.name)
            .key(Map.of(Keys.PARTITION_KEY, AttributeValue.fromS(Keys.org(invitation.orgId())),
                Keys.SORT_KEY, AttributeValue.fromS(Keys.openInvitation(addressKey))))
            .updateExpression("SET #pending = :true, #dueAt = :sentAt ADD #version :one")
            .conditionExpression("#id = :id AND #lastSentAt = :sentAt")
            .expressionAttributeNames(Map.of("#pending", InvitationItem.EMAIL_PENDING.name(),
                "#dueAt", InvitationItem.DUE_AT.name(), "#version", InvitationItem.VERSION.name(),
                "#id", InvitationItem.INVITATION_ID.name(), "#lastSentAt", InvitationItem.LAST_SENT_AT.name()))
            .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true), ":sentAt", sentAt,
                ":one", AttributeValue.fromN("1"), ":id", AttributeValue.fromS(invitation.id()))));
        marked++;
      } catch (ConditionalCheckFailedException changed) {
        // resent, accepted or cancelled meanwhile: nothing is pending from this send any more
      }
    }
    return marked;
  }

  /**
   * Brings an invitation that was closed as expired back into its address slot with a new link, if
   * the slot is still free.
   */
  public Invitation revive(VersionedInvitation closed, String tokenNonce, String tokenHash, Instant expiresAt,
      Instant sentAt, int cap) {
    Invitation old = closed.invitation();
    Invitation revived = new Invitation(old.id(), old.orgId(), old.email(), old.roles(), InvitationStatus.PENDING,
        old.invitedBy(), old.createdAt(), expiresAt, sentAt, old.sendCount() + 1, null, null);
    InvitationItem open = InvitationItem.open(revived, closed.addressKey(), tokenNonce, tokenHash);
    open.set(InvitationItem.REMINDERS_SENT, closed.remindersSent());
    open.scheduleDue(reminders);
    try {
      table.transact(TransactWriteItemsEnhancedRequest.builder()
          .addUpdateItem(table.of(UsageItem.TYPE), UsageItem.change(old.orgId(), UsageItem.Counter.PENDING_INVITATIONS, 1,
              cap - 1L))
          .addDeleteItem(table.of(InvitationItem.TYPE), TransactDeleteItemEnhancedRequest.builder()
              .key(TableItem.key(Keys.org(old.orgId()), Keys.closedInvitation(old.id())))
              .conditionExpression(Conditions.versionIs(closed.version()))
              .build())
          .addPutItem(table.of(InvitationItem.TYPE), open)
          .build());
    } catch (ConcurrentChangeException lost) {
      if (lost.failedAt(0)) {
        throw OrgCap.PENDING_INVITATIONS.reached(cap);
      }
      throw lost;
    }
    return revived;
  }

  /** Marks an invitation that was closed as expired as cancelled instead (its link then reads as unknown). */
  public void cancelClosed(VersionedInvitation closed, Instant at, String by) {
    InvitationItem item = get(Keys.org(closed.invitation().orgId()), Keys.closedInvitation(closed.invitation().id()));
    if (item == null || item.version() != closed.version()) {
      throw new ConcurrentChangeException("invitation " + closed.invitation().id() + " changed");
    }
    item.set(InvitationItem.STATUS, InvitationStatus.CANCELLED.wireName());
    item.set(InvitationItem.TOKEN_HASH, null);
    item.set(InvitationItem.CLOSED_AT, at.toEpochMilli());
    item.set(InvitationItem.CLOSED_BY, by);
    item.set(InvitationItem.EXPIRE_ITEM_AT, at.plus(InvitationItem.CLOSED_RETENTION).getEpochSecond());
    try {
      table.of(InvitationItem.TYPE).putItem(item);
    } catch (ConditionalCheckFailedException raced) {
      throw new ConcurrentChangeException("invitation " + closed.invitation().id() + " changed");
    }
  }

  /**
   * Accepts an open invitation: closes it as accepted, creates the membership and its address claim,
   * and (for an owner) counts one more owner, all in one transaction that holds only if the link is
   * still the invitation's current link and the user is not a member yet.
   */
  public void accept(VersionedInvitation open, Membership member, Instant at) {
    requireOpen(open);
    String orgPartition = Keys.org(member.orgId());
    InvitationItem item = InvitationItem.from(open);
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
        .addUpdateItem(table.of(UsageItem.TYPE), UsageItem.change(member.orgId(), UsageItem.Counter.PENDING_INVITATIONS, -1))
        .addDeleteItem(table.of(InvitationItem.TYPE), TransactDeleteItemEnhancedRequest.builder()
            .key(item.key())
            .conditionExpression(Conditions.tokenHashIs(open.tokenHash()))
            .build())
        .addPutItem(table.of(InvitationItem.TYPE), item.closedCopy(InvitationStatus.ACCEPTED, at, member.userId()))
        .addPutItem(table.of(MembershipItem.TYPE), MembershipItem.of(member, open.invitation().id()))
        .addPutItem(table.of(MemberEmailItem.TYPE), TransactPutItemEnhancedRequest.builder(MemberEmailItem.class)
            .item(MemberEmailItem.of(member.orgId(), open.invitation().email(), member.userId()))
            .conditionExpression(Conditions.ABSENT)
            .build());
    if (member.roles().contains("owner")) {
      OrganisationItem org = table.of(OrganisationItem.TYPE).getItem(r -> r.key(TableItem.key(orgPartition, Keys.PROFILE))
          .consistentRead(true));
      if (org == null) {
        throw new IllegalStateException("organisation " + member.orgId() + " of an open invitation is missing");
      }
      org.set(OrganisationItem.OWNER_COUNT, org.ownerCount() + 1);
      tx.addUpdateItem(table.of(OrganisationItem.TYPE), org); // versioned: fails if the org changed since the read
    }
    table.transact(tx.build());
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
    return new PagedQuery.Segment<>(table.of(InvitationItem.TYPE), prefix,
        item -> Optional.of(item.toInvitation().asOf(now)).filter(keep));
  }

  private InvitationItem get(String pk, String sk) {
    return table.of(InvitationItem.TYPE).getItem(r -> r.key(TableItem.key(pk, sk)).consistentRead(true));
  }

  private static void requireOpen(VersionedInvitation stored) {
    if (!stored.open()) {
      throw new IllegalArgumentException("invitation " + stored.invitation().id() + " is not open");
    }
  }
}
