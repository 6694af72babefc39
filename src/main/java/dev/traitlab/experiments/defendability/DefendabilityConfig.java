package dev.traitlab.experiments.defendability;

import static dev.traitlab.lab.ConfigValues.atLeast;
import static dev.traitlab.lab.ConfigValues.distinct;
import static dev.traitlab.lab.ConfigValues.integers;
import static dev.traitlab.lab.ConfigValues.numbers;
import static dev.traitlab.lab.ConfigValues.probability;

import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import java.util.List;

/**
 * The games of the defendability experiment and their sizes. Lists are comma-separated on the
 * command line.
 *
 * @param seeds independent repetitions of every game; rounds of all seeds are pooled
 * @param seed the first seed; seed i is {@code seed + i}
 * @param rounds rounds per point and seed, half clean and half backdoored
 * @param epsilons the epsilons of the interval games
 * @param dimensions the VC dimensions 2k of the interval classes (unions of k intervals)
 * @param sweepEpsilon epsilon of the sample-size sweep
 * @param sweepDimension VC dimension of the sample-size sweep
 * @param sampleSizes the sample sizes m of the sample-size sweep
 * @param voters ERMs in the voting defender's majority
 * @param booleanBits n of the conjunction and parity classes (VC dimension n)
 * @param treeLeaves leaf counts s of the decision-tree games
 * @param treeEpsilons epsilons of the decision-tree games
 * @param treeBits input bits of the decision trees
 * @param tauFactor the leaf-mass defender's threshold tau, as a multiple of epsilon
 * @param netRounds rounds per seed of the network game
 * @param netSamples sample sizes of the network defender
 * @param netEpsilon epsilon of the network game
 * @param netBits input bits of the network game (all 2^n inputs are enumerated)
 * @param netHidden hidden width of the networks
 */
