package dev.traitlab.experiments.overoptimisation;

import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.toyworld.ArithmeticGold;
import dev.traitlab.data.toyworld.ArithmeticQuestion;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Models;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.rl.lm.KlController;
import dev.traitlab.rl.lm.LmPpoSettings;
import dev.traitlab.rl.lm.LmPpoTrainer;
import dev.traitlab.rl.lm.PolicySamples;
import dev.traitlab.rl.lm.PpoStepStats;
import dev.traitlab.rl.ppo.PpoSettings;
import dev.traitlab.rl.reward.RewardHeads;
import dev.traitlab.text.ChatTemplate;
import dev.traitlab.text.SpecialTokens;
import dev.traitlab.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The RL half of Gao, Schulman and Hilton (2022) in miniature: token-level PPO ({@link
 * LmPpoTrainer}, full update, fixed per-token KL penalty, TRL's defaults otherwise: gamma 1, lambda
 * 0.95, clip 0.2, 4 epochs x 4 minibatches) from the base policy against one proxy, the same head
 * the best-of-n half trains for that seed (same comparisons, same initialisation), reading the
 * frozen base model's activations exactly as during its training (the answer decoded and read as a
 * chat turn, standardised with the comparison answers' scale), recalibrated the same way. The paper
 * ran PPO with KL penalty 0 except in its section 3.6; d = sqrt(KL) comes from per-token log-ratios
 * of held-out samples.
 */
final class PpoArm {
  /** Answers per held-out question at each checkpoint. */
  static final int EVAL_SAMPLES = 8;

  private PpoArm() {}

  /** The frozen inputs every run shares. */
  record Inputs(
      Features rm,
      Features pool,
      Features.Scale scale,
      Proxies.Split split,
      double goldMean,
      double goldSd) {}

  static PpoCurve run(
      OveroptimisationConfig config,
      int width,
      int comparisons,
      double beta,
      int s,
      Inputs in,
      Models models,
      Progress progress) {
    long started = System.nanoTime();
    long seed = config.seedOf(s);
    Proxies.check(comparisons, in.split());
    RewardHeads.Settings head =
        new RewardHeads.Settings(width, config.epochs(), config.batch(), config.learningRate());
    try (RewardHeads.Trained proxyHead =
            RewardHeads.train(
                in.rm().rows(),
                new RewardHeads.Comparisons[] {
                  Proxies.comparisonSet(config, s, comparisons, in.split())
                },
                head,
                new long[] {Proxies.headSeed(config, s, width, comparisons)});
        LanguageModel referenceModel = models.open(config.model());
        LanguageModel policyModel = models.open(config.model())) {
      if (!(referenceModel instanceof EmbeddedModel reference)
          || !(policyModel instanceof EmbeddedModel policy)) {
        throw new TraitlabException("--model " + config.model() + ": PPO needs an embedded model");
      }
      double[] rmScore = proxyHead.score(in.rm().rows())[0];
      double[] poolScore = proxyHead.score(in.pool().rows())[0];
      double[] both = new double[rmScore.length + poolScore.length];
      System.arraycopy(rmScore, 0, both, 0, rmScore.length);
      System.arraycopy(poolScore, 0, both, rmScore.length, poolScore.length);
      Proxies.Calibration cal =
          Proxies.calibrate(both, in.split().heldOut(), in.pool(), rmScore.length);
      Tokenizer tokenizer = reference.tokenizer();
      int eos = tokenizer.id(SpecialTokens.IM_END);
      Scorer scorer = new Scorer(reference, tokenizer, proxyHead, in, cal);

      List<ArithmeticQuestion> eval =
          questions(config.prompts(), Seeds.derive(seed, "ppo-eval-questions"));
      List<int[]> evalPrompts = eval.stream().map(q -> prompt(tokenizer, q)).toList();
      List<ArithmeticQuestion> train =
          questions(config.ppoSteps() * config.ppoRollouts(), Seeds.derive(seed, "ppo-questions"));
      LmPpoSettings settings =
          new LmPpoSettings(
              new PpoSettings(
                  1.0,
                  0.95,
                  0.2,
                  4,
                  4,
                  config.ppoRollouts(),
                  config.ppoLearningRate(),
                  0.1,
                  0.0,
                  true,
                  1.0),
              config.maxTokens(),
              1.0,
              null);
      List<Integer> steps = new ArrayList<>();
      List<double[]> measured = new ArrayList<>();
      List<PpoStepStats> training = new ArrayList<>();
      try (LmPpoTrainer ppo =
          new LmPpoTrainer(
              policy.transformer(),
              reference.transformer(),
              eos,
              settings,
              KlController.fixed(beta),
              Seeds.derive(seed, "ppo"))) {
        steps.add(0);
        measured.add(checkpoint(policy, reference, eval, evalPrompts, scorer, eos, config, seed));
        String task = "PPO vs proxy " + width + ":" + comparisons + ", KL " + beta + ", seed " + s;
        progress.start(task, config.ppoSteps());
        for (int step = 1; step <= config.ppoSteps(); step++) {
          List<ArithmeticQuestion> qs =
              train.subList((step - 1) * config.ppoRollouts(), step * config.ppoRollouts());
          List<int[]> prompts = qs.stream().map(q -> prompt(tokenizer, q)).toList();
          LmPpoTrainer.Rollout r = ppo.step(prompts, (p, responses) -> scorer.proxy(qs, responses));
          training.add(r.stats());
          if (step % config.ppoEvery() == 0 || step == config.ppoSteps()) {
            steps.add(step);
            double[] m =
                checkpoint(policy, reference, eval, evalPrompts, scorer, eos, config, seed);
            measured.add(m);
            progress.step(
                step,
                String.format(
                    java.util.Locale.ROOT, "KL %.2f gold %+.3f proxy %+.3f", m[0], m[1], m[2]));
          } else {
            progress.step(step, "");
          }
        }
        progress.finish();
      }
      int k = steps.size();
      double[] kl = new double[k];
      double[] gold = new double[k];
      double[] proxy = new double[k];
      for (int i = 0; i < k; i++) {
        kl[i] = measured.get(i)[0];
        gold[i] = measured.get(i)[1];
        proxy[i] = measured.get(i)[2];
      }
      return new PpoCurve(
          width,
          comparisons,
          beta,
          seed,
          cal.accuracy(),
          steps.stream().mapToInt(Integer::intValue).toArray(),
          kl,
          gold,
          proxy,
          training,
          (System.nanoTime() - started) / 1e9);
    }
  }

