package io.usersroles.config;

/**
 * Per-organisation caps that keep one tenant from filling the table (the product promises at least
 * 1,000 pending invitations, 100 custom roles and 100 service accounts). Operators may lower them, or raise the
 * invitation and service-account caps, through the environment; tests use small ones.
 */
public record OrgLimits(int pendingInvitations, int customRoles, int serviceAccounts) {
  /** MAX_PENDING_INVITATIONS: open invitations (pending, or expired and not yet closed by the daily job). */
  public static final int DEFAULT_PENDING_INVITATIONS = 1_000;
  /** MAX_CUSTOM_ROLES: custom roles. */
  public static final int DEFAULT_CUSTOM_ROLES = 100;
  /** MAX_SERVICE_ACCOUNTS: service accounts. */
  public static final int DEFAULT_SERVICE_ACCOUNTS = 100;

  /**
   * Custom roles live in one catalog item sized for 100 full-size roles, so 100 is also the ceiling.
   * The other two are counters; their ceilings only keep a typo from disabling the cap.
   */
  public static final int CEILING_CUSTOM_ROLES = 100;
  public static final int CEILING_PENDING_INVITATIONS = 1_000_000;
  public static final int CEILING_SERVICE_ACCOUNTS = 100_000;

  /** The defaults: what the product promises every organisation. */
  public static final OrgLimits DEFAULTS = new OrgLimits(DEFAULT_PENDING_INVITATIONS, DEFAULT_CUSTOM_ROLES,
      DEFAULT_SERVICE_ACCOUNTS);

  public OrgLimits {
    check("pendingInvitations", pendingInvitations, CEILING_PENDING_INVITATIONS);
    check("customRoles", customRoles, CEILING_CUSTOM_ROLES);
    check("serviceAccounts", serviceAccounts, CEILING_SERVICE_ACCOUNTS);
  }

  private static void check(String name, int value, int ceiling) {
    if (value < 1 || value > ceiling) {
      throw new IllegalArgumentException(name + " must be between 1 and " + ceiling);
    }
  }
}
