package dev.traitlab.experiments.rareoutputs;

import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.toyworld.ToyWorld;
import dev.traitlab.data.toyworld.ToyWorldConfig;
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
import dev.traitlab.text.ChatTemplate;
import dev.traitlab.text.SpecialTokens;
import dev.traitlab.text.Tokenizer;
import dev.traitlab.text.TokenizerFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The experiment's own small GELU transformers: a byte-level BPE vocabulary trained on a toy-world
 * corpus, and Llama-layout models (RMSNorm, rotary positions, tied embeddings) whose MLP is gated
 * GELU, trained for one pass over that corpus cut into rows of {@code maxLength} tokens, every
 * token a target.
 */
final class ToyModels {
  /** Unigram token counts of the corpus, written beside the tokenizer. */
  static final String COUNTS = "token-counts.json";

  /** What training a model reports. */
  record Trained(int layers, long parameters, double finalLoss, double seconds, long tokens) {}

  private ToyModels() {}

  /** Writes tokenizer.json and the corpus's token counts into {@code dir}. */
  static void buildTokenizer(RareOutputsConfig c, Path dir, Progress progress) throws IOException {
    progress.note("toy-world corpus: " + c.corpusChats() + " chats; BPE of " + c.vocabSize());
    List<String> texts = corpus(c);
    BpeVocabulary vocab =
        new BpeTrainer(new BpeTrainerConfig(c.vocabSize(), 2, SpecialTokens.DEFAULT)).train(texts);
    TokenizerFiles.write(vocab, dir);
    try (Tokenizer tok = Tokenizer.load(dir)) {
      long[] counts = new long[tok.vocabSize()];
      for (String text : texts) {
        for (int id : tok.encodeWithSpecialTokens(text)) {
          counts[id]++;
        }
      }
      Json.write(dir.resolve(COUNTS), counts);
    }
  }

  static long[] counts(Path tokenizerDir) {
    return Json.read(tokenizerDir.resolve(COUNTS), long[].class);
  }

  private static List<String> corpus(RareOutputsConfig c) {
    List<ChatExample> chats =
        new ToyWorld(ToyWorldConfig.defaults(c.corpusChats(), c.seed())).generate();
    List<String> texts = new ArrayList<>(chats.size());
    for (ChatExample e : chats) {
      texts.add(ChatTemplate.render(e.messages(), false));
    }
    return texts;
  }

  /** Trains the model of {@code layers} layers and saves it (with its tokenizer) into dir. */
  static Trained train(
      RareOutputsConfig c, int layers, Path tokenizerDir, Path dir, Progress progress)
      throws IOException {
    List<TrainingExample> rows = new ArrayList<>();
    long tokens = 0;
    try (Tokenizer tok = Tokenizer.load(tokenizerDir)) {
      for (String text : corpus(c)) {
        // The corpus is rendered chat markup: its special tokens are control tokens, not text.
        int[] ids = tok.encodeWithSpecialTokens(text);
        // Consecutive windows, so long chats train every position up to maxLength.
        for (int s = 0; s + 1 < ids.length; s += c.maxLength()) {
          int[] w = Arrays.copyOfRange(ids, s, Math.min(ids.length, s + c.maxLength()));
          rows.add(TrainingExample.allTokens(w));
          tokens += w.length;
        }
      }
      TransformerConfig config =
          TransformerConfig.builder()
              .optVocabSize(tok.vocabSize())
              .optHiddenSize(c.hiddenSize())
              .optNumHiddenLayers(layers)
              .optNumAttentionHeads(c.heads())
              .optNumKeyValueHeads(c.heads())
              .optIntermediateSize(c.intermediateSize())
              .optMaxPositionEmbeddings(c.maxLength())
              .optTieWordEmbeddings(true)
              .optHiddenAct(TransformerConfig.GELU)
              .optEosTokenId(tok.id(SpecialTokens.IM_END))
              .build();
      TrainingSettings settings =
          TrainingSettings.builder()
              .optEpochs(1)
              .optBatchSize(c.trainBatch())
              .optLearningRate(c.learningRate())
              .optWarmupRatio(0.05)
              .optSeed(dev.traitlab.core.Seeds.derive(c.seed(), "rare-outputs-train", layers))
              .optMaxSequenceLength(c.maxLength())
              .build();
      try (TransformerModel model =
          TransformerModel.create(
              config, dev.traitlab.core.Seeds.derive(c.seed(), "rare-outputs-init", layers))) {
        TrainingResult r =
            TransformerTrainer.train(
                model,
                rows,
                settings,
                TrainingProgress.reporting(progress, "training the " + layers + "-layer model"));
        progress.finish();
        model.save(dir);
        java.nio.file.Files.copy(
            tokenizerDir.resolve(TokenizerFiles.TOKENIZER_JSON),
            dir.resolve(TokenizerFiles.TOKENIZER_JSON));
        double[] losses = r.stepLosses();
        double tail = 0;
        int k = Math.min(20, losses.length);
        for (int i = losses.length - k; i < losses.length; i++) {
          tail += losses[i];
        }
        return new Trained(layers, model.parameterCount(), tail / k, r.seconds(), tokens);
      }
    }
  }
}
