package dev.traitlab.eval;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.eval.bigbench.BigBenchLoader;
import dev.traitlab.eval.bigbench.BigBenchTaskFile;
import dev.traitlab.eval.bigbench.BigBenchTasks;
import dev.traitlab.eval.calibratedmath.CalibratedMathTask;
import dev.traitlab.eval.calibratedmath.MathQuestionGenerator;
import dev.traitlab.eval.freeform.FreeFormTasks;
import dev.traitlab.eval.freeform.FreeFormYaml;
import dev.traitlab.eval.judge.Judge;
import dev.traitlab.eval.task.Task;
import dev.traitlab.eval.truthfulqa.McTaskJson;
import dev.traitlab.eval.truthfulqa.TruthfulQaCsv;
import dev.traitlab.eval.truthfulqa.TruthfulQaTasks;
import dev.traitlab.model.LanguageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the tasks an eval request names from the files the user gives. Nothing is downloaded. */
public final class EvalTasks {
  public static final List<String> NAMES =
      List.of(
          "truthfulqa-mc",
          "truthfulqa-binary",
          "truthfulqa-binary-shown",
          "truthfulqa-gen",
          "bigbench",
          "calibratedmath",
          "freeform");

  private EvalTasks() {}

  /**
   * What to build. data is the task file or folder (unused by calibratedmath); judge may be null
   * for tasks without one; questions is the number of CalibratedMath questions;
   * samplesPerParaphrase 0 keeps the YAML's value.
   */
  public record Request(
      String task,
      Path data,
      int shots,
      long seed,
      int questions,
      int samplesPerParaphrase,
      int maxTokens,
      LanguageModel judge,
      boolean noPrimer) {}

  /** The tasks scored by a judge model. */
  private static final List<String> JUDGED = List.of("truthfulqa-gen", "freeform");

  /**
   * Checks what a request names, before anything is read: a known task, a file or folder for the
   * tasks that read one, a judge for the judged tasks.
   *
   * @throws IllegalArgumentException naming the option that is wrong (a usage error)
   */
  public static void checkArguments(String task, Path data, boolean hasJudge) {
    if (!NAMES.contains(task)) {
      throw new IllegalArgumentException(
          "unknown eval task '" + task + "' (known: " + String.join(", ", NAMES) + ")");
    }
    if (data == null && readsData(task)) {
      throw new IllegalArgumentException(
          "eval " + task + " needs --data (the task file or folder)");
    }
    if (!hasJudge && JUDGED.contains(task)) {
      throw new IllegalArgumentException("eval " + task + " needs --judge (the judge model)");
    }
  }

  /**
   * Checks, before any model loads, the request's arguments and that its file or folder is there.
   *
   * @throws IllegalArgumentException when the arguments are wrong
   * @throws TraitlabException when the file or folder is missing
   */
  public static void check(String task, Path data, boolean hasJudge) {
    checkArguments(task, data, hasJudge);
    if (readsData(task) && !Files.exists(data)) {
      throw new TraitlabException("eval " + task + ": no such file or folder " + data);
    }
  }

  private static boolean readsData(String task) {
    return !task.equals("calibratedmath");
  }

  public static List<Task<?>> build(Request r) {
    check(r.task(), r.data(), r.judge() != null);
    List<Task<?>> tasks = new ArrayList<>();
    switch (r.task()) {
      case "truthfulqa-mc" ->
          tasks.add(
              r.data().toString().endsWith(".json")
                  ? TruthfulQaTasks.multipleChoice(McTaskJson.load(r.data()), !r.noPrimer())
                  : TruthfulQaTasks.multipleChoiceFromCsv(
                      TruthfulQaCsv.load(r.data()), !r.noPrimer()));
      case "truthfulqa-binary" ->
          tasks.add(TruthfulQaTasks.binary(TruthfulQaCsv.load(r.data()), !r.noPrimer()));
      case "truthfulqa-binary-shown" ->
          tasks.add(TruthfulQaTasks.binaryShown(TruthfulQaCsv.load(r.data())));
      case "truthfulqa-gen" ->
          tasks.add(TruthfulQaTasks.generation(TruthfulQaCsv.load(r.data()), r.judge()));
      case "bigbench" -> {
        for (BigBenchTaskFile f : BigBenchLoader.load(r.data())) {
          if (f.hasMultipleChoice()) {
            tasks.add(BigBenchTasks.multipleChoice(f, r.shots()));
          }
          if (f.metrics().contains(BigBenchTasks.EXACT)) {
            tasks.add(BigBenchTasks.generative(f, r.shots(), r.maxTokens()));
          }
        }
      }
      case "calibratedmath" ->
          tasks.add(
              CalibratedMathTask.task(
                  MathQuestionGenerator.generate(r.seed(), r.questions()), r.maxTokens()));
      case "freeform" ->
          tasks.add(
              FreeFormTasks.task(
                  "freeform:" + r.data().getFileName(),
                  FreeFormYaml.load(r.data()),
                  new Judge(r.judge()),
                  new FreeFormTasks.Settings(r.samplesPerParaphrase(), r.maxTokens(), 1.0)));
      default -> throw new IllegalStateException(r.task());
    }
    return tasks;
  }
}
