package io.usersroles.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.local.LocalServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The web console's two numbers: the JavaScript its first page loads (console/dist, gzipped), and the
 * first render of the Users tab with 100 rows in Debian's chromium, measured by the console's browser
 * suite ({@code console/tests/browser/run.mjs --only render}) against a local server on a free port.
 */
final class ConsoleBench {
  /** The scripts index.html loads: its module script and the module preloads Vite adds. */
  private static final Pattern SCRIPT = Pattern.compile("<(?:script|link)[^>]+(?:src|href)=\"/(assets/[^\"]+\\.js)\"");

  private ConsoleBench() {}

  static void measure(Path repo, Metrics metrics) throws IOException, InterruptedException {
    Path dist = repo.resolve("console/dist");
    if (!Files.isRegularFile(dist.resolve("index.html"))) {
      throw new IllegalStateException(dist + " has no index.html: the Maven build builds the console first");
    }
    Matcher scripts = SCRIPT.matcher(Files.readString(dist.resolve("index.html")));
    List<String> files = new ArrayList<>();
    long gzipped = 0;
    while (scripts.find()) {
      files.add(scripts.group(1));
      gzipped += gzippedSize(Files.readAllBytes(dist.resolve(scripts.group(1))));
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("console/dist/index.html loads no script");
    }
    metrics.put("console_js_kb_gz", gzipped / 1024.0, "KiB, gzip -9, of the JavaScript the console's first page "
        + "loads: " + String.join(", ", files)
        + " (the OpenID Connect client is loaded only when signing in deployed)");

    Path data = Files.createTempDirectory("bench-console");
    Path output = Files.createTempFile("bench-console", ".json");
    try (LocalServer server = LocalServer.start(new LocalServer.Options("127.0.0.1", 0, data, Optional.empty(),
        List.of("http://localhost:5173")))) {
      Process process = new ProcessBuilder("node", repo.resolve("console/tests/browser/run.mjs").toString(),
          "--base-url", server.baseUrl().toString(), "--only", "render", "--metrics", output.toString())
          .directory(repo.resolve("console").toFile()).redirectErrorStream(true).start();
      String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("the console's render measurement failed (Debian's chromium is needed: "
            + "bash console/tests/browser/ensure-chromium.sh):\n" + log);
      }
      JsonNode measured = Fixture.JSON.readTree(output.toFile());
      metrics.put("console_users_render_ms", measured.path("console_users_render_ms").asDouble(), String.format(
          "ms from navigation start to the 100th row of the Users tab in headless chromium %s, median of 5 loads "
              + "after a warm-up (samples %s; the browser's own part after the last API answer %d ms)",
          "(Debian)", measured.path("console_users_render_samples_ms"),
          measured.path("console_users_render_browser_ms").asLong()));
      metrics.detail("console_users_render_ms", Map.of("samples", measured.path("console_users_render_samples_ms")
          .toString(), "browser_part_ms", measured.path("console_users_render_browser_ms").asLong()));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static long gzippedSize(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size();
  }
}
