package io.usersroles.store;

import io.usersroles.config.Settings;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.Invitation;
import io.usersroles.domain.InvitationStatus;
import io.usersroles.domain.Membership;
import io.usersroles.domain.ReminderPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * What the reminder job reads and writes: open invitations whose due time has come, found through the
 * sparse {@code ByDueTime} index (never a scan), and the conditional updates that claim a reminder
 * before its email goes out and release the claim when the email did not go.
 */
@Singleton
public final class DueInvitationStore {
  /** Tries of a write that meets another worker's write of the same audit event (not a change of the invitation). */
  private static final int EVENT_CONFLICT_ATTEMPTS = 5;

  private final Table table;
  private final InvitationStore invitations;
  private final AuditStore audit;
  private final ReminderPolicy policy;

  @Inject
  public DueInvitationStore(Table table, InvitationStore invitations, AuditStore audit, Settings settings) {
    this.table = table;
    this.invitations = invitations;
    this.audit = audit;
    this.policy = new ReminderPolicy(settings.reminderAfter(), settings.maxReminders());
  }

  /** Where to continue reading a shard. */
  public record DueCursor(Map<String, AttributeValue> lastKey) {}

  /** One page of due invitations and where the next page starts (empty: the shard is done). */
  public record DuePage(List<VersionedInvitation> invitations, Optional<DueCursor> next) {}

  /** The reminder policy the due times were computed with. */
  public ReminderPolicy policy() {
    return policy;
  }

  /**
   * Up to {@code limit} open invitations of one shard due at or before {@code now}, earliest first.
   * The index is eventually consistent: what it returns is a candidate, and every write the job
   * makes is conditional on the version read here.
   */
  public DuePage due(int shard, Instant now, int limit, Optional<DueCursor> after) {
    QueryResponse response = table.client.query(r -> {
      r.tableName(table.name)
          .indexName(Keys.DUE_INDEX)
          .keyConditionExpression("#shard = :shard AND #dueAt <= :now")
          .expressionAttributeNames(Map.of("#shard", Keys.DUE_SHARD, "#dueAt", Keys.DUE_AT))
          .expressionAttributeValues(Map.of(":shard", AttributeValue.fromS(Keys.dueShard(shard)),
              ":now", AttributeValue.fromN(Long.toString(now.toEpochMilli()))))
          .limit(limit);
      after.ifPresent(cursor -> r.exclusiveStartKey(cursor.lastKey()));
    });
    List<VersionedInvitation> due = new ArrayList<>(response.items().size());
    for (Map<String, AttributeValue> item : response.items()) {
      due.add(InvitationItem.TYPE.decode(item).toVersioned());
    }
    Optional<DueCursor> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
        ? Optional.of(new DueCursor(response.lastEvaluatedKey())) : Optional.empty();
    return new DuePage(due, next);
  }

  /**
   * Claims one reminder for each of the open invitations {@code open}, each if it is unchanged since it was
   * read: counts the reminder and the send, records {@code now} as its last send and moves its due time on,
   * adding the invitation to the run's event for its org ({@code eventOfOrg}) in the same transaction, up to
   * {@value #CLAIMS_PER_TRANSACTION} invitations a transaction. Returns the claimed states by invitation id;
   * an invitation that another run (or a resend, cancel, accept) got to first is not among them.
   */
  public Map<String, VersionedInvitation> claimReminders(List<VersionedInvitation> open, Instant now,
      Function<String, AuditEvent> eventOfOrg) {
    Map<String, VersionedInvitation> claimed = new HashMap<>();
    for (int from = 0; from < open.size(); from += CLAIMS_PER_TRANSACTION) {
      claimReminders(open.subList(from, Math.min(open.size(), from + CLAIMS_PER_TRANSACTION)), now, eventOfOrg,
          claimed);
    }
    return claimed;
  }

  /**
   * Invitations whose reminders one transaction claims, with the events of their orgs (at most as many):
   * far inside DynamoDB's 100 actions. One transaction a reminder made the reminder job at 100,000 pending
   * invitations about 8 ms a reminder in DynamoDB Local; 25 a transaction, about a sixth of that.
   */
  static final int CLAIMS_PER_TRANSACTION = 25;

