package io.usersroles.service;

import io.usersroles.access.Action;
import io.usersroles.access.BuiltInRole;
import io.usersroles.access.CompiledRoles;
import io.usersroles.access.CustomRole;
import io.usersroles.access.FilePermission;
import io.usersroles.config.AwsFailures;
import io.usersroles.config.Settings;
import io.usersroles.domain.AuditAction;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Ids;
import io.usersroles.domain.OrgCap;
import io.usersroles.domain.Page;
import io.usersroles.domain.Principal;
import io.usersroles.domain.Text;
import io.usersroles.store.ConcurrentChangeException;
import io.usersroles.store.Cursors;
import io.usersroles.store.InvitationSlotStore;
import io.usersroles.store.ListPosition;
import io.usersroles.store.MembershipStore;
import io.usersroles.store.OptimisticRetry;
import io.usersroles.store.RoleStore;
import io.usersroles.store.ServiceAccountStore;
import io.usersroles.store.VersionedMembership;
import io.usersroles.store.VersionedRoles;
import io.usersroles.store.VersionedServiceAccount;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Roles of an organisation: the built-in ones (listed, immutable) and custom ones
 * (created, replaced, deleted under {@code roles:manage}, never granting more than the caller holds).
 */
@Singleton
public final class RoleService {
  private static final Logger LOG = LoggerFactory.getLogger(RoleService.class);

  private final AccessControl access;
  private final RoleStore roles;
  private final MembershipStore memberships;
  private final ServiceAccountStore serviceAccounts;
  private final InvitationSlotStore invitationSlots;
  private final Cursors cursors;
  private final int maxCustomRoles;
  private final Clock clock;

  @Inject
  public RoleService(AccessControl access, RoleStore roles, MembershipStore memberships,
      ServiceAccountStore serviceAccounts, InvitationSlotStore invitationSlots, Cursors cursors, Settings settings,
      Clock clock) {
    this.maxCustomRoles = settings.limits().customRoles();
    this.clock = clock;
    this.access = access;
    this.roles = roles;
    this.memberships = memberships;
    this.serviceAccounts = serviceAccounts;
    this.invitationSlots = invitationSlots;
    this.cursors = cursors;
  }

  /** A role as the API shows it: built-in roles carry their permissions and no scope fields. */
  public record RoleView(String id, String name, boolean builtIn, Optional<CustomRole> custom, List<String> users,
      Set<Action> builtInPermissions) {}

  /** Checks that the caller may see the roles of {@code orgId}: not found for non-members. */
  public void requireViewer(Principal caller, String orgId) {
    access.require(caller, orgId, Action.MEMBERS_VIEW);
  }

  /** Checks that the caller may manage roles in {@code orgId}: not found for non-members, else forbidden. */
  public void requireManager(Principal caller, String orgId) {
    access.require(caller, orgId, Action.ROLES_MANAGE);
  }

  /** Where a role sits in the list: the built-in roles first (segment 0), then custom roles by name. */
  private record Listed(int segment, String sortKey, Optional<BuiltInRole> builtIn, Optional<CustomRole> custom) {}

  /**
   * One page of the org's roles (paged like every list: {@code limit}, opaque cursors): the built-in
   * roles in their fixed order, then the custom roles ordered by name (case-insensitively, the way
   * names are unique), so a cursor stays meaningful when roles are added or deleted between pages.
   */
  public Page<RoleView> list(Principal caller, String orgId, int limit, String cursor) {
    OrgAccess standing = access.require(caller, orgId, Action.MEMBERS_VIEW);
    Listing.requireLimit(limit);
    String scope = "roles\n" + orgId;
    ListPosition from = cursors.decode(scope, cursor);
    List<Listed> all = new ArrayList<>();
    for (BuiltInRole role : BuiltInRole.values()) {
      all.add(new Listed(0, String.valueOf(role.ordinal()), Optional.of(role), Optional.empty()));
    }
    List<Listed> custom = new ArrayList<>();
    for (CustomRole role : standing.compiledRoles().customRoles()) {
      custom.add(new Listed(1, role.name().toLowerCase(Locale.ROOT), Optional.empty(), Optional.of(role)));
    }
    custom.sort(Comparator.comparing(Listed::sortKey));
    all.addAll(custom);
    List<Listed> page = new ArrayList<>();
    boolean more = false;
    for (Listed entry : all) {
      boolean after = entry.segment() > from.segment() || (entry.segment() == from.segment()
          && (from.afterSortKey() == null || entry.sortKey().compareTo(from.afterSortKey()) > 0));
      if (!after) {
        continue;
      }
      if (page.size() == limit) {
        more = true;
        break;
      }
      page.add(entry);
    }
    Map<String, List<String>> holders = page.isEmpty() ? Map.of() : holders(orgId);
    List<RoleView> views = new ArrayList<>(page.size());
    for (Listed entry : page) {
      views.add(entry.builtIn().isPresent() ? builtIn(entry.builtIn().get(), holders)
          : custom(entry.custom().orElseThrow(), holders));
    }
    Listed last = page.isEmpty() ? null : page.get(page.size() - 1);
    return new Page<>(views, more ? cursors.encode(scope, new ListPosition(last.segment(), last.sortKey())) : null);
  }

