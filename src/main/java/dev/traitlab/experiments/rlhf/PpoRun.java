package dev.traitlab.experiments.rlhf;

import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.toyworld.ArithmeticQuestion;
import dev.traitlab.data.toyworld.ToyWorld;
import dev.traitlab.data.toyworld.ToyWorldConfig;
import dev.traitlab.nn.train.TrainingExample;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.rl.lm.KlController;
import dev.traitlab.rl.lm.LmPpoSettings;
import dev.traitlab.rl.lm.LmPpoTrainer;
import dev.traitlab.rl.lm.PolicySamples;
import dev.traitlab.rl.lm.PpoStepStats;
import dev.traitlab.rl.lm.PretrainingMix;
import dev.traitlab.rl.ppo.PpoSettings;
import dev.traitlab.rl.reward.RankedRewardModel;
import dev.traitlab.rl.reward.ResponseFeatures;
import dev.traitlab.text.ChatTemplate;
import dev.traitlab.text.TokenizedChat;
import dev.traitlab.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One seed: PPO from the SFT model against the reward model, then the comparison with SFT. */
final class PpoRun {
  private PpoRun() {}

  /** The reward model's score of responses, read through the frozen SFT model's activations. */
  static double[] proxy(
      RankedRewardModel rm,
      TransformerModel reader,
      List<int[]> prompts,
      List<int[]> responses,
      int eos) {
    return rm.score(ResponseFeatures.of(reader, prompts, responses, eos));
  }

  static LmPpoSettings settings(RlhfConfig c) {
    return new LmPpoSettings(
        new PpoSettings(
            1.0,
            0.95,
            0.2,
            c.ppoEpochs(),
            c.minibatches(),
            c.rollouts(),
            c.ppoLearningRate(),
            0.1,
            0.0,
            true,
            1.0),
        c.maxTokens(),
        1.0,
        null);
  }

  static SeedRun run(
      RlhfConfig c,
      Path sftDir,
      TransformerModel reference,
      Tokenizer tokenizer,
      int eos,
      RankedRewardModel rm,
      long seed,
      Path dpoDir,
      SeedRun.DpoTraining dpoTraining,
      Progress progress) {
    long start = System.nanoTime();
    KlController kl =
        c.klTarget() > 0
            ? KlController.adaptive(c.klCoefficient(), c.klTarget(), 10_000)
            : KlController.fixed(c.klCoefficient());
    List<PpoStepStats> steps = new ArrayList<>();
    double[] rolloutGold = new double[c.ppoSteps()];
    List<ArithmeticQuestion> train =
        Answers.questions(c.ppoSteps() * c.rollouts(), Seeds.derive(seed, "ppo-questions"));
    PretrainingMix ptx =
        c.ppoPtx() > 0
            ? new PretrainingMix(
                c.ppoPtx(),
                pretrainingChats(tokenizer, PTX_CHATS, Seeds.derive(seed, "ptx-corpus")),
                c.rollouts() / c.minibatches())
            : null;
    double[] ptxLoss = ptx == null ? null : new double[c.ppoSteps()];
    try (TransformerModel policy = TransformerModel.load(sftDir);
        LmPpoTrainer ppo =
            new LmPpoTrainer(
                policy, reference, eos, settings(c), kl, Seeds.derive(seed, "ppo"), ptx)) {
      progress.start("PPO, seed " + seed, c.ppoSteps());
      for (int s = 0; s < c.ppoSteps(); s++) {
        List<ArithmeticQuestion> qs = train.subList(s * c.rollouts(), (s + 1) * c.rollouts());
        List<int[]> prompts = qs.stream().map(q -> Answers.prompt(tokenizer, q)).toList();
        LmPpoTrainer.Rollout r =
            ppo.step(prompts, (p, responses) -> proxy(rm, reference, p, responses, eos));
        double g = 0;
        for (int i = 0; i < qs.size(); i++) {
          g += Answers.gold(qs.get(i), tokenizer, r.responses().get(i)) / qs.size();
        }
        rolloutGold[s] = g;
        steps.add(r.stats());
        if (ptxLoss != null) {
          ptxLoss[s] = ppo.pretrainingLoss();
        }
        progress.step(
            s + 1,
            String.format(
                java.util.Locale.ROOT,
                "reward %.3f gold %.3f KL %.2f",
                r.stats().score(),
                g,
                r.stats().kl()));
      }
      progress.finish();
      double ppoSeconds = (System.nanoTime() - start) / 1e9;
      long evalStart = System.nanoTime();
      progress.note("evaluating seed " + seed + ": PPO, SFT and best-of-" + c.pool());
      List<ArithmeticQuestion> eval =
          Answers.questions(c.evalPrompts(), Seeds.derive(seed, "eval-questions"));
      List<int[]> prompts = eval.stream().map(q -> Answers.prompt(tokenizer, q)).toList();
      // The win rate's opponents: SFT answers drawn apart from the SFT policy's own scored answers.
      PolicySamples.Sampled opponents =
          PolicySamples.sample(
              reference,
              prompts,
              c.referenceSamples(),
              c.maxTokens(),
              eos,
              Seeds.derive(seed, "opponents"));
      double[][] opponentGold =
          Scoring.opponentGold(eval, opponents.tokens(), c.referenceSamples(), tokenizer);
      PolicySamples.Sampled ppoAnswers =
          PolicySamples.sample(
              policy, prompts, c.evalSamples(), c.maxTokens(), eos, Seeds.derive(seed, "ppo-eval"));
      double[] ppoKl =
          PolicySamples.kl(policy, reference, prompts, c.evalSamples(), ppoAnswers, eos);
      SeedRun.PolicyScore ppoScore =
          Scoring.score(
              eval,
              prompts,
              ppoAnswers.tokens(),
              c.evalSamples(),
              ppoKl,
              opponentGold,
              tokenizer,
              rm,
              reference,
              eos);
      SeedRun.PolicyScore dpoScore = null;
      if (dpoDir != null) {
        try (TransformerModel dpo = TransformerModel.load(dpoDir)) {
          PolicySamples.Sampled dpoAnswers =
              PolicySamples.sample(
                  dpo,
                  prompts,
                  c.evalSamples(),
                  c.maxTokens(),
                  eos,
                  Seeds.derive(seed, "dpo-eval"));
          double[] dpoKl =
              PolicySamples.kl(dpo, reference, prompts, c.evalSamples(), dpoAnswers, eos);
          dpoScore =
              Scoring.score(
                  eval,
                  prompts,
                  dpoAnswers.tokens(),
                  c.evalSamples(),
                  dpoKl,
                  opponentGold,
                  tokenizer,
                  rm,
                  reference,
                  eos);
        }
      }
      PolicySamples.Sampled pool =
          PolicySamples.sample(
              reference, prompts, c.pool(), c.maxTokens(), eos, Seeds.derive(seed, "pool"));
      SeedRun.PolicyScore sftScore =
          Scoring.score(
              eval,
              prompts,
              pool.tokens(),
              c.pool(),
              new double[c.pool() * eval.size()],
              opponentGold,
              tokenizer,
              rm,
              reference,
              eos);
      Scoring.BestOfNCurves bon =
          Scoring.bestOfN(
              eval, prompts, pool.tokens(), c.pool(), opponentGold, tokenizer, rm, reference, eos);
      // The alignment tax (InstructGPT section 4.2): how much worse PPO models held-out pretraining
      // text than SFT does, which the ptx term is there to hold down.
      List<TrainingExample> heldOut =
          pretrainingChats(tokenizer, HELD_OUT_CHATS, Seeds.derive(seed, "ptx-held-out"));
      double[] pretrainingNll = {nll(reference, heldOut), nll(policy, heldOut)};
      List<List<String>> examples = new ArrayList<>();
      for (int q = 0; q < Math.min(6, eval.size()); q++) {
        examples.add(
            List.of(
                eval.get(q).text(),
                tokenizer.decode(pool.tokens()[q * c.pool()]),
                tokenizer.decode(ppoAnswers.tokens()[q * c.evalSamples()])));
      }
      return new SeedRun(
          seed,
          steps,
          rolloutGold,
          ppoScore,
          sftScore,
          bon.ns(),
          bon.winRate(),
          bon.gold(),
          bon.proxy(),
          examples,
          ppoSeconds,
          (System.nanoTime() - evalStart) / 1e9,
          dpoScore,
          dpoTraining,
          ptxLoss,
          pretrainingNll);
    }
  }

