package io.usersroles.service;

import io.usersroles.access.Action;
import io.usersroles.config.Settings;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Ids;
import io.usersroles.domain.Page;
import io.usersroles.domain.Principal;
import io.usersroles.domain.ServiceAccount;
import io.usersroles.domain.Text;
import io.usersroles.security.Crypto;
import io.usersroles.security.ServiceAccountSecrets;
import io.usersroles.store.Cursors;
import io.usersroles.store.ListPage;
import io.usersroles.store.OptimisticRetry;
import io.usersroles.store.ServiceAccountStore;
import io.usersroles.store.VersionedServiceAccount;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Service accounts: machines with roles and a secret shown once. Creating one, or
 * rotating its secret, hands the caller the account's permissions, so both need the caller to hold
 * everything the account's roles grant (no escalation).
 */
@Singleton
public final class ServiceAccountService {
  private static final int MAX_NAME = 100;
  private static final int MAX_ROLES = 50;

  private final AccessControl access;
  private final ServiceAccountStore accounts;
  private final Cursors cursors;
  private final Clock clock;
  private final int maxAccounts;

  @Inject
  public ServiceAccountService(AccessControl access, ServiceAccountStore accounts, Cursors cursors, Clock clock,
      Settings settings) {
    this.access = access;
    this.accounts = accounts;
    this.cursors = cursors;
    this.clock = clock;
    this.maxAccounts = settings.limits().serviceAccounts();
  }

  /** An account with the secret that only this answer shows. */
  public record WithSecret(ServiceAccount account, String secret) {}

  /** 404 for non-members, 403 without {@code service-accounts:manage} (before a request is read). */
  public void requireManager(Principal caller, String orgId) {
    access.require(caller, orgId, Action.SERVICE_ACCOUNTS_MANAGE);
  }

  /** 404 for non-members, 403 without {@code members:view}. */
  public void requireViewer(Principal caller, String orgId) {
    access.require(caller, orgId, Action.MEMBERS_VIEW);
  }

  public WithSecret create(Principal caller, String orgId, String name, List<String> roles) {
    OrgAccess standing = access.require(caller, orgId, Action.SERVICE_ACCOUNTS_MANAGE);
    String checkedName = Text.requireDisplayText("name", name, MAX_NAME);
    if (roles.size() > MAX_ROLES) {
      throw DomainException.invalidField("roles", "at most " + MAX_ROLES + " roles");
    }
    List<String> unique = List.copyOf(new LinkedHashSet<>(roles));
    access.requireGrantable(standing, unique);
    ServiceAccount account = new ServiceAccount(Ids.newServiceAccountId(), orgId, checkedName, unique,
        Instant.now(clock).truncatedTo(ChronoUnit.MILLIS), caller.id());
    String secret = ServiceAccountSecrets.newSecret();
    // a retry only follows a transaction conflict on the org's counter; the ids are fresh either way
    OptimisticRetry.run(() -> accounts.create(account, Crypto.hashOf(secret), maxAccounts));
    return new WithSecret(account, secret);
  }

  public Page<ServiceAccount> list(Principal caller, String orgId, int limit, String cursor) {
    access.require(caller, orgId, Action.MEMBERS_VIEW);
    Listing.requireLimit(limit);
    String scope = "service-accounts\n" + orgId;
    ListPage<ServiceAccount> page = accounts.list(orgId, cursors.decode(scope, cursor), limit);
    return new Page<>(page.rows(), cursors.encode(scope, page.next()));
  }

  /** A new secret; the old one fails from the moment this returns. */
  public String rotateSecret(Principal caller, String orgId, String serviceAccountId) {
    OrgAccess standing = access.require(caller, orgId, Action.SERVICE_ACCOUNTS_MANAGE);
    return OptimisticRetry.get(() -> {
      VersionedServiceAccount stored = find(orgId, serviceAccountId);
      List<String> known = stored.account().roles().stream().filter(standing.compiledRoles()::hasRole).toList();
      access.requireGrantable(standing, known);
      String secret = ServiceAccountSecrets.newSecret();
      accounts.rotate(stored, Crypto.hashOf(secret));
      return secret;
    });
  }

  public void delete(Principal caller, String orgId, String serviceAccountId) {
    access.require(caller, orgId, Action.SERVICE_ACCOUNTS_MANAGE);
    OptimisticRetry.run(() -> accounts.delete(find(orgId, serviceAccountId)));
  }

  private VersionedServiceAccount find(String orgId, String serviceAccountId) {
    return accounts.find(orgId, serviceAccountId)
        .orElseThrow(() -> DomainException.notFound("No such service account"));
  }
}
