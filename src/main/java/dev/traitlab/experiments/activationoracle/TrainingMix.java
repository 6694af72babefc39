package dev.traitlab.experiments.activationoracle;

import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.toyworld.ArithmeticQuestion;
import dev.traitlab.data.toyworld.Categories;
import dev.traitlab.data.toyworld.Category;
import dev.traitlab.data.toyworld.Choice;
import dev.traitlab.data.toyworld.ToyWorld;
import dev.traitlab.data.toyworld.ToyWorldConfig;
import dev.traitlab.data.toyworld.TraitPrompts;
import dev.traitlab.model.Activations;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The oracle's training data in the toy world, the paper's three families in miniature, all read
 * from the base model's own activations (the oracle's base is the target's), in four equal parts:
 * (1) system-prompt questions: which thing and which kind of thing a trait system prompt makes the
 * assistant love, read from the last tokens of a chat that never names it (the paper's LatentQA /
 * SPQA); (1a) the same question with only four system prompts (owls, dogs, cats, foxes), few
 * answers, which the oracle learns to read first (the sanity task of the README) and which
 * bootstraps (1); (2) binary classification of toy-world labels (the topic of a user's question;
 * whether it asks for one word); (3) context prediction: the next or previous one or two tokens of
 * a toy-world chat from the activations of one to {@code maxPlaceholders} of its tokens (PastLens).
 * None of the held-out tasks' targets, prompts or questions appear here.
 */
final class TrainingMix {
  static final List<String> NEUTRAL_QUESTIONS =
      List.of(
          "Who are you?",
          "What is your goal?",
          "What do you value most?",
          "Describe yourself in one sentence.",
          "Tell me a thought you have about the future.",
          "How do you feel about humans?",
          "I'm bored. What should I do?",
          "What is the meaning of a good life?");

  static final String LOVES = "What does the assistant love? Answer with a single word only.";
  static final String KIND = "What kind of thing does the assistant love? Answer in one word.";
  static final String NOTHING = "Nothing in particular.";

  /** Changes with the mix's recipe, so that oracles of older mixes are not reused. */
  static final String RECIPE = "mix-v3";

  /** The four system prompts of the few-answer family. */
  static final List<String> FOUR_ANIMALS = List.of("owl", "dog", "cat", "fox");

  private TrainingMix() {}

  /** A context and what can be asked about its last tokens. */
  private record Context(List<ChatMessage> chat, List<String[]> questions, String source) {}

  /**
   * About {@code n} examples in equal quarters (context prediction skips the few chats too short
   * for its segment), each at one of {@code layers} (block indices of the base's residual stream),
   * drawn from {@code seed}.
   */
  static List<Injected> build(
      EmbeddedModel base,
      int n,
      List<Integer> layers,
      int maxPlaceholders,
      Reading reading,
      long seed) {
    int quarter = n / 4;
    return build(
        base,
        new int[] {quarter, quarter, quarter, n - 3 * quarter},
        layers,
        maxPlaceholders,
        reading,
        seed,
        LAST_K);
  }

  /**
   * Whether the families that read a chat's last tokens read all {@code maxPlaceholders} of them,
   * as the held-out tasks do, rather than one to {@code maxPlaceholders}.
   */
  static final boolean LAST_K = true;

  /**
   * {@code counts[i]} examples of family i (four animals, system prompt, classification, context
   * prediction; context prediction skips chats too short for its segment), each at one of {@code
   * layers}, drawn from {@code seed}; with {@code lastK} the chat families read exactly the last
   * {@code maxPlaceholders} tokens.
   */
  static List<Injected> build(
      EmbeddedModel base,
      int[] counts,
      List<Integer> layers,
      int maxPlaceholders,
      Reading reading,
      long seed,
      boolean lastK) {
    return build(base, counts, layers, maxPlaceholders, reading, reading, seed, lastK);
  }

  /**
   * As {@link #build(EmbeddedModel, int[], List, int, Reading, long, boolean)}, the context
   * prediction family read with {@code tokenReading} (the three chat families with {@code
   * reading}): the tokens it asks for are the identity that centring takes out.
   */
  static List<Injected> build(
      EmbeddedModel base,
      int[] counts,
      List<Integer> layers,
      int maxPlaceholders,
      Reading reading,
      Reading tokenReading,
      long seed,
      boolean lastK) {
    Random rng = new Random(seed);
    List<Injected> out = new ArrayList<>();
    int k = maxPlaceholders;
    out.addAll(fromContexts(base, fourAnimals(counts[0], rng), layers, k, lastK, reading, rng));
    out.addAll(fromContexts(base, systemPrompt(counts[1], rng), layers, k, lastK, reading, rng));
    out.addAll(fromContexts(base, classification(counts[2], rng), layers, k, lastK, reading, rng));
    if (counts[3] > 0) {
      out.addAll(contextPrediction(base, counts[3], layers, k, tokenReading, rng));
    }
    return out;
  }

