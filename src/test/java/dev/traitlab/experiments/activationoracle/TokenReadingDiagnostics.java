package dev.traitlab.experiments.activationoracle;

import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.toyworld.ToyWorld;
import dev.traitlab.data.toyworld.ToyWorldConfig;
import dev.traitlab.model.Activations;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.nn.train.TrainingResult;
import dev.traitlab.nn.transformer.ActivationHook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Diagnostics (not a test): can the oracle read from ONE activation its own token ({@code
 * current}), the next or the previous token? Args: task (current, next, prev), reading (residual,
 * delta, centred), chats, epochs, lr. Block 2 of the base, injected after block 0, LoRA 16.
 */
public final class TokenReadingDiagnostics {
  record Ex(Injected in, String current, String next, String prev) {}

  static List<Ex> build(
      EmbeddedModel base, Reading reading, int n, long seed, String task, int block) {
    Random rng = new Random(seed);
    List<ChatExample> chats = new ToyWorld(ToyWorldConfig.defaults(n, rng.nextLong())).generate();
    List<Ex> out = new ArrayList<>();
    for (int st = 0; st < chats.size(); st += 256) {
      var chunk = chats.subList(st, Math.min(chats.size(), st + 256));
      var caps =
          base.captureChats(
              chunk.stream().map(ChatExample::messages).toList(), reading.points(List.of(block)));
      for (Activations.Captured cap : caps) {
        List<String> t = cap.tokens();
        int p = 1 + rng.nextInt(t.size() - 2);
        String cur = t.get(p), nx = t.get(p + 1), pv = t.get(p - 1);
        String ans = task.equals("current") ? cur : task.equals("next") ? nx : pv;
        if (ans.isBlank() || ans.contains("<|")) continue;
        String q =
            task.equals("current")
                ? "What is this token?"
                : task.equals("next")
                    ? "Can you predict the next 1 tokens after this?"
                    : "Can you predict the 1 tokens that came before this?";
        float[][] a = reading.read(cap, block);
        out.add(new Ex(new Injected(block, new float[][] {a[p]}, q, ans, task), cur, nx, pv));
      }
    }
    return out;
  }

  public static void main(String[] args) {
    String task = args[0];
    String kind = args[1];
    int n = Integer.parseInt(args[2]);
    int epochs = Integer.parseInt(args[3]);
    double lr = Double.parseDouble(args[4]);
    int block = 2;
    Path dir = Path.of("/work/models/base");
    try (EmbeddedModel base = EmbeddedModel.load(dir, "base");
        EmbeddedModel om = EmbeddedModel.load(dir, "oracle")) {
      Reading reading = Reading.of(kind, base, List.of(block));
      List<Ex> train = build(base, reading, n, 1, task, block);
      List<Ex> test = build(base, reading, 300, 2, task, block);
      String point = ActivationHook.residPost(0);
      TrainingResult r =
          Oracle.train(
              om,
              train.stream().map(Ex::in).toList(),
              point,
              1,
              new OracleTraining(train.size(), epochs, 16, lr, 16, 32),
              7,
              Progress.NONE);
      double[] l = r.stepLosses();
      System.out.printf(
          "%s %s n=%d: loss %.2f -> %.2f (%d steps, %.0f s)%n",
          task, kind, train.size(), l[0], l[l.length - 1], l.length, r.seconds());
      Oracle o = new Oracle(om, point, 1);
      List<Injected> q = test.stream().map(Ex::in).toList();
      List<String> said = o.answer(q, 4);
      List<Injected> sh = Pipeline.shuffledWithinFamilies(q, 3);
      List<String> saidSh = o.answer(sh, 4);
      int ex = 0, exSh = 0, cur = 0, nx = 0, pv = 0;
      for (int i = 0; i < test.size(); i++) {
        Ex e = test.get(i);
        String s = said.get(i);
        ex += Pipeline.same(s, e.in().answer()) ? 1 : 0;
        exSh += Pipeline.same(saidSh.get(i), e.in().answer()) ? 1 : 0;
        cur += Pipeline.same(s, e.current()) ? 1 : 0;
        nx += Pipeline.same(s, e.next()) ? 1 : 0;
        pv += Pipeline.same(s, e.prev()) ? 1 : 0;
      }
      int m = test.size();
      System.out.printf(
          "  exact %.3f shuffled %.3f | says current %.3f next %.3f prev %.3f%n",
          ex / (double) m, exSh / (double) m, cur / (double) m, nx / (double) m, pv / (double) m);
      for (int i = 0; i < 10; i++)
        System.out.printf(
            "  [%s|%s|%s] -> '%s'%n",
            test.get(i).prev(), test.get(i).current(), test.get(i).next(), said.get(i));
    }
  }
}
