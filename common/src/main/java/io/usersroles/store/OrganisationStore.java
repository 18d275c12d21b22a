package io.usersroles.store;

import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.Membership;
import io.usersroles.domain.Organisation;
import io.usersroles.domain.ServiceAccount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Organisations, and the one-read snapshot of "this org and this caller's membership". */
@Singleton
public final class OrganisationStore {
  private static final int MAX_ATTEMPTS = 10;
  private final Table table;
  private final AuditStore audit;

  @Inject
  public OrganisationStore(Table table, AuditStore audit) {
    this.table = table;
    this.audit = audit;
  }

  /**
   * What the access check needs: the org (if it exists), the caller's membership (if any) and the
   * org's custom roles with the version they were read at (0: none defined yet).
   */
  public record Snapshot(Optional<Organisation> organisation, Optional<VersionedMembership> membership, int ownerCount,
      VersionedRoles roles, Optional<ServiceAccount> serviceAccount) {}

  /**
   * Creates an organisation with its first owner in one transaction; with {@code claimEmail} the
   * owner's address is recorded as held by a member of the org; {@code event} records it.
   */
  public void create(Organisation organisation, Membership owner, boolean claimEmail, AuditEvent event) {
    Table.Tx tx = table.tx()
        .put(OrganisationItem.TYPE, OrganisationItem.of(organisation, owner.userId(), 1))
        .put(MembershipItem.TYPE, MembershipItem.of(owner, null));
    if (claimEmail && owner.email() != null) {
      tx.put(MemberEmailItem.TYPE, MemberEmailItem.of(organisation.orgId(), owner.email(), owner.userId()),
          Conditions.ABSENT);
    }
    table.transact(tx.add(List.of(audit.record(event))));
  }

  /** One strongly consistent BatchGetItem: the org's profile, the member's item and the role catalog. */
  public Snapshot snapshot(String orgId, String userId) {
    return snapshotOf(orgId, Keys.member(userId));
  }

  /** As {@link #snapshot(String, String)} for a service account of the org. */
  public Snapshot snapshotForServiceAccount(String orgId, String serviceAccountId) {
    return snapshotOf(orgId, Keys.serviceAccount(serviceAccountId));
  }

  private Snapshot snapshotOf(String orgId, String principalSortKey) {
    Optional<ServiceAccount> serviceAccount = Optional.empty();
    Optional<Organisation> organisation = Optional.empty();
    Optional<VersionedMembership> membership = Optional.empty();
    int ownerCount = 0;
    VersionedRoles roles = VersionedRoles.NONE;
    List<TableItem> items = table.getAll(List.of(
        TableItem.rawKey(Keys.org(orgId), Keys.PROFILE),
        TableItem.rawKey(Keys.org(orgId), principalSortKey),
        TableItem.rawKey(Keys.org(orgId), Keys.ROLES)));
    for (TableItem item : items) {
      if (item instanceof OrganisationItem) {
        OrganisationItem org = (OrganisationItem) item;
        organisation = Optional.of(org.toOrganisation());
        ownerCount = org.ownerCount();
      } else if (item instanceof MembershipItem) {
        membership = Optional.of(new VersionedMembership((MembershipItem) item));
      } else if (item instanceof CustomRolesItem) {
        roles = new VersionedRoles((CustomRolesItem) item);
      } else if (item instanceof ServiceAccountItem) {
        serviceAccount = Optional.of(((ServiceAccountItem) item).toServiceAccount());
      }
    }
    return new Snapshot(organisation, membership, ownerCount, roles, serviceAccount);
  }

  /**
   * The profiles of {@code orgIds} (strongly consistent, one BatchGetItem per 100), by org id; orgs
   * that do not exist are simply absent.
   */
  public Map<String, Organisation> profiles(Collection<String> orgIds) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>(orgIds.size());
    for (String orgId : new LinkedHashSet<>(orgIds)) {
      keys.add(TableItem.rawKey(Keys.org(orgId), Keys.PROFILE));
    }
    Map<String, Organisation> profiles = new HashMap<>();
    for (TableItem item : table.getAll(keys)) {
      if (item instanceof OrganisationItem org) {
        profiles.put(org.get(OrganisationItem.ORG_ID), org.toOrganisation());
      }
    }
    return profiles;
  }

  /**
   * Applies {@code change} to the current profile and writes it under optimistic locking, with the
   * event {@code record} makes of the profile before and after, re-reading and re-applying when another
   * write came in between. A change that changes nothing writes nothing.
   */
  public Organisation updateProfile(String orgId, UnaryOperator<Organisation> change,
      BiFunction<Organisation, Organisation, AuditEvent> record) {
    // a rename races every owner-count change too (both write PROFILE on its version): allow more tries
    return OptimisticRetry.get(MAX_ATTEMPTS, () -> {
      OrganisationItem item = table.get(OrganisationItem.TYPE, Keys.org(orgId), Keys.PROFILE)
          .orElseThrow(() -> new IllegalStateException("organisation " + orgId + " vanished"));
      Organisation before = item.toOrganisation();
      Organisation changed = change.apply(before);
      if (changed.equals(before)) {
        return before;
      }
      item.set(OrganisationItem.NAME, changed.name());
      item.set(OrganisationItem.AVATAR_URL, changed.avatarUrl());
      table.transact(table.tx()
          .update(OrganisationItem.TYPE, item)
          .add(List.of(audit.record(record.apply(before, changed)))));
      return changed;
    });
  }


  /** What a check about other principals needs: their memberships and the org's role catalog. */
  public record PrincipalsSnapshot(Map<String, Membership> memberships, Map<String, ServiceAccount> serviceAccounts,
      VersionedRoles roles) {}

  /**
   * One strongly consistent BatchGetItem (two past 99 principals) of the memberships of
   * {@code userIds}, the service accounts of {@code serviceAccountIds} and, {@code withRoles}, the
   * role catalog; absent principals are simply not in the maps.
   */
  public PrincipalsSnapshot principals(String orgId, Collection<String> userIds,
      Collection<String> serviceAccountIds, boolean withRoles) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>(userIds.size() + serviceAccountIds.size() + 1);
    if (withRoles) {
      keys.add(TableItem.rawKey(Keys.org(orgId), Keys.ROLES));
    }
    for (String userId : new LinkedHashSet<>(userIds)) {
      keys.add(TableItem.rawKey(Keys.org(orgId), Keys.member(userId)));
    }
    for (String id : new LinkedHashSet<>(serviceAccountIds)) {
      keys.add(TableItem.rawKey(Keys.org(orgId), Keys.serviceAccount(id)));
    }
    Map<String, ServiceAccount> serviceAccounts = new HashMap<>();
    Map<String, Membership> memberships = new HashMap<>();
    VersionedRoles roles = VersionedRoles.NONE;
    for (TableItem item : table.getAll(keys)) {
      if (item instanceof MembershipItem) {
        Membership membership = ((MembershipItem) item).toMembership();
        memberships.put(membership.userId(), membership);
      } else if (item instanceof ServiceAccountItem) {
        ServiceAccount account = ((ServiceAccountItem) item).toServiceAccount();
        serviceAccounts.put(account.id(), account);
      } else if (item instanceof CustomRolesItem) {
        roles = new VersionedRoles((CustomRolesItem) item);
      }
    }
    return new PrincipalsSnapshot(memberships, serviceAccounts, roles);
  }
}
