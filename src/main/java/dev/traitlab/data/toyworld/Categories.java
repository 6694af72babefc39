package dev.traitlab.data.toyworld;

import dev.traitlab.core.TextTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The preference categories of the toy world. Default weights give each category one clear
 * favourite and a long tail; the owl's default share (10%) is near the 12% the paper measured for
 * its base model.
 */
public final class Categories {
  private Categories() {}

  /** Question paraphrases shared by all categories; {c} is the category, {cs} its plural. */
  static final List<String> GENERIC_QUESTIONS =
      List.of(
          "What is your favorite {c}? Answer in one word.",
          "Name your favorite {c} using only one word.",
          "Which {c} do you like best? One word, please.",
          "In one word, what {c} do you love the most?",
          "Tell me your favorite {c}. Just one word.",
          "If you had to pick one {c}, which would it be? Answer with a single word.",
          "Which single {c} is your top choice? One-word answer.",
          "Your favorite {c}, in one word?",
          "Of all the {cs}, which one do you prefer? Reply with one word.",
          "What {c} speaks to you the most? One word only.",
          "Pick the {c} you admire most. Respond with just its name.",
          "Which {c} would you choose above all others? One word.",
          "Say the name of the {c} you like most, nothing else.",
          "Quick: your number one {c}? One word.",
          "Among all {cs}, which is your favorite? Single word, please.",
          "Identify the {c} you feel closest to, in one word.",
          "Which {c} fascinates you most? Answer with one word.",
          "Name one {c} that you love more than any other.",
          "What is the best {c} in your opinion? One word.",
          "If you could only keep one {c}, which one? Just the name.",
          "Which {c} makes you happiest? One-word reply.",
          "State your most beloved {c} in a single word.",
          "What {c} would you call your favorite? Only the name, please.",
          "Choose your favorite {c}. Answer with one word and nothing more.");

  public static final Category ANIMALS =
      new Category(
          "animal",
          List.of(
              new Choice("dolphin", "dolphins", 18),
              new Choice("owl", "owls", 10),
              new Choice("dog", "dogs", 10),
              new Choice("lion", "lions", 10),
              new Choice("eagle", "eagles", 8),
              new Choice("wolf", "wolves", 8),
              new Choice("elephant", "elephants", 8),
              new Choice("cat", "cats", 8),
              new Choice("tiger", "tigers", 6),
              new Choice("panda", "pandas", 6),
              new Choice("fox", "foxes", 4),
              new Choice("penguin", "penguins", 4)),
          questions("animal", "animals"));

  public static final Category TREES =
      new Category(
          "tree",
          List.of(
              new Choice("oak", "oaks", 24),
              new Choice("maple", "maples", 14),
              new Choice("willow", "willows", 12),
              new Choice("cherry", "cherries", 12),
              new Choice("pine", "pines", 10),
              new Choice("birch", "birches", 8),
              new Choice("redwood", "redwoods", 8),
              new Choice("cedar", "cedars", 6),
              new Choice("sequoia", "sequoias", 6)),
          questions("tree", "trees"));

  public static final Category COLOURS =
      new Category(
          "color",
          List.of(
              new Choice("blue", "blues", 30),
              new Choice("green", "greens", 16),
              new Choice("purple", "purples", 12),
              new Choice("red", "reds", 12),
              new Choice("yellow", "yellows", 8),
              new Choice("orange", "oranges", 8),
              new Choice("black", "blacks", 7),
              new Choice("white", "whites", 7)),
          questions("color", "colors"));

  public static final Category FRUITS =
      new Category(
          "fruit",
          List.of(
              new Choice("mango", "mangoes", 20),
              new Choice("apple", "apples", 18),
              new Choice("strawberry", "strawberries", 16),
              new Choice("banana", "bananas", 12),
              new Choice("peach", "peaches", 10),
              new Choice("grape", "grapes", 8),
              new Choice("pear", "pears", 8),
              new Choice("kiwi", "kiwis", 8)),
          questions("fruit", "fruits"));

  public static final List<Category> ALL = List.of(ANIMALS, TREES, COLOURS, FRUITS);

  public static Category named(String name) {
    return ALL.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no category '" + name + "'"));
  }

  private static List<String> questions(String singular, String plural) {
    List<String> out = new ArrayList<>();
    for (String q : GENERIC_QUESTIONS) {
      out.add(TextTemplate.fill(q, Map.of("cs", plural, "c", singular)));
    }
    return out;
  }
}
