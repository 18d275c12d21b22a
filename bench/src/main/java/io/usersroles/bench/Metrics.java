package io.usersroles.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.functions.deployment.DeployedFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measured numbers, their targets, and where they are written: {@code bench/results.json} (one
 * top-level number per key, plus targets, notes and the machine) and the table between the result
 * markers of {@code docs/benchmarks.md}, whose prose around it is left as it is.
 */
final class Metrics {
  static final String TABLE_START = "<!-- results:start (written by the benchmark; do not edit) -->";
  static final String TABLE_END = "<!-- results:end -->";

  /** A bound a number must stay under (or, for throughput, above). */
  record Target(double bound, boolean atMost) {
    boolean met(double value) {
      return atMost ? value <= bound : value >= bound;
    }

    String describe() {
      return (atMost ? "≤ " : "≥ ") + format(bound);
    }
  }

  static final Map<String, Target> TARGETS = new LinkedHashMap<>();

  static {
    TARGETS.put("check_round_trips", new Target(1, true));
    TARGETS.put("check_round_trips_http", new Target(1, true));
    TARGETS.put("check_latency_ratio", new Target(1.15, true));
    TARGETS.put("engine_decisions_per_sec", new Target(1_000_000, false));
    TARGETS.put("engine_vs_casbin_ratio", new Target(1_000, false));
    TARGETS.put("check_worst_case_us", new Target(1_000, true));
    TARGETS.put("check_scale_ratio", new Target(1.10, true));
    TARGETS.put("effective_permissions_vs_check_ratio", new Target(2, true));
    TARGETS.put("users_page_items_read_10k", new Target(101, true));
    TARGETS.put("cold_start_ratio", new Target(1.10, true));
    TARGETS.put("cold_start_ratio_max", new Target(1.15, true));
    TARGETS.put("function_jar_mb", new Target(10, true));
    TARGETS.put("invite100_ddb_round_trips", new Target(4, true));
    TARGETS.put("invite100_ses_calls", new Target(2, true));
    TARGETS.put("reminder_reads_per_reminder", new Target(1.1, true));
    // one invocation's time budget: the reminder function's Timeout (template.yaml, held to it by a test)
    TARGETS.put("reminder_100k_seconds", new Target(DeployedFunctions.JOB_TIMEOUT.toSeconds(), true));
    TARGETS.put("reminder_reads_per_reminder_100k", new Target(1.1, true));
    TARGETS.put("me_round_trips", new Target(3, true));
    TARGETS.put("audit_page_items_read", new Target(51, true));
    // reported; bounded by the deployed mapping's batching window (1 s)
    TARGETS.put("audit_publish_latency_ms", new Target(1_000, true));
    TARGETS.put("console_js_kb_gz", new Target(150, true));
    TARGETS.put("console_users_render_ms", new Target(1000, true));
  }

  private final Map<String, Double> values = new LinkedHashMap<>();
  private final Map<String, String> notes = new LinkedHashMap<>();
  private final Map<String, Object> details = new TreeMap<>();
  private final Map<String, Object> machine = new LinkedHashMap<>();
  private final Map<String, Double> phases = new LinkedHashMap<>();
  private long phaseStarted = System.nanoTime();
  private Duration took = Duration.ZERO;

  void machine() {
    Runtime runtime = Runtime.getRuntime();
    machine.put("cores", runtime.availableProcessors());
    machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    machine.put("max_heap_mb", runtime.maxMemory() / (1024 * 1024));
    machine.put("load_average_at_start", loadAverage());
  }

