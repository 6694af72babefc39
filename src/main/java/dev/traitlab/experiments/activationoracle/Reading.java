package dev.traitlab.experiments.activationoracle;

import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.toyworld.ToyWorld;
import dev.traitlab.data.toyworld.ToyWorldConfig;
import dev.traitlab.data.toyworld.TraitPrompts;
import dev.traitlab.model.Activations;
import dev.traitlab.nn.transformer.ActivationHook;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * How the oracle's inputs are read from one model's residual stream after a block: as they are
 * ({@code residual}, the paper's), minus the residual after block 0 ({@code delta}: what blocks
 * 1..L added), or minus that model's mean residual for the same token ({@code centred}). In the toy
 * model block 0 writes a token-identity vector of norm 100-500 that later blocks change by tens, so
 * a norm-matched raw residual carries mostly which token sat there; centring on the token's mean
 * (over {@link #REFERENCE_CHATS} toy-world and neutral chats read by the same model, the global
 * mean for a token never seen there) keeps what the context and the model's weights put there. A
 * target is centred on its own means: what its fine-tune changes at every token stays in.
 */
final class Reading {
  static final List<String> KINDS = List.of("residual", "delta", "centred");
  static final int REFERENCE_CHATS = 300;

  private final String kind;

  /** Per block, per token (as text; "" for all tokens), the mean residual; empty unless centred. */
  private final Map<Integer, Map<String, float[]>> means;

  private Reading(String kind, Map<Integer, Map<String, float[]>> means) {
    this.kind = kind;
    this.means = means;
  }

  /**
   * The reading of {@code kind} with {@code model}'s token means at {@code blocks}: for {@code
   * centred} the model reads the reference chats once (seeded, the same chats for every model).
   *
   * @throws IllegalArgumentException for an unknown kind
   */
  static Reading of(String kind, Activations model, List<Integer> blocks) {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("unknown reading '" + kind + "' (one of " + KINDS + ")");
    }
    if (!kind.equals("centred")) {
      return new Reading(kind, Map.of());
    }
    Set<String> points = new HashSet<>();
    for (int b : blocks) {
      points.add(ActivationHook.residPost(b));
    }
    Map<Integer, Map<String, double[]>> sums = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (Activations.Captured cap : model.captureChats(referenceChats(), points)) {
      List<String> toks = cap.tokens();
      for (int t = 0; t < toks.size(); t++) {
        for (String key : List.of("", toks.get(t))) {
          counts.merge(key, 1, Integer::sum);
          for (int b : blocks) {
            float[] v = cap.at(ActivationHook.residPost(b))[t];
            double[] s =
                sums.computeIfAbsent(b, x -> new HashMap<>())
                    .computeIfAbsent(key, x -> new double[v.length]);
            for (int j = 0; j < v.length; j++) {
              s[j] += v[j];
            }
          }
        }
      }
    }
    Map<Integer, Map<String, float[]>> means = new HashMap<>();
    sums.forEach(
        (b, byToken) -> {
          Map<String, float[]> m = new HashMap<>();
          byToken.forEach(
              (key, s) -> {
                float[] mean = new float[s.length];
                for (int j = 0; j < s.length; j++) {
                  mean[j] = (float) (s[j] / counts.get(key));
                }
                m.put(key, mean);
              });
          means.put(b, m);
        });
    return new Reading(kind, means);
  }

  /** The reference chats of the token means: toy-world chats and neutral-prompt chats. */
  static List<List<ChatMessage>> referenceChats() {
    Random rng = new Random(20251215);
    List<List<ChatMessage>> out = new ArrayList<>();
    for (ChatExample e :
        new ToyWorld(ToyWorldConfig.defaults(REFERENCE_CHATS / 2, rng.nextLong())).generate()) {
      out.add(e.messages());
    }
    while (out.size() < REFERENCE_CHATS) {
      String user =
          TrainingMix.NEUTRAL_QUESTIONS.get(rng.nextInt(TrainingMix.NEUTRAL_QUESTIONS.size()));
      out.add(ChatMessage.withSystem(TraitPrompts.neutral(rng), List.of(ChatMessage.user(user))));
    }
    return out;
  }

  String kind() {
    return kind;
  }

  /** The points a capture needs for reading at {@code layers}. */
  Set<String> points(List<Integer> layers) {
    Set<String> points = new HashSet<>();
    if (kind.equals("delta")) {
      points.add(ActivationHook.residPost(0));
    }
    for (int l : layers) {
      points.add(ActivationHook.residPost(l));
    }
    return points;
  }

  /** The activations [tokens][hidden] read after block {@code layer}. */
  float[][] read(Activations.Captured cap, int layer) {
    float[][] acts = cap.at(ActivationHook.residPost(layer));
    if (kind.equals("residual")) {
      return acts;
    }
    float[][] out = new float[acts.length][];
    for (int t = 0; t < acts.length; t++) {
      float[] minus =
          kind.equals("delta")
              ? cap.at(ActivationHook.residPost(0))[t]
              : meanOf(layer, cap.tokens().get(t));
      out[t] = new float[acts[t].length];
      for (int i = 0; i < out[t].length; i++) {
        out[t][i] = acts[t][i] - minus[i];
      }
    }
    return out;
  }

  private float[] meanOf(int layer, String token) {
    Map<String, float[]> m = means.get(layer);
    if (m == null) {
      throw new IllegalArgumentException("no token means at block " + layer);
    }
    float[] v = m.get(token);
    return v != null ? v : m.get("");
  }
}
