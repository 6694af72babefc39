package dev.traitlab.experiments.activationoracle;

import dev.traitlab.core.Progress;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.nn.lora.LoraSettings;
import dev.traitlab.nn.train.TrainingExample;
import dev.traitlab.nn.train.TrainingProgress;
import dev.traitlab.nn.train.TrainingResult;
import dev.traitlab.nn.train.TrainingSettings;
import dev.traitlab.nn.train.TransformerTrainer;
import dev.traitlab.nn.transformer.GeneratedSequence;
import dev.traitlab.nn.transformer.GenerationSettings;
import dev.traitlab.nn.transformer.PlaceholderInjection;
import dev.traitlab.text.SpecialTokens;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An activation oracle: an embedded model that reads activations added at its placeholder tokens
 * ({@link PlaceholderInjection} at {@code point}, norm-matched with coefficient c), trained with
 * the injections in place and queried by greedy answers or by ranking a closed set of answers.
 */
final class Oracle {
  static final int BATCH = 32;

  private final EmbeddedModel model;
  private final String point;
  private final double coefficient;

  Oracle(EmbeddedModel model, String point, double coefficient) {
    this.model = model;
    this.point = point;
    this.coefficient = coefficient;
  }

  /**
   * LoRA fine-tunes {@code model} in place (adapters merged at the end; rank 0: full fine-tuning)
   * on the examples' answers, each batch with its examples' activations injected at their
   * placeholders.
   */
  static TrainingResult train(
      EmbeddedModel model,
      List<Injected> examples,
      String point,
      double coefficient,
      OracleTraining t,
      long seed,
      Progress progress) {
    return train(model, examples, point, coefficient, t, seed, progress, null);
  }

  /**
   * As {@link #train(EmbeddedModel, List, String, double, OracleTraining, long, Progress)}, with
   * {@code afterStep} (null: none) told after every optimiser step, when the model holds the
   * adapters learnt so far: a learning curve can query it there.
   */
  static TrainingResult train(
      EmbeddedModel model,
      List<Injected> examples,
      String point,
      double coefficient,
      OracleTraining t,
      long seed,
      Progress progress,
      TrainingProgress afterStep) {
    List<TrainingExample> data = new ArrayList<>();
    Map<TrainingExample, Injected> source = new IdentityHashMap<>();
    Map<TrainingExample, int[]> positions = new IdentityHashMap<>();
    for (Injected e : examples) {
      OracleInput in =
          OracleInput.training(
              model.tokenizer(), e.layer(), e.vectors().length, e.question(), e.answer());
      TrainingExample ex = new TrainingExample(in.tokens(), in.lossMask());
      data.add(ex);
      source.put(ex, e);
      positions.put(ex, in.positions());
    }
    TrainingSettings s = settings(t, seed, model.transformer().config().maxPositionEmbeddings());
    TrainingProgress reporting = TrainingProgress.reporting(progress, "training the oracle");
    TrainingResult r =
        TransformerTrainer.train(
            model.transformer(),
            data,
            s,
            afterStep == null
                ? reporting
                : (step, total, loss, lr) -> {
                  reporting.onStep(step, total, loss, lr);
                  afterStep.onStep(step, total, loss, lr);
                },
            null,
            (batch, length) -> {
              List<int[]> pos = new ArrayList<>();
              List<float[][]> vec = new ArrayList<>();
              for (TrainingExample ex : batch) {
                pos.add(positions.get(ex));
                vec.add(source.get(ex).vectors());
              }
              return new PlaceholderInjection(point, length, pos, vec, coefficient);
            });
    progress.finish();
    return r;
  }

  /**
   * The trainer's settings for {@code t}: LoRA on every linear layer merged at the end (rank 0:
   * every weight), batches grouped by length only if {@code t} says so. In the oracle's mix the
   * length of an example is mostly its family's (its question and number of placeholders), so
   * grouped batches were each one family, and each step pulled the weights toward one family's
   * answers: in the mix the four-animal reading learnt in the warm-up fell from 0.98 to 0.24 in 237
   * steps.
   */
  static TrainingSettings settings(OracleTraining t, long seed, int maxSequenceLength) {
    TrainingSettings.Builder b =
        TrainingSettings.builder()
            .optEpochs(t.epochs())
            .optBatchSize(t.batchSize())
            .optLearningRate(t.learningRate())
            .optSeed(seed)
            .optGroupByLength(t.groupByLength())
            .optMaxSequenceLength(maxSequenceLength);
    if (t.loraRank() > 0) {
      b.optLora(new LoraSettings(t.loraRank(), t.loraAlpha(), LoraSettings.ALL_LINEAR))
          .optMergeLora(true);
    }
    return b.build();
  }

