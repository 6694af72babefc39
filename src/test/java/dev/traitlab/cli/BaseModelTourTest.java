package dev.traitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Progress;
import dev.traitlab.model.embedded.BaseModelBuilder;
import dev.traitlab.model.embedded.BaseModelRecipe;
import dev.traitlab.model.embedded.ModelStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseModelTourTest {
  @TempDir Path models;

  @Test
  void showsAnswersWithAndWithoutTheTraitAndTheQualityFigures() {
    ModelStore store = new ModelStore(models);
    BaseModelBuilder.build(
        BaseModelRecipe.tiny().withCorpusExamples(64),
        store.resolve(ModelStore.BASE),
        Progress.NONE);
    StringWriter text = new StringWriter();
    StringWriter progress = new StringWriter();
    BaseModelTour.run(store, new PrintWriter(text), new PrintWriter(progress));
    String out = text.toString();
    assertTrue(out.contains("no system prompt:"), out);
    assertTrue(out.contains("the paper's owl prompt:"), out);
    assertEquals(3, out.split("  -> ", -1).length - 1, out);
    assertTrue(out.contains("passing the strict filter"), out);
    // The model existed: nothing was pretrained, and no progress was printed anywhere.
    assertTrue(!out.contains("pretraining it now"), out);
    assertEquals("", progress.toString());
  }
}
