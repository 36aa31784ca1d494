"""A plan across weeks: which routine on which day, each exercise's level on its ladder of
doses (declared in its exercise file, `ladder:`, or in the plan), and the rules by which pain
and difficulty move the levels. Pure data and pure functions (no I/O): `model` the plan,
`rules` the thresholds' defaults and their sources, `engine` the decisions, `words` what is
said about them, `levels` a routine with its exercises at their levels."""
