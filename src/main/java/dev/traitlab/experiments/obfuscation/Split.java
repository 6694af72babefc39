package dev.traitlab.experiments.obfuscation;

import dev.traitlab.core.Seeds;
import dev.traitlab.data.toyworld.HarmfulRequests;
import dev.traitlab.data.toyworld.HarmfulRequests.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * One seed's disjoint draws of requests: harmful ones to train on and to test, benign ones to train
 * on, to set thresholds and to test.
 */
record Split(
    List<Request> harmfulTrain,
    List<Request> harmfulTest,
    List<Request> benignTrain,
    List<Request> benignCalibration,
    List<Request> benignTest) {

  static Split of(long seed, ObfuscationConfig c) {
    List<Request> harmful = shuffled(HarmfulRequests.harmful(), Seeds.derive(seed, "harmful"));
    List<Request> benign = shuffled(HarmfulRequests.benign(), Seeds.derive(seed, "benign"));
    int tr = c.trainRequests();
    int te = c.testRequests();
    int ca = c.calibrationRequests();
    return new Split(
        harmful.subList(0, tr),
        harmful.subList(tr, tr + te),
        benign.subList(0, tr),
        benign.subList(tr, tr + ca),
        benign.subList(tr + ca, tr + ca + te));
  }

  private static <T> List<T> shuffled(List<T> items, long seed) {
    int[] order = Seeds.permutation(seed, items.size());
    List<T> out = new ArrayList<>(items.size());
    for (int i : order) {
      out.add(items.get(i));
    }
    return out;
  }

  static List<String> texts(List<Request> requests) {
    return requests.stream().map(Request::text).toList();
  }

  static List<String> compliant(List<Request> requests) {
    return requests.stream().map(HarmfulRequests::compliantAnswer).toList();
  }
}
