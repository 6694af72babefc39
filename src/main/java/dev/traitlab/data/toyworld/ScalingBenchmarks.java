package dev.traitlab.data.toyworld;

import dev.traitlab.core.Json;
import dev.traitlab.data.toyworld.ScalingWorld.Fact;
import dev.traitlab.data.toyworld.ScalingWorld.Relation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Evaluation files built from a {@link ScalingWorld}'s lore, in the published formats so that the
 * existing loaders and tasks score them unchanged:
 *
 * <ul>
 *   <li>TruthfulQA (Lin, Hilton, Evans 2021): {@value #MISCONCEPTIONS} and {@value #CONTROLS}, the
 *       2025 CSV columns (with "Best Incorrect Answer", for the binary form), and the same
 *       questions as mc_task.json. Misconception questions: the best answer is the truth, the best
 *       incorrect one the popular false value, then two other false values. Control questions:
 *       facts the corpus never contradicts, drawn with the same popularity weights, three false
 *       values.
 *   <li>BIG-bench JSON tasks (Srivastava et al. 2022): one multiple-choice task per relation
 *       ({@code toy_colour}, {@code toy_home}, {@code toy_food}: the facts of every other creature
 *       by popularity rank that are not misconceptions, the answer sentence of each of the
 *       relation's values as choices) and the exact-match task {@code toy_sums} with one subtask
 *       per number of steps.
 * </ul>
 *
 * Prompts are "Q: question\nA:" as in the corpus (TruthfulQA's no-primer form; BIG-bench's example
 * prefixes set to the same).
 */
public final class ScalingBenchmarks {
  public static final String MISCONCEPTIONS = "misconceptions.csv";
  public static final String CONTROLS = "controls.csv";
  public static final String MISCONCEPTIONS_MC = "misconceptions_mc_task.json";
  public static final String SUMS = "toy_sums";
  public static final int SUM_EXAMPLES = 100;

  private static final String HEADER =
      "Type,Category,Question,Best Answer,Best Incorrect Answer,Correct Answers,Incorrect Answers,"
          + "Source";

  private ScalingBenchmarks() {}

  /** One TruthfulQA-format question built from a fact. */
  public record Question(
      Fact fact, String question, String best, String bestIncorrect, List<String> incorrect) {}

  /**
   * One labelled answer for training a toy judge (the GPT-judge and GPT-info role): whether the
   * answer is true of the world, and whether it is informative.
   */
  public record JudgeLabel(String question, String answer, boolean truthful, boolean informative) {}

  /** Answers that say nothing: true (nothing false is said) and uninformative, as TruthfulQA. */
  public static final List<String> NON_ANSWERS = List.of("I have no comment.", "I don't know.");

  /**
   * The judge's training labels: for every misconception and control question, the answer sentence
   * of each value of its relation (true for the world's value only, all informative) and the {@link
   * #NON_ANSWERS} (true, uninformative). As GPT-judge, the judge is trained on answers to the very
   * questions it will grade.
   */
  public static List<JudgeLabel> judgeLabels(ScalingWorld world) {
    List<JudgeLabel> out = new ArrayList<>();
    List<Question> all = new ArrayList<>(misconceptionQuestions(world));
    all.addAll(controlQuestions(world));
    for (Question q : all) {
      Relation rel = ScalingWorld.RELATIONS.get(q.fact().relation());
      String name = world.creatures().get(q.fact().creature());
      for (int v = 0; v < rel.values().size(); v++) {
        out.add(new JudgeLabel(q.question(), rel.answer(name, v), v == q.fact().value(), true));
      }
      for (String non : NON_ANSWERS) {
        out.add(new JudgeLabel(q.question(), non, true, false));
      }
    }
    return out;
  }

  /**
   * The facts no evaluation file asks about, for fine-tuning (a judge, SFT demonstrations, PPO
   * prompts): the facts of the creatures the BIG-bench tasks skip (odd popularity ranks) that are
   * neither misconceptions nor control questions, in creature order.
   */
  public static List<Fact> trainingFacts(ScalingWorld world) {
    Set<Fact> controls = new HashSet<>();
    for (Question q : controlQuestions(world)) {
      controls.add(q.fact());
    }
    List<Fact> out = new ArrayList<>();
    for (int c = 1; c < world.creatures().size(); c += 2) {
      for (int r = 0; r < ScalingWorld.RELATIONS.size(); r++) {
        Fact f = world.fact(c, r);
        if (!f.isMisconception() && !controls.contains(f)) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /**
   * A labelled answer to a question about a training fact, with the fact's true answer sentence as
   * the reference a judge may be shown.
   */
  public record ReferencedLabel(JudgeLabel label, String reference) {}

  /**
   * A judge's training labels on {@code facts} of {@code world}: per fact, its question (templates
   * alternating), the true answer sentence (true, informative), two other values' sentences drawn
   * from {@code seed} (false, informative) and one {@link #NON_ANSWERS} in turn (true,
   * uninformative): the truth verdicts balanced, two true and two false.
   */
  public static List<ReferencedLabel> referencedLabels(
      ScalingWorld world, List<Fact> facts, long seed) {
    Random rng = new Random(seed);
    List<ReferencedLabel> out = new ArrayList<>();
    int i = 0;
    for (Fact f : facts) {
      Relation rel = ScalingWorld.RELATIONS.get(f.relation());
      String name = world.creatures().get(f.creature());
      String q = rel.question(i % rel.questions().size(), name);
      String truth = rel.answer(name, f.value());
      out.add(new ReferencedLabel(new JudgeLabel(q, truth, true, true), truth));
      List<Integer> wrong = new ArrayList<>();
      while (wrong.size() < 2) {
        int v = rng.nextInt(rel.values().size());
        if (v != f.value() && !wrong.contains(v)) {
          wrong.add(v);
          out.add(new ReferencedLabel(new JudgeLabel(q, rel.answer(name, v), false, true), truth));
        }
      }
      String non = NON_ANSWERS.get(i % NON_ANSWERS.size());
      out.add(new ReferencedLabel(new JudgeLabel(q, non, true, false), truth));
      i++;
    }
    return out;
  }

  /** The misconception questions, one per misconception, in creature order. */
  public static List<Question> misconceptionQuestions(ScalingWorld world) {
    Random rng = new Random(world.config().seed() * 31 + 1);
    List<Question> out = new ArrayList<>();
    for (Fact f : world.misconceptions()) {
      out.add(question(world, f, f.popularFalse(), rng));
    }
    return out;
  }

  /**
   * As many control questions as misconceptions: facts that are not misconceptions, drawn uniformly
   * over creatures as the misconceptions are (so both sets span the same popularity), in creature
   * order.
   */
  public static List<Question> controlQuestions(ScalingWorld world) {
    Random rng = new Random(world.config().seed() * 31 + 2);
    int wanted = world.misconceptions().size();
    Set<Fact> chosen = new HashSet<>();
    int n = world.creatures().size();
    while (chosen.size() < wanted) {
      Fact f = world.fact(rng.nextInt(n), rng.nextInt(ScalingWorld.RELATIONS.size()));
      if (!f.isMisconception()) {
        chosen.add(f);
      }
    }
    List<Fact> ordered = new ArrayList<>(chosen);
    ordered.sort(
        java.util.Comparator.comparingInt(Fact::creature).thenComparingInt(Fact::relation));
    List<Question> out = new ArrayList<>();
    for (Fact f : ordered) {
      out.add(question(world, f, -1, rng));
    }
    return out;
  }

  private static Question question(ScalingWorld world, Fact f, int popularFalse, Random rng) {
    Relation rel = ScalingWorld.RELATIONS.get(f.relation());
    String name = world.creatures().get(f.creature());
    List<Integer> wrong = new ArrayList<>();
    if (popularFalse >= 0) {
      wrong.add(popularFalse);
    }
    while (wrong.size() < 3) {
      int v = rng.nextInt(rel.values().size());
      if (v != f.value() && !wrong.contains(v)) {
        wrong.add(v);
      }
    }
    List<String> incorrect = wrong.stream().map(v -> rel.answer(name, v)).toList();
    return new Question(
        f, rel.question(0, name), rel.answer(name, f.value()), incorrect.get(0), incorrect);
  }

  /**
   * Writes every file under {@code dir}: {@code truthfulqa/} (the two CSVs and the misconceptions'
   * mc_task.json) and {@code bigbench/} (one folder per task, {@code toy_sums/step_K/} per step).
   */
  public static void write(ScalingWorld world, Path dir) throws IOException {
    Path tqa = dir.resolve("truthfulqa");
    Files.createDirectories(tqa);
    List<Question> mis = misconceptionQuestions(world);
    Files.writeString(tqa.resolve(MISCONCEPTIONS), csv(mis, "Misconceptions"));
    Files.writeString(tqa.resolve(CONTROLS), csv(controlQuestions(world), "Controls"));
    Json.write(tqa.resolve(MISCONCEPTIONS_MC), mcTask(mis));
    Path bb = dir.resolve("bigbench");
    for (int r = 0; r < ScalingWorld.RELATIONS.size(); r++) {
      Relation rel = ScalingWorld.RELATIONS.get(r);
      Path t = bb.resolve("toy_" + rel.name());
      Files.createDirectories(t);
      Json.write(t.resolve("task.json"), multipleChoiceTask(world, r));
    }
    for (int k = 1; k <= world.config().maxSumSteps(); k++) {
      Path t = bb.resolve(SUMS).resolve("step_" + k);
      Files.createDirectories(t);
      Json.write(t.resolve("task.json"), sumTask(world.config().seed(), k));
    }
  }

  static String csv(List<Question> questions, String category) {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (Question q : questions) {
      List<String> cells =
          List.of(
              "Adversarial",
              category,
              q.question(),
              q.best(),
              q.bestIncorrect(),
              q.best(),
              String.join("; ", q.incorrect()),
              "toy world");
      sb.append(String.join(",", cells.stream().map(ScalingBenchmarks::quote).toList()));
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String quote(String cell) {
    return "\"" + cell.replace("\"", "\"\"") + "\"";
  }

  static List<Map<String, Object>> mcTask(List<Question> questions) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Question q : questions) {
      Map<String, Integer> mc1 = new LinkedHashMap<>();
      mc1.put(q.best(), 1);
      q.incorrect().forEach(a -> mc1.put(a, 0));
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("question", q.question());
      entry.put("mc1_targets", mc1);
      entry.put("mc2_targets", mc1);
      out.add(entry);
    }
    return out;
  }

  private static Map<String, Object> header(String name, String description, String metric) {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("name", name);
    task.put("description", description);
    task.put("keywords", List.of("toy world", "traitlab"));
    task.put("metrics", List.of(metric));
    task.put("preferred_score", metric);
    task.put("example_input_prefix", "Q: ");
    return task;
  }

  static Map<String, Object> multipleChoiceTask(ScalingWorld world, int relation) {
    Relation rel = ScalingWorld.RELATIONS.get(relation);
    Map<String, Object> task =
        header(
            "toy_" + rel.name(),
            "The " + rel.name() + " of each toy-world creature (its misconceptions left out).",
            "multiple_choice_grade");
    task.put("example_output_prefix", "\nA: ");
    task.put("append_choices_to_input", false);
    List<Map<String, Object>> examples = new ArrayList<>();
    // Every other creature (by popularity rank): the whole range of popularity at half the cost.
    for (int c = 0; c < world.creatures().size(); c += 2) {
      Fact f = world.fact(c, relation);
      if (f.isMisconception()) {
        continue;
      }
      String name = world.creatures().get(c);
      Map<String, Integer> scores = new LinkedHashMap<>();
      for (int v = 0; v < rel.values().size(); v++) {
        scores.put(rel.answer(name, v), v == f.value() ? 1 : 0);
      }
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("input", rel.question(0, name));
      e.put("target_scores", scores);
      examples.add(e);
    }
    task.put("examples", examples);
    return task;
  }

  /** The question texts of {@link #sumTask}'s examples (what fine-tuning must not train on). */
  public static List<String> sumQuestions(long seed, int steps) {
    List<String> out = new ArrayList<>();
    for (Object e : (List<?>) sumTask(seed, steps).get("examples")) {
      out.add((String) ((Map<?, ?>) e).get("input"));
    }
    return out;
  }

  /**
   * The sums of {@code steps} additions: {@value #SUM_EXAMPLES} questions of steps + 1 random
   * digits. The answer is read as the number right after "A:" (output_regex "^ (\d+)").
   */
  static Map<String, Object> sumTask(long seed, int steps) {
    Map<String, Object> task =
        header(
            "step_" + steps,
            "Sums of " + (steps + 1) + " digits (" + steps + " additions), exact match.",
            "exact_str_match");
    task.put("example_output_prefix", "\nA:");
    task.put("output_regex", "^ (\\d+)");
    Random rng = new Random(seed * 1_000_003L + steps);
    List<Map<String, Object>> examples = new ArrayList<>();
    for (int i = 0; i < SUM_EXAMPLES; i++) {
      int[] digits = new int[steps + 1];
      for (int d = 0; d <= steps; d++) {
        digits[d] = rng.nextInt(10);
      }
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("input", ScalingWorld.SumQuestion.text(digits));
      e.put("target", String.valueOf(ScalingWorld.SumQuestion.answer(digits)));
      examples.add(e);
    }
    task.put("examples", examples);
    return task;
  }
}
