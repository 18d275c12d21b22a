package io.usersroles.local;

import com.sun.net.httpserver.HttpExchange;
import io.usersroles.engines.gateway.HttpApiGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web console on the API's own origin (README, "Console"): the files {@code console/} builds
 * (copied into this module's classpath under {@code console/} by the Maven build) and the console's
 * {@code config.json}. It answers only paths the API does not own:
 *
 * <ul>
 *   <li>{@code /}, {@code /index.html}, {@code /accept} (where invitation emails link) and everything
 *       under {@code /console/}: the console's page, {@code index.html}, never cached, which routes on
 *       the client side;
 *   <li>{@code /assets/*}: the built scripts and styles, whose names carry a hash of their content, so
 *       they are cached for a year;
 *   <li>{@code /config.json}: local sign-in (the form that asks {@code /local/token}), the API on this origin.
 * </ul>
 *
 * Every other path is the API's. A file name is one segment of letters, digits, dots, dashes and
 * underscores not starting with a dot, so nothing outside the console's folder can be named.
 */
final class ConsoleFiles {
  static final String RESOURCE_ROOT = "console/";
  private static final Pattern ASSET = Pattern.compile("^/assets/([A-Za-z0-9_-][A-Za-z0-9._-]{0,199})$");
  private static final String CONFIG = "{\"apiUrl\":\"\",\"signIn\":\"local\"}";
  private static final String LONG_CACHE = "public, max-age=31536000, immutable";
  private static final String NO_CACHE = "no-cache";
  /** The page loads only its own scripts and styles and talks only to this origin. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
      + "form-action 'self'; frame-ancestors 'none'";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "json", "application/json",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "woff2", "font/woff2",
      "txt", "text/plain; charset=utf-8");

  /** One answer: status, headers and the exact bytes. */
  record File(int status, Map<String, String> headers, byte[] body) {}

  private final ClassLoader loader;

  ConsoleFiles(ClassLoader loader) {
    this.loader = loader;
  }

  static ConsoleFiles fromClasspath() {
    return new ConsoleFiles(ConsoleFiles.class.getClassLoader());
  }

  /** The answer when {@code rawPath} is the console's, else empty (the request goes to the API). */
  Optional<File> find(String method, String rawPath) {
    boolean page = isPage(rawPath);
    var asset = ASSET.matcher(rawPath);
    boolean config = rawPath.equals("/config.json");
    if (!page && !asset.matches() && !config) {
      return Optional.empty();
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return Optional.of(notAllowed(rawPath));
    }
    if (config) {
      return Optional.of(new File(200, headers(TYPES.get("json"), NO_CACHE), CONFIG.getBytes(StandardCharsets.UTF_8)));
    }
    if (page) {
      return Optional.of(read("index.html")
          .map(bytes -> {
            Map<String, String> headers = headers(TYPES.get("html"), NO_CACHE);
            headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.put("Referrer-Policy", "no-referrer");
            headers.put("X-Frame-Options", "DENY");
            return new File(200, headers, bytes);
          })
          .orElseGet(() -> text(503, "The console is not built into this server: build it with "
              + "mvn -B -ntp -DskipTests package (README, \"Console\").")));
    }
    String name = asset.group(1);
    return Optional.of(read("assets/" + name)
        .map(bytes -> new File(200, headers(typeOf(name), LONG_CACHE), bytes))
        .orElseGet(() -> text(404, "No console file " + name)));
  }

  /** The console's client-side routes: what a full page load of them answers is index.html. */
  static boolean isPage(String rawPath) {
    return rawPath.equals("/") || rawPath.equals("/index.html") || rawPath.equals(LocalRoutes.ACCEPT_PAGE)
        || rawPath.equals("/console") || rawPath.startsWith("/console/");
  }

  private Optional<byte[]> read(String name) {
    try (InputStream in = loader.getResourceAsStream(RESOURCE_ROOT + name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console's " + name, e);
    }
  }

  private static String typeOf(String name) {
    int dot = name.lastIndexOf('.');
    String unknown = "application/octet-stream";
    return dot < 0 ? unknown : TYPES.getOrDefault(name.substring(dot + 1), unknown);
  }

  private static Map<String, String> headers(String type, String cache) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", type);
    headers.put("Cache-Control", cache);
    headers.put("X-Content-Type-Options", "nosniff");
    return headers;
  }

  private static File text(int status, String message) {
    return new File(status, headers(TYPES.get("txt"), "no-store"), message.getBytes(StandardCharsets.UTF_8));
  }

  private static File notAllowed(String path) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/problem+json");
    headers.put("Allow", "GET, HEAD");
    String problem = "{\"type\":\"about:blank\",\"title\":\"Method Not Allowed\",\"status\":405,"
        + "\"detail\":\"The console's pages answer GET and HEAD\",\"instance\":\""
        + HttpApiGateway.shortened(path).replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    return new File(405, headers, problem.getBytes(StandardCharsets.UTF_8));
  }

  static void send(HttpExchange exchange, File file) throws IOException {
    file.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(file.body().length));
      exchange.sendResponseHeaders(file.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(file.status(), file.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(file.body());
    }
  }
}
