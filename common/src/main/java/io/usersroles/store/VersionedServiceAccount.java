package io.usersroles.store;

import io.usersroles.domain.ServiceAccount;

/** A service account as read, with the version and secret hash a change of it is conditional on. */
public final class VersionedServiceAccount {
  final ServiceAccountItem item;

  VersionedServiceAccount(ServiceAccountItem item) {
    this.item = item;
  }

  public ServiceAccount account() {
    return item.toServiceAccount();
  }
}
