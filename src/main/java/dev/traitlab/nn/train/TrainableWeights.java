package dev.traitlab.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.traitlab.nn.lora.LoraAdapters;
import dev.traitlab.nn.transformer.TransformerModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a fine-tune of a {@link TransformerModel} updates, shared by every training loop here: all
 * weights, or fresh LoRA adapters on them ({@link TrainingSettings#lora()}), with one {@link AdamW}
 * (betas 0.9/0.999, eps 1e-8, the settings' weight decay) and global gradient-norm clipping.
 * Opening it turns gradients on for those arrays; closing turns them off again and frees the
 * optimiser's moments. {@link #finish()}, after closing, merges the adapters when the settings ask
 * (with gradients off, so the merged weights stay plain leaves).
 */
final class TrainableWeights implements AutoCloseable {
  private final TransformerModel model;
  private final TrainingSettings settings;
  private final Map<String, NDArray> trainable;
  private final LoraAdapters adapters;
  private final AdamW optimizer;
  private int skipped;

  private TrainableWeights(TransformerModel model, TrainingSettings s) {
    this.model = model;
    this.settings = s;
    if (s.lora() != null) {
      model.mergeLora();
      Map<String, Shape> shapes = new LinkedHashMap<>();
      model.weights().forEach((k, v) -> shapes.put(k, v.getShape()));
      adapters = LoraAdapters.create(model.manager(), s.lora(), shapes, s.seed());
      model.setLora(adapters);
      trainable = adapters.parameters();
    } else {
      adapters = null;
      trainable = model.weights();
    }
    trainable.values().forEach(a -> a.setRequiresGradient(true));
    optimizer = new AdamW(model.manager(), 0.9, 0.999, 1e-8, s.weightDecay());
  }

  static TrainableWeights open(TransformerModel model, TrainingSettings s) {
    return new TrainableWeights(model, s);
  }

  /**
   * One update from the gradients a backward pass left on the trainable arrays, at rate lr, after
   * clipping their global norm to the settings' clip (0: off). A non-finite loss or gradient would
   * poison every weight through the moments, so the update is then skipped (gradients cleared) and
   * counted. Per-step temporaries go to {@code m}. Returns whether the weights changed.
   */
  boolean step(NDManager m, double lr, boolean lossFinite) {
    Map<String, NDArray> grads = new LinkedHashMap<>();
    NDList norms = new NDList();
    for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
      NDArray g = e.getValue().getGradient();
      g.attach(m);
      grads.put(e.getKey(), g);
      norms.add(g.norm());
    }
    double norm = NDArrays.stack(norms).norm().getFloat();
    if (!Double.isFinite(norm) || !lossFinite) {
      for (NDArray w : trainable.values()) {
        JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) w);
      }
      skipped++;
      return false;
    }
    double clip = settings.gradClip();
    double scale = clip > 0 && norm > clip ? clip / (norm + 1e-6) : 1.0;
    // In-place updates of leaves that require grad are legal only with grad mode off, and grad
    // mode is per thread (on by default in threads PyTorch has not seen).
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      optimizer.step(trainable, grads, lr, scale);
    } finally {
      JniUtils.setGradMode(gradMode);
    }
    return true;
  }

  /** Updates skipped for a non-finite loss or gradient. */
  int skipped() {
    return skipped;
  }

  /**
   * At the end of a completed training run, after {@link #close()}: folds LoRA adapters in when the
   * settings say so.
   */
  void finish() {
    if (adapters != null && settings.mergeLora()) {
      model.mergeLora();
    }
  }

  @Override
  public void close() {
    try {
      trainable.values().forEach(a -> a.setRequiresGradient(false));
    } finally {
      optimizer.close();
    }
  }
}