  /**
   * One transaction's claims: an invitation whose condition failed changed since it was read and is left
   * out, the rest tried again at once; a transaction that only met another's (on an org's event) is tried
   * again after a pause, {@value #EVENT_CONFLICT_ATTEMPTS} times in all, and then left to the next run.
   */
  private void claimReminders(List<VersionedInvitation> batch, Instant now, Function<String, AuditEvent> eventOfOrg,
      Map<String, VersionedInvitation> claimed) {
    List<VersionedInvitation> left = new ArrayList<>(batch);
    int conflicts = 0;
    while (!left.isEmpty()) {
      List<VersionedInvitation> reminded = new ArrayList<>(left.size());
      List<TransactWriteItem> actions = new ArrayList<>(left.size() + 1);
      Map<String, List<AuditEvent.Target>> targets = new LinkedHashMap<>();
      for (VersionedInvitation open : left) {
        VersionedInvitation after = reminded(open, now);
        reminded.add(after);
        actions.add(TransactWriteItem.builder().update(claimUpdate(open, after)).build());
        targets.computeIfAbsent(open.invitation().orgId(), org -> new ArrayList<>())
            .add(AuditEvent.Target.invitation(open.invitation()));
      }
      targets.forEach((orgId, ofOrg) -> actions.add(audit.record(eventOfOrg.apply(orgId).onlyTargets(ofOrg))));
      try {
        table.transact(actions);
        for (int i = 0; i < left.size(); i++) {
          claimed.put(left.get(i).invitation().id(), reminded.get(i));
        }
        return;
      } catch (ConcurrentChangeException lost) {
        List<VersionedInvitation> unchanged = new ArrayList<>(left.size());
        for (int i = 0; i < left.size(); i++) {
          if (!lost.failedAt(i)) {
            unchanged.add(left.get(i));
          }
        }
        if (unchanged.size() == left.size()) { // only a conflict: the event (or an invitation) was busy
          if (++conflicts == EVENT_CONFLICT_ATTEMPTS) {
            return; // the next run tries again
          }
          Backoff.pause(conflicts);
        }
        left = unchanged;
      }
    }
  }

  /** An open invitation once one more reminder of it is claimed at {@code now}. */
  private static VersionedInvitation reminded(VersionedInvitation open, Instant now) {
    Invitation before = open.invitation();
    Invitation after = new Invitation(before.id(), before.orgId(), before.email(), before.roles(), before.status(),
        before.invitedBy(), before.createdAt(), before.expiresAt(), now, before.sendCount() + 1, before.acceptedAt(),
        before.acceptedBy(), before.delivery());
    return new VersionedInvitation(after, open.addressKey(), true, open.tokenNonce(), open.tokenHash(),
        open.remindersSent() + 1, open.version() + 1);
  }

  /**
   * Claims the pending email of an open invitation (its first send, or a resend, that SES did not
   * take), if it is unchanged since it was read: records {@code now} as its last send, so reminders
   * count from when the email really went, without counting another send or a reminder. Returns the
   * claimed state, or empty when another run (or a resend, cancel, accept) got there first.
   */
  public Optional<VersionedInvitation> claimPendingEmail(VersionedInvitation open, Instant now) {
    Invitation before = open.invitation();
    Invitation after = new Invitation(before.id(), before.orgId(), before.email(), before.roles(), before.status(),
        before.invitedBy(), before.createdAt(), before.expiresAt(), now, before.sendCount(), before.acceptedAt(),
        before.acceptedBy(), before.delivery());
    VersionedInvitation claimed = new VersionedInvitation(after, open.addressKey(), true, open.tokenNonce(),
        open.tokenHash(), open.remindersSent(), open.version() + 1, false);
    return write(open, claimed, Optional::empty) ? Optional.of(claimed) : Optional.empty();
  }

