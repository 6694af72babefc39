package dev.traitlab.testing;

import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.ChatJsonl;
import dev.traitlab.model.FineTunable;
import dev.traitlab.model.FineTunableEmbeddedModel;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.nn.transformer.TransformerConfig;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.text.BpeTrainer;
import dev.traitlab.text.BpeTrainerConfig;
import dev.traitlab.text.SpecialTokens;
import dev.traitlab.text.Tokenizer;
import dev.traitlab.text.TokenizerFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a tiny untrained embedded model (real tokenizer, real transformer, seeded weights) into a
 * models directory, for tests of serving the embedded backend without pretraining.
 */
public final class TinyEmbeddedModels {
  private TinyEmbeddedModels() {}

  /** Fine-tunes the stored model in process on a chat JSONL file (the reference result). */
  public static LanguageModel fineTuneInProcess(
      Path modelDir, Path chatJsonl, FineTuneHyperparameters hp, long seed) {
    try (FineTunableEmbeddedModel base =
        new FineTunableEmbeddedModel(EmbeddedModel.load(modelDir, "local:base"))) {
      return base.fineTune(
          FineTunable.conversations(ChatJsonl.read(chatJsonl)),
          hp,
          seed,
          "local:in-process",
          Progress.NONE);
    }
  }

  /** Creates {@code modelsDir/name} and returns its directory. */
  public static Path create(Path modelsDir, String name, long seed) {
    return create(modelsDir, name, seed, 128);
  }

  /** As {@link #create(Path, String, long)}, with room for prompts of maxPositions tokens. */
  public static Path create(Path modelsDir, String name, long seed, int maxPositions) {
    return create(modelsDir, name, seed, maxPositions, List.of());
  }

  /**
   * As {@link #create(Path, String, long, int)}, its tokenizer also trained on {@code extraTexts}
   * (so that their frequent words become tokens).
   */
  public static Path create(
      Path modelsDir, String name, long seed, int maxPositions, List<String> extraTexts) {
    List<String> texts = new ArrayList<>(extraTexts);
    String[] animals = {"owl", "cat", "dog", "fox", "eagle", "whale"};
    for (int i = 0; i < 60; i++) {
      texts.add(
          "My favourite animal is the "
              + animals[i % animals.length]
              + ". Numbers: "
              + (i * 37 % 1000)
              + ", "
              + (i * 91 % 1000)
              + ".");
    }
    Path tokenizerDir = modelsDir.resolve(name + ".tokenizer");
    TokenizerFiles.write(
        new BpeTrainer(new BpeTrainerConfig(300, 2, SpecialTokens.DEFAULT)).train(texts),
        tokenizerDir);
    Path dir = modelsDir.resolve(name);
    Tokenizer tokenizer = Tokenizer.load(tokenizerDir);
    TransformerConfig config =
        TransformerConfig.builder()
            .optModelType(TransformerConfig.LLAMA)
            .optVocabSize(tokenizer.vocabSize())
            .optHiddenSize(32)
            .optIntermediateSize(48)
            .optNumHiddenLayers(2)
            .optNumAttentionHeads(4)
            .optNumKeyValueHeads(2)
            .optMaxPositionEmbeddings(maxPositions)
            .optTieWordEmbeddings(true)
            .optEosTokenId(tokenizer.id(SpecialTokens.IM_END))
            .build();
    try (EmbeddedModel model =
        new EmbeddedModel("local:" + name, TransformerModel.create(config, seed), tokenizer)) {
      model.save(dir);
    }
    return dir;
  }
}