  public RoleView get(Principal caller, String orgId, String roleId) {
    OrgAccess standing = access.require(caller, orgId, Action.MEMBERS_VIEW);
    Optional<BuiltInRole> builtIn = BuiltInRole.fromId(roleId);
    if (builtIn.isPresent()) {
      return builtIn(builtIn.get(), holders(orgId));
    }
    CustomRole role = standing.compiledRoles().customRoles().stream().filter(r -> r.id().equals(roleId)).findFirst()
        .orElseThrow(() -> DomainException.notFound("No such role"));
    return custom(role, holders(orgId));
  }

  public RoleView create(Principal caller, String requestId, String orgId, RoleInput input) {
    return write(caller, requestId, orgId, Optional.empty(), input);
  }

  public RoleView replace(Principal caller, String requestId, String orgId, String roleId, RoleInput input) {
    if (BuiltInRole.fromId(roleId).isPresent()) {
      access.require(caller, orgId, Action.ROLES_MANAGE);
      throw DomainException.conflict("built-in-role", "Built-in roles cannot be changed");
    }
    return write(caller, requestId, orgId, Optional.of(roleId), input);
  }

  /**
   * Deletes a custom role: one transaction revokes it (the roles item, with the request's audit event),
   * then its id is taken off its holders and open invitations, whose transactions add them to the event.
   */
  public void delete(Principal caller, String requestId, String orgId, String roleId) {
    OrgAccess standing = access.require(caller, orgId, Action.ROLES_MANAGE);
    if (BuiltInRole.fromId(roleId).isPresent()) {
      throw DomainException.conflict("built-in-role", "Built-in roles cannot be deleted");
    }
    Supplier<VersionedRoles> read = readRoles(standing, orgId);
    AuditEvent deleted = OptimisticRetry.get(() -> {
      VersionedRoles stored = read.get();
      List<CustomRole> remaining = new ArrayList<>(stored.roles());
      CustomRole role = stored.roles().stream().filter(r -> r.id().equals(roleId)).findFirst()
          .orElseThrow(() -> DomainException.notFound("No such role"));
      remaining.remove(role);
      // taking a role away from its holders needs what granting it would: every permission it holds
      requireMayChange(standing, stored, roleId);
      // writing the roles item alone revokes the role: the engine ignores assignments of unknown ids
      AuditEvent event = AuditEvent.of(caller, requestId, orgId, AuditAction.ROLE_DELETED, clock)
          .withTarget(AuditEvent.Target.role(role.id(), role.name()));
      roles.save(orgId, stored, remaining, Map.of(), Map.of(), event);
      return event;
    });
    prune("members", orgId, roleId, () -> memberships.all(orgId), m -> m.membership().roles(),
        m -> AuditEvent.Target.member(m.membership()), memberships::setRoles, deleted);
    prune("service accounts", orgId, roleId, () -> serviceAccounts.all(orgId), a -> a.account().roles(),
        a -> AuditEvent.Target.serviceAccount(a.account()), serviceAccounts::setRoles, deleted);
    // accepting grants only roles that exist anyway; this keeps the listed roles of open invitations true
    prune("open invitations", orgId, roleId, () -> invitationSlots.allOpen(orgId), i -> i.invitation().roles(),
        i -> AuditEvent.Target.invitation(i.invitation()), invitationSlots::setRoles, deleted);
  }

