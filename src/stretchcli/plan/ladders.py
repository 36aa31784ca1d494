"""The built-in ladders: for each exercise of the built-in routines, its doses from easiest to
hardest, every number from the ranges its sources give (the same pages its exercise file
cites), the steps between the ends marked where they are ours.

A ladder climbs the range the sources give: first the fewest reps and the shortest hold, then
the hold, then the reps, then (where a source says so) a harder variant. Until exercise files
can declare their own `ladder:`, this module is where they live; a plan file's `ladders:`
replaces the ladder of an exercise it names.
"""

from __future__ import annotations

from stretchcli.model import DoseChange
from stretchcli.plan.model import Ladder, Level
from stretchcli.plan.rules import GARBER

NIA_UPPER_BACK = "https://go4life.nia.nih.gov/exercise/upper-back/"
NIA_CHEST = (
    "https://www.nia.nih.gov/health/publication/exercise-physical-activity/"
    "chapter-4-sample-exercises"
)
CEMM = (
    "https://www.cemm.af.mil/Programs/Orthopedics/The-Shoulder/Shoulder-Exercises/"
    "Isometric-Shoulder-Blade-Retraction/"
)
HEALTHWISE = "https://www.wellspan.org/health-library/Document.aspx?id=hw200894"
SAINT_LUKES = "https://www.saintlukeskc.org/health-library/shoulder-squeeze-exercise"
FITNESS_COM = "https://www.fitness.com/en/workouts/thoracic-spine-stretch"
COMMONSPIRIT_TWIST = "https://www.commonspirit.org/conditions-treatments/trunk-twist-while-sitting"
COMMONSPIRIT_SIDE = "https://www.commonspirit.org/conditions-treatments/side-stretch"
STARLANYL = (
    "https://canada.humankinetics.com/blogs/excerpt/"
    "fibromyalgia-and-myofascial-pain-syndrome-self-treatment-tennis-ball-pressure"
)
PT_CONNECTIONS = "https://pt-connections.com/trigger-points/"
NHS_LOW_BACK = "https://www.nhs.uk/live-well/exercise/lower-back-pain-exercises/"
MAYO_BACK = (
    "https://www.mayoclinic.org/healthy-lifestyle/adult-health/multimedia/back-pain/sls-20076265"
)
MAYO_SEATED = (
    "https://www.mayoclinic.org/healthy-lifestyle/adult-health/multimedia/stretching/"
    "sls-20076525?s=7"
)
MOUNT_NITTANY = "http://www.mountnittany.org/articles/healthsheets/463"
DOCTOR_JO_CAT = "https://jeudionly.com/back-pain-relief-stretches-exercises-ask-doctor-jo/"
DOCTOR_JO_TILT = "https://greencoin.life/how-to/get-rid-of-a/back-ache/"
DOCTOR_JO_STENOSIS = "https://www.askdoctorjo.com/spinal-stenosis-stretches/"
REHABLINKS = "https://rehablinkssystem.com/side-lying-reach-and-roll"
YOUR_HEALTH_DOMAIN = "https://www.yourhealthdomain.com.au/thoracic-rotation-exercises"
LANE_CHIRO = "http://www.lanechiroandrehab.com/exercises/lower-extremity-stretches/buttocks/"
PELVIC_PT = "https://www.thepelvicpt.com/videos/seated-figure-four-hip-stretch"
HEALTHLINK_BC = "https://healthlinkbc.ca/healthwise/forward-bend"
ATHLETICO = "https://www.athletico.com/2015/03/10/thread-the-needle"


def _level(
    hold: float, reps: int, source: str, why: str, sets: int | None = None, variant: str = ""
) -> Level:
    return Level(DoseChange(hold=hold, reps=reps, sets=sets), variant or None, source, why)


