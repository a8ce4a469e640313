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

from upstander.classify import lexicon

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
    "artists",
    "cyclists",
    "capitalists",
    "estate agents",
    "referees",
    "football fans",
    "vegans",
    "lobbyists",
    "billionaires",
    "councillors",
]
OBJECTS: list[str] = [
    "cauliflower",
    "mondays",
    "this weather",
    "the traffic",
    "rain",
    "queues",
    "potholes",
    "the new logo",
    "reality tv",
    "pineapple on pizza",
    "this song",
    "the trains",
    "my phone",
    "spiders",
    "wasps",
    "this printer",
    "the wifi",
    "that film",
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
    "I hate {G}.",
    "I despise {G}.",
    "I can't stand {G}, they make me sick.",
    "{G} are {NEG}.",
    "All {G} are {NEG}.",
    "{G} are so {NEG}.",
    "{G} are nothing but {DEH}.",
    "{G} are {DEH}.",
    "Honestly, {G} are {DEH}.",
    "Typical {g}, {NEG} as always.",
    "{G} disgust me.",
    "{G} are the worst thing to happen to this country.",
    "Why are {G} so {NEG}?",
    "Why are all {G} {NEG}?",
    "I think {G} are {NEG}.",
    "In my opinion {G} are {DEH}.",
    "I have met many {G} and I hate every single one of them.",
    "{G} think they're special. I hate them.",
    "You {G} are all {NEG}.",
    "Fucking {G}, they ruin everything.",
    "{G} ruin everything they touch.",
    "{G} don't deserve any rights.",
    "{G} should not be allowed to vote.",
    "{G} should never be allowed near children.",
    "{A} lives do not matter.",
    "I don't respect {G} at all.",
    "{G} are not human.",
    "{G} are not welcome here.",
    "Never trust {g}.",
    "{G} belong in a zoo.",
    "{G} should go back to where they came from.",
    "There is nothing worse than {g}.",
    "{G} are a plague on society.",
    "{G} are ruining this country.",
    "Get these {G} out of our country.",
    "Our country would be better off without {G}.",
    "It's a fact that {G} are {NEG}.",
    "{G} are {NEG} and everyone knows it.",
    "I'd never hire {g}, they're all {NEG}.",
    "No {A} person should be allowed to work with kids.",
    "Being {A} is a disease that should be cured.",
    "{G} are a drain on society and should be thrown out.",
    "{G} like you are the reason this country is going down the drain.",
    "Go back to your own country, {g_bare}.",
    "{G} are {DEH}, plain and simple.",
    "Nobody wants {G} here.",
    "Just another {NEG} {A_bare}.",
    "{G} make me 🤮",
    "{G} are 🐀",
    "Every {A_bare} I meet is {NEG}.",
    "I wish {G} would just disappear.",
    "{G} are less than human.",
    "{G} are inferior to the rest of us.",
    "{G} only care about themselves, {NEG} lot.",
    "Imagine being {g}, how {NEG}.",
    "Those {G} are breeding like rats.",
    "{G} are taking over and we have to stop them.",
    "{G} are mentally ill and need fixing.",
    "{G} can't be trusted with anything.",
    "{G} are all the same: {NEG}.",
    "I will never respect {G}.",
    "{G} will never be equal to us.",
    "I refuse to accept {G} as equals.",
    "{G} can never be trusted.",
    "There are too many {G} in this country.",
    "Nothing irritates me more than {G}.",
    "Seeing {G} makes me want to vomit.",
    "I'm sick to death of {G}.",
    "Every {A_bare} I've ever met was {NEG}.",
    "I've met lots of {G}, all of them {DEH}.",
    "{G}? {DEH}, the lot of them.",
    "Throw {G} in the bin where they belong.",
    "{G} are {NEG}. I can't stand them.",
    "{G} have ruined my street, they're {DEH}.",
]
THREAT_GROUP_FRAMES: list[str] = [
    "I'm going to {V} the next {A_bare} I see.",
    "I will {V} every {A_bare} I meet.",
    "{G} should all be {P}.",
    "{G} deserve to die.",
    "Kill all {G}.",
    "Death to {G}.",
    "I want to {V} all {G}.",
    "We need to get rid of {G} once and for all.",
    "{G} should be {P}.",
    "Someone should {V} those {G}.",
    "If I see {g} near my house I'll {V} them.",
    "I'd love to 🔪 some {G}.",
    "{G} will be {P}, mark my words.",
    "All {G} need to be {P}.",
    "Round up the {G} and shoot them.",
    "Let's burn down their mosque and kill the {G}.",
    "I hope every {A_bare} gets {P}.",
    "Time to start hunting {G}.",
]
SLUR_FRAMES: list[str] = [
    "You are just a {S} to me.",
    "Shut up you {S}.",
    "Get out of here you filthy {S}.",
    "I hate {S}s.",
    "Typical {S}, always whining.",
    "{S}s like you should be banned.",
    "Look at that {S} over there.",
    "No {S}s allowed in my pub.",
    "Another {S} in parliament, great.",
    "Go home {S}.",
    "What a {S}.",
    "The {S} won the seat, disgusting.",
]
POSITIVE_FRAMES: list[str] = [
    "I love {G}.",
    "{G} are {POS}.",
    "We are a group of {G}.",
    "I am {g}.",
    "I'm a proud {A} woman.",
    "I'm a proud {A} man.",
    "As {g}, I think the council should fix the roads.",
    "My best friend is {g}.",
    "{G} are my neighbours.",
    "{G} deserve equal rights.",
    "I live with two {G}.",
    "How many {G} live in this town?",
    "Many {G} work in the NHS.",
    "{G} face discrimination every day.",
    "We must protect {G} from abuse.",
    "The meeting for {A} members is on Tuesday.",
    "{G} have the right to feel safe.",
    "Our candidate is {g}.",
    "Hate crimes against {G} are rising.",
    "I stand with {G}.",
    "This is a safe space for {G}.",
    "Research shows {G} are underrepresented in parliament.",
    "My sister is {g} and I'm proud of her.",
    "{G} are part of our community.",
    "Thank you to all the {G} who came to the rally.",
    "I'm {g} and I vote in every election.",
    "Being {A} is nothing to be ashamed of.",
    "{G} should be treated with respect.",
    "{G} are welcome here.",
    "We need more {A} representation in politics.",
    "{G} are just as capable as anyone else.",
    "There are lots of {G} in my street.",
    "The report looks at how {G} use public services.",
    "Support for {G} must be improved.",
    "I was raised by {A} parents.",
    "My mp is {g} and does a great job.",
    "{G} contribute so much to this country.",
    "I learned a lot from talking to {G} today.",
    "{G} are people, just like you and me.",
    "I'm a {A} councillor and proud to serve.",
    "{G} are the backbone of our NHS.",
    "The new centre will support {G} in the area.",
    "Are there any {A} groups in Leeds?",
    "I've never met {g} I didn't like.",
    "{G} 💕",
    "So proud of the {A} community ❤️",
    "{G} are people.",
    "{G} are human beings.",
    "{G} are humans too.",
    "Trans women are women.",
    "Trans men are men.",
    "{G} are citizens of this country.",
    "{G} are {POS}, and that's a fact.",
    "Why are {G} so underrepresented in parliament?",
    "Why are {G} treated so badly?",
    "I think {G} are {POS}.",
    "In my opinion {G} are {POS}.",
    "I have met many {G} and I like every single one of them.",
    "{G} should be allowed to vote.",
    "{A} lives matter.",
    "I respect {G}.",
    "{G} belong here.",
    "{G} should be protected by the law.",
    "All {G} deserve dignity.",
    "You {G} are all welcome at our meeting.",
    "{G} are our colleagues, friends and family.",
    "Typical {g}, always helping out at the food bank.",
    "My neighbours are {G}.",
    "{G} make up a big part of this constituency.",
    "Do {G} get enough support from the council?",
    "What do {G} think about the new bus routes?",
    "A lot of {G} voted in the last election.",
    "{G} are not a threat to anyone.",
    "Most {G} I know work incredibly hard.",
    "{G} have been here for generations.",
    "The {A} community centre opens on Monday.",
    "I am {A} and I love my town.",
    "We welcome {G} in our party.",
    "{G} are just like everyone else.",
    "There's nothing wrong with being {A}.",
    "{G} are strong and resilient.",
    "Happy to see so many {G} at the rally today.",
    "{G} are allowed to exist.",
    "It's great that more {G} are standing for election.",
    "There are many {G} in my neighbourhood.",
    "Lots of {G} live on my street.",
    "A lot of {G} came to the surgery today.",
    "Loads of {G} signed our petition.",
    "So many {G} volunteered this weekend, thank you!",
    "Many {G} have told me about the bus cuts.",
    "I spoke to several {G} on the doorstep today.",
    "Some {G} asked about the new clinic.",
    "Are you {g}?",
    "Is the candidate {g}?",
    "I'm having dinner with some {G} tonight.",
    "My cousin married {g}.",
    "{G} in Leeds are organising a meeting.",
    "Two {G} were elected to the council.",
]
NEGATED_FRAMES: list[str] = [
    "I don't hate {G}.",
    "I would never hurt {g}.",
    "{G} are not {NEG}.",
    "{G} are not {DEH}.",
    "No {A_bare} deserves to be abused.",
    "Nobody should treat {G} like that.",
    "It's not true that {G} are {NEG}.",
    "I don't think {G} are {NEG} at all.",
    "{G} are never {NEG}, that's a myth.",
    "I have never hated {G} and never will.",
    "We will not tolerate abuse of {G}.",
    "No one should ever call {G} {DEH}.",
    "I don't believe {G} are {DEH}.",
    "It is wrong to say {G} are {NEG}.",
    "{G} aren't {DEH}, they're people.",
    "There's no reason to hate {G}.",
    "I'm not saying {G} are {NEG}, I'm saying they're under pressure.",
    "Nobody deserves to be called {NEG} because they are {A}.",
]
QUOTE_HATE: list[str] = [
    "{G} are {DEH}",
    "{G} are {NEG}",
    "I hate {G}",
    "{G} should all be {P}",
    "kill all {G}",
    "go back to where you came from",
    "{G} are a disease",
]
COUNTER_QUOTE_FRAMES: list[str] = [
    'Statements like "{Q}" are deeply hurtful.',
    'Saying "{Q}" is hate speech, plain and simple.',
    '"{Q}" - I can\'t believe people still say this.',
    'I received a message today saying "{Q}". This is unacceptable.',
    'If you think "{Q}", you need to educate yourself.',
    'Someone wrote "{Q}" on the wall of our office. We have reported it to the police.',
    'Posts like "{Q}" have no place on this platform.',
    '"{Q}" is not an opinion, it is bigotry.',
    'I\'m sick of seeing people tweet "{Q}".',
    'The candidate was sent "{Q}" and nobody did anything. Shameful.',
    'When you say "{Q}" you show how ignorant you are.',
    'You can\'t just say "{Q}" and expect no consequences.',
    '"{Q}"?? Absolutely disgusting thing to say.',
    'Please report accounts that post "{Q}".',
]
COUNTER_REF_FRAMES: list[str] = [
    "You have to stop calling {G} {NEG}.",
    "Stop saying {G} are {DEH}.",
    "I lost all respect for you when you said {G} are {DEH}.",
    "Saying that {G} are {NEG} shows how misguided you are.",
    "No one should call {G} {DEH}.",
    "It's wrong to say {G} are {NEG}.",
    "Calling {G} {DEH} is hateful.",
    "Why do people keep saying {G} are {NEG}? It's not true.",
    "Claiming {G} are {NEG} is just bigotry.",
    "People who say {G} are {DEH} are wrong.",
    "It is never okay to say {G} should be {P}.",
    "Anyone who thinks {G} are {DEH} needs to meet some.",
    "The idea that {G} are {NEG} is a racist myth.",
    "Don't call {G} {DEH}, it's vile.",
    "Telling {G} to go back where they came from is racist.",
    "We condemn the abuse calling {G} {DEH}.",
]
INDIVIDUAL_FRAMES: list[str] = [
    "You are a {IA} {IN}.",
    "Resign, you {IA} {IN}.",
    "Shut up you {IN}.",
    "{P3} is a {IA} {IN}.",
    "You make me sick, you {IA} {IN}.",
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
    "Honestly you are the biggest {IN} I've ever seen.",
    "Step down you {IA} {IN}.",
    "You are an embarrassment and a {IA} {IN}.",
    "Listen here you {IN}, nobody cares what you think.",
    "Only a {IA} {IN} like you could write this bill.",
    "Hey {IN}, answer the question.",
    "You disgust me.",
    "Stfu you {IN}.",
    "Crawl back under your rock you {IN}.",
    "Ugly {IN}.",
]
NONPROTECTED_FRAMES: list[str] = [
    "{NP} are {DEH}.",
    "{NP} are parasites on our society.",
    "All {NP} are scum.",
    "{NP} are the lowest form of life.",
    "{NP} are vermin.",
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
    "I really can't stand {OB}.",
    "{OB} is disgusting.",
    "I hate {OB}.",
    "{OB} is the worst.",
    "{OB} should be banned.",
    "Honestly {OB} makes me sick.",
    "I'd happily kill for a sunny day instead of {OB}.",
    "{OB} is absolute garbage.",
]
HOMONYM_RECLAIMED: list[str] = [
    "I had this queer feeling that something was wrong.",
    "We had faggots and peas for tea, lovely.",
    "The dyke held the water back during the flood.",
    "We're here, we're queer, get used to it!",
    "I'm a proud queer woman and I'm standing for council.",
    "Queer people like me deserve respect.",
    "Proud dyke and proud of it.",
    "Us queers have to stick together.",
    "Queer theory seminar on Thursday.",
    "Our dog just had a litter, the bitch is doing well.",
    "The cow in the field next to the office keeps mooing.",
    "Life's a bitch, but we keep going.",
    "Me and my niggas celebrating tonight.",
    "That was a spastic colon flare-up, not fun.",
    "My old queer friends from uni came to the rally.",
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
