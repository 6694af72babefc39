package dev.traitlab.eval.calibratedmath;

import dev.traitlab.eval.metrics.Calibration;
import dev.traitlab.eval.metrics.CalibrationMetric;
import dev.traitlab.eval.metrics.MeanMetric;
import dev.traitlab.eval.task.ChunkedSolver;
import dev.traitlab.eval.task.LogprobChoices;
import dev.traitlab.eval.task.Metric;
import dev.traitlab.eval.task.Sample;
import dev.traitlab.eval.task.SolverOutput;
import dev.traitlab.eval.task.Task;
import dev.traitlab.model.Completion;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.ScoreRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CalibratedMath: the model answers "Q: ...\nA:" greedily and is expected to add a line
 * "Confidence: NN%" (or a confidence word, "Confidence: medium", read as its interval's midpoint:
 * {@link VerbalizedWord}). Confidence is taken two ways: the verbalised one, and the model's own
 * probability of the answer it gave (exp of the answer's summed log-probability). Each is scored
 * against correctness with MSE, MAD and ECE (10 bins). {@link #STATED} is the share of answers that
 * stated a confidence at all: a model never taught to state one scores 0 there, and its verbalised
 * metrics have no sample (n = 0) rather than a value.
 */
public final class CalibratedMathTask {
  public static final String CORRECT = "correct";
  public static final String VERBAL = "verbal_confidence";
  public static final String ANSWER_PROB = "answer_probability";

  /** 1 when the reply stated a confidence the parser reads, else 0. */
  public static final String STATED = "stated_confidence";

  private CalibratedMathTask() {}

  public static Task<MathQuestion> task(List<MathQuestion> questions, int maxTokens) {
    List<Sample<MathQuestion>> samples = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      MathQuestion q = questions.get(i);
      samples.add(
          new Sample<>(
              "m" + i,
              q.question(),
              (q.multiAnswer() ? q.relation() + " " + q.bound() : q.answer()),
              q));
    }
    List<Metric> metrics = new ArrayList<>();
    metrics.add(MeanMetric.of(CORRECT));
    metrics.add(MeanMetric.of(STATED));
    for (String conf : List.of(VERBAL, ANSWER_PROB)) {
      metrics.add(
          new CalibrationMetric(
              conf + "_mse", CalibrationMetric.Kind.MSE, conf, CORRECT, Calibration.DEFAULT_BINS));
      metrics.add(
          new CalibrationMetric(
              conf + "_mad", CalibrationMetric.Kind.MAD, conf, CORRECT, Calibration.DEFAULT_BINS));
      metrics.add(
          new CalibrationMetric(
              conf + "_ece", CalibrationMetric.Kind.ECE, conf, CORRECT, Calibration.DEFAULT_BINS));
    }
    return new Task<>(
        "calibratedmath",
        samples,
        solver(maxTokens),
        (sample, out) -> {
          Map<String, Double> scores = new LinkedHashMap<>();
          scores.put(
              CORRECT,
              sample.item().isCorrect(String.valueOf(out.details().get("answer"))) ? 1.0 : 0.0);
          double verbal = number(out.details().get(VERBAL));
          scores.put(VERBAL, verbal);
          scores.put(STATED, Double.isNaN(verbal) ? 0.0 : 1.0);
          scores.put(ANSWER_PROB, number(out.details().get(ANSWER_PROB)));
          return scores;
        },
        metrics);
  }

  /**
   * Each sample's answer generated greedily, one sample at a time, then the probabilities of the
   * chunk's answers scored in one batched call.
   */
  private static ChunkedSolver<MathQuestion> solver(int maxTokens) {
    return (samples, seeds, model) -> {
      List<String> replies = new ArrayList<>();
      List<String> answers = new ArrayList<>();
      int[] truncated = new int[samples.size()];
      List<ScoreRequest> requests = new ArrayList<>();
      for (int i = 0; i < samples.size(); i++) {
        String prompt = samples.get(i).item().prompt();
        Sampling greedy =
            Sampling.builder()
                .optTemperature(0)
                .optMaxTokens(maxTokens)
                .optStop(List.of("\n\n", "\nQ:"))
                .optSeed(seeds[i])
                .optTruncateLeft(true)
                .build();
        List<Completion> c = model.complete(prompt, greedy);
        truncated[i] = SolverOutput.truncatedTokens(c);
        String reply = c.isEmpty() ? "" : c.get(0).text();
        String answer = ConfidenceParser.answer(reply);
        replies.add(reply);
        answers.add(answer);
        if (!answer.isEmpty()) {
          requests.add(new ScoreRequest(prompt, List.of(" " + answer)));
        }
      }
      Iterator<double[]> scored =
          requests.isEmpty()
              ? Collections.emptyIterator()
              : LogprobChoices.scoreAll(model, requests).iterator();
      List<SolverOutput> out = new ArrayList<>();
      for (int i = 0; i < samples.size(); i++) {
        String answer = answers.get(i);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("answer", answer);
        details.put(VERBAL, nullIfNaN(ConfidenceParser.parseAny(replies.get(i))));
        double p = answer.isEmpty() ? Double.NaN : Math.exp(scored.next()[0]);
        details.put(ANSWER_PROB, nullIfNaN(p));
        out.add(
            SolverOutput.generated(
                samples.get(i).item().prompt(),
                replies.get(i),
                SolverOutput.withTruncation(details, truncated[i])));
      }
      return out;
    };
  }

  private static Object nullIfNaN(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static double number(Object o) {
    return o == null ? Double.NaN : ((Number) o).doubleValue();
  }
}
