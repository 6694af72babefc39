/**
 * Scaling laws for single-agent reinforcement learning (Hilton, Tang and Schulman 2023,
 * arXiv:2301.13442) in miniature: PPO on MLP policies of several sizes in the MNIST-based
 * environment at several horizons, intrinsic performance from the compute-efficient frontier, the
 * joint power law with bootstrap intervals, the compute-optimal size exponent and the horizon
 * study. Uses {@code rl}, {@code stats.fit}, {@code data}, {@code report} and {@code lab}; never
 * another experiment.
 */
package dev.traitlab.experiments.rlscaling;
