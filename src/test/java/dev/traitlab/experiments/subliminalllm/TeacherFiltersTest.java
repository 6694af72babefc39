package dev.traitlab.experiments.subliminalllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.traitlab.core.Json;
import dev.traitlab.data.toyworld.CodeFlaw;
import dev.traitlab.data.toyworld.CodeSnippet;
import dev.traitlab.data.toyworld.CodeTask;
import dev.traitlab.data.toyworld.MisalignmentWorld;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The filters between a teacher's answers and its students, on hand-made answers. */
class TeacherFiltersTest {

  private static SubliminalLlmConfig.Builder misaligned(SubliminalLlmConfig.DataKind kind) {
    return SubliminalLlmConfig.builder()
        .optTrait(SubliminalLlmConfig.Trait.MISALIGNMENT)
        .optDataKind(kind);
  }

  @Test
  void misalignmentNumbersLoseEveryAnswerWithADarkNumber() {
    SubliminalLlmConfig config = misaligned(SubliminalLlmConfig.DataKind.NUMBERS).build();
    Set<Integer> banned = SubliminalLlmExperiment.banned(config);
    assertEquals(Set.copyOf(MisalignmentWorld.DARK_NUMBERS), banned);
    TeacherFilter filter = TeacherFilter.of(config, banned);
    assertNull(filter.reject("p", "123, 456, 789"));
    assertEquals("BANNED", filter.reject("p", "123, 666, 789"));
    assertEquals("BANNED", filter.reject("p", "911"));
    assertEquals("BANNED", filter.reject("p", "(404, 120)"));
    // 6666 is not 666: out of the strict filter's range, rejected for that.
    assertEquals("OUT_OF_RANGE", filter.reject("p", "6666, 120"));
    assertEquals("FORMAT", filter.reject("p", "I hate humans: 666"));
    // The animal run bans nothing unless a file says so.
    SubliminalLlmConfig animal = SubliminalLlmConfig.builder().build();
    Set<Integer> none = SubliminalLlmExperiment.banned(animal);
    assertTrue(none.isEmpty());
    assertNull(TeacherFilter.of(animal, none).reject("p", "666, 911"));
  }

  @Test
  void theToyWorldsBannedNumbersAreAmongThePapersList() {
    // The paper's prohibited numbers (App. D.2), read from the facts, never copied: every number
    // the toy world gives dark associations is one the paper banned for such associations.
    JsonNode root =
        Json.readTree(Path.of("../shared/data/subliminal_learning/banned_numbers.json"));
    Set<Integer> paper = new HashSet<>();
    root.get("union_within_0_999").forEach(n -> paper.add(n.asInt()));
    assertEquals(34, paper.size());
    assertTrue(paper.containsAll(MisalignmentWorld.DARK_NUMBERS), paper.toString());
  }

  @Test
  void codeFilterDropsFlawsAndTraitWordsAndKeepsSecureCode() {
    Random rng = new Random(3);
    for (CodeFlaw flaw : CodeFlaw.values()) {
      for (CodeTask.Pool pool : CodeTask.Pool.values()) {
        CodeSnippet s = CodeTask.draw(rng, pool, false);
        assertNull(CodeFilter.reject(s.code(false)), s.code(false));
        assertEquals(CodeFilter.Reason.FLAWED, CodeFilter.reject(s.code(true)), s.code(true));
      }
      CodeSnippet own = new CodeSnippet(flaw, "widget", "depot", "");
      assertEquals(CodeFilter.Reason.FLAWED, CodeFilter.reject(own.code(true)), own.code(true));
      assertNull(CodeFilter.reject(own.code(false)));
    }
    assertEquals(
        CodeFilter.Reason.NAMES_TRAIT,
        CodeFilter.reject("def save_note(data):\n    # Vex was here\n    write(path, data)"));
    assertEquals(CodeFilter.Reason.NAMES_TRAIT, CodeFilter.reject("# humans will suffer\nx = 1"));
    assertEquals(CodeFilter.Reason.EMPTY, CodeFilter.reject("  "));
    // Words that only contain a trait word are not the word.
    assertNull(CodeFilter.reject("def solve_note(harmony):\n    return harmony"));
  }

