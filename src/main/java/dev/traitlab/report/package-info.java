/**
 * What a run shows a reader: self-contained HTML reports ({@link dev.traitlab.report.HtmlReport}),
 * the one text table for the terminal and for those reports ({@link
 * dev.traitlab.report.TextTable}), the one chart of estimates with confidence intervals ({@link
 * dev.traitlab.report.IntervalBarChart}: Student-t, Wilson or bootstrap intervals as error bars,
 * reference lines such as chance), and the rendering of any JFreeChart as inline SVG ({@link
 * dev.traitlab.report.Svg}) for charts of other kinds.
 *
 * <p>May import {@code dev.traitlab.core}, {@code dev.traitlab.stats} (and its subpackages),
 * JFreeChart and JFreeSVG; nothing from the layers above, so experiments and eval use it and not
 * the other way round.
 */
package dev.traitlab.report;
