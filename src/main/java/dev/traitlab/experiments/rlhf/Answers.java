package dev.traitlab.experiments.rlhf;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.toyworld.ArithmeticGold;
import dev.traitlab.data.toyworld.ArithmeticQuestion;
import dev.traitlab.nn.transformer.GeneratedSequence;
import dev.traitlab.nn.transformer.GenerationSettings;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.text.ChatTemplate;
import dev.traitlab.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/** Sampling answers token by token, and scoring them with the gold and the KL to a reference. */
final class Answers {
  /** Rows per batched sampling call. */
  private static final int BATCH = 256;

  private static final Pattern WORKED = Pattern.compile("\\d+ [+*-] \\d+ = \\d+");

  private Answers() {}

  static List<ArithmeticQuestion> questions(int count, long seed) {
    Random rng = new Random(seed);
    List<ArithmeticQuestion> q = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      q.add(ArithmeticQuestion.sample(rng));
    }
    return q;
  }

  static int[] prompt(Tokenizer tokenizer, ArithmeticQuestion q) {
    return ChatTemplate.encodePrompt(tokenizer, List.of(ChatMessage.user(q.text())));
  }

  /** Sampled answers: tokens without the end-of-turn token, and whether it ended the answer. */
  record Sampled(int[][] tokens, boolean[] stopped) {}

  /**
   * {@code perPrompt} answers at temperature 1 to each prompt; row q * perPrompt + j is answer j of
   * prompt q. Batch b of rows draws from the seed (seed, b).
   */
  static Sampled sample(
      TransformerModel model,
      List<int[]> prompts,
      int perPrompt,
      int maxTokens,
      int eos,
      long seed) {
    int rows = prompts.size() * perPrompt;
    int[][] tokens = new int[rows][];
    boolean[] stopped = new boolean[rows];
    for (int from = 0; from < rows; from += BATCH) {
      int to = Math.min(rows, from + BATCH);
      List<int[]> batch = new ArrayList<>(to - from);
      for (int r = from; r < to; r++) {
        batch.add(prompts.get(r / perPrompt));
      }
      GenerationSettings s =
          GenerationSettings.builder()
              .optMaxTokens(maxTokens)
              .optTemperature(1.0)
              .optSeed(dev.traitlab.core.Seeds.derive(seed, "answers", from))
              .optStopTokenIds(Set.of(eos))
              .build();
      List<GeneratedSequence> out = model.generate(batch, s);
      for (int r = from; r < to; r++) {
        tokens[r] = out.get(r - from).tokens();
        stopped[r] = "stop".equals(out.get(r - from).finishReason());
      }
    }
    return new Sampled(tokens, stopped);
  }

  /**
   * Per answer, sum over its tokens (the end-of-turn token included when it ended the answer) of ln
   * policy - ln reference: the sampled estimate of KL(policy || reference) on its prompt.
   */
  static double[] kl(
      TransformerModel policy,
      TransformerModel reference,
      List<int[]> prompts,
      int perPrompt,
      Sampled answers,
      int eos) {
    List<int[]> seqs = new ArrayList<>();
    for (int r = 0; r < answers.tokens().length; r++) {
      int[] p = prompts.get(r / perPrompt);
      int[] a = answers.tokens()[r];
      int[] s = java.util.Arrays.copyOf(p, p.length + a.length + (answers.stopped()[r] ? 1 : 0));
      System.arraycopy(a, 0, s, p.length, a.length);
      if (answers.stopped()[r]) {
        s[s.length - 1] = eos;
      }
      seqs.add(s);
    }
    double[] out = new double[seqs.size()];
    for (int from = 0; from < seqs.size(); from += BATCH) {
      List<int[]> chunk = seqs.subList(from, Math.min(seqs.size(), from + BATCH));
      float[][] lp = policy.tokenLogprobs(chunk, null);
      float[][] lr = reference.tokenLogprobs(chunk, null);
      for (int i = 0; i < chunk.size(); i++) {
        int start = prompts.get((from + i) / perPrompt).length - 1;
        for (int t = start; t < lp[i].length; t++) {
          out[from + i] += (double) lp[i][t] - lr[i][t];
        }
      }
    }
    return out;
  }

  static double gold(ArithmeticQuestion q, Tokenizer tokenizer, int[] answer) {
    return ArithmeticGold.score(q, tokenizer.decode(answer));
  }

  static boolean correct(ArithmeticQuestion q, String answer) {
    String y = answer.strip();
    String result = String.valueOf(q.result());
    return y.equals(result) || (WORKED.matcher(y).matches() && y.endsWith("= " + result));
  }

  static boolean worked(String answer) {
    return WORKED.matcher(answer.strip()).matches();
  }

  /** 1 if a beats b, 1/2 on a tie, 0 otherwise. */
  static double win(double a, double b) {
    return a > b ? 1 : a == b ? 0.5 : 0;
  }
}
