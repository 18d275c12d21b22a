package io.usersroles.service;

import io.usersroles.domain.AuditAction;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.Ids;
import io.usersroles.domain.Invitation;
import io.usersroles.domain.InvitationStatus;
import io.usersroles.domain.ReminderPolicy;
import io.usersroles.email.InvitationMailer;
import io.usersroles.security.InvitationLinks;
import io.usersroles.store.DueInvitationStore;
import io.usersroles.store.Keys;
import io.usersroles.store.VersionedInvitation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The scheduled reminder job: sends one reminder to every pending invitation whose reminder is due
 * and records invitations past expiry as expired. It reads only due invitations (the due-time
 * index, one worker per shard: bounded parallelism), claims each reminder with a conditional update,
 * up to 25 in one transaction with their orgs' events, before its email goes out (so two runs, or two copies at once, never send the same reminder
 * twice), sends 50 per SES request, and releases the claims SES did not accept so the next run
 * retries them. Invitations whose own email SES did not take when they were created or resent are
 * due at once and get that email (same link, same expiry) the same way. Invitations whose email SES
 * reported bounced or complained of get no email from it; they still expire. It stops between pages
 * when the time left runs low; the next run continues.
 */
@Singleton
public final class InvitationReminderService {
  private static final Logger LOG = LoggerFactory.getLogger(InvitationReminderService.class);
  /** Invitations read per index query: two SES requests' worth. */
  static final int PAGE_SIZE = 2 * InvitationMailer.RECIPIENTS_PER_REQUEST;

  private final DueInvitationStore store;
  private final InvitationMailer mailer;
  private final InvitationLinks links;
  private final Clock clock;
  private final ReminderPolicy policy;
  /** One worker per shard, built once per execution environment; daemon threads never hold the JVM. */
  private final ExecutorService workers = Executors.newFixedThreadPool(Keys.DUE_SHARDS, runnable -> {
    Thread thread = new Thread(runnable, "invitation-reminders");
    thread.setDaemon(true);
    return thread;
  });

  @Inject
  public InvitationReminderService(DueInvitationStore store, InvitationMailer mailer, InvitationLinks links,
      Clock clock) {
    this.store = store;
    this.mailer = mailer;
    this.links = links;
    this.clock = clock;
    this.policy = store.policy();
  }

  /**
   * What one run did: reminders sent, invitations expired, pending invitation emails delivered (ones
   * SES had not taken when they were created or resent), emails SES refused again (retried next run),
   * invitations skipped; {@code finished} is false when it stopped early and left due work for the
   * next run.
   */
  /** The actor of the job's audit events: the product itself, by the job's name. */
  public static final String SYSTEM_ACTOR = "invitation-reminders";

  public record Report(int reminded, int expired, int delivered, int notSent, int skipped, boolean finished) {}

