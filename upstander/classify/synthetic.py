"""Examples we write ourselves: templates over groups, people, verbs and frames; contrast pairs.

The public datasets barely contain threats to one person, doxxing, sexual harassment, political
criticism, counter-speech, negation or positive identity statements, so we generate them. Every
template has an id; templates whose id is a multiple of 5 form the held-out validation set
(`split == "val"`) and are never trained on, so validation measures new *frames*, not new fillers.

Content warning: the templates contain hateful and abusive sentences by design.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from upstander.classify import contrast, lexicon

Labels = dict[str, int | None]


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text. A label of None means "not annotated": that head skips the row."""

    text: str
    labels: Labels
    target: str | None
    source: str
    split: str
    kind: str = ""
    weight: float = 1.0
    extra: dict[str, str] = field(default_factory=dict)


# Protected groups as people write them: (plural, singular-with-article, adjective form, target)
GROUPS: list[tuple[str, str, str, str]] = [
    ("women", "a woman", "female", "women"),
    ("girls", "a girl", "female", "women"),
    ("trans people", "a trans person", "trans", "lgbti"),
    ("trans women", "a trans woman", "trans", "lgbti"),
    ("gay people", "a gay person", "gay", "lgbti"),
    ("gay men", "a gay man", "gay", "lgbti"),
    ("lesbians", "a lesbian", "lesbian", "lgbti"),
    ("bisexual people", "a bisexual person", "bisexual", "lgbti"),
    ("black people", "a black person", "black", "race"),
    ("immigrants", "an immigrant", "immigrant", "race"),
    ("refugees", "a refugee", "refugee", "race"),
    ("asylum seekers", "an asylum seeker", "asylum-seeking", "race"),
    ("asians", "an asian", "asian", "race"),
    ("chinese people", "a chinese person", "chinese", "race"),
    ("pakistanis", "a pakistani", "pakistani", "race"),
    ("arabs", "an arab", "arab", "race"),
    ("gypsies", "a gypsy", "traveller", "race"),
    ("muslims", "a muslim", "muslim", "religion"),
    ("jews", "a jew", "jewish", "religion"),
    ("jewish people", "a jewish person", "jewish", "religion"),
    ("hindus", "a hindu", "hindu", "religion"),
    ("sikhs", "a sikh", "sikh", "religion"),
    ("disabled people", "a disabled person", "disabled", "disability"),
    ("autistic people", "an autistic person", "autistic", "disability"),
    ("wheelchair users", "a wheelchair user", "disabled", "disability"),
    ("deaf people", "a deaf person", "deaf", "disability"),
]
EMOJI_GROUPS: list[tuple[str, str]] = [
    ("👨🏿", "race"),
    ("👩🏾", "race"),
    ("👳🏽", "religion"),
    ("🧕", "religion"),
    ("🏳️‍🌈", "lgbti"),
    ("🏳️‍⚧️", "lgbti"),
    ("♿", "disability"),
    ("👩", "women"),
]
NONPROTECTED: list[str] = [
    "politicians",
    "tories",
    "lawyers",
    "bankers",
    "landlords",
    "journalists",
    "developers",
    "councillors",
    "capitalists",
    "estate agents",
    "lobbyists",
    "billionaires",
    "consultants",
    "civil servants",
    "activists",
    "trolls",
]
OBJECTS: list[str] = [
    "the 42 bus",
    "the council website",
    "the canvassing app",
    "polling day weather",
    "the roadworks on the a6",
    "this photocopier",
    "the new leaflet design",
    "the coffee at the count",
    "the parking at the town hall",
    "the wifi in the office",
    "the one-way system",
    "the pothole on my road",
    "the fire alarm at the library",
    "the queue at the post office",
    "this rain",
    "the trains to london",
    "my phone battery",
    "the hustings microphone",
]
POLICIES: list[str] = [
    "housing bill",
    "budget",
    "policy on the nhs",
    "tax plan",
    "immigration bill",
    "education reform",
    "manifesto",
    "planning policy",
    "council tax rise",
    "record on crime",
    "voting record",
    "welfare cuts",
    "climate plan",
    "bus cuts",
    "speech yesterday",
    "amendment",
]
CRITIQUE: list[str] = [
    "a disgrace",
    "a disaster",
    "a shambles",
    "a joke",
    "a failure",
    "catastrophic",
    "shameful",
    "appalling",
    "a betrayal of voters",
    "cruel",
    "heartless",
    "useless",
    "pathetic",
    "rubbish",
    "a total mess",
    "an insult to working families",
    "utterly incompetent",
    "dishonest",
    "a complete waste of money",
    "terrible",
]
PEOPLE_2ND: list[str] = ["you", "you", "you", "@user you"]
PEOPLE_3RD: list[str] = ["she", "he", "this mp", "the councillor", "that candidate", "the minister"]
NAMES: list[str] = ["sarah", "jess", "priya", "tom", "david", "amira", "claire", "mark", "aisha"]
STREETS: list[str] = [
    "14 acacia avenue",
    "22 mill lane",
    "3 station road",
    "117 church street",
    "8 the crescent",
    "41 park drive",
    "9 victoria terrace",
]
TOWNS: list[str] = ["leeds ls6 2ab", "bristol bs3 4jt", "croydon cr0 1ab", "hull hu5 3qp", "york"]
PHONES: list[str] = ["07700 900123", "07911 123456", "+44 7700 900987", "0161 496 0000"]
SCHOOLS: list[str] = ["st mary's primary", "oakfield academy", "hillside infants", "the grammar"]