LADDERS: dict[str, Ladder] = {
    "rhomboid-stretch": Ladder(
        (
            _level(10, 2, GARBER, "10 s, the low end of 10-30 s; 2, the low end of 2-4 (ACSM)"),
            _level(10, 3, NIA_UPPER_BACK, "3, the low end of 3-5 times (NIA)"),
            _level(20, 3, NIA_UPPER_BACK, "chosen: halfway up 10-30 s (NIA)"),
            _level(30, 3, NIA_UPPER_BACK, "30 s, the top of 10-30 s (NIA): the file's dose"),
            _level(30, 4, NIA_UPPER_BACK, "chosen: between 3 and 5 times (NIA)"),
            _level(30, 5, NIA_UPPER_BACK, "5, the top of 3-5 times (NIA)"),
        )
    ),
    "scapular-squeeze": Ladder(
        (
            _level(5, 5, SAINT_LUKES, "5 squeezes, the fewest any source gives"),
            _level(5, 8, HEALTHWISE, "8, the low end of 8-12"),
            _level(5, 10, CEMM, "5 s x 10: the file's dose"),
            _level(5, 12, HEALTHWISE, "12, the top of 8-12"),
            _level(
                5,
                10,
                CEMM,
                "chosen: two sets of 10, as the upper-back routine asks (the notes give 1-2 "
                "sets, with no source)",
                sets=2,
            ),
        )
    ),
    "thoracic-rotation": Ladder(
        (
            _level(5, 2, COMMONSPIRIT_TWIST, "2 each way, the low end of 2-4"),
            _level(5, 4, COMMONSPIRIT_TWIST, "4 each way, the top of 2-4"),
            _level(5, 5, FITNESS_COM, "5 s x 5 each way, the low end of 5-6: the file's dose"),
            _level(5, 6, FITNESS_COM, "6 each way, the top of 5-6"),
        )
    ),
    "thoracic-side-bend": Ladder(
        (
            _level(15, 2, COMMONSPIRIT_SIDE, "the low ends of 15-30 s and 2-4 each side"),
            _level(20, 3, COMMONSPIRIT_SIDE, "chosen inside 15-30 s and 2-4: the file's dose"),
            _level(30, 3, COMMONSPIRIT_SIDE, "30 s, the top of 15-30 s"),
            _level(30, 4, COMMONSPIRIT_SIDE, "4 each side, the top of 2-4"),
        )
    ),
    "ball-pressure": Ladder(
        (
            _level(15, 3, STARLANYL, "15 s a spot, the low end of 15-30 s; 3 spots a side"),
            _level(30, 3, STARLANYL, "30 s a spot, the top of 15-30 s: the file's dose"),
            _level(30, 4, STARLANYL, "chosen: 4 spots a side (the notes give 3-5, unsourced)"),
            _level(30, 5, STARLANYL, "chosen: 5 spots a side, the top of the notes' 3-5"),
            _level(
                15,
                3,
                PT_CONNECTIONS,
                "lying on the ball presses harder than the wall; chosen: back to 15 s a spot",
                variant="floor",
            ),
            _level(
                30, 3, STARLANYL, "30 s a spot on the floor, the top of 15-30 s", variant="floor"
            ),
        )
    ),
    "chest-stretch": Ladder(
        (
            _level(10, 3, NIA_CHEST, "the low ends of 10-30 s and 3-5 times (NIA)"),
            _level(20, 3, NIA_CHEST, "chosen inside 10-30 s: the file's dose"),
            _level(30, 3, NIA_CHEST, "30 s, the top of 10-30 s"),
            _level(30, 4, NIA_CHEST, "chosen: between 3 and 5 times"),
            _level(30, 5, NIA_CHEST, "5, the top of 3-5 times"),
        )
    ),
    "back-extension": Ladder(
        (
            _level(5, 8, NHS_LOW_BACK, "the low ends of 5-10 s and 8-10 times: the file's dose"),
            _level(5, 10, NHS_LOW_BACK, "10, the top of 8-10 times"),
            _level(10, 10, NHS_LOW_BACK, "10 s, the top of 5-10 s"),
        )
    ),
    "bridge": Ladder(
        (
            _level(5, 5, MOUNT_NITTANY, "5 s, the low end of 5-15 s; 5 to start (Mayo)"),
            _level(15, 5, MAYO_BACK, "about three deep breaths, 5 times: the file's dose"),
            _level(15, 10, MOUNT_NITTANY, "10, the top of 5-10 times"),
        )
    ),
    "cat-camel": Ladder(
        (
            _level(5, 5, DOCTOR_JO_CAT, "5 s, the low end of 5-10 s, 5 times"),
            _level(10, 5, DOCTOR_JO_CAT, "10 s, the top of 5-10 s: the file's dose"),
        )
    ),
    "open-book": Ladder(
        (
            _level(4, 5, YOUR_HEALTH_DOMAIN, "5 each side"),
            _level(4, 6, REHABLINKS, "6 each side, the top of 5-6: the file's dose"),
        )
    ),
    "pelvic-tilt": Ladder(
        (
            _level(3, 10, DOCTOR_JO_TILT, "3 s, the low end of 3-5 s, 10 times"),
            _level(5, 10, MAYO_BACK, "5 s, 10 times: the file's dose"),
        )
    ),
    "seated-figure-four": Ladder(
        (
            _level(20, 2, LANE_CHIRO, "20 s, the low end of 20-30 s; 2, the low end of 2-4"),
            _level(30, 2, LANE_CHIRO, "30 s, the top of 20-30 s"),
            _level(30, 3, PELVIC_PT, "chosen: between 2 and 4 each side"),
            _level(30, 4, PELVIC_PT, "4 each side, the top of 2-4"),
        )
    ),
    "seated-forward-bend": Ladder(
        (
            _level(15, 2, HEALTHLINK_BC, "the low ends of 15-30 s and 2-4 times"),
            _level(25, 2, HEALTHLINK_BC, "chosen inside 15-30 s: the file's dose"),
            _level(30, 2, HEALTHLINK_BC, "30 s, the top of 15-30 s"),
            _level(30, 3, HEALTHLINK_BC, "chosen: between 2 and 4 times"),
            _level(30, 4, HEALTHLINK_BC, "4, the top of 2-4 times"),
        )
    ),
    "knee-to-chest": Ladder(
        (
            _level(30, 2, MAYO_BACK, "2, the low end of 2-3 times (Mayo)"),
            _level(30, 3, DOCTOR_JO_STENOSIS, "30 s x 3 each side: the file's dose"),
        )
    ),
    "double-knee-to-chest": Ladder(
        (
            _level(30, 2, MAYO_BACK, "2, the low end of 2-3 times (Mayo)"),
            _level(30, 3, DOCTOR_JO_STENOSIS, "30 s x 3: the file's dose"),
        )
    ),
    "lower-trunk-rotation": Ladder(
        (
            _level(5, 2, MAYO_BACK, "5 s, the low end of 5-10 s; 2, the low end of 2-3 (Mayo)"),
            _level(5, 5, NHS_LOW_BACK, "8-10 in turn, so 4-5 each side (NHS): the file's dose"),
            _level(10, 5, MAYO_BACK, "10 s, the top of 5-10 s (Mayo)"),
        )
    ),
    "seated-knee-to-chest": Ladder(
        (
            _level(30, 1, MAYO_SEATED, "one 30 s hold each leg (Mayo)"),
            _level(30, 2, MAYO_SEATED, "chosen: 2 each leg, the file's dose (no source gives 2)"),
        )
    ),
    "childs-pose": Ladder(
        (
            _level(30, 2, GARBER, "2, the low end of 2-4 repetitions (ACSM)"),
            _level(30, 3, DOCTOR_JO_STENOSIS, "30 s x 3: the file's dose"),
            _level(30, 4, GARBER, "4, the top of 2-4 repetitions (ACSM)"),
        )
    ),
    "thread-the-needle": Ladder(
        (
            _level(30, 2, ATHLETICO, "about 30 s, 2 each side: the file's dose"),
            _level(30, 3, GARBER, "chosen: between 2 and 4 repetitions (ACSM)"),
            _level(30, 4, GARBER, "4, the top of 2-4 repetitions (ACSM)"),
        )
    ),
}