  /** {mean KL, mean gold, mean proxy} of fresh samples on the held-out questions. */
  private static double[] checkpoint(
      EmbeddedModel policy,
      EmbeddedModel reference,
      List<ArithmeticQuestion> eval,
      List<int[]> prompts,
      Scorer scorer,
      int eos,
      OveroptimisationConfig config,
      long seed) {
    // The same sampling seed at every checkpoint: common random numbers across the run.
    PolicySamples.Sampled a =
        PolicySamples.sample(
            policy.transformer(),
            prompts,
            EVAL_SAMPLES,
            config.maxTokens(),
            eos,
            Seeds.derive(seed, "ppo-eval"));
    double[] kl =
        PolicySamples.kl(
            policy.transformer(), reference.transformer(), prompts, EVAL_SAMPLES, a, eos);
    List<ArithmeticQuestion> qs = new ArrayList<>();
    List<int[]> responses = new ArrayList<>();
    for (int r = 0; r < a.tokens().length; r++) {
      qs.add(eval.get(r / EVAL_SAMPLES));
      responses.add(a.tokens()[r]);
    }
    double[] proxy = scorer.proxy(qs, responses);
    double[] gold = scorer.gold(qs, responses);
    return new double[] {mean(kl), mean(gold), mean(proxy)};
  }

  /** The recalibrated proxy and the normalised gold of decoded answers. */
  private record Scorer(
      EmbeddedModel reader,
      Tokenizer tokenizer,
      RewardHeads.Trained head,
      Inputs in,
      Proxies.Calibration cal) {

    double[] proxy(List<ArithmeticQuestion> qs, List<int[]> responses) {
      List<List<String>> answers = new ArrayList<>(responses.size());
      for (int[] r : responses) {
        answers.add(List.of(tokenizer.decode(r)));
      }
      Features f = Features.compute(reader, new Samples(qs, answers), Progress.NONE, "proxy");
      double[] raw = head.score(in.scale().apply(f.rows()))[0];
      double[] out = new double[responses.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = cal.scale() * (raw[f.rowOf()[i][0]] - cal.mean());
      }
      return out;
    }

    double[] gold(List<ArithmeticQuestion> qs, List<int[]> responses) {
      double[] out = new double[responses.size()];
      for (int i = 0; i < out.length; i++) {
        double g = ArithmeticGold.score(qs.get(i), tokenizer.decode(responses.get(i)));
        out[i] = (g - in.goldMean()) / in.goldSd();
      }
      return out;
    }
  }

  private static int[] prompt(Tokenizer tokenizer, ArithmeticQuestion q) {
    return ChatTemplate.encodePrompt(tokenizer, List.of(ChatMessage.user(q.text())));
  }

  private static List<ArithmeticQuestion> questions(int count, long seed) {
    Random rng = new Random(seed);
    List<ArithmeticQuestion> q = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      q.add(ArithmeticQuestion.sample(rng));
    }
    return q;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}
