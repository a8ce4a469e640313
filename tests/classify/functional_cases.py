"""Cases in the party's own domain, written here from scratch and never trained on.

Replies and mentions aimed at UK representatives (MPs, councillors, candidates, their staff and
members) and posts about them: identity hate, threats, insults, doxxing and sexual harassment,
next to the hard negatives a case worker sees every day (sharp criticism, campaign language,
reports of abuse received, counter-speech, reclaimed words, positive identity statements). No
sentence or template here is taken from a published test suite or a paper; the categories are
ours. `expected` is True for identity hate, None for abuse that is not identity hate, False for
posts that must not be flagged. Used by `bench.classify` and `test_functional_suite.py`.

`blind_cases()` is a second set written in one sitting before it was first scored; the scorer
has not been tuned on it. Neither set is the frozen blind suite of issue 17 (that lives in
`tests/classify/blind/`).

Content warning: abusive sentences by design.
"""

from __future__ import annotations

Case = tuple[str, str, bool | None]

IDENTITY_HATE: dict[str, list[str]] = {
    "at_the_representative": [
        "Go back to Pakistan, you don't represent this town.",
        "A Muslim running our council. Filthy lot, the whole family.",
        "Women like you have no place in the chamber, get back in the kitchen.",
        "Nobody in this ward voted for a tranny to speak for them.",
        "Typical Jew, always on the take from the council.",
        "Another disabled councillor wasting our money, they're a burden on everyone.",
        "Your black voters are animals and so are you.",
        "Refugees like your new candidate are vermin.",
    ],
    "about_a_group": [
        "Immigrants in this borough are scum, every last one.",
        "Gay men shouldn't be allowed anywhere near the school governors.",
        "Muslims are a cancer on this constituency.",
        "Trans people are mentally ill and shouldn't be voting.",
        "Too many asylum seekers in this ward now, they're parasites.",
        "Jews control the council, everyone knows it.",
        "Black people have wrecked the high street.",
        "Disabled people are scroungers and the council should stop paying them.",
        "Women are too stupid to sit on the planning committee.",
        "Gypsies are thieves and should be moved off the common.",
    ],
    "exclusion": [
        "No Muslims should be allowed to stand for parliament.",
        "Ban immigrants from voting in local elections.",
        "Deport every refugee in this ward.",
        "Lesbians should never be trusted with children.",
    ],
    "threat_to_a_group": [
        "Every Muslim in this ward should be shot.",
        "Gas the Jews running our council.",
        "I'll burn down the mosque on Church Street with them inside.",
        "Kill all the immigrants in this town.",
    ],
    "slur": [
        "Shut up you paki, nobody voted for you.",
        "The councillor is a faggot and should resign.",
        "What a retard our new MP is.",
    ],
    "obfuscated": [
        "Immigr4nts are v3rmin",
        "M u s l i m s out of our council",
        "Our MP is a f4gg0t",
        "k1ll all refugees",
    ],
}

OTHER_ABUSE: dict[str, list[str]] = {
    "insult": [
        "You are a useless, lying toad of a councillor.",
        "Resign, you spineless worm.",
        "Shut up and sit down, you absolute cretin.",
        "Our MP is a pathetic excuse for a human being.",
    ],
    "threat": [
        "I'm going to stab you at your next surgery.",
        "Someone should put a bullet in this traitor.",
        "Watch your back walking home from the count, councillor.",
        "You'll be hanged for what you did to this town.",
    ],
    "doxxing": [
        "Her home address is 12 Elm Grove, Sheffield S10 2AB. Pay her a visit.",
        "His kids go to St Anne's primary, we'll be waiting at pick-up.",
        "Here's her personal mobile: 07700 900456. Ring her all night.",
    ],
    "sexual": [
        "Send me nudes, councillor.",
        "Nice tits for an MP.",
        "I'd bend you over the despatch box.",
    ],
    "nonprotected_group": [
        "Landlords on the council are parasites.",
        "Tories are vermin, the lot of them.",
    ],
}

