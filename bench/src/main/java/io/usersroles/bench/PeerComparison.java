package io.usersroles.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;

/** {@code engine_vs_casbin_ratio} from the JMH results of {@link PeerBenchmark}: ours over casbin's best. */
final class PeerComparison {
  /** How the chart and the notes name each configuration. */
  static final Map<String, String> LABELS = new LinkedHashMap<>();

  static {
    LABELS.put(PeerBenchmark.OURS, "Users & Roles");
    LABELS.put(PeerBenchmark.CASBIN_ALL_ORGS, "jCasbin, every org");
    LABELS.put(PeerBenchmark.CASBIN_ONE_ORG, "jCasbin, one org");
    LABELS.put(PeerBenchmark.CASBIN_CACHED, "jCasbin cached, one org");
  }

  private PeerComparison() {}

  /** Records the ratio and each configuration's score; returns the scores by label, ours first. */
  static Map<String, Double> record(Map<String, RunResult> byEngine, Metrics metrics) {
    Map<String, Double> scores = new LinkedHashMap<>();
    Map<String, Object> details = new TreeMap<>();
    String best = null;
    for (String engine : LABELS.keySet()) {
      var primary = byEngine.get(engine).getPrimaryResult();
      scores.put(LABELS.get(engine), primary.getScore());
      details.put(engine, Map.of("decisions_per_sec", primary.getScore(), "score_error_99_9", primary.getScoreError(),
          "min", primary.getStatistics().getMin(), "max", primary.getStatistics().getMax()));
      if (!engine.equals(PeerBenchmark.OURS) && (best == null || primary.getScore() > scores.get(LABELS.get(best)))) {
        best = engine;
      }
    }
    double ours = scores.get(LABELS.get(PeerBenchmark.OURS));
    double casbin = scores.get(LABELS.get(best));
    metrics.put("engine_vs_casbin_ratio", ours / casbin, String.format(
        "%,.0f decisions/s of our engine over %,.0f of jCasbin 1.81.0 at its best (%s); %d questions about an org of"
            + " %d custom roles and %,d users among %d orgs, half allowed, a quarter with a path; JMH, 1 fork x 3 x 2 s"
            + " after 3 x 2 s warm-up, 1 thread", ours, casbin, LABELS.get(best), PeerWorkload.QUERIES,
        PeerWorkload.ROLES, PeerWorkload.USERS, PeerWorkload.ORGS));
    details.put("questions", PeerWorkload.QUERIES);
    metrics.detail("engine_vs_casbin", details);
    return scores;
  }
}