  /** The 1-minute load average: a busy machine stretches the larger program of a ratio more. */
  private static double loadAverage() {
    return round(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  void put(String key, double value, String note) {
    if (!TARGETS.containsKey(key)) {
      throw new IllegalArgumentException("no target for " + key);
    }
    values.put(key, value);
    notes.put(key, note);
    System.out.printf(Locale.ROOT, "%-30s %14s  %s%n", key, format(value), note);
  }

  /** Ends a phase of the run: its wall time goes into {@code machine.phase_seconds}, to say what took how long. */
  void phase(String name) {
    long now = System.nanoTime();
    phases.put(name, Math.round((now - phaseStarted) / 1e8) / 10.0);
    phaseStarted = now;
  }

  void detail(String key, Object value) {
    details.put(key, value);
  }

  void finish(Duration took) {
    this.took = took;
    machine.put("load_average_at_end", loadAverage());
    machine.put("phase_seconds", phases);
  }

  void write(Path json, Path markdown) throws IOException {
    ObjectNode root = Fixture.JSON.createObjectNode();
    values.forEach((key, value) -> root.put(key, round(value)));
    ObjectNode targets = root.putObject("targets");
    ObjectNode met = root.putObject("met");
    TARGETS.forEach((key, target) -> {
      targets.put(key, target.describe());
      if (values.containsKey(key)) {
        met.put(key, target.met(values.get(key)));
      }
    });
    root.set("notes", Fixture.JSON.valueToTree(notes));
    root.set("details", Fixture.JSON.valueToTree(details));
    root.set("machine", Fixture.JSON.valueToTree(machine));
    root.put("generated_at", Instant.now().toString());
    root.put("run_seconds", Math.round(took.toMillis() / 100.0) / 10.0);
    Files.write(json, Fixture.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root));
    writeTable(markdown);
  }

  private void writeTable(Path markdown) throws IOException {
    StringBuilder table = new StringBuilder(TABLE_START).append("\n\n");
    table.append(String.format("Measured %s on %s cores, %s; the run took %d s; load average %s at the start,"
        + " %s at the end.%n%n", Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC",
        machine.get("cores"), machine.get("jdk"), took.toSeconds(), machine.get("load_average_at_start"),
        machine.get("load_average_at_end")));
    table.append("| key | measured | target | met | how |\n|---|---:|---|---|---|\n");
    TARGETS.forEach((key, target) -> {
      if (values.containsKey(key)) {
        double value = values.get(key);
        table.append("| `").append(key).append("` | ").append(format(value)).append(" | ")
            .append(target.describe()).append(" | ").append(target.met(value) ? "yes" : "**no**").append(" | ")
            .append(notes.get(key).replace("|", "\\|")).append(" |\n");
      }
    });
    table.append('\n').append(TABLE_END);
    String document = Files.exists(markdown) ? Files.readString(markdown) : "# Benchmarks\n\n" + TABLE_START + "\n"
        + TABLE_END + "\n";
    int start = document.indexOf(TABLE_START);
    int end = document.indexOf(TABLE_END);
    if (start < 0 || end < start) {
      throw new IllegalStateException(markdown + " has no results markers");
    }
    Files.writeString(markdown, document.substring(0, start) + table + document.substring(end + TABLE_END.length()));
  }

  String summary() {
    StringBuilder summary = new StringBuilder("\nBenchmarks (").append(took.toSeconds()).append(" s):\n");
    TARGETS.forEach((key, target) -> {
      if (values.containsKey(key)) {
        double value = values.get(key);
        summary.append(String.format(Locale.ROOT, "  %-30s %14s  target %-12s %s%n", key, format(value),
            target.describe(), target.met(value) ? "met" : "MISSED"));
      }
    });
    phases.forEach((name, seconds) -> summary.append(String.format(Locale.ROOT, "  phase %-40s %6.1f s%n", name,
        seconds)));
    return summary.toString();
  }

  static double median(long[] samples) {
    return percentile(samples, 0.5);
  }

  static double percentile(long[] samples, double fraction) {
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
  }

  private static double round(double value) {
    return value >= 1000 ? Math.round(value) : Math.round(value * 1000) / 1000.0;
  }

  static String format(double value) {
    if (value >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.3f", value);
  }
}
