package io.usersroles.functions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.email.InvitationMailer;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.invitations.EmailFeedbackHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

/**
 * The events SES puts on EventBridge for an email of the configuration set, built from the sample in
 * events/ (the shape SES sends) with the message tags and recipient of a real email.
 */
public final class SesFeedbackEvents {
  private SesFeedbackEvents() {}

  /** An "Email Bounced" event for an email that carried {@code tags}, sent to {@code to}. */
  public static byte[] bounce(Map<String, String> tags, String to) {
    return event(EmailFeedbackHandler.BOUNCED, tags, to);
  }

  /** An "Email Complaint Received" event for an email that carried {@code tags}, sent to {@code to}. */
  public static byte[] complaint(Map<String, String> tags, String to) {
    return event(EmailFeedbackHandler.COMPLAINED, tags, to);
  }

  /** The tags the mailer gives the email of invitation {@code invitationId} of {@code orgId}. */
  public static Map<String, String> tagsOf(String orgId, String invitationId) {
    return Map.of(InvitationMailer.INVITATION_TAG, invitationId, InvitationMailer.ORG_TAG, orgId);
  }

  private static byte[] event(String detailType, Map<String, String> tags, String to) {
    ObjectNode event;
    try {
      event = (ObjectNode) Json.read(Files.readAllBytes(TemplateYaml.sample("EmailFeedbackFunction")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    event.put("detail-type", detailType);
    ObjectNode detail = (ObjectNode) event.get("detail");
    ObjectNode mail = (ObjectNode) detail.get("mail");
    mail.putArray("destination").add(to);
    ObjectNode allTags = (ObjectNode) mail.get("tags");
    allTags.remove(InvitationMailer.INVITATION_TAG);
    allTags.remove(InvitationMailer.ORG_TAG);
    tags.forEach((name, value) -> allTags.putArray(name).add(value));
    if (detailType.equals(EmailFeedbackHandler.COMPLAINED)) {
      detail.put("eventType", "Complaint");
      detail.remove("bounce");
      ObjectNode complaint = detail.putObject("complaint");
      complaint.put("feedbackId", "0102018e3f9b1a2c-7d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a-000000");
      complaint.put("complaintSubType", (String) null);
      ArrayNode recipients = complaint.putArray("complainedRecipients");
      recipients.addObject().put("emailAddress", to);
      complaint.put("timestamp", "2025-03-14T10:02:11.000Z");
      complaint.put("userAgent", "ExampleCorp Feedback Loop (V0.01)");
      complaint.put("complaintFeedbackType", "abuse");
      complaint.put("arrivalDate", "2025-03-14T10:02:10.912Z");
    } else {
      ((ObjectNode) detail.get("bounce").get("bouncedRecipients").get(0)).put("emailAddress", to);
    }
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }
}
