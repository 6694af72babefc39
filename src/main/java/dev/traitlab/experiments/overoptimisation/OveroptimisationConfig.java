package dev.traitlab.experiments.overoptimisation;

import static dev.traitlab.lab.ConfigValues.atLeast;
import static dev.traitlab.lab.ConfigValues.integers;
import static dev.traitlab.lab.ConfigValues.nonEmpty;
import static dev.traitlab.lab.ConfigValues.numbers;
import static dev.traitlab.lab.ConfigValues.positive;

import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import dev.traitlab.model.ModelName;
import dev.traitlab.model.Models;
import java.util.List;

/**
 * Reward-model overoptimisation by best-of-n and PPO, in miniature. The defaults take a few minutes
 * on 2 cores.
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
 * @param ppoKl fixed per-token KL penalties of the PPO arm, one run per proxy cell and seed each
 *     (empty, or "none": no PPO)
 * @param ppoProxies the (width:comparisons) proxy cells PPO optimises against, each among --widths
 *     x --comparisons
 * @param ppoSteps PPO steps per run
 * @param ppoRollouts rollouts (question, answer) per PPO step
 * @param ppoEvery steps between the held-out checkpoints (KL, gold, proxy)
 * @param ppoLearningRate Adam step size of PPO (full update of the policy)
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
    @Param(value = "Longest answer sampled, in tokens.", label = "T") int maxTokens,
    @Param(value = "Fixed KL penalties of the PPO arm ('none' or '': no PPO).", label = "B,B,...")
        List<String> ppoKl,
    @Param(value = "Proxy cells PPO optimises against, as width:comparisons.", label = "W:C,...")
        List<String> ppoProxies,
    @Param(value = "PPO steps per run.", label = "S") int ppoSteps,
    @Param(value = "Rollouts per PPO step.", label = "B") int ppoRollouts,
    @Param(value = "PPO steps between held-out checkpoints.", label = "K") int ppoEvery,
    @Param(value = "Adam learning rate of PPO.", names = "--ppo-lr") double ppoLearningRate)
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
    ppoKl = ppoKl == null ? List.of() : ppoKl;
    ppoProxies = ppoProxies == null ? List.of() : ppoProxies;
    ppoKl =
        ppoKl.stream().allMatch(v -> v.isBlank() || v.trim().equalsIgnoreCase("none"))
            ? List.of()
            : List.copyOf(ppoKl);
    ppoProxies = List.copyOf(ppoProxies);
    if (!ppoKl.isEmpty()) {
      List<Double> betas = numbers("ppo-kl", ppoKl);
      for (double b : betas) {
        if (!(b >= 0) || Double.isInfinite(b)) {
          throw new IllegalArgumentException("--ppo-kl: penalties must be >= 0, got " + b);
        }
      }
      if (betas.stream().distinct().count() != betas.size()) {
        throw new IllegalArgumentException("--ppo-kl: give distinct penalties, got " + ppoKl);
      }
      nonEmpty("ppo-proxies", ppoProxies);
      for (String cell : ppoProxies) {
        int[] wc = cell(cell);
        if (!w.contains(wc[0]) || !c.contains(wc[1])) {
          throw new IllegalArgumentException(
              "--ppo-proxies "
                  + cell
                  + ": not a cell of --widths "
                  + String.join(",", widths)
                  + " x --comparisons "
                  + String.join(",", comparisons)
                  + " (name a cell that is, or skip PPO with --ppo-kl none)");
        }
      }
      atLeast("ppo-steps", ppoSteps, 1);
      atLeast("ppo-rollouts", ppoRollouts, 4);
      atLeast("ppo-every", ppoEvery, 1);
      if (ppoEvery > ppoSteps) {
        throw new IllegalArgumentException(
            "--ppo-every (" + ppoEvery + ") cannot exceed --ppo-steps (" + ppoSteps + ")");
      }
      positive("ppo-lr", ppoLearningRate);
    }
  }

  /** A proxy cell "W:C" as {width, comparisons}. */
  static int[] cell(String cell) {
    String[] parts = cell.trim().split(":");
    try {
      if (parts.length == 2) {
        return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--ppo-proxies: write a cell as width:comparisons (e.g. 32:500), got '" + cell + "'");
  }

  /** Whether the PPO arm runs. */
  public boolean runsPpo() {
    return !ppoKl.isEmpty();
  }

  public List<Double> ppoKlList() {
    return ppoKl.isEmpty() ? List.of() : numbers("ppo-kl", ppoKl);
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
        24,
        List.of("0", "0.05"),
        List.of("32:500"),
        40,
        32,
        5,
        1e-4);
  }

  public List<Integer> widthList() {
    return integers("widths", widths);
  }

  public List<Integer> comparisonList() {
    return integers("comparisons", comparisons);
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
        maxTokens,
        ppoKl,
        ppoProxies,
        ppoSteps,
        ppoRollouts,
        ppoEvery,
        ppoLearningRate);
  }
}
