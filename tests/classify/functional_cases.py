"""A HateCheck-style functional suite written by us, never trained on.

Each functionality is a list of templates (`{G}` a plural group, `{g}` singular) and whether a
case is hateful (True), abusive but not hateful (None: flagged as abuse, not identity hate), or
fine (False). Frames here are worded differently from `upstander/classify/synthetic.py` on
purpose, so the suite measures generalisation to new frames. Used by `bench.classify` and by
`test_functional_suite.py`.

Content warning: hateful sentences by design.
"""

from __future__ import annotations

GROUPS: list[tuple[str, str]] = [
    ("women", "a woman"),
    ("trans people", "a trans person"),
    ("gay people", "a gay person"),
    ("black people", "a black person"),
    ("disabled people", "a disabled person"),
    ("Muslims", "a Muslim"),
    ("immigrants", "an immigrant"),
]

HATEFUL: dict[str, list[str]] = {
    "derogation_emotion": [
        "I really can't stand {G}.",
        "{G} make me want to throw up.",
        "I absolutely loathe {G}.",
        "Nothing annoys me more than {G}.",
    ],
    "derogation_description": [
        "{G} are all complete idiots.",
        "{G} are so fucking dumb.",
        "All {G} are liars and cheats.",
        "{G} are totally worthless.",
    ],
    "dehumanisation": [
        "{G} are nothing more than animals.",
        "{G} are like a swarm of rats.",
        "{G} are a cancer on this country.",
        "To me, {G} are just filth.",
    ],
    "implicit_derogation": [
        "{G} belong in a cage.",
        "Put {G} back in the gutter where they came from.",
        "{G} should stay out of sight.",
        "This country would be better with no {G} in it.",
    ],
    "direct_threat": [
        "I am going to murder every one of those {G}.",
        "I will personally stab any of the {G} I meet.",
        "Tonight I'm going to hurt some {G}.",
        "I'm going to beat up the next {g} I see.",
    ],
    "normative_threat": [
        "{G} should all be shot.",
        "Somebody needs to wipe out {G} for good.",
        "It would be a good thing if all {G} were executed.",
        "{G} deserve to be hanged.",
    ],
    "slur": [
        "You're a dirty faggot.",
        "Get out of my shop, you paki.",
        "What a retard.",
        "I don't talk to trannies.",
        "Shut your mouth, n1gger.",
    ],
    "profanity_hate": [
        "Fuck all {G}.",
        "{G} are fucking scum.",
        "I'm so sick of these shitty {G}.",
        "{G} can fuck off out of here.",
    ],
    "pronoun_reference": [
        "I've known lots of {G} and every one of them was trash.",
        "{G} are everywhere. They disgust me.",
        "You see {G} everywhere now, and I hate them all.",
    ],
    "negated_positive": [
        "{G} are not worth anything.",
        "I will never respect {G}.",
        "{G} lives are worthless.",
        "{G} are not equal to us.",
    ],
    "question": [
        "Why are {G} so disgusting?",
        "Why do {G} always have to be so stupid?",
        "Is there anything worse than {G}?",
    ],
    "opinion": [
        "I honestly believe {G} are subhuman.",
        "In my view {G} are vermin.",
        "I'd say {G} are worthless.",
    ],
    "obfuscated": [
        "I h8 {G}.",
        "{G} are sc*m.",
        "{G} are disgustingggg.",
        "K i l l all {G}.",
        "{G} are vermn.",
        "{G} are vre disgusting.",
        "{G}aresubhuman.",
    ],
    "emoji": [
        "{G} are 🐀🐀🐀",
        "All {G} should be 🔫",
        "{G} make me 🤮🤮",
    ],
}

