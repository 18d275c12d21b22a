package io.usersroles.functions.invitations;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.domain.EmailDelivery;
import io.usersroles.email.InvitationMailer;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.logging.RequestLog;
import io.usersroles.service.EmailFeedbackService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * {@code EmailFeedbackFunction}: the events SES publishes to EventBridge for the configuration set
 * invitation emails are sent with ({@code source} {@code aws.ses}, {@code detail-type}
 * {@code Email Bounced} or {@code Email Complaint Received}, the SES event record as {@code detail}).
 * The message tags the mailer set ({@code detail.mail.tags}, each a list of values) name the invitation,
 * which is marked {@code delivery: bounced} or {@code complained}. An event of another kind, or without
 * those tags, is answered {@code ignored}; the answer says what was done.
 */
public final class EmailFeedbackHandler implements RequestStreamHandler {
  /** The detail-type of SES's event for a bounce (after SES gave up, for a soft one). */
  public static final String BOUNCED = "Email Bounced";
  /** The detail-type of SES's event for a complaint. */
  public static final String COMPLAINED = "Email Complaint Received";

  private final EmailFeedbackService feedback;

  public EmailFeedbackHandler() {
    this(LambdaEnvironment.component());
  }

  public EmailFeedbackHandler(FunctionsComponent app) {
    this.feedback = app.emailFeedback();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event = Json.read(input);
    Optional<EmailDelivery> delivery = deliveryOf(event);
    JsonNode tags = event.path("detail").path("mail").path("tags");
    String invitationId = firstTag(tags, InvitationMailer.INVITATION_TAG);
    String orgId = firstTag(tags, InvitationMailer.ORG_TAG);
    String outcome;
    try (RequestLog log = RequestLog.start(context.getAwsRequestId(), "event EmailFeedbackFunction")) {
      if (delivery.isEmpty() || invitationId.isEmpty() || orgId.isEmpty()) {
        outcome = "ignored";
      } else {
        outcome = switch (feedback.record(orgId, invitationId, delivery.get(), context.getAwsRequestId())) {
          case RECORDED -> "recorded";
          case UNCHANGED -> "unchanged";
          case NOT_OPEN -> "not-open";
        };
      }
      log.with(RequestLog.ORG_ID, orgId)
          .with("invitationId", invitationId)
          .with("detailType", event.path("detail-type").asText(""))
          .with("outcome", outcome)
          .finish("email feedback");
    }
    Json.write(Json.object().put("outcome", outcome), output);
  }

  /** What the event reports, by its detail-type (or, for an SES record fed in some other way, its eventType). */
  static Optional<EmailDelivery> deliveryOf(JsonNode event) {
    String kind = event.path("detail-type").asText(event.path("detail").path("eventType").asText(""));
    return switch (kind) {
      case BOUNCED, "Bounce" -> Optional.of(EmailDelivery.BOUNCED);
      case COMPLAINED, "Complaint" -> Optional.of(EmailDelivery.COMPLAINED);
      default -> Optional.empty();
    };
  }

  private static String firstTag(JsonNode tags, String name) {
    JsonNode values = tags.path(name);
    return values.isArray() && values.size() > 0 ? values.get(0).asText("").trim() : "";
  }
}
