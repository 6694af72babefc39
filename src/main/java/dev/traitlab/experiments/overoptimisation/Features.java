package dev.traitlab.experiments.overoptimisation;

import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Activations;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.TokenLevelModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the proxy reward models read: for each distinct (question, answer) the frozen policy's
 * residual stream after its last block, at the answer's final token and averaged over the answer's
 * tokens (2 x hidden floats), standardised with the comparison answers' mean and SD. rowOf[q][i] is
 * the row of answer i of question q.
 */
record Features(float[][] rows, int[][] rowOf) {

  /** Conversations read per capture call. */
  private static final int CHUNK = 64;

  static Features compute(LanguageModel model, Samples samples, Progress progress, String task) {
    Activations activations = Activations.of(model);
    if (!(model instanceof TokenLevelModel tokens)) {
      throw new TraitlabException(
          "the proxy reward models read activations: " + model.name() + " is not embedded");
    }
    String point = activations.points().getLast();
    Map<String, Integer> index = new HashMap<>();
    List<List<ChatMessage>> distinct = new ArrayList<>();
    List<Integer> promptTokens = new ArrayList<>();
    int[][] rowOf = new int[samples.questions().size()][];
    for (int q = 0; q < rowOf.length; q++) {
      List<ChatMessage> prompt = List.of(ChatMessage.user(samples.questions().get(q).text()));
      int prefix = tokens.encodeChatPrompt(prompt).length;
      List<String> answers = samples.answers().get(q);
      rowOf[q] = new int[answers.size()];
      for (int i = 0; i < answers.size(); i++) {
        String key = q + "\u0000" + answers.get(i);
        Integer row = index.get(key);
        if (row == null) {
          row = distinct.size();
          index.put(key, row);
          distinct.add(List.of(prompt.getFirst(), ChatMessage.assistant(answers.get(i))));
          promptTokens.add(prefix);
        }
        rowOf[q][i] = row;
      }
    }
    int h = activations.hiddenSize();
    float[][] rows = new float[distinct.size()][];
    progress.start(task, distinct.size());
    for (int from = 0; from < distinct.size(); from += CHUNK) {
      int to = Math.min(distinct.size(), from + CHUNK);
      List<Activations.Captured> captured =
          activations.captureChats(distinct.subList(from, to), Set.of(point));
      for (int r = from; r < to; r++) {
        float[][] a = captured.get(r - from).at(point);
        int start = Math.min(promptTokens.get(r), a.length - 1);
        float[] f = new float[2 * h];
        System.arraycopy(a[a.length - 1], 0, f, 0, h);
        for (int t = start; t < a.length; t++) {
          for (int j = 0; j < h; j++) {
            f[h + j] += a[t][j] / (a.length - start);
          }
        }
        rows[r] = f;
      }
      progress.step(to, "");
    }
    progress.finish();
    return new Features(rows, rowOf);
  }

  int width() {
    return rows[0].length;
  }

  /**
   * The per-feature affine map the tables were standardised with: x -> (x - mean) * inv, so that
   * new answers read by the same model (as {@code rl.reward.ResponseFeatures}) land on the proxies'
   * scale.
   */
  record Scale(float[] mean, float[] inv) {
    /** Standardises rows in place and returns them. */
    float[][] apply(float[][] rows) {
      for (float[] r : rows) {
        for (int j = 0; j < mean.length; j++) {
          r[j] = (r[j] - mean[j]) * inv[j];
        }
      }
      return rows;
    }

    void write(Path file) {
      new Features(new float[][] {mean, inv}, new int[0][]).write(file);
    }

    static Scale read(Path file) {
      Features f = Features.read(file);
      return new Scale(f.rows()[0], f.rows()[1]);
    }
  }

  /**
   * Standardises every row of both tables with the mean and SD of the reference table's rows, and
   * returns that map.
   */
  static Scale standardise(Features reference, Features other) {
    int f = reference.width();
    double[] mean = new double[f];
    double[] sq = new double[f];
    for (float[] r : reference.rows) {
      for (int j = 0; j < f; j++) {
        mean[j] += r[j];
        sq[j] += (double) r[j] * r[j];
      }
    }
    int n = reference.rows.length;
    float[] m = new float[f];
    float[] inv = new float[f];
    for (int j = 0; j < f; j++) {
      m[j] = (float) (mean[j] / n);
      double var = sq[j] / n - (mean[j] / n) * (mean[j] / n);
      inv[j] = (float) (1 / Math.sqrt(Math.max(var, 1e-12)));
    }
    Scale scale = new Scale(m, inv);
    scale.apply(reference.rows);
    scale.apply(other.rows);
    return scale;
  }

  void write(Path file) {
    try (DataOutputStream out =
        new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(rows.length);
      out.writeInt(rows.length == 0 ? 0 : rows[0].length);
      for (float[] r : rows) {
        for (float v : r) {
          out.writeFloat(v);
        }
      }
      out.writeInt(rowOf.length);
      for (int[] q : rowOf) {
        out.writeInt(q.length);
        for (int v : q) {
          out.writeInt(v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Features read(Path file) {
    try (DataInputStream in =
        new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      float[][] rows = new float[in.readInt()][];
      int f = in.readInt();
      for (int i = 0; i < rows.length; i++) {
        rows[i] = new float[f];
        for (int j = 0; j < f; j++) {
          rows[i][j] = in.readFloat();
        }
      }
      int[][] rowOf = new int[in.readInt()][];
      for (int q = 0; q < rowOf.length; q++) {
        rowOf[q] = new int[in.readInt()];
        for (int i = 0; i < rowOf[q].length; i++) {
          rowOf[q][i] = in.readInt();
        }
      }
      return new Features(rows, rowOf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
