package io.usersroles.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of docs/benchmarks.md, drawn by XChart from the numbers of the run that just measured them
 * (never by hand), as PNG files in {@code docs/benchmarks/}.
 */
final class Charts {
  static final String PEER = "peer-decisions-per-second.png";
  static final String ORG_SCALE = "check-latency-by-org-size.png";
  static final String USERS_PAGE = "users-page-items-read.png";
  static final String COLD_STARTS = "cold-start-by-function.png";
  private static final Color OURS = new Color(0x1f, 0x77, 0xb4);
  private static final Color PEER_COLOR = new Color(0xd6, 0x27, 0x28);

  private final Path directory;

  Charts(Path directory) throws IOException {
    this.directory = Files.createDirectories(directory);
    System.setProperty("java.awt.headless", "true");
  }

  /** Decisions per second of each engine configuration on the peer workload, on a logarithmic axis. */
  void peer(Map<String, Double> decisionsPerSecond) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
        .title("Decisions per second on the same workload (log scale, one thread)")
        .xAxisTitle("engine").yAxisTitle("decisions per second").build();
    style(chart);
    chart.getStyler().setYAxisLogarithmic(true);
    // XChart starts a bar chart's axis at zero, which a logarithmic axis refuses: start at the power of ten
    // below the smallest score instead
    double smallest = decisionsPerSecond.values().stream().mapToDouble(Double::doubleValue).min().orElse(1);
    chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(Math.max(1, smallest)))));
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
    chart.getStyler().setLabelsFontColor(Color.BLACK);
    chart.getStyler().setYAxisDecimalPattern("#,###");
    List<String> names = new ArrayList<>(decisionsPerSecond.keySet());
    List<Double> scores = new ArrayList<>(decisionsPerSecond.values());
    CategorySeries series = chart.addSeries("decisions per second", names, scores);
    series.setFillColor(OURS);
    save(chart, PEER);
  }

  /** p50 latency of a check, the same check over HTTP and effective permissions, by organisation size. */
  void orgScale(List<OrgScale.Result> results) throws IOException {
    XYChart chart = new XYChartBuilder().width(900).height(500)
        .title("p50 latency as an organisation grows (custom roles 0, 10, 50, 100)")
        .xAxisTitle("members (log scale)").yAxisTitle("p50, ms").build();
    style(chart);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE); // the curves run along the top
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("#,###");
    List<Double> members = results.stream().map(r -> (double) r.size().members()).toList();
    line(chart, "check, direct invocation", members, results.stream().map(r -> r.checkP50() / 1_000).toList());
    line(chart, "check, POST /orgs/{orgId}/check", members,
        results.stream().map(r -> r.httpCheckP50() / 1_000).toList());
    line(chart, "effective permissions, GET .../permissions", members,
        results.stream().map(r -> r.effectiveP50() / 1_000).toList());
    save(chart, ORG_SCALE);
  }

  /** Items one users page of 100 reads, by organisation size. */
  void usersPage(List<OrgScale.Result> results) throws IOException {
    XYChart chart = new XYChartBuilder().width(900).height(400)
        .title("Items read by one users page of " + OrgScale.PAGE)
        .xAxisTitle("members (log scale)").yAxisTitle("items read").build();
    style(chart);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE); // lines at the top and the bottom
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("#,###");
    List<Double> members = results.stream().map(r -> (double) r.size().members()).toList();
    line(chart, "the list's queries", members, results.stream().map(r -> (double) r.pageItems()).toList());
    line(chart, "the access check's BatchGetItem", members,
        results.stream().map(r -> (double) r.accessItems()).toList());
    save(chart, USERS_PAGE);
  }

  /** Each deployed function's cold start over the minimal program's, with the target. */
  void coldStarts(Map<String, Double> ratios, double target) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(1000).height(560)
        .title("Cold start over the minimal GetItem program, by function (median of fresh JVMs)")
        .yAxisTitle("ratio").build();
    style(chart);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE); // bars fill the plot
    chart.getStyler().setXAxisLabelRotation(60);
    // from 0.8, or lower when a function starts faster than that against the minimal program (else its bar is hidden)
    double lowest = ratios.values().stream().mapToDouble(Double::doubleValue).min().orElse(1);
    chart.getStyler().setYAxisMin(Math.min(0.8, Math.floor(lowest * 10) / 10));
    chart.getStyler().setYAxisDecimalPattern("0.00");
    chart.getStyler().setOverlapped(true);
    List<String> names = ratios.keySet().stream().map(id -> id.replace("Function", "")).toList();
    CategorySeries measured = chart.addSeries("measured", names, new ArrayList<>(ratios.values()));
    measured.setFillColor(OURS);
    CategorySeries bound = chart.addSeries("target", names, names.stream().map(n -> target).toList());
    bound.setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Line);
    bound.setLineColor(PEER_COLOR);
    bound.setMarker(SeriesMarkers.NONE);
    save(chart, COLD_STARTS);
  }

  private static void line(XYChart chart, String name, List<Double> x, List<Double> y) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setMarker(SeriesMarkers.CIRCLE);
  }

  private static void style(Chart<?, ?> chart) {
    Styler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.InsideNW);
    styler.setAntiAlias(true);
  }

  private void save(Chart<?, ?> chart, String file) throws IOException {
    BitmapEncoder.saveBitmapWithDPI(chart, directory.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG, 110);
  }
}
