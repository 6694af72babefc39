package dev.traitlab.experiments.overoptimisation;

import static dev.traitlab.lab.ConfigValues.atLeast;
import static dev.traitlab.lab.ConfigValues.integers;
import static dev.traitlab.lab.ConfigValues.positive;

import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import dev.traitlab.model.ModelName;
import dev.traitlab.model.Models;
import java.util.List;

/**
 * Reward-model overoptimisation by best-of-n, in miniature. The defaults take a few minutes on 2
 * cores.
 *
 * @param seeds proxy trainings per (size, data size): each seed draws its own comparisons and
 *     initialisation; the samples and the gold reward are shared
 * @param seed the first seed (seed i is seed + i); the samples derive from it too
 * @param model the policy that is sampled ({@code local:NAME}: the proxies read its activations; an
 *     {@code openai:} model is refused)
 * @param prompts arithmetic questions on which best-of-n is measured
 * @param pool samples per prompt (N of the unbiased estimator)
 * @param maxN the largest n (at most the pool)
 * @param rmPrompts questions whose answers give the reward models' comparisons
 * @param answersPerPrompt K answers per comparison question: all C(K, 2) pairs are compared
 * @param widths hidden widths of the proxy heads (0: linear), one proxy size each
 * @param comparisons training comparisons per proxy, one data size each
 * @param epochs passes of each proxy over its comparisons
 * @param batch comparisons per step
 * @param learningRate Adam step size of the proxies
 * @param temperature sampling temperature of the policy
 * @param maxTokens longest answer sampled
 */
public record OveroptimisationConfig(
    @Param(Seeded.SEEDS_HELP) int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param(
            value = "The policy sampled (an embedded model: the proxies read its activations).",
            names = {"--model", "-m"},
            label = "MODEL")
        String model,
    @Param(value = "Questions on which best-of-n is measured.", label = "P") int prompts,
    @Param(value = "Samples per question (N of the unbiased estimator).", label = "N") int pool,
    @Param(value = "Largest n of best-of-n (at most --pool).", label = "N") int maxN,
    @Param(value = "Questions whose answers make the comparisons.", label = "Q") int rmPrompts,
    @Param(value = "Answers per comparison question (all pairs compared).", label = "K")
        int answersPerPrompt,
    @Param(value = "Hidden widths of the proxy reward heads (0: linear).", label = "W,W,...")
        List<String> widths,
    @Param(value = "Training comparisons per proxy, one data size each.", label = "C,C,...")
        List<String> comparisons,
    @Param(value = "Passes of each proxy over its comparisons.", label = "E") int epochs,
    @Param(value = "Comparisons per training step.", label = "B") int batch,
    @Param(value = "Adam learning rate of the proxies.", names = "--lr") double learningRate,
    @Param(value = "Sampling temperature of the policy.", label = "T") double temperature,
    @Param(value = "Longest answer sampled, in tokens.", label = "T") int maxTokens)
    implements Seeded {

  public OveroptimisationConfig {
    atLeast("seeds", seeds, 2);
    atLeast("prompts", prompts, 1);
    atLeast("pool", pool, 2);
    atLeast("max-n", maxN, 8);
    if (maxN > pool) {
      throw new IllegalArgumentException(
          "--max-n (" + maxN + ") cannot exceed --pool (" + pool + ")");
    }
    atLeast("rm-prompts", rmPrompts, 10);
    atLeast("answers-per-prompt", answersPerPrompt, 2);
    widths = List.copyOf(widths);
    comparisons = List.copyOf(comparisons);
    List<Integer> w = integers("widths", widths);
    for (int v : w) {
      atLeast("widths", v, 0);
    }
    if (w.size() < 1 || w.stream().distinct().count() != w.size()) {
      throw new IllegalArgumentException("--widths: give distinct widths, got " + widths);
    }
    List<Integer> c = integers("comparisons", comparisons);
    for (int v : c) {
      atLeast("comparisons", v, 1);
    }
    if (c.stream().distinct().count() != c.size()) {
      throw new IllegalArgumentException("--comparisons: give distinct sizes, got " + comparisons);
    }
    // 90% of the questions give training comparisons; a pair of distinct gold scores per pair of
    // answers at most.
    long available =
        (long) Math.floor(rmPrompts * 0.9) * answersPerPrompt * (answersPerPrompt - 1) / 2;
    int largest = c.stream().mapToInt(Integer::intValue).max().orElse(0);
    if (largest > available) {
      throw new IllegalArgumentException(
          "--comparisons "
              + largest
              + " exceeds the "
              + available
              + " pairs that 90% of --rm-prompts x C(--answers-per-prompt, 2) can give");
    }
    atLeast("epochs", epochs, 1);
    atLeast("batch", batch, 1);
    positive("lr", learningRate);
    positive("temperature", temperature);
    atLeast("max-tokens", maxTokens, 1);
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("--model: name a model, e.g. " + Models.DEFAULT_BASE);
    }
    ModelName.checkEmbedded("--model", model, "proxy reward models read its activations");
  }

  public static OveroptimisationConfig defaults() {
    return new OveroptimisationConfig(
        3,
        0,
        Models.DEFAULT_BASE,
        16,
        2048,
        1024,
        2500,
        4,
        List.of("0", "4", "32", "256"),
        List.of("500", "2000", "8000"),
        2,
        32,
        1e-3,
        1.0,
        24);
  }

  public List<Integer> widthList() {
    return integers("widths", widths);
  }

  public List<Integer> comparisonList() {
    return integers("comparisons", comparisons);
  }

  /** A copy with other sizes, for tests and smaller runs. */
  public OveroptimisationConfig withSizes(
      int prompts,
      int pool,
      int maxN,
      int rmPrompts,
      List<String> widths,
      List<String> comparisons) {
    return new OveroptimisationConfig(
        seeds,
        seed,
        model,
        prompts,
        pool,
        maxN,
        rmPrompts,
        answersPerPrompt,
        widths,
        comparisons,
        epochs,
        batch,
        learningRate,
        temperature,
        maxTokens);
  }

  /** A copy sampling another model. */
  public OveroptimisationConfig withModel(String other) {
    return new OveroptimisationConfig(
        seeds,
        seed,
        other,
        prompts,
        pool,
        maxN,
        rmPrompts,
        answersPerPrompt,
        widths,
        comparisons,
        epochs,
        batch,
        learningRate,
        temperature,
        maxTokens);
  }
}
