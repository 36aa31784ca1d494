"""A guided session: the plan and its timeline, the coaching script, the runner, keys, sound."""