  /** Writes a batch of role changes of one kind with the part of the audit event naming them. */
  @FunctionalInterface
  private interface RoleChangesWriter<H> {
    void write(List<Map.Entry<H, List<String>>> changes, AuditEvent event);
  }

  /**
   * Takes a deleted role's id off everything of one kind that holds or grants it (members, service
   * accounts, open invitations), 98 per transaction with the deletion's event, which each transaction
   * adds them to as targets, so that listed {@code roles} name only roles that exist.
   */
  private <H> void prune(String kind, String orgId, String roleId, Supplier<List<H>> all,
      Function<H, List<String>> rolesOf, Function<H, AuditEvent.Target> targetOf, RoleChangesWriter<H> setRoles,
      AuditEvent deleted) {
    try {
      OptimisticRetry.run(() -> {
        List<Map.Entry<H, List<String>>> changes = new ArrayList<>();
        for (H holder : all.get()) {
          List<String> held = rolesOf.apply(holder);
          if (held.contains(roleId)) {
            List<String> without = new ArrayList<>(held);
            without.removeIf(roleId::equals);
            changes.add(Map.entry(holder, without));
          }
        }
        for (int from = 0; from < changes.size(); from += PRUNED_PER_TRANSACTION) {
          List<Map.Entry<H, List<String>>> batch =
              changes.subList(from, Math.min(changes.size(), from + PRUNED_PER_TRANSACTION));
          setRoles.write(batch, deleted.onlyTargets(batch.stream().map(c -> targetOf.apply(c.getKey())).toList()));
        }
      });
    } catch (ConcurrentChangeException gaveUp) {
      // harmless leftovers: the engine ignores the ids of roles that no longer exist
      LOG.warn("role {} of org {} is deleted but still listed on some {} (they kept changing)", roleId, orgId, kind);
    } catch (SdkException failed) {
      // the deletion is done (the roles item is written); a throttled clean-up must not turn it into a 503
      if (!AwsFailures.isTransient(failed)) {
        throw failed;
      }
      LOG.warn("role {} of org {} is deleted but still listed on some {} (DynamoDB unavailable: {})", roleId, orgId,
          kind, failed.toString());
    }
  }

  /**
   * The org's custom roles for each attempt of a role edit: first as the caller's access check read
   * them (the same consistent read, so the edit costs no read of its own), then, after a write found
   * them changed, read again.
   */
  private Supplier<VersionedRoles> readRoles(OrgAccess standing, String orgId) {
    boolean[] first = {true};
    return () -> {
      if (first[0]) {
        first[0] = false;
        return standing.storedRoles();
      }
      return roles.load(orgId);
    };
  }

  /** Holders pruned per transaction: a transaction holds 100 actions, one of them the audit event. */
  private static final int PRUNED_PER_TRANSACTION = 99;

  private RoleView write(Principal caller, String requestId, String orgId, Optional<String> roleId, RoleInput input) {
    OrgAccess standing = access.require(caller, orgId, Action.ROLES_MANAGE);
    CustomRole role = input.toRole(roleId.orElseGet(Ids::newRoleId));
    Supplier<VersionedRoles> read = readRoles(standing, orgId);
    return OptimisticRetry.get(() -> {
      VersionedRoles stored = read.get();
      List<CustomRole> updated = withRole(stored.roles(), roleId.isPresent(), role);
      if (roleId.isPresent()) {
        // replacing a role takes its old content from its holders: the caller must hold that too
        requireMayChange(standing, stored, role.id());
      }
      // no escalation: the caller must hold everything the role grants, judged by the roles it holds
      // now (with the roles as they are stored), not as this write would make them; only the role
      // written is looked up in the proposed roles, so it is the only one compiled
      access.requireGrantable(standing, CompiledRoles.compile(List.of(role)), List.of(role.id()));
      // a new role's id is fresh: no one holds it, so without users there is no one to look up
      HolderChanges holders = roleId.isEmpty() && input.users().isEmpty() ? HolderChanges.NONE
          : holderChanges(orgId, role.id(), input.users());
      roles.save(orgId, stored, updated, holders.members(), holders.serviceAccounts(),
          roleEvent(caller, requestId, orgId, stored, role, holders));
      return custom(role, Map.of(role.id(), holders.holders())); // its holders are exactly who was asked for
    });
  }

