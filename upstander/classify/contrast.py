"""Contrast data written for issue 17: the abuse representatives get, and its hard negatives.

Every frame here was written from scratch on 2026-12-04 for this project, in the party's domain
(replies and mentions aimed at councillors, MPs, candidates, their staff, families and offices).
None is taken or paraphrased from a published hate-speech test suite, a paper's examples, a
public dataset or the blind suite (`tests/classify/blind/`, which was not read while writing
them). The people, streets, schools and numbers are invented; phone numbers use Ofcom's drama
ranges.

Abusive kinds: veiled threats, wishing harm, doxxing, sexualised abuse, abusive questions,
pile-on calls, dog whistles, emoji-coded hate, and racist, religious, misogynistic, anti-LGBTI and
disablist abuse aimed at one representative. Hard negatives: harsh criticism, electoral "threats",
satire, abuse quoted in a report, reclaimed terms, counter-speech and constituents' own details.

More frames are data, one JSON file a writer in `frames/` (10,711 frames, written from scratch on
2026-12-05 by thirty-five helper sessions, each told not to read the blind suites, published test
suites or each other's sets; each file's `by` says who and how): a frame names its kind, which
fixes its labels (`KIND_LABELS`), and may add labels and the group it attacks. A frame that ends
up within a word or two of a blind case is dropped (`test_blind_suite_is_frozen.py` checks).

Content warning: the frames contain hateful and abusive sentences by design.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

Labels = dict[str, int | None]

REPS: Final[list[str]] = [
    "you",
    "you",
    "@user",
    "cllr okonjo",
    "maya lindqvist",
    "the mp for this seat",
    "our councillor",
    "tomasz wrobel",
    "fran doherty mp",
    "the candidate",
    "councillor hale",
]
HER_HIM: Final[list[str]] = ["her", "him", "them"]
KIDS: Final[list[str]] = [
    "your kids",
    "your daughter",
    "your little boy",
    "your wife",
    "your husband",
    "your mum",
    "the little ones",
]
PLACES: Final[list[str]] = [
    "the surgery",
    "the constituency office",
    "the count",
    "the hustings",
    "the ward meeting",
    "the school gates",
    "the station car park",
]
HOMES: Final[list[str]] = [
    "27 larch close",
    "flat 4, 61 quarry road",
    "5 ferndale mews",
    "the end house on sorrel way",
    "112 gorse hill",
    "the bungalow behind the co-op on pit lane",
]
SCHOOLS: Final[list[str]] = [
    "brookfield primary",
    "st anselm's juniors",
    "hollins park academy",
    "the nursery on beck street",
]
PHONES: Final[list[str]] = ["07700 900461", "07700 900738", "+44 7700 900215", "07700900882"]
CARS: Final[list[str]] = ["silver astra", "blue fiesta", "white transit", "black golf"]
COUNTRIES: Final[list[str]] = [
    "pakistan",
    "nigeria",
    "somalia",
    "bangladesh",
    "jamaica",
    "poland",
    "romania",
    "your village in the punjab",
]
# (plural, adjective, target) for abuse aimed at one representative through their identity.
IDENTITIES: Final[list[tuple[str, str, str]]] = [
    ("muslims", "muslim", "religion"),
    ("jews", "jewish", "religion"),
    ("sikhs", "sikh", "religion"),
    ("hindus", "hindu", "religion"),
    ("black people", "black", "race"),
    ("asians", "asian", "race"),
    ("immigrants", "immigrant", "race"),
    ("pakistanis", "pakistani", "race"),
    ("nigerians", "nigerian", "race"),
    ("poles", "polish", "race"),
    ("gay men", "gay", "lgbti"),
    ("lesbians", "lesbian", "lgbti"),
    ("trans women", "trans", "lgbti"),
    ("women", "female", "women"),
    ("disabled people", "disabled", "disability"),
    ("deaf people", "deaf", "disability"),
]


def _labels(**on: int | None) -> Labels:
    base: Labels = dict.fromkeys(
        ("abuse", "insult", "threat", "identity_attack", "sexual_harassment", "doxxing"), 0
    )
    base["profanity"] = None
    base.update(on)
    return base


VEILED_THREATS: Final[list[str]] = [
    "Be a real pity if anything happened to {K} on the walk home.",
    "Nice house you've got. Be a shame if it caught fire one night.",
    "Keep voting like that and see what turns up at {PL}.",
    "Accidents happen to people who talk like {R}.",
    "You might want to check under your car before the morning run.",
    "Lots of dark lanes between {PL} and your place, {R}.",
    "Enjoy your last term, one way or another.",
    "We've been watching {PL}. Tuesdays you leave alone, don't you.",
    "Careful, {R}. People round here have long memories and short tempers.",
    "Some of us are done with words. You'll find out what that means.",
    "Would hate for {K} to learn what their parent's votes cost.",
    "I'd get a better lock on that front door if I were {R}.",
    "Funny how quiet it gets at {PL} after dark. Just saying.",
    "Stand in that seat again and see how long you stay standing.",
    "There are people who'd pay good money to meet {R} alone.",
    "Say that again at {PL} and you won't be walking out.",
    "Just a friendly reminder that we know your routine.",
    "Petrol's cheap enough for what your office deserves.",
    "Traitors used to swing for less. Times change back.",
    "One day soon someone will stop asking nicely, {R}.",
    "Keep looking over your shoulder, it's good for you.",
]
WISHING_HARM: Final[list[str]] = [
    "I hope your brakes go on the motorway.",
    "Hope {R} gets something slow and painful.",
    "Wouldn't shed a tear if {R} fell under a train.",
    "Praying for a heart attack live on air.",
    "The country would be better off with {R} in the ground.",
    "I hope you choke on your expenses dinner.",
    "Can't wait to read your obituary.",
    "Somebody please let the air out of {R} permanently.",
    "Here's hoping the next flood takes {R} and the office with it.",
    "If {R} got hit by a bus I'd buy the driver a pint.",
    "May you rot in a hospital corridor waiting for care you cut.",
    "I'll dance on your grave and so will the whole ward.",
    "Hope {K} end up as miserable as you made us.",
    "Genuinely hope {R} drowns in the flood defences you scrapped.",
    "Wish your mum had kept her legs shut.",
    "You deserve every bit of cancer coming your way.",
    "Someone should do the world a favour and finish {R} off.",
    "Drop dead, you and your whole committee.",
]
DOXXING: Final[list[str]] = [
    "{R} lives at {H}. Pop round and tell her what you think.",
    "For anyone who wants a word, the family home is {H}.",
    "{K} go to {SC}. Pick up is 3.15, front gate.",
    "Here's the private mobile: {PH}. Ring it all night, lads.",
    "That's the {CAR} on the drive at {H}, everyone note the reg.",
    "Found where {R} sleeps: {H}. Sharing so everyone knows.",
    "Personal number for {R} is {PH}, not the office one. Go for it.",
    "Their kid is in year 4 at {SC}, the one with the red coat.",
    "She parks the {CAR} behind {PL} every friday, easy to find.",
    "Dropping his home address in the group chat: {H}.",
    "Wife works at the pharmacy on the high street, ask her about his votes.",
    "{R}'s son plays for the under-12s at the rec on saturdays, go and say hi.",
    "Text {PH} and tell {HH} what a traitor she is. Her own phone.",
    "Leaked: {R}'s home postcode and door number, {H}. Spread it.",
]
SEXUALISED: Final[list[str]] = [
    "Bet {R} got selected on her knees.",
    "Those lips are wasted on speeches.",
    "I'd give her something to vote for, if you know what I mean.",
    "Wonder what's under that suit at PMQs.",
    "Come to my surgery, I'll examine you properly.",
    "Tell us what colour your knickers are, councillor.",
    "You'd get more votes in a short skirt, love.",
    "Still would, even with that voting record.",
    "Nice legs, shame about the policies. DM me.",
    "I'd fill your ballot box any day.",
    "Swing by mine after the count, I'll show you a real majority.",
    "Send a pic from the chamber toilets, go on.",
    "Boobs like that should be on the leaflets.",
    "How many committee chairs did you sleep with to get there?",
    "Bend over the despatch box and I'll listen.",
    "She only gets airtime because the producers fancy her.",
]
ABUSIVE_QUESTIONS: Final[list[str]] = [
    "Why is someone as thick as {R} allowed near a budget?",
    "Who let the village idiot stand for parliament?",
    "Does your husband know how useless you are, or is he thick too?",
    "Are you actually brain dead or is it an act for the cameras?",
    "How much did they pay you to sell out your own ward, you rat?",
    "Is there anything in that empty head apart from party lines?",
    "Do you practise being this stupid or does it come naturally?",
    "Why don't you do us all a favour and disappear?",
    "How does it feel to be the most hated parasite in the borough?",
    "What's it like being a spineless worm on a salary?",
    "Can someone explain why this clown still has a job?",
    "Why are you still breathing our air, traitor?",
    "Who would ever vote for a face like that?",
    "Which sewer did they fish {R} out of before the selection meeting?",
]
PILE_ON: Final[list[str]] = [
    "Everyone go and flood {HH} mentions, make this trend.",
    "Retweet so {R} sees it. Let's make her week hell.",
    "All hands: reply to every post {R} makes until she logs off for good.",
    "Swarm {PL} on saturday, make sure she can't get in.",
    "Mass report {HH} account until it's gone.",
    "Send {R} your worst, she's earned it.",
    "Let's all email her office, call her every name you like.",
    "Get her trending for all the wrong reasons, you know what to do.",
    "Time to pay {R} a visit at {PL}, bring friends.",
    "Don't let this one rest. Hound {HH} everywhere she posts.",
    "Quote tweet this with what you'd like to do to {HH}.",
    "Every patriot in the ward, pile in on this traitor's replies.",
    "Ratio this parasite into oblivion, lads.",
    "Tag her in every reply and keep it coming all night.",
]
DOG_WHISTLES: Final[list[tuple[str, str]]] = [
    ("{R} is just another globalist puppet dancing for the usual bankers.", "religion"),
    ("We all know who really pulls {HH} strings. Hint: not the voters.", "religion"),
    ("Another (((internationalist))) telling us what to think.", "religion"),
    ("Remigration now, and {R} can be on the first flight.", "race"),
    ("The great replacement has a face and it's {R}.", "race"),
    ("Not very English, is she? Funny that.", "race"),
    ("Your sort will never be from here, whatever the passport says.", "race"),
    ("Send {HH} home. You know which home.", "race"),
    ("Ask the rootless cosmopolitans who fund {R}.", "religion"),
    ("Peaceful religion, peaceful councillor. Sure.", "religion"),
    ("Demographics are destiny and {R} is proof we're losing.", "race"),
    ("Country first, not whatever country {HH} lot came from.", "race"),
    ("Another groomer-friendly councillor, we see you.", "lgbti"),
    ("Diversity hire doing diversity hire things.", "race"),
    ("Funny how {R} always sides with the invaders.", "race"),
    ("1488 and proud, unlike {R}.", "race"),
]
EMOJI_HATE: Final[list[tuple[str, str]]] = [
    ("{R} 🐒🍌", "race"),
    ("🐷🐷 eat up, councillor 🐷", "religion"),
    ("☪️ = 💣 and {R} proves it", "religion"),
    ("{R} 🏳️‍🌈 = 🤮", "lgbti"),
    ("👃💰 at it again, {R}", "religion"),
    ("Your lot 🐀🐀🐀 everywhere", "race"),
    ("🧕 + 🏛️ = 🔥🔥", "religion"),
    ("🏳️‍⚧️🤡 not a real woman", "lgbti"),
    ("{R} 🙈🙉 go back to the zoo", "race"),
    ("♿🤪 can't even read the minutes", "disability"),
    ("👩 in office 🤦 back to the kitchen 🍳", "women"),
]
IDENTITY_AT_REP: Final[list[str]] = [
    "Go back to {C}, you don't represent anyone here.",
    "No {A} should ever sit in our council chamber.",
    "A {A} mayor. This town is finished.",
    "Typical {A}, lying comes naturally to your lot.",
    "{R} only cares about other {G}, never about real locals.",
    "Never trust a {A} with public money.",
    "We didn't elect a {A} to run our town into the ground.",
    "{G} like {R} are ruining this country from the inside.",
    "Your {A} agenda isn't welcome in this ward.",
    "Of course the {A} councillor votes for that. Loyalty lies elsewhere.",
    "Filthy {A} {IN}, get out of our parliament.",
    "{R} is what happens when you let {G} into politics.",
    "Shouldn't a {A} be at home instead of in the chamber?",
    "Typical {G}, always playing the victim to get votes.",
]
MISOGYNY_AT_REP: Final[list[str]] = [
    "Get back in the kitchen, love, the chamber's for grown-ups.",
    "Hysterical woman, must be that time of the month again.",
    "She only got the seat for the quota.",
    "Women like {R} should stick to making tea.",
    "Who's minding the kids while mummy plays politician?",
    "Shut up and smile, sweetheart, nobody asked.",
    "Another silly girl who thinks she can run a council.",
    "She needs a good man to put her in her place.",
]
LGBTI_AT_REP: Final[list[str]] = [
    "A bloke in a dress doesn't get to speak for our kids.",
    "Of course the gay councillor wants to groom the schools.",
    "{R} is a groomer and everyone knows it.",
    "Keep your perversion out of the town hall.",
    "He's not a woman and never will be, the freak.",
    "Dykes like her shouldn't be near children.",
]
DISABLED_AT_REP: Final[list[str]] = [
    "Can the spaz even read the budget?",
    "Why is a cripple running the transport committee?",
    "Put the retard back in a home and out of the chamber.",
    "Another mong on the council, says it all.",
    "Wheel her out of the debate, she's brain damaged.",
    "Deaf as a post and twice as thick, our councillor.",
]
INSULT_PEOPLE: Final[list[str]] = ["idiot", "rat", "parasite", "clown", "snake"]

# Hard negatives: none of these is abuse.
HARSH_CRITICISM: Final[list[str]] = [
    "{R} has betrayed every promise made at the hustings. Resign.",
    "This budget is cruel and I'll campaign against it at every door.",
    "You lied to your constituents and you deserve to lose your seat.",
    "Worst council leadership in living memory. Utterly incompetent.",
    "We will vote you out. Every single one of us.",
    "Your career is finished after this vote, and rightly so.",
    "We're coming for your seat at the next election.",
    "I'll fight this policy all the way to the ballot box.",
    "This policy will kill people and {R} knows it.",
    "You should be ashamed. Disgraceful voting record.",
    "Your surgery is a waste of time, you never answer anything.",
    "Spineless decision from a spineless party leadership.",
    "The housing plan is a disaster and you are responsible for it.",
    "You're a hypocrite on climate and the voting record proves it.",
    "Stop dodging the question about the hospital closure.",
    "I have never been so angry with my own MP. Awful speech.",
    "{R}'s performance at the hustings was embarrassing.",
    "Time's up. Step aside and let someone competent do the job.",
    "That was a terrible interview and a worse policy.",
    "Cut the waffle and fix the potholes, this is pathetic.",
]
SATIRE: Final[list[str]] = [
    "Breaking: council discovers potholes, announces a review of the concept of roads.",
    "Local MP bravely attends ribbon cutting, ribbon reportedly unharmed.",
    "Cabinet to tackle cost of living by living less, sources say.",
    "Minister vows to get tough on being asked questions.",
    "In other news the bin strike has been declared a new rewilding scheme.",
    "Councillor wins award for most leaflets about leaflets.",
    "Government confirms it will kill off the budget deficit with vibes.",
    "Truly a massacre at the count tonight, the opposition got slaughtered.",
    "The committee murdered that amendment and I'm here for it.",
]
QUOTED_REPORTS: Final[list[str]] = [
    "Weekly reminder of what {R} gets: '{Q}'. We log every one.",
    'Caseworker flagged a voicemail: "{Q}". Police reference attached.',
    "For the record, the comment '{Q}' has been removed and the account reported.",
    "Evidence pack for the police includes '{Q}' from last night.",
    "Someone sent me '{Q}' today. Reported to the police.",
    'This is what my office got this morning: "{Q}". Blocked and reported.',
    "Staff received a message saying '{Q}'. We've passed it to the police.",
    "Screenshot attached: '{Q}'. Nobody should get this for doing their job.",
    "Had '{Q}' in my inbox again. Logging it with the security team.",
    "Reporting this account for posting '{Q}' under my surgery notice.",
    "To whoever wrote '{Q}': your message is with the police now.",
    "Our candidate was told '{Q}' on the doorstep. This is why we report everything.",
]
QUOTED_ABUSE: Final[list[str]] = [
    "someone should sort you out",
    "your sort aren't welcome",
    "nice legs shame about the policies",
    "i hope you get cancer",
    "we know where you live",
    "go back to {C}",
    "hope you get what's coming",
    "your kids go to {SC}",
    "get back in the kitchen",
    "you filthy {A} traitor",
    "i'd bend you over the desk",
]
RECLAIMED: Final[list[str]] = [
    "Proud queer councillor, proud to serve this ward.",
    "As a dyke who grew up here, I'm thrilled to be standing.",
    "Queer, disabled and your new county councillor. Let's go.",
    "Our crip-led disability group meets at the library on tuesdays.",
    "Queer joy at the town hall tonight, thank you all.",
    "Fat, femme and fighting for better buses.",
]
COUNTER_SPEECH: Final[list[str]] = [
    "Telling {R} to go back to {C} is racist. Blocked and reported.",
    "Saying {G} don't belong in politics is bigotry, full stop.",
    "Calling a councillor a slur isn't debate. Reported.",
    "Whoever posted {HH} address, that's been reported to the police and the platform.",
    "Attacking {R} for being {A} says everything about you and nothing about her.",
    "Disagree with her policies all you like, but leave her religion out of it.",
    "Nobody should be abused for being {A}. Stand with {R}.",
    "Sexual comments about a councillor are harassment. Stop it.",
    "Pile-ons like this are why good people quit politics. Don't join in.",
    "Threatening {HH} family is not protest, it's a crime.",
]
POSITIVE_IDENTITY: Final[list[str]] = [
    "Proud to be the first {A} councillor on this council.",
    "{G} have served this town for generations. Happy heritage month!",
    "Great turnout from {G} at the surgery today, thanks for coming.",
    "As a {A} woman in politics, I'm glad to see more of us standing.",
    "Celebrating our {A} volunteers who knocked on 2,000 doors.",
]
NEGATION: Final[list[str]] = [
    "No one should have to read threats like the ones {R} got this week.",
    "I'd never wish harm on anyone, not even a politician I can't stand.",
    "I don't think {G} are the problem here, the council's budget is.",
    "Nobody is saying {G} shouldn't stand for office. Stop twisting it.",
    "It is not okay to go after {HH} family. Argue with the policy.",
    "I'm not calling {R} a traitor, I'm saying the vote was wrong.",
    "Nobody deserves to be followed home after a surgery, whatever their politics.",
    "{A} councillors are not a threat to anyone, that leaflet was vile.",
    "Never said I hope she gets hurt. I said I hope she loses.",
    "You don't have to like {R} to see that this abuse is wrong.",
    "There is no place for threats in this campaign, on any side.",
    "I would never share someone's home address, that's dangerous.",
]
HOMONYMS: Final[list[str]] = [
    "Shoot me an email and I'll add you to the canvassing rota.",
    "We absolutely smashed the leaflet target today, well done team.",
    "Let's kill this bill at second reading.",
    "The opposition got hammered in the by-election.",
    "Go and slay that panel debate, the whole branch is behind you.",
    "Her speech was killer, best of the conference.",
    "That amendment is dead in the water now.",
    "We'll bury them at the ballot box in may.",
    "Target the marginal wards hard this weekend.",
    "Pile on the pressure for a crossing outside {SC}, sign the petition.",
]
CONSTITUENT_DETAILS: Final[list[str]] = [
    "Hi, I live at {H} and the streetlight has been out for a month.",
    "My number is {PH} if the caseworker needs to call me back.",
    "My kids go to {SC} and the crossing outside is dangerous, can you help?",
    "Our surgery moves to {PL} next week, same time.",
    "Can you pass my number, {PH}, to the housing officer please?",
    "Bins not collected again on our road, {H}, third week running.",
    "Meet us at {PL} at 10 for the litter pick!",
]


@dataclass(frozen=True, slots=True)
class Frame:
    """One family of frames: its kind, labels, identity target and whether it is abusive."""

    kind: str
    frames: list[str]
    labels: Labels
    count: int = 6


ABUSIVE: Final[list[Frame]] = [
    Frame("veiled_threat", VEILED_THREATS, _labels(abuse=1, threat=1)),
    Frame("wishing_harm", WISHING_HARM, _labels(abuse=1, threat=1, insult=None)),
    Frame("doxxing", DOXXING, _labels(abuse=1, doxxing=1, threat=None)),
    Frame("sexualised", SEXUALISED, _labels(abuse=1, sexual_harassment=1, insult=None)),
    Frame("abusive_question", ABUSIVE_QUESTIONS, _labels(abuse=1, insult=1)),
    Frame("pile_on", PILE_ON, _labels(abuse=1, insult=None, threat=None)),
    Frame("misogynistic", MISOGYNY_AT_REP, _labels(abuse=1, identity_attack=1, insult=None)),
    Frame("lgbti", LGBTI_AT_REP, _labels(abuse=1, identity_attack=1, insult=None)),
    Frame("disablist", DISABLED_AT_REP, _labels(abuse=1, identity_attack=1, insult=1)),
]
NOT_ABUSIVE: Final[list[Frame]] = [
    Frame("harsh_criticism", HARSH_CRITICISM, _labels(), count=8),
    Frame("satire", SATIRE, _labels(), count=4),
    Frame("reclaimed", RECLAIMED, _labels(), count=3),
    Frame("counter_speech", COUNTER_SPEECH, _labels(), count=8),
    Frame("positive_identity", POSITIVE_IDENTITY, _labels(), count=8),
    Frame("constituent_details", CONSTITUENT_DETAILS, _labels(), count=6),
    Frame("negation", NEGATION, _labels(), count=8),
    Frame("homonym", HOMONYMS, _labels(), count=4),
]
_TARGET_OF_KIND: Final = {"misogynistic": "women", "lgbti": "lgbti", "disablist": "disability"}


@dataclass(frozen=True, slots=True)
class Written:
    """One generated contrast text with its labels, target, kind and template id."""

    text: str
    labels: Labels
    target: str | None
    kind: str
    template: int


def _fill(frame: str, rng: random.Random, identity: tuple[str, str, str] | None = None) -> str:
    plural, adjective, _ = identity or rng.choice(IDENTITIES)
    values = {
        "R": rng.choice(REPS),
        "HH": rng.choice(HER_HIM),
        "K": rng.choice(KIDS),
        "PL": rng.choice(PLACES),
        "H": rng.choice(HOMES),
        "SC": rng.choice(SCHOOLS),
        "PH": rng.choice(PHONES),
        "CAR": rng.choice(CARS),
        "C": rng.choice(COUNTRIES),
        "G": plural,
        "A": adjective,
        "IN": rng.choice(INSULT_PEOPLE),
    }
    if "{Q}" in frame:
        values["Q"] = _fill(rng.choice(QUOTED_ABUSE), rng, identity)
    out = frame
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    out = out.replace("you's ", "your ").replace("@user's ", "@user your ")
    # A frame that speaks of {R} in the third person, filled with "you" ("you is a disgrace").
    out = _YOU_THIRD_PERSON.sub(lambda m: m[1] + _SECOND_PERSON[m[2].lower()], out)
    return out[0].upper() + out[1:] if rng.random() < 0.5 else out.lower()


_SECOND_PERSON: Final = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "isn't": "aren't",
    "wasn't": "weren't",
    "hasn't": "haven't",
    "doesn't": "don't",
}
_YOU_THIRD_PERSON: Final = re.compile(
    r"(?<!thank )\b(you )(" + "|".join(_SECOND_PERSON) + r")\b", re.IGNORECASE
)


FRAMES_DIR: Final = Path(__file__).with_name("frames")
"""More frames as data (`frames/*.json`), written from scratch on 2026-12-05 (see their `by`)."""
_HATE: Final = _labels(abuse=1, identity_attack=1, insult=None)
KIND_LABELS: Final[dict[str, Labels]] = {
    **{family.kind: family.labels for family in (*ABUSIVE, *NOT_ABUSIVE)},
    "harassment": _labels(abuse=1, insult=1),
    "everyday": _labels(),
    "dog_whistle": _HATE,
    "emoji_hate": _HATE,
    "identity_at_rep": _HATE,
    "quoted_report": _labels(),
}
_COUNT_OF_KIND: Final[dict[str, int]] = {
    **{family.kind: family.count for family in (*ABUSIVE, *NOT_ABUSIVE)},
    "harassment": 6,
    # Thanks, invitations and logistics full of the fillers the abusive frames use (the
    # representative, the surgery, the children), so a filler alone never reads as abuse.
    "everyday": 8,
    "dog_whistle": 4,
    "emoji_hate": 4,
    "identity_at_rep": 6,
    "quoted_report": 6,
}
TARGETS: Final = frozenset({"race", "religion", "lgbti", "women", "disability"})
_PLACEHOLDERS: Final = frozenset(
    {"R", "HH", "K", "PL", "H", "SC", "PH", "CAR", "C", "G", "A", "IN", "Q"}
)


@dataclass(frozen=True, slots=True)
class FileFrame:
    """One frame read from `frames/*.json`: its kind, text, identity target and extra labels."""

    kind: str
    text: str
    target: str | None
    also: tuple[str, ...]

    @property
    def labels(self) -> Labels:
        return {**KIND_LABELS[self.kind], **dict.fromkeys(self.also, 1)}


class BadFrame(ValueError):
    """A frame file says something the generator cannot use; the message names file and frame."""


def read_frames(path: Path) -> list[FileFrame]:
    """The frames of one file, refusing unknown kinds, targets, labels or placeholders."""
    document = json.loads(path.read_text(encoding="utf-8"))
    frames: list[FileFrame] = []
    for number, item in enumerate(document["frames"]):
        kind, text = item["kind"], item["text"]
        target, also = item.get("target"), tuple(item.get("also", ()))
        problem = (
            (kind not in KIND_LABELS and f"unknown kind {kind!r}")
            or (target is not None and target not in TARGETS and f"unknown target {target!r}")
            or (set(also) - set(_labels()) - {"profanity"} and f"unknown label in {also!r}")
            or (set(re.findall(r"\{(\w*)\}", text)) - _PLACEHOLDERS and "unknown placeholder")
            or ("{Q}" in text and kind != "quoted_report" and "{Q} outside a quoted report")
        )
        if problem:
            raise BadFrame(f"{path.name}, frame {number}: {problem}")
        frames.append(FileFrame(kind, text, target, also))
    return frames


def file_frames(folder: Path = FRAMES_DIR) -> list[FileFrame]:
    """Every frame of every file in `folder`, files in name order (generation is reproducible)."""
    return [frame for path in sorted(folder.glob("*.json")) for frame in read_frames(path)]


def generate(seed: int, first_template: int = 0) -> list[Written]:
    """All contrast texts, reproducibly; template ids continue from `first_template`."""
    rng = random.Random(seed)  # noqa: S311 - reproducible sampling, not security
    out: list[Written] = []
    template = first_template

    def emit(kind: str, frame: str, labels: Labels, count: int, target: str | None) -> None:
        nonlocal template
        seen: set[str] = set()
        for _ in range(count):
            identity = rng.choice(IDENTITIES)
            text = _fill(frame, rng, identity)
            if text in seen:
                continue
            seen.add(text)
            aimed = target
            names_group = "{A}" in frame or "{G}" in frame
            if names_group and (kind == "identity_at_rep" or labels.get("identity_attack") == 1):
                aimed = identity[2]
            elif kind == "identity_at_rep":
                aimed = target or "race"
            out.append(Written(text, labels, aimed, kind, template))
        template += 1

    for family in ABUSIVE:
        for frame in family.frames:
            emit(family.kind, frame, family.labels, family.count, _TARGET_OF_KIND.get(family.kind))
    hate = _labels(abuse=1, identity_attack=1, insult=None)
    for frame, target in DOG_WHISTLES:
        emit("dog_whistle", frame, hate, 4, target)
    for frame, target in EMOJI_HATE:
        emit("emoji_hate", frame, hate, 4, target)
    for frame in IDENTITY_AT_REP:
        emit("identity_at_rep", frame, hate, 10, None)
    for family in NOT_ABUSIVE:
        for frame in family.frames:
            emit(family.kind, frame, family.labels, family.count, None)
    for frame in QUOTED_REPORTS:
        emit("quoted_report", frame, _labels(), 8, None)
    for written in file_frames():
        # A group is a target only where it is attacked (as for the public sets' rows).
        attacked = written.labels.get("identity_attack") == 1
        aimed = (written.target or _TARGET_OF_KIND.get(written.kind)) if attacked else None
        emit(written.kind, written.text, written.labels, _COUNT_OF_KIND[written.kind], aimed)
    return out