FINE: dict[str, list[str]] = {
    "criticism": [
        "Your housing bill is a disgrace, resign.",
        "This budget is a shambles and you know it.",
        "You've been a useless MP for this constituency.",
        "The council's record on potholes is appalling.",
        "You voted against free school meals. Shame on you.",
    ],
    "campaign_language": [
        "We'll crush them at the ballot box in May.",
        "Kill the bill!",
        "Let's destroy their majority at the next election.",
        "We smashed our leafleting target this weekend!",
        "Target seats are where our volunteers go.",
    ],
    "reported_abuse": [
        'Our councillor was sent "go back to Pakistan" today. Reported to the police.',
        "Someone called our candidate a paki in the replies. Reported it and blocked.",
        "Anyone calling our MP a whore on this page will get blocked.",
        'Got "I\'ll stab you at your surgery" in my inbox again. Reported.',
    ],
    "counter_speech": [
        "Saying Muslims shouldn't stand for parliament is bigotry.",
        "It's wrong to claim refugees are criminals.",
        "Stop calling trans people mentally ill, it's hateful.",
        "No woman should have to put up with threats for standing for election.",
    ],
    "negation": [
        "I don't hate immigrants, I just want the bins emptied.",
        "Gay people are not a threat to anyone in this town.",
        "Nobody should be abused for their religion at a council meeting.",
    ],
    "positive_identity": [
        "Proud to be the first Muslim woman on this council.",
        "Trans women are women and welcome in our branch.",
        "Black women keep our local NHS running.",
        "So many disabled members came to the rally, thank you!",
        "Refugees are welcome in this town.",
    ],
    "neutral_identity": [
        "How many Sikhs live in the ward?",
        "Our candidate is Jewish and grew up on the estate.",
        "The residents' group for asylum seekers meets on Thursday.",
    ],
    "reclaimed_or_homonym": [
        "I'm a queer councillor and proud of it.",
        "Faggots and peas at the pensioners' lunch club today.",
        "Canvassing in this rain is a bitch, but we go again.",
    ],
    "profanity_untargeted": [
        "Fucking brilliant result tonight, well done everyone!",
        "Holy shit, turnout was 62%!",
        "Bollocks, the printer's broken again.",
    ],
}


BLIND_IDENTITY_HATE: list[str] = [
    "Our new MP is a Muslim. Shame this town has sunk so low, they're all terrorists.",
    "Women on the council are useless, the lot of them.",
    "Get the Romanians out of our ward.",
    "Disabled people shouldn't be allowed to stand for election.",
    "Black councillors are all criminals.",
    "Gay people are disgusting and so is your candidate.",
    "Jews are parasites and so are the councillors who vote with them.",
    "Hindus have no business on our council.",
    "The Sikh candidate is a terrorist like the rest of them.",
    "Immigrants should be rounded up and deported.",
    "No trans person should ever be elected.",
    "Pakis like you are ruining Bradford.",
]
BLIND_OTHER_ABUSE: list[str] = [
    "You're a disgrace of a councillor, you lying rat.",
    "Hope you die in a fire, minister.",
    "I know where you live, councillor.",
    "Show us your boobs, love.",
    "Her address is 4 Park Drive, Leeds LS6 2AB. You know what to do.",
    "Everyone knows you're a nonce.",
]
BLIND_FINE: list[str] = [
    "Your response to the flooding was pathetic, minister.",
    "Vote them out, kick the Tories out!",
    "The bus cuts will hit pensioners hardest. Disgraceful.",
    "Shoot me a message when you're free to talk about the surgery.",
    "This cold is killing me, canvassing tomorrow anyway.",
    'Got "Muslims out" sprayed on our office door. Reported to the police.',
    "Anyone posting slurs at our councillors will be blocked and reported.",
    "Calling refugees vermin is racist, full stop.",
    "Proud gay man, proud councillor.",
    "Muslims are our neighbours and friends.",
    "I'm disabled and I'm standing in the by-election.",
    "The Jewish community centre on our high street reopens Monday.",
    "Queer film night at the library on Friday.",
    "Fuck me, what a count.",
]


def cases() -> list[Case]:
    """(category, text, expected) with expected True hateful, None abuse only, False fine."""
    out: list[Case] = []
    for table, expected in ((IDENTITY_HATE, True), (OTHER_ABUSE, None), (FINE, False)):
        for category, texts in table.items():
            out.extend((category, text, expected) for text in texts)
    return out


def blind_cases() -> list[Case]:
    """The second set: (category, text, expected) like `cases()`."""
    return [
        *(("identity_hate", t, True) for t in BLIND_IDENTITY_HATE),
        *(("other_abuse", t, None) for t in BLIND_OTHER_ABUSE),
        *(("fine", t, False) for t in BLIND_FINE),
    ]