  /**
   * Undoes a claim whose email SES did not accept, if nothing changed the invitation since, so that
   * the next run sends it again. The version moves forward (never back), so a copy of the job still
   * holding the claimed state cannot write over the release. A claimed reminder is taken back out of
   * {@code event} in the same transaction (none is, for a pending email, which is in no event).
   */
  public boolean releaseReminder(VersionedInvitation claimed, VersionedInvitation before, Optional<AuditEvent> event) {
    VersionedInvitation released = new VersionedInvitation(before.invitation(), before.addressKey(), true,
        before.tokenNonce(), before.tokenHash(), before.remindersSent(), claimed.version() + 1, before.emailPending());
    return write(claimed, released,
        () -> event.flatMap(withdrawn -> audit.withdraw(withdrawn, List.of(before.invitation().id()))));
  }

  /**
   * Moves an invitation that was due but needs nothing now (the schedule settings changed since it
   * was written) to its current due time, so the job does not read it again on every run.
   */
  public boolean reschedule(VersionedInvitation open) {
    return write(open, new VersionedInvitation(open.invitation(), open.addressKey(), true, open.tokenNonce(),
        open.tokenHash(), open.remindersSent(), open.version() + 1, open.emailPending()), Optional::empty);
  }

  /**
   * Records open invitations past their expiry as expired, through the same close path as the rest of
   * the service (each only if unchanged), each org's with the run's {@code eventOf} that org. Returns how
   * many it closed; those that changed meanwhile are left to whoever changed them.
   */
  public int expire(List<VersionedInvitation> open, Instant at, Function<String, AuditEvent> eventOf) {
    if (open.isEmpty()) {
      return 0;
    }
    try {
      invitations.closeAll(open, InvitationStatus.EXPIRED, at, null, eventOf);
      return open.size();
    } catch (ConcurrentChangeException raced) {
      if (open.size() == 1) {
        return 0;
      }
      // one changed invitation cancels the whole transaction: close the others one by one
      int closed = 0;
      for (VersionedInvitation one : open) {
        closed += expire(List.of(one), at, eventOf);
      }
      return closed;
    }
  }

  /** Who sends a reminder: the org's name and how the inviter is named, read in one batch. */
  public record Sender(String orgName, String inviterName) {}

  /**
   * The sender of each invitation, keyed by {@link #senderKey}: the org profile and the inviter's
   * membership, each read once however many invitations share them. An inviter who has left is
   * named by id, as the invitation API names a caller without a membership.
   */
  public Map<String, Sender> senders(Collection<Invitation> invited) {
    Map<String, Map<String, AttributeValue>> keys = new HashMap<>();
    for (Invitation invitation : invited) {
      String org = Keys.org(invitation.orgId());
      keys.putIfAbsent(org + "\n" + Keys.PROFILE, TableItem.rawKey(org, Keys.PROFILE));
      if (invitation.invitedBy() != null) {
        keys.putIfAbsent(org + "\n" + Keys.member(invitation.invitedBy()),
            TableItem.rawKey(org, Keys.member(invitation.invitedBy())));
      }
    }
    Map<String, String> orgNames = new HashMap<>();
    Map<String, String> memberNames = new HashMap<>();
    for (TableItem item : table.getAll(new ArrayList<>(keys.values()))) {
      if (item instanceof OrganisationItem org) {
        orgNames.put(org.get(OrganisationItem.ORG_ID), org.get(OrganisationItem.NAME));
      } else if (item instanceof MembershipItem member) {
        Membership membership = member.toMembership();
        memberNames.put(senderKey(membership.orgId(), membership.userId()), membership.displayName());
      }
    }
    Map<String, Sender> senders = new HashMap<>();
    for (Invitation invitation : invited) {
      String key = senderKey(invitation.orgId(), invitation.invitedBy());
      String orgName = orgNames.get(invitation.orgId());
      if (orgName != null) {
        senders.put(key, new Sender(orgName, memberNames.getOrDefault(key,
            invitation.invitedBy() == null ? orgName : invitation.invitedBy())));
      }
    }
    return senders;
  }

