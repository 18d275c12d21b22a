package io.usersroles.store;

import io.usersroles.access.CustomRole;
import java.util.List;

/**
 * An org's role catalog as read: its version, and the item, decoded only when asked. A compiled
 * catalog is cached by version, so most requests read the item (for read-after-write revocation)
 * but never parse it.
 */
public final class StoredRoles {
  static final StoredRoles NONE = new StoredRoles(null);

  private final RoleCatalogItem item;

  StoredRoles(RoleCatalogItem item) {
    this.item = item;
  }

  /** The catalog's version; 0 while the org has never had a custom role. */
  public long version() {
    return item == null || item.getVersion() == null ? 0 : item.getVersion();
  }

  /** Parses the custom roles (a JSON attribute of up to a few hundred KB): call it on a cache miss only. */
  public List<CustomRole> decode() {
    return item == null ? List.of() : item.customRoles();
  }
}
