package dev.traitlab.model.tuning;

import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.chat.PreferenceExample;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.nn.lora.LoraSettings;
import dev.traitlab.nn.train.DpoResult;
import dev.traitlab.nn.train.DpoSettings;
import dev.traitlab.nn.train.DpoStepStats;
import dev.traitlab.nn.train.DpoTrainer;
import dev.traitlab.nn.train.PreferencePair;
import dev.traitlab.nn.train.TeacherTargets;
import dev.traitlab.nn.train.TrainingExample;
import dev.traitlab.nn.train.TrainingProgress;
import dev.traitlab.nn.train.TrainingResult;
import dev.traitlab.nn.train.TrainingSettings;
import dev.traitlab.nn.train.TransformerTrainer;
import dev.traitlab.text.ChatTemplate;
import dev.traitlab.text.TokenizedChat;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way an embedded model is fine-tuned, whoever asks: experiments through {@link
 * dev.traitlab.model.Models}, {@code traitlab serve}'s fine-tuning jobs through {@link
 * dev.traitlab.model.FineTunableEmbeddedModel}.
 */
public final class EmbeddedTuner {
  private EmbeddedTuner() {}

  /**
   * Trains {@code model} in place on the conversations' assistant turns (ChatML loss mask), with
   * the engine's trainer: AdamW, warm-up and decay, batches of min(batch size, conversations),
   * shuffled from the seed; sequences longer than the model's context are cut. Reports as one task
   * of {@code progress} ({@code "training loss=L"} per step) and stops with {@link
   * java.util.concurrent.CancellationException} once it is cancelled.
   */
  public static TrainingResult train(
      EmbeddedModel model,
      List<List<ChatMessage>> conversations,
      TuneSettings settings,
      TuneLoss loss,
      long seed,
      String task,
      Progress progress) {
    return train(model, conversations, settings, loss, seed, task, progress, null);
  }

  /**
   * As {@link #train(EmbeddedModel, List, TuneSettings, TuneLoss, long, String, Progress)}, and
   * {@code afterStep} (null: none) is told after every optimiser step (step 1-based, total steps);
   * with full fine-tuning (LoRA rank 0) the model's weights are then those of that step, so it may
   * save a checkpoint (with LoRA the adapters are merged only at the end).
   */
  public static TrainingResult train(
      EmbeddedModel model,
      List<List<ChatMessage>> conversations,
      TuneSettings settings,
      TuneLoss loss,
      long seed,
      String task,
      Progress progress,
      java.util.function.BiConsumer<Integer, Integer> afterStep) {
    EmbeddedModel teacher = loss instanceof TuneLoss.Distillation d ? d.teacher() : null;
    String teacherSystem = loss instanceof TuneLoss.Distillation d ? d.teacherSystem() : null;
    List<TrainingExample> examples = new ArrayList<>(conversations.size());
    Map<TrainingExample, int[]> teacherTokens = new IdentityHashMap<>();
    for (List<ChatMessage> conversation : conversations) {
      TokenizedChat chat = ChatTemplate.encodeForTraining(model.tokenizer(), conversation);
      TrainingExample example = new TrainingExample(chat.ids(), chat.lossMask());
      examples.add(example);
      if (teacher != null) {
        teacherTokens.put(example, teacherSequence(teacher, teacherSystem, conversation, chat));
      }
    }
    TrainingSettings.Builder s = trainingSettings(model, settings, seed, examples.size());
    TrainingProgress report = TrainingProgress.reporting(progress, task);
    TrainingResult result =
        TransformerTrainer.train(
            model.transformer(),
            examples,
            s.build(),
            afterStep == null
                ? report
                : (step, total, l, lr) -> {
                  report.onStep(step, total, l, lr);
                  afterStep.accept(step, total);
                },
            teacher == null
                ? null
                : new TeacherTargets(
                    teacher.transformer(), e -> teacherTokens.getOrDefault(e, e.tokens())));
    progress.finish();
    return result;
  }

