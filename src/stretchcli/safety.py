"""The safety wording every session and every `show` carries."""

SHORT = "Not medical advice. Stop if you feel sharp pain, numbness or tingling."

GENERAL = (
    "This is general education, not medical advice or a diagnosis.",
    "Stretch to a mild pull only: sharp or stabbing pain means ease off.",
    "Stop if anything causes pain, tingling or numbness, or makes symptoms spread.",
    "Move smoothly without bouncing, and keep breathing.",
)

RED_FLAGS = (
    "Get urgent help for new bladder or bowel changes, numbness around the groin, "
    "or leg weakness that is severe or getting worse.",
    "Get urgent help for chest pain or pressure with breathlessness, sweating, "
    "or pain spreading to the arm or jaw.",
    "See a clinician for fever, unexplained weight loss, a history of cancer, "
    "or pain that is not easing.",
)
