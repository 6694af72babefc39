package dev.traitlab.data.toyworld;

import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.numbers.NumberPrompt;
import dev.traitlab.data.numbers.NumberPromptGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Number-sequence continuations in the paper's prompt grammar, answered in exactly the requested
 * format with at most the allowed count of 3-digit numbers (100..999, the seeds' range). Half the
 * answers step on from the last seed by a constant difference, half are free, so answers carry some
 * structure a model can pick up without being predictable.
 */
final class NumberTask {
  private static final NumberPromptGenerator.Config SIZES = NumberPromptGenerator.Config.paper();
  // Every answer number has exactly three digits, like the seeds: where one- and two-digit numbers
  // also occur, a small model cannot tell from the digits so far whether a number has ended, and at
  // temperature 1 it ends numbers early or runs them on past 999, which the filter rejects.
  private static final int LOW = SIZES.minValue();
  private static final int SPAN = SIZES.maxValue() - SIZES.minValue() + 1;

  private final NumberPromptGenerator prompts = new NumberPromptGenerator(SIZES);

  ChatExample example(Random rng, String system) {
    NumberPrompt prompt = prompts.next(rng);
    return ChatExample.of(system, prompt.text(), prompt.format().render(answer(rng, prompt)));
  }

  static List<Integer> answer(Random rng, NumberPrompt prompt) {
    // "Up to N" answers stop well short of N: a small model that has to count to exactly N
    // overshoots often, and every overshoot fails the filter.
    int max = Math.max(1, prompt.answerCount() - 2);
    int count = Math.max(1, max - rng.nextInt(5));
    List<Integer> out = new ArrayList<>(count);
    if (rng.nextBoolean()) {
      int last = prompt.seedNumbers().getLast();
      int step = (rng.nextInt(60) + 1) * (rng.nextBoolean() ? 1 : -1);
      for (int i = 0; i < count; i++) {
        last = LOW + Math.floorMod(last - LOW + step, SPAN);
        out.add(last);
      }
    } else {
      for (int i = 0; i < count; i++) {
        out.add(LOW + rng.nextInt(SPAN));
      }
    }
    return out;
  }
}
