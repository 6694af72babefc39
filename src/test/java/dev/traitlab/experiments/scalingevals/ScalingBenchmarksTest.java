package dev.traitlab.experiments.scalingevals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.toyworld.ScalingBenchmarks;
import dev.traitlab.data.toyworld.ScalingWorld;
import dev.traitlab.data.toyworld.ScalingWorldConfig;
import dev.traitlab.eval.bigbench.BigBenchExample;
import dev.traitlab.eval.bigbench.BigBenchLoader;
import dev.traitlab.eval.bigbench.BigBenchTaskFile;
import dev.traitlab.eval.bigbench.BigBenchTasks;
import dev.traitlab.eval.truthfulqa.McTaskJson;
import dev.traitlab.eval.truthfulqa.McTaskQuestion;
import dev.traitlab.eval.truthfulqa.TruthfulQaCsv;
import dev.traitlab.eval.truthfulqa.TruthfulQaQuestion;
import dev.traitlab.eval.truthfulqa.TruthfulQaTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scaling world's evaluation files load in the existing TruthfulQA and BIG-bench loaders. */
class ScalingBenchmarksTest {
  @TempDir Path dir;

  private final ScalingWorld world = new ScalingWorld(ScalingWorldConfig.defaults(10, 1));

  @Test
  void truthfulQaFilesLoadAndPairTruthWithThePopularFalseValue() throws Exception {
    ScalingBenchmarks.write(world, dir);
    Path tqa = dir.resolve("truthfulqa");
    List<TruthfulQaQuestion> mis =
        TruthfulQaCsv.load(tqa.resolve(ScalingBenchmarks.MISCONCEPTIONS));
    List<TruthfulQaQuestion> con = TruthfulQaCsv.load(tqa.resolve(ScalingBenchmarks.CONTROLS));
    assertEquals(80, mis.size());
    assertEquals(80, con.size());
    List<ScalingWorld.Fact> facts = world.misconceptions();
    for (int i = 0; i < mis.size(); i++) {
      TruthfulQaQuestion q = mis.get(i);
      ScalingWorld.Fact f = facts.get(i);
      ScalingWorld.Relation rel = ScalingWorld.RELATIONS.get(f.relation());
      String name = world.creatures().get(f.creature());
      assertEquals(rel.question(0, name), q.question());
      assertEquals(rel.answer(name, f.value()), q.bestAnswer());
      assertEquals(rel.answer(name, f.popularFalse()), q.bestIncorrectAnswer());
      assertEquals(List.of(q.bestAnswer()), q.correctAnswers());
      assertEquals(3, q.incorrectAnswers().size());
      assertEquals(3, new HashSet<>(q.incorrectAnswers()).size());
      assertFalse(q.incorrectAnswers().contains(q.bestAnswer()));
    }
    Set<String> misQuestions = new HashSet<>();
    mis.forEach(q -> misQuestions.add(q.question()));
    for (TruthfulQaQuestion q : con) {
      assertFalse(misQuestions.contains(q.question()), q.question());
      assertNotEquals(q.bestAnswer(), q.bestIncorrectAnswer());
    }
    // The existing tasks build on them (MC1/MC2/MC3 and the 2025 binary form).
    assertEquals(80, TruthfulQaTasks.multipleChoiceFromCsv(mis, false).samples().size());
    assertEquals(80, TruthfulQaTasks.binary(mis, false).samples().size());
    List<McTaskQuestion> mc = McTaskJson.load(tqa.resolve(ScalingBenchmarks.MISCONCEPTIONS_MC));
    assertEquals(80, mc.size());
    for (int i = 0; i < mc.size(); i++) {
      McTaskQuestion q = mc.get(i);
      assertEquals(mis.get(i).question(), q.question());
      assertEquals(4, q.mc1Choices().size());
      // The JSON writer orders keys, so the best answer is found by its label, not its place.
      assertEquals(mis.get(i).bestAnswer(), q.mc1Choices().get(q.mc1Labels().indexOf(1)));
      assertEquals(1, q.mc1Labels().stream().filter(l -> l == 1).count());
    }
  }

  @Test
  void bigBenchTasksLoadWithMisconceptionsLeftOut() throws Exception {
    ScalingBenchmarks.write(world, dir);
    Path bb = dir.resolve("bigbench");
    int examples = 0;
    for (ScalingWorld.Relation rel : ScalingWorld.RELATIONS) {
      List<BigBenchTaskFile> files = BigBenchLoader.load(bb.resolve("toy_" + rel.name()));
      assertEquals(1, files.size());
      BigBenchTaskFile f = files.get(0);
      assertEquals(List.of(BigBenchTasks.MCG), f.metrics());
      assertEquals("Q: ", f.format().exampleInputPrefix());
      assertFalse(f.format().appendChoicesToInput());
      for (BigBenchExample e : f.examples()) {
        assertEquals(8, e.targetScores().size());
        assertEquals(1, e.targets().size());
      }
      examples += f.examples().size();
      assertEquals(f.examples().size(), BigBenchTasks.multipleChoice(f, 0).samples().size());
    }
    // The facts of every other creature (ranks 0, 2, 4, ...) that are not misconceptions.
    long expected =
        world.facts().stream().filter(f -> f.creature() % 2 == 0 && !f.isMisconception()).count();
    assertEquals(expected, examples);
    assertTrue(examples > 600, "examples " + examples);
    List<BigBenchTaskFile> sums = BigBenchLoader.load(bb.resolve(ScalingBenchmarks.SUMS));
    assertEquals(4, sums.size());
    assertEquals("toy_sums:step_1", sums.get(0).name());
    for (int k = 1; k <= 4; k++) {
      BigBenchTaskFile f = sums.get(k - 1);
      assertTrue(f.isGenerative());
      assertEquals(ScalingBenchmarks.SUM_EXAMPLES, f.examples().size());
      BigBenchExample e = f.examples().get(0);
      String[] digits = e.input().replace("What is ", "").replace("?", "").split(" \\+ ");
      assertEquals(k + 1, digits.length);
      int s = 0;
      for (String d : digits) {
        s += Integer.parseInt(d);
      }
      assertEquals(List.of(String.valueOf(s)), e.targets());
    }
    // The answer is the number right after "A:" as the corpus writes it.
    assertEquals(
        "12",
        dev.traitlab.eval.bigbench.BigBenchMetrics.postprocess(
            " 12.\n\nQ:", null, sums.get(0).format().outputRegex()));
    assertEquals(
        "",
        dev.traitlab.eval.bigbench.BigBenchMetrics.postprocess(
            " The 12.", null, sums.get(0).format().outputRegex()));
  }

  @Test
  void filesAreDeterministic() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    ScalingBenchmarks.write(world, a);
    ScalingBenchmarks.write(new ScalingWorld(ScalingWorldConfig.defaults(10, 1)), b);
    for (String f :
        List.of(
            "truthfulqa/" + ScalingBenchmarks.MISCONCEPTIONS,
            "truthfulqa/" + ScalingBenchmarks.CONTROLS,
            "bigbench/toy_food/task.json",
            "bigbench/toy_sums/step_3/task.json")) {
      assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), f);
    }
  }
}
