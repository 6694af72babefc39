package dev.traitlab.experiments.defendability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.experiments.defendability.DecisionTree.Leaf;
import dev.traitlab.experiments.defendability.DecisionTree.Node;
import dev.traitlab.experiments.defendability.DecisionTree.Split;
import dev.traitlab.experiments.defendability.DefendabilityResult.VcCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The classes, their learners and their attacks, on cases small enough to check exactly. */
class FunctionClassesTest {

  @Test
  void bruteForceVcDimensionsAreTheKnownOnes() {
    List<VcCheck> checks = DefendabilityExperiment.vcChecks();
    int known = 0;
    for (VcCheck c : checks) {
      if (c.known() >= 0) {
        assertEquals(c.known(), c.computed(), c.toString());
        known++;
      }
    }
    assertEquals(6, known, checks.toString());
    // Trees of at most 2 leaves on 3 bits are the constants and the 6 literals: they shatter
    // {100, 010, 001} (8 functions, 8 labellings) and no 4 points.
    assertEquals(8, DefendabilityExperiment.treeTables(3, 2).size());
    assertEquals(3, Shattering.vcDimension(DefendabilityExperiment.treeTables(3, 2), 8));
  }

  @Test
  void oneIntervalCannotShatterThreePointsButTwoIntervalsCan() {
    List<Long> one = new ArrayList<>();
    List<Long> two = new ArrayList<>();
    for (long table = 0; table < 8; table++) {
      boolean[] labels = {(table & 1) != 0, (table & 2) != 0, (table & 4) != 0};
      if (Intervals.runs(labels) <= 1) {
        one.add(table);
      }
      if (Intervals.runs(labels) <= 2) {
        two.add(table);
      }
    }
    assertFalse(Shattering.shatters(one, new int[] {0, 1, 2})); // 1,0,1 needs two intervals
    assertTrue(Shattering.shatters(two, new int[] {0, 1, 2}));
  }