public record DefendabilityConfig(
    @Param(
            Seeded.SEEDS_HELP
                + " The rounds of all seeds are pooled: each success and its Wilson interval"
                + " are over them, not over seeds.")
        int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param(value = "Rounds per point and seed (half clean, half backdoored).", label = "N")
        int rounds,
    @Param(value = "Epsilons of the interval games.", label = "E,E,...") List<String> epsilons,
    @Param(value = "VC dimensions 2k of the interval classes.", label = "D,D,...")
        List<String> dimensions,
    @Param(value = "Epsilon of the sample-size sweep.", label = "E") double sweepEpsilon,
    @Param(value = "VC dimension of the sample-size sweep.", label = "D") int sweepDimension,
    @Param(value = "Sample sizes of the sample-size sweep.", label = "M,M,...")
        List<String> sampleSizes,
    @Param(value = "ERMs in the voting defender's majority (odd).", label = "K") int voters,
    @Param(value = "Bits n of the conjunction and parity classes.", label = "N,N,...")
        List<String> booleanBits,
    @Param(value = "Leaf counts of the decision-tree games.", label = "S,S,...")
        List<String> treeLeaves,
    @Param(value = "Epsilons of the decision-tree games.", label = "E,E,...")
        List<String> treeEpsilons,
    @Param(value = "Input bits of the decision trees.", label = "N") int treeBits,
    @Param(value = "Leaf-mass threshold tau, as a multiple of epsilon.", label = "X")
        double tauFactor,
    @Param(value = "Rounds per seed of the network game.", label = "N") int netRounds,
    @Param(value = "Sample sizes of the network defender.", label = "M,M,...")
        List<String> netSamples,
    @Param(value = "Epsilon of the network game.", label = "E") double netEpsilon,
    @Param(value = "Input bits of the network game (2^n inputs enumerated).", label = "N")
        int netBits,
    @Param(value = "Hidden width of the networks.", label = "H") int netHidden)
    implements Seeded {

  public DefendabilityConfig {
    atLeast("seeds", seeds, 1);
    atLeast("rounds", rounds, 2);
    epsilons = List.copyOf(epsilons);
    dimensions = List.copyOf(dimensions);
    sampleSizes = List.copyOf(sampleSizes);
    booleanBits = List.copyOf(booleanBits);
    treeLeaves = List.copyOf(treeLeaves);
    treeEpsilons = List.copyOf(treeEpsilons);
    netSamples = List.copyOf(netSamples);
    distinct("epsilons", epsilons, numbers("epsilons", epsilons));
    distinct("dimensions", dimensions, integers("dimensions", dimensions));
    distinct("sample-sizes", sampleSizes, integers("sample-sizes", sampleSizes));
    distinct("boolean-bits", booleanBits, integers("boolean-bits", booleanBits));
    distinct("tree-leaves", treeLeaves, integers("tree-leaves", treeLeaves));
    distinct("tree-epsilons", treeEpsilons, numbers("tree-epsilons", treeEpsilons));
    distinct("net-samples", netSamples, integers("net-samples", netSamples));
    for (double e : numbers("epsilons", epsilons)) {
      probability("epsilons", e);
    }
    for (int d : integers("dimensions", dimensions)) {
      if (d < 2 || d % 2 != 0 || d > 64) {
        throw new IllegalArgumentException(
            "--dimensions: a union of k intervals has VC dimension 2k: need even numbers 2..64,"
                + " got "
                + d);
      }
    }
    probability("sweep-epsilon", sweepEpsilon);
    if (sweepDimension < 2 || sweepDimension % 2 != 0) {
      throw new IllegalArgumentException(
          "--sweep-dimension must be even and >= 2, got " + sweepDimension);
    }
    for (int m : integers("sample-sizes", sampleSizes)) {
      atLeast("sample-sizes", m, 1);
    }
    if (voters < 1 || voters % 2 == 0) {
      throw new IllegalArgumentException("--voters must be odd and >= 1, got " + voters);
    }
    for (int n : integers("boolean-bits", booleanBits)) {
      if (n < 2 || n > 62) {
        throw new IllegalArgumentException("--boolean-bits: need 2..62, got " + n);
      }
    }
    for (int s : integers("tree-leaves", treeLeaves)) {
      atLeast("tree-leaves", s, 2);
    }
    for (double e : numbers("tree-epsilons", treeEpsilons)) {
      probability("tree-epsilons", e);
    }
    if (treeBits < 8 || treeBits > 63) {
      throw new IllegalArgumentException("--tree-bits: need 8..63, got " + treeBits);
    }
    if (!(tauFactor > 1)) {
      throw new IllegalArgumentException("--tau-factor must be > 1, got " + tauFactor);
    }
    atLeast("net-rounds", netRounds, 0);
    for (int m : integers("net-samples", netSamples)) {
      atLeast("net-samples", m, 1);
    }
    probability("net-epsilon", netEpsilon);
    if (netBits < 4 || netBits > 16) {
      throw new IllegalArgumentException("--net-bits: need 4..16, got " + netBits);
    }
    atLeast("net-hidden", netHidden, 1);
  }

  public static DefendabilityConfig defaults() {
    return new DefendabilityConfig(
        3,
        0,
        200,
        List.of("1e-4", "3e-4", "1e-3", "3e-3", "0.01", "0.03", "0.1", "0.3"),
        List.of("2", "4", "8", "16"),
        1e-3,
        8,
        List.of("4", "16", "64", "256", "1024", "4096", "16384"),
        9,
        List.of("8", "16"),
        List.of("4", "8", "16", "32", "64", "128"),
        List.of("1e-3", "1e-2"),
        48,
        2,
        100,
        List.of("32", "128", "512", "2048"),
        0.01,
        12,
        16);
  }

  public List<Double> epsilonValues() {
    return numbers("epsilons", epsilons);
  }

  public List<Integer> dimensionValues() {
    return integers("dimensions", dimensions);
  }

  public List<Integer> sampleSizeValues() {
    return integers("sample-sizes", sampleSizes);
  }

  public List<Integer> booleanBitValues() {
    return integers("boolean-bits", booleanBits);
  }

  public List<Integer> treeLeafValues() {
    return integers("tree-leaves", treeLeaves);
  }

  public List<Double> treeEpsilonValues() {
    return numbers("tree-epsilons", treeEpsilons);
  }

  public List<Integer> netSampleValues() {
    return integers("net-samples", netSamples);
  }
}
