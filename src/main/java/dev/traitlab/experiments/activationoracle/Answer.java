package dev.traitlab.experiments.activationoracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One answer of a closed question, by its name and the surface forms that count as saying it
 * ("owl", "owls"; "woman", "female", ...), lower case.
 */
record Answer(String name, List<String> forms) {
  Answer {
    forms = List.copyOf(forms);
    if (forms.isEmpty()) {
      throw new IllegalArgumentException("answer '" + name + "' has no forms");
    }
  }

  static Answer of(String name, String... forms) {
    List<String> all = new ArrayList<>();
    all.add(name);
    all.addAll(List.of(forms));
    return new Answer(name, all);
  }

  /** Whether any form is one of the words of {@code text} (letters only, case-insensitive). */
  boolean saidIn(String text) {
    List<String> words = words(text);
    return forms.stream().anyMatch(words::contains);
  }

  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * Whether {@code text} says option {@code truth} and no other option: naming every candidate does
   * not count.
   */
  static boolean correct(String text, List<Answer> options, int truth) {
    if (!options.get(truth).saidIn(text)) {
      return false;
    }
    for (int i = 0; i < options.size(); i++) {
      if (i != truth && options.get(i).saidIn(text)) {
        return false;
      }
    }
    return true;
  }
}
