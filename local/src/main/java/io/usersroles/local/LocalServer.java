package io.usersroles.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.usersroles.config.AuditSettings;
import io.usersroles.config.AwsClients;
import io.usersroles.config.ServerSecret;
import io.usersroles.config.Settings;
import io.usersroles.domain.DomainException;
import io.usersroles.engines.AdjustableClock;
import io.usersroles.engines.DynamoDbLocal;
import io.usersroles.engines.FreePort;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
import io.usersroles.engines.eventbridge.LocalEventBridge;
import io.usersroles.engines.gateway.HttpApiEvents;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.engines.gateway.LambdaFunction;
import io.usersroles.engines.streams.FilterPattern;
import io.usersroles.engines.streams.LocalStreamEventSource;
import io.usersroles.engines.secrets.LocalSecretsManager;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.functions.http.Problems;
import io.usersroles.functions.logging.JsonLogging;
import io.usersroles.store.TableDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The whole API on one machine with no AWS account: the real authorizer and handlers (through
 * {@link HttpApiGateway}, which builds the HTTP API payload 2.0 events) behind the JDK's HTTP server,
 * DynamoDB Local keeping its data in the data folder, the SES emulator delivering mail that
 * {@code GET /local/emails} shows, and the local-only routes (README, "Local walk-through"). Clients
 * connect to a {@link RequestHeadGuard} in front of the HTTP server, so that a request the JDK's
 * server would refuse with an HTML page (a target that is not a URI) gets a problem+json too. The
 * web console is served on the same origin ({@link ConsoleFiles}: {@code /}, {@code /accept},
 * {@code /console/...}, {@code /assets/...}), so its pages call the API without CORS.
 */
