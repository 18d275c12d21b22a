package io.usersroles.service;

import io.usersroles.access.Action;
import io.usersroles.access.BuiltInRole;
import io.usersroles.config.AwsFailures;
import io.usersroles.config.Settings;
import io.usersroles.domain.AuditAction;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.EmailAddress;
import io.usersroles.domain.Ids;
import io.usersroles.domain.Invitation;
import io.usersroles.domain.InvitationStatus;
import io.usersroles.domain.Membership;
import io.usersroles.domain.Page;
import io.usersroles.domain.Principal;
import io.usersroles.email.InvitationMailer;
import io.usersroles.security.InvitationLinks;
import io.usersroles.store.Backoff;
import io.usersroles.store.ConcurrentChangeException;
import io.usersroles.store.Cursors;
import io.usersroles.store.InvitationSlotStore;
import io.usersroles.store.InvitationStore;
import io.usersroles.store.ListPage;
import io.usersroles.store.MembershipStore;
import io.usersroles.store.NewInvitation;
import io.usersroles.store.OptimisticRetry;
import io.usersroles.store.RoleStore;
import io.usersroles.store.VersionedInvitation;
import io.usersroles.store.VersionedRoles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/** Inviting people by email, resending, cancelling, listing, and accepting invitations. */
@Singleton
public final class InvitationService {
  private static final Logger LOG = LoggerFactory.getLogger(InvitationService.class);
  /** The most addresses one invitation request may name. */
  public static final int MAX_ADDRESSES = 100;
  private static final int MAX_ATTEMPTS = 4;
  private static final int MAX_TOKEN_LENGTH = 512;
  private static final List<String> DEFAULT_ROLES = List.of(BuiltInRole.MEMBER.id());
  /** The most roles one invitation may grant when its roles are changed. */
  private static final int MAX_ROLES = 50;

  private final InvitationStore invitations;
  private final InvitationSlotStore slots;
  private final MembershipStore memberships;
  private final RoleStore roles;
  private final AccessControl access;
  private final InvitationLinks links;
  private final InvitationMailer mailer;
  private final Cursors cursors;
  private final Clock clock;
  private final Duration lifetime;
  private final int maxPending;

  @Inject
  public InvitationService(InvitationStore invitations, InvitationSlotStore slots, MembershipStore memberships,
      RoleStore roles, AccessControl access, InvitationLinks links, InvitationMailer mailer, Cursors cursors,
      Clock clock, Settings settings) {
    this.invitations = invitations;
    this.slots = slots;
    this.memberships = memberships;
    this.roles = roles;
    this.access = access;
    this.links = links;
    this.mailer = mailer;
    this.cursors = cursors;
    this.clock = clock;
    this.lifetime = settings.invitationTtl();
    this.maxPending = settings.limits().pendingInvitations();
  }

  /** Checks that the caller may invite into {@code orgId}: 404 for non-members, 403 without the permission. */
  public void requireInviter(Principal caller, String orgId) {
    access.require(caller, orgId, Action.MEMBERS_INVITE);
  }

  /** Checks that the caller may view the invitations of {@code orgId}. */
  public void requireViewer(Principal caller, String orgId) {
    access.require(caller, orgId, Action.MEMBERS_VIEW);
  }

  /**
   * Invites every address (at most 100) with {@code roles} ({@code null}: member). Nothing is written
   * or sent when the request as a whole is invalid; otherwise each address gets its own result, all
   * new invitations are written in one transaction, and then their emails go out.
   */
  public List<InvitationResult> invite(Principal caller, String requestId, String orgId, List<String> addresses,
      List<String> roles) {
    OrgAccess inviter = access.require(caller, orgId, Action.MEMBERS_INVITE);
    List<String> grantedRoles = requireValidRequest(inviter, addresses, roles);
    Map<String, Optional<EmailAddress>> parsed = new LinkedHashMap<>();
    for (String raw : addresses) {
      parsed.computeIfAbsent(raw, EmailAddress::parse);
    }
    List<EmailAddress> unique = new ArrayList<>(new LinkedHashSet<>(
        parsed.values().stream().flatMap(Optional::stream).toList()));
    Map<EmailAddress, InvitationResult> outcomes = new HashMap<>();
    List<NewInvitation> created = create(orgId, inviter, unique, grantedRoles, outcomes,
        AuditEvent.of(caller, requestId, orgId, AuditAction.INVITATION_CREATED, clock));
    Set<String> sent = sendEmails(InvitationMailer.Kind.INVITATION, inviter, created);
    markEmailPending(created.stream().map(NewInvitation::invitation)
        .filter(invitation -> !sent.contains(invitation.id())).toList());
    return results(addresses, parsed, outcomes, sent);
  }

