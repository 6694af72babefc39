package dev.traitlab.probes.attack;

import dev.traitlab.probes.CalibratedMonitor;
import dev.traitlab.probes.MonitoredTokens;

/**
 * An obfuscation attack's loss, as in Bailey et al.'s code: lambda * behaviour + (1 - lambda) *
 * obfuscation, where behaviour is the cross-entropy of the target answer (nats per token, averaged
 * over requests) and obfuscation the monitor's score on the monitored tokens, in benign standard
 * deviations from the benign mean ({@link CalibratedMonitor#standardised}) put through a softplus,
 * averaged over requests: log(1 + e^z) is about z above the benign mean and falls to 0 below it, so
 * looking more benign than benign inputs earns nothing (a plain z lets the attacker trade the
 * behaviour for ever lower scores). Without a monitor (or lambda 1) it is a plain jailbreak.
 *
 * @param lambda weight of the behaviour loss, in [0, 1]
 * @param monitor the monitor to evade, or null
 * @param tokens which tokens the monitor reads
 */
public record Objective(double lambda, CalibratedMonitor monitor, MonitoredTokens tokens) {

  public Objective {
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
    }
    if (monitor == null && lambda != 1) {
      throw new IllegalArgumentException("an objective without a monitor needs lambda = 1");
    }
    if (tokens == null) {
      tokens = MonitoredTokens.ANSWER;
    }
  }

  /** Behaviour only: the jailbreak without obfuscation. */
  public static Objective behaviourOnly() {
    return new Objective(1, null, MonitoredTokens.ANSWER);
  }

  /** log(1 + e^z), computed without overflow. */
  public static double softplus(double z) {
    return z > 30 ? z : Math.log1p(Math.exp(z));
  }
}
