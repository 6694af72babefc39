package dev.traitlab.experiments.heuristicestimators;

import dev.traitlab.experiments.heuristicestimators.HeuristicEstimatorsResult.Check;
import dev.traitlab.experiments.heuristicestimators.HeuristicEstimatorsResult.CurvePoint;
import dev.traitlab.experiments.heuristicestimators.Sections.Section;
import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Heuristic estimators (Christiano, Hilton, Lincoln, Neyman, Xu 2024, "Towards a law of iterated
 * expectations for heuristic estimators"), made concrete: moment propagation through random ReLU
 * networks, a sampling estimator of sums on which the properties can be checked literally, and the
 * presumption of independence on two #P-hard estimation problems (counting 3-SAT solutions,
 * products of correlated Gaussians). Each property's violation is measured against ground truth
 * with a 95% interval.
 */
public final class HeuristicEstimatorsExperiment
    implements Experiment<HeuristicEstimatorsConfig, HeuristicEstimatorsResult> {
  public static final String NAME = "heuristic-estimators";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "Heuristic estimators (Christiano, Hilton, Lincoln, Neyman, Xu 2024): do concrete"
        + " estimators satisfy iterated estimation, error orthogonality and accuracy?";
  }

  @Override
  public List<String> description() {
    return List.of(
        "Families: random ReLU networks with inputs N(0, I), Y = E[y], estimated by mean,"
            + " variance and covariance propagation (truth by Monte Carlo); a sampling estimator"
            + " of a sum, defined on every polynomial of degree 2 in the terms, on which iterated"
            + " estimation and error orthogonality are computed literally and in closed form;"
            + " #3-SAT (fraction of satisfying assignments, counted exhaustively) and the"
            + " expected product of correlated Gaussians (exact by a subset recursion), each"
            + " with the presumption of independence and a pairwise refinement.",
        "Each property is reported as a violation (zero when it holds) with a 95 percent"
            + " interval over the distribution of expressions, those of all seeds pooled"
            + " (bootstrap or Student t), beside its closed form where there is one. Defaults"
            + " take 15 to 35 seconds on 2 shared cores.");
  }

  @Override
  public Class<HeuristicEstimatorsConfig> configType() {
    return HeuristicEstimatorsConfig.class;
  }

  @Override
  public Class<HeuristicEstimatorsResult> resultType() {
    return HeuristicEstimatorsResult.class;
  }

  @Override
  public HeuristicEstimatorsConfig defaults() {
    return HeuristicEstimatorsConfig.defaults();
  }

  @Override
  public List<Long> seeds(HeuristicEstimatorsConfig config) {
    return config.seedList();
  }

  @Override
  public HeuristicEstimatorsResult run(HeuristicEstimatorsConfig c, RunContext context) {
    Stages stages = context.stages();
    List<Check> checks = new ArrayList<>();
    List<CurvePoint> curves = new ArrayList<>();

    Map<String, Object> net = new LinkedHashMap<>();
    net.put("seeds", c.seedList());
    net.put("networks", c.networks());
    net.put("depths", c.depthValues());
    net.put("width", c.width());
    net.put("inputs", c.inputs());
    net.put("weightScale", c.weightScale());
    net.put("biasScale", c.biasScale());
    net.put("pairs", c.monteCarloPairs());
    add(
        stages.value(
            "networks", net, Section.class, dir -> Sections.networks(c, context.progress())),
        checks,
        curves);

    Map<String, Object> sum = new LinkedHashMap<>();
    sum.put("seeds", c.seedList());
    sum.put("sums", c.sums());
    sum.put("terms", c.terms());
    add(
        stages.value("sums", sum, Section.class, dir -> Sections.sums(c, context.progress())),
        checks,
        curves);

    Map<String, Object> sat = new LinkedHashMap<>();
    sat.put("seeds", c.seedList());
    sat.put("formulas", c.formulas());
    sat.put("variables", c.variables());
    sat.put("densities", c.densityValues());
    add(
        stages.value("3-sat", sat, Section.class, dir -> Sections.sat(c, context.progress())),
        checks,
        curves);

    Map<String, Object> prod = new LinkedHashMap<>();
    prod.put("seeds", c.seedList());
    prod.put("products", c.products());
    prod.put("factors", c.factors());
    prod.put("scales", c.scaleValues());
    add(
        stages.value(
            "gaussian-products",
            prod,
            Section.class,
            dir -> Sections.products(c, context.progress())),
        checks,
        curves);
    return new HeuristicEstimatorsResult(c, checks, curves, stages.records());
  }

  private static void add(
      dev.traitlab.lab.stages.Stage<Section> stage, List<Check> checks, List<CurvePoint> curves) {
    checks.addAll(stage.value().checks());
    curves.addAll(stage.value().curves());
  }

  @Override
  public HtmlReport report(String runId, HeuristicEstimatorsResult result) {
    return HeuristicEstimatorsReport.build(runId, result);
  }

  @Override
  public String textSummary(HeuristicEstimatorsResult result) {
    return HeuristicEstimatorsReport.text(result);
  }

  @Override
  public Map<String, Double> metrics(HeuristicEstimatorsResult result) {
    return HeuristicEstimatorsReport.metrics(result);
  }
}
