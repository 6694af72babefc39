package dev.traitlab.experiments.rlhf;

import static dev.traitlab.lab.ConfigValues.atLeast;
import static dev.traitlab.lab.ConfigValues.positive;

import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import dev.traitlab.model.ModelName;
import dev.traitlab.model.Models;

/**
 * The RLHF pipeline in miniature. Defaults take a few minutes on 2 cores.
 *
 * @param seeds PPO runs (each with its own sampling, minibatch order, evaluation questions and
 *     best-of-n pool); the SFT model and the reward model are shared
 * @param seed the first seed (seed i is seed + i); SFT and the reward model derive from it
 * @param model the pretrained model that SFT starts from: {@code local:NAME} runs the whole
 *     pipeline in process; {@code openai:NAME} (with {@code --base-url}) runs SFT and DPO as
 *     fine-tuning jobs and best-of-n by sampling, and no PPO (embedded only)
 * @param reader for a remote model, the local model whose frozen last-block activations of the
 *     remote answers' text the reward head reads (an API gives no activations); embedded runs read
 *     the SFT model itself and ignore it
 * @param demonstrations SFT examples: arithmetic questions answered "a op b = result"
 * @param sftEpochs passes of SFT over the demonstrations
 * @param sftLearningRate AdamW step size of SFT
 * @param rmPrompts questions whose K sampled answers the gold ranks (10% held out)
 * @param rankK answers ranked per question (all C(K, 2) pairs compared)
 * @param rmWidth hidden width of the reward head over the SFT model's activations (0: linear)
 * @param rmEpochs passes of the reward model over its rankings (InstructGPT: 1)
 * @param ppoSteps PPO steps per seed
 * @param rollouts prompts (one response each) per PPO step
 * @param ppoEpochs passes over each step's rollouts
 * @param minibatches minibatches per pass
 * @param ppoLearningRate AdamW step size of PPO (policy and value head)
 * @param klCoefficient beta of the per-token KL penalty (its start value when adaptive)
 * @param klTarget target KL (nats per response) of the adaptive controller; 0: fixed beta
 * @param evalPrompts held-out questions per seed on which policies are compared
 * @param evalSamples PPO answers per evaluation question
 * @param referenceSamples SFT answers per evaluation question that the win rate compares against
 * @param pool SFT answers per evaluation question for best-of-n (n up to the pool)
 * @param maxTokens longest answer sampled, in tokens
 * @param dpoBeta beta of the DPO arm (Rafailov et al. 2023; TRL's default 0.1); 0 skips the arm
 * @param dpoEpochs DPO passes over the gold rankings' best-vs-worst pairs
 * @param dpoLearningRate AdamW step size of DPO
 * @param ppoPtx gamma of InstructGPT's pretraining mix (PPO-ptx): each PPO minibatch's loss adds
 *     gamma times the mean per-token NLL of as many fresh toy-world pretraining chats as it has
 *     rollouts (InstructGPT: 27.8, with 8x the examples); 0: plain PPO, as before
 */
