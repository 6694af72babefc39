package dev.traitlab.experiments.subliminalmlp;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.traitlab.core.Hashing;
import dev.traitlab.core.Plurals;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.idx.ImageClassificationData;
import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.MemoryEstimate;
import dev.traitlab.lab.MetricIntervals;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stage;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.nn.mkl.EngineSwitch;
import dev.traitlab.nn.mkl.RowWorkers;
import dev.traitlab.nn.mlp.BatchedMlp;
import dev.traitlab.nn.mlp.Losses;
import dev.traitlab.nn.mlp.MklMlpStack;
import dev.traitlab.nn.train.AdamStepper;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Subliminal learning in an MLP (Cloud, Le et al. 2025, section 6). Per seed: a reference
 * initialisation θ0; a teacher trained from θ0 on the class logits; students distilled on noise
 * only, (a) on the auxiliary logits from θ0, (b) on the auxiliary logits from another
 * initialisation, (c) on all logits from θ0. All seeds (and all student variants) train together as
 * one stack of models.
 */
public final class SubliminalMlpExperiment
    implements Experiment<SubliminalMlpConfig, SubliminalMlpResult>,
        MetricIntervals<SubliminalMlpResult> {
  public static final String NAME = "subliminal-mlp";
  private static final int EVAL_CHUNK = 2000;
  // Unaligned access lets C2 vectorise the loops (the noise lands in aligned segments anyway).
  private static final ValueLayout.OfFloat NOISE = ValueLayout.JAVA_FLOAT_UNALIGNED;
  // The memory estimate's picture of the data, which is read only when the run starts:
  // Fashion-MNIST's 70,000 images of 784 pixels in 10 classes.
  private static final double IMAGES = 70_000;
  private static final double PIXELS = 784;
  private static final double CLASSES = 10;

  /**
   * The system property choosing how the MLPs train: {@code auto} (MKL where found, else DJL),
   * {@code mkl} or {@code djl}. Both compute the same training to float rounding; the teachers' and
   * students' stage keys name the engine, so a run of one never reuses the other's stages.
   */
  public static final String ENGINE_PROPERTY = "traitlab.mlp";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "Subliminal learning in an MLP (Cloud, Le et al. 2025): does a student distilled only on"
        + " a teacher's auxiliary logits, on pure noise, learn to classify images?";
  }

  @Override
  public List<String> description() {
    return List.of(
        "Per seed: a teacher MLP 784-256-256-(10+m) trained from init θ0 on the class logits;"
            + " students distilled on uniform noise only: (a) aux logits from θ0, (b) aux logits"
            + " from another init, (c) all logits from θ0. Test accuracy of each, mean and 95% CI"
            + " over seeds, beside chance; the headline, (a) - (b), paired by seed (same seed,"
            + " same teacher) with its 95% t interval.",
        "Prints the accuracy table and the verdict on (a) - (b), and writes config.json,"
            + " results.json and report.html to the"
            + " run directory. Finished stages (trained teachers, students) are cached and"
            + " reused.");
  }

  @Override
  public Class<SubliminalMlpConfig> configType() {
    return SubliminalMlpConfig.class;
  }

  @Override
  public Class<SubliminalMlpResult> resultType() {
    return SubliminalMlpResult.class;
  }

  @Override
  public SubliminalMlpConfig defaults() {
    return SubliminalMlpConfig.defaults();
  }

  @Override
  public List<Long> seeds(SubliminalMlpConfig config) {
    return config.seedList();
  }

  /**
   * The students' stage is the peak: 3s students with gradients and Adam's two moments, the s
   * same-init and s cross-init stacks they are copied from and the s teachers, all float32, with
   * activations of every model on a batch (three times over, for the backward pass), and the
   * images. On the heap, initialisation holds each model's layers as doubles and the widest layer
   * of all seeds in one array.
   */
  @Override
  public MemoryEstimate memory(SubliminalMlpConfig config) {
    double h = config.hidden();
    double outputs = CLASSES + config.auxLogits();
    double s = config.seeds();
    double perModel = PIXELS * h + h + h * h + h + h * outputs + outputs;
    double widest = Math.max(PIXELS * h, h * h);
    double weights = (3 * s * 4 + 2 * s + s) * perModel;
    double activations = 3 * (4 * s) * config.batchSize() * (2 * h + outputs);
    double nativeBytes = 4 * (weights + activations + IMAGES * PIXELS);
    double heapBytes = 8 * s * (perModel + widest) + 4 * IMAGES * PIXELS;
    return new MemoryEstimate(heapBytes, nativeBytes, s * widest, "--hidden, --seeds or --batch");
  }

  /** A --data directory that is missing or lacks a split file fails before a run is recorded. */
  @Override
  public void prepare(SubliminalMlpConfig config, Lab lab) {
    ImageClassificationData.checkMnistDirectory(Path.of(config.dataDir()));
  }

  @Override
  public SubliminalMlpResult run(SubliminalMlpConfig config, RunContext context) {
    return new Pipeline(config, context.stages(), context.progress()).run();
  }

  @Override
  public HtmlReport report(String runId, SubliminalMlpResult result) {
    return SubliminalMlpReport.build(runId, result);
  }

  @Override
  public String textSummary(SubliminalMlpResult result) {
    return SubliminalMlpReport.textTable(result) + SubliminalMlpReport.verdict(result) + "\n";
  }

  @Override
  public Map<String, Double> metrics(SubliminalMlpResult result) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    result.summary().forEach((k, v) -> metrics.put(k, v.mean()));
    metrics.put("chance", result.chance());
    return metrics;
  }

  @Override
  public Map<String, Interval> metricIntervals(SubliminalMlpResult result) {
    Map<String, Interval> intervals = new LinkedHashMap<>();
    result.summary().forEach((k, v) -> intervals.put(k, v.interval()));
    return intervals;
  }

  /** One run's pipeline: teachers, students, test accuracy. */
  private static final class Pipeline {
    private final SubliminalMlpConfig config;
    private final Stages cache;
    private final Progress progress;
    private final CompletableFuture<LoadedImages> images;
    private final boolean mkl;

    Pipeline(SubliminalMlpConfig config, Stages cache, Progress progress) {
      this.config = config;
      this.cache = cache;
      this.progress = progress;
      // The images are read and hashed in the background (about a second) while libtorch, which
      // carries MKL, loads here: on this thread, so that the engine's thread settings apply to the
      // products this thread runs. The switch is read before any work, so a bad value fails at
      // once even when the stages are cached.
      this.images = CompletableFuture.supplyAsync(() -> LoadedImages.read(config.dataDir()));
      this.mkl = useMkl();
    }

    /** The images and the hash of the training split, which keys the teachers' stage. */
    private record LoadedImages(ImageClassificationData.Splits data, String trainHash) {
      static LoadedImages read(String dir) {
        ImageClassificationData.Splits data =
            ImageClassificationData.readMnistDirectory(Path.of(dir));
        return new LoadedImages(data, Hashing.of(data.train().pixels(), data.train().labels()));
      }
    }

    /** {@link #images}, its failure rethrown as it was thrown. */
    private LoadedImages awaitImages() {
      try {
        return images.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        throw e;
      }
    }

    SubliminalMlpResult run() {
      LoadedImages loaded = awaitImages();
      ImageClassificationData.Splits data = loaded.data();
      int classes = data.train().classes();
      int[] widths = {
        data.train().features(), config.hidden(), config.hidden(), classes + config.auxLogits()
      };
      if (data.test().features() != data.train().features()) {
        throw new TraitlabException(
            config.dataDir()
                + ": train images have "
                + data.train().features()
                + " pixels but test images have "
                + data.test().features());
      }
      long[] seeds = new long[config.seeds()];
      for (int i = 0; i < seeds.length; i++) {
        seeds[i] = config.seedOf(i);
      }

      try (NDManager manager = NDManager.newBaseManager()) {
        Map<String, Object> teacherInputs = new LinkedHashMap<>();
        teacherInputs.put("data", loaded.trainHash());
        teacherInputs.put("widths", widths);
        teacherInputs.put("seeds", seeds);
        teacherInputs.put("epochs", config.epochs());
        teacherInputs.put("batch", config.batchSize());
        teacherInputs.put("lr", config.learningRate());
        // The two engines agree to float rounding, not bit for bit: a comparison of them must not
        // reuse the other's stages.
        teacherInputs.put("engine", mkl ? "mkl" : "djl");
        Stage<Path> teacherStage =
            cache.files(
                "teachers",
                teacherInputs,
                dir ->
                    trainTeachers(
                        manager, data.train(), widths, seeds, dir.resolve("teachers.ndlist")));
        Path teacherDir = teacherStage.dir();

        Map<String, Object> studentInputs = new LinkedHashMap<>();
        studentInputs.put("teachers", teacherStage);
        studentInputs.put("noise", config.noiseSamples());
        studentInputs.put("epochs", config.epochs());
        studentInputs.put("batch", config.batchSize());
        studentInputs.put("lr", config.learningRate());
        studentInputs.put("aux", config.auxLogits());
        studentInputs.put("engine", mkl ? "mkl" : "djl");
        // The noise's generator: students distilled on libtorch's draws (before) are not reused.
        studentInputs.put("noise-generator", "splittable-random");
        Path studentDir =
            cache
                .files(
                    "students",
                    studentInputs,
                    dir -> {
                      try (BatchedMlp teachers =
                          BatchedMlp.load(manager, teacherDir.resolve("teachers.ndlist"), widths)) {
                        distilStudents(
                            manager,
                            teachers,
                            widths,
                            seeds,
                            classes,
                            dir.resolve("students.ndlist"));
                      }
                    })
                .dir();

        try (BatchedMlp teachers =
                BatchedMlp.load(manager, teacherDir.resolve("teachers.ndlist"), widths);
            BatchedMlp students =
                BatchedMlp.load(manager, studentDir.resolve("students.ndlist"), widths)) {
          progress.note("evaluating on " + data.test().size() + " test images");
          double[] teacherAcc = accuracy(manager, teachers, data.test(), classes);
          double[] studentAcc = accuracy(manager, students, data.test(), classes);
          return summarise(seeds, widths, teacherAcc, studentAcc, classes, data);
        }
      }
    }

    private void trainTeachers(
        NDManager manager, ImageClassificationData train, int[] widths, long[] seeds, Path out) {
      if (mkl) {
        trainTeachersMkl(manager, train, widths, seeds, out);
        return;
      }
      int s = seeds.length;
      int n = train.size();
      try (NDManager stage = manager.newSubManager();
          BatchedMlp teachers =
              BatchedMlp.initialise(stage, widths, initSeeds(seeds, "init"), DataType.FLOAT32)) {
        NDArray x = stage.create(train.pixels(), new Shape(n, widths[0]));
        NDArray y = stage.create(train.labels()).toType(DataType.INT64, false);
        teachers.requireGradients();
        AdamStepper adam = new AdamStepper(teachers.parameters(), config.learningRate());
        teacherBatches(
            seeds,
            n,
            (size, images) -> {
              try (NDManager tmp = stage.newSubManager()) {
                NDArray idx = tmp.create(images).toType(DataType.INT64, false);
                NDArray xb = x.get(new NDIndex("{}", idx)).reshape(s, size, widths[0]);
                NDArray yb = y.get(new NDIndex("{}", idx)).reshape(s, size);
                xb.attach(tmp);
                yb.attach(tmp);
                double loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                  NDArray perModel = Losses.crossEntropy(teachers.forward(xb), yb, train.classes());
                  NDArray total = perModel.sum();
                  gc.backward(total);
                  loss = total.getFloat() / s;
                }
                adam.step();
                return loss;
              }
            });
        teachers.save(out);
      }
    }

    private void distilStudents(
        NDManager manager, BatchedMlp teachers, int[] widths, long[] seeds, int classes, Path out) {
      if (mkl) {
        distilStudentsMkl(manager, teachers, widths, seeds, classes, out);
        return;
      }
      int s = seeds.length;
      int outputs = widths[widths.length - 1];
      try (NDManager stage = manager.newSubManager();
          BatchedMlp students = initialStudents(stage, widths, seeds)) {
        // Models [0, 2s) learn the auxiliary logits only; [2s, 3s) learn all logits.
        float[] auxWeight = new float[3 * s];
        float[] allWeight = new float[3 * s];
        for (int i = 0; i < 3 * s; i++) {
          auxWeight[i] = i < 2 * s ? 1 : 0;
          allWeight[i] = i < 2 * s ? 0 : 1;
        }
        NDArray auxMask = stage.create(auxWeight);
        NDArray allMask = stage.create(allWeight);
        students.requireGradients();
        AdamStepper adam = new AdamStepper(students.parameters(), config.learningRate());
        noiseBatches(
            s,
            (b, size) -> {
              try (NDManager tmp = stage.newSubManager()) {
                NDArray noise = noiseBatch(tmp, seeds, b, size, widths[0]);
                NDArray target = teachers.forward(noise).tile(new long[] {3, 1, 1});
                double loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                  NDArray logits = students.forward(noise);
                  NDArray aux = Losses.klDivergence(target, logits, classes, outputs);
                  NDArray all = Losses.klDivergence(target, logits, 0, outputs);
                  NDArray total = aux.mul(auxMask).add(all.mul(allMask)).sum();
                  gc.backward(total);
                  loss = total.getFloat() / (3 * s);
                }
                adam.step();
                return loss;
              }
            });
        students.save(out);
      }
    }

    /**
     * {@link #trainTeachers} with hand-written passes in MKL ({@link MklMlpStack}): the same
     * initial weights, shuffles, batches, loss and Adam, float rounding aside.
     */
    private void trainTeachersMkl(
        NDManager manager, ImageClassificationData train, int[] widths, long[] seeds, Path out) {
      int s = seeds.length;
      int features = widths[0];
      float[] pixels = train.pixels();
      int[] labels = train.labels();
      try (NDManager stage = manager.newSubManager();
          BatchedMlp init =
              BatchedMlp.initialise(stage, widths, initSeeds(seeds, "init"), DataType.FLOAT32);
          MklMlpStack teachers = MklMlpStack.of(init, s, config.batchSize())) {
        MemorySegment x = teachers.input();
        teacherBatches(
            seeds,
            train.size(),
            (size, images) -> {
              int[] y = new int[images.length];
              RowWorkers.split(
                  images.length,
                  (worker, from, to) -> {
                    for (int r = from; r < to; r++) {
                      MemorySegment.copy(
                          pixels,
                          images[r] * features,
                          x,
                          ValueLayout.JAVA_FLOAT,
                          4L * r * features,
                          features);
                      y[r] = labels[images[r]];
                    }
                  });
              teachers.forward(size, false);
              double loss = teachers.crossEntropy(y, train.classes()) / s;
              teachers.backward();
              teachers.adamStep(config.learningRate());
              return loss;
            });
        try (BatchedMlp trained = BatchedMlp.fromArrays(stage, widths, teachers.parameters())) {
          trained.save(out);
        }
      }
    }

    /**
     * {@link #distilStudents} with hand-written passes in MKL ({@link MklMlpStack}): the same
     * initial weights, noise (from {@link #fillNoise}, as there), batch order, losses and Adam,
     * float rounding aside. The teachers and students read each noise batch from one segment.
     */
    private void distilStudentsMkl(
        NDManager manager, BatchedMlp teachers, int[] widths, long[] seeds, int classes, Path out) {
      int s = seeds.length;
      int features = widths[0];
      try (NDManager stage = manager.newSubManager();
          BatchedMlp joined = initialStudents(stage, widths, seeds);
          MklMlpStack students = MklMlpStack.of(joined, s, config.batchSize());
          MklMlpStack targets = MklMlpStack.of(teachers, s, config.batchSize())) {
        // Models [0, 2s) learn the auxiliary logits only; [2s, 3s) learn all logits.
        int[] firstLogit = new int[3 * s];
        for (int i = 0; i < 2 * s; i++) {
          firstLogit[i] = classes;
        }
        MemorySegment x = students.input();
        noiseBatches(
            s,
            (b, size) -> {
              fillNoise(seeds, b, size, features, x);
              targets.forward(x, size, false);
              students.forward(size, false);
              double loss = students.distillation(targets.logits(), firstLogit) / (3 * s);
              students.backward();
              students.adamStep(config.learningRate());
              return loss;
            });
        try (BatchedMlp trained = BatchedMlp.fromArrays(stage, widths, students.parameters())) {
          trained.save(out);
        }
      }
    }

    /** One training step on a teachers' batch; returns the mean loss per model, for progress. */
    private interface TeacherStep {
      /** images: (S, size) training-image indices, row-major: seed i's batch at [i size, ...). */
      double run(int size, int[] images);
    }

    /** One training step on noise batch b of every seed; returns the mean KL per model. */
    private interface NoiseStep {
      double run(int b, int size);
    }

    /**
     * The teachers' schedule, whichever path trains them: per epoch each seed's own shuffle of the
     * n training images, cut into batches in order, all seeds' batch b together.
     */
    private void teacherBatches(long[] seeds, int n, TeacherStep body) {
      int s = seeds.length;
      int batches = (n + config.batchSize() - 1) / config.batchSize();
      progress.start(
          "teachers ("
              + Plurals.count(s, "seed")
              + ", "
              + Plurals.count(config.epochs(), "epoch")
              + ")",
          (long) config.epochs() * batches);
      long step = 0;
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        int[][] perms = new int[s][];
        for (int i = 0; i < s; i++) {
          perms[i] = Seeds.permutation(Seeds.derive(seeds[i], "teacher-shuffle", epoch), n);
        }
        for (int b = 0; b < batches; b++) {
          int from = b * config.batchSize();
          int size = Math.min(config.batchSize(), n - from);
          int[] images = new int[s * size];
          for (int i = 0; i < s; i++) {
            System.arraycopy(perms[i], from, images, i * size, size);
          }
          double loss = body.run(size, images);
          progress.step(++step, String.format("loss %.4f", loss));
        }
      }
      progress.finish();
    }

    /**
     * The students' schedule, whichever path trains them: per epoch one order of the noise batches,
     * the same for all seeds (which keeps every step's batches the same size).
     */
    private void noiseBatches(int seeds, NoiseStep body) {
      int n = config.noiseSamples();
      int batches = (n + config.batchSize() - 1) / config.batchSize();
      progress.start(
          "students ("
              + Plurals.count(3L * seeds, "model")
              + ", "
              + Plurals.count(config.epochs(), "epoch")
              + " on noise)",
          (long) config.epochs() * batches);
      long step = 0;
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        int[] order = Seeds.permutation(Seeds.derive(config.seed(), "noise-order", epoch), batches);
        for (int b : order) {
          int size = Math.min(config.batchSize(), n - b * config.batchSize());
          double loss = body.run(b, size);
          progress.step(++step, String.format("KL %.5f", loss));
        }
      }
      progress.finish();
    }

    /**
     * The 3s students before distillation, in the order the losses expect: each seed's θ0, each
     * seed's other initialisation, each seed's θ0 again.
     */
    private static BatchedMlp initialStudents(NDManager stage, int[] widths, long[] seeds) {
      try (BatchedMlp sameInit =
              BatchedMlp.initialise(stage, widths, initSeeds(seeds, "init"), DataType.FLOAT32);
          BatchedMlp crossInit =
              BatchedMlp.initialise(
                  stage, widths, initSeeds(seeds, "cross-init"), DataType.FLOAT32)) {
        return BatchedMlp.concat(stage, List.of(sameInit, crossInit, sameInit));
      }
    }

    /** {@link #fillNoise}'s batch b of every seed as one (S, size, features) array. */
    private static NDArray noiseBatch(NDManager tmp, long[] seeds, int b, int size, int features) {
      float[] noise = new float[seeds.length * size * features];
      fillNoise(seeds, b, size, features, MemorySegment.ofArray(noise));
      return tmp.create(noise, new Shape(seeds.length, size, features));
    }

    /**
     * Writes noise batch b of every seed into dest as (S, size, features) floats, uniform on [-1,
     * 1) in steps of 2^-23. Each (seed, batch) has its own generator ({@link SplittableRandom}
     * seeded from both), so the fixed noise set is regenerated identically every epoch instead of
     * being held in memory, and the seeds' parts are drawn in parallel.
     */
    private static void fillNoise(long[] seeds, int b, int size, int features, MemorySegment dest) {
      long count = (long) size * features;
      RowWorkers.split(
          seeds.length,
          (worker, from, to) -> {
            for (int i = from; i < to; i++) {
              SplittableRandom random = new SplittableRandom(Seeds.derive(seeds[i], "noise", b));
              long at = 4 * i * count;
              for (long k = 0; k < count; k += 2) {
                // One 64-bit draw gives two 24-bit uniforms.
                long bits = random.nextLong();
                dest.set(NOISE, at + 4 * k, ((bits >>> 40) * 0x1.0p-23f) - 1f);
                if (k + 1 < count) {
                  dest.set(NOISE, at + 4 * k + 4, (((bits >>> 16) & 0xFFFFFF) * 0x1.0p-23f) - 1f);
                }
              }
            }
          });
    }

    /**
     * Whether training runs through {@link MklMlpStack} (the default where libtorch carries MKL)
     * rather than DJL's autograd; {@code -Dtraitlab.mlp=djl} forces DJL, {@code mkl} requires MKL.
     */
    private static boolean useMkl() {
      return EngineSwitch.useMkl(ENGINE_PROPERTY);
    }

    private static long[] initSeeds(long[] seeds, String purpose) {
      long[] out = new long[seeds.length];
      for (int i = 0; i < seeds.length; i++) {
        out[i] = Seeds.derive(seeds[i], purpose);
      }
      return out;
    }

    /** Each model's test accuracy (argmax of the first {@code classes} logits). */
    private double[] accuracy(
        NDManager manager, BatchedMlp models, ImageClassificationData test, int classes) {
      return mkl ? accuracyMkl(models, test, classes) : accuracyDjl(manager, models, test, classes);
    }

    /**
     * {@link #accuracy} through {@link MklMlpStack}: every model reads the same chunk (the stack's
     * passes split by model, so no product runs on MKL's own threads, whose spinning afterwards
     * slows the split loops).
     */
    private static double[] accuracyMkl(
        BatchedMlp models, ImageClassificationData test, int classes) {
      int features = test.features();
      int outputs = models.widths()[models.widths().length - 1];
      long[] correct = new long[models.models()];
      try (Arena chunk = Arena.ofShared();
          MklMlpStack stack = MklMlpStack.of(models, models.models(), EVAL_CHUNK)) {
        MemorySegment x = chunk.allocate(4L * EVAL_CHUNK * features, 64);
        for (int from = 0; from < test.size(); from += EVAL_CHUNK) {
          int size = Math.min(EVAL_CHUNK, test.size() - from);
          MemorySegment.copy(
              test.pixels(), from * features, x, ValueLayout.JAVA_FLOAT, 0, size * features);
          stack.forward(x, size, true);
          MemorySegment logits = stack.logits();
          for (int m = 0; m < correct.length; m++) {
            for (int r = 0; r < size; r++) {
              long row = ((long) m * size + r) * outputs;
              int best = 0;
              float max = logits.getAtIndex(ValueLayout.JAVA_FLOAT, row);
              for (int c = 1; c < classes; c++) {
                float v = logits.getAtIndex(ValueLayout.JAVA_FLOAT, row + c);
                if (v > max) {
                  max = v;
                  best = c;
                }
              }
              if (best == test.labels()[from + r]) {
                correct[m]++;
              }
            }
          }
        }
      }
      double[] accuracy = new double[correct.length];
      for (int m = 0; m < correct.length; m++) {
        accuracy[m] = (double) correct[m] / test.size();
      }
      return accuracy;
    }

    private static double[] accuracyDjl(
        NDManager manager, BatchedMlp models, ImageClassificationData test, int classes) {
      double[] correct = new double[models.models()];
      int features = test.features();
      for (int from = 0; from < test.size(); from += EVAL_CHUNK) {
        int size = Math.min(EVAL_CHUNK, test.size() - from);
        try (NDManager tmp = manager.newSubManager()) {
          float[] pixels = new float[size * features];
          System.arraycopy(test.pixels(), from * features, pixels, 0, pixels.length);
          int[] labels = new int[size];
          System.arraycopy(test.labels(), from, labels, 0, size);
          NDArray x = tmp.create(pixels, new Shape(size, features));
          NDArray y = tmp.create(labels).reshape(1, size);
          float[] acc = Losses.accuracy(models.forward(x), y, classes).toFloatArray();
          for (int m = 0; m < acc.length; m++) {
            // A count: the float mean times the rows, rounded back to the whole number it was.
            correct[m] += Math.round(acc[m] * size);
          }
        }
      }
      for (int m = 0; m < correct.length; m++) {
        correct[m] /= test.size();
      }
      return correct;
    }

    private SubliminalMlpResult summarise(
        long[] seeds,
        int[] widths,
        double[] teacher,
        double[] students,
        int classes,
        ImageClassificationData.Splits data) {
      int s = seeds.length;
      List<SubliminalMlpResult.SeedAccuracy> perSeed = new ArrayList<>();
      for (int i = 0; i < s; i++) {
        perSeed.add(
            new SubliminalMlpResult.SeedAccuracy(
                seeds[i], teacher[i], students[i], students[s + i], students[2 * s + i]));
      }
      Map<String, MeanInterval> summary = new LinkedHashMap<>();
      summary.put(SubliminalMlpResult.TEACHER, MeanInterval.ofBounded(0, 1, teacher));
      summary.put(
          SubliminalMlpResult.AUX_SAME_INIT,
          MeanInterval.ofBounded(0, 1, java.util.Arrays.copyOfRange(students, 0, s)));
      summary.put(
          SubliminalMlpResult.AUX_CROSS_INIT,
          MeanInterval.ofBounded(0, 1, java.util.Arrays.copyOfRange(students, s, 2 * s)));
      summary.put(
          SubliminalMlpResult.ALL_SAME_INIT,
          MeanInterval.ofBounded(0, 1, java.util.Arrays.copyOfRange(students, 2 * s, 3 * s)));
      return new SubliminalMlpResult(
          config,
          java.util.Arrays.stream(widths).boxed().toList(),
          perSeed,
          summary,
          SubliminalMlpResult.PairedDifference.of(perSeed),
          1.0 / classes,
          data.train().size(),
          data.test().size(),
          cache.records());
    }
  }
}
