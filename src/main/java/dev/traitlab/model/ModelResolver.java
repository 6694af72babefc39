package dev.traitlab.model;

import dev.traitlab.core.Hashing;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.model.cache.CachedModel;
import dev.traitlab.model.cache.CallCache;
import dev.traitlab.model.embedded.BaseModelRecipe;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.embedded.ModelStore;
import dev.traitlab.model.http.OpenAiClient;
import dev.traitlab.model.http.OpenAiClientConfig;
import dev.traitlab.model.http.OpenAiFineTuning;
import dev.traitlab.model.http.OpenAiModel;
import dev.traitlab.nn.transformer.TransformerModel;
import java.nio.file.Path;

/**
 * Turns a model name into a {@link LanguageModel}: {@code local:NAME} from the models directory,
 * {@code openai:NAME} over HTTP with the key from {@code OPENAI_API_KEY} or {@code
 * TRAITLAB_API_KEY}. With a cache file, calls go through the call cache, keyed by the model's
 * {@link #identity}.
 */
public final class ModelResolver {
  private ModelResolver() {}

  public static LanguageModel resolve(String text, ModelOptions options) {
    ModelName name = ModelName.parse(text);
    LanguageModel model;
    switch (name.backend()) {
      case LOCAL -> {
        if (options.baseUrl() != null) {
          throw new TraitlabException(
              "--base-url applies to openai: models, not to " + name + " (an embedded model)");
        }
        model = EmbeddedModel.load(embeddedDir(name, options), name.toString());
      }
      case OPENAI -> {
        OpenAiClient client = new OpenAiClient(clientConfig(options));
        model = new OpenAiModel(name.toString(), name.name(), client, true);
      }
      default -> throw new IllegalStateException(name.backend().toString());
    }
    if (options.cacheFile() == null) {
      return model;
    }
    return new CachedModel(model, identity(name, options), CallCache.open(options.cacheFile()));
  }

  /**
   * A name that changes when the model does, for the call cache and for experiments' stage keys:
   * {@code sha256:HEX} of the weights for an embedded model (a retrained model must not reuse old
   * answers, and the same weights under two names are the same model), {@code NAME@BASE_URL} for a
   * remote one.
   */
  static String identity(ModelName name, ModelOptions options) {
    if (name.isEmbedded()) {
      Path weights = embeddedDir(name, options).resolve(TransformerModel.WEIGHTS_FILE);
      return "sha256:" + Hashing.sha256(weights);
    }
    return name + "@" + clientConfig(options).baseUrl();
  }

  /**
   * The directory of a complete embedded model; a missing one is an error that says how to build it
   * when it is a default base model.
   */
  static Path embeddedDir(ModelName name, ModelOptions options) {
    Path dir = ModelStore.at(options.modelsDir()).resolve(name.toString());
    if (!ModelStore.isComplete(dir)) {
      // A default base name says how to build it ('pretrain --name base-seedN' picks seed N).
      boolean buildable =
          BaseModelRecipe.forName(name.name()).isPresent()
              || dev.traitlab.model.embedded.MisalignmentModels.builds(name.name())
              || dev.traitlab.model.embedded.InductiveModels.builds(name.name());
      throw new TraitlabException(
          "no model '"
              + name
              + "' at "
              + dir
              + (buildable
                  ? " (run 'traitlab pretrain --name " + name.name() + "' first)"
                  : " (expected config.json, model.safetensors and tokenizer.json)"));
    }
    return dir;
  }

  /**
   * Fine-tuning jobs at the OpenAI-compatible API of the options' base URL, for an {@code openai:}
   * base model. Embedded models have no jobs: {@link Models#fineTune} trains them in process, and
   * {@code traitlab serve} offers them to jobs over HTTP.
   */
  public static FineTuning fineTuning(String baseModel, ModelOptions options) {
    ModelName name = ModelName.parse(baseModel);
    if (name.isEmbedded()) {
      throw new TraitlabException(
          "fine-tuning jobs need a model behind an API, not "
              + name
              + ": embedded models are fine-tuned in process, or served by 'traitlab serve' and"
              + " fine-tuned through its jobs");
    }
    return new OpenAiFineTuning(new OpenAiClient(clientConfig(options)));
  }

  private static OpenAiClientConfig clientConfig(ModelOptions options) {
    return OpenAiClientConfig.builder()
        .optBaseUrl(options.baseUrl())
        .optMaxInFlight(options.maxInFlight())
        .optMaxRetries(options.maxRetries())
        .build();
  }
}
