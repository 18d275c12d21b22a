package io.usersroles.store;

/**
 * Every key shape of the single table, in one place. The README's access-pattern table lists the
 * same shapes with the operations that use them.
 *
 * <pre>
 * pk                 sk                          item
 * ORG#{orgId}        PROFILE                     organisation (name, avatar, owner count)
 * ORG#{orgId}        MEMBER#{userId}             membership (email, name, roles)
 * ORG#{orgId}        EMAIL#{email}               the member who holds this address in the org
 * ORG#{orgId}        INVITE#OPEN#{addressKey}    the open invitation of an address (one at most)
 * ORG#{orgId}        INVITE#CLOSED#{invitationId} an accepted, declined, cancelled or expired invitation
 * ORG#{orgId}        ROLES                       every custom role of the org (one item, versioned)
 * ORG#{orgId}        USAGE                       counts of capped things: open invitations, service accounts
 * ORG#{orgId}        SA#{serviceAccountId}       a service account (name, roles, hash of its secret)
 * ORG#{orgId}        IDEMPOTENCY#{callerId}#{h}  one Idempotency-Key use (h = SHA-256 of route and key), 24 h
 * SECRET#{hash}      SECRET                      which live service account a secret belongs to
 * AUDIT#{orgId}      EVENT#{at}#{eventId}        one audit event of the org ({at}: ISO-8601 UTC, milliseconds)
 * GSI ByTokenHash:   tokenHash                   open (and expired) invitations by link-token hash
 * GSI ByInvitationId: invitationId               every invitation item by its id (keys only)
 * GSI ByDueTime:     dueShard, dueAt (N)         open invitations only (sparse), by when the reminder job
 *                                                must next look at them; DUE#0..DUE#7 from the id
 * GSI ByPerson:      personKey, orgId            a person's things (sparse): memberships carry
 *                                                USER#{userId}, open invitations ADDRESS#{addressKey}
 * </pre>
 */
public final class Keys {
  public static final String PARTITION_KEY = "pk";
  public static final String SORT_KEY = "sk";
  public static final String TOKEN_HASH = "tokenHash";
  public static final String TOKEN_INDEX = "ByTokenHash";
  public static final String INVITATION_ID = "invitationId";
  /** Where an invitation is, by its id: ids are random, so they cannot say it themselves. */
  public static final String INVITATION_INDEX = "ByInvitationId";
  public static final String TTL_ATTRIBUTE = "expireItemAt";
  public static final String ENTITY = "entity";
  public static final String DUE_SHARD = "dueShard";
  public static final String DUE_AT = "dueAt";
  public static final String DUE_INDEX = "ByDueTime";
  /**
   * Partitions of the due-time index. One would do for reading, but every invitation write lands in
   * the index too: a few shards spread that write load over several index partitions.
   */
  public static final int DUE_SHARDS = 8;
  /**
   * Whose an item is, for the sparse {@code ByPerson} index: {@code USER#{userId}} on memberships,
   * {@code ADDRESS#{addressKey}} on open invitations (closed copies are built without it), so "my
   * organisations" and "my invitations" are one query each, never a scan.
   */
  public static final String PERSON_KEY = "personKey";
  /** The sort key of {@code ByPerson}: the org, which memberships and invitations both carry. */
  public static final String ORG_ID = "orgId";
  public static final String PERSON_INDEX = "ByPerson";
  /**
   * No id is longer: every id we issue or accept (an IdP subject) is shorter, and 256 characters (768
   * UTF-8 bytes at most) always fit in a key, whose sort key holds 1,024 bytes. A longer one names
   * nothing stored, so it is never looked up.
   */
  public static final int MAX_ID_LENGTH = 256;

  /** Whether {@code id} can name a stored item at all (see {@link #MAX_ID_LENGTH}). */
  public static boolean canBeStored(String id) {
    return id.length() <= MAX_ID_LENGTH;
  }
  static final String DUE_SHARD_PREFIX = "DUE#";

  static final String PROFILE = "PROFILE";
  static final String ROLES = "ROLES";
  static final String USAGE = "USAGE";
  static final String SERVICE_ACCOUNT_PREFIX = "SA#";
  static final String SECRET = "SECRET";
  static final String MEMBER_PREFIX = "MEMBER#";
  static final String EMAIL_PREFIX = "EMAIL#";
  static final String INVITATION_PREFIX = "INVITE#";
  static final String OPEN_INVITATION_PREFIX = "INVITE#OPEN#";
  static final String CLOSED_INVITATION_PREFIX = "INVITE#CLOSED#";
  static final String PERSON_USER_PREFIX = "USER#";
  static final String PERSON_ADDRESS_PREFIX = "ADDRESS#";
  static final String AUDIT_EVENT_PREFIX = "EVENT#";
  /** Begins the partition key of every org's audit events. */
  public static final String AUDIT_PARTITION_PREFIX = "AUDIT#";

  private Keys() {}

  static String org(String orgId) {
    return "ORG#" + orgId;
  }

  /** The partition of an org's audit events: apart from {@code ORG#}, which every request reads. */
  static String audit(String orgId) {
    return AUDIT_PARTITION_PREFIX + orgId;
  }

  static String member(String userId) {
    return MEMBER_PREFIX + userId;
  }

  static String email(String email) {
    return EMAIL_PREFIX + email;
  }

  static String serviceAccount(String id) {
    return SERVICE_ACCOUNT_PREFIX + id;
  }

  static String idempotencyKey(String callerId, String routeAndKeyHash) {
    return "IDEMPOTENCY#" + callerId + "#" + routeAndKeyHash;
  }

  static String secret(String secretHash) {
    return "SECRET#" + secretHash;
  }

  static String openInvitation(String addressKey) {
    return OPEN_INVITATION_PREFIX + addressKey;
  }

  /** The due-index shard of an invitation: fixed by its id ({@link String#hashCode} is specified). */
  static String dueShard(String invitationId) {
    return dueShard(Math.floorMod(invitationId.hashCode(), DUE_SHARDS));
  }

  static String dueShard(int shard) {
    return DUE_SHARD_PREFIX + shard;
  }

  static String closedInvitation(String invitationId) {
    return CLOSED_INVITATION_PREFIX + invitationId;
  }

  /** The {@code ByPerson} partition of a user's memberships. */
  static String personOfUser(String userId) {
    return PERSON_USER_PREFIX + userId;
  }

  /** The {@code ByPerson} partition of the open invitations to an address (its address key, a digest). */
  static String personOfAddress(String addressKey) {
    return PERSON_ADDRESS_PREFIX + addressKey;
  }
}