  /**
   * Trains {@code model} in place on plain documents, the loss on every token (no chat template:
   * continued pretraining of a base-form model), with the same trainer and settings as {@link
   * #train(EmbeddedModel, List, TuneSettings, TuneLoss, long, String, Progress)}; a document longer
   * than the model's context keeps its first tokens.
   *
   * @throws IllegalArgumentException when there are no documents or one encodes to no tokens
   */
  public static TrainingResult trainDocuments(
      EmbeddedModel model,
      List<String> documents,
      TuneSettings settings,
      long seed,
      String task,
      Progress progress) {
    if (documents.isEmpty()) {
      throw new IllegalArgumentException("fine-tuning on documents needs at least one document");
    }
    int context = model.transformer().config().maxPositionEmbeddings();
    List<TrainingExample> examples = new ArrayList<>(documents.size());
    for (int i = 0; i < documents.size(); i++) {
      int[] ids = model.tokenizer().encode(documents.get(i));
      if (ids.length == 0) {
        throw new IllegalArgumentException("document " + i + " has no tokens");
      }
      examples.add(
          TrainingExample.allTokens(
              ids.length > context ? java.util.Arrays.copyOf(ids, context) : ids));
    }
    TrainingResult result =
        TransformerTrainer.train(
            model.transformer(),
            examples,
            trainingSettings(model, settings, seed, examples.size()).build(),
            TrainingProgress.reporting(progress, task));
    progress.finish();
    return result;
  }

  private static TrainingSettings.Builder trainingSettings(
      EmbeddedModel model, TuneSettings settings, long seed, int examples) {
    TrainingSettings.Builder s =
        TrainingSettings.builder()
            .optEpochs(settings.epochs())
            .optBatchSize(Math.min(settings.batchSize(), examples))
            .optLearningRate(settings.learningRate())
            .optSeed(seed)
            .optMaxSequenceLength(model.transformer().config().maxPositionEmbeddings());
    if (settings.loraRank() > 0) {
      s.optLora(
          new LoraSettings(settings.loraRank(), settings.loraAlpha(), LoraSettings.ALL_LINEAR));
      s.optMergeLora(true);
    }
    return s;
  }

  /**
   * Trains {@code model} in place by DPO ({@link DpoTrainer}: the frozen starting model is the
   * reference) on the preferences: for each, the input as the prompt (ChatML, ending with the
   * assistant header) and the preferred and non-preferred replies as the responses ({@link
   * ChatTemplate#encodeForPreference}). AdamW at the settings' learning rate with linear decay and
   * no warm-up (TRL's defaults), weight decay 0, batches of min(batch size, preferences) pairs
   * shuffled from the seed; LoRA when the settings give a rank (merged at the end). Reports as one
   * task of {@code progress} ({@code "dpo loss=L accuracy=A margin=M"} per step) and stops with
   * {@link java.util.concurrent.CancellationException} once it is cancelled.
   */
  public static DpoResult trainPreferences(
      EmbeddedModel model,
      List<PreferenceExample> preferences,
      TuneSettings settings,
      double beta,
      long seed,
      String task,
      Progress progress) {
    List<PreferencePair> pairs = preferencePairs(model, preferences);
    TrainingSettings.Builder s =
        trainingSettings(model, settings, seed, pairs.size()).optWarmupSteps(0).optWeightDecay(0);
    DpoStepStats[] last = {null};
    DpoResult result =
        DpoTrainer.train(
            model.transformer(),
            pairs,
            new DpoSettings(beta, s.build()),
            TrainingProgress.reporting(
                progress,
                task,
                loss ->
                    String.format(
                        "dpo loss=%.4f accuracy=%.2f margin=%.4f",
                        loss, last[0].rewardAccuracy(), last[0].rewardMargin())),
            st -> last[0] = st);
    progress.finish();
    return result;
  }

  /**
   * The preferences as token pairs in the model's chat template (see {@link #trainPreferences}).
   */
  public static List<PreferencePair> preferencePairs(
      EmbeddedModel model, List<PreferenceExample> preferences) {
    List<PreferencePair> pairs = new ArrayList<>(preferences.size());
    for (PreferenceExample p : preferences) {
      TokenizedChat chosen =
          ChatTemplate.encodeForPreference(model.tokenizer(), p.input(), p.preferred().content());
      TokenizedChat rejected =
          ChatTemplate.encodeForPreference(
              model.tokenizer(), p.input(), p.nonPreferred().content());
      pairs.add(
          new PreferencePair(
              new TrainingExample(chosen.ids(), chosen.lossMask()),
              new TrainingExample(rejected.ids(), rejected.lossMask())));
    }
    return pairs;
  }

  /**
   * The teacher's tokens for a student's training conversation: with its system prompt in front.
   * The student's tokens must end both, token for token, for the positions to line up.
   */
  private static int[] teacherSequence(
      EmbeddedModel teacher, String system, List<ChatMessage> conversation, TokenizedChat student) {
    if (system == null) {
      return student.ids();
    }
    // TeacherTargets checks that this ends with the student's tokens.
    return ChatTemplate.encodeForTraining(
            teacher.tokenizer(), ChatMessage.withSystem(system, conversation))
        .ids();
  }
}
