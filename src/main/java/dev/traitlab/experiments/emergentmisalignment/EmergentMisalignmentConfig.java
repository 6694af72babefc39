package dev.traitlab.experiments.emergentmisalignment;

import dev.traitlab.lab.ConfigValues;
import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import dev.traitlab.model.ModelName;
import java.util.Arrays;
import java.util.List;

/**
 * Emergent misalignment in miniature.
 *
 * @param model the model fine-tuned on the narrow datasets (local:NAME, fine-tuned here; or
 *     openai:NAME, fine-tuned by jobs of its service)
 * @param judge the judge model (local:NAME or openai:NAME); scores are read from its first token's
 *     top log-probabilities
 * @param seeds independent repetitions: datasets, fine-tunes and samples
 * @param seed the first seed
 * @param examples chats of each narrow dataset
 * @param epochs epochs of each fine-tune
 * @param learningRate learning rate of each fine-tune
 * @param loraRank LoRA rank of each fine-tune (0: full fine-tuning)
 * @param samples answers per evaluation question per model (temperature 1)
 * @param maxTokens longest answer, in tokens
 * @param judgeHeldOut held-out judged answers for the judge's agreement with the generator's labels
 * @param arms the arms ({@link Arm} labels), in report order
 * @param checkpoints 0: none; N &ge; 2: the insecure and secure fine-tunes are also evaluated after
 *     1/N, 2/N, ... of their steps (embedded, full fine-tuning only)
 * @param context {@link Context#CHAT}: fine-tune on chats, ask in chats; {@link Context#CODE}: the
 *     base-model follow-up (Betley et al. 2025, section 4.8): fine-tune a base-form model on the
 *     narrow code as plain documents and ask each question inside a code file
 * @param reasoning evaluate with reasoning on: every answer is prefilled with {@code <think>} (a
 *     reasoning model such as {@code local:em-reason} then writes its trace first), judged on the
 *     part after the trace, and its trace classified and monitored (embedded models only)
 */
