package io.usersroles.store;

import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.OrgCap;
import io.usersroles.domain.ServiceAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Service accounts and their secrets' hashes. Every change of an account's secret moves the
 * {@code SECRET#hash} pointer in the same transaction, so a rotated or deleted secret fails the very
 * next authentication.
 */
@Singleton
public final class ServiceAccountStore {
  private final Table table;
  private final AuditStore audit;

  @Inject
  public ServiceAccountStore(Table table, AuditStore audit) {
    this.table = table;
    this.audit = audit;
  }

  /** Which account a secret (by hash) authenticates: org id and account id. */
  public record SecretOwner(String orgId, String serviceAccountId) {}

  /**
   * Creates the account with its secret pointer, counted against the org's {@code cap} in the same
   * transaction, with {@code event}: past the cap it throws the cap's problem and writes nothing.
   */
  public void create(ServiceAccount account, String secretHash, int cap, AuditEvent event) {
    try {
      table.transact(table.tx()
          .count(account.orgId(),
              UsageItem.Counter.SERVICE_ACCOUNTS, 1,
              cap - 1L)
          .put(ServiceAccountItem.TYPE, ServiceAccountItem.of(account, secretHash), Conditions.ABSENT)
          .put(SecretItem.TYPE, SecretItem.of(secretHash, account.orgId(), account.id()), Conditions.ABSENT)
          .add(List.of(audit.record(event))));
    } catch (ConcurrentChangeException lost) {
      if (lost.failedAt(0)) {
        throw OrgCap.SERVICE_ACCOUNTS.reached(cap);
      }
      throw lost;
    }
  }

  public Optional<VersionedServiceAccount> find(String orgId, String serviceAccountId) {
    return table.get(ServiceAccountItem.TYPE, Keys.org(orgId), Keys.serviceAccount(serviceAccountId))
        .map(VersionedServiceAccount::new);
  }

  /** The owner of a secret, strongly consistent: empty once the secret was rotated away or deleted. */
  public Optional<SecretOwner> ownerOfSecret(String secretHash) {
    return table.get(SecretItem.TYPE, Keys.secret(secretHash), Keys.SECRET)
        .map(item -> new SecretOwner(item.get(SecretItem.ORG_ID), item.get(SecretItem.SERVICE_ACCOUNT_ID)));
  }

  /** One page of the org's service accounts, in id order. */
  public ListPage<ServiceAccount> list(String orgId, ListPosition from, int limit) {
    return PagedQuery.run(Keys.org(orgId), List.of(new PagedQuery.Segment<ServiceAccountItem, ServiceAccount>(
        table, ServiceAccountItem.TYPE, Keys.SERVICE_ACCOUNT_PREFIX,
            item -> Optional.of(item.toServiceAccount()))), from, limit);
  }

  /** Every service account of the org, strongly consistent (to take a deleted role off them). */
  public List<VersionedServiceAccount> all(String orgId) {
    List<VersionedServiceAccount> accounts = new ArrayList<>();
    table.queryAll(ServiceAccountItem.TYPE, Keys.org(orgId), Keys.SERVICE_ACCOUNT_PREFIX)
        .forEach(item -> accounts.add(new VersionedServiceAccount(item)));
    return accounts;
  }

  /**
   * Sets the roles of up to 99 accounts at once, with {@code event}, each write conditional on the version it was read
   * at (a rotation or deletion in between makes the caller read again); secrets are left as they are.
   */
  public void setRoles(List<Map.Entry<VersionedServiceAccount, List<String>>> changes, AuditEvent event) {
    Table.Tx tx = table.tx();
    for (Map.Entry<VersionedServiceAccount, List<String>> change : changes) {
      tx.update(ServiceAccountItem.TYPE, change.getKey().withRoles(change.getValue()));
    }
    table.transact(tx.add(List.of(audit.record(event))));
  }

  /**
   * Writes {@code changed}'s name, description and roles over the account read as {@code stored}, if it
   * is still at the version read (else {@link ConcurrentChangeException}), with {@code event}; its secret
   * stays as it is.
   */
  public void update(VersionedServiceAccount stored, ServiceAccount changed, AuditEvent event) {
    ServiceAccountItem item = stored.withRoles(changed.roles());
    item.set(ServiceAccountItem.NAME, changed.name());
    item.set(ServiceAccountItem.DESCRIPTION, changed.description().isEmpty() ? null : changed.description());
    table.transact(table.tx().update(ServiceAccountItem.TYPE, item).add(List.of(audit.record(event))));
  }

  /** Replaces the account's secret: the old one stops working in the same transaction, with {@code event}. */
  public void rotate(VersionedServiceAccount stored, String newSecretHash, AuditEvent event) {
    ServiceAccountItem item = stored.item.copyInto(new ServiceAccountItem());
    String oldHash = item.get(ServiceAccountItem.SECRET_HASH);
    item.set(ServiceAccountItem.SECRET_HASH, newSecretHash);
    table.transact(table.tx()
        .update(ServiceAccountItem.TYPE, item)
        .delete(Keys.secret(oldHash), Keys.SECRET, null)
        .put(SecretItem.TYPE, SecretItem.of(newSecretHash, item.get(ServiceAccountItem.ORG_ID),
            item.get(ServiceAccountItem.SERVICE_ACCOUNT_ID)), Conditions.ABSENT)
        .add(List.of(audit.record(event))));
  }

  /** Deletes the account and its secret pointer together, counting it off the org's accounts. */
  public void delete(VersionedServiceAccount stored, AuditEvent event) {
    ServiceAccountItem item = stored.item;
    table.transact(table.tx()
        .count(item.get(ServiceAccountItem.ORG_ID),
            UsageItem.Counter.SERVICE_ACCOUNTS, -1)
        .delete(item.getPk(), item.getSk(), Conditions.versionIs(item.get(ServiceAccountItem.VERSION)))
        .delete(Keys.secret(item.get(ServiceAccountItem.SECRET_HASH)), Keys.SECRET, null)
        .add(List.of(audit.record(event))));
  }
}
