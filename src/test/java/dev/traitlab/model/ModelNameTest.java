package dev.traitlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.model.cache.CachedModel;
import dev.traitlab.model.http.OpenAiClientConfig;
import dev.traitlab.model.http.OpenAiModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelNameTest {

  @Test
  void parsesBackendAndKeepsColonsInTheName() {
    assertEquals(new ModelName(ModelName.Backend.LOCAL, "base"), ModelName.parse("local:base"));
    ModelName ft = ModelName.parse("openai:ft:base:owl:ftjob-000001");
    assertEquals(ModelName.Backend.OPENAI, ft.backend());
    assertEquals("ft:base:owl:ftjob-000001", ft.name());
    assertEquals("openai:ft:base:owl:ftjob-000001", ft.toString());
  }

  @Test
  void rejectsNamesWithoutAKnownBackend() {
    TraitlabException e = assertThrows(TraitlabException.class, () -> ModelName.parse("gpt-4"));
    assertTrue(e.getMessage().contains("local:NAME or openai:NAME"), e.getMessage());
    TraitlabException unknown =
        assertThrows(TraitlabException.class, () -> ModelName.parse("hf:x"));
    assertEquals(
        "model 'hf:x': unknown backend prefix 'hf' (accepted: local, openai)",
        unknown.getMessage());
    assertTrue(
        assertThrows(TraitlabException.class, () -> ModelName.parse(":x"))
            .getMessage()
            .contains("has no backend prefix"));
    assertThrows(TraitlabException.class, () -> ModelName.parse("local:"));
    assertThrows(TraitlabException.class, () -> ModelName.parse(""));
  }

  @Test
  void resolvesOpenAiModelsWithOrWithoutTheCache(@TempDir Path dir) {
    ModelOptions plain = ModelOptions.builder().optBaseUrl("http://127.0.0.1:9/v1").build();
    try (LanguageModel model = ModelResolver.resolve("openai:m", plain)) {
      assertInstanceOf(OpenAiModel.class, model);
      assertEquals("openai:m", model.name());
    }
    ModelOptions cached =
        ModelOptions.builder()
            .optBaseUrl("http://127.0.0.1:9/v1")
            .optCacheFile(dir.resolve("calls.sqlite"))
            .build();
    try (LanguageModel model = ModelResolver.resolve("openai:m", cached)) {
      assertInstanceOf(CachedModel.class, model);
    }
  }

  @Test
  void badBaseUrlsAndMisplacedOptionsAreClearErrors() {
    TraitlabException e =
        assertThrows(
            TraitlabException.class,
            () ->
                ModelResolver.resolve(
                    "openai:m", ModelOptions.builder().optBaseUrl("ftp://x").build()));
    assertTrue(e.getMessage().contains("--base-url"), e.getMessage());
    TraitlabException local =
        assertThrows(
            TraitlabException.class,
            () ->
                ModelResolver.resolve(
                    "local:base", ModelOptions.builder().optBaseUrl("http://x/v1").build()));
    assertTrue(local.getMessage().contains("--base-url"), local.getMessage());
  }

  @Test
  void apiKeysNeverAppearInDescriptions() {
    OpenAiClientConfig config = OpenAiClientConfig.builder().optApiKey("sk-very-secret").build();
    assertTrue(config.hasApiKey());
    assertFalse(config.toString().contains("sk-very-secret"));
  }
}