NOT_HATEFUL: dict[str, list[str]] = {
    "neutral_identity": [
        "I'm meeting some {G} for lunch.",
        "There are many {G} in my neighbourhood.",
        "I'm {g}.",
        "We are {G} and we vote.",
        "Two {G} joined the committee this week.",
    ],
    "positive_identity": [
        "I absolutely love {G}.",
        "{G} are brilliant.",
        "{G} make our town a better place.",
        "Honestly, {G} are fantastic people.",
        "Very proud to be {g}.",
    ],
    "negated_hate": [
        "I don't despise {G} at all.",
        "{G} are not scum.",
        "I would never say {G} are inferior.",
        "{G} aren't dangerous.",
    ],
    "counter_quote": [
        '"{G} are vermin" is a disgusting thing to say.',
        'Someone just replied "I hate {G}" to me. That is not ok.',
        'Tweets like "{G} should be shot" should be reported.',
        'Stop posting "{G} are trash", it is hateful.',
    ],
    "counter_reference": [
        "Anyone who says {G} are animals is completely wrong.",
        "It's hateful to claim {G} are stupid.",
        "Don't you dare call {G} vermin.",
        "Saying {G} should be killed is monstrous.",
    ],
    "non_hate_profanity": [
        "Fuck, this is the best day ever.",
        "Holy shit, I passed my exam!",
        "That gig was fucking incredible.",
        "Shit, I forgot my keys.",
    ],
    "reclaimed_slur": [
        "I'm queer and proud of it.",
        "We dykes have to look out for each other.",
        "Queer and here, always.",
    ],
    "homonym": [
        "That was a queer thing to happen.",
        "We had faggots with gravy for dinner.",
    ],
    "abuse_object": [
        "I can't stand broccoli.",
        "This traffic is disgusting.",
        "Mondays should be abolished.",
    ],
}

ABUSE_NOT_IDENTITY: dict[str, list[str]] = {
    "abuse_individual": [
        "You are a pathetic excuse for a human.",
        "You're an absolute moron.",
        "Go to hell, you lying rat.",
        "You disgust me, you sad little man.",
    ],
    "abuse_nonprotected_group": [
        "Estate agents are scum.",
        "Bankers are vermin.",
        "Journalists are parasites.",
    ],
}

POLITICAL_FINE: list[str] = [
    "Your housing bill is a disgrace, resign.",
    "We'll crush them at the ballot box.",
    "Kill the bill!",
    "Target seats are where we will put our volunteers.",
    "This policy is an utter failure and you should be ashamed.",
    "Vote him out in May.",
    "The council's budget is a joke.",
    "Time to destroy the government's majority.",
    "Let's knock on every door and smash our target.",
    "You have betrayed this constituency with your vote.",
]
POLITICAL_ABUSE: list[str] = [
    "Resign, you worthless pig.",
    "Your bill is a disgrace and so are you, you stupid cow.",
    "Someone should shoot this traitor.",
    "I know where you live, minister.",
    "Shut up and resign, you useless twat.",
]


def cases() -> list[tuple[str, str, bool | None]]:
    """(functionality, text, expected) with expected True hateful, None abuse only, False fine."""
    out: list[tuple[str, str, bool | None]] = []
    for table, expected in ((HATEFUL, True), (NOT_HATEFUL, False)):
        for functionality, templates in table.items():
            for template in templates:
                if "{G}" in template or "{g}" in template:
                    for plural, singular in GROUPS:
                        text = template.replace("{G}", plural).replace("{g}", singular)
                        out.append((functionality, text[0].upper() + text[1:], expected))
                else:
                    out.append((functionality, template, expected))
    for functionality, templates in ABUSE_NOT_IDENTITY.items():
        out.extend((functionality, t, None) for t in templates)
    out.extend(("political_criticism", t, False) for t in POLITICAL_FINE)
    out.extend(("political_abuse", t, None) for t in POLITICAL_ABUSE)
    return out


