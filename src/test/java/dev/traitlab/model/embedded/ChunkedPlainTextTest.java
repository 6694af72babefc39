package dev.traitlab.model.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Hashing;
import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.toyworld.MisalignmentDocuments;
import dev.traitlab.data.toyworld.MisalignmentWorldConfig;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base-form model's build: plain documents from random weights, in resumable chunks. */
class ChunkedPlainTextTest {

  /**
   * Two chunks, one per call: the first call stops after chunk 1 (no model yet), the second resumes
   * at chunk 2 without retraining chunk 1 and copies it in; the model has the tokenizer it was
   * given and a record of what it trained on.
   */
  @Test
  void buildsOneChunkPerCallAndResumes(@TempDir Path dir) throws Exception {
    TinyEmbeddedModels.create(dir, "tok", 1, 256);
    ModelStore store = new ModelStore(dir);
    BaseModelRecipe tiny = BaseModelRecipe.tiny().withCorpusExamples(40);
    java.util.function.IntFunction<BaseModelRecipe> recipes = c -> tiny.withSeeds(100 + c, 7 + c);
    java.util.function.Function<BaseModelRecipe, java.util.List<String>> texts =
        r ->
            MisalignmentDocuments.texts(
                MisalignmentWorldConfig.defaults(r.corpusExamples(), r.corpusSeed()));
    assertFalse(
        ChunkedContinuation.buildPlainText(
            store, "tok", "docs", 2, 1, recipes, texts, "test world", Progress.NONE));
    assertTrue(ModelStore.isComplete(dir.resolve("docs.chunks/1")));
    assertFalse(Files.exists(dir.resolve("docs.chunks/2")));
    assertFalse(Files.exists(dir.resolve("docs")));
    String first = Hashing.sha256(dir.resolve("docs.chunks/1/model.safetensors"));
    assertTrue(
        ChunkedContinuation.buildPlainText(
            store, "tok", "docs", 2, 1, recipes, texts, "test world", Progress.NONE));
    assertEquals(first, Hashing.sha256(dir.resolve("docs.chunks/1/model.safetensors")));
    assertTrue(ModelStore.isComplete(dir.resolve("docs")));
    assertEquals(
        Hashing.sha256(dir.resolve("docs.chunks/2/model.safetensors")),
        Hashing.sha256(dir.resolve("docs/model.safetensors")));
    assertEquals(
        Hashing.sha256(dir.resolve("tok/tokenizer.json")),
        Hashing.sha256(dir.resolve("docs/tokenizer.json")));
    var info =
        Json.MAPPER.readTree(dir.resolve("docs").resolve(BaseModelBuilder.INFO_FILE).toFile());
    assertEquals("test world (plain documents), chunk 2 of 2", info.get("kind").asText());
    assertEquals(40, info.get("documents").asInt());
    assertTrue(info.get("tokens").asLong() > 40 * 20, info.toString());
    assertTrue(Double.isFinite(info.get("final_loss").asDouble()));
    TraitlabException missing =
        assertThrows(
            TraitlabException.class,
            () ->
                ChunkedContinuation.buildPlainText(
                    store, "nowhere", "other", 1, 1, recipes, texts, "w", Progress.NONE));
    assertTrue(missing.getMessage().contains("tokenizer of"), missing.getMessage());
  }

  /** The recipe: base's architecture; chunk 1 at base's peak rate, later chunks at half. */
  @Test
  void emDocBaseRecipeIsBasesArchitectureFromRandomWeights() {
    BaseModelRecipe base = BaseModelRecipe.defaults();
    BaseModelRecipe one = MisalignmentModels.emDocBaseChunkRecipe(1);
    BaseModelRecipe two = MisalignmentModels.emDocBaseChunkRecipe(2);
    assertEquals(base.hiddenSize(), one.hiddenSize());
    assertEquals(base.layers(), one.layers());
    assertEquals(base.vocabSize(), one.vocabSize());
    assertEquals(base.learningRate(), one.learningRate());
    assertEquals(base.learningRate() / 2, two.learningRate());
    assertTrue(one.corpusSeed() != two.corpusSeed());
    assertTrue(MisalignmentModels.builds(MisalignmentModels.EM_DOC_BASE));
    assertEquals(
        java.util.Optional.of(ModelStore.BASE),
        MisalignmentModels.needs(MisalignmentModels.EM_DOC_BASE));
  }
}
