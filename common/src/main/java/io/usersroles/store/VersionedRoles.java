package io.usersroles.store;

import io.usersroles.access.CustomRole;
import java.util.List;

/**
 * An org's custom roles as read, with the version a write of them is conditional on. The item is
 * decoded only when asked: checks read it on every request (for read-after-write revocation) but
 * find its compiled form cached by version.
 */
public final class VersionedRoles {
  static final VersionedRoles NONE = new VersionedRoles(null);

  private final CustomRolesItem item;
  private List<CustomRole> roles;

  VersionedRoles(CustomRolesItem item) {
    this.item = item;
  }

  /** The version; 0 while the org has never had a custom role. */
  public long version() {
    Long version = item == null ? null : item.get(CustomRolesItem.VERSION);
    return version == null ? 0 : version;
  }

  /** The custom roles (a JSON attribute of up to a few hundred KB, parsed on the first call). */
  public List<CustomRole> roles() {
    if (roles == null) {
      roles = item == null ? List.of() : item.customRoles();
    }
    return roles;
  }
}
