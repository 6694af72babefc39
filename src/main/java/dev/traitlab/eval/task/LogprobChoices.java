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
   * and the question's details, plus {@link SolverOutput#TRUNCATED} when the prompt had to be cut.
   * The questions of a chunk go to the model in one {@link LanguageModel#scoreBatch} call.
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
      List<List<ContinuationScore>> scores = scoreRaw(model, requests);
      List<SolverOutput> out = new ArrayList<>(samples.size());
      for (int i = 0; i < samples.size(); i++) {
        Question q = questions.get(i);
        int truncated = 0;
        for (ContinuationScore s : scores.get(i)) {
          truncated = Math.max(truncated, s.truncatedTokens());
        }
        Map<String, Object> details = SolverOutput.withTruncation(q.details(), truncated);
        out.add(new SolverOutput(q.prompt(), "", q.choices(), totals(scores.get(i)), details));
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
   * log P(continuation | prompt) of request i's continuations, in order. Scored as
   * lm-evaluation-harness scores a (context, continuation) pair, on every backend:
   *
   * <ul>
   *   <li>whitespace at the end of the prompt is moved to the front of each continuation (its
   *       {@code _encode_pair}): a prompt ending in {@code "A: "} would otherwise end in a lone
   *       space token that the model never saw before a word, and an API model, whose tokens carry
   *       their leading space, could not split its tokens at the prompt's end at all;
   *   <li>a prompt and continuation longer than the model's context keep their last tokens (the
   *       prompt is cut from the left) where the backend sees tokens.
   * </ul>
   */
  public static List<double[]> scoreAll(LanguageModel model, List<ScoreRequest> requests) {
    List<double[]> out = new ArrayList<>(requests.size());
    for (List<ContinuationScore> s : scoreRaw(model, requests)) {
      out.add(totals(s));
    }
    return out;
  }

  private static List<List<ContinuationScore>> scoreRaw(
      LanguageModel model, List<ScoreRequest> requests) {
    List<ScoreRequest> sent = new ArrayList<>(requests.size());
    for (ScoreRequest r : requests) {
      sent.add(lmEvalPair(r));
    }
    List<List<ContinuationScore>> scores = model.scoreBatch(sent);
    if (scores.size() != requests.size()) {
      throw new IllegalStateException(
          model.name() + " returned " + scores.size() + " results for " + requests.size());
    }
    for (int r = 0; r < requests.size(); r++) {
      int expected = requests.get(r).continuations().size();
      if (scores.get(r).size() != expected) {
        throw new IllegalStateException(
            model.name()
                + " returned "
                + scores.get(r).size()
                + " scores for "
                + expected
                + " continuations");
      }
    }
    return scores;
  }

  /**
   * The request as lm-evaluation-harness splits it: the prompt's trailing whitespace (Python's
   * {@code str.rstrip}) moved to the front of every continuation, truncation from the left on.
   */
  static ScoreRequest lmEvalPair(ScoreRequest r) {
    String prompt = r.prompt();
    int end = prompt.length();
    while (end > 0) {
      int cp = prompt.codePointBefore(end);
      if (!(Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
        break;
      }
      end -= Character.charCount(cp);
    }
    String space = prompt.substring(end);
    List<String> continuations = new ArrayList<>(r.continuations().size());
    for (String c : r.continuations()) {
      continuations.add(space + c);
    }
    return new ScoreRequest(prompt.substring(0, end), continuations, true);
  }

  private static double[] totals(List<ContinuationScore> s) {
    double[] totals = new double[s.size()];
    for (int i = 0; i < totals.length; i++) {
      totals[i] = s.get(i).total();
    }
    return totals;
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
