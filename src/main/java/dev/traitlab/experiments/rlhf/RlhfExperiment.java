package dev.traitlab.experiments.rlhf;

import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatJsonl;
import dev.traitlab.data.toyworld.ArithmeticQuestion;
import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stage;
import dev.traitlab.model.FineTunable;
import dev.traitlab.model.Models;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.tuning.TuneSettings;
import dev.traitlab.nn.train.DpoResult;
import dev.traitlab.nn.train.PreferencePair;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.rl.lm.PolicySamples;
import dev.traitlab.text.SpecialTokens;
import dev.traitlab.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The InstructGPT pipeline (Ouyang et al. 2022, arXiv:2203.02155) in the toy world: SFT of the
 * embedded base model on demonstrations (arithmetic questions answered "a op b = result"), a reward
 * model from K-way rankings of the SFT policy's answers by the gold preference ({@link
 * dev.traitlab.data.toyworld.ArithmeticGold}), trained with the pairwise loss over all C(K, 2)
 * pairs of a ranking as one batch element, then token-level PPO ({@link
 * dev.traitlab.rl.lm.LmPpoTrainer}) from the SFT model against the reward model with a per-token KL
 * penalty to it; best-of-n against the same reward model, and DPO from the SFT model on the same
 * rankings' best-vs-worst pairs, beside it. The comparison: the gold win rate of each policy's
 * answers over the SFT policy's on held-out questions, with Student-t intervals over seeds. On a
 * remote model ({@code openai:NAME}) the API's part of the pipeline runs ({@link RemotePipeline}):
 * SFT and DPO as fine-tuning jobs, best-of-n by sampling; PPO is embedded only.
 */
public final class RlhfExperiment implements Experiment<RlhfConfig, RlhfResult> {
  public static final String NAME = "rlhf";

  /** Changes with the demonstrations' recipe, so that an older SFT stage is not reused. */
  static final String SFT_RECIPE = "arithmetic-worked-v1";

