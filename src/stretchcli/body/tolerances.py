"""How close counts: every threshold the checks of a figure measure with, on the drawn
points, in head heights and degrees."""

from __future__ import annotations

# How close counts as touching, in head heights (a head height is about 23 cm): under 2 cm,
# so that a knee, hip or hand drawn hovering over the mat does not pass for resting on it.
TOUCH = 0.08
LEVEL = 0.45  # "at shoulder height": this far above or below the shoulders
SINK = 0.12  # how far a body part may sink into the floor, a seat or a wall (soft tissue)
LIMB_SINK = 0.05  # how far an arm may press into a leg it lies against (about 1 cm)
ALIGN = 0.3  # "hands under shoulders": this far from straight below (about 7 cm)
STAY = 0.12  # "hands stay put": this far from where they were at the start (about 3 cm)
LOW_BACK_GAP = (0.02, 0.2)  # "a small gap under the low back": a hand's thickness or less
# Angles in degrees, measured on the drawn points (chosen for drawing, not advice).
CHIN_LEVEL = 10  # the face this close to looking straight ahead
NEUTRAL_NECK = (-10, 25)  # the head's bend over the upper back's line: neither back nor down
UPRIGHT = 6  # each part of the back this close to vertical
STRAIGHT = 15  # an elbow bent this much or less is straight
HANGING = (40, 30)  # hanging: the upper arm this close to down, the forearm this far below level

# Joint ranges in degrees, measured on the drawn points: a little past typical active ranges,
# since a stretch is held passively. Chosen for drawing, not advice.
RANGES: dict[str, tuple[float, float]] = {
    "knee": (0, 160),  # bend
    "elbow": (0, 155),  # bend
    "hip": (-30, 165),  # the thigh forward of the low back's line (so with its bend)
    "shoulder behind": (0, 60),  # the upper arm behind the chest's plane
    "neck": (-50, 70),  # the head bent forward of the upper back's line; negative back
    "back": (-40, 70),  # the upper back bent over the lower back; negative arched
}
