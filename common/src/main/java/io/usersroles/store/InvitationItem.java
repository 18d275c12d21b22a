package io.usersroles.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import io.usersroles.domain.Invitation;
import io.usersroles.domain.InvitationStatus;
import io.usersroles.domain.ReminderPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * An invitation. While open it lives in its address's slot ({@code INVITE#OPEN#addressKey}), which
 * makes "one open invitation per address" a key constraint; when accepted, cancelled or expired it
 * moves to {@code INVITE#CLOSED#invitationId}, where it stays as history.
 *
 * <p>The link token itself is never stored: {@code tokenNonce} and the server key re-derive it (for
 * reminders), and {@code tokenHash} finds the invitation when a link is used.
 *
 * <p>Only open items carry {@code dueShard} and {@code dueAt}, which put them in the sparse
 * {@code ByDueTime} index the reminder job reads; closed copies are built without them.
 */
public final class InvitationItem extends StoredItem {
  static final String ENTITY = "invitation";
  /** How long a cancelled or expired invitation stays listable before TTL removes it. */
  static final Duration CLOSED_RETENTION = Duration.ofDays(30);
  /** Set (true) only on an open invitation whose last email SES did not take; absent otherwise. */
  static final String EMAIL_PENDING = "emailPending";

  /** The table schema of this entity, for the enhanced client. */
  static TableSchema<InvitationItem> schema() {
    return Schema.OF;
  }

  /**
   * Built on first use (initialisation-on-demand holder), not when the class loads: a check decodes
   * the items it reads by hand (Table.toItem) and never needs the enhanced client's schema machinery.
   */
  private static final class Schema {
    static final TableSchema<InvitationItem> OF = StaticTableSchema.builder(InvitationItem.class)
        .newItemSupplier(InvitationItem::new)
        .extend(StoredItem.sharedSchema())
        .addAttribute(String.class, a -> a.name("orgId").getter(InvitationItem::getOrgId).setter(InvitationItem::setOrgId))
        .addAttribute(String.class, a -> a.name("invitationId").getter(InvitationItem::getInvitationId)
            .setter(InvitationItem::setInvitationId))
        .addAttribute(String.class, a -> a.name("email").getter(InvitationItem::getEmail).setter(InvitationItem::setEmail))
        .addAttribute(EnhancedType.listOf(String.class), a -> a.name("roles").getter(InvitationItem::getRoles)
            .setter(InvitationItem::setRoles))
        .addAttribute(String.class, a -> a.name("status").getter(InvitationItem::getStatus).setter(InvitationItem::setStatus))
        .addAttribute(String.class, a -> a.name("invitedBy").getter(InvitationItem::getInvitedBy)
            .setter(InvitationItem::setInvitedBy))
        .addAttribute(Long.class, a -> a.name("createdAt").getter(InvitationItem::getCreatedAt)
            .setter(InvitationItem::setCreatedAt))
        .addAttribute(Long.class, a -> a.name("expiresAt").getter(InvitationItem::getExpiresAt)
            .setter(InvitationItem::setExpiresAt))
        .addAttribute(Long.class, a -> a.name("lastSentAt").getter(InvitationItem::getLastSentAt)
            .setter(InvitationItem::setLastSentAt))
        .addAttribute(Integer.class, a -> a.name("sendCount").getter(InvitationItem::getSendCount)
            .setter(InvitationItem::setSendCount))
        .addAttribute(Integer.class, a -> a.name("remindersSent").getter(InvitationItem::getRemindersSent)
            .setter(InvitationItem::setRemindersSent))
        .addAttribute(String.class, a -> a.name(Keys.TOKEN_HASH).getter(InvitationItem::getTokenHash)
            .setter(InvitationItem::setTokenHash).tags(secondaryPartitionKey(Keys.TOKEN_INDEX)))
        .addAttribute(String.class, a -> a.name("tokenNonce").getter(InvitationItem::getTokenNonce)
            .setter(InvitationItem::setTokenNonce))
        .addAttribute(Long.class, a -> a.name("acceptedAt").getter(InvitationItem::getAcceptedAt)
            .setter(InvitationItem::setAcceptedAt))
        .addAttribute(String.class, a -> a.name("acceptedBy").getter(InvitationItem::getAcceptedBy)
            .setter(InvitationItem::setAcceptedBy))
        .addAttribute(Long.class, a -> a.name("closedAt").getter(InvitationItem::getClosedAt)
            .setter(InvitationItem::setClosedAt))
        .addAttribute(String.class, a -> a.name("closedBy").getter(InvitationItem::getClosedBy)
            .setter(InvitationItem::setClosedBy))
        .addAttribute(Long.class, a -> a.name(Keys.TTL_ATTRIBUTE).getter(InvitationItem::getExpireItemAt)
            .setter(InvitationItem::setExpireItemAt))
        .addAttribute(String.class, a -> a.name(Keys.DUE_SHARD).getter(InvitationItem::getDueShard)
            .setter(InvitationItem::setDueShard).tags(secondaryPartitionKey(Keys.DUE_INDEX)))
        .addAttribute(Long.class, a -> a.name(Keys.DUE_AT).getter(InvitationItem::getDueAt)
            .setter(InvitationItem::setDueAt).tags(secondarySortKey(Keys.DUE_INDEX)))
        .addAttribute(Boolean.class, a -> a.name(EMAIL_PENDING).getter(InvitationItem::getEmailPending)
            .setter(InvitationItem::setEmailPending))
        .addAttribute(Long.class, a -> a.name("version").getter(InvitationItem::getVersion)
            .setter(InvitationItem::setVersion).tags(VersionedRecordExtension.AttributeTags.versionAttribute()))
        .build();
  }

  private String orgId;
  private String invitationId;
  private String email;
  private List<String> roles;
  private String status;
  private String invitedBy;
  private Long createdAt;
  private Long expiresAt;
  private Long lastSentAt;
  private Integer sendCount;
  private Integer remindersSent;
  private String tokenHash;
  private String tokenNonce;
  private Long acceptedAt;
  private String acceptedBy;
  private Long closedAt;
  private String closedBy;
  private Long expireItemAt;
  private String dueShard;
  private Long dueAt;
  private Boolean emailPending;
  private Long version;

  public InvitationItem() {
    super(ENTITY);
  }

  /** A new open invitation in the slot of {@code addressKey}. */
  static InvitationItem open(Invitation invitation, String addressKey, String tokenNonce, String tokenHash) {
    InvitationItem item = new InvitationItem();
    item.setPk(Keys.org(invitation.orgId()));
    item.setSk(Keys.openInvitation(addressKey));
    item.orgId = invitation.orgId();
    item.invitationId = invitation.id();
    item.email = invitation.email();
    item.roles = invitation.roles();
    item.status = InvitationStatus.PENDING.wireName();
    item.invitedBy = invitation.invitedBy();
    item.createdAt = invitation.createdAt().toEpochMilli();
    item.sendCount = invitation.sendCount();
    item.remindersSent = 0;
    item.tokenNonce = tokenNonce;
    item.tokenHash = tokenHash;
    item.renew(invitation.expiresAt(), invitation.lastSentAt());
    return item;
  }

  /** Restarts the expiry and records a send (creation, resend). */
  void renew(Instant expiresAt, Instant sentAt) {
    this.expiresAt = expiresAt.toEpochMilli();
    this.lastSentAt = sentAt.toEpochMilli();
    this.expireItemAt = expiresAt.plus(CLOSED_RETENTION).getEpochSecond();
  }

  /**
   * The history copy of this invitation, closed with {@code status}. It is a new item (no version
   * yet, so it is written only if absent). Only an expired invitation keeps its token hash, so that
   * its link can answer "expired" instead of "unknown".
   */
  InvitationItem closedCopy(InvitationStatus closedStatus, Instant at, String by) {
    InvitationItem closed = new InvitationItem();
    closed.setPk(getPk());
    closed.setSk(Keys.closedInvitation(invitationId));
    closed.orgId = orgId;
    closed.invitationId = invitationId;
    closed.email = email;
    closed.roles = roles;
    closed.status = closedStatus.wireName();
    closed.invitedBy = invitedBy;
    closed.createdAt = createdAt;
    closed.expiresAt = expiresAt;
    closed.lastSentAt = lastSentAt;
    closed.sendCount = sendCount;
    closed.remindersSent = remindersSent;
    closed.closedAt = at.toEpochMilli();
    closed.closedBy = by;
    if (closedStatus == InvitationStatus.ACCEPTED) {
      closed.acceptedAt = at.toEpochMilli();
      closed.acceptedBy = by;
      closed.expireItemAt = null; // accepted invitations are history: never expire them
    } else {
      closed.expireItemAt = at.plus(CLOSED_RETENTION).getEpochSecond();
    }
    if (closedStatus == InvitationStatus.EXPIRED) {
      closed.tokenHash = tokenHash;
    }
    return closed;
  }

  /** Puts this open item in the due-time index, at the due time of its current state. */
  void scheduleDue(ReminderPolicy policy) {
    this.dueShard = Keys.dueShard(invitationId);
    this.dueAt = dueAt(policy, Instant.ofEpochMilli(lastSentAt), remindersSent == null ? 0 : remindersSent,
        Instant.ofEpochMilli(expiresAt), Boolean.TRUE.equals(emailPending)).toEpochMilli();
  }

  /**
   * When the reminder job must next look at an open invitation: at once (its send time, already past)
   * when its email is still pending, else as the reminder policy says.
   */
  static Instant dueAt(ReminderPolicy policy, Instant lastSentAt, int remindersSent, Instant expiresAt,
      boolean emailPending) {
    return emailPending ? lastSentAt : policy.dueAt(lastSentAt, remindersSent, expiresAt);
  }

  boolean isOpen() {
    return getSk().startsWith(Keys.OPEN_INVITATION_PREFIX);
  }

  /** The address key of this invitation's slot (also embedded in its id). */
  String addressKey() {
    return isOpen() ? getSk().substring(Keys.OPEN_INVITATION_PREFIX.length())
        : io.usersroles.domain.Ids.addressKeyOf(invitationId).orElseThrow();
  }

  StoredInvitation toStored() {
    return new StoredInvitation(toInvitation(), addressKey(), isOpen(), tokenNonce, tokenHash,
        remindersSent == null ? 0 : remindersSent, version == null ? 0 : version,
        isOpen() && Boolean.TRUE.equals(emailPending));
  }

  /** The item a {@link StoredInvitation} was read from, ready for a conditional write. */
  static InvitationItem from(StoredInvitation stored) {
    Invitation invitation = stored.invitation();
    InvitationItem item = new InvitationItem();
    item.setPk(Keys.org(invitation.orgId()));
    item.setSk(stored.open() ? Keys.openInvitation(stored.addressKey()) : Keys.closedInvitation(invitation.id()));
    item.orgId = invitation.orgId();
    item.invitationId = invitation.id();
    item.email = invitation.email();
    item.roles = invitation.roles();
    item.status = invitation.status().wireName();
    item.invitedBy = invitation.invitedBy();
    item.createdAt = invitation.createdAt().toEpochMilli();
    item.sendCount = invitation.sendCount();
    item.remindersSent = stored.remindersSent();
    item.tokenNonce = stored.tokenNonce();
    item.tokenHash = stored.tokenHash();
    item.acceptedAt = invitation.acceptedAt() == null ? null : invitation.acceptedAt().toEpochMilli();
    item.acceptedBy = invitation.acceptedBy();
    item.version = stored.version();
    item.emailPending = stored.open() && stored.emailPending() ? Boolean.TRUE : null;
    item.renew(invitation.expiresAt(), invitation.lastSentAt());
    return item;
  }

  Invitation toInvitation() {
    return new Invitation(invitationId, orgId, email, roles == null ? List.of() : roles,
        InvitationStatus.fromWire(status).orElseThrow(() -> new IllegalStateException("bad status " + status)),
        invitedBy, Instant.ofEpochMilli(createdAt), Instant.ofEpochMilli(expiresAt), Instant.ofEpochMilli(lastSentAt),
        sendCount, acceptedAt == null ? null : Instant.ofEpochMilli(acceptedAt), acceptedBy);
  }

  public String getOrgId() {
    return orgId;
  }

  public void setOrgId(String orgId) {
    this.orgId = orgId;
  }

  public String getInvitationId() {
    return invitationId;
  }

  public void setInvitationId(String invitationId) {
    this.invitationId = invitationId;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public List<String> getRoles() {
    return roles;
  }

  public void setRoles(List<String> roles) {
    this.roles = roles;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getInvitedBy() {
    return invitedBy;
  }

  public void setInvitedBy(String invitedBy) {
    this.invitedBy = invitedBy;
  }

  public Long getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(Long createdAt) {
    this.createdAt = createdAt;
  }

  public Long getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(Long expiresAt) {
    this.expiresAt = expiresAt;
  }

  public Long getLastSentAt() {
    return lastSentAt;
  }

  public void setLastSentAt(Long lastSentAt) {
    this.lastSentAt = lastSentAt;
  }

  public Integer getSendCount() {
    return sendCount;
  }

  public void setSendCount(Integer sendCount) {
    this.sendCount = sendCount;
  }

  public Integer getRemindersSent() {
    return remindersSent;
  }

  public void setRemindersSent(Integer remindersSent) {
    this.remindersSent = remindersSent;
  }

  public String getTokenHash() {
    return tokenHash;
  }

  public void setTokenHash(String tokenHash) {
    this.tokenHash = tokenHash;
  }

  public String getTokenNonce() {
    return tokenNonce;
  }

  public void setTokenNonce(String tokenNonce) {
    this.tokenNonce = tokenNonce;
  }

  public Long getAcceptedAt() {
    return acceptedAt;
  }

  public void setAcceptedAt(Long acceptedAt) {
    this.acceptedAt = acceptedAt;
  }

  public String getAcceptedBy() {
    return acceptedBy;
  }

  public void setAcceptedBy(String acceptedBy) {
    this.acceptedBy = acceptedBy;
  }

  public Long getClosedAt() {
    return closedAt;
  }

  public void setClosedAt(Long closedAt) {
    this.closedAt = closedAt;
  }

  public String getClosedBy() {
    return closedBy;
  }

  public void setClosedBy(String closedBy) {
    this.closedBy = closedBy;
  }

  public Long getExpireItemAt() {
    return expireItemAt;
  }

  public void setExpireItemAt(Long expireItemAt) {
    this.expireItemAt = expireItemAt;
  }

  public String getDueShard() {
    return dueShard;
  }

  public void setDueShard(String dueShard) {
    this.dueShard = dueShard;
  }

  public Long getDueAt() {
    return dueAt;
  }

  public void setDueAt(Long dueAt) {
    this.dueAt = dueAt;
  }

  public Boolean getEmailPending() {
    return emailPending;
  }

  public void setEmailPending(Boolean emailPending) {
    this.emailPending = emailPending;
  }

  public Long getVersion() {
    return version;
  }

  public void setVersion(Long version) {
    this.version = version;
  }
}
