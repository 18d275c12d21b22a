package io.usersroles.domain;

import io.usersroles.security.Crypto;
import java.util.Arrays;
import java.util.Optional;

/**
 * Identifiers the product mints. Each carries a short prefix naming what it identifies, so a
 * misplaced id is obvious in logs and requests.
 *
 * <p>An invitation id embeds the key of the address slot its open invitation lives in (see the
 * access-pattern table in the README): resend and cancel find the invitation with one strongly
 * consistent read, without a secondary index.
 */
public final class Ids {
  public static final String ORGANISATION_PREFIX = "org_";
  public static final String INVITATION_PREFIX = "inv_";
  /** Characters of an address key: 132 bits of SHA-256, base64url. */
  static final int ADDRESS_KEY_LENGTH = 22;
  private static final int INVITATION_SUFFIX_LENGTH = 11;
  private static final int INVITATION_ID_LENGTH =
      INVITATION_PREFIX.length() + ADDRESS_KEY_LENGTH + INVITATION_SUFFIX_LENGTH;

  private Ids() {}

  public static final String ROLE_PREFIX = "rol_";
  public static final String SERVICE_ACCOUNT_PREFIX = "sa_";

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

  /** A new invitation id for the address whose slot key is {@code addressKey}. */
  public static String newInvitationId(String addressKey) {
    return INVITATION_PREFIX + addressKey + Crypto.randomToken(8);
  }

  /** The stable key of an address within an organisation (a digest, so ids do not spell emails). */
  public static String addressKey(EmailAddress address) {
    return Crypto.base64url(Arrays.copyOf(Crypto.sha256(address.value()), 17)).substring(0, ADDRESS_KEY_LENGTH);
  }

  /** The address key inside an invitation id, or empty when the text is not an invitation id. */
  public static Optional<String> addressKeyOf(String invitationId) {
    if (invitationId == null || invitationId.length() != INVITATION_ID_LENGTH
        || !invitationId.startsWith(INVITATION_PREFIX)) {
      return Optional.empty();
    }
    for (int i = INVITATION_PREFIX.length(); i < invitationId.length(); i++) {
      char c = invitationId.charAt(i);
      boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
          || c == '_';
      if (!base64url) {
        return Optional.empty();
      }
    }
    return Optional.of(invitationId.substring(INVITATION_PREFIX.length(),
        INVITATION_PREFIX.length() + ADDRESS_KEY_LENGTH));
  }
}