  private static final String DPO_SUMMARY = "dpo-training.json";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "The InstructGPT pipeline (Ouyang et al. 2022) in miniature: SFT, a reward model from"
        + " K-way rankings, PPO with a per-token KL penalty; gold win rate over SFT, best-of-n"
        + " and DPO beside it.";
  }

  @Override
  public List<String> description() {
    return List.of(
        "Gold preference: a hand-written scorer of arithmetic answers (right number, working shown"
            + " on the question's operands, nothing malformed). SFT: --demonstrations questions"
            + " answered \"a op b = result\". Reward model: the SFT policy answers --rm-prompts"
            + " questions --rank-k times, the gold ranks each set, an MLP head (--rm-width) over"
            + " the frozen SFT model's last-block activations learns from all C(K,2) pairs of each"
            + " ranking (InstructGPT's loss; 10% of questions held out), recentred so SFT answers"
            + " average 0.",
        "PPO (rl.lm, TRL's recipe): --rollouts answers per step, per-token KL penalty --beta to"
            + " the SFT model (adaptive with --kl-target), reward at the last token, value head,"
            + " GAE (gamma 1, lambda 0.95), clip 0.2, --ppo-epochs x --minibatches, full update."
            + " Evaluation per seed on fresh questions: gold win rate over SFT answers (ties 1/2)"
            + " of PPO and of best-of-n against the reward model (unbiased estimator over a pool,"
            + " KL_bon = ln n - (n-1)/n); per-step diagnostics plotted. --ppo-ptx GAMMA adds"
            + " InstructGPT's pretraining term (gamma times the log-likelihood of fresh toy-world"
            + " chats, as many per minibatch as it has rollouts); the alignment tax is the held-out"
            + " pretraining NLL of PPO minus SFT's.",
        "DPO (Rafailov et al. 2023) on the same preferences: from the SFT model, on each training"
            + " question's gold-best vs gold-worst ranked answer (all-tied rankings give no pair),"
            + " --dpo-beta, --dpo-epochs, --dpo-lr, batch 8; scored on the evaluation questions as"
            + " PPO is (gold win rate over SFT, KL to SFT). --dpo-beta 0 leaves it out.",
        "Remote (-m openai:NAME --base-url URL): SFT by a fine-tuning job on the same"
            + " demonstrations; the remote SFT model's K answers per question (one request, n ="
            + " K) ranked by the gold; the reward head over a local --reader model's activations"
            + " of the answers' text; per seed best-of-n over a pool of remote SFT answers and a"
            + " DPO fine-tuning job (method dpo) on the same best-vs-worst pairs, scored as"
            + " embedded. PPO is embedded only (it needs per-token log-probs and gradients of the"
            + " policy) and is not run; nor is the DPO model's KL to SFT measured.");
  }

  @Override
  public Class<RlhfConfig> configType() {
    return RlhfConfig.class;
  }

  @Override
  public Class<RlhfResult> resultType() {
    return RlhfResult.class;
  }

  @Override
  public RlhfConfig defaults() {
    return RlhfConfig.defaults();
  }

  @Override
  public List<Long> seeds(RlhfConfig config) {
    return config.seedList();
  }

  @Override
  public boolean usesModels() {
    return true;
  }

  @Override
  public void prepare(RlhfConfig config, Lab lab) {
    // A remote run reads the answers through the local reader; an embedded one through its SFT
    // model, made from --model.
    lab.models()
        .ensureAvailable(config.isRemote() ? config.reader() : config.model(), lab.progress());
  }

  static List<ChatExample> demonstrations(int n, long seed) {
    List<ChatExample> out = new ArrayList<>(n);
    for (ArithmeticQuestion q : Answers.questions(n, seed)) {
      out.add(ChatExample.of(null, q.text(), q.worked()));
    }
    return out;
  }

  /** What the SFT stage depends on. */
  static Map<String, Object> sftInputs(Models models, RlhfConfig c, TuneSettings tune) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("base", models.identity(c.model()));
    in.put("demonstrations", c.demonstrations());
    in.put("recipe", SFT_RECIPE);
    in.put("tune", tune);
    in.put("seed", c.seed());
    return in;
  }

  /**
   * SFT of --model on the demonstrations (written to {@code dir} as train.jsonl): in process into
   * {@code dir} for an embedded model, by a fine-tuning job for a remote one.
   *
   * @return the SFT model's name
   */
  static String fineTuneSft(
      RlhfConfig c, Models models, TuneSettings tune, Path dir, Progress progress) {
    List<ChatExample> data =
        demonstrations(c.demonstrations(), Seeds.derive(c.seed(), "demonstrations"));
    Path jsonl = dir.resolve("train.jsonl");
    ChatJsonl.write(jsonl, data);
    return models.fineTune(
        c.model(),
        FineTunable.conversations(data),
        jsonl,
        tune,
        Seeds.derive(c.seed(), "sft"),
        "sft",
        dir,
        progress);
  }

  @Override
  public RlhfResult run(RlhfConfig config, RunContext context) {
    if (config.isRemote()) {
      return RemotePipeline.run(config, context);
    }
    Models models = context.lab().models();
    TuneSettings tune =
        new TuneSettings(config.sftEpochs(), 16, config.sftLearningRate(), null, 0, 0);
    Stage<Path> sft =
        context
            .stages()
            .files(
                "sft",
                sftInputs(models, config, tune),
                dir -> fineTuneSft(config, models, tune, dir, context.progress()));
    try (EmbeddedModel sftModel = EmbeddedModel.load(sft.dir(), Models.embeddedAt(sft.dir()))) {
      Tokenizer tokenizer = sftModel.tokenizer();
      TransformerModel reference = sftModel.transformer();
      int eos = tokenizer.id(SpecialTokens.IM_END);
      Map<String, Object> rmInputs = new LinkedHashMap<>();
      rmInputs.put("sft", sft.key());
      rmInputs.put("questions", config.rmPrompts());
      rmInputs.put("k", config.rankK());
      rmInputs.put("maxTokens", config.maxTokens());
      rmInputs.put("seed", config.seed());
      Stage<RankedAnswers> ranked =
          context
              .stages()
              .value(
                  "ranked-answers",
                  rmInputs,
                  RankedAnswers.class,
                  dir -> {
                    context
                        .progress()
                        .note(
                            "sampling "
                                + config.rankK()
                                + " SFT answers to each of "
                                + config.rmPrompts()
                                + " questions");
                    List<ArithmeticQuestion> qs =
                        Answers.questions(
                            config.rmPrompts(), Seeds.derive(config.seed(), "rm-questions"));
                    List<int[]> prompts =
                        qs.stream().map(q -> Answers.prompt(tokenizer, q)).toList();
                    PolicySamples.Sampled s =
                        PolicySamples.sample(
                            reference,
                            prompts,
                            config.rankK(),
                            config.maxTokens(),
                            eos,
                            Seeds.derive(config.seed(), "rm-answers"));
                    return new RankedAnswers(qs, config.rankK(), s.tokens());
                  });
      long rmStart = System.nanoTime();
      try (RewardModelFit rm =
          RewardModelFit.train(config, ranked.value(), reference, tokenizer, eos)) {
        double rmSeconds = (System.nanoTime() - rmStart) / 1e9;
        List<SeedRun> runs = new ArrayList<>();
        for (long seed : config.seedList()) {
          Map<String, Object> in = new LinkedHashMap<>();
          in.put("sft", sft.key());
          in.put("ranked", ranked.key());
          in.put("rmWidth", config.rmWidth());
          in.put("rmEpochs", config.rmEpochs());
          in.putAll(ppoInputs(config));
          in.put("seed", seed);
          Stage<Path> dpo = null;
          if (config.dpoBeta() > 0) {
            Map<String, Object> dpoIn = new LinkedHashMap<>();
            dpoIn.put("sft", sft.key());
            dpoIn.put("ranked", ranked.key());
            dpoIn.put("beta", config.dpoBeta());
            dpoIn.put("epochs", config.dpoEpochs());
            dpoIn.put("lr", config.dpoLearningRate());
            dpoIn.put("pairs", "best-vs-worst-v1");
            dpoIn.put("seed", seed);
            dpo =
                context
                    .stages()
                    .files(
                        "dpo-seed" + seed,
                        dpoIn,
                        dir -> {
                          List<PreferencePair> pairs = DpoArm.pairs(ranked.value(), tokenizer, eos);
                          DpoResult r =
                              DpoArm.train(config, sft.dir(), pairs, seed, dir, context.progress());
                          Json.write(
                              dir.resolve(DPO_SUMMARY),
                              new SeedRun.DpoTraining(
                                  pairs.size(),
                                  r.finalLoss(),
                                  r.steps().getLast().rewardAccuracy(),
                                  r.seconds()));
                        });
            in.put("dpo", dpo.key());
          }
          Path dpoDir = dpo == null ? null : dpo.dir();
          SeedRun.DpoTraining dpoTraining =
              dpo == null
                  ? null
                  : Json.read(dpo.dir().resolve(DPO_SUMMARY), SeedRun.DpoTraining.class);
          runs.add(
              context
                  .stages()
                  .value(
                      "ppo-seed" + seed,
                      in,
                      SeedRun.class,
                      dir ->
                          PpoRun.run(
                              config,
                              sft.dir(),
                              reference,
                              tokenizer,
                              eos,
                              rm.model(),
                              seed,
                              dpoDir,
                              dpoTraining,
                              context.progress()))
                  .value());
        }
        return new RlhfResult(
            config, rm.summary(), runs, rmSeconds, context.stages().records(), null);
      }
    }
  }

  /** What a seed's PPO run and evaluation depend on beyond the SFT model and the rankings. */
  static Map<String, Object> ppoInputs(RlhfConfig c) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("ppoSteps", c.ppoSteps());
    in.put("rollouts", c.rollouts());
    in.put("ppoEpochs", c.ppoEpochs());
    in.put("minibatches", c.minibatches());
    in.put("ppoLr", c.ppoLearningRate());
    in.put("beta", c.klCoefficient());
    in.put("klTarget", c.klTarget());
    in.put("evalPrompts", c.evalPrompts());
    in.put("evalSamples", c.evalSamples());
    in.put("referenceSamples", c.referenceSamples());
    in.put("pool", c.pool());
    in.put("maxTokens", c.maxTokens());
    in.put("ppoRecipe", "trl-like-v1");
    if (c.ppoPtx() > 0) {
      // Only when set, so that plain-PPO stages cached before the option existed stay valid.
      in.put("ppoPtx", c.ppoPtx());
    }
    return in;
  }

  @Override
  public HtmlReport report(String runId, RlhfResult result) {
    return RlhfReport.build(runId, result);
  }

  @Override
  public String textSummary(RlhfResult result) {
    return RlhfReport.textSummary(result);
  }

  @Override
  public Map<String, Double> metrics(RlhfResult result) {
    return RlhfReport.metrics(result);
  }
}
