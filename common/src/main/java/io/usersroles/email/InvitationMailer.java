package io.usersroles.email;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.config.Settings;
import io.usersroles.json.JsonTrees;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.BulkEmailEntry;
import software.amazon.awssdk.services.sesv2.model.BulkEmailEntryResult;
import software.amazon.awssdk.services.sesv2.model.BulkEmailStatus;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendBulkEmailResponse;

/**
 * Sends invitation and reminder emails through SES v2 {@code SendBulkEmail} with an inline template:
 * one request per 50 recipients, no template resources to provision. SES renders placeholders
 * without escaping, so the HTML part only uses values this class has escaped itself. With a
 * configuration set (deployed), each email carries its invitation's id and org as message tags
 * ({@value #INVITATION_TAG}, {@value #ORG_TAG}), which SES puts in the bounce and complaint events it
 * publishes ({@code mail.tags}): that is how a report finds its invitation.
 */
@Singleton
public final class InvitationMailer {
  /** SES accepts at most this many destinations per SendBulkEmail. */
  public static final int RECIPIENTS_PER_REQUEST = 50;
  /** The message tag naming the invitation an email is for (ids are base64url: valid tag values). */
  public static final String INVITATION_TAG = "invitationId";
  /** The message tag naming the invitation's organisation. */
  public static final String ORG_TAG = "orgId";

  private static final Logger LOG = LoggerFactory.getLogger(InvitationMailer.class);

  /** Which email: the first one (also sent on resend) or a reminder. */
  public enum Kind { INVITATION, REMINDER }

  /** One email to send. */
  public record Message(String invitationId, String orgId, String to, String acceptUrl, String orgName,
      String inviterName, Instant expiresAt) {}

  private final SesV2Client ses;
  private final String sender;
  private final String productName;
  private final String configurationSet;

  @Inject
  public InvitationMailer(SesV2Client ses, Settings settings) {
    this.ses = ses;
    this.sender = settings.senderAddress();
    this.productName = settings.productName();
    this.configurationSet = settings.emailConfigurationSet().orElse(null);
  }

  /**
   * Sends every message and returns the invitation ids whose email SES accepted. A request SES
   * rejects as a whole (throttling, an outage) fails only its own recipients; the others still go.
   */
  public Set<String> send(Kind kind, List<Message> messages) {
    Set<String> accepted = new HashSet<>();
    for (int from = 0; from < messages.size(); from += RECIPIENTS_PER_REQUEST) {
      List<Message> batch = messages.subList(from, Math.min(messages.size(), from + RECIPIENTS_PER_REQUEST));
      try {
        SendBulkEmailResponse response = ses.sendBulkEmail(r -> r
            .fromEmailAddress(sender)
            .configurationSetName(configurationSet)
            .defaultContent(c -> c.template(t -> t
                .templateContent(tc -> tc.subject(Templates.subject(kind)).text(Templates.text(kind))
                    .html(Templates.html(kind)))
                .templateData("{}")))
            .bulkEmailEntries(entries(batch)));
        List<BulkEmailEntryResult> results = response.bulkEmailEntryResults();
        for (int i = 0; i < batch.size() && i < results.size(); i++) {
          if (results.get(i).status() == BulkEmailStatus.SUCCESS) {
            accepted.add(batch.get(i).invitationId());
          } else {
            LOG.warn("SES did not accept the {} email of invitation {}: {} {}", kind, batch.get(i).invitationId(),
                results.get(i).statusAsString(), results.get(i).error());
          }
        }
      } catch (SdkException e) {
        LOG.warn("SES rejected a request of {} {} emails: {}", batch.size(), kind, e.toString());
      }
    }
    return accepted;
  }

  private List<BulkEmailEntry> entries(List<Message> batch) {
    List<BulkEmailEntry> entries = new ArrayList<>(batch.size());
    for (Message message : batch) {
      entries.add(BulkEmailEntry.builder()
          .destination(d -> d.toAddresses(message.to()))
          .replacementTags(MessageTag.builder().name(INVITATION_TAG).value(message.invitationId()).build(),
              MessageTag.builder().name(ORG_TAG).value(message.orgId()).build())
          .replacementEmailContent(c -> c.replacementTemplate(t -> t.replacementTemplateData(data(message))))
          .build());
    }
    return entries;
  }

  private String data(Message message) {
    ObjectNode data = JsonTrees.object();
    put(data, "orgName", message.orgName());
    put(data, "inviter", message.inviterName());
    put(data, "product", productName);
    put(data, "acceptUrl", message.acceptUrl());
    put(data, "expiresAt", Templates.expiry(message.expiresAt()));
    return JsonTrees.text(data);
  }

  /** Each value twice: as is (subject, text) and HTML-escaped ({@code ...Html}, the HTML part). */
  private static void put(ObjectNode data, String name, String value) {
    data.put(name, value);
    data.put(name + "Html", Templates.escapeHtml(value));
  }
}
