package io.usersroles.service;

import io.usersroles.access.Action;
import io.usersroles.access.Check;
import io.usersroles.access.CompiledRoles;
import io.usersroles.access.CompiledRolesCache;
import io.usersroles.access.Decision;
import io.usersroles.access.PermissionEngine;
import io.usersroles.access.RoleHolder;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Membership;
import io.usersroles.domain.Principal;
import io.usersroles.domain.ServiceAccount;
import io.usersroles.store.Keys;
import io.usersroles.store.OrganisationStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * "May P do A on R?": over HTTP for the caller itself or, with
 * {@code permissions:check}, for others; by direct invocation for any principal of an org. Checks are
 * validated all at once (one bad item fails the batch) and answered in order.
 */
@Singleton
public final class PermissionCheckService {
  /** The most checks one request may carry. */
  public static final int MAX_BATCH = 100;

  private final AccessControl access;
  private final OrganisationStore organisations;
  private final CompiledRolesCache compiledRoles;
  private final PermissionEngine engine;

  @Inject
  public PermissionCheckService(AccessControl access, OrganisationStore organisations, CompiledRolesCache compiledRoles,
      PermissionEngine engine) {
    this.access = access;
    this.organisations = organisations;
    this.compiledRoles = compiledRoles;
    this.engine = engine;
  }

  /** A principal a check names: a user or a service account, with the groups its IdP gave it. */
  public record PrincipalRef(String type, String id, Set<String> groups) {
    public static final String USER = "user";
    public static final String SERVICE_ACCOUNT = "service_account";

    public PrincipalRef {
      groups = Set.copyOf(groups);
    }
  }

  /** One validated check and the principal it is about (empty: the caller). */
  public record Question(Optional<PrincipalRef> principal, Check check) {}

  /** 404 unless {@code caller} is a member of {@code orgId} (before a request is even read). */
  public void requireMember(Principal caller, String orgId) {
    access.memberForCheck(caller, orgId);
  }

  /** Checks asked over HTTP by {@code caller}, a member of {@code orgId}. */
  public List<Decision> ask(Principal caller, String orgId, List<Question> questions) {
    OrgAccess standing = access.memberForCheck(caller, orgId);
    boolean onBehalf = questions.stream().anyMatch(q -> q.principal().isPresent() && !isCaller(q, caller));
    if (onBehalf && !engine.decide(standing.compiledRoles(), standing.holder(), Check.of(Action.PERMISSIONS_CHECK))
        .allowed()) {
      throw DomainException.forbidden("permission-denied",
          "Checking on behalf of another principal needs the permission 'permissions:check'");
    }
    if (!onBehalf) {
      List<Decision> decisions = new ArrayList<>(questions.size());
      for (Question question : questions) {
        decisions.add(engine.decide(standing.compiledRoles(), standing.holder(), question.check()));
      }
      return decisions;
    }
    return answer(orgId, questions, Optional.of(standing));
  }

  /** Checks asked by another service through a direct invocation (IAM-authorised): each names its principal. */
  public List<Decision> askDirectly(String orgId, List<Question> questions) {
    for (int i = 0; i < questions.size(); i++) {
      if (questions.get(i).principal().isEmpty()) {
        throw DomainException.invalidField(questions.size() == 1 ? "principal" : "checks[" + i + "].principal",
            "is required when the function is invoked directly");
      }
    }
    if (!Keys.canBeStored(orgId)) {
      // no such organisation can exist: nobody holds a role in it
      return questions.stream().map(q -> engine.decide(CompiledRoles.builtInOnly(),
          RoleHolder.none(q.principal().orElseThrow().id()), q.check())).toList();
    }
    return answer(orgId, questions, Optional.empty());
  }

  private List<Decision> answer(String orgId, List<Question> questions, Optional<OrgAccess> caller) {
    Set<String> userIds = new LinkedHashSet<>();
    Set<String> serviceAccountIds = new LinkedHashSet<>();
    for (Question question : questions) {
      // an id too long for a key names nobody: its checks are denied without a lookup
      question.principal().filter(p -> Keys.canBeStored(p.id()))
          .ifPresent(p -> (p.type().equals(PrincipalRef.USER) ? userIds : serviceAccountIds).add(p.id()));
    }
    // over HTTP the caller's access check already read the org's roles: read only the named principals
    OrganisationStore.PrincipalsSnapshot snapshot = organisations.principals(orgId, userIds, serviceAccountIds,
        caller.isEmpty());
    CompiledRoles roles = caller.map(OrgAccess::compiledRoles)
        .orElseGet(() -> compiledRoles.of(orgId, snapshot.roles().version(), snapshot.roles()::roles));
    List<Decision> decisions = new ArrayList<>(questions.size());
    for (Question question : questions) {
      RoleHolder holder = question.principal()
          .map(p -> holderOf(p, snapshot))
          .orElseGet(() -> caller.orElseThrow().holder());
      decisions.add(engine.decide(roles, holder, question.check()));
    }
    return decisions;
  }

  private static RoleHolder holderOf(PrincipalRef principal, OrganisationStore.PrincipalsSnapshot snapshot) {
    if (principal.type().equals(PrincipalRef.USER)) {
      Membership membership = snapshot.memberships().get(principal.id());
      return membership == null ? RoleHolder.none(principal.id())
          : RoleHolder.member(principal.id(), membership.roles(), principal.groups());
    }
    ServiceAccount account = snapshot.serviceAccounts().get(principal.id());
    return account == null ? RoleHolder.none(principal.id()) : RoleHolder.serviceAccount(account.id(), account.roles());
  }

  private static boolean isCaller(Question question, Principal caller) {
    PrincipalRef principal = question.principal().orElseThrow();
    String callerType = caller instanceof Principal.User ? PrincipalRef.USER : PrincipalRef.SERVICE_ACCOUNT;
    return principal.type().equals(callerType) && principal.id().equals(caller.id()) && principal.groups().isEmpty();
  }
}
