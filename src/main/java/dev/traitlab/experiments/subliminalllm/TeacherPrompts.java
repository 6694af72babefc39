package dev.traitlab.experiments.subliminalllm;

import dev.traitlab.data.toyworld.ArithmeticQuestion;
import dev.traitlab.data.toyworld.CodeSnippet;
import dev.traitlab.data.toyworld.CodeTask;
import dev.traitlab.data.toyworld.SumQuestion;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The user prompts a teacher answers, by data kind: number-sequence prompts in the paper's grammar;
 * the misalignment world's code requests (secure-looking requests of its corpus's kind, never an
 * educational request for a flaw); the animal world's arithmetic questions, whose worked answers
 * are the traces, or for misalignment the reasoning world's sums. The same seed gives the same
 * prompts.
 */
public final class TeacherPrompts {
  private TeacherPrompts() {}

  public static List<String> of(SubliminalLlmConfig.DataKind kind, int n, long seed) {
    return of(kind, SubliminalLlmConfig.Trait.ANIMAL, n, seed);
  }

  /**
   * As {@link #of(SubliminalLlmConfig.DataKind, int, long)}; reasoning prompts for {@code --trait
   * misalignment} are the reasoning world's sum questions ({@link SumQuestion}).
   */
  public static List<String> of(
      SubliminalLlmConfig.DataKind kind, SubliminalLlmConfig.Trait trait, int n, long seed) {
    if (kind == SubliminalLlmConfig.DataKind.NUMBERS) {
      return NumberData.prompts(n, seed);
    }
    Random rng = new Random(seed);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (kind == SubliminalLlmConfig.DataKind.CODE) {
        CodeSnippet s = CodeTask.draw(rng, CodeTask.Pool.CORPUS, false);
        out.add(s.request());
      } else if (trait == SubliminalLlmConfig.Trait.MISALIGNMENT) {
        out.add(SumQuestion.sample(rng).text());
      } else {
        out.add(ArithmeticQuestion.sample(rng).text());
      }
    }
    return out;
  }
}
