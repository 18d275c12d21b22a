package io.usersroles.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local server answers for the console's paths, and that it leaves every other path to the API. */
class ConsoleFilesTest {
  @TempDir
  Path root;

  private ConsoleFiles files;

  @BeforeEach
  void build() throws IOException {
    Path console = Files.createDirectories(root.resolve("classes/console/assets"));
    Files.writeString(console.resolve("../index.html"), "<!doctype html><div id=\"app\"></div>");
    Files.writeString(console.resolve("app-3f9a.js"), "console.log('app')");
    Files.writeString(console.resolve("app-3f9a.css"), "body{}");
    Files.writeString(root.resolve("classes/secret.txt"), "not the console's");
    Files.writeString(root.resolve("classes/console/.hidden"), "hidden");
    files = new ConsoleFiles(new URLClassLoader(new URL[] {root.resolve("classes/").toUri().toURL()}, null));
  }

  @Test
  void theConsolesRoutesAnswerIndexHtmlNeverCachedWithItsPolicy() {
    for (String path : List.of("/", "/index.html", "/accept", "/console", "/console/orgs/org_1/users",
        "/console/orgs/org_1/roles/new", "/console/callback")) {
      ConsoleFiles.File file = files.find("GET", path).orElseThrow();
      assertThat(file.status()).as(path).isEqualTo(200);
      assertThat(file.headers()).as(path).containsEntry("Content-Type", "text/html; charset=utf-8")
          .containsEntry("Cache-Control", "no-cache").containsEntry("X-Content-Type-Options", "nosniff")
          .containsEntry("Content-Security-Policy", ConsoleFiles.CONTENT_SECURITY_POLICY);
      assertThat(new String(file.body(), StandardCharsets.UTF_8)).contains("id=\"app\"");
    }
    assertThat(files.find("HEAD", "/accept").orElseThrow().status()).isEqualTo(200);
  }

  @Test
  void hashedAssetsAreCachedForAYearWithTheirContentType() {
    ConsoleFiles.File script = files.find("GET", "/assets/app-3f9a.js").orElseThrow();
    assertThat(script.headers()).containsEntry("Content-Type", "text/javascript; charset=utf-8")
        .containsEntry("Cache-Control", "public, max-age=31536000, immutable");
    assertThat(files.find("GET", "/assets/app-3f9a.css").orElseThrow().headers())
        .containsEntry("Content-Type", "text/css; charset=utf-8");
    assertThat(files.find("GET", "/assets/missing-1.js").orElseThrow().status()).isEqualTo(404);
  }

  @Test
  void nothingOutsideTheConsolesFolderCanBeNamed() {
    for (String path : List.of("/assets/../../secret.txt", "/assets/..%2F..%2Fsecret.txt", "/assets/.hidden",
        "/assets/..", "/assets/%2e%2e/secret.txt", "/assets/a/b.js", "/assets/a\\b.js", "/assets/")) {
      files.find("GET", path).ifPresent(file -> assertThat(file.status()).as(path).isEqualTo(404));
    }
    assertThat(files.find("GET", "/secret.txt")).isEmpty();
    assertThat(files.find("GET", "/.hidden")).isEmpty();
  }

  @Test
  void theApisPathsAreLeftToTheApi() {
    for (String path : List.of("/orgs", "/orgs/org_1/users", "/me", "/invitations/accept", "/local/token",
        "/2015-03-31/functions/X/invocations", "/consoles", "/acceptance", "/assetsx/a.js")) {
      assertThat(files.find("GET", path)).as(path).isEmpty();
      assertThat(files.find("POST", path)).as(path).isEmpty();
    }
  }

  @Test
  void theLocalConfigSignsInWithTheLocalFormAndOtherMethodsAreRefused() {
    ConsoleFiles.File config = files.find("GET", "/config.json").orElseThrow();
    assertThat(new String(config.body(), StandardCharsets.UTF_8)).isEqualTo("{\"apiUrl\":\"\",\"signIn\":\"local\"}");
    assertThat(config.headers()).containsEntry("Cache-Control", "no-cache");
    ConsoleFiles.File post = files.find("POST", "/accept").orElseThrow();
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.headers()).containsEntry("Allow", "GET, HEAD");
  }

  @Test
  void anUnbuiltConsoleSaysHowToBuildIt() {
    ConsoleFiles empty = new ConsoleFiles(new URLClassLoader(new URL[0], null));
    ConsoleFiles.File page = empty.find("GET", "/").orElseThrow();
    assertThat(page.status()).isEqualTo(503);
    assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("mvn -B -ntp -DskipTests package");
  }
}
