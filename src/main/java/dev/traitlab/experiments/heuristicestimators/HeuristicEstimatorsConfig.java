package dev.traitlab.experiments.heuristicestimators;

import static dev.traitlab.lab.ConfigValues.atLeast;
import static dev.traitlab.lab.ConfigValues.distinct;
import static dev.traitlab.lab.ConfigValues.numbers;
import static dev.traitlab.lab.ConfigValues.positive;

import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import java.util.List;

/**
 * The expression families of the heuristic-estimators experiment and their sizes. Lists are
 * comma-separated on the command line.
 *
 * @param seeds independent repetitions; expressions of all seeds are pooled
 * @param seed the first seed; seed i is {@code seed + i}
 * @param networks random ReLU networks per depth and seed
 * @param depths the hidden-layer counts of the networks
 * @param width hidden width of the networks
 * @param inputs input dimension of the networks (inputs standard normal)
 * @param weightScale weights are N(0, weightScale^2 / fan-in)
 * @param biasScale biases are N(0, biasScale^2)
 * @param monteCarloPairs antithetic pairs of inputs for each network's true E[y]
 * @param sums arrays per seed for the sampling estimator of a sum
 * @param terms terms N of each array
 * @param formulas 3-CNF formulas per clause density and seed
 * @param variables variables of each formula (all 2^n assignments are counted)
 * @param densities clause densities m/n
 * @param products Gaussian products per covariance scale and seed
 * @param factors variables of each product
 * @param scales covariance scales of the products
 */
public record HeuristicEstimatorsConfig(
    @Param(
            Seeded.SEEDS_HELP
                + " The expressions of all seeds are pooled: each interval (bootstrap or Student"
                + " t) is over them, not over seeds.")
        int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param(value = "Random ReLU networks per depth and seed.", label = "N") int networks,
    @Param(value = "Hidden-layer counts of the networks.", label = "L,L,...") List<String> depths,
    @Param(value = "Hidden width of the networks.", label = "W") int width,
    @Param(value = "Input dimension of the networks.", label = "N") int inputs,
    @Param(value = "Weights are N(0, scale^2 / fan-in).", label = "X") double weightScale,
    @Param(value = "Biases are N(0, scale^2).", label = "X") double biasScale,
    @Param(value = "Antithetic input pairs per network for the true E[y].", label = "N")
        int monteCarloPairs,
    @Param(value = "Arrays per seed for the sampling estimator of a sum.", label = "N") int sums,
    @Param(value = "Terms of each array.", label = "N") int terms,
    @Param(value = "3-CNF formulas per clause density and seed.", label = "N") int formulas,
    @Param(value = "Variables of each formula (2^n assignments counted).", label = "N")
        int variables,
    @Param(value = "Clause densities m/n.", label = "A,A,...") List<String> densities,
    @Param(value = "Gaussian products per covariance scale and seed.", label = "N") int products,
    @Param(value = "Variables of each Gaussian product.", label = "N") int factors,
    @Param(value = "Covariance scales of the Gaussian products.", label = "S,S,...")
        List<String> scales)
    implements Seeded {

  public HeuristicEstimatorsConfig {
    atLeast("seeds", seeds, 1);
    atLeast("networks", networks, 2);
    depths = List.copyOf(depths);
    densities = List.copyOf(densities);
    scales = List.copyOf(scales);
    List<Double> depthNumbers = numbers("depths", depths);
    for (int i = 0; i < depths.size(); i++) {
      double d = depthNumbers.get(i);
      if (d < 1 || d != Math.rint(d)) {
        throw new IllegalArgumentException(
            "--depths: need whole numbers >= 1, got " + depths.get(i).trim());
      }
    }
    distinct("depths", depths, depthNumbers);
    distinct("densities", densities, numbers("densities", densities));
    distinct("scales", scales, numbers("scales", scales));
    atLeast("width", width, 1);
    atLeast("inputs", inputs, 1);
    positive("weight-scale", weightScale);
    if (!(biasScale >= 0)) {
      throw new IllegalArgumentException("--bias-scale must be >= 0, got " + biasScale);
    }
    atLeast("monte-carlo-pairs", monteCarloPairs, 2);
    atLeast("sums", sums, 2);
    atLeast("terms", terms, 8);
    atLeast("formulas", formulas, 2);
    if (variables < 3 || variables > 22) {
      throw new IllegalArgumentException("--variables: need 3..22, got " + variables);
    }
    for (double a : numbers("densities", densities)) {
      if (!(a > 0) || Math.round(a * variables) < 8) {
        throw new IllegalArgumentException(
            "--densities: need at least 8 clauses (density * variables >= 8), got " + a);
      }
    }
    atLeast("products", products, 2);
    if (factors < 2 || factors > 20) {
      throw new IllegalArgumentException("--factors: need 2..20, got " + factors);
    }
    for (double s : numbers("scales", scales)) {
      positive("scales", s);
    }
  }

  public static HeuristicEstimatorsConfig defaults() {
    return new HeuristicEstimatorsConfig(
        3,
        0,
        100,
        List.of("1", "2", "3", "4"),
        8,
        8,
        1.6,
        0.3,
        4096,
        200,
        40,
        200,
        16,
        List.of("1", "2", "3", "4", "5"),
        200,
        12,
        List.of("0.005", "0.01", "0.02", "0.05"));
  }

  public List<Integer> depthValues() {
    return numbers("depths", depths).stream().map(Double::intValue).toList();
  }

  public List<Double> densityValues() {
    return numbers("densities", densities);
  }

  public List<Double> scaleValues() {
    return numbers("scales", scales);
  }
}