POS_ADJ = list(lexicon.POSITIVE_GROUP_ADJECTIVES)
NEG_ADJ = [a for a in lexicon.NEGATIVE_GROUP_ADJECTIVES if not a.startswith("all ")]
NEG_ALL = list(lexicon.NEGATIVE_GROUP_ADJECTIVES)
DEHUM = [d for d in lexicon.DEHUMANISING_NOUNS if d not in ("not human", "less than human")]
INS_ADJ = list(lexicon.INSULT_ADJECTIVES)
INS_NOUN = list(lexicon.INSULT_NOUNS)
V_THREAT = [
    "kill",
    "murder",
    "shoot",
    "stab",
    "hang",
    "strangle",
    "beat up",
    "hurt",
    "burn",
    "behead",
    "torture",
    "run over",
    "slit the throat of",
    "put a bullet in",
    "break the legs of",
]
PARTS = list(lexicon.VIOLENT_PARTICIPLES)
STRONG_SLURS_BY_TARGET: dict[str, list[str]] = {}
for _slur, _target in lexicon.STRONG_SLURS.items():
    if not _slur.endswith("s") and " " not in _slur and _slur not in ("negro", "moslem"):
        STRONG_SLURS_BY_TARGET.setdefault(_target, []).append(_slur)

HATE_FRAMES: list[str] = [
    "Another one of these {G} on the council. Sick of the lot of them.",
    "Can't stand {G} and I'm sick of being told to vote for them.",
    "Our ward was fine until the {G} moved in, {NEG} the lot of them.",
    "{G} on the council are {NEG}, every last one.",
    "Every {A_bare} councillor I've dealt with has been {NEG}.",
    "Parliament is full of {G} now and they're all {NEG}.",
    "{G} are {DEH}, and you're standing up for them in the chamber.",
    "Your {A} voters are {DEH}, not constituents.",
    "You only care about {G}. {DEH}, all of them.",
    "Standard {A_bare} councillor, {NEG} like the rest of them.",
    "Knocked on doors in your ward today. Full of {G}. Vile.",
    "The day {G} got the vote this country started going downhill.",
    "How are {G} this {NEG}? Genuine question for our {A} mp.",
    "What is it about {G} that makes them so {NEG}?",
    "Tell me one {A_bare} candidate who isn't {NEG}. I'll wait.",
    "My honest view, as a voter: {G} are {DEH}.",
    "Met plenty of {G} canvassing. Hated every single one.",
    "These {G} think the rules don't apply to them. Can't stand them.",
    "Your {A} mates on the council are all {NEG}.",
    "Fucking {G} on the doorstep again, can't get rid of them.",
    "{G} have wrecked every town they've been given.",
    "{G} have no business having a vote.",
    "Keep {G} off the candidates list, they can't be trusted.",
    "{G} should never be let near a school governors' board.",
    "Nobody elected these {G} to speak for us.",
    "Never vote for {g}, they're all {NEG}.",
    "Get the {G} off our high street.",
    "Your {A} councillor belongs in a cell, like the rest of them.",
    "{G} need sending home, the whole lot.",
    "The worst thing about this ward is the {G}.",
    "{G} are a plague on this constituency.",
    "{G} are wrecking this borough and you're helping them.",
    "Get the {G} out of Westminster.",
    "This town would be better with no {G} in it.",
    "Everyone round here knows {G} are {NEG}.",
    "Say what you like, {G} are {NEG}.",
    "Wouldn't let {g} run a bath, never mind a council.",
    "Only a {A_bare} would vote for your {POL}, {NEG} people.",
    "Being {A} should rule you out of public office.",
    "{G} are draining this council dry and should be shipped out.",
    "It's {G} like your candidate who are ruining the north.",
    "Go back where you came from and take your {A} voters with you.",
    "{G} in your ward? {DEH}, mate.",
    "Loads of {G} at your surgery. Says it all, {NEG} lot.",
    "Put {g} in charge of anything and watch it rot.",
    "Your ward is crawling with {G}. {DEH}.",
    "{G} are worth less than the rest of us.",
    "{G} only vote for handouts, {NEG} lot.",
    "Imagine electing {g}. How {NEG} can a town get.",
    "{G} breed like vermin and your council houses them.",
    "{G} are taking over the council and someone has to stop them.",
    "{G} aren't right in the head and shouldn't be voting.",
    "Trust {g} with public money? Never.",
    "{G} on the housing list? {NEG}, the lot of them.",
    "{G} will never be real citizens.",
    "I will never accept {g} as my representative.",
    "Too many {G} in this constituency now.",
    "Nothing winds me up like {G} at the council meeting.",
    "Seeing {G} on the ballot paper turns my stomach.",
    "I'm sick of {G} on my telly and in my council.",
    "Every {A_bare} on the planning committee is {NEG}.",
    "{G} in politics? {DEH}, the lot of them.",
    "Bin every {A_bare} candidate, that's where they belong.",
    "{G} in the chamber are {NEG}. Can't stand them.",
    "{G} have ruined our estate, {DEH} the lot.",
    "No wonder the borough is broke, it's run by {G}.",
    "{G} should be barred from standing for council.",
    "Ban {G} from the hustings.",
    "Stop letting {G} stand for election.",
    "Why does this party keep picking {G}? They're {NEG}.",
    "Another {A_bare} mp. {NEG}.",
    "The {A} candidate is {NEG} like all of them.",
    "A {A_bare} running our council, what a joke, they're all {NEG}.",
    # The same places as the contrast frames ("in this ward", "on the council"), so that the
    # place words carry no weight either way.
    "{G} in this ward are {DEH}.",
    "{G} in this ward are {NEG}.",
    "{G} on the council are {DEH}.",
    "{G} in this town are {NEG}, all of them.",
    "The {G} in the ward are {DEH}.",
    "{G} in this borough are {DEH} and you know it.",
    "{G} in this constituency are {NEG}.",
    "{G} on our estate are {DEH}.",
    "All the {G} in this ward are {NEG}.",
    "{G} at your surgery are {DEH}.",
]
THREAT_GROUP_FRAMES: list[str] = [
    "Next {A_bare} who turns up at your surgery, I'll {V} them.",
    "Every {A_bare} on that council deserves a knife, I'll {V} the lot.",
    "{G} in this ward should all be {P}.",
    "{G} on your council deserve to die.",
    "Gas the {G} and start with your councillors.",
    "Death to the {G} running this town.",
    "Can't wait to {V} some {G} after the count.",
    "Sort the {G} out once we're in power, permanently.",
    "{G} who vote for you should be {P}.",
    "Somebody needs to {V} the {G} at that community centre.",
    "If {g} knocks on my door canvassing I'll {V} them.",
    "Bring a 🔪 to the {A} hustings tonight.",
    "Your {A} voters will be {P} come election day.",
    "Every {A_bare} in Westminster needs to be {P}.",
    "Drag the {G} out of the town hall and string them up.",
    "Torch the {A} centre on your high street with them inside.",
    "Praying every {A_bare} on the council gets {P}.",
    "Open season on {G} once the polls close.",
]
SLUR_FRAMES: list[str] = [
    "Sit down you {S}, nobody voted for you.",
    "Shut it you {S}, answer the question.",
    "Get out of the chamber you filthy {S}.",
    "Can't stand {S}s running our council.",
    "Typical {S} mp, always moaning.",
    "{S}s like you shouldn't be allowed to stand.",
    "Look at the {S} they've picked as candidate.",
    "No {S}s on our council.",
    "Another {S} elected, great, well done Labour.",
    "Go home {S}, this ward isn't yours.",
    "What a {S} our councillor is.",
    "The {S} got in by 200 votes, disgusting.",
]
POSITIVE_FRAMES: list[str] = [
    "Lovely to meet so many {G} at the surgery today.",
    "{G} in this ward are {POS}.",
    "Our branch has a strong group of {G} members.",
    "I'm {g} and I'm standing for the council.",
    "Proud {A} woman and proud to be your councillor.",
    "Proud {A} man and your candidate for the ward.",
    "As {g}, I want the council to fix the potholes on my road.",
    "My agent is {g} and brilliant at the job.",
    "{G} are my constituents and I'll fight for them.",
    "{G} deserve a fair hearing from this council.",
    "I share my flat in the ward with two {G}.",
    "How many {G} live in the constituency?",
    "So many {G} keep our local hospital running.",
    "{G} in this borough face discrimination daily.",
    "The council has to keep {G} safe from abuse.",
    "The {A} members' forum meets on Tuesday.",
    "{G} have every right to feel safe at a surgery.",
    "Our candidate in the by-election is {g}.",
    "Reports of hate crime against {G} in the borough are up.",
    "We stand with {G} in this ward.",
    "The drop-in for {G} is a safe space, all welcome.",
    "Figures show {G} are underrepresented on the council.",
    "My daughter is {g} and she's standing for the ward.",
    "{G} are part of this constituency.",
    "Thanks to the {G} who came out leafleting.",
    "I'm {g} and I vote at every local election.",
    "Being {A} has never held me back as a councillor.",
    "{G} should be treated with respect in the chamber.",
    "{G} are welcome at every surgery I hold.",
    "Parliament needs more {A} voices.",
    "{G} are as able to serve as anyone else.",
    "Half my street is {G}.",
    "The council report looks at how {G} use the library.",
    "Support for {G} in the borough needs more funding.",
    "My parents were both {A} and ran a shop on the high street.",
    "Our {A} mp has done a great job for the town.",
    "{G} contribute so much to this borough.",
    "I learned a lot from {G} at the residents' meeting.",
    "{G} are constituents like everyone else.",
    "I'm {g} and a councillor, proud to serve this ward.",
    "{G} keep our care homes going.",
    "The new hub will support {G} in the ward.",
    "Is there a residents' group for {G} in Leeds?",
    "Every {A_bare} volunteer I've met on the campaign was great.",
    "{G} 💕 thank you for coming to the rally",
    "So proud of the {A} community in our town ❤️",
    "{G} are people and deserve a council that listens.",
    "{G} are residents of this borough.",
    "{G} are members of this party too.",
    "Trans women are women and welcome in our branch.",
    "Trans men are men and welcome in our branch.",
    "{G} are citizens and voters.",
    "{G} in the ward are {POS}, and I'm proud to represent them.",
    "Why are {G} still so underrepresented on councils?",
    "Why do {G} still get treated so badly by landlords?",
    "I reckon {G} are {POS}.",
    "For what it's worth, {G} on our council are {POS}.",
    "Spent the day with {G} at the community centre, loved it.",
    "{G} have the same vote as everyone else.",
    "{A} lives matter, and this council should say so.",
    "I respect the {G} who stood for election this year.",
    "{G} belong in this town as much as anyone.",
    "{G} are protected by the Equality Act.",
    "Every {A_bare} in the ward deserves dignity.",
    "All you {G} are welcome at Thursday's meeting.",
    "{G} are our colleagues and neighbours.",
    "Typical {g}, first to volunteer at the food bank again.",
    "The family next door are {G}.",
    "{G} are a big part of this constituency.",
    "Do {G} get enough help from the council?",
    "What do {G} in the ward think of the new bus routes?",
    "Turnout among {G} was up at the last election.",
    "{G} are no threat to anyone in this town.",
    "Most {G} I meet on the doorstep work incredibly hard.",
    "{G} have lived in this borough for generations.",
    "The {A} community centre reopens on Monday.",
    "I'm {A} and I love this town.",
    "Our party welcomes {G}.",
    "{G} want the same as everyone: a bus that turns up.",
    "Nothing wrong with being {A}, councillor or not.",
    "{G} in this ward are strong and resilient.",
    "Great to see so many {G} at the rally.",
    "{G} are allowed to stand for office.",
    "More {G} are standing for the council this year.",
    "Plenty of {G} in my ward.",
    "Lots of {G} on my road.",
    "A good number of {G} came to the surgery.",
    "Loads of {G} signed the library petition.",
    "So many {G} volunteered this weekend, thank you!",
    "{G} keep telling me about the bus cuts.",
    "I met several {G} on the doorstep today.",
    "A few {G} asked about the new clinic.",
    "Are you {g}? Asking for the diversity monitoring form.",
    "Is the new candidate {g}?",
    "Having tea with some {G} from the residents' association.",
    "My cousin married {g} last summer.",
    "{G} in Leeds are organising a hustings.",
    "Two {G} were elected to the council.",
]
NEGATED_FRAMES: list[str] = [
    "I don't hate {G}, I just want the bins collected.",
    "I'd never hurt {g}, whatever their politics.",
    "{G} in this ward are not {NEG}.",
    "{G} are not {DEH}, whatever the comments say.",
    "No {A_bare} councillor deserves to be abused.",
    "Nobody should treat {G} at a surgery like that.",
    "It isn't true that {G} are {NEG}.",
    "I don't think {G} in this town are {NEG} at all.",
    "{G} are never {NEG}, that's a lie the far right tells.",
    "I've never hated {G} and I never will.",
    "This council won't tolerate abuse of {G}.",
    "No one should ever call {G} {DEH}.",
    "I don't believe {G} are {DEH}.",
    "It's wrong to say {G} are {NEG}.",
    "{G} aren't {DEH}, they're our neighbours.",
    "There's no reason to hate {G} in this ward.",
    "I'm not saying {G} are {NEG}, I'm saying the council has let them down.",
    "Nobody deserves to be called {NEG} for being {A}.",
]
QUOTE_HATE: list[str] = [
    "{G} are {DEH}",
    "{G} are {NEG}",
    "get the {G} off the council",
    "string up the {G}",
    "gas the {G}",
    "go back to where you came from",
    "no {G} on our council",
]
COUNTER_QUOTE_FRAMES: list[str] = [
    'Our councillor was sent "{Q}" this morning. Reported to the police.',
    'Got "{Q}" in my replies again. Reported and blocked.',
    "\"{Q}\" under our candidate's post. This is why people won't stand.",
    'Someone emailed the office "{Q}". We have passed it to the police.',
    'Anyone replying "{Q}" to our members will be blocked.',
    'Someone sprayed "{Q}" on the door of our office. Reported it.',
    'Replies like "{Q}" have no place on this platform.',
    '"{Q}" is not an opinion, it is racism, and it is going to the police.',
    'Another week, another "{Q}" in the inbox. Reported.',
    'The candidate got "{Q}" and the platform did nothing. Shameful.',
    'Posting "{Q}" under a councillor\'s photo gets you reported.',
    'If you reply "{Q}" to a councillor, expect a visit from the police.',
    '"{Q}"?? Screenshotted and reported.',
    'Please report accounts posting "{Q}" at our councillors.',
]
COUNTER_REF_FRAMES: list[str] = [
    "Stop telling our councillors that {G} are {NEG}.",
    "Stop claiming {G} are {DEH}.",
    "You said {G} are {DEH} at the hustings. Reported.",
    "Anyone who says {G} are {NEG} will be blocked from this page.",
    "No councillor should call {G} {DEH}.",
    "It's wrong to claim {G} are {NEG}.",
    "Calling {G} {DEH} is racist and will be reported.",
    "Why do people keep saying {G} are {NEG}? It's not true.",
    "Claiming {G} are {NEG} is just bigotry.",
    "People who say {G} are {DEH} should be ashamed.",
    "It's never okay to say {G} should be {P}.",
    "Anyone who thinks {G} are {DEH} should come to a residents' meeting.",
    "The idea that {G} are {NEG} is a racist myth.",
    "Don't call {G} {DEH} on this page, it's vile.",
    "Telling {G} to go back where they came from is racist.",
    "We condemn the leaflets calling {G} {DEH}.",
]
INDIVIDUAL_FRAMES: list[str] = [
    "You are a {IA} {IN}.",
    "Resign, you {IA} {IN}.",
    "Shut up you {IN}.",
    "{P3} is a {IA} {IN}.",
    "Nobody in this ward can stand you, you {IA} {IN}.",
    "You're so {IA}.",
    "Go away you {IA} {IN}.",
    "What a {IA} {IN} you are.",
    "Nobody likes you, you {IN}.",
    "{PP} are a {IN}.",
    "Fuck you, you {IA} {IN}.",
    "Your housing bill is rubbish and you're a {IA} {IN}.",
    "You {IA} piece of shit.",
    "You are a disgusting piece of shit.",
    "You are worthless trash.",
    "Get lost you {IA} {IN}, nobody voted for this.",
    "Look at this {IA} {IN} trying to talk about the economy.",
    "{P3} is the most {IA} {IN} in parliament.",
    "You're nothing but a {IA} {IN}.",
    "You're a waste of space.",
    "Honestly you are the biggest {IN} on the council.",
    "Step down you {IA} {IN}.",
    "You are an embarrassment and a {IA} {IN}.",
    "Listen here you {IN}, nobody cares what you think.",
    "Only a {IA} {IN} like you could write this bill.",
    "Hey {IN}, answer the question.",
    "Your face on that leaflet turns my stomach, you {IN}.",
    "Stfu you {IN}.",
    "Crawl back under your rock you {IN}.",
    "Ugly {IN}.",
]
NONPROTECTED_FRAMES: list[str] = [
    "{NP} on the planning committee are {DEH}.",
    "Every one of those {NP} at the town hall is a leech.",
    "All {NP} in this borough are scum.",
    "{NP} are the lowest form of life in Westminster.",
    "{NP} who backed the cuts are vermin.",
]
THREAT_PERSON_FRAMES: list[str] = [
    "I'm going to {V} you.",
    "I will find you and {V} you.",
    "Someone should {V} {O}.",
    "You deserve to be {P}.",
    "You should be {P}.",
    "I hope you get {P}.",
    "Watch your back.",
    "You'll get what's coming to you.",
    "I know where you live.",
    "Your days are numbered.",
    "MPs like you should be {P}.",
    "Traitors like you will be hanged.",
    "Kill yourself.",
    "Hope someone stabs you on your way home.",
    "I'll {V} you if I see you at the count.",
    "{P3} needs to be {P}.",
    "I swear I will {V} {O}.",
    "We're coming for you and your family.",
    "You're dead, you hear me?",
    "Next time I see you I'll {V} you.",
    "I'd happily {V} {O}.",
    "Somebody put a bullet in {O} please.",
    "You won't see it coming.",
    "People like you get {P}.",
    "Enjoy your surgery on Friday, it'll be your last.",
    "I'm gonna {V} you 🔪",
]
SEXUAL_FRAMES: list[str] = [
    "Send me nudes.",
    "Show us your tits.",
    "I'd bend you over that desk.",
    "I want to fuck you so bad.",
    "Nice rack for a politician.",
    "You'd look better naked.",
    "Sit on my face.",
    "Get your tits out for the lads.",
    "I bet you're a freak in bed.",
    "How much for a night?",
    "I'd love to fuck her senseless.",
    "Suck my dick.",
    "Your body is wasted on politics.",
    "I'd smash.",
    "Wanna hook up after the debate?",
    "You need a good shag to sort you out.",
    "Those lips would look good on my cock.",
    "Let me grope you at the next hustings.",
    "I'm so horny thinking about you.",
    "Sexy mp, would give her one.",
    "Show me what's under that skirt.",
    "You'd look great on your knees.",
]
DOXX_FRAMES: list[str] = [
    "{N} lives at {ST}, {TW}.",
    "Her home address is {ST}, {TW}. Pay her a visit.",
    "Here's his number: {PH}. Let him know what you think.",
    "Found her address: {ST}, {TW}. You know what to do.",
    "Her kids go to {SC}. We'll be waiting.",
    "{N}'s personal mobile number is {PH}, ring her day and night.",
    "This is where she lives: {ST}. Go round and tell her.",
    "His home is {ST}, {TW}, and he drives a red golf.",
    "Her daughter goes to {SC}, just so everyone knows.",
    "Got her home address, {ST}, sharing with the group.",
    "I know where you live, {ST}.",
    "We know where your kids go to school.",
]
POLITICAL_FRAMES: list[str] = [
    "Your {POL} is {CR}, resign.",
    "This {POL} is {CR}.",
    "The minister's {POL} is {CR}.",
    "Your {POL} is {CR} and you know it.",
    "You voted against free school meals. Shame on you.",
    "You should resign over this scandal.",
    "We'll crush them at the ballot box.",
    "Kill the bill!",
    "We need to target seats in the north.",
    "Let's destroy their majority at the next election.",
    "Time to axe this tax.",
    "Scrap the {POL} now.",
    "Vote them out in May.",
    "They'll be wiped out at the election.",
    "Shoot down this proposal.",
    "Fight this policy with everything we've got.",
    "Attack their record on the NHS.",
    "Your party is finished.",
    "You lied to voters about the {POL}.",
    "This government is a shambles.",
    "You should be ashamed of this {POL}.",
    "The {POL} will hit the poorest hardest. Disgraceful.",
    "Resign. You have failed this town.",
    "Your {POL} is a disgrace, step down now.",
    "We're going to smash it on Thursday!",
    "Knock them out of the race.",
    "We'll bury this bill in committee.",
    "Target seats: Leeds North West, Bristol East, Hull West.",
    "Their campaign is dead in the water.",
    "Let's kill this amendment before it passes.",
    "Time to take down the Tories at the ballot box.",
    "We will beat them at the polls.",
    "Your answers in the debate were weak and evasive.",
    "Answer the question, minister. Why did you cut the bus routes?",
    "The {POL} is an attack on working families.",
    "This council has betrayed everyone who voted for it.",
    "Absolutely shameful {POL}. Hang your head in shame.",
    "Not a single word about the {POL} in your speech. Pathetic.",
    "You've been a useless MP for this constituency.",
    "This {POL} is garbage and the public know it.",
    "Your {POL} stinks and so does this government's record.",
    "Stop hiding from the press and answer for your {POL}.",
    "The tories will be destroyed at the next election.",
    "Ditch the {POL} or lose the seat.",
    "Slash the waste, not the services.",
    "Our constituency office is at {ST}, open Monday to Friday.",
    "Call the campaign office on {PH} to volunteer.",
    "The hustings is at the town hall, {ST}, {TW}.",
    "Come to my surgery at the library, {ST}, on Saturday.",
    "Sexual harassment in parliament must be investigated.",
    "The sex education guidance needs updating.",
    "{P3} should resign.",
    "You should step down.",
    "Resign now.",
    "You must resign immediately over the {POL}.",
    "Time to resign, minister.",
    "Do the decent thing and resign.",
    "Why haven't you resigned yet?",
    "You should be sacked over this {POL}.",
    "Resign! Your {POL} has failed.",
    "The leader should resign after this result.",
    "If you had any integrity you would resign.",
    "Step down and let someone competent do the job.",
    "We're coming for your seat.",
    "Coming for your majority in May.",
    "We are coming for you at the ballot box.",
    "Your days in office are numbered.",
    "This policy will kill people, scrap it.",
    "Your cuts are killing our libraries.",
]
PROFANITY_FRAMES: list[str] = [
    "Fuck yeah, this is great!",
    "This is fucking brilliant.",
    "Holy shit, what a result!",
    "I really fucking love this.",
    "Damn, that was close.",
    "Shit, I missed the bus again.",
    "What the fuck just happened in the debate?",
    "That was a fucking amazing speech.",
    "Bloody hell, what a night.",
    "Fucking finally, the bill passed!",
    "Shit happens, we go again.",
    "Hell yeah, we won the seat!",
    "Fuck me, that turnout is incredible.",
    "This rain is shit.",
    "Oh crap, I forgot my leaflets.",
    "Fucking proud of this team.",
    "Damn right we will.",
    "My feet are fucking killing me after canvassing.",
    "Bollocks, the printer's broken again.",
    "Fuck, I love this town.",
]
OBJECT_FRAMES: list[str] = [
    "The printer in the campaign office is a disgrace.",
    "{OB} is disgusting.",
    "Honestly {OB} is vile.",
    "{OB} is the worst thing about this job.",
    "{OB} should be scrapped.",
    "{OB} makes me sick, every single week.",
    "I'd kill for a dry day instead of {OB}.",
    "{OB} is absolute garbage.",
]
HOMONYM_RECLAIMED: list[str] = [
    "Queer history walk around the ward on Saturday, all welcome.",
    "Faggots and peas on the menu at the pensioners' lunch club.",
    "The council is repairing the dyke on the river after the flood.",
    "Proud to march with the queer bloc at Pride in our town.",
    "I'm a queer woman and I'm standing for council.",
    "As a queer councillor I'll keep speaking up.",
    "Dyke march leaves the town hall at noon.",
    "Queers for the library campaign, see you at the rally.",
    "Queer studies talk at the university on Thursday.",
    "The farm's bitch had a litter, pups need homes.",
    "The cow on the allotment field got out again.",
    "Canvassing in this rain is a bitch, but we go again.",
    "Me and my niggas out leafleting tonight.",
    "Spastic colon flared up after the count, not fun.",
    "Old queer mates from uni came to help with the leaflets.",
    "I call myself a dyke, it's my word to reclaim.",
]
HARMLESS_PERSONAL: list[str] = [
    "You did a great job tonight.",
    "Thank you for standing up for our town.",
    "Can you tell me when the next surgery is?",
    "I disagree with you on this, but thanks for listening.",
    "You're wrong about the bus routes, here's why.",
    "She made a strong case for the bill.",
    "He's an experienced councillor.",
    "You should come to our street and see the potholes.",
    "I'm going to vote for you again.",
    "We're going to win this.",
    "Keep fighting for us!",
    "I'll see you at the count.",
    "You killed it at the debate!",
    "That speech absolutely slayed.",
    "Knock 'em dead tomorrow.",
    "You're an absolute legend.",
    "I'd kill for a coffee right now.",
    "I'll murder a pint after this.",
    "Break a leg tonight!",
    "That joke killed me 😂",
    "Shoot me an email when you get a chance.",
    "Let's hit the doors in Headingley tomorrow.",
    "We'll smash our target for leaflets this weekend.",
]


