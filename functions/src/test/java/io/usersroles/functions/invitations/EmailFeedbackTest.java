package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.email.InvitationMailer;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.SesFeedbackEvents;
import io.usersroles.functions.http.Json;
import io.usersroles.service.EmailFeedbackService;
import io.usersroles.store.InvitationFixtures;
import io.usersroles.store.Keys;
import io.usersroles.testing.EnginesWith;
import io.usersroles.testing.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.model.BulkEmailEntry;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendBulkEmailRequest;

/**
 * SES's bounce and complaint events through {@code EmailFeedbackFunction}, on DynamoDB Local and the
 * SES emulator: each event carries the message tags the mailer really gave the email (read off the SES
 * requests), as SES publishes them; the invitation shows its delivery, gets no reminders, still expires.
 */
class EmailFeedbackTest {
  private static final String FUNCTION = "EmailFeedbackFunction";

  @Test
  void aBouncedInvitationShowsItGetsNoReminderAndStillExpires() {
    SentTags sent = new SentTags();
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), null, sent));
    User owner = api.user("owner");
    User ada = api.user("ada");
    User bob = api.user("bob");
    String orgId = api.createOrg(owner, "Bounce Ltd");
    api.invite(owner, orgId, null, ada, bob);
    String adaInvitation = invitationTo(api, owner, orgId, ada.email()).path("id").asText();
    Map<String, String> tags = sent.of(ada.email());
    assertThat(tags).containsEntry(InvitationMailer.INVITATION_TAG, adaInvitation)
        .containsEntry(InvitationMailer.ORG_TAG, orgId);
    assertThat(sent.configurationSets).containsOnly(TestEnvironment.EMAIL_CONFIGURATION_SET);
    int events = api.auditEventCount();

    assertThat(feed(api, SesFeedbackEvents.bounce(tags, ada.email()))).isEqualTo("recorded");
    JsonNode listed = invitationTo(api, owner, orgId, ada.email());
    assertThat(listed.path("delivery").asText()).isEqualTo("bounced");
    assertThat(invitationTo(api, owner, orgId, bob.email()).has("delivery")).isFalse();
    Response one = api.call(owner, "GET", "/orgs/" + orgId + "/invitations/" + adaInvitation);
    assertThat(one.json().path("delivery").asText()).as(one.json().toString()).isEqualTo("bounced");
    long expiresAt = Instant.parse(listed.path("expiresAt").asText()).toEpochMilli();
    assertThat(InvitationFixtures.dueAttributes(api.env.adminClient(), api.table, orgId, adaInvitation, true)
        .get(Keys.DUE_AT)).as("due only at its expiry").isEqualTo(AttributeValue.fromN(Long.toString(expiresAt)));

    // the change and its audit event, once: SES may report the same email again
    JsonNode updated = api.call(owner, "GET", "/orgs/" + orgId + "/audit-events?action=invitation.updated").json()
        .path("items");
    assertThat(updated).hasSize(1);
    assertThat(updated.get(0).path("actor").path("type").asText()).isEqualTo("system");
    assertThat(updated.get(0).path("actor").path("id").asText()).isEqualTo(EmailFeedbackService.SYSTEM_ACTOR);
    assertThat(updated.get(0).path("targets").get(0).path("id").asText()).isEqualTo(adaInvitation);
    assertThat(updated.get(0).path("changes").path("delivery").path("from").isNull()).isTrue();
    assertThat(updated.get(0).path("changes").path("delivery").path("to").asText()).isEqualTo("bounced");
    assertThat(feed(api, SesFeedbackEvents.bounce(tags, ada.email()))).isEqualTo("unchanged");
    assertThat(api.auditEventCount()).isEqualTo(events + 1);

    // the reminder job reminds Bob only
    api.clock.advance(Duration.ofDays(3).plusHours(1));
    JsonNode report = api.runReminderJob();
    assertThat(report.path("reminded").asInt()).as(report.toString()).isEqualTo(1);
    assertThat(api.emailsTo(ada.email())).hasSize(1);
    assertThat(api.emailsTo(bob.email())).hasSize(2);

    // a complaint outranks a bounce; a bounce after it changes nothing
    assertThat(feed(api, SesFeedbackEvents.complaint(tags, ada.email()))).isEqualTo("recorded");
    assertThat(feed(api, SesFeedbackEvents.bounce(tags, ada.email()))).isEqualTo("unchanged");
    assertThat(invitationTo(api, owner, orgId, ada.email()).path("delivery").asText()).isEqualTo("complained");

    // it still expires, and its history keeps what SES said; a report of a closed invitation is dropped
    api.clock.advance(Duration.ofDays(5));
    assertThat(api.runReminderJob().path("expired").asInt()).isEqualTo(2);
    JsonNode expired = invitationTo(api, owner, orgId, ada.email());
    assertThat(expired.path("status").asText()).isEqualTo("expired");
    assertThat(expired.path("delivery").asText()).isEqualTo("complained");
    assertThat(feed(api, SesFeedbackEvents.bounce(sent.of(bob.email()), bob.email()))).isEqualTo("not-open");
    assertThat(api.emailsTo(ada.email())).hasSize(1);
  }

  @Test
  void aResendIsANewAttemptThatClearsTheReportAndGetsRemindersAgain() {
    SentTags sent = new SentTags();
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), null, sent));
    User owner = api.user("owner");
    User cy = api.user("cy");
    String orgId = api.createOrg(owner, "Retry Inc");
    api.invite(owner, orgId, null, cy);
    String invitationId = invitationTo(api, owner, orgId, cy.email()).path("id").asText();
    assertThat(feed(api, SesFeedbackEvents.bounce(sent.of(cy.email()), cy.email()))).isEqualTo("recorded");

    Response resent = api.call(owner, "POST", "/orgs/" + orgId + "/invitations/" + invitationId + "/resend", null);
    assertThat(resent.status()).as(resent.json().toString()).isEqualTo(200);
    assertThat(resent.json().has("delivery")).as(resent.json().toString()).isFalse();
    assertThat(sent.of(cy.email())).containsEntry(InvitationMailer.INVITATION_TAG, invitationId);
    api.clock.advance(Duration.ofDays(3).plusHours(1));
    assertThat(api.runReminderJob().path("reminded").asInt()).isEqualTo(1);
    assertThat(api.emailsTo(cy.email())).hasSize(3);
  }

  @Test
  void eventsWithoutOurTagsOrForUnknownInvitationsChangeNothing() {
    Api api = new Api();
    User owner = api.user("owner");
    String orgId = api.createOrg(owner, "Quiet Co");
    int events = api.auditEventCount();
    assertThat(feed(api, SesFeedbackEvents.bounce(Map.of(), "someone@example.test"))).isEqualTo("ignored");
    assertThat(feed(api, SesFeedbackEvents.bounce(SesFeedbackEvents.tagsOf(orgId, "inv_AAAAAAAAAAAAAAAAAAAAAA"),
        "someone@example.test"))).isEqualTo("not-open");
    assertThat(feed(api, SesFeedbackEvents.bounce(SesFeedbackEvents.tagsOf(orgId, "not an id"),
        "someone@example.test"))).isEqualTo("not-open");
    byte[] delivered = new String(SesFeedbackEvents.bounce(Map.of(), "x@example.test"), StandardCharsets.UTF_8)
        .replace("Email Bounced", "Email Delivered").replace("\"Bounce\"", "\"Delivery\"")
        .getBytes(StandardCharsets.UTF_8);
    assertThat(feed(api, delivered)).isEqualTo("ignored");
    assertThat(api.auditEventCount()).isEqualTo(events);
  }

  private static String feed(Api api, byte[] event) {
    try {
      return Json.read(api.gateway.invoke(FUNCTION, event)).path("outcome").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode invitationTo(Api api, User owner, String orgId, String email) {
    Response list = api.call(owner, "GET", "/orgs/" + orgId + "/invitations?limit=100");
    assertThat(list.status()).as(list.json().toString()).isEqualTo(200);
    for (JsonNode item : list.json().path("items")) {
      if (item.path("email").asText().equals(email)) {
        return item;
      }
    }
    throw new AssertionError("no invitation to " + email + " in " + list.json());
  }

  /** The message tags and configuration set of every email the functions hand to SES, by recipient (the latest). */
  private static final class SentTags implements ExecutionInterceptor {
    final Map<String, Map<String, String>> byRecipient = new ConcurrentHashMap<>();
    final List<String> configurationSets = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof SendBulkEmailRequest request) {
        configurationSets.add(String.valueOf(request.configurationSetName()));
        for (BulkEmailEntry entry : request.bulkEmailEntries()) {
          Map<String, String> tags = new TreeMap<>();
          for (MessageTag tag : entry.replacementTags()) {
            tags.put(tag.name(), tag.value());
          }
          entry.destination().toAddresses().forEach(to -> byRecipient.put(to, tags));
        }
      }
    }

    Map<String, String> of(String recipient) {
      Map<String, String> tags = byRecipient.get(recipient);
      assertThat(tags).as("tags of the email to " + recipient).isNotNull();
      return tags;
    }
  }
}
