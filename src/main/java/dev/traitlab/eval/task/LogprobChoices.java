package dev.traitlab.eval.task;

import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.ScoreRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Summed log-probabilities of answer choices after a prompt, and their normalisations. */
public final class LogprobChoices {
  private LogprobChoices() {}

  /**
   * What a multiple-choice sample asks: the prompt, the choices as recorded in its output, the
   * continuation scored for each choice (in the same order), and details kept with the sample.
   */
  public record Question(
      String prompt,
      List<String> choices,
      List<String> continuations,
      Map<String, Object> details) {
    public Question {
      choices = List.copyOf(choices);
      continuations = List.copyOf(continuations);
      details = details == null ? Map.of() : details;
      if (choices.size() != continuations.size()) {
        throw new IllegalArgumentException(
            choices.size() + " choices but " + continuations.size() + " continuations");
      }
    }

    /** A question whose choices are scored as they are, with no details. */
    public static Question of(String prompt, List<String> choices) {
      return new Question(prompt, choices, choices, Map.of());
    }
  }

  /** The question of a sample, every random choice from its seed. */
  @FunctionalInterface
  public interface Asker<T> {
    Question ask(Sample<T> sample, long seed);
  }

  /**
   * A solver that scores each sample's question: the choices with their summed log-probabilities
   * and the question's details. The questions of a chunk go to the model in one {@link
   * LanguageModel#scoreBatch} call.
   */
  public static <T> ChunkedSolver<T> solver(Asker<T> asker) {
    return (samples, seeds, model) -> {
      List<Question> questions = new ArrayList<>(samples.size());
      List<ScoreRequest> requests = new ArrayList<>(samples.size());
      for (int i = 0; i < samples.size(); i++) {
        Question q = asker.ask(samples.get(i), seeds[i]);
        questions.add(q);
        requests.add(new ScoreRequest(q.prompt(), q.continuations()));
      }
      List<double[]> lps = scoreAll(model, requests);
      List<SolverOutput> out = new ArrayList<>(samples.size());
      for (int i = 0; i < samples.size(); i++) {
        Question q = questions.get(i);
        out.add(new SolverOutput(q.prompt(), "", q.choices(), lps.get(i), q.details()));
      }
      return out;
    };
  }

  /** log P(continuation | prompt) for each continuation, in order. */
  public static double[] score(LanguageModel model, String prompt, List<String> continuations) {
    return scoreAll(model, List.of(new ScoreRequest(prompt, continuations))).getFirst();
  }

  /**
   * {@link #score} for several prompts in one {@link LanguageModel#scoreBatch} call: item i holds
   * log P(continuation | prompt) of request i's continuations, in order.
   */
  public static List<double[]> scoreAll(LanguageModel model, List<ScoreRequest> requests) {
    List<List<ContinuationScore>> scores = model.scoreBatch(requests);
    if (scores.size() != requests.size()) {
      throw new IllegalStateException(
          model.name() + " returned " + scores.size() + " results for " + requests.size());
    }
    List<double[]> out = new ArrayList<>(requests.size());
    for (int r = 0; r < requests.size(); r++) {
      List<ContinuationScore> s = scores.get(r);
      int expected = requests.get(r).continuations().size();
      if (s.size() != expected) {
        throw new IllegalStateException(
            model.name() + " returned " + s.size() + " scores for " + expected + " continuations");
      }
      double[] totals = new double[s.size()];
      for (int i = 0; i < totals.length; i++) {
        totals[i] = s.get(i).total();
      }
      out.add(totals);
    }
    return out;
  }

  /** log-softmax over the choices: log-probabilities renormalised to sum to one among them. */
  public static double[] normalise(double[] logprobs) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logprobs) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (double v : logprobs) {
      sum += Math.exp(v - max);
    }
    double logZ = max + Math.log(sum);
    double[] out = new double[logprobs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = logprobs[i] - logZ;
    }
    return out;
  }
}