def _obfuscate(text: str, rng: random.Random) -> str:
    """Hide a word as abusers do: leet, stars, spacing, swapped, missing or repeated letters."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w.strip(".,!?")) >= 4]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    core = w.strip(".,!?\"'")
    trick = rng.randrange(7)
    if trick == 0:
        new = core.translate(str.maketrans("aeios", "43105"))
    elif trick == 1:
        vowels = [j for j, ch in enumerate(core) if ch in "aeiou"]
        j = rng.choice(vowels) if vowels else len(core) // 2
        new = core[:j] + "*" + core[j + 1 :]
    elif trick == 2:
        new = " ".join(core)
    elif trick == 3 and len(core) > 3:
        j = rng.randrange(1, len(core) - 2)
        new = core[:j] + core[j + 1] + core[j] + core[j + 2 :]
    elif trick == 4:
        j = rng.randrange(1, len(core) - 1)
        new = core[:j] + core[j + 1 :]
    elif trick == 5:
        j = rng.randrange(len(core))
        new = core[:j] + core[j] * rng.randint(3, 6) + core[j + 1 :]
    else:
        return text.replace(" ", "", 2)
    words[i] = w.replace(core, new)
    return " ".join(words)


def _labels(**on: int | None) -> Labels:
    base: Labels = {
        "abuse": 0,
        "insult": 0,
        "threat": 0,
        "identity_attack": 0,
        "sexual_harassment": 0,
        "doxxing": 0,
        "profanity": None,
    }
    base.update(on)
    return base


def _group(rng: random.Random) -> tuple[dict[str, str], str]:
    plural, singular, adjective, target = rng.choice(GROUPS)
    fill = {
        "G": plural,
        "g": singular,
        "A": adjective,
        "A_bare": adjective if adjective not in ("female",) else "woman",
        "g_bare": singular.split(" ", 1)[1],
    }
    if rng.random() < 0.08:
        emoji, target = rng.choice(EMOJI_GROUPS)
        fill = {"G": emoji, "g": emoji, "A": emoji, "A_bare": emoji, "g_bare": emoji}
    return fill, target


def _fill(frame: str, rng: random.Random, extra: dict[str, str]) -> str:
    values = {
        "NEG": rng.choice(NEG_ADJ),
        "DEH": rng.choice(DEHUM),
        "POS": rng.choice(POS_ADJ),
        "P": rng.choice(PARTS),
        "V": rng.choice(V_THREAT),
        "IA": rng.choice(INS_ADJ),
        "IN": rng.choice(INS_NOUN),
        "P3": rng.choice(PEOPLE_3RD),
        "PP": rng.choice(PEOPLE_2ND),
        "O": rng.choice(["her", "him", "this mp", "that traitor", "the councillor", "you"]),
        "NP": rng.choice(NONPROTECTED),
        "OB": rng.choice(OBJECTS),
        "POL": rng.choice(POLICIES),
        "CR": rng.choice(CRITIQUE),
        "N": rng.choice(NAMES),
        "ST": rng.choice(STREETS),
        "TW": rng.choice(TOWNS),
        "PH": rng.choice(PHONES),
        "SC": rng.choice(SCHOOLS),
        **extra,
    }
    out = frame
    for key in sorted(values, key=len, reverse=True):
        out = out.replace("{" + key + "}", values[key])
    return out[0].upper() + out[1:] if rng.random() < 0.5 else out.lower()


def generate(seed: int = 1234, per_template: int = 24) -> list[Example]:  # noqa: PLR0915
    """All synthetic examples, reproducibly. Split by template id: every fifth is held out."""
    rng = random.Random(seed)  # noqa: S311 - reproducible sampling, not security
    out: list[Example] = []
    template_id = 0

    def emit(
        kind: str,
        frames: list[str],
        make: Callable[[str, random.Random], Iterator[tuple[str, Labels, str | None]]],
        *,
        count: int = per_template,
        obfuscate: float = 0.0,
        weight: float = 1.0,
    ) -> None:
        nonlocal template_id
        for frame in frames:
            split = "val" if template_id % 5 == 0 else "train"
            template_id += 1
            seen: set[str] = set()
            for _ in range(count):
                for made, labels, target in make(frame, rng):
                    text = made
                    if obfuscate and rng.random() < obfuscate:
                        text = _obfuscate(made, rng)
                    if text in seen:
                        continue
                    seen.add(text)
                    out.append(Example(text, labels, target, "ours", split, kind, weight))

    def group_hate(frame: str, r: random.Random) -> Iterator[tuple[str, Labels, str | None]]:
        fill, target = _group(r)
        threat = 1 if frame in THREAT_GROUP_FRAMES else 0
        yield (
            _fill(frame, r, fill),
            _labels(abuse=1, identity_attack=1, threat=threat, insult=None),
            target,
        )

    def slur(frame: str, r: random.Random) -> Iterator[tuple[str, Labels, str | None]]:
        target = r.choice(sorted(STRONG_SLURS_BY_TARGET))
        word = r.choice(STRONG_SLURS_BY_TARGET[target])
        yield _fill(frame, r, {"S": word}), _labels(abuse=1, identity_attack=1, insult=1), target

    def group_neutral(frame: str, r: random.Random) -> Iterator[tuple[str, Labels, str | None]]:
        fill, _ = _group(r)
        yield _fill(frame, r, fill), _labels(), None

    def counter_quote(frame: str, r: random.Random) -> Iterator[tuple[str, Labels, str | None]]:
        fill, _ = _group(r)
        quote = _fill(r.choice(QUOTE_HATE), r, fill).rstrip(".")
        yield _fill(frame, r, {**fill, "Q": quote}), _labels(), None

    def plain(
        labels: Labels, target: str | None = None
    ) -> Callable[[str, random.Random], Iterator[tuple[str, Labels, str | None]]]:
        def make(frame: str, r: random.Random) -> Iterator[tuple[str, Labels, str | None]]:
            yield _fill(frame, r, {}), labels, target

        return make

    emit("hate", HATE_FRAMES, group_hate, obfuscate=0.25)
    emit("hate_threat", THREAT_GROUP_FRAMES, group_hate, obfuscate=0.2)
    emit("slur", SLUR_FRAMES, slur, obfuscate=0.3)
    emit("positive_identity", POSITIVE_FRAMES, group_neutral, count=per_template + 16)
    emit("negated", NEGATED_FRAMES, group_neutral)
    emit("counter_quote", COUNTER_QUOTE_FRAMES, counter_quote)
    emit("counter_reference", COUNTER_REF_FRAMES, group_neutral)
    emit("insult_person", INDIVIDUAL_FRAMES, plain(_labels(abuse=1, insult=1)), obfuscate=0.2)
    emit("insult_group", NONPROTECTED_FRAMES, plain(_labels(abuse=1, insult=1)), count=12)
    emit("threat_person", THREAT_PERSON_FRAMES, plain(_labels(abuse=1, threat=1)), obfuscate=0.15)
    emit(
        "sexual",
        SEXUAL_FRAMES,
        plain(_labels(abuse=1, sexual_harassment=1)),
        count=4,
        obfuscate=0.2,
        weight=2.0,
    )
    emit("doxxing", DOXX_FRAMES, plain(_labels(abuse=1, doxxing=1)), count=8, weight=2.0)
    emit("political", POLITICAL_FRAMES, plain(_labels()), count=8, weight=4.0)
    emit("profanity", PROFANITY_FRAMES, plain(_labels(profanity=1)), count=2, weight=3.0)
    emit("object", OBJECT_FRAMES, plain(_labels()), count=8, weight=2.0)
    emit("homonym_reclaimed", HOMONYM_RECLAIMED, plain(_labels()), count=2, weight=3.0)
    emit("harmless", HARMLESS_PERSONAL, plain(_labels()), count=2, weight=3.0)
    # Contrast data in the party's domain (issue 17), held out by template like the rest.
    for written in contrast.generate(seed, first_template=template_id):
        split = "val" if written.template % 5 == 0 else "train"
        out.append(
            Example(written.text, written.labels, written.target, "ours", split, written.kind, 2.0)
        )
    # Threats in the person frames that are also doxxing.
    fixed: list[Example] = []
    swear = re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in lexicon.PROFANITY)})\b")
    for ex in out:
        labels = dict(ex.labels)
        low = ex.text.lower()
        labels["profanity"] = 1 if swear.search(low) else 0
        if "know where you live" in low or "kids go to school" in low:
            labels["doxxing"] = 1
            labels["threat"] = 1
        if ex.kind == "doxxing" and ("waiting" in low or "know what to do" in low):
            labels["threat"] = 1
        fixed.append(Example(ex.text, labels, ex.target, ex.source, ex.split, ex.kind, ex.weight))
    return fixed
