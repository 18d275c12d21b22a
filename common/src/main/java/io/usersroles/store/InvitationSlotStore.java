package io.usersroles.store;

import io.usersroles.config.Settings;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.EmailAddress;
import io.usersroles.domain.Ids;
import io.usersroles.domain.Invitation;
import io.usersroles.domain.InvitationStatus;
import io.usersroles.domain.OrgCap;
import io.usersroles.domain.ReminderPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The open invitations of an org, one per address in its slot ({@code INVITE#OPEN#addressKey}): what
 * each address holds (an open invitation, a member's claim), filling free slots (up to 100 per
 * request, within the org's cap, all or nothing), and renewing a slot's link. Every write is
 * conditional on the state it was decided on; a lost race surfaces as
 * {@link ConcurrentChangeException} for the service to re-read and decide again.
 */
@Singleton
public final class InvitationSlotStore {
  private static final Logger LOG = LoggerFactory.getLogger(InvitationSlotStore.class);
  /** A transaction holds at most 100 actions. */
  private static final int MAX_ACTIONS = 100;
  /** New invitations one transaction holds besides the org's counter and the audit event. */
  private static final int INVITATIONS_PER_TRANSACTION = MAX_ACTIONS - 2;

  private final Table table;
  private final ReminderPolicy reminders;
  private final InvitationStore invitations;
  private final AuditStore audit;

  @Inject
  public InvitationSlotStore(Table table, Settings settings, InvitationStore invitations, AuditStore audit) {
    this.table = table;
    this.reminders = new ReminderPolicy(settings.reminderAfter(), settings.maxReminders());
    this.invitations = invitations;
    this.audit = audit;
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
   * holds 100 actions, so 100 invitations, the counter and the audit event take two; the first checks
   * room for all of them, and if the second fails for any reason the first is taken back (before any
   * email went out, so nobody saw those links), its invitations taken out of the event with it.
   */
  private void createAll(String orgId, List<NewInvitation> newInvitations, int cap, boolean slotsRead,
      AuditEvent event) {
    if (newInvitations.isEmpty()) {
      return;
    }
    if (newInvitations.size() > 100) {
      throw new IllegalArgumentException("a request creates at most 100 invitations");
    }
    if (newInvitations.size() > cap) {
      throw OrgCap.PENDING_INVITATIONS.reached(cap);
    }
    List<List<NewInvitation>> written = new ArrayList<>();
    for (int from = 0; from < newInvitations.size(); from += INVITATIONS_PER_TRANSACTION) {
      List<NewInvitation> chunk =
          newInvitations.subList(from, Math.min(newInvitations.size(), from + INVITATIONS_PER_TRANSACTION));
      long roomFor = from == 0 ? newInvitations.size() : chunk.size();
      Table.Tx tx = table.tx()
          .count(orgId, UsageItem.Counter.PENDING_INVITATIONS,
              chunk.size(),
              cap - roomFor);
      for (NewInvitation created : chunk) {
        // no version yet: the versioning extension writes it only if the slot is empty
        InvitationItem item = InvitationItem.open(created.invitation(), created.addressKey(),
            created.tokenNonce(), created.tokenHash());
        item.scheduleDue(reminders);
        tx.put(InvitationItem.TYPE, item);
      }
      try {
        table.transact(tx.add(List.of(audit.record(event.onlyTargets(targets(chunk))))));
        written.add(chunk);
      } catch (RuntimeException failed) {
        // whatever stopped this chunk (a lost race, the cap, DynamoDB throttled past its retries), the
        // chunks already written are taken back, so the request leaves nothing behind
        written.forEach(chunkWritten -> takeBack(orgId, chunkWritten, event));
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
   * transaction (100 actions: the counter, the audit event, one per new invitation, one more per
   * replaced one) it is one transaction, each replacement conditional on the expired invitation's
   * version, so a failure leaves nothing half done; beyond that the expired ones are closed first (the
   * state the reminder job would reach anyway), then the new ones created. {@code event} (without
   * targets) records it: its targets are the new invitations and the expired ones they replace.
   */
  public void createAll(String orgId, List<NewInvitation> newInvitations, List<VersionedInvitation> expired, Instant at,
      int cap, boolean slotsRead, AuditEvent event) {
    if (expired.isEmpty()) {
      createAll(orgId, newInvitations, cap, slotsRead, event);
      return;
    }
    if (2 + newInvitations.size() + expired.size() > MAX_ACTIONS) {
      invitations.closeAll(expired, InvitationStatus.EXPIRED, at, null, org -> event);
      createAll(orgId, newInvitations, cap, true, event);
      return;
    }
    Map<String, VersionedInvitation> bySlot = new LinkedHashMap<>();
    expired.forEach(old -> bySlot.put(old.addressKey(), old));
    int added = newInvitations.size() - expired.size();
    Table.Tx tx = table.tx();
    if (added > 0) {
      tx.count(orgId, UsageItem.Counter.PENDING_INVITATIONS, added,
          (long) cap - added);
    }
    for (NewInvitation created : newInvitations) {
      InvitationItem item = InvitationItem.open(created.invitation(), created.addressKey(),
          created.tokenNonce(), created.tokenHash());
      item.scheduleDue(reminders);
      VersionedInvitation old = bySlot.remove(created.addressKey());
      if (old != null) {
        old.requireOpen();
        // the versioning extension: replace only the expired one as read
        item.set(InvitationItem.VERSION, old.version());
        tx.put(InvitationItem.TYPE, InvitationItem.from(old).closedCopy(InvitationStatus.EXPIRED,
            at, null));
      }
      tx.put(InvitationItem.TYPE, item);
    }
    if (!bySlot.isEmpty()) {
      throw new IllegalArgumentException("expired newInvitations without a new invitation in their slot: "
          + bySlot.keySet());
    }
    List<AuditEvent.Target> targets = new ArrayList<>(targets(newInvitations));
    expired.forEach(old -> targets.add(AuditEvent.Target.invitation(old.invitation())));
    try {
      table.transact(tx.add(List.of(audit.record(event.onlyTargets(targets)))));
    } catch (ConcurrentChangeException lost) {
      if (added > 0 && lost.failedAt(0)) {
        throw OrgCap.PENDING_INVITATIONS.reached(cap);
      }
      throw lost;
    }
  }

  private static List<AuditEvent.Target> targets(List<NewInvitation> created) {
    return created.stream().map(invitation -> AuditEvent.Target.invitation(invitation.invitation())).toList();
  }

  private void takeBack(String orgId, List<NewInvitation> created, AuditEvent event) {
    Table.Tx tx = table.tx().count(orgId, UsageItem.Counter.PENDING_INVITATIONS,
        -created.size());
    for (NewInvitation invitation : created) {
      tx.delete(Keys.org(orgId), Keys.openInvitation(invitation.addressKey()),
          Conditions.tokenHashIs(invitation.tokenHash()));
    }
    try {
      // and out of the event: it names only invitations that exist
      table.transact(tx.add(audit.withdraw(event,
          created.stream().map(invitation -> invitation.invitation().id()).toList()).stream().toList()));
    } catch (ConcurrentChangeException changed) {
      // someone already acted on one of them (it was listed); they stay, counted, as ordinary invitations
      LOG.warn("could not take back {} invitations of org {} after a failed request", created.size(), orgId);
    }
  }

  /**
   * Gives an open invitation a new link and a new expiry and counts one more send, if it is
   * unchanged since it was read, with {@code event}; a delivery report of its earlier email is cleared.
   * Returns the renewed invitation.
   */
  public Invitation renew(VersionedInvitation open, String tokenNonce, String tokenHash, Instant expiresAt,
      Instant sentAt, AuditEvent event) {
    open.requireOpen();
    InvitationItem item = InvitationItem.from(open);
    item.set(InvitationItem.TOKEN_NONCE, tokenNonce);
    item.set(InvitationItem.TOKEN_HASH, tokenHash);
    item.set(InvitationItem.SEND_COUNT, open.invitation().sendCount() + 1);
    item.renew(expiresAt, sentAt);
    // a new send; if SES does not take it, the service marks it pending again
    item.set(InvitationItem.EMAIL_PENDING, null);
    // what SES reported was about an earlier email: this one is a new attempt, reminded as usual
    item.set(InvitationItem.DELIVERY, null);
    item.scheduleDue(reminders); // the reminder clock restarts with the new send
    // the versioning extension makes this conditional on the version read
    table.transact(table.tx().put(InvitationItem.TYPE, item).add(List.of(audit.record(event))));
    return item.toInvitation();
  }

  /**
   * Records that SES did not take the email of these open invitations, which were just written or
   * renewed as sent at their {@code lastSentAt}: each becomes due at once, so the reminder job's next
   * run sends it (the same link, as an invitation, not as a reminder). An invitation that changed
   * since (resent, accepted, cancelled) is left alone: whoever changed it took over. One transaction
   * per 100 invitations; those whose condition fails drop out and the rest are written again. Returns
   * how many were marked.
   */
  public int markEmailPending(List<Invitation> sent) {
    int marked = 0;
    for (int from = 0; from < sent.size(); from += MAX_ACTIONS) {
      List<Invitation> chunk = new ArrayList<>(sent.subList(from, Math.min(sent.size(), from + MAX_ACTIONS)));
      for (int attempt = 1; !chunk.isEmpty(); attempt++) {
        try {
          table.transact(chunk.stream().map(this::markPending).toList());
          marked += chunk.size();
          break;
        } catch (ConcurrentChangeException lost) {
          if (attempt == OptimisticRetry.ATTEMPTS) {
            throw lost;
          }
          List<Invitation> unchanged = new ArrayList<>();
          for (int i = 0; i < chunk.size(); i++) {
            if (!lost.failedAt(i)) {
              unchanged.add(chunk.get(i)); // cancelled only because another one failed, or by a conflict
            }
          }
          chunk = unchanged;
        }
      }
    }
    return marked;
  }

  /** Marks one open invitation's email pending, if its slot still holds it as sent at {@code lastSentAt}. */
  private TransactWriteItem markPending(Invitation invitation) {
    String addressKey = Ids.addressKey(invitation.email());
    AttributeValue sentAt = AttributeValue.fromN(Long.toString(invitation.lastSentAt().toEpochMilli()));
    return TransactWriteItem.builder().update(update -> update.tableName(table.name)
        .key(TableItem.rawKey(Keys.org(invitation.orgId()), Keys.openInvitation(addressKey)))
        .updateExpression("SET #pending = :true, #dueAt = :sentAt ADD #version :one")
        .conditionExpression("#id = :id AND #lastSentAt = :sentAt")
        .expressionAttributeNames(Map.of("#pending", InvitationItem.EMAIL_PENDING.name(),
            "#dueAt", InvitationItem.DUE_AT.name(), "#version", InvitationItem.VERSION.name(),
            "#id", InvitationItem.INVITATION_ID.name(), "#lastSentAt", InvitationItem.LAST_SENT_AT.name()))
        .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true), ":sentAt", sentAt,
            ":one", AttributeValue.fromN("1"), ":id", AttributeValue.fromS(invitation.id()))))
        .build();
  }

  /**
   * Sets the roles of open invitations (at most 99 at once), each only if unchanged since it was read,
   * with {@code event}: its link, expiry and sends stay as they are.
   */
  public void setRoles(List<Map.Entry<VersionedInvitation, List<String>>> changes, AuditEvent event) {
    List<TransactWriteItem> updates = new ArrayList<>(changes.size());
    for (Map.Entry<VersionedInvitation, List<String>> change : changes) {
      VersionedInvitation open = change.getKey();
      open.requireOpen();
      List<AttributeValue> roles = change.getValue().stream().map(AttributeValue::fromS).toList();
      updates.add(TransactWriteItem.builder().update(update -> update.tableName(table.name)
          .key(TableItem.rawKey(Keys.org(open.invitation().orgId()), Keys.openInvitation(open.addressKey())))
          .updateExpression("SET #roles = :roles ADD #version :one")
          .conditionExpression("#version = :version AND #id = :id")
          .expressionAttributeNames(Map.of("#roles", InvitationItem.ROLES.name(),
              "#version", InvitationItem.VERSION.name(), "#id", InvitationItem.INVITATION_ID.name()))
          .expressionAttributeValues(Map.of(":roles", AttributeValue.fromL(roles),
              ":version", AttributeValue.fromN(Long.toString(open.version())), ":one", AttributeValue.fromN("1"),
              ":id", AttributeValue.fromS(open.invitation().id()))))
          .build());
    }
    updates.add(audit.record(event));
    table.transact(updates);
  }

  /** Every open invitation of the org (pending or expired and not yet closed), strongly consistent. */
  public List<VersionedInvitation> allOpen(String orgId) {
    List<VersionedInvitation> open = new ArrayList<>();
    table.queryAll(InvitationItem.TYPE, Keys.org(orgId), Keys.OPEN_INVITATION_PREFIX)
        .forEach(item -> open.add(item.toVersioned()));
    return open;
  }
}
