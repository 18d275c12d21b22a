package io.usersroles.service;

import io.usersroles.access.Action;
import io.usersroles.config.Settings;
import io.usersroles.domain.AuditAction;
import io.usersroles.domain.AuditEvent;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Service accounts: machines with roles and a secret shown once. Creating one, or
 * rotating its secret, hands the caller the account's permissions, so both need the caller to hold
 * everything the account's roles grant (no escalation); changing its roles needs the caller to hold
 * what every role added or taken away grants, as for a member.
 */
@Singleton
public final class ServiceAccountService {
  private static final int MAX_NAME = 100;
  private static final int MAX_DESCRIPTION = 1000;
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

  /** What a change of an account sets; an empty field stays as it is. */
  public record Change(Optional<String> name, Optional<String> description, Optional<List<String>> roles) {}

  /** A new account named {@code name}; {@code description} {@code null} or empty: none. */
  public WithSecret create(Principal caller, String requestId, String orgId, String name, String description,
      List<String> roles) {
    OrgAccess standing = access.require(caller, orgId, Action.SERVICE_ACCOUNTS_MANAGE);
    String checkedName = Text.requireDisplayText("name", name, MAX_NAME);
    String checkedDescription = description(description);
    List<String> unique = roles(roles);
    access.requireGrantable(standing, unique);
    ServiceAccount account = new ServiceAccount(Ids.newServiceAccountId(), orgId, checkedName, checkedDescription,
        unique, Instant.now(clock).truncatedTo(ChronoUnit.MILLIS), caller.id());
    String secret = ServiceAccountSecrets.newSecret();
    // a retry only follows a transaction conflict on the org's counter; the ids are fresh either way
    AuditEvent event = AuditEvent.of(caller, requestId, orgId, AuditAction.SERVICE_ACCOUNT_CREATED, account.createdAt())
        .withTarget(AuditEvent.Target.serviceAccount(account));
    OptimisticRetry.run(() -> accounts.create(account, Crypto.hashOf(secret), maxAccounts, event));
    return new WithSecret(account, secret);
  }

  public Page<ServiceAccount> list(Principal caller, String orgId, int limit, String cursor) {
    access.require(caller, orgId, Action.MEMBERS_VIEW);
    Listing.requireLimit(limit);
    String scope = "service-accounts\n" + orgId;
    ListPage<ServiceAccount> page = accounts.list(orgId, cursors.decode(scope, cursor), limit);
    return new Page<>(page.rows(), cursors.encode(scope, page.next()));
  }

  /** One service account of the org, never its secret. */
  public ServiceAccount get(Principal caller, String orgId, String serviceAccountId) {
    access.require(caller, orgId, Action.MEMBERS_VIEW);
    return find(orgId, serviceAccountId).account();
  }

  /**
   * Changes an account's name, description and/or roles (merge-patch: what {@code change} leaves empty
   * stays); its secret stays as it is. Changing the roles needs the caller to be able to grant every
   * role added and every role taken away (roles since deleted just go); a change of the name or
   * description alone needs only {@code service-accounts:manage}. Nothing is written when any part is
   * invalid or refused.
   */
  public ServiceAccount update(Principal caller, String requestId, String orgId, String serviceAccountId,
      Change change) {
    // authorised once, as the request arrives: see UserService.updateRoles
    OrgAccess standing = access.require(caller, orgId, Action.SERVICE_ACCOUNTS_MANAGE);
    Optional<String> name = change.name().map(n -> Text.requireDisplayText("name", n, MAX_NAME));
    Optional<String> description = change.description().map(ServiceAccountService::description);
    Optional<List<String>> roles = change.roles().map(ServiceAccountService::roles);
    return OptimisticRetry.get(() -> {
      VersionedServiceAccount stored = find(orgId, serviceAccountId);
      ServiceAccount account = stored.account();
      List<String> wanted = roles.orElse(account.roles());
      if (roles.isPresent()) {
        List<String> unknown = wanted.stream().filter(id -> !standing.compiledRoles().hasRole(id)).toList();
        if (!unknown.isEmpty()) {
          throw DomainException.invalidField("roles", "unknown role(s): " + String.join(", ", unknown));
        }
        Set<String> changed = new LinkedHashSet<>(wanted);
        changed.removeAll(account.roles());
        List<String> removed = new ArrayList<>(account.roles());
        removed.removeAll(wanted);
        removed.removeIf(id -> !standing.compiledRoles().hasRole(id)); // assignments of deleted roles just go
        changed.addAll(removed);
        access.requireGrantable(standing, List.copyOf(changed));
      }
      ServiceAccount updated = account.with(name.orElse(account.name()), description.orElse(account.description()),
          wanted);
      if (!updated.equals(account)) {
        accounts.update(stored, updated,
            AuditEvent.of(caller, requestId, orgId, AuditAction.SERVICE_ACCOUNT_UPDATED, clock)
                .withTarget(AuditEvent.Target.serviceAccount(updated))
                .withChange("name", account.name(), updated.name())
                .withChange("description", account.description(), updated.description())
                .withChange("roles", account.roles(), updated.roles()));
      }
      return updated;
    });
  }

  /** A new secret; the old one fails from the moment this returns. */
  public String rotateSecret(Principal caller, String requestId, String orgId, String serviceAccountId) {
    OrgAccess standing = access.require(caller, orgId, Action.SERVICE_ACCOUNTS_MANAGE);
    return OptimisticRetry.get(() -> {
      VersionedServiceAccount stored = find(orgId, serviceAccountId);
      List<String> known = stored.account().roles().stream().filter(standing.compiledRoles()::hasRole).toList();
      access.requireGrantable(standing, known);
      String secret = ServiceAccountSecrets.newSecret();
      accounts.rotate(stored, Crypto.hashOf(secret),
          AuditEvent.of(caller, requestId, orgId, AuditAction.SERVICE_ACCOUNT_SECRET_ROTATED, clock)
              .withTarget(AuditEvent.Target.serviceAccount(stored.account())));
      return secret;
    });
  }

  public void delete(Principal caller, String requestId, String orgId, String serviceAccountId) {
    access.require(caller, orgId, Action.SERVICE_ACCOUNTS_MANAGE);
    OptimisticRetry.run(() -> {
      VersionedServiceAccount stored = find(orgId, serviceAccountId);
      accounts.delete(stored, AuditEvent.of(caller, requestId, orgId, AuditAction.SERVICE_ACCOUNT_DELETED, clock)
          .withTarget(AuditEvent.Target.serviceAccount(stored.account())));
    });
  }

  /** A description as stored: {@code ""} for none, else display text of at most 1000 characters. */
  private static String description(String description) {
    return description == null || description.isEmpty() ? ""
        : Text.requireDisplayText("description", description, MAX_DESCRIPTION);
  }

  /** The roles of a request without repeats; 400 past 50. */
  private static List<String> roles(List<String> roles) {
    if (roles.size() > MAX_ROLES) {
      throw DomainException.invalidField("roles", "at most " + MAX_ROLES + " roles");
    }
    return List.copyOf(new LinkedHashSet<>(roles));
  }

  private VersionedServiceAccount find(String orgId, String serviceAccountId) {
    return accounts.find(orgId, serviceAccountId)
        .orElseThrow(() -> DomainException.notFound("No such service account"));
  }
}
