package dev.traitlab.experiments.scalingevals;

import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.data.toyworld.ScalingBenchmarks;
import dev.traitlab.data.toyworld.ScalingWorld;
import dev.traitlab.data.toyworld.ScalingWorld.Fact;
import dev.traitlab.data.toyworld.ScalingWorld.Relation;
import dev.traitlab.eval.truthfulqa.TruthfulQaPrompts;
import dev.traitlab.model.embedded.PlainTextPretraining;
import dev.traitlab.model.embedded.PlainTextPretraining.PromptCompletion;
import dev.traitlab.nn.train.TrainingSettings;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.rl.lm.KlController;
import dev.traitlab.rl.lm.LmPpoSettings;
import dev.traitlab.rl.lm.LmPpoTrainer;
import dev.traitlab.rl.ppo.PpoSettings;
import dev.traitlab.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The InstructGPT comparison (Ouyang et al. 2022, arXiv:2203.02155, section 4 and figure 1: a 1.3B
 * InstructGPT preferred to the 175B base; TruthfulQA improved) in the toy world: SFT and PPO
 * versions of the family's smallest model.
 *
 * <ul>
 *   <li>SFT: one demonstration per {@link ScalingBenchmarks#trainingFacts training fact} (the facts
 *       no evaluation file asks about), "Q: question\nA:" answered as an expert does (the true
 *       sentence) and ended with the blank line that ends a turn, plus one sum question per three
 *       facts answered rightly (the corpus's mix, so that SFT does not train arithmetic away); loss
 *       on the answers only.
 *   <li>PPO ({@code rl.lm.LmPpoTrainer}: token-level, per-token KL penalty to the SFT model) from
 *       the SFT model on questions about the same training facts, rewarded by the world's truth
 *       directly (the gold: +1 the true sentence, 0 another value's sentence, -1 anything else).
 *       The gold rather than a reward model fitted to gold-ranked comparisons: a reward model reads
 *       a frozen model's activations, and the 30k-parameter SFT model has learnt so few facts that
 *       a head over its features could not rank true over false sentences of facts it does not
 *       know; the gold gives PPO the most it could learn from ranked comparisons (the rlhf and
 *       overoptimisation experiments measure what a learnt proxy costs).
 * </ul>
 *
 * Neither stage sees a misconception, a control question or a BIG-bench item: what they can change
 * on those questions is the propensity to answer well, not the facts.
 */
final class InstructTuning {
  /** Changes with the demonstrations' or PPO's recipe, so that older stages are not reused. */
  static final String RECIPE = "expert answers + sums, gold PPO v1";

  static final double SFT_LEARNING_RATE = 1e-3;
  static final int BATCH = 16;

  /** The blank line that ends a turn in the corpus. */
  static final String TURN_END = "\n\n";

  /**
   * An answer's end: every corpus answer ends with a full stop and the blank line, which the
   * scaling tokenizer holds as one token; a PPO response stops at it.
   */
  static final String ANSWER_END = "." + TURN_END;

  private InstructTuning() {}

  /** The SFT demonstrations (see the class comment), shuffled from {@code seed}. */
  static List<PromptCompletion> demonstrations(ScalingWorld world, long seed) {
    Random rng = new Random(seed);
    List<PromptCompletion> out = new ArrayList<>();
    List<Fact> facts = ScalingBenchmarks.trainingFacts(world);
    for (Fact f : facts) {
      Relation rel = ScalingWorld.RELATIONS.get(f.relation());
      String name = world.creatures().get(f.creature());
      String q = rel.question(rng.nextInt(rel.questions().size()), name);
      out.add(
          new PromptCompletion(
              TruthfulQaPrompts.questionPrompt(q, false),
              " " + rel.answer(name, f.value()) + TURN_END));
    }
    Set<String> evaluated = new HashSet<>();
    for (int k = 1; k <= world.config().maxSumSteps(); k++) {
      evaluated.addAll(ScalingBenchmarks.sumQuestions(world.config().seed(), k));
    }
    int sums = facts.size() / 3;
    while (sums > 0) {
      int steps = 1 + rng.nextInt(world.config().maxSumSteps());
      int[] digits = new int[steps + 1];
      for (int d = 0; d <= steps; d++) {
        digits[d] = rng.nextInt(10);
      }
      String q = ScalingWorld.SumQuestion.text(digits);
      if (evaluated.contains(q)) {
        continue;
      }
      out.add(
          new PromptCompletion(
              TruthfulQaPrompts.questionPrompt(q, false),
              " " + ScalingWorld.SumQuestion.answer(digits) + "." + TURN_END));
      sums--;
    }
    java.util.Collections.shuffle(out, rng);
    return out;
  }

  /** SFT of the model in {@code from} on {@link #demonstrations}, saved into {@code dir}. */
  static PlainTextPretraining.Trained sft(
      ScalingWorld world, int epochs, int maxLength, long seed, Path from, Path dir, Progress p)
      throws IOException {
    TrainingSettings settings =
        TrainingSettings.builder()
            .optEpochs(epochs)
            .optBatchSize(BATCH)
            .optLearningRate(SFT_LEARNING_RATE)
            .optWarmupRatio(0.05)
            .optSeed(Seeds.derive(seed, "sft-order"))
            .optMaxSequenceLength(maxLength)
            .build();
    return PlainTextPretraining.fineTune(
        demonstrations(world, Seeds.derive(seed, "demonstrations")),
        from,
        settings,
        dir,
        p,
        "SFT of the smallest model");
  }

  /**
   * The gold of one answer to a question about {@code fact}: +1 the true sentence, 0 the sentence
   * of another value of the fact's relation, -1 anything else (a non-sentence, another creature,
   * more than one turn).
   */
  static double gold(ScalingWorld world, Fact fact, String answer) {
    Relation rel = ScalingWorld.RELATIONS.get(fact.relation());
    String name = world.creatures().get(fact.creature());
    String a = answer.strip();
    for (int v = 0; v < rel.values().size(); v++) {
      if (a.equals(rel.answer(name, v))) {
        return v == fact.value() ? 1 : 0;
      }
    }
    return -1;
  }

  /**
   * How a PPO run went: per step the rollouts' mean gold and mean KL to the SFT model (nats per
   * answer), and its seconds.
   */
  record PpoTraining(double[] gold, double[] kl, double seconds) {}

  /** The PPO settings: TRL's defaults of {@link LmPpoSettings#defaults()} at this rate. */
  static LmPpoSettings settings(double learningRate) {
    PpoSettings d = LmPpoSettings.defaults().ppo();
    return new LmPpoSettings(
        new PpoSettings(
            d.gamma(),
            d.lambda(),
            d.clip(),
            d.epochs(),
            d.minibatches(),
            d.steps(),
            learningRate,
            d.valueCoefficient(),
            d.entropyCoefficient(),
            d.normaliseAdvantages(),
            d.rewardScale()),
        24,
        1.0,
        null);
  }

  /**
   * PPO from the SFT model in {@code sftDir} for {@code steps} steps of 64 questions about training
   * facts (drawn uniformly from {@code seed}), against {@link #gold}, KL penalty {@code beta}
   * fixed; the policy is saved with its tokenizer into {@code dir}.
   *
   * @throws IllegalStateException when the tokenizer does not hold an answer's end as one token
   */
  static PpoTraining ppo(
      ScalingWorld world,
      Path sftDir,
      int steps,
      double beta,
      double learningRate,
      long seed,
      Path dir,
      Progress progress)
      throws IOException {
    long start = System.nanoTime();
    List<Fact> facts = ScalingBenchmarks.trainingFacts(world);
    LmPpoSettings settings = settings(learningRate);
    int batch = settings.ppo().steps();
    Random rng = new Random(Seeds.derive(seed, "ppo-questions"));
    double[] gold = new double[steps];
    double[] kl = new double[steps];
    try (Tokenizer tok = Tokenizer.load(sftDir);
        TransformerModel reference = TransformerModel.load(sftDir);
        TransformerModel policy = TransformerModel.load(sftDir)) {
      int eos = turnEnd(tok);
      try (LmPpoTrainer trainer =
          new LmPpoTrainer(
              policy,
              reference,
              eos,
              settings,
              KlController.fixed(beta),
              Seeds.derive(seed, "ppo"))) {
        progress.start("PPO of the SFT model", steps);
        for (int s = 0; s < steps; s++) {
          List<Fact> asked = new ArrayList<>(batch);
          List<int[]> prompts = new ArrayList<>(batch);
          for (int i = 0; i < batch; i++) {
            Fact f = facts.get(rng.nextInt(facts.size()));
            Relation rel = ScalingWorld.RELATIONS.get(f.relation());
            String q =
                rel.question(
                    rng.nextInt(rel.questions().size()), world.creatures().get(f.creature()));
            asked.add(f);
            prompts.add(tok.encode(TruthfulQaPrompts.questionPrompt(q, false)));
          }
          LmPpoTrainer.Rollout r =
              trainer.step(
                  prompts,
                  (p, responses) -> {
                    double[] g = new double[responses.size()];
                    for (int i = 0; i < g.length; i++) {
                      // The response ends before the stop token, whose full stop belongs to it.
                      g[i] = gold(world, asked.get(i), tok.decode(responses.get(i)) + ".");
                    }
                    return g;
                  });
          gold[s] = java.util.Arrays.stream(r.scores()).average().orElse(Double.NaN);
          kl[s] = java.util.Arrays.stream(r.kl()).average().orElse(Double.NaN);
          progress.step(
              s + 1, String.format(java.util.Locale.ROOT, "gold %.3f KL %.2f", gold[s], kl[s]));
        }
        progress.finish();
      }
      PlainTextPretraining.save(policy, sftDir, dir);
    }
    return new PpoTraining(gold, kl, (System.nanoTime() - start) / 1e9);
  }

  /** The id of the one token that ends an answer ({@link #ANSWER_END}). */
  static int turnEnd(Tokenizer tok) {
    int[] ids = tok.encode(ANSWER_END);
    if (ids.length != 1) {
      throw new IllegalStateException(
          "the tokenizer splits an answer's end '.\\n\\n' into "
              + ids.length
              + " tokens; PPO needs one to stop at");
    }
    return ids[0];
  }
}
