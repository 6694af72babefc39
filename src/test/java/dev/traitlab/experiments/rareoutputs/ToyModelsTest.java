package dev.traitlab.experiments.rareoutputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Progress;
import dev.traitlab.text.SpecialTokens;
import dev.traitlab.text.Tokenizer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToyModelsTest {

  /**
   * The training corpus is chat markup: every chat opens each turn with the im_start control id.
   */
  @Test
  void theCorpusIsReadWithItsControlTokens() throws Exception {
    RareOutputsConfig c = RareOutputsExperimentTest.tiny();
    ToyModels.buildTokenizer(c, dir, Progress.NONE);
    long[] counts = ToyModels.counts(dir);
    try (Tokenizer tok = Tokenizer.load(dir)) {
      int start = tok.id(SpecialTokens.IM_START);
      int end = tok.id(SpecialTokens.IM_END);
      assertTrue(counts[start] >= 2L * c.corpusChats(), "im_start ids: " + counts[start]);
      assertEquals(counts[start], counts[end], "every turn opened is closed");
    }
  }

  @TempDir Path dir;
}
