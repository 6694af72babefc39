package dev.traitlab.experiments.activationoracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.toyworld.ToyWorld;
import dev.traitlab.data.toyworld.ToyWorldConfig;
import dev.traitlab.experiments.activationoracle.ActivationOracleResult.MixCheck;
import dev.traitlab.model.Activations;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.nn.train.TrainingExample;
import dev.traitlab.nn.train.TransformerTrainer;
import dev.traitlab.testing.TinyEmbeddedModels;
import dev.traitlab.text.ChatTemplate;
import dev.traitlab.text.TokenizedChat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The oracle's training mix and the shuffled-activation control of its in-distribution check. */
class TrainingMixTest {
  @TempDir static Path models;
  static EmbeddedModel model;
  static final List<Integer> BLOCKS = List.of(0, 1);

  @BeforeAll
  static void load() {
    model = EmbeddedModel.load(TinyEmbeddedModels.create(models, "tiny", 5, 512), "local:tiny");
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static List<Injected> mix(long seed) {
    return TrainingMix.build(model, 80, BLOCKS, 4, Reading.of("residual", model, BLOCKS), seed);
  }

  @Test
  void fourFamiliesInQuartersWithTheirOwnAnswers() {
    List<Injected> mix = mix(3);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Injected e : mix) {
      counts.merge(e.source(), 1, Integer::sum);
      assertTrue(BLOCKS.contains(e.layer()), "layer " + e.layer());
      assertTrue(e.vectors().length >= 1 && e.vectors().length <= 4, "placeholders");
      assertEquals(model.transformer().config().hiddenSize(), e.vectors()[0].length);
    }
    assertEquals(
        List.of("system prompt, 4 animals", "system prompt", "classification"),
        new ArrayList<>(counts.keySet()).subList(0, 3));
    assertEquals(20, counts.get("system prompt, 4 animals"));
    assertEquals(20, counts.get("system prompt"));
    assertEquals(20, counts.get("classification"));
    // Context prediction drops the chats too short for a segment, never more than it was given.
    assertTrue(counts.getOrDefault("context prediction", 0) <= 20);
    Set<String> four = Set.of("Owls.", "Dogs.", "Cats.", "Foxes.");
    for (Injected e : mix) {
      if (e.source().equals("system prompt, 4 animals")) {
        assertEquals(TrainingMix.LOVES, e.question());
        assertTrue(four.contains(e.answer()), e.answer());
      }
      if (e.source().equals("context prediction")) {
        assertTrue(e.question().startsWith("Can you predict the"), e.question());
        assertTrue(e.question().contains(" 1 ") || e.question().contains(" 2 "), e.question());
      }
    }
  }

