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

  /**
   * Checks, before any model loads, that the task exists and its file or folder is there.
   *
   * @throws TraitlabException naming what is wrong
   */
  public static void check(String task, Path data) {
    if (!NAMES.contains(task)) {
      throw new TraitlabException(
          "unknown eval task '" + task + "' (known: " + String.join(", ", NAMES) + ")");
    }
    if (!task.equals("calibratedmath")) {
      if (data == null) {
        throw new TraitlabException("eval " + task + " needs --data (the task file or folder)");
      }
      if (!Files.exists(data)) {
        throw new TraitlabException("eval " + task + ": no such file or folder " + data);
      }
    }
  }

  public static List<Task<?>> build(Request r) {
    check(r.task(), r.data());
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
          tasks.add(TruthfulQaTasks.generation(TruthfulQaCsv.load(r.data()), requireJudge(r)));
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
                  new Judge(requireJudge(r)),
                  new FreeFormTasks.Settings(r.samplesPerParaphrase(), r.maxTokens(), 1.0)));
      default -> throw new IllegalStateException(r.task());
    }
    return tasks;
  }

  private static LanguageModel requireJudge(Request r) {
    if (r.judge() == null) {
      throw new TraitlabException("eval " + r.task() + " needs --judge (the judge model)");
    }
    return r.judge();
  }
}
