package dev.traitlab.cli;

/**
 * A command or a group of options (a mixin) whose values are checked after parsing and before any
 * work starts. {@link Main} calls {@link #validate()} on every command of the command line and on
 * all their mixins (the mixins first), and turns an {@link IllegalArgumentException} into a
 * one-line usage error, exit 2. Messages name the option: {@code "-n must be >= 1, got 0"}.
 *
 * <p>Only what is wrong with the command line's values belongs here (ranges, combinations, unknown
 * names, a size no memory of this machine can hold); what the world gets wrong (a missing file or
 * model, a busy port, a refused key) is a runtime error, exit 1.
 */
interface Validated {
  /**
   * @throws IllegalArgumentException naming the option that is wrong
   */
  void validate();
}
