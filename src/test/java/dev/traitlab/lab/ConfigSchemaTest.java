package dev.traitlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.traitlab.report.HtmlReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {
  enum Mode {
    SYSTEM_PROMPT,
    FINETUNE
  }

  record Config(
      @Param("Seeds.") int seeds,
      @Param(value = "Rate.", names = "--lr") double learningRate,
      @Param("Animals.") List<String> animals,
      @Param("Mode.") Mode traitMode,
      @Param("Multiplier.") Double lrMultiplier,
      @Param(value = "Data.", label = "DIR") Path data,
      String internal) {
    Config {
      if (seeds < 1) {
        throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
      }
    }
  }

  record Result(double value) {}

  static final class Toy implements Experiment<Config, Result> {
    @Override
    public String name() {
      return "toy";
    }

    @Override
    public String summary() {
      return "A toy.";
    }

    @Override
    public Class<Config> configType() {
      return Config.class;
    }

    @Override
    public Class<Result> resultType() {
      return Result.class;
    }

    @Override
    public Config defaults() {
      return new Config(3, 1e-3, List.of("owl", "cat"), Mode.SYSTEM_PROMPT, null, null, "kept");
    }

    @Override
    public List<Long> seeds(Config config) {
      return List.of(0L);
    }

    @Override
    public Result run(Config config, RunContext context) {
      return new Result(1);
    }

    @Override
    public HtmlReport report(String runId, Result result) {
      return new HtmlReport("toy");
    }

    @Override
    public String textSummary(Result result) {
      return "";
    }

    @Override
    public Map<String, Double> metrics(Result result) {
      return Map.of();
    }
  }

  private final ConfigSchema<Config> schema = ConfigSchema.of(new Toy());

  @Test
  void optionsComeFromAnnotatedComponentsWithTheDefaultsAsText() {
    List<ConfigSchema.Option> options = schema.options();
    assertEquals(6, options.size());
    assertEquals(List.of("--seeds"), options.get(0).names());
    assertEquals("3", options.get(0).defaultText());
    assertEquals(List.of("--lr"), options.get(1).names());
    assertEquals("0.001", options.get(1).defaultText());
    assertEquals("owl,cat", options.get(2).defaultText());
    assertEquals(List.of("--trait-mode"), options.get(3).names());
    assertEquals("system-prompt", options.get(3).defaultText());
    assertEquals(List.of("--lr-multiplier"), options.get(4).names());
    assertNull(options.get(4).defaultText());
    assertEquals("DIR", options.get(5).label());
  }

  @Test
  void buildKeepsDefaultsForAbsentValuesAndRunsTheRecordsValidation() {
    Config c = schema.build(Map.of("seeds", 5, "traitMode", Mode.FINETUNE));
    assertEquals(5, c.seeds());
    assertEquals(Mode.FINETUNE, c.traitMode());
    assertEquals(List.of("owl", "cat"), c.animals());
    assertEquals("kept", c.internal());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> schema.build(Map.of("seeds", 0)));
    assertEquals("--seeds must be >= 1, got 0", e.getMessage());
  }

  @Test
  void enumsAreWrittenInLowerCaseWithHyphens() {
    assertEquals(Mode.SYSTEM_PROMPT, ConfigSchema.parseEnum(Mode.class, "system-prompt"));
    assertEquals(Mode.FINETUNE, ConfigSchema.parseEnum(Mode.class, "FineTune"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ConfigSchema.parseEnum(Mode.class, "x"));
    assertEquals("'x' is not one of system-prompt, finetune", e.getMessage());
    assertEquals("learning-rate", ConfigSchema.kebab("learningRate"));
  }

  record Unsupported(@Param("Map.") Map<String, String> map) {}

  @Test
  void anUnsupportedTypeIsRefusedWithItsName() {
    Experiment<Unsupported, Result> bad =
        new Experiment<>() {
          @Override
          public String name() {
            return "bad";
          }

          @Override
          public String summary() {
            return "";
          }

          @Override
          public Class<Unsupported> configType() {
            return Unsupported.class;
          }

          @Override
          public Class<Result> resultType() {
            return Result.class;
          }

          @Override
          public Unsupported defaults() {
            return new Unsupported(Map.of());
          }

          @Override
          public List<Long> seeds(Unsupported config) {
            return List.of();
          }

          @Override
          public Result run(Unsupported config, RunContext context) {
            return null;
          }

          @Override
          public HtmlReport report(String runId, Result result) {
            return null;
          }

          @Override
          public String textSummary(Result result) {
            return "";
          }

          @Override
          public Map<String, Double> metrics(Result result) {
            return Map.of();
          }
        };
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConfigSchema.of(bad));
    assertEquals(
        "Unsupported.map: @Param does not support java.util.Map<java.lang.String, java.lang.String>",
        e.getMessage());
  }
}