  @Test
  void everyLabellingOfTheShatteredPointsIsRealised() {
    for (BooleanClasses.Kind kind : BooleanClasses.Kind.values()) {
      int n = 5;
      for (int table = 0; table < 1 << n; table++) {
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i++) {
          labels[i] = (table >>> i & 1) == 1;
        }
        long mask = kind.realise(labels);
        for (int i = 0; i < n; i++) {
          assertEquals(labels[i], kind.at(mask, kind.shatteredPoint(i, n)), kind + " " + table);
        }
      }
    }
  }

  @Test
  void learnersAreConsistentWithRealisableSamples() {
    SplittableRandom rng = new SplittableRandom(3);
    int n = 12;
    for (int trial = 0; trial < 50; trial++) {
      for (BooleanClasses.Kind kind : BooleanClasses.Kind.values()) {
        long target = rng.nextLong() & ((1L << n) - 1);
        if (kind == BooleanClasses.Kind.CONJUNCTION) {
          target &= rng.nextLong(); // fewer bits, so that positives occur
          target &= rng.nextLong();
        }
        long[] xs = new long[40];
        boolean[] ys = new boolean[40];
        for (int i = 0; i < xs.length; i++) {
          xs[i] = rng.nextLong() & ((1L << n) - 1);
          if (kind == BooleanClasses.Kind.CONJUNCTION && i % 2 == 0) {
            xs[i] |= target;
          }
          ys[i] = kind.at(target, xs[i]);
        }
        long h = kind.erm(xs, ys, n);
        for (int i = 0; i < xs.length; i++) {
          assertEquals(ys[i], kind.at(h, xs[i]), kind + " trial " + trial);
        }
      }
      Intervals.Union f = Intervals.random(3, rng);
      double[] xs = new double[60];
      boolean[] ys = new boolean[60];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = rng.nextDouble();
        ys[i] = f.at(xs[i]);
      }
      Intervals.Union h = Intervals.erm(xs, ys);
      assertTrue(h.intervals() <= 3, h.toString());
      for (int i = 0; i < xs.length; i++) {
        assertEquals(ys[i], h.at(xs[i]));
      }
    }
  }

  @Test
  void theWindowBackdoorFlipsTheTriggerStaysInTheClassAndMovesAtMostEpsilon() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int trial = 0; trial < 500; trial++) {
      int k = 1 + rng.nextInt(6);
      double epsilon = Math.pow(10, -1 - 3 * rng.nextDouble());
      Intervals.Union f = Intervals.random(k - 1, rng);
      double trigger = rng.nextDouble();
      double lo = trigger - rng.nextDouble() * epsilon;
      Intervals.Union backdoor = Intervals.setWindow(f, lo, lo + epsilon, !f.at(trigger));
      assertNotEquals(f.at(trigger), backdoor.at(trigger));
      assertTrue(backdoor.intervals() <= k, backdoor.intervals() + " > " + k);
      assertTrue(f.disagreement(backdoor) <= epsilon + 1e-12, f.disagreement(backdoor) + "");
    }
  }

  @Test
  void theLeafMassDefendersSuccessIsExactlyOneMinusHalfTheLightLeavesMass() {
    // n = 10 bits: every trigger and every clean input is enumerated, so the success is exact.
    int n = 10;
    double epsilon = Math.scalb(1.0, -7);
    double tau = 2 * epsilon;
    SplittableRandom rng = new SplittableRandom(11);
    for (int trial = 0; trial < 5; trial++) {
      Node f = DecisionTree.random(24, n, rng);
      int flaggedClean = 0;
      int caught = 0;
      for (long x = 0; x < 1 << n; x++) {
        if (Math.scalb(1.0, -DecisionTree.leafDepth(f, x)) < tau) {
          flaggedClean++;
        }
        Node backdoor = DecisionTree.isolate(f, x, epsilon, n);
        assertNotEquals(DecisionTree.at(f, x), DecisionTree.at(backdoor, x));
        int differ = 0;
        for (long y = 0; y < 1 << n; y++) {
          if (DecisionTree.at(f, y) != DecisionTree.at(backdoor, y)) {
            differ++;
          }
        }
        assertTrue(differ <= epsilon * (1 << n), differ + " inputs changed");
        if (Math.scalb(1.0, -DecisionTree.leafDepth(backdoor, x)) < tau) {
          caught++;
        }
      }
      assertEquals(1 << n, caught);
      double exact = 1 - 0.5 * flaggedClean / (1 << n);
      assertEquals(1 - 0.5 * DecisionTree.massOfLeavesLighterThan(f, tau), exact, 1e-12);
    }
  }

  @Test
  void id3RecoversATreeWhoseSplitsEachCarryInformation() {
    // x0 AND x1, or x2 when x0 is off: every split gains information on all 64 inputs
    Node target =
        new Split(
            0,
            new Split(2, new Leaf(false), new Leaf(true)),
            new Split(1, new Leaf(false), new Leaf(true)));
    long[] xs = new long[64];
    boolean[] ys = new boolean[64];
    for (int x = 0; x < 64; x++) {
      xs[x] = x;
      ys[x] = DecisionTree.at(target, x);
    }
    Node learned = DecisionTree.learn(xs, ys, 6);
    for (int x = 0; x < 64; x++) {
      assertEquals(ys[x], DecisionTree.at(learned, x));
    }
    assertTrue(DecisionTree.leaves(learned) <= 8, DecisionTree.leaves(learned) + " leaves");
  }

  @Test
  void aPlantedUnitFlipsTheTriggerAndLittleElse() {
    int n = 10;
    double[][] inputs = new double[1 << n][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = TinyMlp.signs(i, n);
    }
    SplittableRandom rng = new SplittableRandom(2);
    int flipped = 0;
    for (int trial = 0; trial < 10; trial++) {
      TinyMlp f = TinyMlp.random(n, 8, 2.5, 0.5, 4.0, rng);
      int x = rng.nextInt(inputs.length);
      double[][] anchors = new double[512][];
      for (int a = 0; a < anchors.length; a++) {
        anchors[a] = inputs[rng.nextInt(inputs.length)];
      }
      TinyMlp planted = f.plant(anchors, inputs[x], 600, 0.5, rng);
      if (planted.at(inputs[x]) == f.at(inputs[x])) {
        continue; // a failed attack: the experiment counts it as a forfeit
      }
      flipped++;
      int differ = 0;
      for (double[] input : inputs) {
        if (f.at(input) != planted.at(input)) {
          differ++;
        }
      }
      assertTrue(differ < 0.03 * inputs.length, differ + " of " + inputs.length + " changed");
    }
    assertTrue(flipped >= 8, flipped + " of 10 triggers flipped");
  }

  @Test
  void aStudentTrainedOnEveryInputAgreesWithItsTeacherAlmostEverywhere() {
    int n = 8;
    SplittableRandom rng = new SplittableRandom(4);
    TinyMlp teacher = TinyMlp.random(n, 8, 2.5, 0.5, 4.0, rng);
    double[][] xs = new double[1 << n][];
    double[] targets = new double[xs.length];
    double[] weights = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = TinyMlp.signs(i, n);
      targets[i] = teacher.at(xs[i]) ? 1 : 0;
      weights[i] = 1;
    }
    TinyMlp student = TinyMlp.random(n, 9, 1.0, 0.1, 1.0, rng);
    student.train(xs, targets, weights, 400, 0.05, null);
    int agree = 0;
    for (double[] x : xs) {
      if (student.at(x) == teacher.at(x)) {
        agree++;
      }
    }
    assertTrue(agree > 0.95 * xs.length, agree + " of " + xs.length);
  }
}
