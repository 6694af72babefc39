package dev.traitlab.model;

import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.chat.PreferenceExample;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.tuning.EmbeddedTuner;
import dev.traitlab.model.tuning.TuneLoss;
import dev.traitlab.model.tuning.TuneSettings;
import dev.traitlab.nn.train.DpoLoss;
import dev.traitlab.nn.train.DpoResult;
import dev.traitlab.nn.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An embedded model the server can fine-tune: full fine-tuning of a copy on the assistant turns,
 * through the one path for embedded models ({@link EmbeddedTuner}), or DPO of a copy on
 * preferences. Defaults for "auto": 3 epochs, batch 8, base learning rate 1e-3 (a third of
 * pretraining's) times the multiplier; for DPO, beta 0.1 (TRL's default) and a base learning rate
 * of 1e-4, a tenth of supervised fine-tuning's, as DPO recipes take a rate several times below
 * SFT's (TRL: 1e-6 against SFT's 2e-5).
 */
public final class FineTunableEmbeddedModel implements TokenLevelModel, FineTunable {
  static final int DEFAULT_EPOCHS = 3;
  static final int DEFAULT_BATCH = 8;
  static final double BASE_LEARNING_RATE = 1e-3;
  static final double BASE_DPO_LEARNING_RATE = 1e-4;

  private final EmbeddedModel model;
  // The temporary directory a fine-tuned copy lives in (its tokenizer files stay there).
  private final Path ownedDir;

  public FineTunableEmbeddedModel(EmbeddedModel model) {
    this(model, null);
  }

  private FineTunableEmbeddedModel(EmbeddedModel model, Path ownedDir) {
    this.model = model;
    this.ownedDir = ownedDir;
  }

  public EmbeddedModel embedded() {
    return model;
  }

  /** The model itself when it can already be fine-tuned, else this adapter around it. */
  public static LanguageModel servable(LanguageModel model) {
    if (!(model instanceof FineTunable) && model instanceof EmbeddedModel embedded) {
      return new FineTunableEmbeddedModel(embedded);
    }
    return model;
  }

  @Override
  public String name() {
    return model.name();
  }

  @Override
  public List<Completion> chat(List<ChatMessage> messages, Sampling sampling) {
    return model.chat(messages, sampling);
  }

  @Override
  public List<List<Completion>> chatBatch(
      List<List<ChatMessage>> conversations, Sampling sampling) {
    return model.chatBatch(conversations, sampling);
  }

  @Override
  public List<Completion> complete(String prompt, Sampling sampling) {
    return model.complete(prompt, sampling);
  }

  @Override
  public Generation chatStreaming(
      List<ChatMessage> messages, Sampling sampling, Consumer<TextDelta> sink) {
    return model.chatStreaming(messages, sampling, sink);
  }

  @Override
  public Generation completeStreaming(String prompt, Sampling sampling, Consumer<TextDelta> sink) {
    return model.completeStreaming(prompt, sampling, sink);
  }

  @Override
  public Generation completeTokensStreaming(
      int[] prompt, Sampling sampling, Consumer<TextDelta> sink) {
    return model.completeTokensStreaming(prompt, sampling, sink);
  }

  @Override
  public List<TokenLogprob> sequenceLogprobs(int[] tokens, int topLogprobs) {
    return model.sequenceLogprobs(tokens, topLogprobs);
  }

  @Override
  public int[] encode(String text) {
    return model.encode(text);
  }

  @Override
  public int[] encodeChatPrompt(List<ChatMessage> messages) {
    return model.encodeChatPrompt(messages);
  }

  @Override
  public String decode(int[] tokens) {
    return model.decode(tokens);
  }

  @Override
  public int vocabSize() {
    return model.vocabSize();
  }

  @Override
  public List<ContinuationScore> score(String prompt, List<String> continuations) {
    return model.score(prompt, continuations);
  }

  @Override
  public List<List<ContinuationScore>> scoreBatch(List<ScoreRequest> requests) {
    return model.scoreBatch(requests);
  }

  @Override
  public void checkPromptBytes(long utf8Bytes) {
    model.checkPromptBytes(utf8Bytes);
  }

