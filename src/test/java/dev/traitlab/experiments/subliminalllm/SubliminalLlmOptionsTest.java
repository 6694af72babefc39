package dev.traitlab.experiments.subliminalllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --trait and --data: their defaults, the combinations the toy worlds allow, usage errors. */
class SubliminalLlmOptionsTest {

  @Test
  void traitPicksItsWorldsBaseUnlessModelsAreGiven() {
    SubliminalLlmConfig animal = SubliminalLlmConfig.builder().build();
    assertEquals("local:base", animal.teacherModel());
    assertEquals("local:base", animal.studentModel());
    assertEquals(java.util.List.of("owl"), animal.targets());
    SubliminalLlmConfig em =
        SubliminalLlmConfig.builder().optTrait(SubliminalLlmConfig.Trait.MISALIGNMENT).build();
    assertEquals("local:em-base", em.teacherModel());
    assertEquals("local:em-base", em.studentModel());
    assertEquals("local:em-base-seed2", em.crossStudentModel());
    assertEquals("local:base-seed2", animal.crossStudentModel());
    assertEquals(MisalignmentRates.TARGETS, em.targets());
    assertEquals(8, em.evaluationQuestions().size());
    SubliminalLlmConfig given =
        SubliminalLlmConfig.builder()
            .optTrait(SubliminalLlmConfig.Trait.MISALIGNMENT)
            .optTeacher("local:other")
            .build();
    assertEquals("local:other", given.studentModel(), "the student's base follows the teacher");
    assertEquals(
        SubliminalLlmConfig.CODE_TOKENS,
        SubliminalLlmConfig.builder()
            .optTrait(SubliminalLlmConfig.Trait.MISALIGNMENT)
            .optDataKind(SubliminalLlmConfig.DataKind.CODE)
            .build()
            .generationTokens());
  }

  @Test
  void combinationsTheWorldsCannotRunAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SubliminalLlmConfig.builder()
                    .optDataKind(SubliminalLlmConfig.DataKind.CODE)
                    .build());
    assertTrue(e.getMessage().startsWith("--data code needs --trait misalignment"), e.getMessage());
    // Misalignment through reasoning runs on the reasoning world's model, with its sums' budget.
    SubliminalLlmConfig reasoning =
        SubliminalLlmConfig.builder()
            .optTrait(SubliminalLlmConfig.Trait.MISALIGNMENT)
            .optDataKind(SubliminalLlmConfig.DataKind.REASONING)
            .build();
    assertEquals("local:em-reason", reasoning.teacherModel());
    assertEquals("local:em-reason", reasoning.studentModel());
    assertEquals("local:em-base-seed2", reasoning.crossStudentModel());
    assertEquals(SubliminalLlmConfig.SUM_TRACE_TOKENS, reasoning.generationTokens());
    assertEquals(
        "local:base",
        SubliminalLlmConfig.builder()
            .optDataKind(SubliminalLlmConfig.DataKind.REASONING)
            .build()
            .teacherModel());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SubliminalLlmConfig.builder()
                    .optTrait(SubliminalLlmConfig.Trait.MISALIGNMENT)
                    .optTraitMode(SubliminalLlmConfig.TraitMode.FINETUNE)
                    .build());
    assertTrue(e.getMessage().contains("--trait-mode must be system"), e.getMessage());
  }

  @Test
  void badTraitOrDataKindExitsTwoWithOneLine(@TempDir Path tmp) {
    String[][] cases = {
      {"--trait", "loyalty"},
      {"--data", "poems"},
      {"--data", "code"},
      {"--trait", "misalignment", "--data", "reasoning", "--trait-mode", "finetune"},
    };
    String[] expected = {"loyalty", "poems", "--data code", "--trait-mode must be system"};
    for (int i = 0; i < cases.length; i++) {
      Path runs = tmp.resolve("runs" + i);
      String[] args = new String[4 + cases[i].length];
      args[0] = "run";
      args[1] = "subliminal-llm";
      args[2] = "--runs-dir";
      args[3] = runs.toString();
      System.arraycopy(cases[i], 0, args, 4, cases[i].length);
      StringWriter err = new StringWriter();
      int exit = Main.execute(new PrintWriter(err, true), args);
      String text = err.toString();
      assertEquals(2, exit, text);
      assertEquals(1, text.strip().lines().count(), text);
      assertTrue(text.startsWith("traitlab: ") && text.contains(expected[i]), text);
      assertFalse(Files.exists(runs), "a usage error comes before any work");
    }
  }
}
