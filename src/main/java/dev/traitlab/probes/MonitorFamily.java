package dev.traitlab.probes;

/**
 * The kinds of latent-space monitor of Bailey et al. (2024) built here: supervised probes trained
 * on harmful vs benign activations (mean-difference direction, logistic regression, a 64-unit MLP),
 * an out-of-distribution detector fitted on benign activations only (Mahalanobis distance with
 * shrinkage covariance), and a logistic probe on the latents of a sparse autoencoder.
 */
public enum MonitorFamily {
  MEAN_DIFFERENCE("mean-diff", true),
  LOGISTIC("logistic", true),
  MLP("mlp", true),
  MAHALANOBIS("mahalanobis", false),
  SAE("sae-probe", true);

  private final String label;
  private final boolean supervised;

  MonitorFamily(String label, boolean supervised) {
    this.label = label;
    this.supervised = supervised;
  }

  /** The short name reports and options use. */
  public String label() {
    return label;
  }

  /** Whether training reads harmful examples (false: benign only). */
  public boolean supervised() {
    return supervised;
  }

  /** The family of a label, case-insensitive, or an error listing the labels. */
  public static MonitorFamily of(String label) {
    for (MonitorFamily f : values()) {
      if (f.label.equalsIgnoreCase(label) || f.name().equalsIgnoreCase(label)) {
        return f;
      }
    }
    StringBuilder known = new StringBuilder();
    for (MonitorFamily f : values()) {
      known.append(known.isEmpty() ? "" : ", ").append(f.label);
    }
    throw new IllegalArgumentException("unknown monitor '" + label + "' (known: " + known + ")");
  }
}
