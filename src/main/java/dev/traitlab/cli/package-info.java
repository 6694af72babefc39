/**
 * The {@code traitlab} command line: {@link Main} and one picocli command per verb ({@code run},
 * {@code report}, {@code runs}, {@code eval}, {@code demo}, {@code pretrain}, {@code check-base},
 * {@code chat}, {@code generate}, {@code serve}). Commands parse and validate options, open the lab
 * and the models, print results and draw progress ({@link ProgressBar}); the work is done below.
 * {@code run NAME} takes its options from the registered experiment's config record ({@link
 * ExperimentCommand}), so adding an experiment changes nothing here. As the top layer it may import
 * any package (it uses {@code experiments}, {@code lab}, {@code serve}, {@code model}, {@code nn},
 * {@code data} and {@code core}); no package may import it.
 */
package dev.traitlab.cli;
