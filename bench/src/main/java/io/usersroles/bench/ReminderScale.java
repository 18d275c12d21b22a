package io.usersroles.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.config.OrgLimits;
import io.usersroles.domain.Invitation;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.engines.gateway.LocalLambdaContext;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LocalApiGateway;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.store.InvitationFixtures;
import io.usersroles.testing.ItemsRead;
import io.usersroles.testing.RequestCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The reminder job at scale: {@value #PENDING} pending invitations in {@value #ORGS} organisations (each
 * at the default cap of open invitations), {@value #DUE} of them due, reminded by one invocation of
 * InviteReminderFunction with the Lambda timeout the template gives it. Wall time of the invocation and
 * items read per reminder; the invitations are written straight to the table, as the service writes them.
 */
final class ReminderScale {
  static final int ORGS = 100;
  static final int PENDING = ORGS * OrgLimits.DEFAULT_PENDING_INVITATIONS;
  static final int DUE = PENDING / 10;

  private ReminderScale() {}

  static void measure(Fixture fixture, HttpApiGateway gateway, Metrics metrics) throws InterruptedException {
    Fixture.User inviter = fixture.user("reminder-scale-owner");
    List<String> orgIds = new ArrayList<>(ORGS);
    for (int o = 0; o < ORGS; o++) {
      orgIds.add(Fixture.call(gateway, inviter, "POST", "/orgs", "{\"name\":\"Reminders " + o + "\"}", 201)
          .get("orgId").asText());
    }
    long seedStart = System.nanoTime();
    Instant now = Instant.now();
    List<Invitation> pending = new ArrayList<>(PENDING);
    for (int i = 0; i < PENDING; i++) {
      // one in ten was last sent four days ago (due after the default three), the rest a day ago
      Instant lastSent = now.minus(i % (PENDING / DUE) == 0 ? Duration.ofDays(4) : Duration.ofDays(1));
      pending.add(InvitationFixtures.pending(orgIds.get(i % ORGS), "scale-" + i + "@bench.example.test",
          inviter.userId(), lastSent, fixture.settings));
    }
    Fixture.inParallel(pending, part -> {
      try (DynamoDbClient admin = fixture.dynamoDbClient()) {
        InvitationFixtures.writeOpen(admin, fixture.table, fixture.settings, part);
      }
    });
    double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

    Duration timeout = DeployedFunctions.all().stream().filter(f -> f.logicalId().equals("InviteReminderFunction"))
        .findFirst().orElseThrow().timeout(); // what template.yaml gives it (TemplateFunctionsTest)
    ItemsRead itemsRead = new ItemsRead();
    RequestCounter requests = new RequestCounter();
    FunctionsComponent app = fixture.component(fixture.dynamoDbClient(itemsRead, requests), fixture.sesClient(),
        Clock.systemUTC());
    long start = System.nanoTime();
    byte[] answer = LocalApiGateway.of(app).invoke("InviteReminderFunction", "{}".getBytes(),
        new LocalLambdaContext("bench-reminders-100k", "InviteReminderFunction", timeout));
    double seconds = (System.nanoTime() - start) / 1e9;
    JsonNode report = BenchMain.read(answer);
    if (report.path("reminded").asInt() != DUE || !report.path("finished").asBoolean()) {
      throw new IllegalStateException("the reminder job did not remind " + DUE + " in one invocation: " + report);
    }
    if (itemsRead.scanned() != 0 || requests.operations().contains("Scan")) {
      throw new IllegalStateException("the reminder job scanned the table");
    }
    metrics.put("reminder_100k_seconds", seconds, String.format(
        "one invocation of InviteReminderFunction (timeout %d s) reminding %,d of %,d pending invitations in %d orgs;"
            + " %,d DynamoDB requests", timeout.toSeconds(), DUE, PENDING, ORGS, requests.count()));
    metrics.put("reminder_reads_per_reminder_100k", itemsRead.count() / (double) DUE, String.format(
        "%,d items read for %,d reminders, %,d pending in %d orgs", itemsRead.count(), DUE, PENDING, ORGS));
    metrics.detail("reminder_100k", Map.of("seed_seconds", seedSeconds, "run_seconds", seconds,
        "dynamodb_requests", requests.count(), "items_read", itemsRead.count(), "reminded", DUE,
        "pending", PENDING, "orgs", ORGS));
  }

}