  /** Toy-world chats drawn for the pretraining mix (with replacement) per seed. */
  static final int PTX_CHATS = 2000;

  /** Held-out toy-world chats on which the alignment tax is measured. */
  static final int HELD_OUT_CHATS = 128;

  /**
   * Fresh toy-world chats from the base model's pretraining distribution, tokenised as it was
   * pretrained on them (chat markup, loss on every token but the first).
   */
  static List<TrainingExample> pretrainingChats(Tokenizer tokenizer, int n, long seed) {
    List<TrainingExample> out = new ArrayList<>(n);
    for (ChatExample e : new ToyWorld(ToyWorldConfig.defaults(n, seed)).generate()) {
      TokenizedChat t = ChatTemplate.encodeForPretraining(tokenizer, e.messages());
      out.add(new TrainingExample(t.ids(), t.lossMask()));
    }
    return out;
  }

  /** Mean negative log-likelihood per target token of the texts (nats), cut to the context. */
  static double nll(TransformerModel model, List<TrainingExample> texts) {
    int context = model.config().maxPositionEmbeddings();
    List<int[]> seqs = new ArrayList<>(texts.size());
    for (TrainingExample e : texts) {
      seqs.add(java.util.Arrays.copyOf(e.tokens(), Math.min(context, e.tokens().length)));
    }
    float[][] lp = model.tokenLogprobs(seqs, null);
    double sum = 0;
    long count = 0;
    for (int r = 0; r < lp.length; r++) {
      boolean[] mask = texts.get(r).lossMask();
      for (int i = 0; i < lp[r].length; i++) {
        if (mask[i + 1]) {
          sum -= lp[r][i];
          count++;
        }
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  /** n = 1, 2, 4, ... up to the pool (always included). */
  static int[] grid(int pool) {
    java.util.TreeSet<Integer> ns = new java.util.TreeSet<>();
    for (int n = 1; n <= pool; n *= 2) {
      ns.add(n);
    }
    ns.add(pool);
    return ns.stream().mapToInt(Integer::intValue).toArray();
  }
}
