package io.usersroles.store;

import io.usersroles.domain.EmailDelivery;
import io.usersroles.domain.Ids;
import io.usersroles.domain.Invitation;
import io.usersroles.domain.InvitationStatus;
import io.usersroles.domain.ReminderPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An invitation. While open it lives in its address's slot ({@code INVITE#OPEN#addressKey}), which
 * makes "one open invitation per address" a key constraint; when accepted, declined, cancelled or
 * expired it moves to {@code INVITE#CLOSED#invitationId}, where it stays as history.
 *
 * <p>The link token itself is never stored: {@code tokenNonce} and the server key re-derive it (for
 * reminders), and {@code tokenHash} finds the invitation when a link is used.
 *
 * <p>Only open items carry {@code dueShard} and {@code dueAt}, which put them in the sparse
 * {@code ByDueTime} index the reminder job reads, and {@code personKey} ({@code ADDRESS#addressKey}),
 * which puts them in the sparse {@code ByPerson} index under their address ("my invitations"); closed
 * copies are built without them.
 */
public final class InvitationItem extends TableItem {
  static final ItemType<InvitationItem> TYPE =
      new ItemType<>("invitation", InvitationItem.class, InvitationItem::new);
  static final Attribute<String> ORG_ID = TYPE.stringIndexSortKey(Keys.ORG_ID, Keys.PERSON_INDEX);
  static final Attribute<String> INVITATION_ID = TYPE.indexPartitionKey(Keys.INVITATION_ID, Keys.INVITATION_INDEX);
  static final Attribute<String> EMAIL = TYPE.string("email");
  static final Attribute<List<String>> ROLES = TYPE.strings("roles");
  static final Attribute<String> STATUS = TYPE.string("status");
  static final Attribute<String> INVITED_BY = TYPE.string("invitedBy");
  static final Attribute<Long> CREATED_AT = TYPE.number("createdAt");
  static final Attribute<Long> EXPIRES_AT = TYPE.number("expiresAt");
  static final Attribute<Long> LAST_SENT_AT = TYPE.number("lastSentAt");
  static final Attribute<Integer> SEND_COUNT = TYPE.integer("sendCount");
  static final Attribute<Integer> REMINDERS_SENT = TYPE.integer("remindersSent");
  static final Attribute<String> TOKEN_HASH = TYPE.indexPartitionKey(Keys.TOKEN_HASH, Keys.TOKEN_INDEX);
  static final Attribute<String> TOKEN_NONCE = TYPE.string("tokenNonce");
  static final Attribute<Long> ACCEPTED_AT = TYPE.number("acceptedAt");
  static final Attribute<String> ACCEPTED_BY = TYPE.string("acceptedBy");
  static final Attribute<Long> CLOSED_AT = TYPE.number("closedAt");
  static final Attribute<String> CLOSED_BY = TYPE.string("closedBy");
  static final Attribute<Long> EXPIRE_ITEM_AT = TYPE.number(Keys.TTL_ATTRIBUTE);
  static final Attribute<String> DUE_SHARD = TYPE.indexPartitionKey(Keys.DUE_SHARD, Keys.DUE_INDEX);
  static final Attribute<Long> DUE_AT = TYPE.indexSortKey(Keys.DUE_AT, Keys.DUE_INDEX);
  /** Set (true) only on an open invitation whose last email SES did not take; absent otherwise. */
  static final Attribute<Boolean> EMAIL_PENDING = TYPE.bool("emailPending");
  /** What SES reported about its email ({@code bounced}, {@code complained}); absent when nothing. */
  static final Attribute<String> DELIVERY = TYPE.string("delivery");
  /** Only on open items: {@code ADDRESS#addressKey}, their place in the {@code ByPerson} index. */
  static final Attribute<String> PERSON_KEY = TYPE.indexPartitionKey(Keys.PERSON_KEY, Keys.PERSON_INDEX);
  static final Attribute<Long> VERSION = TYPE.version();

  /** How long a cancelled or expired invitation stays listable before TTL removes it. */
  static final Duration CLOSED_RETENTION = Duration.ofDays(30);

  InvitationItem() {
    super(TYPE);
  }

  /** A new open invitation in the slot of {@code addressKey}. */
  static InvitationItem open(Invitation invitation, String addressKey, String tokenNonce, String tokenHash) {
    InvitationItem item = new InvitationItem();
    item.setKey(Keys.org(invitation.orgId()), Keys.openInvitation(addressKey));
    item.set(ORG_ID, invitation.orgId());
    item.set(INVITATION_ID, invitation.id());
    item.set(EMAIL, invitation.email());
    item.set(ROLES, invitation.roles());
    item.set(STATUS, InvitationStatus.PENDING.wireName());
    item.set(INVITED_BY, invitation.invitedBy());
    item.set(CREATED_AT, invitation.createdAt().toEpochMilli());
    item.set(SEND_COUNT, invitation.sendCount());
    item.set(REMINDERS_SENT, 0);
    item.set(TOKEN_NONCE, tokenNonce);
    item.set(TOKEN_HASH, tokenHash);
    item.set(PERSON_KEY, Keys.personOfAddress(addressKey));
    item.renew(invitation.expiresAt(), invitation.lastSentAt());
    return item;
  }

  /** Restarts the expiry and records a send (creation, resend). */
  void renew(Instant expiresAt, Instant sentAt) {
    set(EXPIRES_AT, expiresAt.toEpochMilli());
    set(LAST_SENT_AT, sentAt.toEpochMilli());
    set(EXPIRE_ITEM_AT, expiresAt.plus(CLOSED_RETENTION).getEpochSecond());
  }

  /**
   * The history copy of this invitation, closed with {@code status}. It is a new item (no version
   * yet, so it is written only if absent). Only an expired invitation keeps its token hash, so that
   * its link can answer "expired" instead of "unknown".
   */
  InvitationItem closedCopy(InvitationStatus closedStatus, Instant at, String by) {
    InvitationItem closed = new InvitationItem();
    closed.setKey(getPk(), Keys.closedInvitation(get(INVITATION_ID)));
    for (Attribute<?> kept : List.of(ORG_ID, INVITATION_ID, EMAIL, ROLES, INVITED_BY, CREATED_AT, EXPIRES_AT,
        LAST_SENT_AT, SEND_COUNT, REMINDERS_SENT, DELIVERY)) {
      closed.values[kept.slot] = values[kept.slot];
    }
    closed.set(STATUS, closedStatus.wireName());
    closed.set(CLOSED_AT, at.toEpochMilli());
    closed.set(CLOSED_BY, by);
    if (closedStatus == InvitationStatus.ACCEPTED) {
      closed.set(ACCEPTED_AT, at.toEpochMilli());
      closed.set(ACCEPTED_BY, by);
      // accepted invitations are history: never expire them
    } else {
      closed.set(EXPIRE_ITEM_AT, at.plus(CLOSED_RETENTION).getEpochSecond());
    }
    if (closedStatus == InvitationStatus.EXPIRED) {
      closed.set(TOKEN_HASH, get(TOKEN_HASH));
    }
    return closed;
  }

  /** Puts this open item in the due-time index, at the due time of its current state. */
  void scheduleDue(ReminderPolicy policy) {
    set(DUE_SHARD, Keys.dueShard(get(INVITATION_ID)));
    set(DUE_AT, dueAt(policy, Instant.ofEpochMilli(get(LAST_SENT_AT)), remindersSent(),
        Instant.ofEpochMilli(get(EXPIRES_AT)), Boolean.TRUE.equals(get(EMAIL_PENDING)), get(DELIVERY) != null)
        .toEpochMilli());
  }

  /**
   * When the reminder job must next look at an open invitation: at its expiry when SES reported its
   * email bounced or complained of (it gets no more email), at once (its send time, already past) when
   * its email is still pending, else as the reminder policy says.
   */
  static Instant dueAt(ReminderPolicy policy, Instant lastSentAt, int remindersSent, Instant expiresAt,
      boolean emailPending, boolean deliveryFailed) {
    if (deliveryFailed) {
      return expiresAt;
    }
    return emailPending ? lastSentAt : policy.dueAt(lastSentAt, remindersSent, expiresAt);
  }

  boolean isOpen() {
    return getSk().startsWith(Keys.OPEN_INVITATION_PREFIX);
  }

  int remindersSent() {
    Integer sent = get(REMINDERS_SENT);
    return sent == null ? 0 : sent;
  }

  long version() {
    Long version = get(VERSION);
    return version == null ? 0 : version;
  }

  /** The address key of this invitation's slot (a digest of its address). */
  String addressKey() {
    return isOpen() ? getSk().substring(Keys.OPEN_INVITATION_PREFIX.length()) : Ids.addressKey(get(EMAIL));
  }

  VersionedInvitation toVersioned() {
    return new VersionedInvitation(toInvitation(), addressKey(), isOpen(), get(TOKEN_NONCE), get(TOKEN_HASH),
        remindersSent(), version(), isOpen() && Boolean.TRUE.equals(get(EMAIL_PENDING)));
  }

  /** The item a {@link VersionedInvitation} was read from, ready for a conditional write. */
  static InvitationItem from(VersionedInvitation stored) {
    Invitation invitation = stored.invitation();
    InvitationItem item = new InvitationItem();
    item.setKey(Keys.org(invitation.orgId()),
        stored.open() ? Keys.openInvitation(stored.addressKey()) : Keys.closedInvitation(invitation.id()));
    item.set(ORG_ID, invitation.orgId());
    item.set(INVITATION_ID, invitation.id());
    item.set(EMAIL, invitation.email());
    item.set(ROLES, invitation.roles());
    item.set(STATUS, invitation.status().wireName());
    item.set(INVITED_BY, invitation.invitedBy());
    item.set(CREATED_AT, invitation.createdAt().toEpochMilli());
    item.set(SEND_COUNT, invitation.sendCount());
    item.set(REMINDERS_SENT, stored.remindersSent());
    item.set(TOKEN_NONCE, stored.tokenNonce());
    item.set(TOKEN_HASH, stored.tokenHash());
    item.set(ACCEPTED_AT, invitation.acceptedAt() == null ? null : invitation.acceptedAt().toEpochMilli());
    item.set(ACCEPTED_BY, invitation.acceptedBy());
    item.set(VERSION, stored.version());
    item.set(EMAIL_PENDING, stored.open() && stored.emailPending() ? Boolean.TRUE : null);
    item.set(PERSON_KEY, stored.open() ? Keys.personOfAddress(stored.addressKey()) : null);
    item.set(DELIVERY, invitation.delivery() == null ? null : invitation.delivery().wireName());
    item.renew(invitation.expiresAt(), invitation.lastSentAt());
    return item;
  }

  Invitation toInvitation() {
    List<String> roles = get(ROLES);
    String status = get(STATUS);
    Long acceptedAt = get(ACCEPTED_AT);
    String delivery = get(DELIVERY);
    return new Invitation(get(INVITATION_ID), get(ORG_ID), get(EMAIL), roles == null ? List.of() : roles,
        InvitationStatus.fromWire(status).orElseThrow(() -> new IllegalStateException("bad status " + status)),
        get(INVITED_BY), Instant.ofEpochMilli(get(CREATED_AT)), Instant.ofEpochMilli(get(EXPIRES_AT)),
        Instant.ofEpochMilli(get(LAST_SENT_AT)), get(SEND_COUNT),
        acceptedAt == null ? null : Instant.ofEpochMilli(acceptedAt), get(ACCEPTED_BY),
        delivery == null ? null : EmailDelivery.fromWire(delivery).orElse(null));
  }
}
