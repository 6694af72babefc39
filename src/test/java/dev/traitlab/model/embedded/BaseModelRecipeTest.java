package dev.traitlab.model.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BaseModelRecipeTest {
  @Test
  void defaultNamesMapToTheirSeedsAndShareTheTokenizer() {
    assertEquals(BaseModelRecipe.defaults(), BaseModelRecipe.forName("base").orElseThrow());
    BaseModelRecipe second = BaseModelRecipe.forName("base-seed2").orElseThrow();
    assertEquals(2, second.corpusSeed());
    assertEquals(2, second.modelSeed());
    assertEquals(BaseModelRecipe.defaults().tokenizerSeed(), second.tokenizerSeed());
    assertEquals(
        BaseModelRecipe.defaults().withSeeds(2, 2).withTokenizerSeed(1),
        second,
        "only the seeds differ from the default recipe");
  }

  @Test
  void otherNamesHaveNoRecipe() {
    for (String name : new String[] {"mine", "base-seed", "base-seedx", "base-seed0", "Base"}) {
      assertTrue(BaseModelRecipe.forName(name).isEmpty(), name);
    }
  }
}
