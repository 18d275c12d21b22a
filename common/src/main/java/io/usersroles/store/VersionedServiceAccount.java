package io.usersroles.store;

import io.usersroles.domain.ServiceAccount;
import java.util.List;

/** A service account as read, with the version and secret hash a change of it is conditional on. */
public final class VersionedServiceAccount {
  final ServiceAccountItem item;

  VersionedServiceAccount(ServiceAccountItem item) {
    this.item = item;
  }

  public ServiceAccount account() {
    return item.toServiceAccount();
  }

  /**
   * The item to write back with other roles, its secret as read (the versioning extension makes the
   * write conditional on the version read).
   */
  ServiceAccountItem withRoles(List<String> roles) {
    ServiceAccountItem changed = item.copyInto(new ServiceAccountItem());
    changed.set(ServiceAccountItem.ROLES, List.copyOf(roles));
    return changed;
  }
}
