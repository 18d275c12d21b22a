package io.usersroles.bench;

import io.usersroles.bench.cold.ColdInvoke;
import io.usersroles.bench.minimal.MinimalGetItem;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.engines.gateway.LocalLambdaContext;
import io.usersroles.functions.deployment.DeployedFunctions;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Cold starts: fresh JVMs, started with the JIT flags template.yaml gives every function, running either
 * a deployed function from functions.jar on one event (as the Lambda Java runtime would: {@link ColdInvoke})
 * or the minimal program (the SDK's DynamoDB client, one GetItem) against the same DynamoDB Local server.
 * Wall time from process start to exit, as the parent sees it. {@code cold_start_ratio}: the check alone,
 * alternating with the minimal program (the first pair only warms the disk cache);
 * {@code cold_start_ratio_max}: every deployed function ({@link ColdEvents}), in rounds.
 */
final class ColdStart {
  private static final Pattern TOOL_OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS:\\s*\"([^\"]*)\"");
  private static final String SDK_SERVICES = "software/amazon/awssdk/services/";
  /** Runs of every deployed function (the first pass). */
  static final int ROUNDS = Integer.getInteger("usersroles.bench.coldRounds", 2);
  /** Further runs of the slowest quarter of the functions (the second pass). */
  static final int EXTRA_ROUNDS = Integer.getInteger("usersroles.bench.coldExtraRounds", 4);
  /** The minimal program runs after every this many function runs. */
  static final int MINIMAL_EVERY = 3;

  private final Fixture fixture;
  private final String toolOptions;
  private final List<String> functionPrefix;
  private final List<String> minimal;

  private ColdStart(Fixture fixture, Path repo, Path functionsJar, Map<String, String> itemKey)
      throws IOException, URISyntaxException {
    this.fixture = fixture;
    this.toolOptions = toolOptions(repo.resolve("template.yaml"));
    Path coldRunner = onlyFile(repo.resolve("bench/target"), "-cold-runner.jar");
    Path minimalJar = requireOnlyDynamoDb(repo.resolve("bench/target/minimal-getitem.jar"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // extra JVM options for looking into a cold start (e.g. -Xlog:class+load); none in a measured run
    List<String> probe = List.of(System.getProperty("usersroles.bench.coldJvmOptions", "").split(" +"));
    List<String> function = new ArrayList<>(List.of(java));
    probe.stream().filter(o -> !o.isEmpty()).forEach(function::add);
    // the runner, and the Lambda context it hands the handler (engines/gateway), after the deployed jar
    Path lambdaContext = Path.of(LocalLambdaContext.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    function.addAll(List.of("-cp", functionsJar + File.pathSeparator + coldRunner + File.pathSeparator + lambdaContext,
        ColdInvoke.class.getName()));
    this.functionPrefix = List.copyOf(function);
    List<String> minimal = new ArrayList<>(List.of(java));
    probe.stream().filter(o -> !o.isEmpty()).forEach(minimal::add);
    minimal.addAll(List.of("-cp", minimalJar.toString(), MinimalGetItem.class.getName(),
        fixture.dynamoDbEndpoint().toString(), fixture.environment.get("AWS_REGION"), fixture.table,
        itemKey.get("pk"), itemKey.get("sk")));
    this.minimal = List.copyOf(minimal);
  }

  /** {@code cold_start_ratio}: the check function on {@code checkEvent}, {@code runs} alternating pairs. */
  static void measure(Fixture fixture, Path repo, Path functionsJar, byte[] checkEvent, Map<String, String> itemKey,
      int runs, Metrics metrics) throws IOException, InterruptedException, URISyntaxException {
    ColdStart cold = new ColdStart(fixture, repo, functionsJar, itemKey);
    Path event = Files.createTempFile("bench-check", ".json");
    Files.write(event, checkEvent);
    List<String> function = cold.function("io.usersroles.functions.checks.CheckPermissionHandler", event,
        DeployedFunctions.API_TIMEOUT);
    long[] functionNanos = new long[runs];
    long[] minimalNanos = new long[runs];
    for (int i = -1; i < runs; i++) {
      boolean functionFirst = (i & 1) == 0;
      long a = functionFirst ? cold.runCheck(function) : cold.runMinimal();
      long b = functionFirst ? cold.runMinimal() : cold.runCheck(function);
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
        cold.toolOptions));
    metrics.detail("cold_start_ms", Map.of("runs_each", runs, "function_median", functionMs,
        "minimal_median", minimalMs,
        "function_min", Metrics.percentile(functionNanos, 0) / 1e6, "minimal_min",
        Metrics.percentile(minimalNanos, 0) / 1e6));
  }

  /**
   * {@code cold_start_ratio_max}: every deployed function, in two passes. The first runs every function
   * {@value #ROUNDS} times, in rounds (every function once per round, the order turned by one each
   * round); the second runs the slowest quarter after the first pass {@value #EXTRA_ROUNDS} more times,
   * so that the functions the key can come from have the most runs. (The maximum of many medians of few
   * runs sits above the typical value; more runs of the candidates bring theirs to it, and any function
   * whose few runs came out slow is among them.) The minimal program runs after every
   * {@value #MINIMAL_EVERY}th function, spread over the same minutes. A function's ratio is the median,
   * over its runs, of each run's time over the minimal program's median in the same pass (so that the
   * machine's speed drifting between the passes cancels out); the key is the largest. Every run's time is
   * in the details. Returns each function's ratio.
   */
  static Map<String, Double> measureEveryFunction(Fixture fixture, HttpApiGateway gateway, Path repo,
      Path functionsJar, Map<String, String> itemKey, Metrics metrics)
      throws IOException, InterruptedException, URISyntaxException {
    ColdStart cold = new ColdStart(fixture, repo, functionsJar, itemKey);
    Path directory = Files.createTempDirectory("bench-cold-events");
    List<ColdEvents.Invocation> invocations = ColdEvents.prepare(fixture, gateway, directory,
        ROUNDS + EXTRA_ROUNDS);
    // a design loop may time only some functions (comma-separated logical ids); a measured run times all
    String only = System.getProperty("usersroles.bench.coldOnly", "");
    if (!only.isEmpty()) {
      Set<String> wanted = Set.of(only.split(","));
      invocations = invocations.stream().filter(i -> wanted.contains(i.logicalId())).toList();
    }
    int count = invocations.size();
    // each run of a function is timed against the minimal program's median in the same pass, so that the
    // machine's speed drifting between the passes (the second runs only the slowest functions) cancels out
    List<List<Long>> functionNanos = new ArrayList<>(count);
    List<List<Integer>> functionPass = new ArrayList<>(count);
    for (int f = 0; f < count; f++) {
      functionNanos.add(new ArrayList<>());
      functionPass.add(new ArrayList<>());
    }
    List<List<Long>> minimalNanos = List.of(new ArrayList<>(), new ArrayList<>());
    int launched = 0;
    List<Integer> everyFunction = new ArrayList<>();
    for (int f = 0; f < count; f++) {
      everyFunction.add(f);
    }
    for (int round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < count; k++) {
        int f = everyFunction.get((k + round) % count);
        functionNanos.get(f).add(cold.runFunction(invocations.get(f), round));
        functionPass.get(f).add(0);
        if (++launched % MINIMAL_EVERY == 0) {
          minimalNanos.get(0).add(cold.runMinimal());
        }
      }
    }
    double firstPassMinimal = median(minimalNanos.get(0));
    List<Integer> slowest = new ArrayList<>(everyFunction);
    slowest.sort(Comparator.comparing((Integer f) -> median(functionNanos.get(f))).reversed());
    List<Integer> candidates = slowest.subList(0, (count + 3) / 4);
    launched = 0;
    for (int round = 0; round < EXTRA_ROUNDS; round++) {
      for (int k = 0; k < candidates.size(); k++) {
        int f = candidates.get((k + round) % candidates.size());
        functionNanos.get(f).add(cold.runFunction(invocations.get(f), ROUNDS + round));
        functionPass.get(f).add(1);
        if (++launched % MINIMAL_EVERY == 0 || (round == EXTRA_ROUNDS - 1 && k == candidates.size() - 1
            && minimalNanos.get(1).isEmpty())) {
          minimalNanos.get(1).add(cold.runMinimal());
        }
      }
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(directory);
    double[] passMinimal = {firstPassMinimal,
        minimalNanos.get(1).isEmpty() ? firstPassMinimal : median(minimalNanos.get(1))};
    List<Long> allMinimal = new ArrayList<>(minimalNanos.get(0));
    allMinimal.addAll(minimalNanos.get(1));
    double minimalMs = median(allMinimal) / 1e6;
    Map<String, Double> ratios = new LinkedHashMap<>();
    Map<String, Object> medians = new TreeMap<>();
    Map<String, Object> runs = new TreeMap<>();
    for (int f = 0; f < count; f++) {
      List<Long> nanos = functionNanos.get(f);
      double[] runRatios = new double[nanos.size()];
      List<Long> runMs = new ArrayList<>(nanos.size());
      for (int r = 0; r < nanos.size(); r++) {
        runRatios[r] = nanos.get(r) / passMinimal[functionPass.get(f).get(r)];
        runMs.add(Math.round(nanos.get(r) / 1e6));
      }
      Arrays.sort(runRatios);
      int n = runRatios.length;
      double ratio = n % 2 == 1 ? runRatios[n / 2] : (runRatios[n / 2 - 1] + runRatios[n / 2]) / 2;
      ratios.put(invocations.get(f).logicalId(), ratio);
      medians.put(invocations.get(f).logicalId(), median(nanos) / 1e6);
      runs.put(invocations.get(f).logicalId(), runMs);
    }
    Map.Entry<String, Double> max = ratios.entrySet().stream().max(Comparator.comparing(Map.Entry::getValue))
        .orElseThrow();
    int maxRuns = functionNanos.get(List.copyOf(ratios.keySet()).indexOf(max.getKey())).size();
    metrics.put("cold_start_ratio_max", max.getValue(), String.format(
        "%s, the slowest of %d deployed functions: median of its %d runs over the minimal GetItem program's median "
            + "in the same pass (%.0f ms in the first, %.0f ms in the second); every function %d times, the slowest "
            + "%d of them %d more, the minimal program once every %d function runs",
        max.getKey(), count, maxRuns, passMinimal[0] / 1e6, passMinimal[1] / 1e6, ROUNDS, candidates.size(),
        EXTRA_ROUNDS, MINIMAL_EVERY));
    medians.put("minimal_program", minimalMs);
    metrics.detail("cold_start_every_function_median_ms", medians);
    runs.put("minimal_program_first_pass", minimalNanos.get(0).stream().map(n -> Math.round(n / 1e6)).toList());
    runs.put("minimal_program_second_pass", minimalNanos.get(1).stream().map(n -> Math.round(n / 1e6)).toList());
    metrics.detail("cold_start_every_function_runs_ms", runs);
    return ratios;
  }

  private static double median(List<Long> nanos) {
    return Metrics.median(nanos.stream().mapToLong(Long::longValue).toArray());
  }

  /** One fresh JVM running {@code invocation}'s function on its event of {@code run}: the wall time. */
  private long runFunction(ColdEvents.Invocation invocation, int run) throws IOException, InterruptedException {
    invocation.beforeRun().accept(run);
    Launch launch = launch(function(invocation.handlerClass(), invocation.event(run), invocation.timeout()));
    invocation.requireSuccess(launch.output());
    invocation.afterRun().accept(run);
    return launch.nanos();
  }

  private List<String> function(String handlerClass, Path event, Duration timeout) {
    List<String> command = new ArrayList<>(functionPrefix);
    command.add(handlerClass);
    command.add(event.toString());
    command.add(Long.toString(timeout.toSeconds()));
    return command;
  }

  private long runCheck(List<String> command) throws IOException, InterruptedException {
    Launch launch = launch(command);
    BenchMain.requireAllowed(BenchMain.read(launch.output()));
    return launch.nanos();
  }

  private long runMinimal() throws IOException, InterruptedException {
    Launch launch = launch(minimal);
    String answer = new String(launch.output()).trim();
    if (!answer.equals("true")) {
      throw new IllegalStateException("the minimal program did not find the item: " + answer);
    }
    return launch.nanos();
  }

  /** What one fresh JVM took and printed. */
  private record Launch(long nanos, byte[] output) {}

  private Launch launch(List<String> command) throws IOException, InterruptedException {
    Path errors = Files.createTempFile("bench-cold", ".stderr");
    List<String> wrapped = new ArrayList<>();
    String wrapper = System.getProperty("usersroles.bench.coldWrapper", "");
    if (!wrapper.isEmpty()) {
      // looking into a cold start (e.g. /usr/bin/time's CPU times); none in a measured run
      wrapped.addAll(List.of(wrapper.split("\\|")));
    }
    wrapped.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(wrapped).redirectError(errors.toFile());
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
    String stderr = Files.readString(errors);
    Files.delete(errors);
    if (process.exitValue() != 0) {
      throw new IllegalStateException("cold start failed (" + process.exitValue() + "): " + command + "\n"
          + new String(output).trim() + "\n" + stderr);
    }
    return new Launch(elapsed, output);
  }

  /**
   * The minimal program's jar, once it is known to hold no SDK service module but DynamoDB's: another one,
   * brought onto bench's classpath by a new dependency of the functions, would make the floor a larger jar
   * to open (bench/pom.xml excludes each by name).
   */
  static Path requireOnlyDynamoDb(Path jar) throws IOException {
    Set<String> services = new TreeSet<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      zip.stream().map(ZipEntry::getName).filter(name -> name.startsWith(SDK_SERVICES))
          .map(name -> name.substring(SDK_SERVICES.length()).split("/", 2)[0])
          .filter(service -> !service.isEmpty()).forEach(services::add);
    }
    if (!services.equals(Set.of("dynamodb"))) {
      throw new IllegalStateException(jar + " holds the SDK services " + services + ", not DynamoDB's alone: "
          + "exclude the others from the minimal-getitem shade in bench/pom.xml");
    }
    return jar;
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