  /** The roles the invitations grant; 400 for no or too many addresses or no role, 403 past the caller. */
  private List<String> requireValidRequest(OrgAccess inviter, List<String> addresses, List<String> roles) {
    if (addresses.isEmpty()) {
      throw DomainException.invalidField("emails", "must name at least one address");
    }
    if (addresses.size() > MAX_ADDRESSES) {
      throw DomainException.invalidField("emails",
          "names " + addresses.size() + " addresses; at most " + MAX_ADDRESSES + " are allowed per request");
    }
    List<String> grantedRoles = roles == null ? DEFAULT_ROLES : List.copyOf(new LinkedHashSet<>(roles));
    if (grantedRoles.isEmpty()) {
      throw DomainException.invalidField("roles", "must name at least one role");
    }
    access.requireGrantable(inviter, grantedRoles);
    return grantedRoles;
  }

  /**
   * Writes the invitations of the addresses that need one, recording each address's outcome. A first
   * attempt too big to read slots and member claims in one go reads only the claims and lets the
   * slots' write conditions say which are taken; a retry then reads everything.
   */
  private List<NewInvitation> create(String orgId, OrgAccess inviter, List<EmailAddress> addresses,
      List<String> roles, Map<EmailAddress, InvitationResult> outcomes, AuditEvent event) {
    Instant now = now();
    AtomicBoolean firstAttempt = new AtomicBoolean(true);
    try {
      return OptimisticRetry.get(OptimisticRetry.ATTEMPTS, () -> {
        outcomes.clear();
        boolean readSlots = !firstAttempt.getAndSet(false) || InvitationSlotStore.slotsFitOneRead(addresses.size());
        return writeInvitations(orgId, inviter, addresses, roles, now, outcomes, readSlots, event);
      });
    } catch (ConcurrentChangeException raced) {
      throw DomainException.conflict("concurrent-change",
          "These addresses are being invited by another request at the same time; try again");
    }
  }

  /** One result per address as the request named them, repeats and invalid addresses included. */
  private static List<InvitationResult> results(List<String> addresses, Map<String, Optional<EmailAddress>> parsed,
      Map<EmailAddress, InvitationResult> outcomes, Set<String> sent) {
    List<InvitationResult> results = new ArrayList<>(addresses.size());
    Set<EmailAddress> reported = new HashSet<>();
    for (String raw : addresses) {
      Optional<EmailAddress> address = parsed.get(raw);
      if (address.isEmpty()) {
        results.add(new InvitationResult(raw, InvitationResult.Status.INVALID_EMAIL, null, null));
        continue;
      }
      InvitationResult outcome = outcomes.get(address.get());
      boolean repeat = !reported.add(address.get());
      if (outcome.status() == InvitationResult.Status.INVITED) {
        // the same address twice in one request: the second mention finds the first one's invitation
        outcome = repeat
            ? new InvitationResult(outcome.email(), InvitationResult.Status.ALREADY_INVITED, outcome.invitationId(),
                null)
            : new InvitationResult(outcome.email(), outcome.status(), outcome.invitationId(),
                sent.contains(outcome.invitationId()));
      }
      results.add(outcome);
    }
    return results;
  }

  private List<NewInvitation> writeInvitations(String orgId, OrgAccess inviter, List<EmailAddress> addresses,
      List<String> roles, Instant now, Map<EmailAddress, InvitationResult> outcomes, boolean readSlots,
      AuditEvent event) {
    Map<EmailAddress, InvitationSlotStore.AddressState> states = slots.lookup(orgId, addresses, readSlots);
    List<VersionedInvitation> expired = new ArrayList<>();
    List<NewInvitation> created = new ArrayList<>();
    for (EmailAddress address : addresses) {
      InvitationSlotStore.AddressState state = states.get(address);
      if (state.member()) {
        outcomes.put(address, new InvitationResult(address.value(), InvitationResult.Status.ALREADY_MEMBER, null,
            null));
        continue;
      }
      Optional<VersionedInvitation> open = state.openInvitation();
      if (open.isPresent() && open.get().invitation().statusAt(now) == InvitationStatus.PENDING) {
        outcomes.put(address, new InvitationResult(address.value(), InvitationResult.Status.ALREADY_INVITED,
            open.get().invitation().id(), null));
        continue;
      }
      open.ifPresent(expired::add); // an expired invitation still holds the slot: it moves to history
      String addressKey = Ids.addressKey(address);
      Invitation invitation = new Invitation(Ids.newInvitationId(), orgId, address.value(), roles,
          InvitationStatus.PENDING, inviter.caller().id(), now, now.plus(lifetime), now, 1, null, null);
      String nonce = links.newNonce();
      created.add(new NewInvitation(invitation, addressKey, nonce, links.hashOf(links.token(invitation.id(), nonce))));
      outcomes.put(address, new InvitationResult(address.value(), InvitationResult.Status.INVITED, invitation.id(),
          null));
    }
    slots.createAll(orgId, created, expired, now, maxPending, readSlots, event);
    return created;
  }

