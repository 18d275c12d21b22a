package io.usersroles.store;

import io.usersroles.domain.OrgCap;
import io.usersroles.domain.ServiceAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;

/**
 * Service accounts and their secrets' hashes. Every change of an account's secret moves the
 * {@code SECRET#hash} pointer in the same transaction, so a rotated or deleted secret fails the very
 * next authentication.
 */
@Singleton
public final class ServiceAccountStore {
  private final Table table;

  @Inject
  public ServiceAccountStore(Table table) {
    this.table = table;
  }

  /** A service account as read, with the version and secret hash its changes are conditional on. */
  public static final class Stored {
    private final ServiceAccountItem item;

    private Stored(ServiceAccountItem item) {
      this.item = item;
    }

    public ServiceAccount account() {
      return item.toServiceAccount();
    }
  }

  /** Which account a secret (by hash) authenticates: org id and account id. */
  public record SecretOwner(String orgId, String serviceAccountId) {}

  /**
   * Creates the account with its secret pointer, counted against the org's {@code cap} in the same
   * transaction: past the cap it throws the cap's problem and writes nothing.
   */
  public void create(ServiceAccount account, String secretHash, int cap) {
    try {
      table.transact(TransactWriteItemsEnhancedRequest.builder()
          .addUpdateItem(table.usage(), UsageItem.change(account.orgId(), UsageItem.Counter.SERVICE_ACCOUNTS, 1,
              cap - 1L))
          .addPutItem(table.serviceAccounts(), TransactPutItemEnhancedRequest.builder(ServiceAccountItem.class)
              .item(ServiceAccountItem.of(account, secretHash)).conditionExpression(Conditions.ABSENT).build())
          .addPutItem(table.secrets(), TransactPutItemEnhancedRequest.builder(SecretItem.class)
              .item(SecretItem.of(secretHash, account.orgId(), account.id())).conditionExpression(Conditions.ABSENT)
              .build())
          .build());
    } catch (ConcurrentChangeException lost) {
      if (lost.failedAt(0)) {
        throw OrgCap.SERVICE_ACCOUNTS.reached(cap);
      }
      throw lost;
    }
  }

  public Optional<Stored> find(String orgId, String serviceAccountId) {
    return Optional.ofNullable(table.serviceAccounts().getItem(r -> r.key(StoredItem.key(Keys.org(orgId),
        Keys.serviceAccount(serviceAccountId))).consistentRead(true))).map(Stored::new);
  }

  /** The owner of a secret, strongly consistent: empty once the secret was rotated away or deleted. */
  public Optional<SecretOwner> ownerOfSecret(String secretHash) {
    return Optional.ofNullable(table.secrets().getItem(r -> r.key(StoredItem.key(Keys.secret(secretHash), Keys.SECRET))
        .consistentRead(true))).map(item -> new SecretOwner(item.getOrgId(), item.getServiceAccountId()));
  }

  /** One page of the org's service accounts, in id order. */
  public ListPage<ServiceAccount> list(String orgId, ListPosition from, int limit) {
    return PagedQuery.run(Keys.org(orgId), List.of(new PagedQuery.Segment<ServiceAccountItem, ServiceAccount>(
        table.serviceAccounts(), Keys.SERVICE_ACCOUNT_PREFIX, item -> Optional.of(item.toServiceAccount()))), from, limit);
  }

  /** Every service account of the org, strongly consistent (to take a deleted role off them). */
  public List<Stored> all(String orgId) {
    List<Stored> accounts = new ArrayList<>();
    table.serviceAccounts().query(r -> r.queryConditional(QueryConditional.sortBeginsWith(k -> k
            .partitionValue(Keys.org(orgId)).sortValue(Keys.SERVICE_ACCOUNT_PREFIX))).consistentRead(true))
        .items().forEach(item -> accounts.add(new Stored(item)));
    return accounts;
  }

  /**
   * Sets the roles of up to 99 accounts at once, each write conditional on the version it was read
   * at (a rotation or deletion in between makes the caller read again); secrets are left as they are.
   */
  public void setRoles(List<Map.Entry<Stored, List<String>>> changes) {
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
    for (Map.Entry<Stored, List<String>> change : changes) {
      ServiceAccountItem item = copy(change.getKey().item);
      item.setRoles(List.copyOf(change.getValue()));
      tx.addUpdateItem(table.serviceAccounts(), item);
    }
    table.transact(tx.build());
  }

  /** Replaces the account's secret: the old one stops working in the same transaction. */
  public void rotate(Stored stored, String newSecretHash) {
    ServiceAccountItem item = copy(stored.item);
    String oldHash = item.getSecretHash();
    item.setSecretHash(newSecretHash);
    table.transact(TransactWriteItemsEnhancedRequest.builder()
        .addUpdateItem(table.serviceAccounts(), item)
        .addDeleteItem(table.secrets(), StoredItem.key(Keys.secret(oldHash), Keys.SECRET))
        .addPutItem(table.secrets(), TransactPutItemEnhancedRequest.builder(SecretItem.class)
            .item(SecretItem.of(newSecretHash, item.getOrgId(), item.getServiceAccountId()))
            .conditionExpression(Conditions.ABSENT).build())
        .build());
  }

  /** Deletes the account and its secret pointer together, counting it off the org's accounts. */
  public void delete(Stored stored) {
    table.transact(TransactWriteItemsEnhancedRequest.builder()
        .addUpdateItem(table.usage(), UsageItem.change(stored.item.getOrgId(), UsageItem.Counter.SERVICE_ACCOUNTS, -1))
        .addDeleteItem(table.serviceAccounts(), TransactDeleteItemEnhancedRequest.builder()
            .key(stored.item.key()).conditionExpression(Conditions.versionIs(stored.item.getVersion())).build())
        .addDeleteItem(table.secrets(), StoredItem.key(Keys.secret(stored.item.getSecretHash()), Keys.SECRET))
        .build());
  }

  private static ServiceAccountItem copy(ServiceAccountItem item) {
    return ServiceAccountItem.schema().mapToItem(ServiceAccountItem.schema().itemToMap(item, false));
  }
}
