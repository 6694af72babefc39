package dev.traitlab.model.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Provenance;
import dev.traitlab.core.TraitlabException;
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
import dev.traitlab.text.TokenizedChat;
import dev.traitlab.text.Tokenizer;
import dev.traitlab.text.TokenizerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Pretrains a toy-world base model: generates the corpus, trains the tokenizer on it, trains the
 * transformer on the system and assistant turns of whole chats, and writes the Hugging Face
 * directory plus {@code traitlab.json} (recipe, losses, time). The model is built in a sibling
 * temporary directory and moved into place at the end, so an interrupted build never leaves a half
 * model behind. Phases are reported as notes, training as one task ({@code "training loss=L"} per
 * step).
 */
public final class BaseModelBuilder {
  public static final String INFO_FILE = "traitlab.json";

  private BaseModelBuilder() {}

  public static TrainingResult build(BaseModelRecipe recipe, Path dir, Progress progress) {
    return build(recipe, dir, null, progress);
  }

  /**
   * Builds as {@link #build(BaseModelRecipe, Path, Progress)}, but when continueFrom is a model
   * directory, starts from its weights and tokenizer (continued pretraining on a fresh corpus).
   */
  public static TrainingResult build(
      BaseModelRecipe recipe, Path dir, Path continueFrom, Progress progress) {
    progress.note("generating the toy-world corpus (" + recipe.corpusExamples() + " chats)");
    List<ChatExample> corpus =
        new ToyWorld(ToyWorldConfig.defaults(recipe.corpusExamples(), recipe.corpusSeed()))
            .generate();
    // The tokenizer's own corpus: base models of other seeds share the seed-1 vocabulary.
    java.util.function.Supplier<List<ChatExample>> tokenizerCorpus =
        () ->
            recipe.tokenizerSeed() == recipe.corpusSeed()
                ? corpus
                : new ToyWorld(
                        ToyWorldConfig.defaults(recipe.corpusExamples(), recipe.tokenizerSeed()))
                    .generate();
    return build(
        recipe,
        dir,
        continueFrom,
        corpus,
        tokenizerCorpus,
        List.of(),
        "toy-world base model",
        progress);
  }

  /**
   * Builds a model of the recipe's architecture and training settings on a given corpus of chats
   * (the recipe's corpus size and seeds are not used): from scratch, with a BPE tokenizer trained
   * on {@code tokenizerCorpus} plus the ordinary added tokens {@code addedTokens} ({@link
   * TokenizerFiles#write(BpeVocabulary, Path, List)}), or, when continueFrom is a model directory,
   * from its weights and tokenizer. {@code kind} is recorded in {@value #INFO_FILE}.
   */
  public static TrainingResult build(
      BaseModelRecipe recipe,
      Path dir,
      Path continueFrom,
      List<ChatExample> corpus,
      java.util.function.Supplier<List<ChatExample>> tokenizerCorpus,
      List<String> addedTokens,
      String kind,
      Progress progress) {
    long start = System.nanoTime();
    Path work = dir.resolveSibling(dir.getFileName() + ".building");
    deleteTree(work);
    if (continueFrom == null) {
      progress.note("training the BPE tokenizer (" + recipe.vocabSize() + " tokens)");
      List<ChatExample> chats = tokenizerCorpus.get();
      List<String> texts = new ArrayList<>(chats.size());
      for (ChatExample e : chats) {
        texts.add(ChatTemplate.render(e.messages(), false));
      }
      BpeVocabulary vocab =
          new BpeTrainer(new BpeTrainerConfig(recipe.vocabSize(), 2, SpecialTokens.DEFAULT))
              .train(texts);
      TokenizerFiles.write(vocab, work, addedTokens);
    } else {
      progress.note("continuing from " + continueFrom);
      copyTokenizer(continueFrom, work);
    }

    TrainingResult result;
    try (Tokenizer tokenizer = Tokenizer.load(work)) {
      progress.note("tokenizing");
      // One row per chat: packing rows would let a chat see the system prompt of the one before.
      List<TrainingExample> examples = new ArrayList<>(corpus.size());
      for (ChatExample e : corpus) {
        TokenizedChat c = ChatTemplate.encodeForPretraining(tokenizer, e.messages());
        examples.add(new TrainingExample(c.ids(), c.lossMask()));
      }
      long tokens = examples.stream().mapToLong(e -> e.tokens().length).sum();
      TransformerConfig config =
          architecture(recipe)
              .optVocabSize(tokenizer.vocabSize())
              .optEosTokenId(tokenizer.id(SpecialTokens.IM_END))
              .build();
      TrainingSettings settings = trainingSettings(recipe);
      try (TransformerModel model =
          continueFrom == null
              ? TransformerModel.create(config, recipe.modelSeed())
              : TransformerModel.load(continueFrom)) {
        progress.note(
            String.format(
                "training %,d parameters on %,d tokens in %,d chats (%d epoch%s, batch %d)",
                model.parameterCount(),
                tokens,
                examples.size(),
                recipe.epochs(),
                recipe.epochs() == 1 ? "" : "s",
                recipe.batchSize()));
        result =
            TransformerTrainer.train(
                model,
                examples,
                settings,
                TrainingProgress.reporting(progress, "pretraining " + dir.getFileName()));
        progress.finish();
        model.save(work);
      }
    }
    writeInfo(work, kind, recipe, result, (System.nanoTime() - start) / 1e9);
    deleteTree(dir);
    try {
      Files.createDirectories(dir.toAbsolutePath().getParent());
      Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TraitlabException("cannot move the built model to " + dir + ": " + e.getMessage());
    }
    return result;
  }

