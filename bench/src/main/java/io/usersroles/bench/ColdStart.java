package io.usersroles.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.bench.cold.ColdInvoke;
import io.usersroles.bench.minimal.MinimalGetItem;
import io.usersroles.engines.gateway.LocalLambdaContext;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code cold_start_ratio}: fresh JVMs, started with the JIT flags template.yaml gives every function,
 * alternately running (a) functions.jar's CheckPermissionHandler on one direct check and (b) the
 * minimal program (the SDK's DynamoDB client, one GetItem) against the same DynamoDB Local server. Wall
 * time from process start to exit, as the parent sees it; the first pair only warms the disk cache.
 */
final class ColdStart {
  private static final Pattern TOOL_OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS:\\s*\"([^\"]*)\"");

  private ColdStart() {}

  static void measure(Fixture fixture, Path repo, Path functionsJar, byte[] checkEvent, Map<String, String> itemKey,
      int runs, Metrics metrics) throws IOException, InterruptedException, URISyntaxException {
    String toolOptions = toolOptions(repo.resolve("template.yaml"));
    Path coldRunner = onlyFile(repo.resolve("bench/target"), "-cold-runner.jar");
    Path minimalJar = repo.resolve("bench/target/minimal-getitem.jar");
    Path event = Files.createTempFile("bench-check", ".json");
    Files.write(event, checkEvent);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // extra JVM options for looking into a cold start (e.g. -Xlog:class+load); none in a measured run
    List<String> probe = List.of(System.getProperty("usersroles.bench.coldJvmOptions", "").split(" +"));
    List<String> function = new ArrayList<>(List.of(java));
    probe.stream().filter(o -> !o.isEmpty()).forEach(function::add);
    // the runner, and the Lambda context it hands the handler (engines/gateway), after the deployed jar
    Path lambdaContext = Path.of(LocalLambdaContext.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    function.addAll(List.of("-cp", functionsJar + File.pathSeparator + coldRunner + File.pathSeparator + lambdaContext,
        ColdInvoke.class.getName(), "io.usersroles.functions.checks.CheckPermissionHandler", event.toString()));
    List<String> minimal = new ArrayList<>(List.of(java));
    probe.stream().filter(o -> !o.isEmpty()).forEach(minimal::add);
    minimal.addAll(List.of("-cp", minimalJar.toString(), MinimalGetItem.class.getName(),
        fixture.dynamoDbEndpoint().toString(), fixture.environment.get("AWS_REGION"), fixture.table,
        itemKey.get("pk"), itemKey.get("sk")));

    long[] functionNanos = new long[runs];
    long[] minimalNanos = new long[runs];
    for (int i = -1; i < runs; i++) {
      boolean functionFirst = (i & 1) == 0;
      long a = run(functionFirst ? function : minimal, fixture, toolOptions, functionFirst);
      long b = run(functionFirst ? minimal : function, fixture, toolOptions, !functionFirst);
      if (i >= 0) {
        functionNanos[i] = functionFirst ? a : b;
        minimalNanos[i] = functionFirst ? b : a;
      }
    }
    Files.delete(event);
    double functionMs = Metrics.median(functionNanos) / 1e6;
    double minimalMs = Metrics.median(minimalNanos) / 1e6;
    metrics.put("cold_start_ratio", functionMs / minimalMs, String.format(
        "median %.0f ms for functions.jar answering one check over median %.0f ms for the minimal GetItem program;"
            + " %d alternating fresh JVMs each, JAVA_TOOL_OPTIONS=\"%s\"", functionMs, minimalMs, runs,
        toolOptions));
    metrics.detail("cold_start_ms", Map.of("runs_each", runs, "function_median", functionMs, "minimal_median", minimalMs,
        "function_min", Metrics.percentile(functionNanos, 0) / 1e6, "minimal_min",
        Metrics.percentile(minimalNanos, 0) / 1e6));
  }

  private static long run(List<String> command, Fixture fixture, String toolOptions, boolean isFunction)
      throws IOException, InterruptedException {
    Path errors = Files.createTempFile("bench-cold", ".stderr");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("JAVA_TOOL") || name.startsWith("_JAVA"));
    env.putAll(fixture.environment);
    env.put("JAVA_TOOL_OPTIONS", toolOptions);
    long start = System.nanoTime();
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("a cold start took over a minute: " + command);
    }
    long elapsed = System.nanoTime() - start;
    String answer = new String(output).trim();
    String stderr = Files.readString(errors);
    Files.delete(errors);
    if (process.exitValue() != 0) {
      throw new IllegalStateException("cold start failed (" + process.exitValue() + "): " + command + "\n" + answer
          + "\n" + stderr);
    }
    if (isFunction) {
      JsonNode decision = BenchMain.read(output);
      BenchMain.requireAllowed(decision);
    } else if (!answer.equals("true")) {
      throw new IllegalStateException("the minimal program did not find the item: " + answer);
    }
    return elapsed;
  }

  /** The JIT flags every function gets, read from template.yaml so that the benchmark cannot drift from it. */
  static String toolOptions(Path template) throws IOException {
    Matcher options = TOOL_OPTIONS.matcher(Files.readString(template));
    if (!options.find()) {
      throw new IllegalStateException("template.yaml sets no JAVA_TOOL_OPTIONS");
    }
    return options.group(1);
  }

  private static Path onlyFile(Path directory, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> found = new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList());
      if (found.size() != 1) {
        throw new IllegalStateException("expected one *" + suffix + " in " + directory + ": " + found);
      }
      return found.get(0);
    }
  }
}
