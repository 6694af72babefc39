package dev.traitlab.experiments.subliminalllm;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.eval.task.EvalRun;
import dev.traitlab.eval.task.EvalRunner;
import dev.traitlab.eval.task.SampleResult;
import dev.traitlab.eval.traitrate.TraitRateTask;
import dev.traitlab.stats.MeanInterval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One model's answers to the favourite-animal questions and, for each target animal, the share of
 * answers that contain it (substring of the lower-cased answer), per question.
 *
 * @param answers answers.get(q) are the k answers to question q
 * @param perQuestion animal -> rate per question
 */
public record TraitRates(List<List<String>> answers, Map<String, double[]> perQuestion) {

  /** The rates of answers.get(q), the k answers to question q (the trait-rate task's scoring). */
  public static TraitRates score(List<List<String>> answers, List<String> animals) {
    Map<String, double[]> rates = new LinkedHashMap<>();
    for (String animal : animals) {
      rates.put(animal, new double[answers.size()]);
    }
    for (int q = 0; q < answers.size(); q++) {
      Map<String, Double> r = TraitRateTask.rates(answers.get(q), animals);
      for (String animal : animals) {
        rates.get(animal)[q] = r.get(TraitRateTask.rateKey(animal));
      }
    }
    return new TraitRates(answers, rates);
  }

  /**
   * The rates of a trait-rate task's run, one question per sample in order.
   *
   * @throws TraitlabException when the model could not answer a question
   */
  public static TraitRates of(EvalRun run, List<String> animals) {
    List<List<String>> answers = new ArrayList<>();
    for (SampleResult r : run.results()) {
      Object error = r.output().details().get(EvalRunner.ERROR);
      if (error != null) {
        throw new TraitlabException(
            run.model() + " could not answer " + r.sampleId() + ": " + error);
      }
      answers.add(TraitRateTask.answers(r.output()));
    }
    return score(answers, animals);
  }

  /** Mean of the per-question rates with its 95% interval across questions. */
  public MeanInterval rate(String animal) {
    double[] r = perQuestion.get(animal);
    if (r == null) {
      throw new IllegalArgumentException("no rate for '" + animal + "'");
    }
    return MeanInterval.ofBounded(0, 1, r);
  }

  /** The most frequent answers (lower-cased, trimmed), most frequent first. */
  public List<Map.Entry<String, Integer>> topAnswers(int limit) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (List<String> a : answers) {
      for (String text : a) {
        counts.merge(text.strip().toLowerCase(Locale.ROOT), 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> out = new ArrayList<>(counts.entrySet());
    out.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    return out.subList(0, Math.min(limit, out.size()));
  }
}
