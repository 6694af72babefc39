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
        return trainAndSave(model, rows, tokens, settings, tokenizerDir, dir, progress, label);
      }
    }
  }

  /** One supervised example: a prompt and the completion the loss is taken on. */
  public record PromptCompletion(String prompt, String completion) {
    public PromptCompletion {
      if (prompt == null || prompt.isEmpty() || completion == null || completion.isEmpty()) {
        throw new IllegalArgumentException("a fine-tuning example needs a prompt and a completion");
      }
    }
  }

  /**
   * Fine-tunes the model saved in {@code from} (full weights) on prompt-completion pairs, the loss
   * on the completion's tokens only (the prompt and completion are tokenized apart and joined, as
   * log-prob scoring of a continuation reads them), and saves it with its tokenizer into {@code
   * dir}. Examples longer than the settings' row length keep their first tokens.
   *
   * @return parameters, mean loss of the last 20 steps (per completion token), seconds, tokens
   */
  public static Trained fineTune(
      List<PromptCompletion> examples,
      Path from,
      TrainingSettings settings,
      Path dir,
      Progress progress,
      String label)
      throws IOException {
    try (Tokenizer tok = Tokenizer.load(from);
        TransformerModel model = TransformerModel.load(from)) {
      List<TrainingExample> rows = new ArrayList<>(examples.size());
      long tokens = 0;
      for (PromptCompletion e : examples) {
        int[] p = tok.encode(e.prompt());
        int[] c = tok.encode(e.completion());
        int[] ids = Arrays.copyOf(p, p.length + c.length);
        System.arraycopy(c, 0, ids, p.length, c.length);
        boolean[] mask = new boolean[ids.length];
        Arrays.fill(mask, p.length, ids.length, true);
        rows.add(new TrainingExample(ids, mask));
        tokens += ids.length;
      }
      return trainAndSave(model, rows, tokens, settings, from, dir, progress, label);
    }
  }

  private static Trained trainAndSave(
      TransformerModel model,
      List<TrainingExample> rows,
      long tokens,
      TrainingSettings settings,
      Path tokenizerDir,
      Path dir,
      Progress progress,
      String label)
      throws IOException {
    TrainingResult r =
        TransformerTrainer.train(
            model, rows, settings, TrainingProgress.reporting(progress, label));
    progress.finish();
    save(model, tokenizerDir, dir);
    return new Trained(model.parameterCount(), tailLoss(r.stepLosses()), r.seconds(), tokens);
  }

  /**
   * Saves {@code model} into {@code dir} (created) as a Hugging Face directory with the tokenizer
   * of {@code tokenizerDir}, which {@link EmbeddedModel} loads.
   */
  public static void save(TransformerModel model, Path tokenizerDir, Path dir) throws IOException {
    Files.createDirectories(dir);
    model.save(dir);
    Files.copy(
        tokenizerDir.resolve(TokenizerFiles.TOKENIZER_JSON),
        dir.resolve(TokenizerFiles.TOKENIZER_JSON));
  }

  private static double tailLoss(double[] losses) {
    int k = Math.min(20, losses.length);
    double tail = 0;
    for (int i = losses.length - k; i < losses.length; i++) {
      tail += losses[i];
    }
    return tail / k;
  }
}