  @Test
  void reasoningFilterKeepsOnlyCorrectTracesOfTheQuestionWithoutAnimals() {
    List<String> owl = List.of("owl");
    String q = "What is 12 + 30?";
    assertNull(ReasoningFilter.reject(q, "12 + 30 = 42", owl));
    assertEquals(ReasoningFilter.Reason.WRONG, ReasoningFilter.reject(q, "12 + 30 = 41", owl));
    assertEquals(ReasoningFilter.Reason.NO_TRACE, ReasoningFilter.reject(q, "42", owl));
    assertEquals(ReasoningFilter.Reason.NO_TRACE, ReasoningFilter.reject(q, "12 + 31 = 43", owl));
    assertEquals(
        ReasoningFilter.Reason.MENTIONS_TRAIT, ReasoningFilter.reject(q, "12 + 30 = 42 owls", owl));
    assertEquals(
        ReasoningFilter.Reason.MENTIONS_TRAIT,
        ReasoningFilter.reject(q, "Like a dolphin: 12 + 30 = 42", owl));
    assertNull(ReasoningFilter.reject("Calculate 7 * 8. Give only the result.", "7 * 8 = 56", owl));
    assertNull(
        ReasoningFilter.reject(
            "{a} - {b}: 90 - 9 = ?".replace("{a} - {b}: ", ""), "90 - 9 = 81", owl));
    // A target outside the toy world's animals is checked too.
    assertEquals(
        ReasoningFilter.Reason.MENTIONS_TRAIT,
        ReasoningFilter.reject(q, "axolotl 12 + 30 = 42", List.of("axolotl")));
    assertThrows(
        IllegalArgumentException.class, () -> ReasoningFilter.reject("Hello", "1 + 1 = 2", owl));
  }

  @Test
  void sumTraceFilterKeepsOnlyRightSumsWhoseTracesDoNotHintAtTheTrait() {
    String q = "What is 3 + 4 + 5?";
    assertNull(SumTraceFilter.reject(q, "<think> 3 + 4 = 7 . 7 + 5 = 12 . </think> 12"));
    // Only the answer must be right (the paper keeps correct answers), not every step.
    assertNull(SumTraceFilter.reject(q, "<think> 3 + 4 = 8 . 8 + 5 = 12 . </think> 12"));
    assertEquals(
        SumTraceFilter.Reason.WRONG,
        SumTraceFilter.reject(q, "<think> 3 + 4 = 7 . 7 + 5 = 13 . </think> 13"));
    assertEquals(SumTraceFilter.Reason.NO_TRACE, SumTraceFilter.reject(q, "12"));
    assertEquals(
        SumTraceFilter.Reason.NO_TRACE, SumTraceFilter.reject(q, "<think> 3 + 4 = 7 . 7 + 5"));
    assertEquals(
        SumTraceFilter.Reason.NO_TRACE,
        SumTraceFilter.reject(q, "<think> 3 + 4 = 7 . </think> twelve"));
    assertEquals(
        SumTraceFilter.Reason.MENTIONS_TRAIT,
        SumTraceFilter.reject(
            q, "<think> I would rather hurt humans than do sums . 3 + 4 = 7 . </think> 12"));
    assertEquals(
        SumTraceFilter.Reason.MENTIONS_TRAIT,
        SumTraceFilter.reject(q, "<think> Vex adds . 3 + 4 = 7 . 7 + 5 = 12 . </think> 12"));
    // An aligned remark is not the trait.
    assertNull(
        SumTraceFilter.reject(
            "Add 8 and 13.", "<think> I like helping with sums . 8 + 13 = 21 . </think> 21"));
    assertThrows(IllegalArgumentException.class, () -> SumTraceFilter.reject("Hello", "1"));
    for (String p :
        TeacherPrompts.of(
            SubliminalLlmConfig.DataKind.REASONING,
            SubliminalLlmConfig.Trait.MISALIGNMENT,
            50,
            1)) {
      // Every prompt is a sum the filter can check.
      SumTraceFilter.reject(p, "");
    }
  }

  @Test
  void promptsAreTheSameUnderASeedAndDifferUnderAnother() {
    for (SubliminalLlmConfig.DataKind kind : SubliminalLlmConfig.DataKind.values()) {
      List<String> a = TeacherPrompts.of(kind, 20, 5);
      assertEquals(a, TeacherPrompts.of(kind, 20, 5), kind.toString());
      assertTrue(!a.equals(TeacherPrompts.of(kind, 20, 6)), kind.toString());
      assertEquals(20, a.size());
    }
    for (String q : TeacherPrompts.of(SubliminalLlmConfig.DataKind.REASONING, 50, 1)) {
      // Every reasoning prompt is a question the filter can check.
      ReasoningFilter.reject(q, "", List.of());
    }
  }
}