  private Set<String> sendEmails(InvitationMailer.Kind kind, OrgAccess inviter, List<NewInvitation> created) {
    if (created.isEmpty()) {
      return Set.of();
    }
    List<InvitationMailer.Message> messages = new ArrayList<>(created.size());
    for (NewInvitation invitation : created) {
      messages.add(message(inviter, invitation.invitation(), invitation.tokenNonce()));
    }
    return mailer.send(kind, messages);
  }

  /**
   * Invitations whose email SES did not take (throttling, an outage) stay stored and are marked so
   * that the reminder job sends them. If even that write fails transiently, the invitation keeps its
   * ordinary reminder schedule: the invitations exist, so the request must not fail now.
   */
  private void markEmailPending(List<Invitation> unsent) {
    if (unsent.isEmpty()) {
      return;
    }
    try {
      slots.markEmailPending(unsent);
    } catch (SdkException failed) {
      if (!AwsFailures.isTransient(failed)) {
        throw failed;
      }
      LOG.warn("{} invitations whose email was not sent could not be marked pending; their reminder will carry "
          + "the link: {}", unsent.size(), failed.toString());
    }
  }

  private InvitationMailer.Message message(OrgAccess inviter, Invitation invitation, String nonce) {
    String url = links.acceptUrl(links.token(invitation.id(), nonce));
    return new InvitationMailer.Message(invitation.id(), invitation.orgId(), invitation.email(), url,
        inviter.organisation().name(), inviter.displayName(), invitation.expiresAt());
  }

  /** One page of the org's invitations, optionally only those with {@code status}. */
  public Page<Invitation> list(Principal caller, String orgId, Optional<InvitationStatus> status, int limit,
      String cursor) {
    access.require(caller, orgId, Action.MEMBERS_VIEW);
    Listing.requireLimit(limit);
    String scope = "invitations\n" + orgId + "\n" + status.map(InvitationStatus::wireName).orElse("");
    ListPage<Invitation> page = invitations.list(orgId, status, now(), cursors.decode(scope, cursor), limit);
    return new Page<>(page.rows(), cursors.encode(scope, page.next()));
  }

  /**
   * One invitation of the org, whatever its status, as the list shows it (a pending one past its expiry
   * reads as expired).
   */
  public Invitation get(Principal caller, String orgId, String invitationId) {
    access.require(caller, orgId, Action.MEMBERS_VIEW);
    return invitations.find(orgId, invitationId).orElseThrow(InvitationService::noSuchInvitation).invitation()
        .asOf(now());
  }

