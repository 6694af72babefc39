"""Runs gymnasium's CartPole-v1 from given states, for CartPoleTest.

Reads JSON from stdin: {"episodes": [{"state": [x, x_dot, theta, theta_dot], "actions": [...]}
or {"state": [...], "controller": true}]}. Each episode resets the registered environment (with its
time limit), sets the unwrapped state, then steps with the given actions, or with the lean rule
action = 1 if theta + 0.5 theta_dot > 0 else 0, until the actions run out or the episode ends.
Writes JSON to stdout: per episode the list of steps (state after the step in float64, the float32
observation, reward, terminated, truncated), and the environment's max_episode_steps.
"""

import json
import sys

import gymnasium
import numpy as np


def lean(state):
    return 1 if state[2] + 0.5 * state[3] > 0 else 0


def run(episode):
    env = gymnasium.make("CartPole-v1")
    env.reset(seed=0)
    env.unwrapped.state = np.array(episode["state"], dtype=np.float64)
    steps = []
    actions = episode.get("actions")
    index = 0
    while True:
        if actions is not None:
            if index >= len(actions):
                break
            action = int(actions[index])
        else:
            action = lean(env.unwrapped.state)
        index += 1
        obs, reward, terminated, truncated, _ = env.step(action)
        steps.append(
            {
                "action": action,
                "state": [float(v) for v in env.unwrapped.state],
                "observation": [float(v) for v in obs],
                "reward": float(reward),
                "terminated": bool(terminated),
                "truncated": bool(truncated),
            }
        )
        if terminated or truncated:
            break
    env.close()
    return steps


def main():
    request = json.load(sys.stdin)
    out = {
        "max_episode_steps": gymnasium.spec("CartPole-v1").max_episode_steps,
        "version": gymnasium.__version__,
        "episodes": [run(e) for e in request["episodes"]],
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