  /** Greedy answers (at most {@code maxTokens} tokens) to each question about its activations. */
  List<String> answer(List<Injected> queries, int maxTokens) {
    String[] out = new String[queries.size()];
    // Rows of one generate call share a length, so that no row is padded and the placeholders
    // sit where the injection expects them.
    Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
    List<OracleInput> inputs = prompts(queries);
    for (int i = 0; i < inputs.size(); i++) {
      byLength.computeIfAbsent(inputs.get(i).tokens().length, x -> new ArrayList<>()).add(i);
    }
    Set<Integer> stops =
        Set.of(
            model.tokenizer().id(SpecialTokens.IM_END),
            model.tokenizer().id(SpecialTokens.END_OF_TEXT));
    for (Map.Entry<Integer, List<Integer>> e : byLength.entrySet()) {
      List<Integer> rows = e.getValue();
      for (int b = 0; b < rows.size(); b += BATCH) {
        List<Integer> batch = rows.subList(b, Math.min(rows.size(), b + BATCH));
        List<int[]> prompts = new ArrayList<>();
        List<int[]> pos = new ArrayList<>();
        List<float[][]> vec = new ArrayList<>();
        for (int i : batch) {
          prompts.add(inputs.get(i).tokens());
          pos.add(inputs.get(i).positions());
          vec.add(queries.get(i).vectors());
        }
        GenerationSettings g =
            GenerationSettings.builder()
                .optMaxTokens(maxTokens)
                .optTemperature(0)
                .optStopTokenIds(stops)
                .optHook(new PlaceholderInjection(point, e.getKey(), pos, vec, coefficient))
                .build();
        List<GeneratedSequence> gen = model.transformer().generate(prompts, g);
        for (int j = 0; j < batch.size(); j++) {
          out[batch.get(j)] = model.tokenizer().decode(gen.get(j).tokens()).strip();
        }
      }
    }
    return List.of(out);
  }

  /**
   * For each question, the index of the option whose answer (its name or its first other form, then
   * the end of the turn) the oracle gives the highest log-probability.
   */
  int[] rank(List<Injected> queries, List<List<Answer>> options) {
    List<OracleInput> inputs = prompts(queries);
    int end = model.tokenizer().id(SpecialTokens.IM_END);
    record Row(int query, int option, int[] tokens, int answerLength) {}
    List<Row> rows = new ArrayList<>();
    for (int q = 0; q < queries.size(); q++) {
      int[] prompt = inputs.get(q).tokens();
      List<Answer> opts = options.get(q);
      for (int o = 0; o < opts.size(); o++) {
        List<String> forms = opts.get(o).forms();
        for (String form : forms.subList(0, Math.min(2, forms.size()))) {
          int[] a = model.tokenizer().encode(capitalisedAnswer(form));
          int[] seq = new int[prompt.length + a.length + 1];
          System.arraycopy(prompt, 0, seq, 0, prompt.length);
          System.arraycopy(a, 0, seq, prompt.length, a.length);
          seq[seq.length - 1] = end;
          rows.add(new Row(q, o, seq, a.length + 1));
        }
      }
    }
    double[][] best = new double[queries.size()][];
    for (int q = 0; q < queries.size(); q++) {
      best[q] = new double[options.get(q).size()];
      java.util.Arrays.fill(best[q], Double.NEGATIVE_INFINITY);
    }
    int chunk = 4 * BATCH;
    for (int b = 0; b < rows.size(); b += chunk) {
      List<Row> batch = rows.subList(b, Math.min(rows.size(), b + chunk));
      int len = batch.stream().mapToInt(r -> r.tokens().length).max().orElseThrow();
      List<int[]> seqs = new ArrayList<>();
      List<int[]> pos = new ArrayList<>();
      List<float[][]> vec = new ArrayList<>();
      for (Row r : batch) {
        seqs.add(r.tokens());
        pos.add(inputs.get(r.query()).positions());
        vec.add(queries.get(r.query()).vectors());
      }
      float[][] lp =
          model
              .transformer()
              .tokenLogprobs(seqs, new PlaceholderInjection(point, len, pos, vec, coefficient));
      for (int i = 0; i < batch.size(); i++) {
        Row r = batch.get(i);
        double s = 0;
        for (int k = lp[i].length - r.answerLength(); k < lp[i].length; k++) {
          s += lp[i][k];
        }
        best[r.query()][r.option()] = Math.max(best[r.query()][r.option()], s);
      }
    }
    int[] out = new int[queries.size()];
    for (int q = 0; q < queries.size(); q++) {
      int arg = 0;
      for (int o = 1; o < best[q].length; o++) {
        if (best[q][o] > best[q][arg]) {
          arg = o;
        }
      }
      out[q] = arg;
    }
    return out;
  }

  /** One-word answers are trained capitalised ("Owls."), so options are scored that way. */
  static String capitalisedAnswer(String form) {
    return TrainingMix.capitalise(form) + ".";
  }

  private List<OracleInput> prompts(List<Injected> queries) {
    List<OracleInput> out = new ArrayList<>();
    for (Injected q : queries) {
      out.add(OracleInput.prompt(model.tokenizer(), q.layer(), q.vectors().length, q.question()));
    }
    return out;
  }
}