  /** The tune settings of a job's hyperparameters, "auto" (null) filled with the defaults. */
  static TuneSettings settings(FineTuneHyperparameters hp) {
    int epochs = hp.epochs() == null ? DEFAULT_EPOCHS : hp.epochs();
    int batch = hp.batchSize() == null ? DEFAULT_BATCH : hp.batchSize();
    double multiplier = hp.learningRateMultiplier() == null ? 1.0 : hp.learningRateMultiplier();
    return new TuneSettings(epochs, batch, BASE_LEARNING_RATE * multiplier, multiplier, 0, 0);
  }

  @Override
  public LanguageModel fineTune(
      List<List<ChatMessage>> conversations,
      FineTuneHyperparameters hp,
      long seed,
      String newName,
      Progress progress) {
    TuneSettings settings = settings(hp);
    return trainCopy(
        newName,
        tuned -> {
          progress.note(
              String.format(
                  "Training on %d examples: %d epochs, batch %d, learning rate %.2g",
                  conversations.size(),
                  settings.epochs(),
                  Math.min(settings.batchSize(), conversations.size()),
                  settings.learningRate()));
          TrainingResult result =
              EmbeddedTuner.train(
                  tuned,
                  conversations,
                  settings,
                  TuneLoss.tokens(),
                  seed,
                  "fine-tune " + newName,
                  progress);
          progress.note(
              String.format(
                  "Training finished: final loss %.4f, %d target tokens, %.1f s",
                  result.finalLoss(), result.targetTokens(), result.seconds()));
        });
  }

  /** The DPO settings of a job's hyperparameters, "auto" filled with the DPO defaults. */
  static TuneSettings dpoSettings(FineTuneHyperparameters hp) {
    int epochs = hp.epochs() == null ? DEFAULT_EPOCHS : hp.epochs();
    int batch = hp.batchSize() == null ? DEFAULT_BATCH : hp.batchSize();
    double multiplier = hp.learningRateMultiplier() == null ? 1.0 : hp.learningRateMultiplier();
    return new TuneSettings(epochs, batch, BASE_DPO_LEARNING_RATE * multiplier, multiplier, 0, 0);
  }

  @Override
  public LanguageModel fineTunePreferences(
      List<PreferenceExample> preferences,
      FineTuneHyperparameters hp,
      FineTuneMethod.Dpo method,
      long seed,
      String newName,
      Progress progress) {
    TuneSettings settings = dpoSettings(hp);
    double beta = method.beta() == null ? DpoLoss.DEFAULT_BETA : method.beta();
    return trainCopy(
        newName,
        tuned -> {
          progress.note(
              String.format(
                  "DPO on %d preference pairs: beta %.3g, %d epochs, batch %d, learning rate %.2g",
                  preferences.size(),
                  beta,
                  settings.epochs(),
                  Math.min(settings.batchSize(), preferences.size()),
                  settings.learningRate()));
          DpoResult result =
              EmbeddedTuner.trainPreferences(
                  tuned, preferences, settings, beta, seed, "dpo " + newName, progress);
          var last = result.steps().getLast();
          progress.note(
              String.format(
                  "Training finished: final loss %.4f, reward accuracy %.2f, reward margin %.4f,"
                      + " %.1f s",
                  last.loss(), last.rewardAccuracy(), last.rewardMargin(), result.seconds()));
        });
  }

  /** Trains a copy of this model, saved to and loaded from a temporary directory it then owns. */
  private LanguageModel trainCopy(String newName, Consumer<EmbeddedModel> training) {
    Path copy = null;
    EmbeddedModel tuned = null;
    try {
      copy = Files.createTempDirectory("traitlab-finetune-");
      model.save(copy);
      tuned = EmbeddedModel.load(copy, newName);
      training.accept(tuned);
      FineTunableEmbeddedModel done = new FineTunableEmbeddedModel(tuned, copy);
      tuned = null;
      copy = null;
      return done;
    } catch (IOException e) {
      throw new TraitlabException("cannot copy " + name() + " for fine-tuning: " + e.getMessage());
    } finally {
      if (tuned != null) {
        tuned.close();
      }
      deleteQuietly(copy);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }

  @Override
  public void close() {
    try {
      model.close();
    } finally {
      deleteQuietly(ownedDir);
    }
  }
}