  /** The key of an invitation's sender in {@link #senders}. */
  public static String senderKey(String orgId, String invitedBy) {
    return orgId + "\n" + invitedBy;
  }

  /**
   * Writes the reminder state of {@code to} over {@code from}, only if the item in the slot is still
   * the same invitation at the same version, and puts it at its due time in the index; in one
   * transaction with the audit write {@code withEvent} gives, if any. A transaction that meets another
   * worker's write of the same event (not a change of the invitation) is tried again.
   */
  private boolean write(VersionedInvitation from, VersionedInvitation to,
      Supplier<Optional<TransactWriteItem>> withEvent) {
    Update update = claimUpdate(from, to);
    for (int attempt = 1; ; attempt++) {
      Optional<TransactWriteItem> event = withEvent.get();
      if (event.isEmpty()) {
        try {
          table.client.updateItem(r -> r.tableName(update.tableName()).key(update.key())
              .updateExpression(update.updateExpression()).conditionExpression(update.conditionExpression())
              .expressionAttributeNames(update.expressionAttributeNames())
              .expressionAttributeValues(update.expressionAttributeValues()));
          return true;
        } catch (ConditionalCheckFailedException changed) {
          return false;
        }
      }
      try {
        table.transact(List.of(TransactWriteItem.builder().update(update).build(), event.get()));
        return true;
      } catch (ConcurrentChangeException lost) {
        if (lost.failedAt(0) || attempt == EVENT_CONFLICT_ATTEMPTS) {
          return false; // the invitation changed (or the event stayed busy: the next run tries again)
        }
        Backoff.pause(attempt);
      }
    }
  }

  /** The conditional update that writes {@code to} over the open invitation {@code from}, if it is still as read. */
  private Update claimUpdate(VersionedInvitation from, VersionedInvitation to) {
    Invitation invitation = to.invitation();
    long dueAt = InvitationItem.dueAt(policy, invitation.lastSentAt(), to.remindersSent(), invitation.expiresAt(),
        to.emailPending(), invitation.deliveryFailed()).toEpochMilli();
    Map<String, String> names = Map.of("#reminders", InvitationItem.REMINDERS_SENT.name(),
        "#sendCount", InvitationItem.SEND_COUNT.name(), "#lastSentAt", InvitationItem.LAST_SENT_AT.name(),
        "#dueAt", InvitationItem.DUE_AT.name(), "#version", InvitationItem.VERSION.name(),
        "#id", InvitationItem.INVITATION_ID.name(), "#pending", InvitationItem.EMAIL_PENDING.name());
    Map<String, AttributeValue> values = new HashMap<>(Map.of(
        ":reminders", AttributeValue.fromN(Integer.toString(to.remindersSent())),
        ":sendCount", AttributeValue.fromN(Integer.toString(invitation.sendCount())),
        ":lastSentAt", AttributeValue.fromN(Long.toString(invitation.lastSentAt().toEpochMilli())),
        ":dueAt", AttributeValue.fromN(Long.toString(dueAt)),
        ":newVersion", AttributeValue.fromN(Long.toString(to.version())),
        ":version", AttributeValue.fromN(Long.toString(from.version())),
        ":id", AttributeValue.fromS(invitation.id())));
    if (to.emailPending()) {
      values.put(":true", AttributeValue.fromBool(true));
    }
    return Update.builder().tableName(table.name)
        .key(Map.of(Keys.PARTITION_KEY, AttributeValue.fromS(Keys.org(invitation.orgId())),
            Keys.SORT_KEY, AttributeValue.fromS(Keys.openInvitation(from.addressKey()))))
        .updateExpression("SET #reminders = :reminders, #sendCount = :sendCount, #lastSentAt = :lastSentAt, "
            + "#dueAt = :dueAt, #version = :newVersion"
            + (to.emailPending() ? ", #pending = :true" : " REMOVE #pending"))
        .conditionExpression("#version = :version AND #id = :id")
        .expressionAttributeNames(names)
        .expressionAttributeValues(values)
        .build();
  }
}