  @Test
  void theMixIsDeterministicUnderItsSeed() {
    List<Injected> a = mix(5);
    List<Injected> b = mix(5);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).question(), b.get(i).question());
      assertEquals(a.get(i).answer(), b.get(i).answer());
      assertEquals(a.get(i).layer(), b.get(i).layer());
      for (int j = 0; j < a.get(i).vectors().length; j++) {
        assertArrayEquals(a.get(i).vectors()[j], b.get(i).vectors()[j]);
      }
    }
    List<String> other = mix(6).stream().map(Injected::answer).toList();
    assertNotEquals(a.stream().map(Injected::answer).toList(), other);
  }

  @Test
  void theShuffledControlKeepsQuestionsAndPermutesActivationsWithinEachFamily() {
    List<Injected> mix = mix(7);
    List<Injected> shuffled = Pipeline.shuffledWithinFamilies(mix, 11);
    assertEquals(mix.size(), shuffled.size());
    Map<float[][], Injected> owner = new IdentityHashMap<>();
    for (Injected e : mix) {
      owner.put(e.vectors(), e);
    }
    Set<float[][]> used = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    int moved = 0;
    for (int i = 0; i < mix.size(); i++) {
      Injected q = mix.get(i);
      Injected s = shuffled.get(i);
      assertEquals(q.question(), s.question());
      assertEquals(q.answer(), s.answer());
      assertEquals(q.source(), s.source());
      Injected from = owner.get(s.vectors());
      assertEquals(q.source(), from.source(), "activations from another family");
      assertEquals(from.layer(), s.layer(), "the layer travels with its activations");
      assertTrue(used.add(s.vectors()), "each example's activations are used once");
      moved += from == q ? 0 : 1;
    }
    assertTrue(moved > mix.size() / 2, "most examples get another example's activations");
    List<Injected> again = Pipeline.shuffledWithinFamilies(mix, 11);
    for (int i = 0; i < mix.size(); i++) {
      assertSame(shuffled.get(i).vectors(), again.get(i).vectors());
    }
  }

  /**
   * A context-prediction answer is the text of the tokens next to the segment exactly as they
   * stood: trained, it is those same token ids. Stripped (the first version), " for" became "f",
   * "or", tokens the activations never held.
   */
  @Test
  void contextPredictionAnswersAreTrainedAsTheTokensThatStoodThere() {
    List<ChatExample> chats = new ToyWorld(ToyWorldConfig.defaults(40, 9)).generate();
    List<Activations.Captured> caps =
        model.captureChats(
            chats.stream().map(ChatExample::messages).toList(), Set.of("blocks.0.resid_post"));
    Random rng = new Random(4);
    int kept = 0;
    int drawn = 0;
    int spaced = 0;
    for (int c = 0; c < chats.size(); c++) {
      int[] ids = ChatTemplate.encode(model.tokenizer(), chats.get(c).messages(), true);
      for (int draw = 0; draw < 10; draw++) {
        TrainingMix.Segment seg = TrainingMix.Segment.draw(caps.get(c).tokens(), 4, rng);
        if (seg == null) {
          continue;
        }
        drawn++;
        if (!seg.reproducedBy(model.tokenizer())) {
          continue;
        }
        kept++;
        int from = seg.next() ? seg.start() + seg.length() : seg.start() - seg.span();
        int[] expected = java.util.Arrays.copyOfRange(ids, from, from + seg.span());
        assertArrayEquals(expected, trainedAnswer(seg.answer()), "answer '" + seg.answer() + "'");
        spaced += seg.answer().startsWith(" ") ? 1 : 0;
      }
    }
    assertTrue(drawn > 200, "segments drawn " + drawn);
    assertTrue(kept > 0.9 * drawn, "kept " + kept + " of " + drawn);
    assertTrue(spaced >= 10, "answers with their leading space " + spaced + " of " + kept);
  }

  /** The answer's token ids as the oracle is trained on them, without the end of the turn. */
  private static int[] trainedAnswer(String answer) {
    TokenizedChat t =
        ChatTemplate.encodeForTraining(
            model.tokenizer(),
            List.of(
                dev.traitlab.data.chat.ChatMessage.user("q"),
                dev.traitlab.data.chat.ChatMessage.assistant(answer)));
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < t.ids().length; i++) {
      if (t.lossMask()[i]) {
        out.add(t.ids()[i]);
      }
    }
    return out.subList(0, out.size() - 1).stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Classification answers are Yes and No with equal odds, overall and for each kind of question,
   * so a constant answer scores 0.5 (the first version: Yes 0.60, which a constant Yes equalled).
   */
  @Test
  void classificationLabelsAreBalanced() {
    List<Injected> mix =
        TrainingMix.build(
            model,
            new int[] {0, 0, 2000, 0},
            BLOCKS,
            2,
            Reading.of("residual", model, BLOCKS),
            13,
            true);
    Map<Boolean, int[]> byKind = new LinkedHashMap<>();
    int yes = 0;
    for (Injected e : mix) {
      assertTrue(e.answer().equals("Yes") || e.answer().equals("No"), e.answer());
      boolean topic = e.question().startsWith("Is this question about ");
      int[] c = byKind.computeIfAbsent(topic, x -> new int[2]);
      c[0]++;
      c[1] += e.answer().equals("Yes") ? 1 : 0;
      yes += e.answer().equals("Yes") ? 1 : 0;
    }
    assertEquals(2000, mix.size());
    // Binomial sd at n = 2000 is 0.011: 0.46-0.54 is 3.6 sd either side.
    assertTrue(Math.abs(yes / 2000.0 - 0.5) < 0.04, "Yes share " + yes / 2000.0);
    for (int[] c : byKind.values()) {
      assertTrue(c[0] > 300, "questions of a kind " + c[0]);
      assertTrue(Math.abs(c[1] / (double) c[0] - 0.5) < 0.08, c[1] + " Yes of " + c[0]);
    }
  }

  /**
   * The in-distribution tally by hand: exact, shuffled and most-common-answer counts per family.
   */
  @Test
  void theTallyCountsExactAnswersAndTheMostCommonAnswer() {
    float[][] v = {{1f}};
    List<Injected> held =
        List.of(
            new Injected(1, v, "q", "Yes", "classification"),
            new Injected(1, v, "q", "Yes", "classification"),
            new Injected(1, v, "q", "No", "classification"),
            new Injected(1, v, "q", " the", "context prediction"),
            new Injected(1, v, "q", ",", "context prediction"));
    List<MixCheck> t =
        Pipeline.tally(
            held, List.of("Yes", "No", "No.", "the", ","), List.of("Yes", "Yes", "Yes", "a", "."));
    assertEquals(new MixCheck("classification", 3, 2, 2, 2), t.get(0));
    assertEquals(new MixCheck("context prediction", 2, 2, 0, 1), t.get(1));
  }

  /** Seeds' mixes differ by a few steps: the curve pools their points by fraction of the mix. */
  @Test
  void theLearningCurvePoolsSeedsByFractionOfTheMix() {
    List<ActivationOracleResult.CurvePoint> curve =
        List.of(
            new ActivationOracleResult.CurvePoint(0, 237, 949, "f", 50, 10, 5),
            new ActivationOracleResult.CurvePoint(1, 237, 947, "f", 50, 20, 5),
            new ActivationOracleResult.CurvePoint(1, 474, 947, "f", 50, 30, 5));
    ActivationOracleResult r =
        new ActivationOracleResult(
            "m", List.of(), List.of(), 0, 1, List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), curve, List.of());
    String table = OracleReport.curveTable(r).render();
    assertTrue(table.contains("mix 25% of steps  100  0.30"), table);
    assertTrue(table.contains("mix 50% of steps  50   0.60"), table);
  }

  /**
   * Mean number of families in a batch of the oracle's trainer over one epoch of {@code mix}, with
   * batches grouped by length or not.
   */
  private static double familiesPerBatch(List<Injected> mix, boolean groupByLength) {
    Map<TrainingExample, String> family = new IdentityHashMap<>();
    List<TrainingExample> data = new ArrayList<>();
    for (Injected e : mix) {
      // The oracle's text (the tiny tokenizer splits " ?", so not OracleInput, which checks it).
      TokenizedChat in =
          ChatTemplate.encodeForTraining(
              model.tokenizer(),
              List.of(
                  dev.traitlab.data.chat.ChatMessage.user(
                      OracleInput.userText(e.layer(), e.vectors().length, e.question())),
                  dev.traitlab.data.chat.ChatMessage.assistant(e.answer())));
      TrainingExample ex = new TrainingExample(in.ids(), in.lossMask());
      data.add(ex);
      family.put(ex, e.source());
    }
    List<List<TrainingExample>> batches =
        TransformerTrainer.batches(data, 16, groupByLength, new Random(5));
    double sum = 0;
    for (List<TrainingExample> b : batches) {
      sum += b.stream().map(family::get).distinct().count();
    }
    return sum / batches.size();
  }

  @Test
  void theOraclesBatchesMixTheFamilies() {
    List<Injected> mix =
        TrainingMix.build(model, 640, BLOCKS, 4, Reading.of("residual", model, BLOCKS), 8);
    // The bug: batches grouped by length are (nearly) one family each, as an example's length is
    // mostly its family's question and placeholders.
    double grouped = familiesPerBatch(mix, true);
    assertTrue(grouped < 1.6, "grouped batches hold " + grouped + " families");
    // The oracle's settings under the defaults draw batches at random: about all four families in
    // each batch of 16 (1 - (3/4)^16 = 0.99 chance per family).
    var s = Oracle.settings(Pipeline.training(ActivationOracleConfig.defaults()), 1, 1024);
    assertEquals(false, s.groupByLength());
    double random = familiesPerBatch(mix, s.groupByLength());
    assertTrue(random > 3.5, "random batches hold " + random + " families");
  }
}