  private static void copyTokenizer(Path from, Path to) {
    try {
      Files.createDirectories(to);
      for (String f :
          List.of(TokenizerFiles.TOKENIZER_JSON, TokenizerFiles.TOKENIZER_CONFIG_JSON)) {
        if (Files.exists(from.resolve(f))) {
          Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new TraitlabException("cannot copy the tokenizer of " + from + ": " + e.getMessage());
    }
  }

  /**
   * The recipe's architecture: a Llama with tied embeddings (vocabulary size and end-of-text id are
   * the tokenizer's, set by the caller).
   */
  static TransformerConfig.Builder architecture(BaseModelRecipe recipe) {
    return TransformerConfig.builder()
        .optModelType(TransformerConfig.LLAMA)
        .optHiddenSize(recipe.hiddenSize())
        .optNumHiddenLayers(recipe.layers())
        .optNumAttentionHeads(recipe.heads())
        .optNumKeyValueHeads(recipe.kvHeads())
        .optIntermediateSize(recipe.intermediateSize())
        .optMaxPositionEmbeddings(recipe.maxPositions())
        .optTieWordEmbeddings(true);
  }

  /** The recipe's training settings (rows of at most its positions, shuffled from its seed). */
  static TrainingSettings trainingSettings(BaseModelRecipe recipe) {
    return TrainingSettings.builder()
        .optEpochs(recipe.epochs())
        .optBatchSize(recipe.batchSize())
        .optLearningRate(recipe.learningRate())
        .optWarmupRatio(recipe.warmupRatio())
        .optSeed(recipe.modelSeed())
        .optMaxSequenceLength(recipe.maxPositions())
        .build();
  }

  private static void writeInfo(
      Path dir, String kind, BaseModelRecipe recipe, TrainingResult result, double seconds) {
    double[] losses = result.stepLosses();
    java.util.Map<String, Number> figures = new java.util.LinkedHashMap<>();
    figures.put("steps", losses.length);
    figures.put("first_loss", losses.length > 0 ? losses[0] : Double.NaN);
    figures.put("final_loss", tailMean(losses, 20));
    figures.put("train_tokens_per_second", result.tokensPerSecond());
    figures.put("build_seconds", seconds);
    writeInfo(dir, kind, recipe, figures);
  }

  /**
   * Writes {@value #INFO_FILE} into dir: kind, version, recipe, then the figures in order (ints and
   * longs as integers, the rest as doubles).
   */
  static void writeInfo(
      Path dir, String kind, BaseModelRecipe recipe, java.util.Map<String, Number> figures) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("kind", kind);
    root.put("traitlab_version", Provenance.traitlabVersion());
    root.set("recipe", json.valueToTree(recipe));
    figures.forEach(
        (k, v) -> {
          if (v instanceof Integer || v instanceof Long) {
            root.put(k, v.longValue());
          } else {
            root.put(k, v.doubleValue());
          }
        });
    try {
      json.writeValue(dir.resolve(INFO_FILE).toFile(), root);
    } catch (IOException e) {
      throw new TraitlabException("cannot write " + dir.resolve(INFO_FILE) + ": " + e.getMessage());
    }
  }

  /** Mean of the last k values (the loss of one step is noisy). */
  public static double tailMean(double[] values, int k) {
    int from = Math.max(0, values.length - k);
    double sum = 0;
    for (int i = from; i < values.length; i++) {
      sum += values[i];
    }
    return values.length == 0 ? Double.NaN : sum / (values.length - from);
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new TraitlabException("cannot delete " + dir + ": " + e.getMessage());
    }
  }
}