public record RlhfConfig(
    @Param(Seeded.SEEDS_HELP) int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param(
            value =
                "The pretrained model SFT starts from: local:NAME (the whole pipeline) or"
                    + " openai:NAME with --base-url (SFT, best-of-n and DPO through the API; PPO is"
                    + " embedded only).",
            names = {"--model", "-m"},
            label = "MODEL")
        String model,
    @Param(
            value =
                "Local model whose activations the reward head reads, for a remote --model"
                    + " (embedded runs read the SFT model).",
            label = "MODEL")
        String reader,
    @Param(value = "SFT demonstrations (arithmetic questions, worked answers).", label = "D")
        int demonstrations,
    @Param(value = "SFT epochs.", label = "E") int sftEpochs,
    @Param(value = "SFT learning rate.", names = "--sft-lr") double sftLearningRate,
    @Param(value = "Questions whose K answers the gold ranks for the reward model.", label = "Q")
        int rmPrompts,
    @Param(value = "Answers ranked per question (all C(K,2) pairs).", label = "K") int rankK,
    @Param(value = "Hidden width of the reward head (0: linear).", label = "W") int rmWidth,
    @Param(value = "Reward-model epochs over its rankings.", label = "E") int rmEpochs,
    @Param(value = "PPO steps per seed.", label = "S") int ppoSteps,
    @Param(value = "Prompts (one response each) per PPO step.", label = "B") int rollouts,
    @Param(value = "PPO epochs over each step's rollouts.", label = "E") int ppoEpochs,
    @Param(value = "PPO minibatches per epoch.", label = "M") int minibatches,
    @Param(value = "PPO learning rate.", names = "--ppo-lr") double ppoLearningRate,
    @Param(value = "KL coefficient beta (start value when adaptive).", names = "--beta")
        double klCoefficient,
    @Param(value = "Adaptive KL target in nats per answer (0: fixed beta).", label = "NATS")
        double klTarget,
    @Param(value = "Held-out questions per seed for the comparison.", label = "P") int evalPrompts,
    @Param(value = "PPO answers per evaluation question.", label = "N") int evalSamples,
    @Param(value = "SFT answers per evaluation question (the win rate's opponents).", label = "N")
        int referenceSamples,
    @Param(value = "SFT answers per evaluation question for best-of-n.", label = "N") int pool,
    @Param(value = "Longest answer sampled, in tokens.", label = "T") int maxTokens,
    @Param(value = "DPO arm's beta (0: no DPO arm).", label = "BETA") double dpoBeta,
    @Param(value = "DPO epochs over the best-vs-worst pairs.", label = "E") int dpoEpochs,
    @Param(value = "DPO learning rate.", names = "--dpo-lr") double dpoLearningRate,
    @Param(
            value =
                "PPO-ptx: gamma of the pretraining-corpus log-likelihood term in PPO's objective"
                    + " (InstructGPT 27.8; 0: plain PPO).",
            names = "--ppo-ptx",
            label = "GAMMA")
        double ppoPtx)
    implements Seeded {

  public RlhfConfig {
    atLeast("seeds", seeds, 1);
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("--model: name a model, e.g. " + Models.DEFAULT_BASE);
    }
    ModelName.checkReference("--model", model);
    // The reward head reads activations, which only an embedded model gives.
    ModelName.checkEmbedded("--reader", reader, "the reward head reads its activations");
    atLeast("demonstrations", demonstrations, 1);
    atLeast("sft-epochs", sftEpochs, 1);
    positive("sft-lr", sftLearningRate);
    atLeast("rm-prompts", rmPrompts, 10);
    atLeast("rank-k", rankK, 2);
    atLeast("rm-width", rmWidth, 0);
    atLeast("rm-epochs", rmEpochs, 1);
    atLeast("ppo-steps", ppoSteps, 1);
    atLeast("rollouts", rollouts, 2);
    atLeast("ppo-epochs", ppoEpochs, 1);
    atLeast("minibatches", minibatches, 1);
    if (minibatches > rollouts) {
      throw new IllegalArgumentException(
          "--minibatches (" + minibatches + ") cannot exceed --rollouts (" + rollouts + ")");
    }
    positive("ppo-lr", ppoLearningRate);
    if (!(klCoefficient >= 0) || Double.isInfinite(klCoefficient)) {
      throw new IllegalArgumentException("--beta must be >= 0, got " + klCoefficient);
    }
    if (!(klTarget >= 0) || Double.isInfinite(klTarget)) {
      throw new IllegalArgumentException("--kl-target must be >= 0 (0: fixed), got " + klTarget);
    }
    atLeast("eval-prompts", evalPrompts, 2);
    atLeast("eval-samples", evalSamples, 1);
    atLeast("reference-samples", referenceSamples, 1);
    atLeast("pool", pool, 2);
    atLeast("max-tokens", maxTokens, 1);
    if (!(dpoBeta >= 0) || Double.isInfinite(dpoBeta)) {
      throw new IllegalArgumentException("--dpo-beta must be >= 0 (0: no DPO arm), got " + dpoBeta);
    }
    atLeast("dpo-epochs", dpoEpochs, 1);
    positive("dpo-lr", dpoLearningRate);
    if (!(ppoPtx >= 0) || Double.isInfinite(ppoPtx)) {
      throw new IllegalArgumentException("--ppo-ptx must be >= 0 (0: plain PPO), got " + ppoPtx);
    }
    // (Fields are assigned after the compact constructor, so the parameter is read here.)
    if (!ModelName.parse(model).isEmbedded()) {
      // Each question's answers are one request with n samples; OpenAI's API (and traitlab serve)
      // take n up to 128.
      atMost("rank-k", rankK, MAX_N);
      atMost("pool", pool, MAX_N);
      atMost("reference-samples", referenceSamples, MAX_N);
      atMost("eval-samples", evalSamples, MAX_N);
    }
  }

  /** The most samples one chat request may ask for (OpenAI's limit on {@code n}). */
  static final int MAX_N = 128;

  /**
   * The learning rates the defaults use: a remote fine-tuning job is told --sft-lr / SFT_LR (and
   * --dpo-lr / DPO_LR) as its learning-rate multiplier, so on traitlab serve (whose base rates
   * these are) a remote run trains at the embedded run's rate.
   */
  static final double SFT_LR = 1e-3;

  static final double DPO_LR = 1e-4;

  /** Whether SFT starts from a model behind an API (no PPO; SFT and DPO as fine-tuning jobs). */
  boolean isRemote() {
    return !ModelName.parse(model).isEmbedded();
  }

  private static void atMost(String option, int value, int max) {
    if (value > max) {
      throw new IllegalArgumentException(
          "--"
              + option
              + " must be at most "
              + max
              + " for a remote model (one request's n), got "
              + value);
    }
  }

  public static RlhfConfig defaults() {
    return new RlhfConfig(
        3,
        0,
        Models.DEFAULT_BASE,
        Models.DEFAULT_BASE,
        400,
        1,
        SFT_LR,
        2000,
        4,
        32,
        2,
        60,
        64,
        4,
        4,
        1e-4,
        0.05,
        0,
        64,
        4,
        16,
        128,
        16,
        0.1,
        1,
        DPO_LR,
        0);
  }
}