  /**
   * The audit event of writing {@code role}: created, or updated with each field that changed (its
   * {@code users} included); its targets are the role and every member and service account whose
   * assignment changed.
   */
  private AuditEvent roleEvent(Principal caller, String requestId, String orgId, VersionedRoles stored,
      CustomRole role, HolderChanges holders) {
    Optional<CustomRole> before = stored.roles().stream().filter(r -> r.id().equals(role.id())).findFirst();
    AuditEvent event = AuditEvent.of(caller, requestId, orgId,
        before.isPresent() ? AuditAction.ROLE_UPDATED : AuditAction.ROLE_CREATED, clock)
        .withTarget(AuditEvent.Target.role(role.id(), role.name()));
    for (VersionedMembership member : holders.members().keySet()) {
      event = event.withTarget(AuditEvent.Target.member(member.membership()));
    }
    for (VersionedServiceAccount account : holders.serviceAccounts().keySet()) {
      event = event.withTarget(AuditEvent.Target.serviceAccount(account.account()));
    }
    if (before.isEmpty()) {
      return event;
    }
    CustomRole old = before.get();
    return event.withChange("name", old.name(), role.name())
        .withChange("description", old.description(), role.description())
        .withChange("idpGroups", old.idpGroups(), role.idpGroups())
        .withChange("allProjects", old.allProjects(), role.allProjects())
        .withChange("projects", old.projects(), role.projects())
        .withChange("permissions", wireNames(old.permissions()), wireNames(role.permissions()))
        .withChange("filePermissions", files(old.filePermissions()), files(role.filePermissions()))
        .withChange("users", holders.before(), holders.holders());
  }

  private static List<String> wireNames(Set<Action> actions) {
    return actions.stream().map(Action::wireName).sorted().toList();
  }

