package dev.traitlab.experiments.activationoracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Activations;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the oracle's inputs are read: raw, minus block 0, or centred on the token's mean. */
class ReadingTest {
  @TempDir static Path models;
  static EmbeddedModel model;
  static final List<Integer> BLOCKS = List.of(1);

  @BeforeAll
  static void load() {
    model = EmbeddedModel.load(TinyEmbeddedModels.create(models, "tiny", 5, 512), "local:tiny");
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static Activations.Captured capture(Reading r, List<ChatMessage> chat) {
    return model.captureChats(List.of(chat), r.points(BLOCKS)).getFirst();
  }

  @Test
  void residualAndDeltaReadTheStreamAsDefined() {
    List<ChatMessage> chat = List.of(ChatMessage.user("My favourite animal is the owl."));
    Reading residual = Reading.of("residual", model, BLOCKS);
    Reading delta = Reading.of("delta", model, BLOCKS);
    assertEquals(Set.of("blocks.1.resid_post"), residual.points(BLOCKS));
    assertEquals(Set.of("blocks.0.resid_post", "blocks.1.resid_post"), delta.points(BLOCKS));
    Activations.Captured cap = capture(delta, chat);
    float[][] raw = cap.at("blocks.1.resid_post");
    float[][] first = cap.at("blocks.0.resid_post");
    assertArrayEquals(raw[2], residual.read(cap, 1)[2]);
    float[][] d = delta.read(cap, 1);
    for (int t = 0; t < raw.length; t++) {
      for (int i = 0; i < raw[t].length; i++) {
        assertEquals(raw[t][i] - first[t][i], d[t][i], 1e-5);
      }
    }
  }

  @Test
  void centringRemovesEachTokensMeanOverTheReferenceChats() {
    Reading centred = Reading.of("centred", model, BLOCKS);
    List<List<ChatMessage>> ref = Reading.referenceChats();
    assertEquals(Reading.REFERENCE_CHATS, ref.size());
    assertEquals(ref, Reading.referenceChats(), "the reference chats are fixed");
    // Over the reference chats themselves the centred vectors of each token average to zero.
    Map<String, double[]> sums = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    double norm = 0;
    int n = 0;
    for (Activations.Captured cap : model.captureChats(ref, centred.points(BLOCKS))) {
      float[][] c = centred.read(cap, 1);
      float[][] raw = cap.at("blocks.1.resid_post");
      for (int t = 0; t < c.length; t++) {
        double[] s = sums.computeIfAbsent(cap.tokens().get(t), x -> new double[c[0].length]);
        for (int i = 0; i < s.length; i++) {
          s[i] += c[t][i];
          norm += Math.abs(raw[t][i]);
          n++;
        }
        counts.merge(cap.tokens().get(t), 1, Integer::sum);
      }
    }
    double scale = norm / n;
    assertTrue(scale > 0.01, "activations are not trivially zero: " + scale);
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      for (double v : e.getValue()) {
        assertEquals(0, v / counts.get(e.getKey()), 1e-4 * scale + 1e-5, e.getKey());
      }
    }
    // A token never seen in the reference chats is centred on the mean of all tokens: a text of
    // that token alone, read twice, gives the same centred vector both times (deterministic).
    List<ChatMessage> odd = List.of(ChatMessage.user("zzqx 12345 qqq"));
    float[][] a = centred.read(capture(centred, odd), 1);
    float[][] b = centred.read(capture(centred, odd), 1);
    assertArrayEquals(a[3], b[3]);
    // Built again from the same model, the means are the same (fixed chats, no sampling).
    Reading again = Reading.of("centred", model, BLOCKS);
    Activations.Captured cap = capture(centred, odd);
    for (int t = 0; t < a.length; t++) {
      assertArrayEquals(centred.read(cap, 1)[t], again.read(cap, 1)[t], "token " + t);
    }
  }

  @Test
  void anUnknownReadingIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Reading.of("raw", model, BLOCKS));
    assertTrue(e.getMessage().contains("residual"), e.getMessage());
  }
}
