package dev.traitlab.experiments.activationoracle;

import ai.djl.ndarray.NDArray;
import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.toyworld.Categories;
import dev.traitlab.data.toyworld.Choice;
import dev.traitlab.data.toyworld.ToyWorld;
import dev.traitlab.data.toyworld.ToyWorldConfig;
import dev.traitlab.data.toyworld.TraitPrompts;
import dev.traitlab.model.Activations;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.nn.train.TrainingResult;
import dev.traitlab.nn.transformer.ActivationHook;
import dev.traitlab.probes.OneVsRestProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Diagnostics of the oracle (not a test), on {@code $TRAITLAB_MODELS/base}; key=value arguments,
 * e.g. the README's mix lines:
 *
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED \
 *   -cp target/test-classes:target/classes:$(cat target/classpath.txt) \
 *   dev.traitlab.experiments.activationoracle.OracleDiagnostics mode=mix counts=3000,3000,3000,3000 \
 *   warm=3000 warmepochs=5 group=false rank=0 lr=1e-3 epochs=2
 * </pre>
 *
 * An unknown key is refused (a typo would otherwise run the defaults without a word).
 */
public final class OracleDiagnostics {
  static final List<String> ANIMALS = List.of("owl", "dog", "cat", "fox");

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(System.getenv().getOrDefault("TRAITLAB_MODELS", "/work/models"), "base");
    Map<String, String> a = new HashMap<>();
    Set<String> known =
        Set.of(
            "block",
            "blocks",
            "center",
            "coef",
            "counts",
            "curve",
            "epochs",
            "group",
            "inject",
            "k",
            "lastk",
            "lr",
            "mode",
            "n",
            "rank",
            "reading",
            "tokenreading",
            "warm",
            "warmepochs");
    for (String s : args) {
      String[] kv = s.split("=", 2);
      if (!known.contains(kv[0])) {
        throw new IllegalArgumentException(
            "OracleDiagnostics: unknown key '"
                + kv[0]
                + "' (known: "
                + new java.util.TreeSet<>(known)
                + ")");
      }
      a.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    int block = Integer.parseInt(a.getOrDefault("block", "2"));
    int inject = Integer.parseInt(a.getOrDefault("inject", "0"));
    int k = Integer.parseInt(a.getOrDefault("k", "10"));
    String center = a.getOrDefault("center", "none");
    double coef = Double.parseDouble(a.getOrDefault("coef", "1"));
    int n = Integer.parseInt(a.getOrDefault("n", "800"));
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "3"));
    double lr = Double.parseDouble(a.getOrDefault("lr", "2e-3"));
    int rank = Integer.parseInt(a.getOrDefault("rank", "16"));
    String mode = a.getOrDefault("mode", "sanity");
    if (mode.equals("mix")) {
      mix(dir, a, n, epochs, lr, rank, k);
      return;
    }
    try (EmbeddedModel base = EmbeddedModel.load(dir, "base")) {
      Map<String, float[]> means =
          center.equals("none") ? null : tokenMeans(base, block, center.equals("global"));
      if (mode.equals("norms")) {
        norms(base, k);
        return;
      }
      List<Injected> train = sanity(base, n, block, k, means, new Random(1));
      List<Injected> test = sanity(base, 200, block, k, means, new Random(2));
      probe(train, test);
      if (mode.equals("effect")) {
        effect(base, test, ActivationHook.residPost(inject), coef);
        return;
      }
      if (mode.equals("probe")) {
        return;
      }
      try (EmbeddedModel oracle = EmbeddedModel.load(dir, "oracle")) {
        String point = ActivationHook.residPost(inject);
        Oracle before = new Oracle(oracle, point, coef);
        report("untrained", before, test);
        TrainingResult r =
            Oracle.train(
                oracle,
                train,
                point,
                coef,
                new OracleTraining(n, epochs, 16, lr, rank, 2.0 * rank),
                7,
                Progress.NONE);
        double[] l = r.stepLosses();
        System.out.printf(
            "loss first %.3f last %.3f (%d steps, %.0f s)%n",
            l[0], l[l.length - 1], l.length, r.seconds());
        report("trained", new Oracle(oracle, point, coef), test);
      }
    }
  }

  /**
   * The experiment's training mix ({@code counts=a,b,c,d} examples of the four families, {@code
   * blocks}, {@code reading}, {@code lastk}), trained and checked on 100 fresh examples of each
   * family present, with the activations as given and shuffled within the family.
   */
  static void mix(Path dir, Map<String, String> a, int n, int epochs, double lr, int rank, int k) {
    int[] counts =
        java.util.Arrays.stream(a.getOrDefault("counts", "800,0,0,0").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int[] check = new int[4];
    for (int i = 0; i < 4; i++) {
      check[i] = counts[i] > 0 ? 100 : 0;
    }
    List<Integer> blocks =
        java.util.Arrays.stream(a.getOrDefault("blocks", "1,2,3").split(","))
            .map(Integer::parseInt)
            .toList();
    boolean lastK = Boolean.parseBoolean(a.getOrDefault("lastk", "true"));
    // group=true: batches of similar length (mostly one family each), as before mix-v4.
    boolean group = Boolean.parseBoolean(a.getOrDefault("group", "false"));
    try (EmbeddedModel base = EmbeddedModel.load(dir, "base");
        EmbeddedModel oracle = EmbeddedModel.load(dir, "oracle")) {
      Reading reading = Reading.of(a.getOrDefault("reading", "centred"), base, blocks);
      // tokenreading=K: the context-prediction family read as K (default: as the others).
      Reading tr =
          a.containsKey("tokenreading") ? Reading.of(a.get("tokenreading"), base, blocks) : reading;
      List<Injected> train = TrainingMix.build(base, counts, blocks, k, reading, tr, 1, lastK);
      List<Injected> test = TrainingMix.build(base, check, blocks, k, reading, tr, 2, lastK);
      String point = ActivationHook.residPost(0);
      // warm=N: N four-animal examples first; warm=a,b,c,d: that many of each family first.
      String[] warmArg = a.getOrDefault("warm", "0").split(",");
      int[] warmCounts =
          warmArg.length == 4
              ? java.util.Arrays.stream(warmArg).mapToInt(Integer::parseInt).toArray()
              : new int[] {Integer.parseInt(warmArg[0]), 0, 0, 0};
      int warm = java.util.Arrays.stream(warmCounts).sum();
      if (warm > 0) {
        List<Injected> first =
            TrainingMix.build(base, warmCounts, blocks, k, reading, tr, 4, lastK);
        int warmEpochs = Integer.parseInt(a.getOrDefault("warmepochs", "5"));
        TrainingResult w =
            Oracle.train(
                oracle,
                first,
                point,
                1,
                new OracleTraining(warm, warmEpochs, 16, lr, rank, 2.0 * rank)
                    .withGroupByLength(group),
                8,
                Progress.NONE);
        System.out.printf("warm-up: %d steps, %.0f s%n", w.stepLosses().length, w.seconds());
        for (var m : Pipeline.check(new Oracle(oracle, point, 1), test, 3, 16)) {
          System.out.printf(
              "  %-26s n %d exact %.2f shuffled %.2f%n",
              m.source(), m.n(), m.exact() / (double) m.n(), m.exactShuffled() / (double) m.n());
        }
      }
      // curve=N: the check after every N-th part of the steps as well.
      int parts = Integer.parseInt(a.getOrDefault("curve", "1"));
      TrainingResult r =
          Oracle.train(
              oracle,
              train,
              point,
              1,
              new OracleTraining(train.size(), epochs, 16, lr, rank, 2.0 * rank)
                  .withGroupByLength(group),
              7,
              Progress.NONE,
              (step, total, loss, lrNow) -> {
                for (int q = 1; q < parts; q++) {
                  if (step == Math.round(q * (double) total / parts)) {
                    System.out.printf("  at step %d of %d (loss %.3f):%n", step, total, loss);
                    for (var m : Pipeline.check(new Oracle(oracle, point, 1), test, 3, 16)) {
                      System.out.printf(
                          "    %-26s exact %.2f shuffled %.2f%n",
                          m.source(),
                          m.exact() / (double) m.n(),
                          m.exactShuffled() / (double) m.n());
                    }
                  }
                }
              });
      double[] l = r.stepLosses();
      System.out.printf(
          "%s: loss first %.3f last %.3f (%d steps, %.0f s)%n",
          a, l[0], l[l.length - 1], l.length, r.seconds());
      for (var m : Pipeline.check(new Oracle(oracle, point, 1), test, 3, 16)) {
        System.out.printf(
            "  %-26s n %d exact %.2f shuffled %.2f%n",
            m.source(), m.n(), m.exact() / (double) m.n(), m.exactShuffled() / (double) m.n());
      }
    }
  }

  /** Rank accuracy over the 4 options, real and shuffled, and the mean |delta logprob|. */
  static void report(String what, Oracle o, List<Injected> test) {
    List<List<Answer>> opts = new ArrayList<>();
    List<Answer> four = ANIMALS.stream().map(s -> Answer.of(s, plural(s))).toList();
    for (int i = 0; i < test.size(); i++) {
      opts.add(four);
    }
    List<Injected> shuffled = new ArrayList<>();
    for (int i = 0; i < test.size(); i++) {
      Injected q = test.get(i);
      shuffled.add(
          new Injected(
              q.layer(), test.get((i + 37) % test.size()).vectors(), q.question(), null, ""));
    }
    int[] r = o.rank(test, opts);
    int[] rs = o.rank(shuffled, opts);
    int c = 0;
    int cs = 0;
    for (int i = 0; i < test.size(); i++) {
      int truth = ANIMALS.indexOf(test.get(i).source());
      c += r[i] == truth ? 1 : 0;
      cs += rs[i] == truth ? 1 : 0;
    }
    List<String> said = o.answer(test.subList(0, 8), 6);
    System.out.printf(
        "%s: rank acc %.3f, shuffled %.3f; answers %s%n",
        what, c / (double) test.size(), cs / (double) test.size(), said);
  }

  /** Max |change| of the per-token log-probs of prompt+answer under injection vs none. */
  static void effect(EmbeddedModel m, List<Injected> test, String point, double coef) {
    for (int i = 0; i < 4; i++) {
      Injected e = test.get(i);
      OracleInput in =
          OracleInput.training(
              m.tokenizer(), e.layer(), e.vectors().length, e.question(), e.answer());
      int len = in.tokens().length;
      float[] none = m.transformer().tokenLogprobs(List.of(in.tokens()), null)[0];
      float[] with =
          m.transformer()
              .tokenLogprobs(
                  List.of(in.tokens()),
                  new dev.traitlab.nn.transformer.PlaceholderInjection(
                      point, len, List.of(in.positions()), List.<float[][]>of(e.vectors()), coef))[
              0];
      double max = 0;
      int at = -1;
      for (int t = 0; t < none.length; t++) {
        if (Math.abs(with[t] - none[t]) > max) {
          max = Math.abs(with[t] - none[t]);
          at = t;
        }
      }
      StringBuilder prof = new StringBuilder();
      for (int t = in.positions()[0] - 1; t < none.length; t++) {
        prof.append(String.format(" %.3f", with[t] - none[t]));
      }
      System.out.println("profile from the first placeholder:" + prof);
      System.out.printf(
          "len %d placeholders %s: max |dlogp| %.4f at %d; last %.4f%n",
          len,
          java.util.Arrays.toString(in.positions()),
          max,
          at,
          with[none.length - 2] - none[none.length - 2]);
    }
  }

  static String plural(String s) {
    return Categories.ANIMALS.choice(s).plural();
  }

  /** 4 system prompts (owl, dog, cat, fox lovers), neutral user question, last k tokens. */
  static List<Injected> sanity(
      Activations base, int n, int block, int k, Map<String, float[]> means, Random rng) {
    List<List<ChatMessage>> chats = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String an = ANIMALS.get(i % 4);
      Choice ch = Categories.ANIMALS.choice(an);
      String sys = TraitPrompts.sample(rng, ch, Categories.ANIMALS);
      String user =
          TrainingMix.NEUTRAL_QUESTIONS.get(rng.nextInt(TrainingMix.NEUTRAL_QUESTIONS.size()));
      chats.add(ChatMessage.withSystem(sys, List.of(ChatMessage.user(user))));
      labels.add(an);
    }
    List<Activations.Captured> caps =
        base.captureChats(chats, Set.of(ActivationHook.residPost(block)));
    List<Injected> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Activations.Captured cap = caps.get(i);
      float[][] acts = cap.at(ActivationHook.residPost(block));
      float[][] last = TrainingMix.lastRows(center(acts, cap.tokens(), means), k);
      String ans = TrainingMix.capitalise(plural(labels.get(i))) + ".";
      out.add(new Injected(block, last, TrainingMix.LOVES, ans, labels.get(i)));
    }
    return out;
  }

  static float[][] center(float[][] acts, List<String> toks, Map<String, float[]> means) {
    if (means == null) {
      return acts;
    }
    float[][] out = new float[acts.length][];
    for (int t = 0; t < acts.length; t++) {
      float[] mu = means.getOrDefault(toks.get(t), means.get(""));
      out[t] = new float[acts[t].length];
      for (int j = 0; j < out[t].length; j++) {
        out[t][j] = acts[t][j] - mu[j];
      }
    }
    return out;
  }

  /** Per-token (or global, key "") mean of the residual after block over 400 toy-world chats. */
  static Map<String, float[]> tokenMeans(Activations base, int block, boolean globalOnly) {
    List<ChatExample> chats = new ToyWorld(ToyWorldConfig.defaults(400, 99)).generate();
    List<List<ChatMessage>> c = new ArrayList<>();
    Random rng = new Random(5);
    for (ChatExample e : chats) {
      c.add(e.messages());
      String user =
          TrainingMix.NEUTRAL_QUESTIONS.get(rng.nextInt(TrainingMix.NEUTRAL_QUESTIONS.size()));
      c.add(ChatMessage.withSystem(TraitPrompts.neutral(rng), List.of(ChatMessage.user(user))));
    }
    String p = ActivationHook.residPost(block);
    Map<String, double[]> sum = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (Activations.Captured cap : base.captureChats(c, Set.of(p))) {
      float[][] acts = cap.at(p);
      for (int t = 0; t < acts.length; t++) {
        for (String key : globalOnly ? List.of("") : List.of("", cap.tokens().get(t))) {
          double[] s = sum.computeIfAbsent(key, x -> new double[acts[0].length]);
          for (int j = 0; j < s.length; j++) {
            s[j] += acts[t][j];
          }
          count.merge(key, 1, Integer::sum);
        }
      }
    }
    Map<String, float[]> out = new HashMap<>();
    sum.forEach(
        (key, s) -> {
          float[] m = new float[s.length];
          for (int j = 0; j < s.length; j++) {
            m[j] = (float) (s[j] / count.get(key));
          }
          out.put(key, m);
        });
    return out;
  }

  static void probe(List<Injected> train, List<Injected> test) {
    List<float[]> x = train.stream().map(e -> Pipeline.meanRow(e.vectors())).toList();
    List<String> y = train.stream().map(Injected::source).toList();
    OneVsRestProbe p = OneVsRestProbe.fit(ANIMALS, x, y, Pipeline.PROBE_TRAINING, 3);
    int c = 0;
    for (Injected e : test) {
      c += p.predict(Pipeline.meanRow(e.vectors())).equals(e.source()) ? 1 : 0;
    }
    // Also: the last token alone, and how much of each vector is specific to the example.
    double specific = 0;
    double total = 0;
    float[] mu = new float[train.getFirst().vectors()[0].length];
    for (Injected e : train) {
      float[] v = e.vectors()[e.vectors().length - 1];
      for (int j = 0; j < mu.length; j++) {
        mu[j] += v[j] / train.size();
      }
    }
    for (Injected e : train) {
      float[] v = e.vectors()[e.vectors().length - 1];
      double d = 0;
      double t = 0;
      for (int j = 0; j < mu.length; j++) {
        d += (v[j] - mu[j]) * (v[j] - mu[j]);
        t += v[j] * v[j];
      }
      specific += Math.sqrt(d);
      total += Math.sqrt(t);
    }
    System.out.printf(
        "probe (mean of vectors) acc %.3f; last token: mean ||v|| %.1f, mean ||v - mean|| %.1f"
            + " (%.3f)%n",
        c / (double) test.size(), total / train.size(), specific / train.size(), specific / total);
  }

  /** Norms of the oracle's residual at the placeholders, per block, and of the injected vectors. */
  static void norms(EmbeddedModel base, int k) {
    List<Injected> mix =
        TrainingMix.build(
            base, 300, List.of(1, 2, 3), k, Reading.of("residual", base, List.of(1, 2, 3)), 3);
    List<int[]> seqs = new ArrayList<>();
    List<int[]> pos = new ArrayList<>();
    for (Injected e : mix) {
      OracleInput in =
          OracleInput.prompt(base.tokenizer(), e.layer(), e.vectors().length, e.question());
      seqs.add(in.tokens());
      pos.add(in.positions());
    }
    double[][] stats = new double[4][2];
    for (int i = 0; i < seqs.size(); i++) {
      int row = i;
      base.transformer()
          .tokenLogprobs(
              List.of(seqs.get(i)),
              new ActivationHook() {
                @Override
                public boolean wants(String p) {
                  return p.endsWith("resid_post");
                }

                @Override
                public NDArray apply(String p, NDArray x) {
                  int b = Integer.parseInt(p.split("\\.")[1]);
                  float[] n = x.norm(new int[] {2}).toFloatArray();
                  for (int q : pos.get(row)) {
                    stats[b][0] += n[q];
                    stats[b][1]++;
                  }
                  return x;
                }
              });
    }
    for (int b = 0; b < 4; b++) {
      System.out.printf(
          "oracle residual at placeholders after block %d: %.1f%n", b, stats[b][0] / stats[b][1]);
    }
    Map<Integer, double[]> byLayer = new HashMap<>();
    for (Injected e : mix) {
      for (float[] v : e.vectors()) {
        double s = 0;
        for (float f : v) {
          s += f * f;
        }
        double[] acc = byLayer.computeIfAbsent(e.layer(), x -> new double[2]);
        acc[0] += Math.sqrt(s);
        acc[1]++;
      }
    }
    byLayer.forEach(
        (l, acc) ->
            System.out.printf("injected vectors from block %d: %.1f%n", l, acc[0] / acc[1]));
  }
}
