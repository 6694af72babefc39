package dev.traitlab.experiments.rlhf;

import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.data.chat.PreferenceExample;
import dev.traitlab.data.chat.PreferenceJsonl;
import dev.traitlab.data.toyworld.ArithmeticQuestion;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stage;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Models;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.tuning.TuneSettings;
import dev.traitlab.rl.GoldPreferenceDpo;
import dev.traitlab.rl.reward.RankedRewardModel;
import dev.traitlab.text.SpecialTokens;
import dev.traitlab.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline on a model behind an OpenAI-compatible API, as far as the API allows (Ouyang et al.
 * 2022's SFT and reward model, then best-of-n and DPO instead of PPO): SFT of the remote base by a
 * fine-tuning job on the same demonstrations; K answers of the remote SFT model to each
 * reward-model question (one request with n = K per question) ranked by the gold; the reward head
 * trained on those rankings over a local reader model's frozen activations of the answers' text (an
 * API gives no activations, so the reader is the local base model, not the SFT model); per seed,
 * best-of-n over a pool of remote SFT answers chosen by the reward head, and a DPO fine-tuning job
 * ({@code method: {"type": "dpo"}}) from the remote SFT model on the rankings' best-vs-worst pairs,
 * scored as the embedded run scores its policies. PPO is not run: it needs per-token
 * log-probabilities and gradients of the policy, which only the embedded backend gives. Neither is
 * the KL of the DPO model to SFT (it needs the SFT model's log-probabilities of the DPO model's
 * answers).
 */
final class RemotePipeline {
  private RemotePipeline() {}

  /** A model a fine-tuning job made, as {@code openai:NAME}. */
  record Tuned(String model) {}

  /** A seed's DPO job: the model it made, the pairs it trained on and its wall time in seconds. */
  record TunedDpo(String model, int pairs, double seconds) {}

  static RlhfResult run(RlhfConfig c, RunContext context) {
    Models models = context.lab().models();
    Progress progress = context.progress();
    TuneSettings tune =
        new TuneSettings(
            c.sftEpochs(), 16, c.sftLearningRate(), c.sftLearningRate() / RlhfConfig.SFT_LR, 0, 0);
    Stage<Tuned> sft =
        context
            .stages()
            .value(
                "sft",
                RlhfExperiment.sftInputs(models, c, tune),
                Tuned.class,
                dir -> new Tuned(RlhfExperiment.fineTuneSft(c, models, tune, dir, progress)));
    String sftRef = sft.value().model();
    if (!(models.open(c.reader()) instanceof EmbeddedModel reader)) {
      throw new IllegalStateException("--reader " + c.reader() + " did not open as a local model");
    }
    try (reader) {
      Tokenizer tokenizer = reader.tokenizer();
      int eos = tokenizer.id(SpecialTokens.IM_END);
      Map<String, Object> rankIn = new LinkedHashMap<>();
      rankIn.put("sft", sft.key());
      rankIn.put("reader", models.identity(c.reader()));
      rankIn.put("questions", c.rmPrompts());
      rankIn.put("k", c.rankK());
      rankIn.put("maxTokens", c.maxTokens());
      rankIn.put("seed", c.seed());
      Stage<RankedAnswers> ranked =
          context
              .stages()
              .value(
                  "ranked-answers",
                  rankIn,
                  RankedAnswers.class,
                  dir -> {
                    models.requireTuned(sftRef);
                    List<ArithmeticQuestion> qs =
                        Answers.questions(c.rmPrompts(), Seeds.derive(c.seed(), "rm-questions"));
                    int[][] answers =
                        sample(
                            models,
                            sftRef,
                            qs,
                            c.rankK(),
                            c.maxTokens(),
                            Seeds.derive(c.seed(), "rm-answers"),
                            tokenizer,
                            "sampling " + c.rankK() + " answers of " + sftRef + " per question",
                            progress);
                    return new RankedAnswers(qs, c.rankK(), answers);
                  });
      long rmStart = System.nanoTime();
      try (RewardModelFit rm =
          RewardModelFit.train(c, ranked.value(), reader.transformer(), tokenizer, eos)) {
        double rmSeconds = (System.nanoTime() - rmStart) / 1e9;
        List<SeedRun> runs = new ArrayList<>();
        List<String> dpoModels = new ArrayList<>();
        for (long seed : c.seedList()) {
          Stage<TunedDpo> dpo =
              c.dpoBeta() > 0 ? dpo(c, context, models, sft, ranked, tokenizer, seed) : null;
          TunedDpo tuned = dpo == null ? null : dpo.value();
          if (tuned != null && tuned.model() != null) {
            dpoModels.add(tuned.model());
          }
          Map<String, Object> in = new LinkedHashMap<>();
          in.put("sft", sft.key());
          in.put("ranked", ranked.key());
          in.put("rmWidth", c.rmWidth());
          in.put("rmEpochs", c.rmEpochs());
          in.put("evalPrompts", c.evalPrompts());
          in.put("evalSamples", c.evalSamples());
          in.put("referenceSamples", c.referenceSamples());
          in.put("pool", c.pool());
          in.put("maxTokens", c.maxTokens());
          if (dpo != null) {
            in.put("dpo", dpo.key());
          }
          in.put("seed", seed);
          runs.add(
              context
                  .stages()
                  .value(
                      "eval-seed" + seed,
                      in,
                      SeedRun.class,
                      dir -> {
                        models.requireTuned(sftRef);
                        if (tuned != null && tuned.model() != null) {
                          models.requireTuned(tuned.model());
                        }
                        return evaluate(
                            c, models, sftRef, tuned, reader, rm.model(), seed, progress);
                      })
                  .value());
        }
        return new RlhfResult(
            c,
            rm.summary(),
            runs,
            rmSeconds,
            context.stages().records(),
            new RlhfResult.Remote(sftRef, c.reader(), dpoModels));
      }
    }
  }

  /**
   * A DPO job from the remote SFT model on the rankings' best-vs-worst pairs (the embedded arm's
   * pairs, as text); no job when no ranking has two different golds (model null, 0 pairs).
   */
  private static Stage<TunedDpo> dpo(
      RlhfConfig c,
      RunContext context,
      Models models,
      Stage<Tuned> sft,
      Stage<RankedAnswers> ranked,
      Tokenizer tokenizer,
      long seed) {
    TuneSettings tune =
        new TuneSettings(
            c.dpoEpochs(), 8, c.dpoLearningRate(), c.dpoLearningRate() / RlhfConfig.DPO_LR, 0, 0);
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("sft", sft.key());
    in.put("ranked", ranked.key());
    in.put("beta", c.dpoBeta());
    in.put("tune", tune);
    in.put("pairs", "best-vs-worst-v1");
    in.put("seed", seed);
    return context
        .stages()
        .value(
            "dpo-seed" + seed,
            in,
            TunedDpo.class,
            dir -> {
              List<PreferenceExample> pairs = DpoArm.preferences(ranked.value(), tokenizer);
              if (pairs.isEmpty()) {
                context
                    .progress()
                    .note("DPO, seed " + seed + ": no ranking with two golds, no job");
                return new TunedDpo(null, 0, 0);
              }
              models.requireTuned(sft.value().model());
              long start = System.nanoTime();
              Path jsonl = dir.resolve("preferences.jsonl");
              PreferenceJsonl.write(jsonl, pairs);
              String model =
                  models.preferenceTune(
                      sft.value().model(),
                      pairs,
                      jsonl,
                      tune,
                      c.dpoBeta(),
                      Seeds.derive(seed, "dpo"),
                      "dpo-seed" + seed,
                      dir,
                      context.progress());
              return new TunedDpo(model, pairs.size(), (System.nanoTime() - start) / 1e9);
            });
  }

  /** One seed's evaluation: SFT, best-of-n over SFT answers and, if there is one, DPO. */
  private static SeedRun evaluate(
      RlhfConfig c,
      Models models,
      String sftRef,
      TunedDpo dpo,
      EmbeddedModel reader,
      RankedRewardModel rm,
      long seed,
      Progress progress) {
    long start = System.nanoTime();
    Tokenizer tokenizer = reader.tokenizer();
    int eos = tokenizer.id(SpecialTokens.IM_END);
    List<ArithmeticQuestion> eval =
        Answers.questions(c.evalPrompts(), Seeds.derive(seed, "eval-questions"));
    List<int[]> prompts = eval.stream().map(q -> Answers.prompt(tokenizer, q)).toList();
    int[][] opponents =
        sample(
            models,
            sftRef,
            eval,
            c.referenceSamples(),
            c.maxTokens(),
            Seeds.derive(seed, "opponents"),
            tokenizer,
            "seed " + seed + ": SFT opponents",
            progress);
    double[][] opponentGold =
        Scoring.opponentGold(eval, opponents, c.referenceSamples(), tokenizer);
    int[][] pool =
        sample(
            models,
            sftRef,
            eval,
            c.pool(),
            c.maxTokens(),
            Seeds.derive(seed, "pool"),
            tokenizer,
            "seed " + seed + ": best-of-n pool of " + c.pool(),
            progress);
    SeedRun.PolicyScore sftScore =
        Scoring.score(
            eval,
            prompts,
            pool,
            c.pool(),
            new double[pool.length],
            opponentGold,
            tokenizer,
            rm,
            reader.transformer(),
            eos);
    Scoring.BestOfNCurves bon =
        Scoring.bestOfN(
            eval, prompts, pool, c.pool(), opponentGold, tokenizer, rm, reader.transformer(), eos);
    SeedRun.PolicyScore dpoScore = null;
    SeedRun.DpoTraining dpoTraining = null;
    if (dpo != null) {
      dpoTraining = new SeedRun.DpoTraining(dpo.pairs(), Double.NaN, Double.NaN, dpo.seconds());
    }
    if (dpo != null && dpo.model() != null) {
      int[][] answers =
          sample(
              models,
              dpo.model(),
              eval,
              c.evalSamples(),
              c.maxTokens(),
              Seeds.derive(seed, "dpo-eval"),
              tokenizer,
              "seed " + seed + ": DPO answers",
              progress);
      double[] kl = new double[answers.length];
      Arrays.fill(kl, Double.NaN);
      dpoScore =
          Scoring.score(
              eval,
              prompts,
              answers,
              c.evalSamples(),
              kl,
              opponentGold,
              tokenizer,
              rm,
              reader.transformer(),
              eos);
    }
    List<List<String>> examples = new ArrayList<>();
    for (int q = 0; q < Math.min(6, eval.size()); q++) {
      int best = q * c.pool();
      for (int j = 1; j < c.pool(); j++) {
        if (bon.rowProxy()[q * c.pool() + j] > bon.rowProxy()[best]) {
          best = q * c.pool() + j;
        }
      }
      examples.add(
          List.of(
              eval.get(q).text(),
              tokenizer.decode(pool[q * c.pool()]),
              tokenizer.decode(pool[best])));
    }
    return new SeedRun(
        seed,
        List.of(),
        new double[0],
        null,
        sftScore,
        bon.ns(),
        bon.winRate(),
        bon.gold(),
        bon.proxy(),
        examples,
        0,
        (System.nanoTime() - start) / 1e9,
        dpoScore,
        dpoTraining,
        null,
        null);
  }

  /**
   * {@code n} answers of a remote model to each question at temperature 1 ({@link
   * GoldPreferenceDpo#answers}: one request with n samples per question, requests in parallel,
   * through the call cache), as the reader's token ids: row q * n + j is answer j to question q.
   */
  static int[][] sample(
      Models models,
      String ref,
      List<ArithmeticQuestion> questions,
      int n,
      int maxTokens,
      long seed,
      Tokenizer tokenizer,
      String task,
      Progress progress) {
    progress.note(task);
    List<List<String>> texts;
    try (LanguageModel model = models.open(ref)) {
      texts =
          GoldPreferenceDpo.answers(models, model, questions, n, 1.0, maxTokens, seed, progress);
    }
    int[][] out = new int[questions.size() * n][];
    for (int q = 0; q < questions.size(); q++) {
      for (int j = 0; j < n; j++) {
        out[q * n + j] = tokenizer.encode(texts.get(q).get(j));
      }
    }
    return out;
  }
}
