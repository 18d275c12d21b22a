package io.usersroles.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The aws-ses-v2-local emulator (npm, pinned in the repository's package-lock.json) as a child
 * process on a free loopback port. It answers the SES v2 API for any signed request and keeps
 * every sent message, which {@link #sentEmails()} reads back from its {@code GET /store}.
 *
 * <p>The child exits by itself when this JVM's end of its standard input closes, so a killed JVM
 * does not leave an emulator behind.
 */
public final class SesEmulator implements AutoCloseable {
  /** The emulator's package folder below a {@code node_modules} folder. */
  public static final String PACKAGE_DIR = "node_modules/aws-ses-v2-local";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LAUNCHER = String.join("\n",
      "const [pkg, port] = process.argv.slice(1);",
      "process.stdin.on('end', () => process.exit(0));",
      "process.stdin.on('error', () => process.exit(0));",
      "process.stdin.resume();",
      "require(pkg + '/dist/index.js').default({ host: '127.0.0.1', port: Number(port) })",
      "  .then(() => console.log('ses-emulator-ready'))",
      "  .catch((e) => { console.error(e); process.exit(1); });");

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private SesEmulator(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the emulator installed under {@code repositoryRoot/node_modules}. Fails with a message
   * naming the fix when Node.js or the package is missing.
   */
  public static SesEmulator start(Path repositoryRoot) {
    Path pkg = repositoryRoot.resolve(PACKAGE_DIR).toAbsolutePath().normalize();
    if (!Files.isRegularFile(pkg.resolve("dist/index.js"))) {
      throw new IllegalStateException("The SES emulator is not installed at " + pkg
          + ": run `npm ci` in " + repositoryRoot.toAbsolutePath().normalize()
          + " (the Maven build does this in the engines module)");
    }
    int port = FreePort.find();
    ProcessBuilder builder = new ProcessBuilder("node", "-e", LAUNCHER, pkg.toString(), Integer.toString(port))
        .redirectErrorStream(true);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run `node` (Node.js is needed for the SES emulator)", e);
    }
    awaitReady(process, port);
    return new SesEmulator(process, port);
  }

  /** Finds the repository root: the system property set by the build, else the nearest folder up with node_modules. */
  public static Path locateRepositoryRoot() {
    String fromBuild = System.getProperty("usersroles.repoRoot");
    if (fromBuild != null && !fromBuild.isBlank()) {
      return Path.of(fromBuild);
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
      if (Files.isDirectory(candidate.resolve(PACKAGE_DIR))) {
        return candidate;
      }
    }
    return dir;
  }

  private static void awaitReady(Process process, int port) {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    List<String> output = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          synchronized (output) {
            output.add(line);
          }
          if (line.contains("ses-emulator-ready")) {
            ready.complete(null);
          }
        }
      } catch (IOException e) {
        // the stream closes when the child exits; what it printed is reported below
      }
      ready.completeExceptionally(new IllegalStateException("the SES emulator exited"));
    }, "ses-emulator-output");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while starting the SES emulator", e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      synchronized (output) {
        throw new IllegalStateException("The SES emulator did not start on port " + port + ": " + output, e);
      }
    }
  }

  /** The endpoint to hand to an {@code SesV2Client}'s {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Every message the emulator accepted, oldest first. */
  public List<SentEmail> sentEmails() {
    JsonNode store = get("/store");
    List<SentEmail> emails = new ArrayList<>();
    for (JsonNode email : store.path("emails")) {
      List<String> to = new ArrayList<>();
      email.path("destination").path("to").forEach(address -> to.add(address.asText()));
      JsonNode body = email.path("body");
      emails.add(new SentEmail(
          email.path("messageId").asText(),
          email.path("from").asText(),
          List.copyOf(to),
          email.path("subject").asText(),
          body.hasNonNull("text") ? body.get("text").asText() : null,
          body.hasNonNull("html") ? body.get("html").asText() : null,
          Instant.ofEpochSecond(email.path("at").asLong())));
    }
    return List.copyOf(emails);
  }

  /** Sent messages with {@code address} among their recipients, oldest first. */
  public List<SentEmail> sentTo(String address) {
    return sentEmails().stream().filter(e -> e.to().contains(address)).toList();
  }

  private JsonNode get(String path) {
    HttpRequest request = HttpRequest.newBuilder(endpoint().resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("SES emulator " + path + " answered " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("SES emulator " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the SES emulator", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** One message as the emulator stored it. */
  public record SentEmail(String messageId, String from, List<String> to, String subject, String text, String html,
      Instant sentAt) {}
}
