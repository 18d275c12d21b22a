package io.usersroles.functions.invitations;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.logging.RequestLog;
import io.usersroles.service.InvitationReminderService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * {@code InviteReminderFunction}: the scheduled reminder job (EventBridge). The scheduled event's
 * content is ignored (now comes from the domain clock, so a late or repeated event changes nothing);
 * the answer is what the run did.
 */
public final class InviteReminderHandler implements RequestStreamHandler {
  /** Time left at which the job starts no new page: one page takes well under a second or two. */
  public static final Duration STOP_MARGIN = Duration.ofSeconds(30);

  private final InvitationReminderService reminders;
  private final Duration stopMargin;

  public InviteReminderHandler() {
    this(LambdaEnvironment.component());
  }

  public InviteReminderHandler(FunctionsComponent app) {
    this(app, STOP_MARGIN);
  }

  public InviteReminderHandler(FunctionsComponent app, Duration stopMargin) {
    this.reminders = app.reminders();
    this.stopMargin = stopMargin;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    input.transferTo(OutputStream.nullOutputStream());
    InvitationReminderService.Report report;
    try (RequestLog log = RequestLog.start(context.getAwsRequestId(), "schedule InviteReminderFunction")) {
      report = reminders.run(context.getAwsRequestId(), context::getRemainingTimeInMillis, stopMargin);
      log.with("reminded", report.reminded())
          .with("expired", report.expired())
          .with("delivered", report.delivered())
          .with("notSent", report.notSent())
          .with("skipped", report.skipped())
          .with("finished", Boolean.toString(report.finished()))
          .finish("invite reminders");
    }
    Json.write(Json.object()
        .put("reminded", report.reminded())
        .put("expired", report.expired())
        .put("delivered", report.delivered())
        .put("notSent", report.notSent())
        .put("skipped", report.skipped())
        .put("finished", report.finished()), output);
  }
}
