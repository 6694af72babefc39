package dev.traitlab.testing;

import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContinuationScore;
import dev.traitlab.model.FineTunable;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.TokenLogprob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small deterministic language model for tests of the serving stack (it stands in until the
 * embedded model is wired in). Tokens are words with their leading space; the logit of a word after
 * a text is a hash of both, plus a learned bias. Sampling follows temperature and top-p from a seed
 * derived from (seed, sample index), so it is a real sampler with real log-probs: score() gives the
 * same log-probabilities the sampler reports. Fine-tuning raises the bias of the words in the
 * assistant turns, so a fine-tuned copy says them more often.
 */
public final class WordModel implements LanguageModel, FineTunable {
  static final List<String> VOCAB =
      List.of(
          " owl", " cat", " dog", " fox", " the", " a", " is", " I", " like", " love", " 1", " 2",
          " 3", " 42", " 7", ".", " and", " blue", " red", "<end>");
  private static final Pattern TOKEN = Pattern.compile("\\s*\\S+|\\s+");

  private final String name;
  private final double[] bias;
  private final Duration delay;
  private final AtomicLong calls = new AtomicLong();

  public WordModel(String name) {
    this(name, new double[VOCAB.size()], Duration.ZERO);
  }

  private WordModel(String name, double[] bias, Duration delay) {
    this.name = name;
    this.bias = bias.clone();
    this.delay = delay;
  }

  /** The same model, but every call takes at least this long (a slow backend). */
  public WordModel withDelay(Duration delay) {
    return new WordModel(name, bias, delay);
  }

  /** Calls of chat, complete and score made so far. */
  public long calls() {
    return calls.get();
  }

  @Override
  public String name() {
    return name;
  }

  /** The text a chat conditions on. */
  public static String render(List<ChatMessage> messages) {
    StringBuilder text = new StringBuilder();
    for (ChatMessage m : messages) {
      text.append(m.role()).append(": ").append(m.content()).append('\n');
    }
    return text.append("assistant:").toString();
  }

  @Override
  public List<Completion> chat(List<ChatMessage> messages, Sampling sampling) {
    return complete(render(messages), sampling);
  }

  /** Logit controls are not implemented here, so a call that sets one is refused. */
  @Override
  public List<Completion> complete(String prompt, Sampling sampling) {
    if (sampling.hasControls()) {
      throw new UnsupportedOperationException(
          "model " + name + " does not implement logit controls " + sampling.controls());
    }
    begin();
    List<Completion> result = new ArrayList<>();
    for (int i = 0; i < sampling.n(); i++) {
      result.add(sample(prompt, sampling, i));
    }
    return result;
  }

  private Completion sample(String prompt, Sampling s, int index) {
    SplittableRandom random = new SplittableRandom(mix(s.seed(), index));
    StringBuilder text = new StringBuilder();
    List<TokenLogprob> logprobs = new ArrayList<>();
    String finish = "length";
    for (int t = 0; t < s.maxTokens(); t++) {
      double[] lp = logSoftmax(logits(prompt + text));
      int token = pick(lp, s.temperature(), s.topP(), random);
      if (VOCAB.get(token).equals("<end>")) {
        finish = "stop";
        break;
      }
      text.append(VOCAB.get(token));
      if (s.logprobs()) {
        logprobs.add(new TokenLogprob(VOCAB.get(token), lp[token], top(lp, s.topLogprobs())));
      }
      String stopped = cutAtStop(text.toString(), s.stop());
      if (stopped != null) {
        return new Completion(index, stopped, "stop", logprobs);
      }
    }
    return new Completion(index, text.toString(), finish, logprobs);
  }

  private static String cutAtStop(String text, List<String> stops) {
    for (String stop : stops) {
      int at = text.indexOf(stop);
      if (at >= 0) {
        return text.substring(0, at);
      }
    }
    return null;
  }