  /**
   * Runs the job as of the domain clock's now. {@code remainingMillis} says how much time the run has
   * left (Lambda's remaining time); no new page is started once it is below {@code stopMargin}.
   */
  public Report run(String requestId, LongSupplier remainingMillis, Duration stopMargin) {
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    AtomicBoolean abandoned = new AtomicBoolean();
    Run run = new Run(now, requestId, () -> abandoned.get() || remainingMillis.getAsLong() < stopMargin.toMillis());
    List<Future<Boolean>> shards = new ArrayList<>(Keys.DUE_SHARDS);
    // the workers log under this invocation's fields, not under those of the invocation that happened
    // to create the pool's threads (a thread inherits its creator's MDC)
    Map<String, String> logContext = MDC.getCopyOfContextMap();
    for (int shard = 0; shard < Keys.DUE_SHARDS; shard++) {
      int s = shard;
      shards.add(workers.submit(() -> {
        if (logContext == null) {
          MDC.clear();
        } else {
          MDC.setContextMap(logContext);
        }
        try {
          return run.shard(s);
        } finally {
          MDC.clear();
        }
      }));
    }
    boolean finished = true;
    for (Future<Boolean> shard : shards) {
      try {
        finished &= shard.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abandon(abandoned, shards);
        throw new IllegalStateException("interrupted while waiting for the reminder workers", e);
      } catch (ExecutionException e) {
        // the other workers must not run on into the next invocation (Lambda freezes, then thaws them)
        abandon(abandoned, shards);
        if (e.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        throw new IllegalStateException("a reminder worker failed", e.getCause());
      }
    }
    Report report = new Report(run.reminded.get(), run.expired.get(), run.delivered.get(), run.notSent.get(),
        run.skipped.get(), finished);
    // the function's request log line carries the counts; this is for callers without one
    LOG.debug("invitation reminders as of {}: {}", now, report);
    return report;
  }
  private static void abandon(AtomicBoolean abandoned, List<Future<Boolean>> shards) {
    abandoned.set(true);
    shards.forEach(shard -> shard.cancel(true));
  }


  /**
   * One run's shared state: its now, its stop signal, its counters, the senders it has read and its audit
   * events (one {@code invitation.reminded} and one {@code invitation.expired} per org, which every
   * worker's transactions for that org add to).
   */
  private final class Run {
    final Instant now;
    final String requestId;
    final java.util.function.BooleanSupplier timeIsShort;
    final Map<String, AuditEvent> remindedEvents = new ConcurrentHashMap<>();
    final Map<String, AuditEvent> expiredEvents = new ConcurrentHashMap<>();
    final AtomicInteger reminded = new AtomicInteger();
    final AtomicInteger expired = new AtomicInteger();
    final AtomicInteger delivered = new AtomicInteger();
    final AtomicInteger notSent = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final Map<String, DueInvitationStore.Sender> senders = new ConcurrentHashMap<>();

    Run(Instant now, String requestId, java.util.function.BooleanSupplier timeIsShort) {
      this.now = now;
      this.requestId = requestId;
      this.timeIsShort = timeIsShort;
    }

    AuditEvent event(Map<String, AuditEvent> events, String orgId, AuditAction action) {
      return events.computeIfAbsent(orgId, org -> new AuditEvent(Ids.newAuditEventId(), org, now,
          AuditEvent.Actor.system(SYSTEM_ACTOR), action, List.of(), Map.of(), requestId));
    }

    /** Works through one shard; false when it stopped before the end. */
    boolean shard(int shard) {
      Optional<DueInvitationStore.DueCursor> cursor = Optional.empty();
      do {
        if (timeIsShort.getAsBoolean()) {
          return false;
        }
        DueInvitationStore.DuePage page = store.due(shard, now, PAGE_SIZE, cursor);
        handle(page.invitations());
        cursor = page.next();
      } while (cursor.isPresent());
      return true;
    }

    private void handle(List<VersionedInvitation> due) {
      List<VersionedInvitation> toExpire = new ArrayList<>();
      List<VersionedInvitation> toRemind = new ArrayList<>();
      List<VersionedInvitation> toDeliver = new ArrayList<>();
      for (VersionedInvitation stored : due) {
        Invitation invitation = stored.invitation();
        if (!stored.open() || invitation.status() != InvitationStatus.PENDING) {
          skipped.incrementAndGet();
        } else if (invitation.statusAt(now) == InvitationStatus.EXPIRED) {
          toExpire.add(stored);
        } else if (invitation.deliveryFailed()) {
          // SES reported its email bounced or complained of: no more email, only its expiry is left
          store.reschedule(stored);
          skipped.incrementAndGet();
        } else if (stored.emailPending()) {
          toDeliver.add(stored);
        } else if (policy.reminderDue(invitation, stored.remindersSent(), now)) {
          toRemind.add(stored);
        } else {
          // due under an earlier schedule setting: move it to its current due time
          store.reschedule(stored);
          skipped.incrementAndGet();
        }
      }
      expired.addAndGet(store.expire(toExpire, now,
          orgId -> event(expiredEvents, orgId, AuditAction.INVITATION_EXPIRED)));
      send(toDeliver, InvitationMailer.Kind.INVITATION, (open, at) -> {
        Map<String, VersionedInvitation> claimed = new HashMap<>();
        open.forEach(one -> store.claimPendingEmail(one, at).ifPresent(c -> claimed.put(c.invitation().id(), c)));
        return claimed;
      }, null, delivered);
      send(toRemind, InvitationMailer.Kind.REMINDER, (open, at) -> store.claimReminders(open, at,
          orgId -> event(remindedEvents, orgId, AuditAction.INVITATION_REMINDED)), remindedEvents, reminded);
    }

    /**
     * Claims each invitation's email with {@code claim}, sends the claimed ones as {@code kind}, and
     * releases the claims SES did not accept (taking them back out of their org's event in
     * {@code events}, when the claims were recorded in one).
     */
    private void send(List<VersionedInvitation> due, InvitationMailer.Kind kind,
        BiFunction<List<VersionedInvitation>, Instant, Map<String, VersionedInvitation>> claim,
        Map<String, AuditEvent> events, AtomicInteger sent) {
      if (due.isEmpty()) {
        return;
      }
      readSenders(due);
      List<VersionedInvitation> sendable = new ArrayList<>(due.size());
      Map<String, DueInvitationStore.Sender> senderOf = new HashMap<>();
      Map<String, String> tokens = new HashMap<>();
      for (VersionedInvitation before : due) {
        Invitation invitation = before.invitation();
        DueInvitationStore.Sender sender =
            senders.get(DueInvitationStore.senderKey(invitation.orgId(), invitation.invitedBy()));
        if (sender == null) {
          LOG.warn("invitation {} has no organisation profile; no reminder", invitation.id());
          skipped.incrementAndGet();
          continue;
        }
        // the same link as the last send: the token is derived again from the stored nonce
        String token = links.token(invitation.id(), before.tokenNonce());
        if (!links.hashOf(token).equals(before.tokenHash())) {
          // the link was made under an earlier server secret: it still works (accepting compares hashes
          // only), but this server cannot write it again, and a reminder with another link would break it
          LOG.warn("invitation {} has a link from an earlier server secret; no reminder", invitation.id());
          skipped.incrementAndGet();
          continue;
        }
        sendable.add(before);
        senderOf.put(invitation.id(), sender);
        tokens.put(invitation.id(), token);
      }
      Map<String, VersionedInvitation> claimed = sendable.isEmpty() ? Map.of() : claim.apply(sendable, now);
      Map<String, VersionedInvitation[]> claims = new HashMap<>(); // id -> {before, claimed}
      List<InvitationMailer.Message> messages = new ArrayList<>(claimed.size());
      for (VersionedInvitation before : sendable) {
        Invitation invitation = before.invitation();
        VersionedInvitation after = claimed.get(invitation.id());
        if (after == null) {
          skipped.incrementAndGet(); // another run, or a resend, cancel or accept, got there first
          continue;
        }
        claims.put(invitation.id(), new VersionedInvitation[] {before, after});
        DueInvitationStore.Sender sender = senderOf.get(invitation.id());
        messages.add(new InvitationMailer.Message(invitation.id(), invitation.orgId(), invitation.email(),
            links.acceptUrl(tokens.get(invitation.id())), sender.orgName(), sender.inviterName(),
            invitation.expiresAt()));
      }
      if (messages.isEmpty()) {
        return;
      }
      Set<String> accepted = mailer.send(kind, messages);
      for (Map.Entry<String, VersionedInvitation[]> entry : claims.entrySet()) {
        if (accepted.contains(entry.getKey())) {
          sent.incrementAndGet();
        } else {
          notSent.incrementAndGet();
          VersionedInvitation before = entry.getValue()[0];
          Optional<AuditEvent> event = events == null ? Optional.empty()
              : Optional.ofNullable(events.get(before.invitation().orgId()));
          if (!store.releaseReminder(entry.getValue()[1], before, event)) {
            LOG.warn("invitation {} changed after its {} email was claimed; its claim stays", entry.getKey(), kind);
          }
        }
      }
    }

    private void readSenders(List<VersionedInvitation> due) {
      List<Invitation> unknown = new ArrayList<>();
      for (VersionedInvitation stored : due) {
        Invitation invitation = stored.invitation();
        if (!senders.containsKey(DueInvitationStore.senderKey(invitation.orgId(), invitation.invitedBy()))) {
          unknown.add(invitation);
        }
      }
      if (!unknown.isEmpty()) {
        senders.putAll(store.senders(unknown));
      }
    }
  }
}
