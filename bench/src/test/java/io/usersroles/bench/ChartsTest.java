package io.usersroles.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every chart of docs/benchmarks.md is drawn from numbers shaped as a benchmark run hands them over,
 * so that a chart which XChart refuses fails here and not at the end of a ten-minute run.
 */
class ChartsTest {
  @TempDir
  Path directory;

  @Test
  void drawsEveryChartFromARunsNumbers() throws IOException {
    Charts charts = new Charts(directory);
    Map<String, Double> peers = new LinkedHashMap<>();
    peers.put(PeerComparison.LABELS.get(PeerBenchmark.OURS), 10_400_000.0);
    peers.put(PeerComparison.LABELS.get(PeerBenchmark.CASBIN_ALL_ORGS), 1_464.0);
    peers.put(PeerComparison.LABELS.get(PeerBenchmark.CASBIN_ONE_ORG), 5_150.0);
    peers.put(PeerComparison.LABELS.get(PeerBenchmark.CASBIN_CACHED), 9_960.0);
    charts.peer(peers);

    List<OrgScale.Result> scale = new ArrayList<>();
    for (OrgScale.Size size : OrgScale.SIZES) {
      scale.add(new OrgScale.Result(size, 2_400 + size.roles(), 2_900 + size.roles(), 2_600 + size.roles(),
          OrgScale.PAGE, 3, Math.min(size.members(), OrgScale.PAGE)));
    }
    charts.orgScale(scale);
    charts.usersPage(scale);

    Map<String, Double> coldStarts = new LinkedHashMap<>();
    coldStarts.put("AuthorizerFunction", 0.79);
    coldStarts.put("CheckPermissionFunction", 1.04);
    coldStarts.put("AuditPublisherFunction", 1.12);
    charts.coldStarts(coldStarts, Metrics.TARGETS.get("cold_start_ratio_max").bound());

    for (String file : List.of(Charts.PEER, Charts.ORG_SCALE, Charts.USERS_PAGE, Charts.COLD_STARTS)) {
      BufferedImage image = ImageIO.read(directory.resolve(file).toFile());
      assertThat(image).as(file).isNotNull();
      assertThat(image.getWidth()).as(file).isGreaterThan(400);
    }
  }
}