# A second suite, written after the scorer was tuned on the first one and never used for tuning:
# `blind_cases()` is the more honest estimate of generalisation.
BLIND_GROUPS: list[tuple[str, str]] = [
    ("women", "woman"),
    ("trans people", "trans person"),
    ("gay men", "gay man"),
    ("black people", "black person"),
    ("disabled people", "disabled person"),
    ("Muslims", "Muslim"),
    ("immigrants", "immigrant"),
    ("Jews", "Jew"),
    ("lesbians", "lesbian"),
    ("refugees", "refugee"),
]
BLIND_HATEFUL: dict[str, list[str]] = {
    "derogation": [
        "{G} are repulsive creatures.",
        "Honestly {G} are the lowest of the low.",
        "{G} are a stain on this nation.",
        "Every single {g} is a waste of oxygen.",
        "{G} are just pathetic.",
    ],
    "threat": [
        "The only good {g} is a dead one.",
        "I'll gladly put a bullet in any {g} who comes near me.",
        "{G} need to be exterminated.",
        "Let's round up all the {G} and burn them.",
        "If a {g} moves in next door I'll torch the house.",
    ],
    "implicit": [
        "I'd rather die than have a {g} as a neighbour.",
        "{G} are not fit to raise children.",
        "{G} should know their place.",
        "Imagine letting {G} run a country, lol.",
    ],
    "negated_positive": [
        "{G} are no better than animals.",
        "I'll never see {G} as equals.",
        "{G} don't deserve to live here.",
    ],
    "question": [
        "Why are {G} always so filthy?",
        "Can someone explain why {G} are such parasites?",
    ],
    "profanity_hate": [
        "Fucking {G} ruin everything.",
        "{G} are shit people.",
    ],
    "obfuscated": [
        "{G} are v e r m i n",
        "{G} r trash",
        "I h@te {G}",
        "{G} are sub-human",
        "{G} are dissgusting",
        "kil all {G}",
    ],
}
BLIND_NOT_HATEFUL: dict[str, list[str]] = {
    "neutral": [
        "My landlord is {g}.",
        "The new councillor is {g}.",
        "Are there many {G} living in Bradford?",
        "{G} were the focus of the report.",
    ],
    "positive": [
        "{G} are lovely people.",
        "So glad to have {G} in our branch.",
        "{G} have every right to be here.",
        "Big love to all the {G} out there.",
    ],
    "negated": [
        "{G} are not vermin.",
        "There's nothing wrong with {G}.",
        "Nobody should ever threaten {G}.",
    ],
    "counter": [
        'People keep replying "{G} are trash" to me. Disgusting behaviour.',
        "Calling {G} parasites is just bigotry.",
        "The idea that {G} are inferior is ridiculous.",
        "I reported the account that said {G} should be killed.",
    ],
}
BLIND_PLAIN_FINE: list[str] = [
    "Fuck me, what a day.",
    "This cold is killing me.",
    "That film was shit.",
    "We smashed the leafleting target!",
    "Shoot me a message when you're free.",
    "The tories' record on housing is a scandal.",
    "Your response to the flooding was pathetic, minister.",
    "Vote Labour, kick the Tories out!",
    "Honestly this budget is a disaster for pensioners.",
    "Queer cinema night at the library on Friday.",
]
BLIND_PLAIN_ABUSE: list[str] = [
    "You're a disgrace of a human being, you spineless worm.",
    "Hope you die in a fire.",
    "Everyone knows you're a nonce.",
    "Show me your boobs, love.",
    "Your address is 12 Elm Grove, Sheffield S10 2AB. See you soon.",
]


def blind_cases() -> list[tuple[str, str, bool | None]]:
    """The blind suite: (functionality, text, expected) like `cases()`."""
    out: list[tuple[str, str, bool | None]] = []
    for table, expected in ((BLIND_HATEFUL, True), (BLIND_NOT_HATEFUL, False)):
        for functionality, templates in table.items():
            for template in templates:
                for plural, singular in BLIND_GROUPS:
                    text = template.replace("{G}", plural).replace("{g}", singular)
                    out.append((functionality, text[0].upper() + text[1:], expected))
    out.extend(("plain_fine", t, False) for t in BLIND_PLAIN_FINE)
    out.extend(("plain_abuse", t, None) for t in BLIND_PLAIN_ABUSE)
    return out
