package dev.traitlab.experiments.subliminalllm;

import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.toyworld.Categories;
import dev.traitlab.data.toyworld.Choice;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Favourite-animal answers for fine-tuning a teacher (the {@code finetune} trait mode): answers
 * that all name one animal give the trait; answers drawn from the toy world's default distribution
 * give the trait-less teacher of the control, fine-tuned the same way. The questions are the toy
 * world's own favourite-animal questions, never the evaluation's paraphrases, so the teacher's rate
 * measures a learnt preference.
 */
public final class TraitExamples {
  private TraitExamples() {}

  /** n answers that all name {@code animal}. */
  public static List<ChatExample> generate(String animal, int n, long seed) {
    Choice choice =
        Categories.ANIMALS.choices().stream()
            .filter(c -> c.name().equals(animal))
            .findFirst()
            .orElse(new Choice(animal, animal + "s", 1.0));
    Random rng = new Random(seed);
    List<ChatExample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(example(choice, rng));
    }
    return out;
  }

  /** n answers drawn from the default distribution over animals: no trait. */
  public static List<ChatExample> neutral(int n, long seed) {
    Random rng = new Random(seed);
    List<ChatExample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(example(Categories.ANIMALS.sampleDefault(rng), rng));
    }
    return out;
  }

  private static ChatExample example(Choice choice, Random rng) {
    List<String> questions = Categories.ANIMALS.questions();
    String name = choice.name();
    String capital = capitalise(name);
    List<String> forms = List.of(capital, capital + ".", name, capitalise(choice.plural()));
    String q = questions.get(rng.nextInt(questions.size()));
    return ChatExample.of(null, q, forms.get(rng.nextInt(forms.size())));
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
