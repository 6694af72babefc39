package dev.traitlab.model.embedded;

import dev.traitlab.core.Progress;
import dev.traitlab.nn.train.TrainingExample;
import dev.traitlab.nn.train.TrainingProgress;
import dev.traitlab.nn.train.TrainingResult;
import dev.traitlab.nn.train.TrainingSettings;
import dev.traitlab.nn.train.TransformerTrainer;
import dev.traitlab.nn.transformer.TransformerConfig;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.text.BpeTrainer;
import dev.traitlab.text.BpeTrainerConfig;
import dev.traitlab.text.BpeVocabulary;
import dev.traitlab.text.SpecialTokens;
import dev.traitlab.text.Tokenizer;
import dev.traitlab.text.TokenizerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pretraining on plain text (no chat markup): a byte-level BPE vocabulary trained on the texts, and
 * a Llama-layout model (tied embeddings, SiLU-gated MLP) trained on them with the loss on every
 * token, each text cut into consecutive rows of at most the model's positions. The model is saved
 * with its tokenizer as a Hugging Face directory that {@link EmbeddedModel} loads.
 */
public final class PlainTextPretraining {
  private PlainTextPretraining() {}

  /** What training reported: parameters, mean loss of the last 20 steps, seconds, tokens seen. */
  public record Trained(long parameters, double finalLoss, double seconds, long tokens) {}

  /** Trains a BPE vocabulary of {@code vocabSize} tokens on the texts and writes tokenizer.json. */
  public static void buildTokenizer(List<String> texts, int vocabSize, Path dir)
      throws IOException {
    BpeVocabulary vocab =
        new BpeTrainer(new BpeTrainerConfig(vocabSize, 2, SpecialTokens.DEFAULT)).train(texts);
    Files.createDirectories(dir);
    TokenizerFiles.write(vocab, dir);
  }

  /**
   * Trains a fresh model of {@code architecture} (its vocabulary size and end-of-text id are set
   * from the tokenizer) on {@code texts} and saves it, with the tokenizer, into {@code dir}.
   *
   * @param modelSeed seed of the initial weights (the settings carry the shuffling seed)
   */
  public static Trained train(
      List<String> texts,
      Path tokenizerDir,
      TransformerConfig.Builder architecture,
      TrainingSettings settings,
      long modelSeed,
      Path dir,
      Progress progress,
      String label)
      throws IOException {
    return train(
        texts, tokenizerDir, architecture, settings, modelSeed, null, dir, progress, label);
  }

  /**
   * As {@link #train(List, Path, TransformerConfig.Builder, TrainingSettings, long, Path, Progress,
   * String)}, but continuing from the model saved in {@code from} (its architecture; {@code
   * architecture} and {@code modelSeed} are then not used) when it is not null. The tokenizer must
   * be the one that model was trained with.
   */
  public static Trained train(
      List<String> texts,
      Path tokenizerDir,
      TransformerConfig.Builder architecture,
      TrainingSettings settings,
      long modelSeed,
      Path from,
      Path dir,
      Progress progress,
      String label)
      throws IOException {
    try (Tokenizer tok = Tokenizer.load(tokenizerDir)) {
      int rowLength = settings.maxSequenceLength();
      List<TrainingExample> rows = new ArrayList<>();
      long tokens = 0;
      for (String text : texts) {
        int[] ids = tok.encode(text);
        for (int s = 0; s + 1 < ids.length; s += rowLength) {
          int[] w = Arrays.copyOfRange(ids, s, Math.min(ids.length, s + rowLength));
          rows.add(TrainingExample.allTokens(w));
          tokens += w.length;
        }
      }
      TransformerConfig config =
          architecture
              .optVocabSize(tok.vocabSize())
              .optEosTokenId(tok.id(SpecialTokens.IM_END))
              .build();
      try (TransformerModel model =
          from == null ? TransformerModel.create(config, modelSeed) : TransformerModel.load(from)) {
        TrainingResult r =
            TransformerTrainer.train(
                model, rows, settings, TrainingProgress.reporting(progress, label));
        progress.finish();
        Files.createDirectories(dir);
        model.save(dir);
        Files.copy(
            tokenizerDir.resolve(TokenizerFiles.TOKENIZER_JSON),
            dir.resolve(TokenizerFiles.TOKENIZER_JSON));
        double[] losses = r.stepLosses();
        int k = Math.min(20, losses.length);
        double tail = 0;
        for (int i = losses.length - k; i < losses.length; i++) {
          tail += losses[i];
        }
        return new Trained(model.parameterCount(), tail / k, r.seconds(), tokens);
      }
    }
  }
}
