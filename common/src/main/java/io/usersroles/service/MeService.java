package io.usersroles.service;

import io.usersroles.domain.DomainException;
import io.usersroles.domain.EmailAddress;
import io.usersroles.domain.Organisation;
import io.usersroles.domain.Principal;
import io.usersroles.store.OrganisationStore;
import io.usersroles.store.PersonStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * A person's own view across organisations ({@code GET /me}). Nobody but the caller is concerned, so
 * no organisation authorises it: the caller's own user id and verified email are the keys. Accepting
 * and declining an invitation by its id are {@link InvitationService}'s; leaving an org is
 * {@link UserService}'s.
 */
@Singleton
public final class MeService {
  /** Organisations by name as people read them, then by id. */
  private static final Comparator<PersonOverview.Org> BY_NAME = Comparator
      .comparing((PersonOverview.Org org) -> org.name().toLowerCase(Locale.ROOT))
      .thenComparing(PersonOverview.Org::orgId);
  /** Invitations soonest to expire first, then by org name and id. */
  private static final Comparator<PersonOverview.OpenInvitation> BY_EXPIRY = Comparator
      .comparing(PersonOverview.OpenInvitation::expiresAt)
      .thenComparing(invitation -> invitation.orgName().toLowerCase(Locale.ROOT))
      .thenComparing(PersonOverview.OpenInvitation::id);

  private final PersonStore persons;
  private final OrganisationStore organisations;
  private final Clock clock;

  @Inject
  public MeService(PersonStore persons, OrganisationStore organisations, Clock clock) {
    this.persons = persons;
    this.organisations = organisations;
    this.clock = clock;
  }

  /** 403 for a service account: it belongs to one org by construction and has no invitations. */
  public void requireHuman(Principal caller) {
    if (!(caller instanceof Principal.User)) {
      throw DomainException.forbidden("human-only", "Only a human user has organisations and invitations of its own");
    }
  }

  /**
   * The caller's organisations and the open invitations to its email (none unless the identity
   * provider verified it). Three DynamoDB requests however many of each, up to 100 organisations in
   * all: a query of the caller's memberships and one of its address's invitations on the
   * {@code ByPerson} index, then one BatchGetItem of the organisations' profiles.
   */
  public PersonOverview overview(Principal caller) {
    requireHuman(caller);
    Principal.User user = (Principal.User) caller;
    List<PersonStore.MembershipEntry> memberships = persons.memberships(user.id());
    List<PersonStore.InvitationEntry> invitations = new ArrayList<>();
    if (user.emailVerified() && user.email() != null) {
      Instant now = Instant.now(clock);
      EmailAddress.parse(user.email()).ifPresent(address -> persons.openInvitations(address).stream()
          .filter(invitation -> now.isBefore(invitation.expiresAt())) // an expired one is no longer open
          .forEach(invitations::add));
    }
    Set<String> orgIds = new LinkedHashSet<>();
    memberships.forEach(membership -> orgIds.add(membership.orgId()));
    invitations.forEach(invitation -> orgIds.add(invitation.orgId()));
    Map<String, Organisation> profiles = orgIds.isEmpty() ? Map.of() : organisations.profiles(orgIds);

    List<PersonOverview.Org> orgs = new ArrayList<>();
    for (PersonStore.MembershipEntry membership : memberships) {
      Organisation org = profiles.get(membership.orgId());
      if (org != null) {
        orgs.add(new PersonOverview.Org(org.orgId(), org.name(), org.avatarUrl(), membership.roles()));
      }
    }
    List<PersonOverview.OpenInvitation> open = new ArrayList<>();
    for (PersonStore.InvitationEntry invitation : invitations) {
      Organisation org = profiles.get(invitation.orgId());
      if (org != null) {
        open.add(new PersonOverview.OpenInvitation(invitation.invitationId(), org.orgId(), org.name(),
            invitation.roles(), invitation.invitedBy(), invitation.expiresAt()));
      }
    }
    orgs.sort(BY_NAME);
    open.sort(BY_EXPIRY);
    return new PersonOverview(user.id(), user.email(), user.name(), orgs, open);
  }
}