  private static List<Map<String, Object>> files(List<FilePermission> files) {
    List<Map<String, Object>> described = new ArrayList<>(files.size());
    for (FilePermission file : files) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("project", file.project());
      one.put("path", file.path());
      one.put("permissions", wireNames(file.permissions()));
      described.add(one);
    }
    return described;
  }

  /** 403 unless the caller holds every permission of the role {@code roleId} as stored. */
  private void requireMayChange(OrgAccess standing, VersionedRoles stored, String roleId) {
    access.requireGrantable(standing, CompiledRoles.compile(stored.roles()), List.of(roleId));
  }

  /**
   * The org's custom roles with {@code role} in them: in place of the role with its id when
   * {@code replacing} (404 when there is none), else added (409 at the org's cap); 409 when another
   * role, or a built-in one, has its name as people read names: case and width folded, and letters
   * that look alike taken as the same ({@link Text#looksAlike}: {@code оwner} with a Cyrillic
   * {@code о} is {@code owner}, {@code Bui1ders} is {@code Builders}). A role keeping its stored name
   * is not checked again, so a role stored before the look-alike rule can still be edited.
   */
  private List<CustomRole> withRole(List<CustomRole> stored, boolean replacing, CustomRole role) {
    List<CustomRole> updated = new ArrayList<>(stored);
    int index = -1;
    for (int i = 0; i < updated.size(); i++) {
      if (updated.get(i).id().equals(role.id())) {
        index = i;
      }
    }
    if (replacing && index < 0) {
      throw DomainException.notFound("No such role");
    }
    if (!replacing && updated.size() >= maxCustomRoles) {
      // the roles are one item written on its version, so two creates cannot both pass this check
      throw OrgCap.CUSTOM_ROLES.reached(maxCustomRoles);
    }
    if (index < 0 || !stored.get(index).name().equals(role.name())) {
      Set<String> keys = Text.lookAlikeKeys(role.name());
      for (int i = 0; i < updated.size(); i++) {
        if (i != index && !Collections.disjoint(keys, Text.lookAlikeKeys(updated.get(i).name()))) {
          throw DomainException.conflict("duplicate-role-name", "A role named '" + updated.get(i).name()
              + "' already exists (names that differ only in case, width or look-alike letters are the same name)");
        }
      }
      for (BuiltInRole builtIn : BuiltInRole.values()) {
        if (!Collections.disjoint(keys, Text.lookAlikeKeys(builtIn.id()))) {
          throw DomainException.conflict("duplicate-role-name", "'" + role.name() + "' is, or looks like, the name of "
              + "the built-in role '" + builtIn.id() + "'");
        }
      }
    }
    if (index >= 0) {
      updated.set(index, role);
    } else {
      updated.add(role);
    }
    return updated;
  }

  /**
   * The members and service accounts whose assignments change so that exactly {@code users} hold the
   * role, and who they are (members first, then service accounts).
   */
  private record HolderChanges(Map<VersionedMembership, List<String>> members,
      Map<VersionedServiceAccount, List<String>> serviceAccounts, List<String> holders, List<String> before) {
    static final HolderChanges NONE = new HolderChanges(Map.of(), Map.of(), List.of(), List.of());
  }

  /** 400 when {@code users} names someone who is neither a member nor a service account of the org. */
  private HolderChanges holderChanges(String orgId, String roleId, List<String> users) {
    Set<String> wanted = new LinkedHashSet<>(users);
    Set<String> found = new LinkedHashSet<>();
    List<String> before = new ArrayList<>();
    Map<VersionedMembership, List<String>> members = assignmentChanges(memberships.all(orgId),
        m -> m.membership().userId(), m -> m.membership().roles(), roleId, wanted, found, before);
    Map<VersionedServiceAccount, List<String>> accounts = assignmentChanges(serviceAccounts.all(orgId),
        a -> a.account().id(), a -> a.account().roles(), roleId, wanted, found, before);
    wanted.removeAll(found);
    if (!wanted.isEmpty()) {
      throw DomainException.invalidField("users", "not members or service accounts of this organisation: "
          + String.join(", ", wanted));
    }
    return new HolderChanges(members, accounts, List.copyOf(found), List.copyOf(before));
  }

  /**
   * Of {@code holders} (all members, or all service accounts), those whose roles must change so that
   * they hold {@code roleId} exactly when {@code wanted} names them, with their new roles; adds the
   * wanted ones it sees to {@code found} and those holding it now to {@code before}.
   */
  private static <H> Map<H, List<String>> assignmentChanges(List<H> holders, Function<H, String> idOf,
      Function<H, List<String>> rolesOf, String roleId, Set<String> wanted, Set<String> found, List<String> before) {
    Map<H, List<String>> changes = new LinkedHashMap<>();
    for (H holder : holders) {
      List<String> held = rolesOf.apply(holder);
      boolean holds = held.contains(roleId);
      if (holds) {
        before.add(idOf.apply(holder));
      }
      boolean should = wanted.contains(idOf.apply(holder));
      if (should) {
        found.add(idOf.apply(holder));
      }
      if (holds != should) {
        List<String> next = new ArrayList<>(held);
        if (should) {
          next.add(roleId);
        } else {
          next.remove(roleId);
        }
        changes.put(holder, next);
      }
    }
    return changes;
  }

  /** Who holds each role directly, by role id: members (in key order), then service accounts. */
  private Map<String, List<String>> holders(String orgId) {
    Map<String, List<String>> holders = new LinkedHashMap<>();
    for (VersionedMembership member : memberships.all(orgId)) {
      for (String role : member.membership().roles()) {
        holders.computeIfAbsent(role, r -> new ArrayList<>()).add(member.membership().userId());
      }
    }
    for (VersionedServiceAccount account : serviceAccounts.all(orgId)) {
      for (String role : account.account().roles()) {
        holders.computeIfAbsent(role, r -> new ArrayList<>()).add(account.account().id());
      }
    }
    return holders;
  }

  private static RoleView builtIn(BuiltInRole role, Map<String, List<String>> holders) {
    Set<Action> permissions = EnumSet.noneOf(Action.class);
    permissions.addAll(role.always());
    permissions.addAll(role.ownOnly());
    return new RoleView(role.id(), role.id(), true, Optional.empty(), holders.getOrDefault(role.id(), List.of()),
        permissions);
  }

  private static RoleView custom(CustomRole role, Map<String, List<String>> holders) {
    return new RoleView(role.id(), role.name(), false, Optional.of(role), holders.getOrDefault(role.id(), List.of()),
        Set.of());
  }
}
