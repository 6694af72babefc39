package dev.traitlab.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table of text cells for the terminal: a header row, a rule of dashes under it, then the rows,
 * each column as wide as its widest cell and columns two spaces apart. Columns are left-aligned
 * unless set right-aligned (for numbers); trailing spaces are dropped. The same table can go into
 * an HTML report through {@link HtmlReport#table(TextTable)}.
 */
public final class TextTable {
  /** Where a cell sits in its column. */
  public enum Align {
    LEFT,
    RIGHT
  }

  private static final String GAP = "  ";

  private final List<String> headers;
  private final Align[] align;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(List<String> headers) {
    if (headers.isEmpty()) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    this.headers = List.copyOf(headers);
    this.align = new Align[headers.size()];
    Arrays.fill(align, Align.LEFT);
  }

  public static TextTable of(String... headers) {
    return new TextTable(List.of(headers));
  }

  /** Aligns the given columns (0-based) to the right. */
  public TextTable alignRight(int... columns) {
    for (int c : columns) {
      align[checkColumn(c)] = Align.RIGHT;
    }
    return this;
  }

  /** Adds a row of exactly one cell per column. */
  public TextTable row(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.size() + " cells in a table of " + headers.size() + " columns");
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  public TextTable row(String... cells) {
    return row(List.of(cells));
  }

  public TextTable rows(List<List<String>> cells) {
    cells.forEach(this::row);
    return this;
  }

  public List<String> headers() {
    return headers;
  }

  public List<List<String>> rows() {
    return List.copyOf(rows);
  }

  /** A table of the given columns only (0-based, in the order given), alignment kept. */
  public TextTable columns(int... columns) {
    List<String> h = new ArrayList<>();
    for (int c : columns) {
      h.add(headers.get(checkColumn(c)));
    }
    TextTable out = new TextTable(h);
    for (int i = 0; i < columns.length; i++) {
      out.align[i] = align[columns[i]];
    }
    for (List<String> row : rows) {
      List<String> r = new ArrayList<>();
      for (int c : columns) {
        r.add(row.get(c));
      }
      out.row(r);
    }
    return out;
  }

  /** The table as fixed-width lines, each ending in a newline. */
  public String render() {
    int[] widths = new int[headers.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    List<String> rule = new ArrayList<>();
    for (int w : widths) {
      rule.add("-".repeat(w));
    }
    all.add(1, rule);
    StringBuilder out = new StringBuilder();
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < widths.length; c++) {
        String cell = row.get(c);
        String pad = " ".repeat(widths[c] - cell.length());
        line.append(c == 0 ? "" : GAP).append(align[c] == Align.RIGHT ? pad + cell : cell + pad);
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return render();
  }

  private int checkColumn(int c) {
    if (c < 0 || c >= headers.size()) {
      throw new IllegalArgumentException(
          "no column " + c + " in a table of " + headers.size() + " columns");
    }
    return c;
  }
}