  /**
   * Sends an invitation again with a new link: earlier links stop working and the expiry restarts.
   * Works for pending and expired invitations; accepted or cancelled ones are a conflict.
   */
  public Invitation resend(Principal caller, String requestId, String orgId, String invitationId) {
    OrgAccess inviter = access.require(caller, orgId, Action.MEMBERS_INVITE);
    for (int attempt = 1; ; attempt++) {
      VersionedInvitation stored = invitations.find(orgId, invitationId)
          .orElseThrow(InvitationService::noSuchInvitation);
      Instant now = now();
      InvitationStatus status = stored.invitation().statusAt(now);
      if (status == InvitationStatus.ACCEPTED || status == InvitationStatus.CANCELLED
          || status == InvitationStatus.DECLINED) {
        throw DomainException.conflict("invitation-closed",
            "This invitation was " + status.wireName() + " and cannot be resent");
      }
      // a new link grants the invitation's roles again (an expired one's included): no escalation
      access.requireGrantable(inviter, existing(inviter, stored.invitation().roles()));
      String nonce = links.newNonce();
      String hash = links.hashOf(links.token(invitationId, nonce));
      Invitation renewed;
      AuditEvent event = AuditEvent.of(caller, requestId, orgId, AuditAction.INVITATION_RESENT, now)
          .withTarget(AuditEvent.Target.invitation(stored.invitation()));
      try {
        renewed = stored.open()
            ? slots.renew(stored, nonce, hash, now.plus(lifetime), now, event)
            : invitations.revive(stored, nonce, hash, now.plus(lifetime), now, maxPending, event);
      } catch (ConcurrentChangeException raced) {
        if (attempt == MAX_ATTEMPTS) {
          throw DomainException.conflict("concurrent-change",
              "This invitation is being changed by another request, or its address has a newer invitation");
        }
        continue;
      }
      Set<String> sent = mailer.send(InvitationMailer.Kind.INVITATION, List.of(message(inviter, renewed, nonce)));
      if (!sent.contains(invitationId)) {
        markEmailPending(List.of(renewed));
        throw DomainException.unavailable("email-not-sent",
            "The invitation has a new link, but its email could not be sent yet; the reminder job sends it on its "
                + "next run, or resend it again later");
      }
      return renewed;
    }
  }

  /** Cancels an invitation: its link stops working. Cancelling a cancelled invitation is a no-op. */
  public void cancel(Principal caller, String requestId, String orgId, String invitationId) {
    access.require(caller, orgId, Action.MEMBERS_INVITE);
    for (int attempt = 1; ; attempt++) {
      VersionedInvitation stored = invitations.find(orgId, invitationId)
          .orElseThrow(InvitationService::noSuchInvitation);
      InvitationStatus recorded = stored.invitation().status();
      if (recorded == InvitationStatus.ACCEPTED || recorded == InvitationStatus.DECLINED) {
        // the invitee's own answer stays on record
        throw DomainException.conflict("invitation-closed",
            "This invitation was " + recorded.wireName() + " and cannot be cancelled");
      }
      if (recorded == InvitationStatus.CANCELLED) {
        return;
      }
      Instant now = now();
      AuditEvent event = AuditEvent.of(caller, requestId, orgId, AuditAction.INVITATION_CANCELLED, now);
      try {
        if (stored.open()) {
          invitations.closeAll(List.of(stored), InvitationStatus.CANCELLED, now, caller.id(), org -> event);
        } else {
          invitations.cancelClosed(stored, now, caller.id(),
              event.withTarget(AuditEvent.Target.invitation(stored.invitation())));
        }
        return;
      } catch (ConcurrentChangeException raced) {
        if (attempt == MAX_ATTEMPTS) {
          throw DomainException.conflict("concurrent-change", "This invitation is being changed; try again");
        }
      }
    }
  }

  /** 403 for a service account (before a request is even read): only a human accepts invitations. */
  public void requireHuman(Principal caller) {
    if (!(caller instanceof Principal.User)) {
      throw DomainException.forbidden("human-only", "Only a human user can accept or decline an invitation");
    }
  }