public final class LocalServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalServer.class);
  private static final String BAD_REQUEST = RequestHeadGuard.BAD_REQUEST_HEADER.toLowerCase(Locale.ROOT);
  private static final String BAD_PATH = RequestHeadGuard.BAD_PATH_HEADER.toLowerCase(Locale.ROOT);
  /** API Gateway's payload limit for HTTP APIs. */
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
  static final String TABLE_NAME = "users-and-roles";
  static final String SENDER = "invitations@users-and-roles.localhost";
  /** How often the audit publisher's stream is read (Lambda reads a DynamoDB stream's shard 4 times a second). */
  private static final Duration STREAM_POLL_INTERVAL = Duration.ofMillis(100);

  private final LocalDataFolder data;
  private final DynamoDbLocal dynamoDb;
  private final SesEmulator ses;
  private final LocalEventBridge eventBridge;
  private final LocalStreamEventSource auditStream;
  private final LocalSecretsManager secretsManager;
  private final HttpServer http;
  private final RequestHeadGuard front;
  private final ExecutorService workers;
  private final HttpApiGateway gateway;
  private final LocalRoutes localRoutes;
  private final LocalCors cors;
  private final ConsoleFiles console = ConsoleFiles.fromClasspath();

  /** How the server is started; every field has a default (see {@link #parse}). */
  public record Options(String host, int port, Path dataFolder, Optional<String> acceptUrlBase,
      List<String> corsOrigins) {
    static final String USAGE = String.join("\n",
        "usage: java -jar local/target/users-and-roles-local.jar [--port N] [--host H] [--data DIR] "
            + "[--accept-url-base URL] [--cors-origin ORIGIN]...",
        "  --port             port of the API (default 3000; 0 picks a free one; env PORT)",
        "  --host             address to listen on (default 127.0.0.1)",
        "  --data             folder keeping the database, keys and clock across restarts (default .local-data)",
        "  --accept-url-base  the page invitation links point to (default http://<host>:<port>/accept)",
        "  --cors-origin      an origin whose pages may call the API (repeatable; default " + LocalCors.DEFAULT_ORIGIN
            + ")");

    /** Reads command-line arguments, falling back to the {@code PORT} environment variable. */
    public static Options parse(String[] args, Map<String, String> env) {
      String host = "127.0.0.1";
      int port = env.containsKey("PORT") ? parsePort(env.get("PORT")) : 3000;
      Path data = Path.of(".local-data");
      Optional<String> acceptUrlBase = Optional.empty();
      List<String> corsOrigins = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (name.equals("--help") || name.equals("-h")) {
          throw new IllegalArgumentException(USAGE);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
        }
        String value = args[++i];
        switch (name) {
          case "--port" -> port = parsePort(value);
          case "--host" -> host = value;
          case "--data" -> data = Path.of(value);
          case "--accept-url-base" -> acceptUrlBase = Optional.of(value);
          case "--cors-origin" -> corsOrigins.add(value);
          default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
        }
      }
      return new Options(host, port, data, acceptUrlBase,
          corsOrigins.isEmpty() ? List.of(LocalCors.DEFAULT_ORIGIN) : List.copyOf(corsOrigins));
    }

    private static int parsePort(String text) {
      try {
        int port = Integer.parseInt(text.trim());
        if (port < 0 || port > 65535) {
          throw new IllegalArgumentException("port out of range: " + text);
        }
        return port;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a port number: " + text, e);
      }
    }
  }

  private LocalServer(Options options) {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      this.data = track(started, LocalDataFolder.open(options.dataFolder()));
      this.dynamoDb = track(started, DynamoDbLocal.persistent(data.dynamoDb(), FreePort.find()));
      this.ses = track(started, SesEmulator.start(SesEmulator.locateRepositoryRoot()));
      this.eventBridge = track(started, LocalEventBridge.start());
      // the functions read the server secret as deployed: by ARN, through the SDK's Secrets Manager client
      this.secretsManager = track(started, LocalSecretsManager.start());
      String secretArn = secretsManager.put("users-and-roles-server-secret",
          Base64.getEncoder().encodeToString(data.serverSecret()));
      ServerSecret serverSecret = ServerSecret.inSecretsManager(secretArn, () -> AwsClients.secretsManager(
          "us-east-1", Optional.of(secretsManager.endpoint()),
          StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))));
      LocalIdentityProvider identityProvider = LocalIdentityProvider.inFolder(data.identityProvider());
      AdjustableClock clock = new AdjustableClock(data.clockOffset());

      // the JDK's server listens on loopback only; clients reach it through the guard
      this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      this.front = track(started, RequestHeadGuard.start(new InetSocketAddress(options.host(), options.port()),
          http.getAddress()));
      int port = front.address().getPort();
      Settings settings = new Settings("us-east-1", TABLE_NAME, Optional.of(dynamoDb.endpoint()),
          Optional.of(ses.endpoint()), SENDER,
          options.acceptUrlBase().orElse("http://" + options.host() + ":" + port + LocalRoutes.ACCEPT_PAGE),
          "Users & Roles", identityProvider.jwksUrl(), LocalIdentityProvider.ISSUER, LocalIdentityProvider.AUDIENCE,
          "groups", Duration.ofDays(7), serverSecret)
          .withAudit(AuditSettings.DEFAULTS.withEventBridgeEndpoint(eventBridge.endpoint()));
      AwsClients clients = AwsClients.forLocalEngines(settings);
      TableDefinition.createIfAbsent(clients.dynamoDb(), TABLE_NAME);
      FunctionsComponent app = FunctionsComponent.builder().settings(settings).clock(clock).clients(clients).build();
      this.gateway = new HttpApiGateway(DeployedFunctions.all().stream().map(f -> LambdaFunction.of(f.logicalId(),
          f.routeKey(), f.timeout(), () -> f.handler(app))).toList(), DeployedFunctions.AUTHORIZER,
          Problems.TYPE_PREFIX);
      this.auditStream = track(started, auditStream(clients, settings, app));
      this.localRoutes = new LocalRoutes(gateway, identityProvider, ses, eventBridge, clock,
          data::saveClockOffset);
      this.cors = new LocalCors(options.corsOrigins());

      AtomicInteger threads = new AtomicInteger();
      this.workers = Executors.newFixedThreadPool(16, task -> {
        Thread thread = new Thread(task, "local-api-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
      http.setExecutor(workers);
      http.createContext("/", this::serve);
      http.start();
    } catch (IOException e) {
      closeAll(started);
      throw new UncheckedIOException("cannot listen on " + options.host() + ":" + options.port(), e);
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  /**
   * The audit publisher fed by the table's stream, as its event source mapping feeds it when deployed
   * (the same filter, batch size and retries); it starts at the stream's end, so events of an earlier
   * run of the server (published then) are not put again.
   */
  private static LocalStreamEventSource auditStream(AwsClients clients, Settings settings, FunctionsComponent app) {
    DeployedFunctions.StreamSource stream = DeployedFunctions.AUDIT_STREAM;
    DeployedFunctions.Entry publisher = DeployedFunctions.byLogicalId(stream.logicalId()).orElseThrow();
    DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
        .endpointOverride(settings.dynamoDbEndpoint().orElseThrow())
        .region(Region.of(settings.region()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
    return LocalStreamEventSource.forTable(clients.dynamoDb(), streams, settings.tableName(),
        new LocalStreamEventSource.Mapping(stream.logicalId(), stream.batchSize(), stream.maxRetries(),
            publisher.timeout(), FilterPattern.parse(stream.filterPattern())),
        publisher.handler(app), LocalStreamEventSource.StartingPosition.LATEST)
        .start(STREAM_POLL_INTERVAL);
  }

  /** Starts the engines and the API; the server answers as soon as this returns. */
  public static LocalServer start(Options options) {
    return new LocalServer(options);
  }

  /** Where the API answers, e.g. {@code http://127.0.0.1:3000}. */
  public URI baseUrl() {
    InetSocketAddress address = front.address();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  public static void main(String[] args) {
    JsonLogging.install(); // the same JSON lines as deployed
    Options options;
    try {
      options = Options.parse(args, System.getenv());
    } catch (IllegalArgumentException usage) {
      System.err.println(usage.getMessage());
      System.exit(2);
      return;
    }
    LocalServer server = start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "local-server-shutdown"));
    LOG.info("Users & Roles is listening on {} (data in {}); stop with Ctrl+C", server.baseUrl(),
        server.data.root());
  }

  @Override
  public void close() {
    front.close();
    http.stop(0);
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeAll(List.of(data, dynamoDb, ses, secretsManager, eventBridge, auditStream));
  }

  private void serve(HttpExchange exchange) throws IOException {
    long started = System.nanoTime();
    try (exchange) {
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      URI uri = exchange.getRequestURI();
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
      HttpApiGateway.Response response;
      byte[] body = readBody(exchange.getRequestBody());
      Optional<RequestHeadGuard.Flaw> flaw = Optional.ofNullable(headers.get(BAD_REQUEST))
          .flatMap(RequestHeadGuard.Flaw::of);
      String sourceIp = front.clientOf(exchange.getRemoteAddress()).orElse(exchange.getRemoteAddress())
          .getAddress().getHostAddress();
      if (flaw.isPresent()) {
        response = malformed(flaw.get(), headers.getOrDefault(BAD_PATH, ""));
      } else if (body == null) {
        response = tooLarge(uri.getRawPath());
      } else {
        Optional<ConsoleFiles.File> file = console.find(method, uri.getRawPath());
        if (file.isPresent()) {
          ConsoleFiles.send(exchange, file.get());
          LOG.info("{} {} {} {}ms", method, uri.getRawPath(), file.get().status(),
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
          return;
        }
        response = cors.preflight(method, headers)
            .or(() -> localRoutes.handle(method, uri.getRawPath(), uri.getRawQuery(), headers, body))
            .orElseGet(() -> gateway.handle(HttpApiEvents.Request.withBody(method, uri.getRawPath(),
                uri.getRawQuery(), headers, body, sourceIp)));
      }
      send(exchange, cors.allow(headers, response));
      LOG.info("{} {} {} {}ms", method, uri.getRawPath(), response.status(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (RuntimeException failed) {
      LOG.error("the local server failed to answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI(),
          failed);
      throw failed;
    }
  }

  /**
   * The answer to a request the guard found malformed before any route could see it: 400
   * {@code invalid-request}, as the functions answer a malformed request, with the path as sent.
   */
  private static HttpApiGateway.Response malformed(RequestHeadGuard.Flaw flaw, String encodedPath) {
    String path = URLDecoder.decode(encodedPath, StandardCharsets.ISO_8859_1);
    return HttpApiGateway.responseOf(Problems.of(DomainException.invalid(flaw.detail()), path).toEvent());
  }

  /** The body, or null when it is over the payload limit. */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  private static HttpApiGateway.Response tooLarge(String path) {
    String problem = "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
        + "\"detail\":\"The request body is larger than 10 MiB\",\"instance\":\""
        + HttpApiGateway.shortened(path).replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    return new HttpApiGateway.Response(413, Map.of("Content-Type", "application/problem+json"), problem);
  }

  private static void send(HttpExchange exchange, HttpApiGateway.Response response) throws IOException {
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    byte[] body = response.body() == null ? null : response.body().getBytes(StandardCharsets.UTF_8);
    if (body == null || response.status() == 204 || exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> started, T resource) {
    started.add(resource);
    return resource;
  }

  private static void closeAll(List<? extends AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) { // AutoCloseable declares Exception; one failing close must not keep the rest open
        LOG.warn("could not close {}", resources.get(i), e);
      }
    }
  }
}
