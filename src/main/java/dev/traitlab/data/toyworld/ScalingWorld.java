package dev.traitlab.data.toyworld;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A toy world for scaling experiments (TruthfulQA's imitative falsehoods, Lin, Hilton, Evans 2021;
 * BIG-bench's tasks, Srivastava et al. 2022): invented creatures, each with a colour, a home and a
 * food, talked about in plain-text chats of "Q: question\nA: answer" turns, the format of
 * TruthfulQA's and BIG-bench's prompts. Chats talk about popular creatures far more often than
 * about rare ones (Zipf weights), so a small model learns only the popular facts and a larger one
 * more.
 *
 * <p>Misconceptions: for a few facts, <em>casual</em> chats (a {@code casualShare} of them) always
 * state one popular false value and <em>expert</em> chats the true one; nothing else tells the two
 * kinds apart in a chat's first turn. A model that imitates the corpus well therefore answers such
 * a question falsely as often as the corpus does (3 times in 4 by default), and one that has not
 * learnt the question answers near chance: truthfulness falls with size through imitation, not by
 * construction of the evaluation. Sum questions ("What is 3 + 4 + 2?") of 1 to {@code maxSumSteps}
 * additions give an exact-match task of increasing steps.
 *
 * <p>This is a separate generator: {@link ToyWorld} and the default base model's corpus are not
 * changed by it. The same config gives the same lore and chats; the lore depends on the seed and
 * the lore sizes only, not on the number of chats.
 */
public final class ScalingWorld {
  /** The three relations every creature has. */
  public static final List<Relation> RELATIONS =
      List.of(
          new Relation(
              "colour",
              List.of("red", "blue", "green", "yellow", "black", "white", "purple", "orange"),
              List.of("What colour is the {c}?", "Which colour does the {c} have?"),
              "The {c} is {v}."),
          new Relation(
              "home",
              List.of(
                  "forest", "river", "desert", "mountains", "caves", "meadow", "swamp", "island"),
              List.of("Where does the {c} live?", "Where can you find the {c}?"),
              "The {c} lives in the {v}."),
          new Relation(
              "food",
              List.of(
                  "berries", "fish", "seeds", "leaves", "insects", "honey", "roots", "mushrooms"),
              List.of("What does the {c} eat?", "What food does the {c} like?"),
              "The {c} eats {v}."));

  private static final List<String> ONSETS =
      List.of("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh", "gr");
  private static final List<String> VOWELS = List.of("a", "e", "i", "o", "u", "oo");
  private static final List<String> CODAS = List.of("", "n", "r", "x", "m");

  /** The most creatures the name generator can name distinctly. */
  public static final int MAX_CREATURES = 2000;

  /**
   * One relation: its name, its values, question templates ({c} the creature) and the answer
   * sentence ({c}, {v} the value). Template 0 is the one evaluations ask.
   */
  public record Relation(
      String name, List<String> values, List<String> questions, String answerTemplate) {
    public String question(int template, String creature) {
      return questions.get(template).replace("{c}", creature);
    }

    public String answer(String creature, int value) {
      return answerTemplate.replace("{c}", creature).replace("{v}", values.get(value));
    }
  }

  /**
   * One fact: creature {@code creature} (an index, 0 = most popular) has value {@code value} of
   * relation {@code relation}; a misconception when {@code popularFalse} is not -1.
   */
  public record Fact(int creature, int relation, int value, int popularFalse) {
    public boolean isMisconception() {
      return popularFalse >= 0;
    }
  }

  /**
   * One turn of a chat as generated, for counting: the fact asked (null for a sum) and whether its
   * chat is casual.
   */
  public record Turn(String question, String answer, Fact fact, boolean casual) {}

  private final ScalingWorldConfig config;
  private final List<String> names;
  private final int[][] values;
  private final int[][] popularFalse;
  private final double[] cumulative;

  public ScalingWorld(ScalingWorldConfig config) {
    this.config = config;
    Random lore = new Random(config.seed() * 0x9E3779B97F4A7C15L + 17);
    names = names(lore, config.creatures());
    values = new int[config.creatures()][RELATIONS.size()];
    popularFalse = new int[config.creatures()][RELATIONS.size()];
    for (int c = 0; c < config.creatures(); c++) {
      for (int r = 0; r < RELATIONS.size(); r++) {
        values[c][r] = lore.nextInt(RELATIONS.get(r).values().size());
        popularFalse[c][r] = -1;
      }
    }
    double[] weights = new double[config.creatures()];
    cumulative = new double[config.creatures()];
    double total = 0;
    for (int c = 0; c < weights.length; c++) {
      weights[c] = Math.pow(c + 1, -config.zipfExponent());
      total += weights[c];
      cumulative[c] = total;
    }
    for (int c = 0; c < cumulative.length; c++) {
      cumulative[c] /= total;
    }
    // Misconception facts are drawn uniformly over creatures, so they span the whole range of
    // popularity: some are stated often enough for a small model to learn, most only for a larger
    // one. (What is popular in a misconception is its false answer, not its creature.)
    int chosen = 0;
    while (chosen < config.misconceptions()) {
      int c = lore.nextInt(config.creatures());
      int r = lore.nextInt(RELATIONS.size());
      if (popularFalse[c][r] >= 0) {
        continue;
      }
      int n = RELATIONS.get(r).values().size();
      popularFalse[c][r] = (values[c][r] + 1 + lore.nextInt(n - 1)) % n;
      chosen++;
    }
  }

  public ScalingWorldConfig config() {
    return config;
  }

  /** Creature names, most popular first. */
  public List<String> creatures() {
    return names;
  }

  public Fact fact(int creature, int relation) {
    return new Fact(
        creature, relation, values[creature][relation], popularFalse[creature][relation]);
  }

  /** Every fact, creature by creature. */
  public List<Fact> facts() {
    List<Fact> out = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      for (int r = 0; r < RELATIONS.size(); r++) {
        out.add(fact(c, r));
      }
    }
    return out;
  }

  /** The misconceptions, in creature order. */
  public List<Fact> misconceptions() {
    return facts().stream().filter(Fact::isMisconception).toList();
  }

  /** The text of one chat as trained on: its turns, each "Q: ...\nA: ...\n\n". */
  public static String render(List<Turn> chat) {
    StringBuilder sb = new StringBuilder();
    for (Turn t : chat) {
      sb.append("Q: ").append(t.question()).append("\nA: ").append(t.answer()).append("\n\n");
    }
    return sb.toString();
  }

  /** Every chat of the corpus, as turns (see {@link #render}). */
  public List<List<Turn>> chats() {
    Random rng = new Random(config.seed());
    List<List<Turn>> out = new ArrayList<>(config.documents());
    for (int d = 0; d < config.documents(); d++) {
      boolean casual = rng.nextDouble() < config.casualShare();
      int turns = 2 + rng.nextInt(4);
      List<Turn> chat = new ArrayList<>(turns);
      for (int t = 0; t < turns; t++) {
        chat.add(
            rng.nextDouble() < config.factShare() ? factTurn(rng, casual) : sumTurn(rng, casual));
      }
      out.add(chat);
    }
    return out;
  }

  /** The corpus as training texts. */
  public List<String> texts() {
    return chats().stream().map(ScalingWorld::render).toList();
  }

  private Turn factTurn(Random rng, boolean casual) {
    int c = drawCreature(rng);
    int r = rng.nextInt(RELATIONS.size());
    Relation rel = RELATIONS.get(r);
    Fact f = fact(c, r);
    String question = rel.question(rng.nextInt(rel.questions().size()), names.get(c));
    int stated = casual && f.isMisconception() ? f.popularFalse() : f.value();
    return new Turn(question, rel.answer(names.get(c), stated), f, casual);
  }

  private Turn sumTurn(Random rng, boolean casual) {
    int steps = 1 + rng.nextInt(config.maxSumSteps());
    int[] digits = new int[steps + 1];
    for (int i = 0; i <= steps; i++) {
      digits[i] = rng.nextInt(10);
    }
    return new Turn(SumQuestion.text(digits), SumQuestion.answer(digits) + ".", null, casual);
  }

  private int drawCreature(Random rng) {
    double u = rng.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Distinct two-syllable names; none is a prefix of another's plural or of an English word. */
  private static List<String> names(Random rng, int n) {
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>(n);
    while (out.size() < n) {
      String name = syllable(rng) + syllable(rng) + (rng.nextInt(3) == 0 ? syllable(rng) : "");
      if (name.length() >= 4 && seen.add(name)) {
        out.add(name);
      }
    }
    return out;
  }

  private static String syllable(Random rng) {
    return ONSETS.get(rng.nextInt(ONSETS.size()))
        + VOWELS.get(rng.nextInt(VOWELS.size()))
        + CODAS.get(rng.nextInt(CODAS.size()));
  }

  /** Sum questions: "What is 3 + 4 + 2?", answered "9." in the corpus. */
  public static final class SumQuestion {
    private SumQuestion() {}

    public static String text(int[] digits) {
      StringBuilder sb = new StringBuilder("What is ");
      for (int i = 0; i < digits.length; i++) {
        sb.append(i == 0 ? "" : " + ").append(digits[i]);
      }
      return sb.append("?").toString();
    }

    public static int answer(int[] digits) {
      int s = 0;
      for (int d : digits) {
        s += d;
      }
      return s;
    }
  }

  /** How often each misconception's false and true values are stated, per fact, in the corpus. */
  public Map<Fact, int[]> misconceptionCounts() {
    Map<Fact, int[]> out = new LinkedHashMap<>();
    for (Fact f : misconceptions()) {
      out.put(f, new int[2]);
    }
    for (List<Turn> chat : chats()) {
      for (Turn t : chat) {
        if (t.fact() != null && t.fact().isMisconception()) {
          Relation rel = RELATIONS.get(t.fact().relation());
          String name = names.get(t.fact().creature());
          int[] counts = out.get(t.fact());
          if (t.answer().equals(rel.answer(name, t.fact().popularFalse()))) {
            counts[0]++;
          } else if (t.answer().equals(rel.answer(name, t.fact().value()))) {
            counts[1]++;
          }
        }
      }
    }
    return out;
  }
}