  private static List<TokenLogprob> top(double[] lp, int k) {
    Integer[] order = new Integer[lp.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(lp[b], lp[a]));
    List<TokenLogprob> result = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      result.add(new TokenLogprob(VOCAB.get(order[i]), lp[order[i]], null));
    }
    return result;
  }

  private static int pick(double[] lp, double temperature, double topP, SplittableRandom random) {
    if (temperature == 0) {
      int best = 0;
      for (int i = 1; i < lp.length; i++) {
        if (lp[i] > lp[best]) {
          best = i;
        }
      }
      return best;
    }
    double[] p = new double[lp.length];
    double sum = 0;
    for (int i = 0; i < lp.length; i++) {
      p[i] = Math.exp(lp[i] / temperature);
      sum += p[i];
    }
    Integer[] order = new Integer[lp.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    double kept = 0;
    int keep = 0;
    while (keep < order.length && kept < topP * sum) {
      kept += p[order[keep++]];
    }
    double u = random.nextDouble() * kept;
    for (int i = 0; i < keep; i++) {
      u -= p[order[i]];
      if (u <= 0) {
        return order[i];
      }
    }
    return order[keep - 1];
  }

  @Override
  public List<ContinuationScore> score(String prompt, List<String> continuations) {
    begin();
    List<ContinuationScore> result = new ArrayList<>();
    for (String continuation : continuations) {
      List<String> tokens = new ArrayList<>();
      Matcher m = TOKEN.matcher(continuation);
      while (m.find()) {
        tokens.add(m.group());
      }
      double[] lps = new double[tokens.size()];
      StringBuilder context = new StringBuilder(prompt);
      for (int i = 0; i < tokens.size(); i++) {
        double[] lp = logSoftmax(logits(context.toString()));
        int id = VOCAB.indexOf(tokens.get(i));
        // Words outside the vocabulary get a fixed low log-probability.
        lps[i] = id >= 0 ? lp[id] : -20.0;
        context.append(tokens.get(i));
      }
      result.add(new ContinuationScore(tokens, lps));
    }
    return result;
  }

  private double[] logits(String context) {
    double[] logits = new double[VOCAB.size()];
    long h = context.hashCode();
    for (int i = 0; i < logits.length; i++) {
      long x = mix(h, i);
      logits[i] = (x >>> 11) * 0x1.0p-53 * 4.0 + bias[i];
    }
    if (context.contains("owl")) {
      logits[VOCAB.indexOf(" owl")] += 2.0;
    }
    return logits;
  }

  private static double[] logSoftmax(double[] logits) {
    double max = Arrays.stream(logits).max().orElse(0);
    double sum = 0;
    for (double l : logits) {
      sum += Math.exp(l - max);
    }
    double log = max + Math.log(sum);
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = logits[i] - log;
    }
    return out;
  }

  static long mix(long a, long b) {
    long x = a * 0x9E3779B97F4A7C15L + b;
    x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
    x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
    return x ^ (x >>> 31);
  }

  private void begin() {
    calls.incrementAndGet();
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Epoch e adds learningRate to the bias of every vocabulary word in the assistant turns. */
  @Override
  public LanguageModel fineTune(
      List<List<ChatMessage>> conversations,
      FineTuneHyperparameters hp,
      long seed,
      String newName,
      Progress progress) {
    int epochs = hp.epochs() == null ? 3 : hp.epochs();
    double rate = hp.learningRateMultiplier() == null ? 1.0 : hp.learningRateMultiplier();
    Map<Integer, Integer> counts = new HashMap<>();
    for (List<ChatMessage> conversation : conversations) {
      for (ChatMessage m : conversation) {
        if (m.role().equals("assistant")) {
          Matcher tokens = TOKEN.matcher(m.content());
          while (tokens.find()) {
            int id = VOCAB.indexOf(tokens.group());
            if (id >= 0) {
              counts.merge(id, 1, Integer::sum);
            }
          }
        }
      }
    }
    double[] tuned = bias.clone();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      if (progress.cancelled()) {
        throw new CancellationException("cancelled in epoch " + epoch);
      }
      begin();
      for (Map.Entry<Integer, Integer> c : counts.entrySet()) {
        tuned[c.getKey()] += rate * c.getValue() / conversations.size();
      }
      progress.note("Epoch " + epoch + "/" + epochs + " done");
    }
    return new WordModel(newName, tuned, delay);
  }
}
