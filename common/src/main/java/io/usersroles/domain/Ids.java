package io.usersroles.domain;

import io.usersroles.security.Crypto;
import java.util.Arrays;
import java.util.Optional;

/**
 * Identifiers the product mints. Each carries a short prefix naming what it identifies, so a
 * misplaced id is obvious in logs and requests.
 *
 * <p>Ids are random: an id says nothing about what it names (an invitation id nothing about its
 * address), so it can be shown, logged and put in URLs.
 */
public final class Ids {
  public static final String ORGANISATION_PREFIX = "org_";
  public static final String INVITATION_PREFIX = "inv_";
  /** Characters of an address key: 132 bits of SHA-256, base64url. */
  static final int ADDRESS_KEY_LENGTH = 22;
  /** A random invitation id: the prefix and 128 random bits. */
  private static final int INVITATION_ID_LENGTH = INVITATION_PREFIX.length() + 22;
  /** Ids of earlier releases, which embedded the address key before 8 random characters. */
  private static final int LEGACY_INVITATION_ID_LENGTH = INVITATION_PREFIX.length() + ADDRESS_KEY_LENGTH + 11;

  private Ids() {}

  public static final String ROLE_PREFIX = "rol_";
  public static final String SERVICE_ACCOUNT_PREFIX = "sa_";
  public static final String AUDIT_EVENT_PREFIX = "evt_";

  /** A new audit event id. */
  public static String newAuditEventId() {
    return AUDIT_EVENT_PREFIX + Crypto.randomToken(16);
  }

  public static String newServiceAccountId() {
    return SERVICE_ACCOUNT_PREFIX + Crypto.randomToken(16);
  }


  /** A new custom role id; ids are never reused, so a stale assignment can never name a new role. */
  public static String newRoleId() {
    return ROLE_PREFIX + Crypto.randomToken(16);
  }

  public static String newOrganisationId() {
    return ORGANISATION_PREFIX + Crypto.randomToken(16);
  }

  /** A new invitation id. */
  public static String newInvitationId() {
    return INVITATION_PREFIX + Crypto.randomToken(16);
  }

  /**
   * The key of an address's open-invitation slot within an organisation: a digest, which stays inside
   * the table (no id or cursor carries it).
   */
  public static String addressKey(EmailAddress address) {
    return addressKey(address.value());
  }

  /** As {@link #addressKey(EmailAddress)} for an address as stored (already normalised). */
  public static String addressKey(String normalisedAddress) {
    return Crypto.base64url(Arrays.copyOf(Crypto.sha256(normalisedAddress), 17)).substring(0, ADDRESS_KEY_LENGTH);
  }

  /** Whether the text can be an invitation id at all (of this release or an earlier one). */
  public static boolean isInvitationId(String text) {
    return text != null && (text.length() == INVITATION_ID_LENGTH || text.length() == LEGACY_INVITATION_ID_LENGTH)
        && text.startsWith(INVITATION_PREFIX) && isBase64url(text, INVITATION_PREFIX.length());
  }

  /**
   * The address key an invitation id of an earlier release embeds; empty for the random ids issued
   * now, which embed nothing.
   */
  public static Optional<String> legacyAddressKeyOf(String invitationId) {
    if (!isInvitationId(invitationId) || invitationId.length() != LEGACY_INVITATION_ID_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(invitationId.substring(INVITATION_PREFIX.length(),
        INVITATION_PREFIX.length() + ADDRESS_KEY_LENGTH));
  }

  private static boolean isBase64url(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
          || c == '_';
      if (!base64url) {
        return false;
      }
    }
    return true;
  }
}