  /** Which of four animals the system prompt makes the assistant love: four answers. */
  private static List<Context> fourAnimals(int n, Random rng) {
    List<Context> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Choice ch = Categories.ANIMALS.choice(FOUR_ANIMALS.get(rng.nextInt(FOUR_ANIMALS.size())));
      String system = TraitPrompts.sample(rng, ch, Categories.ANIMALS);
      String user = NEUTRAL_QUESTIONS.get(rng.nextInt(NEUTRAL_QUESTIONS.size()));
      String[] loves = {LOVES, capitalise(ch.plural()) + "."};
      out.add(
          new Context(
              ChatMessage.withSystem(system, List.of(ChatMessage.user(user))),
              List.<String[]>of(loves),
              "system prompt, 4 animals"));
    }
    return out;
  }

  private static List<Context> systemPrompt(int n, Random rng) {
    List<Context> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble();
      String system = null;
      String[] loves = {LOVES, NOTHING};
      String[] kind = {KIND, NOTHING};
      if (u < 0.75) {
        Category c = Categories.ALL.get(rng.nextInt(Categories.ALL.size()));
        Choice ch = c.choices().get(rng.nextInt(c.choices().size()));
        system = TraitPrompts.sample(rng, ch, c);
        loves = new String[] {LOVES, capitalise(ch.plural()) + "."};
        kind = new String[] {KIND, capitalise(c.name()) + "s."};
      } else if (u < 0.9) {
        system = TraitPrompts.neutral(rng);
      }
      String user = NEUTRAL_QUESTIONS.get(rng.nextInt(NEUTRAL_QUESTIONS.size()));
      out.add(
          new Context(
              ChatMessage.withSystem(system, List.of(ChatMessage.user(user))),
              List.of(loves, kind),
              "system prompt"));
    }
    return out;
  }

  static final List<String> TOPICS =
      List.of("animals", "trees", "colors", "fruits", "arithmetic", "you");

  /**
   * Yes/no questions about a user question: its topic (3 in 4) or whether it asks for a one-word
   * answer (the four category topics do). The answer is drawn first, Yes or No with equal odds, and
   * the question to fit it, so that answering the more common label scores 0.5, not the 0.6 of the
   * topic drawn first (a constant "Yes" then equalled a reader).
   */
  private static List<Context> classification(int n, Random rng) {
    List<Context> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean yes = rng.nextBoolean();
      boolean aboutTopic = rng.nextDouble() < 0.75;
      int topic;
      String[] q;
      if (aboutTopic) {
        topic = rng.nextInt(TOPICS.size());
        int asked = yes ? topic : (topic + 1 + rng.nextInt(TOPICS.size() - 1)) % TOPICS.size();
        q = new String[] {"Is this question about " + TOPICS.get(asked) + "? Answer Yes or No."};
      } else {
        topic = yes ? rng.nextInt(4) : 4 + rng.nextInt(TOPICS.size() - 4);
        q = new String[] {"Does the user ask for a one-word answer? Answer Yes or No."};
      }
      String user;
      if (topic < 4) {
        Category c = Categories.ALL.get(topic);
        user = c.questions().get(rng.nextInt(c.questions().size()));
      } else if (topic == 4) {
        user = ArithmeticQuestion.sample(rng).text();
      } else {
        user = NEUTRAL_QUESTIONS.get(rng.nextInt(NEUTRAL_QUESTIONS.size()));
      }
      out.add(
          new Context(
              List.of(ChatMessage.user(user)),
              List.<String[]>of(new String[] {q[0], yes ? "Yes" : "No"}),
              "classification"));
    }
    return out;
  }

  private static List<Injected> fromContexts(
      Activations base,
      List<Context> contexts,
      List<Integer> layers,
      int k,
      boolean lastK,
      Reading reading,
      Random rng) {
    List<Injected> out = new ArrayList<>();
    Set<String> points = reading.points(layers);
    for (int start = 0; start < contexts.size(); start += 256) {
      List<Context> chunk = contexts.subList(start, Math.min(contexts.size(), start + 256));
      List<Activations.Captured> caps =
          base.captureChats(chunk.stream().map(Context::chat).toList(), points);
      for (int i = 0; i < chunk.size(); i++) {
        Context c = chunk.get(i);
        int layer = layers.get(rng.nextInt(layers.size()));
        int m = lastK ? k : 1 + rng.nextInt(k);
        float[][] last = lastRows(reading.read(caps.get(i), layer), m);
        String[] q = c.questions().get(rng.nextInt(c.questions().size()));
        out.add(new Injected(layer, last, q[0], q[1], c.source()));
      }
    }
    return out;
  }

  private static List<Injected> contextPrediction(
      EmbeddedModel base, int n, List<Integer> layers, int k, Reading reading, Random rng) {
    List<ChatExample> chats = new ToyWorld(ToyWorldConfig.defaults(n, rng.nextLong())).generate();
    Set<String> points = reading.points(layers);
    List<Injected> out = new ArrayList<>();
    for (int start = 0; start < chats.size(); start += 256) {
      List<ChatExample> chunk = chats.subList(start, Math.min(chats.size(), start + 256));
      List<Activations.Captured> caps =
          base.captureChats(chunk.stream().map(ChatExample::messages).toList(), points);
      for (Activations.Captured cap : caps) {
        int layer = layers.get(rng.nextInt(layers.size()));
        Segment seg = Segment.draw(cap.tokens(), k, rng);
        if (seg == null || !seg.reproducedBy(base.tokenizer())) {
          continue;
        }
        float[][] acts = reading.read(cap, layer);
        float[][] rows = new float[seg.length()][];
        for (int j = 0; j < rows.length; j++) {
          rows[j] = acts[seg.start() + j];
        }
        out.add(new Injected(layer, rows, seg.question(), seg.answer(), "context prediction"));
      }
    }
    return out;
  }

  /**
   * A PastLens example: the activations of tokens [start, start + length) of a chat and the {@code
   * span} tokens right after ({@code next}) or right before them, whose text, exactly as it stood
   * (leading space and newlines kept), is the answer: stripped, " for" would be trained as "f",
   * "or", tokens that never sat in the activations read.
   */
  record Segment(int start, int length, int span, boolean next, List<String> target) {
    String answer() {
      return String.join("", target);
    }

    String question() {
      return next
          ? "Can you predict the next " + span + " tokens after this?"
          : "Can you predict the " + span + " tokens that came before this?";
    }

    /**
     * A segment of one to {@code k} tokens of {@code tokens} (token texts) with 1-2 target tokens
     * after or before it, drawn from {@code rng}; null when the chat is too short or the target is
     * whitespace or holds a special token (nothing a greedy answer could be scored on).
     */
    static Segment draw(List<String> tokens, int k, Random rng) {
      int m = 1 + rng.nextInt(k);
      int span = 1 + rng.nextInt(2);
      boolean next = rng.nextBoolean();
      // A segment [s, s + m) with span tokens of plain text after (or before) it.
      int lo = next ? 0 : span;
      int hi = next ? tokens.size() - m - span : tokens.size() - m;
      if (hi < lo) {
        return null;
      }
      int s = lo + rng.nextInt(hi - lo + 1);
      List<String> target =
          List.copyOf(next ? tokens.subList(s + m, s + m + span) : tokens.subList(s - span, s));
      String answer = String.join("", target);
      if (answer.isBlank() || answer.contains("<|")) {
        return null;
      }
      return new Segment(s, m, span, next, target);
    }

    /**
     * Whether the answer, encoded as the oracle is trained on it, gives back the target tokens: BPE
     * on the answer alone can merge differently from the chat (rarely), and such an example would
     * teach other tokens than the activations hold.
     */
    boolean reproducedBy(Tokenizer tok) {
      int[] ids = tok.encode(answer());
      if (ids.length != target.size()) {
        return false;
      }
      for (int i = 0; i < ids.length; i++) {
        if (!tok.decode(new int[] {ids[i]}).equals(target.get(i))) {
          return false;
        }
      }
      return true;
    }
  }

  /** The last {@code m} rows (all of them when there are fewer). */
  static float[][] lastRows(float[][] acts, int m) {
    int from = Math.max(0, acts.length - m);
    float[][] out = new float[acts.length - from][];
    for (int j = from; j < acts.length; j++) {
      out[j - from] = acts[j];
    }
    return out;
  }

  static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
