package io.usersroles.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.access.CustomRole;
import io.usersroles.domain.Invitation;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.engines.gateway.LocalLambdaContext;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LocalApiGateway;
import io.usersroles.functions.checks.CheckPermissionHandler;
import io.usersroles.store.InvitationFixtures;
import io.usersroles.testing.ItemsRead;
import io.usersroles.testing.RequestCounter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Measures the project against its floors on this machine, in one run, and writes
 * {@code bench/results.json} and the results table of {@code docs/benchmarks.md}. Every number is
 * measured here; the targets are the ones of the benchmarks issue, kept in {@link Metrics}.
 */
public final class BenchMain {
  static final int ROLES = 20;
  static final int LATENCY_WARMUP = 1_000;
  static final int LATENCY_SAMPLES = 1_500;
  static final int COLD_RUNS = 7;
  static final int INVITEES = 100;
  static final int PENDING = 10_000;
  static final int DUE = 1_000;
  static final int WORST_CASE_HTTP_SAMPLES = 20;
  static final int MY_ORGS = 20;
  static final int MY_INVITATIONS = 5;

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(System.getProperty("usersroles.repoRoot", ".")).toAbsolutePath().normalize();
    // another build of the jar can be compared with -Dusersroles.bench.functionsJar (BenchMain cold)
    Path functionsJar = Path.of(System.getProperty("usersroles.bench.functionsJar",
        repo.resolve("functions/target/functions.jar").toString()));
    if (!Files.isRegularFile(functionsJar)) {
      throw new IllegalStateException(functionsJar + " is missing: build with mvn -DskipTests package first");
    }
    long started = System.nanoTime();
    Metrics metrics = new Metrics();
    metrics.machine();
    Map<String, Double> coldStarts;
    List<OrgScale.Result> orgScale;
    try (Fixture fixture = new Fixture(repo)) {
      DynamoDbClient dynamoDb = fixture.dynamoDbClient();
      SesV2Client ses = fixture.sesClient();
      FunctionsComponent app = fixture.component(dynamoDb, ses, Clock.systemUTC());
      HttpApiGateway gateway = LocalApiGateway.of(app);
      Scenario scenario = Scenario.create(fixture, gateway, ROLES);
      byte[] checkEvent = Fixture.JSON.writeValueAsBytes(scenario.directCheckEvent(ROLES));
      if (args.length > 0 && args[0].equals("scale")) {
        // a design loop for the organisation sizes alone: prints the numbers, writes nothing
        OrgScale.measure(fixture, gateway, metrics).forEach(System.out::println);
        System.out.println(metrics.summary());
        return;
      }
      if (args.length > 0 && args[0].equals("cold")) {
        // a design loop for the cold starts alone: prints the ratios, writes nothing
        BatchGetItemRequest read = checkRoundTrips(fixture, ses, scenario, checkEvent, metrics);
        ColdStart.measure(fixture, repo, functionsJar, checkEvent, memberKey(read),
            Integer.getInteger("usersroles.bench.coldRuns", COLD_RUNS), metrics);
        ColdStart.measureEveryFunction(fixture, gateway, repo, functionsJar, memberKey(read), metrics)
            .forEach((function, ratio) -> System.out.printf(Locale.ROOT, "  %-36s %.3f%n", function, ratio));
        System.out.println(metrics.summary());
        return;
      }

      if (args.length > 0 && args[0].equals("worst-api")) {
        // the worst cases through the API alone: prints their phase's time, writes nothing
        fixture.streamOff();
        worstCaseThroughTheApi(fixture, gateway, metrics);
        printAlone(metrics, "worst case through the API", started);
        return;
      }

      if (args.length > 0 && args[0].equals("reminders")) {
        // the reminder job at 100,000 pending alone: prints its numbers, writes nothing; as in a measured
        // run, without the table's stream (fixture.streamOff says why)
        fixture.streamOff();
        ReminderScale.measure(fixture, gateway, metrics);
        printAlone(metrics, "reminders at 100,000 pending", started);
        return;
      }

      if (args.length > 0 && args[0].equals("audit")) {
        // the audit log's numbers alone: prints them, writes nothing
        AuditBench.measure(fixture, gateway, metrics);
        System.out.println(metrics.summary());
        return;
      }

      metrics.phase("set-up");
      // the audit publisher's latency first, while the table has its stream; then the stream is turned off
      // (fixture.streamOff says why)
      AuditBench.measure(fixture, gateway, metrics);
      fixture.streamOff();
      metrics.phase("audit");
      BatchGetItemRequest checkRead = checkRoundTrips(fixture, ses, scenario, checkEvent, metrics);
      checkLatency(app, dynamoDb, checkEvent, checkRead, metrics);
      metrics.phase("check latency");
      worstCaseThroughTheApi(fixture, gateway, metrics);
      metrics.phase("worst case through the API");
      inviteHundred(fixture, scenario, metrics);
      reminderReads(fixture, scenario, metrics);
      metrics.phase("invitations and reminders");
      meRoundTrips(fixture, gateway, metrics);
      metrics.phase("GET /me");
      if (args.length > 0 && args[0].equals("first")) {
        // the requests' numbers alone, with their phases' times: prints them, writes nothing
        printAlone(metrics, null, started);
        return;
      }
      ColdStart.measure(fixture, repo, functionsJar, checkEvent, memberKey(checkRead), COLD_RUNS, metrics);
      coldStarts = ColdStart.measureEveryFunction(fixture, gateway, repo, functionsJar, memberKey(checkRead),
          metrics);
      metrics.phase("cold starts");
      orgScale = OrgScale.measure(fixture, gateway, metrics);
      metrics.phase("organisation sizes");
      ReminderScale.measure(fixture, gateway, metrics);
      metrics.phase("reminders at 100,000 pending");
    }
    metrics.put("function_jar_mb", Files.size(functionsJar) / 1_000_000.0, "MB (10^6 bytes) of " +
        repo.relativize(functionsJar));
    ConsoleBench.measure(repo, metrics);
    metrics.phase("console");
    Map<String, Double> peers = engineThroughput(metrics);
    metrics.phase("JMH: engine and peer");
    checkWorstCase(metrics);
    metrics.phase("JMH: worst case");
    Charts charts = new Charts(repo.resolve("docs/benchmarks"));
    charts.peer(peers);
    charts.orgScale(orgScale);
    charts.usersPage(orgScale);
    charts.coldStarts(coldStarts, Metrics.TARGETS.get("cold_start_ratio_max").bound());
    metrics.finish(Duration.ofNanos(System.nanoTime() - started));
    metrics.write(repo.resolve("bench/results.json"), repo.resolve("docs/benchmarks.md"));
    System.out.println(metrics.summary());
  }

  /**
   * Ends a part of the run that a design loop ran alone: its last phase (when named), then the numbers and the
   * phases' times on standard output; nothing is written.
   */
  private static void printAlone(Metrics metrics, String lastPhase, long started) {
    if (lastPhase != null) {
      metrics.phase(lastPhase);
    }
    metrics.finish(Duration.ofNanos(System.nanoTime() - started));
    System.out.println(metrics.summary());
  }

  /** DynamoDB requests of one check on a fresh object graph (nothing cached), by direct invocation and over HTTP. */
  private static BatchGetItemRequest checkRoundTrips(Fixture fixture, SesV2Client ses, Scenario scenario,
      byte[] checkEvent, Metrics metrics) {
    RequestCounter requests = new RequestCounter();
    LastBatchGet lastRead = new LastBatchGet();
    FunctionsComponent fresh = fixture.component(fixture.dynamoDbClient(requests, lastRead), ses, Clock.systemUTC());
    JsonNode answer = invoke(new CheckPermissionHandler(fresh), checkEvent);
    requireAllowed(answer);
    metrics.put("check_round_trips", requests.count(), "direct invocation, fresh execution environment: "
        + requests.operations());

    RequestCounter httpRequests = new RequestCounter();
    FunctionsComponent freshForHttp = fixture.component(fixture.dynamoDbClient(httpRequests), ses, Clock.systemUTC());
    JsonNode overHttp = Fixture.call(LocalApiGateway.of(freshForHttp), scenario.member, "POST",
        "/orgs/" + scenario.orgId + "/check", Fixture.JSON.createObjectNode()
            .put("action", "documents:view-content")
            .set("resource", read(checkEvent).get("resource")).toString(), 200);
    requireAllowed(overHttp);
    metrics.put("check_round_trips_http", httpRequests.count(), "POST /orgs/{orgId}/check for the caller itself, "
        + "fresh execution environment: " + httpRequests.operations());
    return lastRead.request;
  }

  /**
   * p50 of a warm check through the real handler (event bytes in, JSON bytes out) over p50 of the
   * one raw SDK request that reads the same items (the handler's own BatchGetItem, replayed), on the
   * same client and server, interleaved so that both see the same machine.
   */
  private static void checkLatency(FunctionsComponent app, DynamoDbClient dynamoDb, byte[] checkEvent,
      BatchGetItemRequest read, Metrics metrics) {
    CheckPermissionHandler handler = new CheckPermissionHandler(app);
    LocalLambdaContext context = new LocalLambdaContext("bench", "CheckPermissionFunction", Duration.ofSeconds(29));
    for (int i = 0; i < LATENCY_WARMUP; i++) {
      invoke(handler, checkEvent, context);
      dynamoDb.batchGetItem(read);
    }
    long[] viaHandler = new long[LATENCY_SAMPLES];
    long[] raw = new long[LATENCY_SAMPLES];
    for (int i = 0; i < LATENCY_SAMPLES; i++) {
      // alternate which goes first, so neither always follows the other's garbage or cache effects
      if ((i & 1) == 0) {
        viaHandler[i] = timeHandler(handler, checkEvent, context);
        raw[i] = timeRaw(dynamoDb, read);
      } else {
        raw[i] = timeRaw(dynamoDb, read);
        viaHandler[i] = timeHandler(handler, checkEvent, context);
      }
    }
    double handlerP50 = Metrics.median(viaHandler) / 1_000.0;
    double rawP50 = Metrics.median(raw) / 1_000.0;
    metrics.put("check_latency_ratio", handlerP50 / rawP50, String.format(
        "p50 %.0f us through CheckPermissionHandler over p50 %.0f us of the raw BatchGetItem; %d samples each "
            + "after %d warm-up pairs", handlerP50, rawP50, LATENCY_SAMPLES, LATENCY_WARMUP));
    metrics.detail("check_latency_us", Map.of("samples_each", LATENCY_SAMPLES, "warmup_pairs", LATENCY_WARMUP,
        "handler_p50", handlerP50, "raw_p50", rawP50,
        "handler_p90", Metrics.percentile(viaHandler, 0.9) / 1_000.0,
        "raw_p90", Metrics.percentile(raw, 0.9) / 1_000.0));
  }

  private static long timeHandler(CheckPermissionHandler handler, byte[] event, LocalLambdaContext context) {
    long start = System.nanoTime();
    invoke(handler, event, context);
    return System.nanoTime() - start;
  }

  private static long timeRaw(DynamoDbClient dynamoDb, BatchGetItemRequest read) {
    long start = System.nanoTime();
    dynamoDb.batchGetItem(read);
    return System.nanoTime() - start;
  }

  /** One invitation request naming 100 new addresses: DynamoDB requests and SES calls. */
  private static void inviteHundred(Fixture fixture, Scenario scenario, Metrics metrics) {
    RequestCounter dynamoDbRequests = new RequestCounter();
    RequestCounter sesCalls = new RequestCounter();
    FunctionsComponent app = fixture.component(fixture.dynamoDbClient(dynamoDbRequests), fixture.sesClient(sesCalls),
        Clock.systemUTC());
    ArrayNode emails = Fixture.JSON.createArrayNode();
    for (int i = 0; i < INVITEES; i++) {
      emails.add("invitee-" + i + "@bench.example.test");
    }
    ObjectNode body = Fixture.object();
    body.set("emails", emails);
    JsonNode answer = Fixture.call(LocalApiGateway.of(app), scenario.owner, "POST",
        "/orgs/" + scenario.orgId + "/invitations", body.toString(), 200);
    int sent = 0;
    for (JsonNode result : answer.get("results")) {
      if (!"invited".equals(result.path("status").asText()) || !result.path("emailSent").asBoolean()) {
        throw new IllegalStateException("not invited and sent: " + result);
      }
      sent++;
    }
    if (sent != INVITEES) {
      throw new IllegalStateException("expected " + INVITEES + " results: " + answer);
    }
    metrics.put("invite100_ddb_round_trips", dynamoDbRequests.count(), dynamoDbRequests.operations().toString());
    metrics.put("invite100_ses_calls", sesCalls.count(), sesCalls.operations().toString());
  }

  /** Items read per reminder sent by the reminder job, with 10,000 pending invitations of which 1,000 are due. */
  private static void reminderReads(Fixture fixture, Scenario scenario, Metrics metrics) {
    Instant now = Instant.now();
    List<Invitation> pending = new ArrayList<>(PENDING);
    for (int i = 0; i < PENDING; i++) {
      // one in ten was last sent four days ago (due after the default three), the rest a day ago
      Instant lastSent = now.minus(i % (PENDING / DUE) == 0 ? Duration.ofDays(4) : Duration.ofDays(1));
      pending.add(InvitationFixtures.pending(scenario.orgId, "pending-" + i + "@bench.example.test",
          scenario.owner.userId(), lastSent, fixture.settings));
    }
    try (DynamoDbClient admin = fixture.dynamoDbClient()) {
      InvitationFixtures.writeOpen(admin, fixture.table, fixture.settings, pending);
    }
    ItemsRead itemsRead = new ItemsRead();
    RequestCounter requests = new RequestCounter();
    FunctionsComponent app = fixture.component(fixture.dynamoDbClient(itemsRead, requests), fixture.sesClient(),
        Clock.systemUTC());
    byte[] answer = LocalApiGateway.of(app).invoke("InviteReminderFunction", "{}".getBytes(),
        new LocalLambdaContext("bench-reminders", "InviteReminderFunction", Duration.ofMinutes(15)));
    JsonNode report = read(answer);
    if (report.path("reminded").asInt() != DUE || !report.path("finished").asBoolean()) {
      throw new IllegalStateException("the reminder job did not remind " + DUE + ": " + report);
    }
    if (itemsRead.scanned() != 0 || requests.operations().contains("Scan")) {
      throw new IllegalStateException("the reminder job scanned the table");
    }
    metrics.put("reminder_reads_per_reminder", itemsRead.count() / (double) DUE, String.format(
        "%d items read for %d reminders, %d pending; %d DynamoDB requests", itemsRead.count(), DUE, PENDING,
        requests.count()));
  }

  /**
   * DynamoDB requests of {@code GET /me} for a person in 20 organisations with 5 open invitations, on
   * a fresh object graph, through the gateway.
   */
  private static void meRoundTrips(Fixture fixture, HttpApiGateway gateway, Metrics metrics) {
    Fixture.User person = fixture.user("me-person");
    for (int i = 0; i < MY_ORGS; i++) {
      Fixture.call(gateway, person, "POST", "/orgs", "{\"name\":\"Mine " + i + "\"}", 201);
    }
    for (int i = 0; i < MY_INVITATIONS; i++) {
      Fixture.User inviter = fixture.user("me-inviter-" + i);
      String orgId = Fixture.call(gateway, inviter, "POST", "/orgs", "{\"name\":\"Inviting " + i + "\"}", 201)
          .get("orgId").asText();
      Fixture.call(gateway, inviter, "POST", "/orgs/" + orgId + "/invitations",
          "{\"emails\":[\"" + person.email() + "\"]}", 200);
    }
    RequestCounter requests = new RequestCounter();
    FunctionsComponent fresh = fixture.component(fixture.dynamoDbClient(requests), fixture.sesClient(),
        Clock.systemUTC());
    JsonNode me = Fixture.call(LocalApiGateway.of(fresh), person, "GET", "/me", null, 200);
    if (me.path("orgs").size() != MY_ORGS || me.path("invitations").size() != MY_INVITATIONS) {
      throw new IllegalStateException("GET /me should list " + MY_ORGS + " orgs and " + MY_INVITATIONS
          + " invitations: " + me);
    }
    if (requests.operations().contains("Scan")) {
      throw new IllegalStateException("GET /me scanned the table");
    }
    metrics.put("me_round_trips", requests.count(), String.format("GET /me, %d organisations and %d invitations, "
        + "fresh execution environment: %s", MY_ORGS, MY_INVITATIONS, requests.operations()));
  }

  /**
   * One JMH run, one thread: decisions per second of the pure engine over 50 custom roles with file globs
   * ({@link EngineBenchmark}), and our engine beside jCasbin on the peer workload ({@link PeerBenchmark});
   * forks and iterations are on the benchmark classes. Returns each peer configuration's score, ours first.
   */
  private static Map<String, Double> engineThroughput(Metrics metrics) throws RunnerException {
    var options = new OptionsBuilder()
        .include(EngineBenchmark.class.getName() + "\\.")
        .include(PeerBenchmark.class.getName() + "\\.")
        .threads(1)
        .shouldFailOnError(true)
        .build();
    Map<String, RunResult> peers = new LinkedHashMap<>();
    RunResult engine = null;
    for (RunResult result : new Runner(options).run()) {
      if (result.getParams().getBenchmark().startsWith(EngineBenchmark.class.getName())) {
        engine = result;
      } else {
        peers.put(result.getParams().getParam("engine"), result);
      }
    }
    if (engine == null || peers.size() != 4) {
      throw new IllegalStateException("JMH did not run every benchmark: " + peers.keySet());
    }
    var primary = engine.getPrimaryResult();
    metrics.put("engine_decisions_per_sec", primary.getScore(), String.format(
        "JMH %s, 1 fork x 5 x 2 s after 3 x 2 s warm-up, 1 thread, %d custom roles; error +-%.0f (99.9%%)",
        primary.getLabel(), EngineBenchmark.ROLES, primary.getScoreError()));
    metrics.detail("engine_decisions_per_sec", Map.of("score_error_99_9", primary.getScoreError(),
        "measurement_iterations", primary.getStatistics().getN(), "min", primary.getStatistics().getMin(),
        "max", primary.getStatistics().getMax()));
    return PeerComparison.record(peers, metrics);
  }

  /**
   * The worst cases' roles go through the API, so the product is shown to accept every one of them; then a
   * member holding them through the IdP group is asked about the worst path, end to end (a few samples, as
   * a detail: the key itself is the engine's, {@link #checkWorstCase}).
   */
  private static void worstCaseThroughTheApi(Fixture fixture, HttpApiGateway gateway, Metrics metrics) {
    Map<String, Object> details = new TreeMap<>();
    for (WorstCase.Shape shape : WorstCase.Shape.values()) {
      String name = shape.name().toLowerCase(Locale.ROOT);
      Fixture.User owner = fixture.user("worst-owner-" + name);
      Fixture.User member = fixture.user("worst-member-" + name);
      String orgId = Fixture.call(gateway, owner, "POST", "/orgs", "{\"name\":\"Worst Co\"}", 201).get("orgId")
          .asText();
      for (int i = 0; i < WorstCase.ROLES; i++) {
        Fixture.call(gateway, owner, "POST", "/orgs/" + orgId + "/roles", WorstCase.roleJson(shape, i).toString(),
            201);
      }
      Fixture.call(gateway, owner, "POST", "/orgs/" + orgId + "/invitations",
          "{\"emails\":[\"" + member.email() + "\"]}", 200);
      Fixture.call(gateway, member, "POST", "/invitations/accept",
          "{\"token\":\"" + fixture.latestToken(member.email()) + "\"}", 200);
      ObjectNode check = Fixture.object().put("action", WorstCase.ACTION);
      check.putObject("principal").put("type", "user").put("id", member.userId()).putArray("groups")
          .add(WorstCase.GROUP);
      check.putObject("resource").put("project", WorstCase.PROJECT).put("path", WorstCase.path(shape));
      long[] samples = new long[WORST_CASE_HTTP_SAMPLES];
      for (int i = -WORST_CASE_HTTP_SAMPLES; i < samples.length; i++) { // as many warm-up rounds first
        long start = System.nanoTime();
        JsonNode answer = Fixture.call(gateway, owner, "POST", "/orgs/" + orgId + "/check", check.toString(), 200);
        long took = System.nanoTime() - start;
        if (answer.path("allowed").asBoolean(true)) {
          throw new IllegalStateException("the worst case must be denied: " + answer);
        }
        if (i >= 0) {
          samples[i] = took;
        }
      }
      details.put(name + "_p50", Metrics.median(samples) / 1_000_000.0);
      details.put(name + "_max", Metrics.percentile(samples, 1.0) / 1_000_000.0);
    }
    details.put("samples_each", WORST_CASE_HTTP_SAMPLES);
    metrics.detail("check_worst_case_http_ms", details);
  }

  /**
   * JMH, one fork, one thread, each decision timed, for each shape of {@link WorstCase}: the 99th percentile of
   * one engine decision, the largest of them.
   */
  private static void checkWorstCase(Metrics metrics) throws RunnerException {
    var options = new OptionsBuilder()
        .include(WorstCaseBenchmark.class.getName())
        .forks(1)
        .threads(1)
        .warmupIterations(3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
        .shouldFailOnError(true)
        .build();
    double worst = -1;
    String note = null;
    Map<String, Object> details = new TreeMap<>();
    for (RunResult result : new Runner(options).run()) {
      String shape = result.getParams().getParam("shape");
      var statistics = result.getPrimaryResult().getStatistics();
      double p99 = statistics.getPercentile(99);
      List<CustomRole> roles = WorstCase.roles(WorstCase.Shape.valueOf(shape));
      int globs = roles.stream().mapToInt(role -> role.filePermissions().size()).sum();
      String name = shape.toLowerCase(Locale.ROOT);
      details.put(name, Map.of("samples", statistics.getN(), "p50", statistics.getPercentile(50),
          "p90", statistics.getPercentile(90), "p99", p99, "max", statistics.getMax(), "globs", globs,
          "glob_characters", WorstCase.globCharacters(roles)));
      if (p99 > worst) {
        worst = p99;
        note = String.format("p99 of %d decisions (JMH sample time, 1 fork x 5 x 1 s after 3 x 1 s warm-up, 1 "
            + "thread), shape %s: %d roles of the largest accepted size held through one IdP group, %d globs of %d "
            + "characters in all, a %d-character path matching none; p50 %.0f us", statistics.getN(), shape,
            roles.size(), globs, WorstCase.globCharacters(roles),
            WorstCase.path(WorstCase.Shape.valueOf(shape)).length(), statistics.getPercentile(50));
      }
    }
    metrics.put("check_worst_case_us", worst, note);
    metrics.detail("check_worst_case_us", details);
  }

  private static Map<String, String> memberKey(BatchGetItemRequest read) {
    for (Map<String, AttributeValue> key : read.requestItems().values().iterator().next().keys()) {
      if (key.get("sk").s().startsWith("MEMBER#")) {
        return Map.of("pk", key.get("pk").s(), "sk", key.get("sk").s());
      }
    }
    throw new IllegalStateException("the check read no membership: " + read);
  }

  private static JsonNode invoke(CheckPermissionHandler handler, byte[] event) {
    return read(invokeRaw(handler, event,
        new LocalLambdaContext("bench", "CheckPermissionFunction", Duration.ofSeconds(29))));
  }

  private static void invoke(CheckPermissionHandler handler, byte[] event, LocalLambdaContext context) {
    invokeRaw(handler, event, context);
  }

  private static byte[] invokeRaw(CheckPermissionHandler handler, byte[] event, LocalLambdaContext context) {
    ByteArrayOutputStream output = new ByteArrayOutputStream(256);
    try {
      handler.handleRequest(new ByteArrayInputStream(event), output, context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return output.toByteArray();
  }

  static JsonNode read(byte[] json) {
    try {
      return Fixture.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void requireAllowed(JsonNode answer) {
    if (!answer.path("allowed").asBoolean()) {
      throw new IllegalStateException("the benchmark check should be allowed: " + answer);
    }
  }

  /** Keeps the last BatchGetItem a client sent, to replay the same read raw. */
  private static final class LastBatchGet implements ExecutionInterceptor {
    volatile BatchGetItemRequest request;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof BatchGetItemRequest batchGet) {
        request = batchGet;
      }
    }
  }
}
