package io.usersroles.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real browser: starts the local server on a free port with a fresh data folder
 * and runs the console's browser suite against it ({@code console/tests/browser/run.mjs}: playwright-core
 * driving Debian's chromium, every flow of the console end to end, axe-core on every page). The suite's
 * output is shown as it runs; a failing flow fails this test. Screenshots go to
 * {@code local/target/console-screenshots} (or to the folder {@code -Dusersroles.consoleScreenshots}
 * names, such as {@code docs/console}), the measured numbers to {@code local/target/console-metrics.json}.
 */
class ConsoleBrowserTest {
  private static final Path REPO =
      Path.of(System.getProperty("usersroles.repoRoot", "..")).toAbsolutePath().normalize();
  private static final long TIMEOUT_MINUTES = 8;

  @TempDir
  Path data;

  @Test
  void everyFlowOfTheConsoleWorksInChromiumWithoutSeriousAccessibilityViolations() throws Exception {
    Path suite = REPO.resolve("console/tests/browser/run.mjs");
    assertThat(suite).exists();
    assertThat(REPO.resolve("console/node_modules/playwright-core")).as("npm ci in console/ (the Maven build runs it)")
        .exists();
    String chromium = chromium();
    Path screenshots = REPO.resolve(System.getProperty("usersroles.consoleScreenshots",
        "local/target/console-screenshots"));
    Path metrics = REPO.resolve("local/target/console-metrics.json");

    try (LocalServer server = LocalServer.start(new LocalServer.Options("127.0.0.1", 0, data, Optional.empty(),
        List.of(LocalCors.DEFAULT_ORIGIN)))) {
      List<String> command = List.of("node", suite.toString(), "--base-url", server.baseUrl().toString(),
          "--chromium", chromium, "--screenshots", screenshots.toString(), "--metrics", metrics.toString());
      Process process = new ProcessBuilder(command).directory(REPO.resolve("console").toFile())
          .redirectErrorStream(true).start();
      List<String> output = new ArrayList<>();
      Thread reader = new Thread(() -> copy(process, output), "console-browser-output");
      reader.start();
      boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      reader.join(TimeUnit.SECONDS.toMillis(10));
      String log = String.join("\n", output);
      assertThat(finished).as("the browser suite finished within " + TIMEOUT_MINUTES + " minutes:\n" + log).isTrue();
      assertThat(process.exitValue()).as("the browser suite failed:\n" + log).isZero();
      assertThat(log).contains(" passed, 0 failed");
    }
  }

  /** Debian's chromium (ensure-chromium.sh installs it in the build), or the one CHROMIUM names. */
  private static String chromium() {
    List<String> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv("CHROMIUM")).ifPresent(candidates::add);
    candidates.add("/usr/bin/chromium");
    candidates.add("/usr/bin/chromium-browser");
    return candidates.stream().filter(c -> Files.isExecutable(Path.of(c))).findFirst().orElseThrow(() ->
        new AssertionError("Chromium is missing: the build runs console/tests/browser/ensure-chromium.sh, which "
            + "installs Debian's chromium as root (apt-get install chromium), or set CHROMIUM"));
  }

  private static void copy(Process process, List<String> output) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        System.out.println("[console] " + line);
        synchronized (output) {
          output.add(line);
        }
      }
    } catch (IOException e) {
      synchronized (output) {
        output.add("(output lost: " + e + ")");
      }
    }
  }
}
