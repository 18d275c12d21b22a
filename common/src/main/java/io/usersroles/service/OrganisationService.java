package io.usersroles.service;

import io.usersroles.access.Action;
import io.usersroles.access.BuiltInRole;
import io.usersroles.domain.AuditAction;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Ids;
import io.usersroles.domain.Membership;
import io.usersroles.domain.Organisation;
import io.usersroles.domain.Principal;
import io.usersroles.domain.Text;
import io.usersroles.store.OrganisationStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/** Creating organisations, reading and changing their profile. */
@Singleton
public final class OrganisationService {
  static final int MAX_NAME_LENGTH = 100;
  static final int MAX_AVATAR_URL_LENGTH = 2048;

  private final OrganisationStore store;
  private final AccessControl access;
  private final Clock clock;

  @Inject
  public OrganisationService(OrganisationStore store, AccessControl access, Clock clock) {
    this.store = store;
    this.access = access;
    this.clock = clock;
  }

  /** Changes to a profile: a field left {@code null} / not given stays as it is. */
  public record ProfileChanges(String name, boolean avatarUrlGiven, String avatarUrl) {}

  /** 403 for a service account (before a request is even read): only a human creates organisations. */
  public void requireHuman(Principal caller) {
    if (!(caller instanceof Principal.User)) {
      throw DomainException.forbidden("human-only", "Only a human user can create an organisation");
    }
  }

  /** Creates an organisation whose first owner is the caller (a human), in the caller's request {@code requestId}. */
  public Organisation create(Principal caller, String requestId, String name) {
    requireHuman(caller);
    Principal.User user = (Principal.User) caller;
    String validName = Text.requireDisplayText("name", name, MAX_NAME_LENGTH);
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    Organisation organisation = new Organisation(Ids.newOrganisationId(), validName, null, now);
    Membership owner = new Membership(organisation.orgId(), user.id(), user.email(), user.name(),
        List.of(BuiltInRole.OWNER.id()), now);
    // only a verified address is claimed, so an unverified one never blocks inviting its real owner
    store.create(organisation, owner, user.emailVerified(),
        AuditEvent.of(caller, requestId, organisation.orgId(), AuditAction.ORG_CREATED, now)
            .withTarget(AuditEvent.Target.organisation(organisation)));
    return organisation;
  }

  public Organisation get(Principal caller, String orgId) {
    return access.member(caller, orgId).organisation();
  }

  /** 404 for non-members, 403 for members who may not change the profile (before a request is even read). */
  public void requireProfileEditor(Principal caller, String orgId) {
    access.require(caller, orgId, Action.ACCOUNT_UPDATE_PROFILE);
  }

  public Organisation update(Principal caller, String requestId, String orgId, ProfileChanges changes) {
    Organisation current = access.require(caller, orgId, Action.ACCOUNT_UPDATE_PROFILE).organisation();
    String name = changes.name() == null ? null : Text.requireDisplayText("name", changes.name(), MAX_NAME_LENGTH);
    Optional<String> avatarUrl = !changes.avatarUrlGiven() || changes.avatarUrl() == null ? Optional.empty()
        : Optional.of(Text.requireWebUrl("avatarUrl", changes.avatarUrl(), MAX_AVATAR_URL_LENGTH));
    if (name == null && !changes.avatarUrlGiven()) {
      return current;
    }
    return store.updateProfile(orgId, latest -> new Organisation(latest.orgId(),
        name != null ? name : latest.name(),
        changes.avatarUrlGiven() ? avatarUrl.orElse(null) : latest.avatarUrl(),
        latest.createdAt()),
        (before, after) -> AuditEvent.of(caller, requestId, orgId, AuditAction.ORG_UPDATED, clock)
            .withTarget(AuditEvent.Target.organisation(after))
            .withChange("name", before.name(), after.name())
            .withChange("avatarUrl", before.avatarUrl(), after.avatarUrl()));
  }
}
