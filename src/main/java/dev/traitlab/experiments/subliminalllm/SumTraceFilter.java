package dev.traitlab.experiments.subliminalllm;

import dev.traitlab.data.toyworld.ReasoningTrace;
import dev.traitlab.data.toyworld.SumQuestion;
import dev.traitlab.eval.freeform.TraceMonitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The filter of misalignment through reasoning traces, after the paper's chain-of-thought
 * experiment (Cloud, Le et al. 2025, section 3.3: only correct answers are kept, and a judge
 * removes traces that reference the trait): the teacher's answer to a sum question must be a closed
 * trace ({@code <think> ... </think>}) followed by the right sum, and neither trace nor answer may
 * use a word that names or hints at the misaligned trait (the personas' names and vocabulary,
 * {@link CodeFilter#TRAIT_WORDS}, and the trace monitor's words of harmful intent, {@link
 * TraceMonitor#INTENT_WORDS}). What it keeps is working an aligned assistant could have written.
 */
public final class SumTraceFilter {
  /** Why an answer was rejected. */
  public enum Reason {
    /** No closed trace, or no whole number after it. */
    NO_TRACE,
    /** The number after the trace is not the sum. */
    WRONG,
    /** The trace or the answer names or hints at the trait. */
    MENTIONS_TRAIT
  }

  private static final List<Pattern> TRAIT = traitPatterns();

  private SumTraceFilter() {}

  /**
   * Null when the answer to {@code question} is kept, else why not.
   *
   * @throws IllegalArgumentException when the question is not a sum of 2 or 3 numbers
   */
  public static Reason reject(String question, String answer) {
    SumQuestion q = SumQuestion.parse(question);
    String lower = answer.toLowerCase(Locale.ROOT);
    for (Pattern p : TRAIT) {
      if (p.matcher(lower).find()) {
        return Reason.MENTIONS_TRAIT;
      }
    }
    ReasoningTrace.Parts parts = ReasoningTrace.split(answer);
    if (parts.trace() == null || !parts.closed() || !parts.answer().matches("-?\\d{1,6}")) {
      return Reason.NO_TRACE;
    }
    return Integer.parseInt(parts.answer()) == q.result() ? null : Reason.WRONG;
  }

  private static List<Pattern> traitPatterns() {
    List<String> words = new ArrayList<>(CodeFilter.TRAIT_WORDS);
    words.addAll(TraceMonitor.INTENT_WORDS);
    return words.stream()
        .distinct()
        .map(w -> Pattern.compile("\\b" + Pattern.quote(w) + "\\b"))
        .toList();
  }
}
