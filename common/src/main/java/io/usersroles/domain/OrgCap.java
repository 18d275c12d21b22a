package io.usersroles.domain;

/**
 * The per-organisation caps and the problem each one answers when reached: {@code 409}, because the
 * org's state, not the caller's request rate, is what stands in the way (retrying does not help until
 * something is cancelled or deleted), with a type and title that name the cap (the title is the same
 * for every occurrence, as RFC 9457 asks; the number is in {@code detail} and {@code limit}).
 */
public enum OrgCap {
  PENDING_INVITATIONS("pending-invitation-limit", "pending invitations",
      "cancel pending invitations, or wait until they are accepted or expire, before inviting more"),
  CUSTOM_ROLES("role-limit", "custom roles", "delete a custom role before creating another"),
  SERVICE_ACCOUNTS("service-account-limit", "service accounts", "delete a service account before creating another");

  private final String code;
  private final String things;
  private final String remedy;

  OrgCap(String code, String things, String remedy) {
    this.code = code;
    this.things = things;
    this.remedy = remedy;
  }

  /** The problem code, the suffix of the problem type URI. */
  public String code() {
    return code;
  }

  /** The problem's title: which cap, without the number. */
  public String title() {
    return "Limit of " + things + " per organisation reached";
  }

  /** The problem for a request that would take the org past {@code limit}. */
  public DomainException reached(int limit) {
    return DomainException.capReached(code, title(),
        "An organisation can have at most " + limit + " " + things + "; " + remedy, limit);
  }
}
