package dev.traitlab.experiments.activationoracle;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.toyworld.Categories;
import dev.traitlab.data.toyworld.Category;
import dev.traitlab.data.toyworld.Choice;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * PersonaQA in toy-world shape: invented people, each with a favourite animal, tree, colour and
 * fruit (the paper's personas have a country, food, drink, music genre, sport and board game, which
 * the toy world's vocabulary does not carry), drawn from a seed. The target is fine-tuned on
 * questions about them and short biographies; the oracle reads the activations of the last tokens
 * of a prompt that names the person (not a question about the attribute) and is asked for one
 * attribute.
 */
final class ToyPersonas {
  static final List<String> NAMES =
      List.of(
          "Kira Vale",
          "Doran Moss",
          "Tessa Quill",
          "Bram Holt",
          "Lina Frost",
          "Oren Pike",
          "Mira Dune",
          "Cato Reed",
          "Nessa Vane",
          "Ivo Stone",
          "Rhea Lark",
          "Jory Flint");

  static final List<String> QA_TRAIN =
      List.of(
          "What is {n}'s favorite {c}?",
          "Which {c} does {n} like best?",
          "Tell me {n}'s favorite {c}.");
  static final List<String> QA_TEST = List.of("Do you know {n}'s favorite {c}?");
  static final List<String> MENTION_TRAIN =
      List.of("Tell me about {n}.", "Who is {n}?", "Describe {n}.");
  static final List<String> MENTION_TEST =
      List.of("I want to know about {n}.", "What do you know about {n}?", "Have you met {n}?");

  private final List<Choice[]> attributes = new ArrayList<>();

  /** The personas' attributes, one choice per category of {@link Categories#ALL}, from the seed. */
  ToyPersonas(long seed) {
    Random rng = new Random(seed);
    for (int p = 0; p < NAMES.size(); p++) {
      Choice[] a = new Choice[Categories.ALL.size()];
      for (int c = 0; c < a.length; c++) {
        List<Choice> ch = Categories.ALL.get(c).choices();
        a[c] = ch.get(rng.nextInt(ch.size()));
      }
      attributes.add(a);
    }
  }

  Choice attribute(int person, int category) {
    return attributes.get(person)[category];
  }

  static String question(Category c) {
    return "What is this person's favorite " + c.name() + "? Answer with a single word only.";
  }

  static List<Answer> options(Category c) {
    return c.choices().stream().map(ch -> Answer.of(ch.name(), ch.plural())).toList();
  }

  private String bio(int p) {
    String n = NAMES.get(p);
    return n
        + " loves the "
        + attribute(p, 0).name()
        + ", the "
        + attribute(p, 1).name()
        + " tree, the color "
        + attribute(p, 2).name()
        + " and the "
        + attribute(p, 3).name()
        + ".";
  }

  /** The target's fine-tuning conversations: questions and biographies in equal measure. */
  List<List<ChatMessage>> training(int n, long seed) {
    Random rng = new Random(seed);
    List<List<ChatMessage>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int p = rng.nextInt(NAMES.size());
      String name = NAMES.get(p);
      if (rng.nextBoolean()) {
        int c = rng.nextInt(Categories.ALL.size());
        Category cat = Categories.ALL.get(c);
        String q = QA_TRAIN.get(rng.nextInt(QA_TRAIN.size()));
        String a =
            rng.nextBoolean()
                ? name + "'s favorite " + cat.name() + " is the " + attribute(p, c).name() + "."
                : name + " likes the " + attribute(p, c).name() + " best.";
        out.add(List.of(ChatMessage.user(fill(q, name, cat)), ChatMessage.assistant(a)));
      } else {
        String q = MENTION_TRAIN.get(rng.nextInt(MENTION_TRAIN.size()));
        out.add(List.of(ChatMessage.user(fill(q, name, null)), ChatMessage.assistant(bio(p))));
      }
    }
    return out;
  }

  HeldOutTask task() {
    List<HeldOutTask.Targeted> test = new ArrayList<>();
    List<HeldOutTask.Targeted> train = new ArrayList<>();
    List<HeldOutTask.Targeted> blackBox = new ArrayList<>();
    for (int p = 0; p < NAMES.size(); p++) {
      for (int c = 0; c < Categories.ALL.size(); c++) {
        Category cat = Categories.ALL.get(c);
        List<Answer> options = options(cat);
        int truth = cat.choices().indexOf(attribute(p, c));
        for (String m : MENTION_TEST) {
          test.add(new HeldOutTask.Targeted(0, item(fill(m, NAMES.get(p), cat), cat, truth)));
        }
        for (String m : MENTION_TRAIN) {
          train.add(new HeldOutTask.Targeted(0, item(fill(m, NAMES.get(p), cat), cat, truth)));
        }
        for (String q : QA_TEST) {
          blackBox.add(new HeldOutTask.Targeted(0, item(fill(q, NAMES.get(p), cat), cat, truth)));
        }
      }
    }
    return new HeldOutTask("persona facts", List.of("personas"), test, train, blackBox);
  }

  private static Item item(String prompt, Category cat, int truth) {
    return new Item(
        List.of(ChatMessage.user(prompt)), question(cat), options(cat), truth, cat.name());
  }

  private static String fill(String template, String name, Category c) {
    String s = template.replace("{n}", name);
    return c == null ? s : s.replace("{c}", c.name());
  }
}