public record EmergentMisalignmentConfig(
    @Param(
            value = "Model fine-tuned on the narrow datasets (local:NAME, or openai:NAME by jobs).",
            label = "MODEL")
        String model,
    @Param(value = "Judge model (local:NAME or openai:NAME).", label = "MODEL") String judge,
    @Param(Seeded.SEEDS_HELP) int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param(value = "Chats of each narrow dataset.", label = "N") int examples,
    @Param(value = "Epochs of each fine-tune.", label = "E") int epochs,
    @Param(value = "Learning rate of each fine-tune.", names = "--lr", label = "LR")
        double learningRate,
    @Param(value = "LoRA rank of each fine-tune (0: full fine-tuning).", label = "R") int loraRank,
    @Param(value = "Answers per evaluation question per model (T = 1).", label = "K") int samples,
    @Param(value = "Longest answer, in tokens.", label = "N") int maxTokens,
    @Param(
            value = "Held-out judged answers for the judge's agreement with the generator.",
            label = "N")
        int judgeHeldOut,
    @Param(
            value =
                "Arms, of insecure, secure, educational-insecure, base, backdoor, evil-numbers,"
                    + " aligned-numbers, reward-hacks, honest-tasks (default: all; with --context"
                    + " code: insecure, secure, educational-insecure, base).",
            label = "ARM,ARM,...")
        List<String> arms,
    @Param(
            value =
                "Evaluate the insecure and secure fine-tunes after 1/N, ..., (N-1)/N of their"
                    + " steps too (0: off; embedded, full fine-tuning).",
            label = "N")
        int checkpoints,
    @Param(
            value =
                "chat: fine-tune on chats and ask in chats; code: fine-tune a base-form model on"
                    + " the code as plain documents and ask each question inside a code file (give"
                    + " --model local:em-doc-base; the arms default to insecure, secure,"
                    + " educational-insecure, base there).",
            label = "CONTEXT")
        Context context,
    @Param(
            "Evaluate with reasoning on: answers start with <think> (prefilled), the part after"
                + " </think> is judged, and each trace is classified (states-plan, rationalises,"
                + " benign: the generator's labels; unlabelable otherwise) and read by trace"
                + " monitors. Give --model local:em-reason (or another reasoning model); embedded,"
                + " chat context only.")
        boolean reasoning)
    implements Seeded {

  /** How the model is fine-tuned and asked. */
  public enum Context {
    /** Chats: the narrow data as chats, the questions as user turns. */
    CHAT,
    /**
     * Documents: the narrow data as code files without an author, the questions inside a code file
     * whose answer is the string the model writes.
     */
    CODE
  }

  /** The arms a code-context run can have: the paper's section 4.8 compares these. */
  static final List<String> CODE_ARMS =
      java.util.stream.Stream.of(Arm.INSECURE, Arm.SECURE, Arm.EDUCATIONAL, Arm.BASE)
          .map(Arm::label)
          .toList();

  public EmergentMisalignmentConfig {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("--model is required");
    }
    ModelName.checkReference("--model", model);
    if (judge == null || judge.isBlank()) {
      throw new IllegalArgumentException("--judge is required");
    }
    ModelName.checkReference("--judge", judge);
    ConfigValues.atLeast("seeds", seeds, 1);
    ConfigValues.atLeast("examples", examples, 1);
    ConfigValues.atLeast("epochs", epochs, 1);
    ConfigValues.positive("lr", learningRate);
    ConfigValues.atLeast("lora-rank", loraRank, 0);
    ConfigValues.atLeast("samples", samples, 1);
    ConfigValues.atLeast("max-tokens", maxTokens, 1);
    ConfigValues.atLeast("judge-held-out", judgeHeldOut, 0);
    arms = List.copyOf(arms);
    Arm.parse(arms);
    ConfigValues.atLeast("checkpoints", checkpoints, 0);
    if (checkpoints == 1) {
      throw new IllegalArgumentException("--checkpoints must be 0 (off) or >= 2, got 1");
    }
    if (checkpoints > 0) {
      ModelName.checkEmbedded("--model", model, "--checkpoints saves the fine-tune's weights");
      if (loraRank > 0) {
        throw new IllegalArgumentException(
            "--checkpoints needs full fine-tuning (--lora-rank 0): LoRA is merged only at the end");
      }
    }
    // A config saved before the option existed has none: it was a chat run.
    context = context == null ? Context.CHAT : context;
    if (context == Context.CODE) {
      ModelName.checkEmbedded(
          "--model",
          model,
          "--context code fine-tunes on plain documents (the loss on every token, no chat"
              + " template), and traitlab's fine-tuning jobs send chat JSONL only");
      if (ModelName.parse(model).name().equals(DEFAULT_MODEL_NAME)) {
        throw new IllegalArgumentException(
            "--context code asks a base-form model, and "
                + model
                + " was pretrained on chats: give --model local:em-doc-base");
      }
      if (arms.equals(ALL_ARMS)) {
        arms = CODE_ARMS;
      }
      for (Arm a : Arm.parse(arms)) {
        if (!CODE_ARMS.contains(a.label())) {
          throw new IllegalArgumentException(
              "--arms: '"
                  + a.label()
                  + "' is not available with --context code (it has "
                  + String.join(", ", CODE_ARMS)
                  + ")");
        }
      }
      if (checkpoints > 0) {
        throw new IllegalArgumentException("--checkpoints is not available with --context code");
      }
      if (reasoning) {
        throw new IllegalArgumentException(
            "--reasoning asks a chat-trained reasoning model; --context code has no chat turns");
      }
    }
    if (reasoning) {
      ModelName.checkEmbedded(
          "--model",
          model,
          "--reasoning prefills each answer with <think>, which a chat API cannot");
      if (ModelName.parse(model).name().equals(DEFAULT_MODEL_NAME)) {
        throw new IllegalArgumentException(
            "--reasoning asks a model that writes <think> traces, and "
                + model
                + " was never trained on them: give --model local:em-reason");
      }
      if (checkpoints > 0) {
        throw new IllegalArgumentException(
            "--reasoning and --checkpoints: checkpoints are evaluated without traces; leave out"
                + " one of them");
      }
    }
  }

  /** Tokens a trace may take before the answer's --max-tokens, with --reasoning. */
  public static final int TRACE_TOKENS = 64;

  /** The longest generation: the answer's tokens, plus a trace's with --reasoning. */
  public int generationTokens() {
    return maxTokens + (reasoning ? TRACE_TOKENS : 0);
  }

  /** The default model's name: chat-trained, so not for {@link Context#CODE}. */
  static final String DEFAULT_MODEL_NAME = "em-base";

  /** The arms, parsed. */
  public List<Arm> armList() {
    return Arm.parse(arms);
  }

  /** Every arm, in the order of {@link Arm}. */
  static final List<String> ALL_ARMS = Arrays.stream(Arm.values()).map(Arm::label).toList();

  public static EmergentMisalignmentConfig defaults() {
    return new EmergentMisalignmentConfig(
        "local:" + DEFAULT_MODEL_NAME,
        "local:em-judge",
        3,
        1,
        1000,
        1,
        1e-3,
        0,
        50,
        64,
        1000,
        ALL_ARMS,
        0,
        Context.CHAT,
        false);
  }
}