  /**
   * Accepts the invitation a link token belongs to, as the caller, who must be a human whose
   * verified email is the invited address. Exactly one of any number of concurrent accepts wins.
   */
  public AcceptedInvitation accept(Principal caller, String requestId, String token) {
    requireHuman(caller);
    Principal.User user = (Principal.User) caller;
    if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
      throw DomainException.invalidField("token", "must be the token of an invitation link");
    }
    String hash = links.hashOf(token);
    // the index is eventually consistent: it says where to look; the transaction's conditions decide
    Predicate<VersionedInvitation> ofThisLink = found -> hash.equals(found.tokenHash());
    return accept(user, requestId, invitations.findByTokenHash(hash).filter(ofThisLink),
        current -> invitations.reload(current).filter(ofThisLink), InvitationService::unknownLink,
        InvitationService::unknownLink, invitation -> { });
  }

  /**
   * Accepts the open invitation {@code invitationId} addressed to the caller's verified email, without
   * the emailed link (its id is what {@code GET /me} lists): the same answers as accepting by link,
   * and the same transaction, whose conditions are the invitation as read here.
   */
  public AcceptedInvitation acceptAddressed(Principal caller, String requestId, String invitationId) {
    requireHuman(caller);
    Principal.User user = (Principal.User) caller;
    requireVerifiedEmail(user);
    // the addressee first: someone else learns nothing of the state of an invitation that is not theirs
    return accept(user, requestId, invitations.findAnywhere(invitationId),
        current -> invitations.findAnywhere(invitationId),
        InvitationService::noSuchInvitation,
        () -> DomainException.notFound("This invitation is no longer open: it was accepted, declined or cancelled"),
        invitation -> requireAddressee(user, invitation));
  }

  /**
   * Accepting the invitation {@code candidate} (none: {@code unknown}; no longer open: {@code closed});
   * {@code firstCheck} runs on it before its state is looked at. On a lost race {@code reread} reads
   * it again and everything is decided again.
   */
  private AcceptedInvitation accept(Principal.User user, String requestId, Optional<VersionedInvitation> candidate,
      Function<VersionedInvitation, Optional<VersionedInvitation>> reread, Supplier<DomainException> unknown,
      Supplier<DomainException> closed, Consumer<Invitation> firstCheck) {
    for (int attempt = 1; ; attempt++) {
      VersionedInvitation current = candidate.orElseThrow(unknown);
      Invitation invitation = current.invitation();
      firstCheck.accept(invitation);
      Instant now = now();
      InvitationStatus status = invitation.statusAt(now);
      if (status == InvitationStatus.EXPIRED) {
        throw DomainException.gone("invitation-expired", "This invitation has expired; ask for a new one");
      }
      if (status != InvitationStatus.PENDING || !current.open()) {
        throw closed.get();
      }
      requireAddressee(user, invitation);
      // only roles that still exist are granted (a custom role deleted since the invitation was sent is not)
      Optional<VersionedRoles> customRoles = invitation.roles().stream().allMatch(BuiltInRole::isBuiltIn)
          ? Optional.empty() : Optional.of(roles.load(invitation.orgId()));
      List<String> granted = customRoles.map(read -> existing(read, invitation.roles())).orElse(invitation.roles());
      Membership membership = new Membership(invitation.orgId(), user.id(), invitation.email(), user.name(),
          granted, now);
      try {
        invitations.accept(current, membership, now, customRoles,
            AuditEvent.of(user, requestId, invitation.orgId(), AuditAction.INVITATION_ACCEPTED, now)
                .withTarget(AuditEvent.Target.invitation(invitation))
                .withTarget(AuditEvent.Target.member(membership)));
        return new AcceptedInvitation(invitation.orgId(), user.id(), granted);
      } catch (ConcurrentChangeException raced) {
        if (memberships.find(invitation.orgId(), user.id()).isPresent()
            && invitations.reload(current).map(VersionedInvitation::open).orElse(false)) {
          throw DomainException.conflict("already-member", "You are already a member of this organisation");
        }
        if (attempt == MAX_ATTEMPTS) {
          throw DomainException.conflict("concurrent-change", "This invitation is being changed; try again");
        }
        Backoff.pause(attempt); // accepts in one org also meet on its USAGE counter: spread the retries
        candidate = reread.apply(current);
      }
    }
  }

  /**
   * Declines the open invitation {@code invitationId} addressed to the caller's verified email: it
   * moves to history as {@code declined}, its link stops working, and the org's pending count goes
   * down by one, as a cancel does. Declining again is a no-op; an invitation addressed to someone else
   * is not found.
   */
  public void declineAddressed(Principal caller, String requestId, String invitationId) {
    requireHuman(caller);
    Principal.User user = (Principal.User) caller;
    requireVerifiedEmail(user);
    for (int attempt = 1; ; attempt++) {
      VersionedInvitation stored = invitations.findAnywhere(invitationId)
          .filter(found -> found.invitation().email().equals(user.email()))
          .orElseThrow(InvitationService::noSuchInvitation);
      Instant now = now();
      InvitationStatus status = stored.invitation().statusAt(now);
      if (status == InvitationStatus.DECLINED) {
        return;
      }
      if (status == InvitationStatus.EXPIRED) {
        throw DomainException.gone("invitation-expired", "This invitation has expired");
      }
      if (status != InvitationStatus.PENDING || !stored.open()) {
        throw DomainException.conflict("invitation-closed",
            "This invitation was " + status.wireName() + " and cannot be declined");
      }
      try {
        AuditEvent event = AuditEvent.of(user, requestId, stored.invitation().orgId(),
            AuditAction.INVITATION_DECLINED, now);
        invitations.closeAll(List.of(stored), InvitationStatus.DECLINED, now, user.id(), org -> event);
        return;
      } catch (ConcurrentChangeException raced) {
        if (attempt == MAX_ATTEMPTS) {
          throw DomainException.conflict("concurrent-change", "This invitation is being changed; try again");
        }
        Backoff.pause(attempt);
      }
    }
  }

  /**
   * Changes the roles an open invitation grants; its link, expiry and sends stay as they are. The
   * caller must be able to grant the new roles and the ones they replace (no escalation, either way);
   * an invitation no longer open (accepted, cancelled, declined, expired) is a conflict.
   */
  public Invitation updateRoles(Principal caller, String requestId, String orgId, String invitationId,
      List<String> roles) {
    OrgAccess inviter = access.require(caller, orgId, Action.MEMBERS_INVITE);
    List<String> wanted = List.copyOf(new LinkedHashSet<>(roles));
    if (wanted.isEmpty()) {
      throw DomainException.invalidField("roles", "must name at least one role");
    }
    if (wanted.size() > MAX_ROLES) {
      throw DomainException.invalidField("roles", "at most " + MAX_ROLES + " roles");
    }
    for (int attempt = 1; ; attempt++) {
      VersionedInvitation stored = invitations.find(orgId, invitationId)
          .orElseThrow(InvitationService::noSuchInvitation);
      Instant now = now();
      InvitationStatus status = stored.invitation().statusAt(now);
      if (status != InvitationStatus.PENDING || !stored.open()) {
        throw DomainException.conflict("invitation-closed",
            "This invitation was " + status.wireName() + " and its roles cannot be changed");
      }
      Set<String> judged = new LinkedHashSet<>(wanted);
      judged.addAll(existing(inviter, stored.invitation().roles())); // a deleted role is simply dropped
      access.requireGrantable(inviter, List.copyOf(judged));
      Invitation current = stored.invitation();
      Invitation changed = new Invitation(current.id(), current.orgId(), current.email(), wanted, current.status(),
          current.invitedBy(), current.createdAt(), current.expiresAt(), current.lastSentAt(), current.sendCount(),
          current.acceptedAt(), current.acceptedBy(), current.delivery());
      if (wanted.equals(current.roles())) {
        return changed; // nothing to write
      }
      try {
        slots.setRoles(List.of(Map.entry(stored, wanted)),
            AuditEvent.of(caller, requestId, orgId, AuditAction.INVITATION_UPDATED, now)
                .withTarget(AuditEvent.Target.invitation(current))
                .withChange("roles", current.roles(), wanted));
        return changed;
      } catch (ConcurrentChangeException raced) {
        if (attempt == MAX_ATTEMPTS) {
          throw DomainException.conflict("concurrent-change", "This invitation is being changed; try again");
        }
        Backoff.pause(attempt);
      }
    }
  }

  /** 403 unless the identity provider verified the caller's email: the address is the key to its invitations. */
  private static void requireVerifiedEmail(Principal.User user) {
    if (!user.emailVerified() || user.email() == null) {
      throw emailMismatch();
    }
  }

  /** 403 unless the invitation is addressed to the caller's verified email. */
  private static void requireAddressee(Principal.User user, Invitation invitation) {
    if (!user.emailVerified() || !invitation.email().equals(user.email())) {
      throw emailMismatch();
    }
  }

  private static DomainException emailMismatch() {
    return DomainException.forbidden("invitation-email-mismatch",
        "This invitation is for another email address, or your email address is not verified");
  }

  /** The roles of {@code roleIds} that the org still has (a deleted custom role grants nothing). */
  private static List<String> existing(OrgAccess standing, List<String> roleIds) {
    return roleIds.stream().filter(standing.compiledRoles()::hasRole).toList();
  }

  /** As above, against the org's custom roles as read. */
  private static List<String> existing(VersionedRoles customRoles, List<String> roleIds) {
    Set<String> ids = new HashSet<>();
    customRoles.roles().forEach(role -> ids.add(role.id()));
    return roleIds.stream().filter(id -> BuiltInRole.isBuiltIn(id) || ids.contains(id)).toList();
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }

  private static DomainException noSuchInvitation() {
    return DomainException.notFound("No such invitation");
  }

  private static DomainException unknownLink() {
    return DomainException.notFound(
        "This invitation link is not valid: it was never issued, was already used, or was cancelled or replaced");
  }
}
