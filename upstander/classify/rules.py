"""The precise rule layer: patterns where rules beat statistics.

Rules run on normalised text (see `normalize.py`) in which protected-group names have been
replaced by the token `grpx` and non-protected groups by `ngrpx` (see `features.mark_groups`).
Each rule that fires raises a label's floor (a minimum probability) and says so in the
explanation. Context rules (negation, counter-speech, quoting to condemn, reclaimed slurs,
campaign language) switch the other rules off and cap the statistical model.

Patterns built with `prefilter.gated` run only on posts holding a word every match needs (read
from the pattern itself): most posts lack it, and Python's `re` would otherwise try the pattern
at every position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from upstander.classify import lexicon
from upstander.classify.lexicon import alternation
from upstander.classify.prefilter import gated

GOODWILL_DAMPEN: Final = 0.45
"""Sympathy, an election named, support called for: the model's scores are scaled down, but the
second stage still reads the post (above DECIDED_DAMPEN)."""
_GROUP: Final = r"(?:grpx|ngrpx)"
_SLUR_ALT: Final = alternation(lexicon.STRONG_SLURS)
_GENDERED_ALT: Final = alternation(lexicon.GENDERED_SLURS)
_PERSON: Final = (
    r"(?:you|u|ya|yourself|her|him|them|y'all|you all|all of you|@user|"
    r"your (?:family|kids|children|wife|husband|mum|mom|dad|daughter|son|staff|team)|"
    r"(?:this|that|the|these|those) (?:woman|man|guy|girl|lady|bitch|bastard|cunt|traitor|mp|"
    r"councillor|candidate|minister|people|lot)|every(?:one|body) (?:of|who|like)|"
    r"traitors?|tories|tory|ngrpx|"
    rf"(?:(?:man|woman|person|men|women|people|boy|girl|family|kid|kids)\s+)?{_GROUP}|"
    rf"{_SLUR_ALT}|{_GENDERED_ALT})"
)
_DET: Final = (
    r"(?:(?:any of the|some of the|one of the|each of the|all of the|every one of the|"
    r"every one of those|all of those|some of those|any of those|one of those|each of those|"
    r"every single one of those|every last one of those|"
    r"the|all|every|each|some|those|these|more|any|a few|that|this|a|an|one|the next|"
    r"all the|all of the|all of them|every last|every single|as many)\s+)?"
    r"(?:(?:fucking|filthy|dirty|damn|bloody|stupid|little|last)\s+)?"
)
_VERB: Final = alternation(lexicon.VIOLENT_VERBS)
_PART: Final = alternation(lexicon.VIOLENT_PARTICIPLES)
_INTENT: Final = (
    r"(?:\b(?:i|we|i'm|im|we're|i'll|we'll|ill)\s*(?:'ll|will|shall|'m|am|are|'re|would|'d|"
    r"can't wait to|cannot wait to|want to|wanna|gonna|going to|plan to|intend to|promise to|"
    r"swear to|vow to|about to|love to|like to|ready to|coming to|come to|come and|gonna come and|"
    r"will come and|'ll come and|personally|really|fucking|to|and|go|will go|'ll go|just)(?:\s+|\b)"
    r"(?:(?:going|gonna|to|and|come|go|love|like|personally|really|fucking|just|find|you|"
    r"track|hunt|down|happily|gladly|soon)\s+){0,5}"
    r"|\b(?:someone|somebody|anyone|people|we|you|y'all) (?:should|needs? to|ought to|must|"
    r"will|is going to|is gonna|are going to|gotta|has to|have to)\s+(?:\w+\s+){0,1}"
    r"|\bi hope (?:someone|somebody|they|people|a \w+) (?:\w+\s+){0,1}"
    r"|\b(?:let's|lets|time to|we need to|we should|we must|it's time to|go and|gonna go|"
    r"i'd|i would|i'm gonna|i wanna|we gotta)\s+(?:\w+\s+){0,1}"
    # A post that opens "gonna ..." speaks for its writer.
    r"|^\W*(?:gonna|gunna|going to|finna)\s+(?:\w+\s+){0,1})"
)
_POLITICAL_TAIL: Final = re.compile(
    r"^\W*(?:\w+\s+){0,3}?(?:at|in|on|by|with|come)\s+(?:the\s+)?(?:ballot box|ballot|polls|"
    r"election|next election|general election|vote|votes|debate|hustings|count|box|chamber|"
    r"house|polling day|election day|voting booth|by-election|referendum|may)\b"
    # "We'll kill them in the rematch", "... at five-a-side": a game, not a threat.
    r"|^\W*(?:\w+\s+){0,3}?(?:at|in|on)\s+(?:the\s+)?(?:rematch|replay|return leg|next match|"
    r"next game|five-a-side|5-a-side|pub quiz|quiz|darts|pool|bowls|pitch|cup final|final|derby|"
    r"league)\b"
    # "The <party> are gonna get wiped out in this seat": a constituency, not a place.
    r"|^\W*(?:\w+\s+){0,3}?(?:in|at)\s+(?:this|that|every|our|their|your)\s+(?:seat|constituency)\b"
    # "Your days are numbered, we'll vote you out", "... as our MP": an election, not a threat.
    r"|^\W*(?:[\w']+\s+){0,3}?vote (?:you|u|her|him|them) out\b"
    r"|^\W*as (?:our |my |an? |the )?(?:mp|councillor|leader|minister|mayor|chair|candidate)\b"
)
_BODY: Final = (
    # A person's body as the object: "I'm going to smash ur face in", "punch his teeth in".
    r"(?:your|ur|yer|her|his|their|@user's)\s+(?:(?:fucking|stupid|ugly|smug|little)\s+)?"
    r"(?:face|head|skull|teeth|jaw|nose|legs|knees|kneecaps|neck|throat|ribs|brains?)"
)
_THREAT_DIRECT: Final = re.compile(
    rf"{_INTENT}(?P<verb>{_VERB})(?:s|es|ed|ing)?\s+(?:up\s+)?{_DET}(?P<obj>{_PERSON}|{_BODY})\b"
)
_THREAT_BEATEN: Final = re.compile(
    # A beating promised to its end: "I'm going to beat every <x> in this town to a pulp".
    rf"{_INTENT}(?:knock|beat|kick|batter|punch|smash|thump|boot)\s+(?P<obj>(?:[\w@']+\s+){{1,6}}?)"
    r"(?:to a pulp|senseless|unconscious|black and blue|to death|out cold|into next week|"
    r"within an inch of)\b"
)
_THREAT_KNOCKOUT: Final = re.compile(
    # "I'm going to knock him out in front of everyone"; never "knock them out of the cup" or
    # "... in the semis".
    rf"{_INTENT}knock\s+(?P<obj>you|u|her|him|them|@user)\s+(?:spark\s+|clean\s+|straight\s+)?out\b"
    r"(?!\s+(?:of|in the|at the|before the|on the|with (?:my|our|this|these|that|the|her|his) "
    r"(?:new |latest )?(?:recipe|cooking|baking|cakes?|speech|performance|voice|moves|looks|"
    r"singing|dancing|outfit|music|playlist|gig|show|talk|curry|cocktails?))\b)"
)
_THREAT_CHAINED: Final = re.compile(
    # The victim sought first, then harmed: "I'm going to find one of those <group> from the
    # march and beat her senseless", "I will find you and beat you".
    rf"{_INTENT}(?:find|get|catch|grab|meet|wait for|follow|track down|hunt down|visit|corner)\b"
    rf"[^.!?]{{0,60}}?\band\s+(?P<verb>{_VERB})(?:s|es|ed|ing)?\s+(?:up\s+)?{_DET}"
    rf"(?P<obj>{_PERSON})\b"
)
_SENDING: Final = re.compile(
    r"\s+(?:a|an|the)\s+(?:quick\s+)?(?:message|email|e-mail|text|line|dm|note|"
    r"reminder|invite|link|copy)\b"
)
""""We'll shoot you a message": sending something, not shooting."""
_THREAT_IMPERATIVE: Final = re.compile(
    rf"(?:^|[.!?,;:]\s*|\b(?:just|go|please|pls)\s+)(?P<verb>kill|gas|hang|shoot|stab|lynch|"
    rf"exterminate|burn|murder|rape|behead|slaughter|nuke|bomb|wipe out|get rid of|deport)\s+"
    rf"(?:all|every|the|those|these|each|more)\s+(?:(?:fucking|filthy|dirty|damn|bloody)\s+)?"
    # "Kill the lights on your way out": a switch, not a person.
    r"(?!(?:lights|engines?|music|noise|mood|vibe|pain|time|bills?|debate|motion|ideas?|proposals?|"
    r"plans?|cuts|taxes|charges|fees|rumours?|myths?|weeds|bugs|germs)\b)"
    rf"(?P<obj>{_PERSON}|\w+s)\b"
)
_THREAT_PASSIVE: Final = gated(
    rf"(?P<obj>{_PERSON}|they|he|she|traitors?|people like (?:you|her|him|them))(?:\s+"
    r"(?:\w+\s+){0,2}?|')(?:should|must|need to|needs to|ought to|deserve to|deserves to|will|ll|"
    r"are going to|is going to|gonna|have to|has to|to|better|are all gonna|are to|shall)"
    rf"\s+(?:all\s+|really\s+|just\s+|fucking\s+)?(?:be|get|got)\s+(?:all\s+)?(?P<verb>{_PART})\b"
)
_ONLY_GOOD: Final = gated(
    rf"\bthe only good (?:{_PERSON}|\w+) (?:is|are) (?:a )?dead (?:one|ones|{_PERSON}|\w+)?"
)
_THREAT_HOPE: Final = gated(
    r"\b(?:hope|wish|want|pray|praying)\s+(?:that\s+)?(?:all|every|each|the|those|these|some|"
    rf"more)?\s*(?:\w+\s+)?(?P<obj>{_PERSON}|they|he|she)\s+(?:gets?|are|is|were|will be|be|"
    rf"got)\s+(?:all\s+)?(?P<verb>{_PART})\b"
)
_THREAT_DIE: Final = gated(
    rf"(?P<obj>{_PERSON}|they|he|she)(?:\s+(?:\w+\s+){{0,2}}?|')(?:should|must|deserve to|"
    r"deserves to|need to|needs to|ought to|better|are going to|will|ll|gonna|'ll)\s+"
    r"(?:all\s+|just\s+|fucking\s+|go\s+)?(?:die|drop dead|rot|burn|hang|swing|suffer|be dead)\b"
)
_THREAT_PHRASE: Final = re.compile(
    r"\b(?:kill yourself|kill urself|kys|go die|go and die|drink bleach|neck yourself|"
    r"hang yourself|watch your back|you(?:'re| are| r) (?:a )?dead (?:man|woman|meat)|"
    r"you(?:'re| are| r) dead|your days are numbered|you won't see (?:it|me|us) coming|"
    r"sleep with one eye open|we(?:'re| are) coming for you|i(?:'m| am) coming for you|"
    r"coming for your (?:family|kids|children)|(?:i|we)(?:'ll| will) find you|hunt you down|"
    r"put you in the ground|six feet under|6 feet under|in a body bag|a bullet (?:in|with) your|"
    r"bullet in your (?:head|brain)|you(?:'ll| will) get what(?:'s| is) coming|"
    r"(?:i|we) hope you (?:die|get (?:raped|killed|shot|stabbed|cancer|hit by a)|burn|rot|choke)|"
    rf"hope (?:she|he|they) (?:dies|die|gets (?:raped|killed|shot|stabbed))|"
    rf"death to (?:all\s+)?(?:the\s+)?(?:{_PERSON})|"
    r"(?:i|we) know where (?:you|she|he|they|your \w+) (?:live|lives|work|works|sleep|go)|"
    r"hope (?:your|her|his|their) (?:house|home|car|office|family|kids) (?:\w+ )?(?:burns|gets "
    r"burned|is burned|blows up|explodes|gets torched|burn)|with you (?:still )?in it|"
    r"enjoy your last (?:days|day|week|weeks|breath|christmas)|your last (?:days|breath) on earth|"
    r"open season on (?:all\s+)?(?:the\s+)?(?:you|her|him|them|@user|(?:\w+\s+)?grpx)|"
    rf"string (?:{_PERSON}) up|"
    r"line (?:you|them|'em|(?:all\s+)?(?:the\s+)?grpx) (?:all\s+)?up against (?:a|the) wall|"
    r"be (?:all\s+)?(?:lined|stood|put) up against (?:a|the) wall|"
    # British menace: "I'll put you through the window", "give you a bloody good hiding", "her
    # card's marked", "someone should rape some sense into her".
    r"(?:put|throw|chuck|lob|kick) (?:you|u|her|him|them|@user) (?:straight )?(?:through|out of) "
    r"(?:a|the|your|her|his) (?:window|wall|windscreen|door|floor)|"
    r"give (?:you|u|her|him|them|@user) (?:an? )?(?:(?:bloody|good|proper|right|fucking|sound)\s+)"
    r"{0,2}(?:hiding|kicking|beating|battering|pasting|thumping|hammering|slapping|leathering|"
    r"doing over)|"
    r"(?:your|her|his|their|@user's) card(?:'s| is| has been) marked|"
    r"rape (?:some |the )?(?:sense|manners|respect) into|"
    # Weapons brought to a person or a group's place: "taking my shotgun to the refugee centre",
    # "coming to your office with a hammer", "drive the <group> off that site with baseball bats".
    r"(?:shotgun|gun|rifle|machete|crossbow|petrol|acid)s?\b[^.!?]{0,30}?\b(?:to|at|into|through|"
    r"round to|down to)\s+(?:the\s+|that\s+|your\s+|their\s+|his\s+|her\s+)?(?:\w+\s+)?(?:grpx|"
    r"office|surgery|house|home|door|mosque|synagogue|church|gurdwara|temple|hostel|centre|camp|"
    r"you|them)\b|"
    r"(?:coming|going|heading|turning up|showing up|turn up|show up) (?:to|round to|down to|up at|"
    r"at|outside) (?:your|their|his|her|the grpx)"
    r"\s+(?:\w+\s+)?(?:office|surgery|house|home|door|mosque|synagogue|church|gurdwara|temple|"
    r"hostel|centre)?\s*with (?:a|an|my|our|some)\s+(?:\w+\s+)?(?:shotgun|gun|rifle|knife|"
    r"machete|hammer|crowbar|petrol|acid|bat|baseball bat|iron bar|brick)s?\b|"
    r"\bgrpx\b[^.!?]{0,50}?\bwith (?:baseball bats|bats|knives|machetes|hammers|crowbars|petrol|"
    r"iron bars|bricks)\b|"
    r"(?:drive|run|plough|plow|ram|steer)\s+(?:my|a|the|our|his|me)\s+(?:van|car|lorry|truck|"
    r"motor)\s+(?:straight\s+)?(?:into|through)\b[^.!?]{0,40}?\b(?:grpx|crowd|people|them|you|"
    r"march|marchers|protest|vigil|pride|congregation)\b|"
    # A group's place attacked: "firebomb the <group> shop", "doing over the <group> takeaway",
    # and "attack", "raid" or "storm" it with a time set ("... on Sunday while they're inside").
    r"(?:firebomb|petrol bomb|burn down|smash up|do over|doing over)\s+(?:the\s+|that\s+|their\s+|"
    r"every\s+)?(?:\w+\s+)?grpx\b|"
    r"(?:attack|raid|storm)\s+(?:the\s+|that\s+|their\s+|every\s+)?(?:\w+\s+)?grpx(?:\s+"
    r"(?:mosque|synagogue|church|gurdwara|temple|hostel|hotel|centre|camp|site|takeaway|shop|"
    r"families|family|people))?\b(?=[^.!?]{0,40}\b(?:tonight|tomorrow|on (?:\w+day|sunday)|"
    r"while|when|next|this (?:week|weekend)|at \d))|"
    r"throw(?:ing)? acid (?:in|at|on|over)\b|"
    r"(?:we'll|i'll|we will|i will|we're|i'm) (?:be )?(?:there|waiting|outside|round)"
    # "I'll be outside your office with a baseball bat".
    r"(?:\s+(?:your|ur|his|her|their)\s+(?:\w+\s+)?(?:door|house|home|office|surgery|flat|"
    r"place|work|school|gate))?\s+with "
    r"(?:petrol|a can of petrol|knives|a knife|bats|a bat|a baseball bat|a cricket bat|a crowbar|"
    r"a hammer|an iron bar|machetes?|guns?|a gun|acid|bricks|torches|matches|a lighter)\b|"
    r"give (?:the\s+|those\s+|these\s+|every\s+)?(?:\w+\s+)?grpx (?:an? )?(?:(?:bloody|good|proper|"
    r"right|fucking|sound)\s+){0,2}(?:hiding|kicking|beating|battering|pasting|doing over)\b|"
    r"(?:after|when|once|by the time) (?:i'm|i am|we're|we are|i've|we've) (?:done|finished|"
    r"through) with (?:you|u|her|him|them|@user)\b|"
    r"(?:you|u|she|he)(?:'ll| will)? (?:won't|will not|wont) (?:be )?(?:making|make|live|living|"
    r"be around|be alive|see) (?:it )?(?:to|till|until|past|beyond) (?:next|the next|christmas|"
    r"the weekend|the end of)\b|"
    # Neighbours driven out: "you've got a week to leave", "had better move out before their
    # windows go through", "going to regret moving here", "we'll burn you out", "is getting a
    # kicking if he carries on" (never "I'll regret moving here if ...", "you'd better leave
    # before the rain starts" or "our team is going to get a pasting").
    r"(?:you've|you have|they've|they have|you|they|u)(?: got| get)? (?:a|one|two|three|a few|"
    r"\d+) (?:days?|weeks?|months?|hours?|nights?) to (?:leave|move|get out|go|pack|clear off)|"
    r"(?:had|'d) better (?:move|leave|get out|pack|clear off|go)\b[^.!?]{0,40}?\b(?:before (?:we|i|"
    r"they|someone|something|anything|it's too late|(?:your|their|his|her) (?:\w+ )?(?:windows?|"
    r"house|home|car|kids))|or else|or we)\b|"
    r"(?:windows?|door|car|tyres) (?:go|goes|going|get|gets|will go|'ll go) (?:through|in)\b|"
    r"(?<!\bwe )(?:is|are|'s|be) going to regret (?:moving|coming|living|settling|staying)\b|"
    r"(?:you|u|they|he|she)(?:'ll| will| are gonna|'re gonna| is gonna|'s gonna) regret (?:moving|"
    r"coming|living|settling|staying) (?:here|in|to)\b|"
    r"burn (?:you|u|them|'em|him|her|@user|the \w+) out\b|"
    r"(?:is|are|'s|'re) (?:getting|gonna get|going to get|due) a (?:proper |good |right )?"
    r"(?:kicking|beating|battering|doing over)\s+(?:if|when|unless|the next|next time)\b|"
    r"(?:someone|somebody|i|we) (?:should|needs to|ought to|wants to|will|'ll|is gonna|gonna|"
    r"would|'d) rape\b|"
    r"(?:you|she|he)(?:'ll| will| is going to|'s going to| gonna) (?:get|be) (?:raped|killed|"
    r"shot|stabbed|hurt|beaten)|"
    # "Wishing her a long painful illness" (never "a speedy recovery from your illness").
    r"wish(?:ing|es)? (?:\w+ ){0,4}?an? (?:(?:long|slow|painful|horrible|nasty|lingering|"
    r"agonising|agonizing|terrible|miserable|fatal|and),? ){0,3}(?:death|illness|disease|"
    r"cancer|accident)(?!-)|"
    r"deserves? (?:an? )?(?:(?:long|slow|painful|horrible|nasty|lingering|agonising|agonizing|"
    r"miserable|and),? ){1,3}death|"
    r"hope (?:the|your|her|his|their) (?:\w+ )?(?:treatment|chemo|chemotherapy|operation|surgery|"
    r"transplant|scan) (?:fails|goes wrong|doesn't work)|"
    r"(?:hope|hoping|fingers crossed|pray|praying)\b[^.!?]{0,40}?\bkeels? over|"
    r"(?:hope|hoping|wish|wishing|karma)\b[^.!?]{0,60}?\bin the (?:shape|form) of an? "
    r"(?:\w+ )?(?:van|bus|lorry|truck|car|train|bullet|brick|knife)|"
    r"hope (?:a|an|some) (?:\w+\s+){0,2}(?:gang|mob|thugs?|lorry|bus|truck|van) "
    r"(?:gets|finds|hits|catches|runs? over|sorts? out)|"
    r"rot in hell|"
    # Harassment promised: "going to make your life hell".
    r"(?:i'm|i am|we're|we are|i'll|we'll|i will|we will|going to|gonna) make (?:your|her|his|"
    r"@user's) li(?:fe|ves) (?:a )?(?:living )?(?:hell|misery|nightmare)|"
    # Veiled: harm to a person's things or safety left to be imagined.
    r"shame if (?:something|anything) (?:bad )?(?:happened|happens|were to happen) to|"
    r"shame if (?:that|your|her|his|their) (?:\w+\s+){0,4}?(?:car|golf|van|house|home|windows?|"
    r"office|tyres|family|kids|children|face) (?:\w+\s+){0,2}?(?:got|get|gets|were|was) "
    r"(?:\w+\s+)?(?:scratched|smashed|keyed|burnt|burned|torched|damaged|vandalised|broken|hurt)|"
    r"(?:let's|we'll|we will|you'll) see (?:if|how) (?:you|she|he|they) still feels? safe|"
    r"(?:we're|we are|i'm|i am) keeping a list(?=\s*(?:[.!?,;]|$|of (?:names|you|everyone|who|"
    r"traitors|all of you)\b))|people (?:have )?(?:disappeared|vanished|gone missing|"
    r"been hurt|been killed|ended up in hospital) for less|"
    r"(?:i|we) know (?:which|what) (?:car|house|school|gym|route|train|bus) (?:is )?(?:yours|hers|"
    r"his|you (?:drive|take|use|go to))|(?:i|we) know (?:your|her|his) (?:daily )?"
    # "We know your routine is packed" sympathises.
    r"(?!\w+ (?:is|are) (?:packed|busy|full|hectic|manic|tight|mad)\b)(?:routine|"
    r"movements|schedule|reg|registration)|"
    r"(?:don't|dont|do not) say (?:you|she|he|they) (?:weren't|wasn't|were not|was not) warned|"
    r"you(?:'ve| have) been warned(?=\s*(?:[.!]|$))|"
    r"(?:your|her|his) (?:\w+ )?(?:missus|wife|husband|partner|kids?|daughter|son|mum|mother) "
    r"(?:is|are) (?:a )?creatures? of habit|"
    r"accidents (?:can |do |tend to )?happen to (?:people|those|councillors|mps|politicians|you)|"
    r"(?:nasty|funny|unfortunate) things (?:can |tend to |have a way of )?"
    r"happen(?:ing)? to (?:people|those|ngrpx|councillors|mps|politicians|candidates) (?:who|that|"
    r"like you)|"
    # Illness, death or a beating wished, bet on or missed: "fingers crossed the cancer comes
    # back", "RIP in advance", "how has nobody lamped him yet?", "shame the surgery went well".
    r"(?:hope|hoping|fingers crossed|praying|pray|wish|here's to)\b[^.!?]{0,40}?\b(?:cancer|"
    r"tumou?r|stroke|heart attack|illness|disease) (?:comes back|returns|spreads|gets worse|"
    r"finishes (?:her|him|you|them) off)|"
    r"rip in advance|pre-?emptive(?:ly)? rip|"
    r"how (?:has|have|is|come) (?:no ?one|nobody|no-one) (?:\w+\s+)?(?:lamped|punched|decked|"
    r"slapped|stabbed|shot|knifed|smacked|battered|twatted|glassed|chinned|killed|done in|"
    r"run over|bottled)\s+(?:him|her|them|you|@user)|"
    r"(?:odds|over/under|bet|betting|hoping|waiting for|can't wait for|chances of)\b[^.!?]{0,30}?"
    r"\bsomeone (?:knifing|stabbing|shooting|lamping|punching|glassing|killing|offing|"
    r"running over|bottling) (?:him|her|them|you|@user)|"
    r"deserves? (?:(?:his|her|their|your|a) )?(?:head|face|teeth|skull) (?:kicked|smashed|caved|"
    r"punched|knocked|stamped) in|"
    r"(?:shame|pity|gutted|too bad) (?:that )?(?:the|his|her|your|their) (?:surgery|operation|op|"
    r"treatment|chemo|recovery) (?:went well|worked|was a success|went fine)|"
    r"(?:shame|pity|gutted|too bad) (?:that )?(?:she|he|they|you)(?:'s|'ve|'re| has| have)? "
    r"(?:survived|recovered|pulled through|made it|woke up)|rooting for the other outcome|"
    r"lost (?:her|his|their|your) (?:dad|father|mum|mother|son|daughter|husband|wife|partner|"
    r"baby|child|brother|sister)\W*\??\s*good\b|"
    r"(?:read|see|reading|seeing) (?:her|his|your|their) obituary\b[^.!?]{0,50}?\b(?:champagne|"
    r"celebrat\w*|party|cheers|bubbly|prosecco)|"
    r"karma (?:doesn't|does not|never|won't) forget\w*[^.!?]{0,20}?\bneither (?:do|will) (?:we|i)|"
    # Telling someone to end their life, in the euphemisms that get past filters.
    r"(?:quit|quitting|leave|leaving|log off|logging off) (?:from )?life|"
    r"unalive (?:yourself|urself|your ?self)|"
    # A weapon "with his name on it" (a bullet's idiom, said of petrol, a brick, a blade).
    r"(?:bullet|knife|blade|brick|petrol|rope|noose|acid|round|cartridge|bat|hammer|machete)s?\b"
    r"[^.!?]{0,25}?\bwith (?:your|ur|his|her|their) names? (?:on|written on) (?:it|them)\b|"
    # Veiled: a route to vary, friends asking, a time that is not an election's.
    r"vary (?:your|her|his) (?:route|routine|journey|commute|run|walk|school run)(?: home| (?:to|"
    r"from|into) (?:work|home|the office|school|town))?(?=\s*(?:[.!?,;]|$))|"
    r"asking for (?:a few|some|a couple of|a load of|the) (?:friends|mates|lads|boys)|"
    r"(?:i|we) (?:don't|dont|do not) mean (?:at |in |on |by )?(?:the )?(?:election|ballot|"
    r"ballot box|polls|vote|voting|politically|electorally)|"
    r"(?:not|never) (?:scared|afraid|worried|bothered) (?:of|about) (?:prison|jail|going (?:to|"
    r"back to) (?:prison|jail)|doing time|a (?:prison )?sentence|getting arrested)"
    r"(?!\s+(?:reform|policy|officers|staff|population|places|capacity|system|numbers)))\b"
)
_TOLD_TO: Final = re.compile(r"\b(?:told|telling|tells) (?:you|her|him|me|us|them) to\s*$")
_NEG_BEFORE: Final = re.compile(
    r"(?:\bnot|n't|\bnever|\bno one|\bnobody|\bwouldn't|\bwon't|\bdon't|\bdo not|\bwould never|"
    r"\bnot all of us|\bnone of us|"
    r"\bused to think|\bused to believe|\bused to reckon|\bused to assume|\bonce thought|"
    r"\bonce believed|\bin (?:their|his|her) right mind (?:(?:should|would|could) "
    r"(?:believe|think)|believes|thinks)|"
    # "It's simply untrue that <group> are thieves."
    r"\b(?:untrue|not true|false|a lie|a myth) that)"
    r"\s+(?:\w+\s+){0,3}$"
)

_ADDRESS: Final = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[a-z]+\s+){1,3}(?:street|st|road|rd|avenue|ave|lane|ln|close|drive|"
    r"dr|way|crescent|court|ct|place|pl|terrace|gardens|grove|mews|park|square|row|walk|hill)\b"
)
_POSTCODE: Final = re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b")
_PHONE: Final = re.compile(r"(?:\+44\s?|\b0)7\d{3}\s?\d{3}\s?\d{3}\b|\+?\b\d[\d \-]{8,13}\d\b")
_EMAIL: Final = re.compile(r"\b[\w.+-]+@[a-z\d-]+\.[a-z.]{2,}\b")
_NUMBER_PLATE: Final = re.compile(r"\b[a-z]{2}\d{2}\s?[a-z]{3}\b")
_DOX_CONTEXT: Final = re.compile(
    r"\b(?:lives? at|living at|lives in|home address|her address|his address|their address|"
    r"your address|house is|home is|flat is|where (?:she|he|they|you) lives?|her number|"
    r"his number|their number|your number|personal number|mobile number|phone number|"
    r"ring her|ring him|call her|call him|text her|text him|pay (?:her|him|them|you) a visit|"
    r"pay a visit|go round|drop by|visit (?:her|him|them)|kids go to|children go to|"
    r"daughter goes to|son goes to|school is|car is|drives a|number plate|reg plate|"
    r"license plate|licence plate|her kids|his kids|her children|his children|doxx|dox|"
    # "Private email of their head of comms: ...", "her car's the red Fiesta, WN68 LKT".
    r"(?:private|personal|home) (?:email|e-mail|mobile|phone|number|address)|her car|his car|"
    r"(?:her|his|their) reg)\b"
)
_DOX_THREAT: Final = gated(
    r"\b(?:(?:i|we) know where (?:you|she|he|they|your \w+) (?:live|lives|work|works|sleep|go)|"
    r"(?:i|we)(?:'ve| have) got (?:your|her|his) (?:address|number|home address)"
    r"(?!\s+for (?:the|a|our|your) (?:thank|card|invite|invitation|christmas|newsletter|"
    r"records|raffle))|"
    r"we(?:'ll| will) be waiting outside|see you at (?:your|her|his) (?:house|home|place))\b"
)
"""Claims to know where someone is: a threat, but one that reveals nothing when quoted."""
_DOX_REVEAL: Final = gated(
    r"\b(?:(?:her|his|your|their) (?:home )?address is|here(?:'s| is) (?:her|his|their|your) "
    r"(?:home )?(?:address|number|phone number)|(?:her|his|your|their) (?:kids|children|son|"
    r"daughter)(?:'s)? (?:go to|goes to|school is|attend)(?!\s+school\b))\b"
)
"""Phrases that hand over where someone or their children can be found: repeating them spreads
them, whoever repeats them and why."""
_DOX_PLACE: Final = gated(
    # Where someone lives, told by landmarks rather than a house number: "her flat's above the
    # vape shop on Church St", "he's in the semi at the end of Mill Row", "she lives on Mill Lane"
    # (never "she lives in the ward she represents", which her leaflets say).
    r"\b(?:(?:her|his|their|@user's) (?:flat|house|home|gaff|bungalow|place|front door)"
    r"(?:'s| is)|(?:she|he|they)(?:'s| is|'re| are| lives?| lived) in the (?:semi|terrace|"
    r"end terrace|bungalow|detached|cottage|new build|flat|house)|(?:she|he|they) lives?|"
    r"(?:she|he|they)(?:'s| is|'re| are) living)\s+(?:\w+\s+){0,2}?(?:above|opposite|next to|"
    r"behind|round the corner from|at the (?:end|top|bottom) of|on|at|by|near)\s+"
    r"(?!(?:the|this|our|my|your|her|his) (?:ward|constituency|town|area|borough|patch|city|"
    r"village|county|district|market)\b)(?!the same\b)(?:[\w'-]+\s+){0,3}?(?:street|st|road|rd|"
    r"lane|avenue|close|drive|row|crescent|estate|shop|pub|chippy|co-op|tesco|church|gardens|"
    r"grove|mews)\b"
    # A what3words address names a three-metre square.
    r"|///[a-z]+\.[a-z]+\.[a-z]+\b"
)
_DOX_WATCHED: Final = gated(
    # A child or partner watched and photographed: "spotted his kids at the soft play, pic below".
    r"\b(?:spotted|clocked|followed|snapped|photographed|filmed) (?:her|his|their|@user's) "
    r"(?:kids|children|son|daughter|wife|husband|partner|missus|family)\b"
    # "Your kids are growing up fast. Saw them at the school gate this morning."
    r"|\b(?:saw|seen|spotted|clocked|watched) (?:them|your (?:kids|children|girls|boys|son|"
    r"daughter)) (?:at|outside|by|leaving) (?:the )?(?:school gates?|school|nursery|playground|"
    r"soft play)\b"
)
_OFFICE_CONTEXT: Final = re.compile(
    r"\b(?:office|surgery|constituency|campaign|headquarters|hq|venue|hall|library|centre|"
    r"center|event|meeting|hustings|rsvp|tickets|opening hours|helpline|enquiries|contact us)\b"
)

_SEXUAL: Final = re.compile(
    r"\b(?:send (?:me |us )?(?:nudes|pics|a pic|your nudes|tit pics|feet pics|naked pics)|"
    r"show (?:me|us) (?:your|ur|them|those) ?(?:tits|boobs|pussy|ass|arse|body|titties|knickers|"
    r"panties)?|get (?:your|ur|them|those) (?:tits|boobs|kit) (?:out|off)|"
    r"(?:i'd|i would|i wanna|i want to|i'm gonna|i'm going to|i'll|i will|let me|gonna|i could|"
    r"i need to|would love to|i'd love to|wanna) (?:\w+ )?(?:fuck|bang|shag|rape|grope|"
    r"bend (?:you|her|u) over|eat (?:you|her|u) out|cum (?:on|in)|finger|lick|suck|spank|"
    r"smash|ride|tap|motorboat|nut (?:on|in)|fondle|touch) (?:you|her|u|that|those|your|ur|"
    r"ya|them)|sit on my (?:face|dick|cock|lap)|suck my (?:dick|cock|balls|tits)|"
    r"(?:nice|great|lovely|big|fat|juicy|perky) (?:tits|boobs|rack|ass|arse|titties|knockers|"
    r"jugs|melons|booty|pussy)|(?:your|ur|her) (?:tits|boobs|pussy|ass|arse|titties|rack|"
    r"cunt|body|legs|lips) (?:is|are|look|looks|would|need|needs)|"
    r"(?:you'd|you would|she'd|she would) look (?:better|good|great|hot) (?:naked|nude|"
    r"without (?:clothes|your clothes|her clothes)|on (?:your|her) knees|in my bed)|"
    r"(?:i|you|she)(?:'re| are| is)? (?:bet )?(?:you're |she's )?(?:good|great|a freak|tight|wet) "
    r"in bed|how much for (?:a night|an hour|the night)|give (?:me|us) a blowjob|blow ?job|"
    r"dick pic|my (?:dick|cock) (?:is|in)|i'm (?:so )?(?:hard|horny) (?:for|thinking)|"
    r"horny for|wanna (?:hook up|fuck|bang|shag)|on (?:your|her|ur) knees for|"
    r"(?:you|she) (?:need|needs) a (?:good )?(?:fuck|shag|dick|cock|seeing to)|"
    r"(?:fuck|shag|bang) (?:you|her) (?:senseless|hard|raw|silly)|"
    r"(?:sexy|hot|fit|fuckable|doable|shaggable) (?:bitch|slut|milf|mp|lady|woman)|"
    r"(?:i'd|i would|would) (?:smash|hit that|tap that|destroy that)|titty|titties|milf|"
    r"(?<!i )(?<!i've )bent over (?:the|my|a|her|his|your) (?:desk|table|bonnet|sofa|bed|"
    r"despatch box)|(?:bloke|man|men|lad|lads|guy)\b.{0,50}\bbending over for|"
    r"makes me (?:so )?(?:hard|wet|horny)|(?:boobs|tits|arse|bum|legs) like (?:that|those|hers|"
    r"yours)|^still would(?=\s*(?:[,.!]|$))|"
    r"favourite position\b.{0,40}\b(?:don't|do not) mean|"
    r"rape\b.{0,80}\basking for it|asking for it\b.{0,80}\brape|"
    # Office won in bed: "slept her way to the top", "on her knees for the nomination".
    r"(?:slept|sleeping|shagged|shagging|screwed|screwing|fucked|fucking) (?:her|his|their) way "
    r"(?:to|up|into|onto|through)|casting couch|on (?:her|his) (?:knees|back) for (?:the|that|this|"
    r"a|her|his) (?:job|seat|selection|nomination|promotion|post)|"
    # A body part in scare quotes, or the beach photos asked for again.
    # (Not "her 'credentials'": that sneers at her record.)
    r"(?:her|your|ur) ['\"](?:assets|figure|curves|attributes|melons|puppies|bazookas)(?=['\"])|"
    r"(?:post|share|send|more|again)\b[^.!?]{0,30}\b(?:beach|bikini|swimsuit|swimwear|bedroom|"
    r"lingerie|underwear) (?:photos?|pics?|snaps|shots|selfies?)|"
    r"(?:beach|bikini|swimsuit|lingerie|underwear) (?:photos?|pics?|snaps|shots|selfies?)\b"
    r"[^.!?]{0,30}\b(?:again|more|please|pls|plz)|"
    # A child's photo with heart eyes and "how old is she now?".
    r"(?:heart shaped eyes|drooling|smirking|winking)\b[^.!?]{0,40}\bhow old is (?:she|he)\b|"
    # "8/10 with the glasses off, 10/10 with the rest off", "her bending over at the count".
    r"with (?:the rest|everything|it all|(?:her|his|the|your) (?:clothes|kit|top|dress|bra|"
    r"knickers|pants|skirt|blouse)) off\b(?!\s+(?:the|a|my|our|your|his|her|to)\b)|"
    r"(?:her|you|@user) bending over(?! backwards)|"
    r"see (?:her|you|him|@user) in (?:a |her |his |your )?(?:bikini|lingerie|underwear|swimsuit|"
    r"thong|knickers|nothing|stockings|suspenders)|"
    # "Bikini edition obvs", "found a bra that fits", "ranking the female MPs by ...", "the new
    # candidate is a 10 tbf".
    r"(?:bikini|swimsuit|lingerie|underwear) (?:edition|calendar|version|round)|"
    r"(?:found|wearing|bought) (?:a|her) bra\b|bra that fits|"
    r"rank(?:ing|ed|s)? (?:the |all the )?[^.!?]{0,30}?\b(?:by|on|out of) (?:what (?:they'd|they "
    r"would|she'd) be like|looks|how (?:fit|hot|attractive|shaggable)|hotness|fitness|10)\b|"
    r"(?:candidate|mp|councillor|officer|she|cllr \w+|@user)(?:'s| is) an? (?:solid |easy |strong |"
    r"definite |proper )?(?:[6-9]|10)(?:/10| out of 10)?(?=\s*(?:[.!,]|$|tbf|tbh|ngl|mind|though|"
    r"honestly|easy|fr|no cap|policies)))\b"
)
_SEX_NEGATIVE: Final = gated(
    r"\b(?:sexual harassment|sex education|harassment|consent|survivors?|campaign|report|"
    r"policy|law|bill)\b"
)

_INSULT_NOUN_ALT: Final = alternation(lexicon.INSULT_NOUNS)
_INSULT_ADJ_ALT: Final = alternation(lexicon.INSULT_ADJECTIVES)
_INSULT_PERSON: Final = re.compile(
    r"(?<!\w)(?P<who>you|u|ya|@user|she|he)(?:'re|'s| are| is| r|(?<=u)re| were| was)?\s+"
    r"(?:(?:such|just|nothing but|literally|truly|really|the biggest|a|an|one|total|complete|"
    r"absolute|utter|fucking|massive|bloody|typical|little|old|big|fat|lying|thick|dumb|stupid|"
    rf"{_INSULT_ADJ_ALT})\s+){{0,4}}(?P<word>{_INSULT_NOUN_ALT})\b"
)
_INSULT_ADJ: Final = re.compile(
    r"(?<!\w)(?P<who>you|u|ya|@user|she|he)(?:'re|'s| are| is| r|(?<=u)re| were| look| looks|"
    r"(?<=u)r)\s+"
    r"(?:(?:so|such|just|really|fucking|very|too|absolutely|completely|utterly|totally|bloody|"
    rf"a|an)\s+){{0,3}}(?P<word>{_INSULT_ADJ_ALT})\b(?!\s+(?:bill|policy|idea|plan|decision|"
    r"speech|vote|record|proposal|budget|argument|answer|point))"
)
_INSULT_VOCATIVE: Final = re.compile(
    r"(?:^|[.!?,;:]\s*|\b(?:hey|oi|listen|look|yo|ok|okay|sorry|sure|right|mate|well|so)\b,?\s*)"
    rf"(?:you\s+)?(?:(?:{_INSULT_ADJ_ALT}|fucking|bloody|absolute|total|little)\s+){{0,2}}"
    rf"(?P<word>{_INSULT_NOUN_ALT})\s*(?:[.!?,;:]|$)"
)
_INSULT_PHRASE: Final = re.compile(
    r"\b(?:shut (?:the fuck )?up|stfu|fuck off|fuck you|fuck u|piss off|go to hell|"
    r"drop dead|eat shit|screw you|get fucked|go fuck yourself|fuck yourself|kiss my ass|"
    r"nobody likes you|no one likes you|everyone hates you|you make me sick|you disgust me|"
    r"you should be ashamed of yourself|waste of (?:space|oxygen|skin|air)|"
    # "Spine of a jellyfish", "she's got the brains of a garden gnome", "you're a pot plant".
    r"(?:(?:^|(?<=[.!?]\s))|(?:you|she|he|@user)(?:'ve| have|'s| has)? (?:got )?)(?:the )?"
    r"(?:brains?|brain cells?|iq|personality|spine|charisma|backbone|intelligence) of an? "
    r"(?:\w+ ){0,2}?(?:gnome|jellyfish|goldfish|potato|turnip|plank|brick|lettuce|pot plant|"
    r"doorknob|slug|amoeba|gnat|sheep|donkey|wet weekend|teabag)|"
    r"(?:you're|you are|she's|she is|he's|he is) (?:just )?an? (?:pot plant|potted plant|"
    r"cardboard cutout|nodding dog|empty suit)|runt of (?:a|the) litter|"
    r"you(?:'re| are) nothing(?=\s*(?:[.!]|$))|"
    r"piece of (?:shit|garbage|trash|crap|filth)|"
    rf"get lost,? you|(?:resign|go|leave|quit|shut up),? you (?:\w+\s+){{0,2}}"
    rf"(?:{_INSULT_NOUN_ALT})|"
    # "Look at this deranged subhuman trying to talk about the economy."
    rf"(?:look at|listen to|get a load of)\s+(?:this|that)\s+(?:(?:{_INSULT_ADJ_ALT})\s+){{0,2}}"
    rf"(?:{_INSULT_NOUN_ALT})|"
    # Abuse asked as a question: "can you count past ten?", "was it the lobotomy?", "what is the
    # point of you?", "a whip round to buy you a personality?".
    r"can (?:you|she|he|@user) (?:even )?count (?:past|to|beyond) (?:ten|10|twenty|three|five|\d+)"
    r"(?=\s*(?:[?.!,]|$|without|on|yet))|"
    r"can (?:you|she|he|@user) even (?:read|spell|count|think)(?=\s*(?:[?.!,]|$))|"
    r"(?:was it|did (?:you|she|he) have|had) (?:the |a )?lobotom\w*|lobotomi[sz]ed|"
    r"dropped on (?:your|her|his) head|(?:both|your|her|his|their) (?:last|only|one|remaining|"
    r"two) (?:working )?brain cells?|"
    r"what(?:'s| is) (?:even |actually )?the point (?:of|in) (?:you|her|him|@user)"
    r"(?=\s*(?:[.!?,]|$))|"
    r"(?:buy|get|find|crowdfund) (?:you|her|him|@user) (?:a )?(?:personality|brain|brain cell|"
    r"clue)|"
    # A smear asked as a question: "has anyone checked if @user is on the sex offenders register?"
    r"(?:checked?|check|wonder) (?:if|whether) (?:you|@user|she|he|they)(?:'re| are| is)? on the "
    r"sex offenders?'? register|(?:you|@user|she|he)(?:'re|'s| are| is) (?:probably |definitely |"
    r"surely |already )?on the sex offenders?'? register|"
    r"(?:is|are) (?:you|she|he|@user) (?:still )?on the sex offenders?'? register|"
    # A condition mocked: "dementia-ridden husk", "drools through cabinet meetings".
    r"(?:dementia|alzheimer'?s)[- ](?:ridden|riddled)|(?:drools?|drooling) (?:through|in|at|"
    r"over) (?:cabinet|council|the chamber|meetings|committee|pmqs))\b"
)
_STUTTER_MOCK: Final = re.compile(
    # A stammer mimicked: "c-c-can the c-c-councillor f-f-finish a sentence yet?"
    r"\b([a-z])-\1-[\w-]*\b.*?\b([a-z])-\2-"
    r"|\b([a-z])-\3-[\w-]*\b[^.!?]{0,40}\b(?:finish a sentence|spit it out|get (?:a|the) words? "
    r"out|speak|talk)\b"
)
_HATE_VERB: Final = re.compile(
    r"\b(?:i|we|everyone|everybody|all of us|i'm|im|i am|we're|we are|honestly|just)\s+"
    r"(?:\w+\s+)?(?:hate|despise|detest|loathe|can't stand|cannot stand|can't bear|"
    r"sick of|tired of|fed up with|sick and tired of|done with|abhor|can't tolerate|"
    r"will never respect|never respect|don't respect|do not respect|refuse to respect|"
    r"won't accept|will never accept|don't want any|do not want any|don't trust|"
    r"will never trust)\s+"
    rf"(?:all\s+|every\s+|those\s+|these\s+|the\s+|you\s+|any\s+|a\s+|an\s+)?"
    rf"(?:(?:fucking|filthy|bloody|shitty|dirty|stupid|damn|useless)\s+)?"
    rf"(?P<obj>grpx|{_SLUR_ALT})\b"
    # Equality refused: "I will never treat <group> as my equals", "... see <group> as human".
    r"|\b(?:i|we)\s+(?:will never|would never|never|won't|don't|do not|refuse to|can't|cannot)\s+"
    r"(?:ever\s+)?(?:treat|see|regard|consider|accept|count)\s+(?:a\s+|an\s+|any\s+|the\s+)?"
    r"grpx(?:\s+\w+)?\s+as\s+(?:my\s+|our\s+|an?\s+)?(?:equals?|human|humans|people|real|normal|"
    r"british|one of us|proper)\b"
    r"|\bnothing (?:makes|gets) me (?:angrier|madder|sicker|more angry|more furious|more "
    r"disgusted) than\s+(?:the\s+)?grpx\b"
    r"|\bgrpx\s+(?:\w+\s+)?(?:disgust|disgusts|repulse|repulses|revolt|revolts|sicken|sickens|"
    r"nauseate|nauseates)\s+me\b"
    r"|\bgrpx\s+(?:\w+\s+)?(?:make|makes)\s+me\s+(?:\w+\s+)?(?:sick|ill|vomit|puke|"
    r"want to (?:throw up|vomit|puke|kill|scream)|throw up|cringe|furious|nauseous|"
    r"nauseated face|open mouth vomiting|nauseated)"
    r"|\b(?:too many|so many fucking|far too many|way too many)\s+grpx\b"
    r"|\bfuck\w*\s+(?:off\s+)?(?:all\s+|the\s+|those\s+|these\s+|every\s+|you\s+)?"
    r"(?:\w+\s+)?grpx\b"
    r"|\b(?:stupid|dumb|useless|ugly|fat|filthy|dirty|worthless|typical|pathetic|hysterical|"
    r"thick|lazy|smelly|vile|disgusting|fucking|bloody)\s+(?:(?:\w+)\s+)?grpx\b"
    r"|\bonly got (?:the|this|that|her|his|their) (?:job|seat|role|position|post|place) because "
    r"(?:she|he|they)(?:'s|'re| is| are)\s+(?:a\s+|an\s+)?grpx\b|\bdiversity hire\b"
)
_DEHUMAN_ALT: Final = alternation(lexicon.DEHUMANISING_NOUNS)
_NEGADJ_ALT: Final = alternation(lexicon.NEGATIVE_GROUP_ADJECTIVES)
# Claims the derogation rule reads beside the lexicon's words (kept out of the lexicon, whose
# lists also write the training examples).
_CLAIM_EXTRA: Final = (
    r"liars|a burden|a drain|less intelligent|less capable|brutal|ignorant|cheaters|cheats|thieves|"
    r"criminals|rapists|terrorists|paedophiles|savages|human litter|litter|rot|a rot|a stain|"
    r"a blight|a virus|a plague|a tumour|a contagion|rapists in waiting"
)
_DEROGATION: Final = re.compile(
    # A group after "for being", "against" or "abuse of" is not what the sentence judges: "the
    # abuse she gets for being grpx is disgusting" condemns the abuse ("being grpx is" still
    # counts).
    r"(?<!for being )(?<!of being )(?<!against )(?<!towards )(?<!abuse of )(?<!attacks on )"
    r"(?<!hatred of )(?<!about )"
    r"\b(?P<grp>grpx|they|them all|every one of them|every single one of them|all of them|"
    r"each of them|each one of them)\s+(?:(?:people|folk|folks)\s+)?"
    # "Lesbians on our estate are a disgrace."
    r"(?:(?:on|in|round|around|from|at) (?:our|the|this|my|your) \w+\s+)?"
    r"(?:are|r|is|was|were|=|are all|are just|"
    r"are nothing but|"
    r"are like|are basically|are literally|are simply|are such|are the|will always be|"
    r"have always been|were always|remain|are no better than|are worse than|are all just|"
    r"are a bunch of|are a pack of)\s+(?:(?:all|just|nothing but|such|so|fucking|really|"
    r"totally|completely|utterly|absolutely|basically|literally|a bunch of|a pack of|the|as|"
    r"dirty|filthy|disgusting|worthless|stupid|like|human|walking|total|utter|pure)\s+){0,3}"
    rf"(?P<word>{_DEHUMAN_ALT}|{_NEGADJ_ALT}|{_CLAIM_EXTRA})\b"
    # Said of "them" once the group is named: "... at my uni. They're all cheaters."
    r"|\b(?:they're|theyre)\s+(?:(?:all|just|nothing but|such|so|really|a bunch of|a pack of|"
    rf"the)\s+){{0,3}}(?P<word4>{_DEHUMAN_ALT}|{_NEGADJ_ALT}|{_CLAIM_EXTRA})\b"
    # Inferiority: "<group> are not as intelligent as everyone else".
    r"|\bgrpx(?:\s+people)?\s+(?:are not|aren't|is not|isn't|will never be)\s+as\s+"
    r"(?:intelligent|smart|clever|capable|good|civilised|civilized|hard-working|honest|trustworthy|human|evolved|"
    r"advanced)\s+as\b"
    # A negated good: "<group> have never contributed anything good".
    r"|\bgrpx(?:\s+people)?\s+(?:have|has)\s+never\s+(?:done|contributed|achieved|given|added|built|"
    r"created|invented|offered)\s+(?:anything|a single thing)\s*(?:good|useful|worthwhile|of "
    r"value|positive|to this country)?\b"
    # Ruin and worthlessness claimed: "<group> have dragged down every town they've settled in",
    # "<group> are ruining this country", "they contribute nothing", "more effort than the
    # <group> owner is worth".
    r"|\bgrpx(?:\s+(?:people|workers|families|migrants))?\s+(?:have|has|are|is|keep)\s+"
    r"(?:\w+\s+)?(?:dragged|dragging|brought|bringing|pulled|pulling) (?:\w+\s+){0,2}?"
    r"down\b"
    r"|\b(?:grpx(?:\s+people)?|they|they've|they're)\s+(?:are|is|'re|have been|has been)?\s*"
    r"(?:ruining|wrecking|destroying) (?:this|the|our|every|my) (?:\w+\s+)?(?:country|nation|town|"
    r"city|area|street|estate|neighbourhood|school|nhs|britain|england|way of life)\b"
    r"|\b(?:grpx(?:\s+people)?|they)\s+(?:[\w']+\s+){0,5}?(?:contribute|contributes|add|give)\s+"
    r"nothing\b(?!\s*\?)"
    r"|\bmore (?:effort|trouble|hassle|money|bother) than (?:the |a |an |any )?grpx(?:\s+\w+)? "
    r"(?:is|are|'s) worth\b"
    # A place spoiled by the group's arrival: "this street was lovely before <group> moved in".
    r"|\b(?:was|used to be)\s+(?:\w+\s+){0,2}?(?:lovely|nice|safe|great|quiet|decent|fine|"
    r"peaceful|clean|better|a nice place)\s+(?:\w+\s+)?(?:before|until)\s+"
    r"(?:the\s+|all\s+(?:the\s+)?|these\s+|those\s+)?grpx\s+(?:\w+\s+)?(?:moved in|arrived|came|"
    r"turned up|took over|showed up|got here)\b"
    # Asked as a question: "why are (all) <group> (always) so disgusting?"
    r"|\bwhy (?:are|r|is) (?:all\s+|so many\s+|most\s+|the\s+)?grpx(?:\s+(?:people|folk|folks))?\s+"
    r"(?:(?:always|all|so|such|really|just|often|usually)\s+){0,3}"
    rf"(?P<word3>{_DEHUMAN_ALT}|{_NEGADJ_ALT}|{_CLAIM_EXTRA})\b"
    rf"|\b(?P<grp2>grpx)\s*[?:=\-]+\s*(?:just\s+|all\s+|nothing but\s+)?"
    rf"(?P<word2>{_DEHUMAN_ALT}|{_NEGADJ_ALT})\b"
    # A place "full of <group>. Vile.", "infested with <group>"; blame: "no wonder the borough
    # is broke, it's run by <group>".
    r"|\b(?:full of|overrun (?:by|with)|swarming with|flooded with|teeming with)\s+grpx\b"
    r"[\s.,!]*(?:it's\s+|its\s+|so\s+|absolutely\s+|just\s+)?(?:vile|disgusting|grim|gross|"
    r"horrible|sickening|filthy|rank|revolting|awful|depressing|ruined)\b"
    r"|\b(?:infested|overrun|swarming|crawling) (?:by|with) grpx\b"
    r"|\bno wonder\b[^.!?]{0,40}?\b(?:broke|bankrupt|skint|in debt|a mess|ruined|failing|"
    r"falling apart|going downhill|a shambles|a joke|corrupt|useless|filthy|a dump|a tip)\b"
    r"[^.!?]{0,30}\b(?:run|ruled|controlled|owned|taken over|overrun) by grpx\b"
)
_GROUP_SHOULD: Final = gated(
    r"\bgrpx\s+(?:\w+\s+){0,2}?(?:should|must|need to|needs to|ought to|deserve to)\s+"
    r"(?:all\s+|just\s+)?(?:be\s+)?(?P<word>deported|banned|locked up|sent back|go back|"
    r"leave|not exist|disappear|be removed|removed|thrown out|kicked out|segregated|"
    r"not be allowed|never be allowed|be (?:treated|seen) as|stay in (?:the kitchen|their place))\b"
    r"|\bno\s+(?:more\s+)?grpx\s*(?:allowed|here|wanted|welcome|please|in\b|[.!]|$)"
    r"|\bno\s+(?:more\s+)?grpx\s+(?:\w+\s+){0,2}?(?:should|must|can|may|deserves?|ought to)\s+"
    r"(?:to\s+)?(?:ever\s+|ever again\s+)?(?:be\s+)?(?:allowed|permitted|let|elected|trusted|"
    r"stand for|sit in|hold|vote|serve|run for|represent|be (?:an?\s+|the\s+|our\s+)?(?:\w+\s+)?"
    r"(?:mp|councillor|minister|candidate|leader|chair|mayor|president|prime minister|pm|judge)s?|"
    r"an? (?:mp|councillor|minister|candidate|seat|vote)|making decisions|"
    r"in charge|in power|on (?:the |a |our |any )?(?:\w+\s+)?(?:committee|council|board|panel|"
    r"bench|ballot|shortlist|cabinet|frontbench)|near (?:our |my |the )?(?:kids|children|"
    r"schools?))\b"
    # Sent away or dumped: "<group> in hotels... send them back", "stop dumping <group> on our
    # area", "the <group> clogging up our surgeries".
    r"|\b(?:dumping|dump|dumped)\s+(?:more\s+|all\s+|these\s+|those\s+)?grpx\s+(?:on|in|into)\s+"
    r"(?:our|my)\b"
    r"|\bgrpx\b[^.!?]{0,80}[.!?]*\s*(?:just\s+|so\s+)?(?:send|ship|deport|kick|throw|boot|fly)\s+"
    r"(?:them|em|'em|the lot)\s+(?:all\s+)?(?:back|home|out)\b"
    r"|\bgrpx\s+(?:clogging|clog|swamping|swamp|infesting|infest|leeching off)\s+(?:up\s+)?"
    r"(?:our|the|this)\b"
    # "I will never accept a Muslim as my representative."
    r"|\b(?:never|won't|wouldn't|refuse to)\s+(?:\w+\s+)?(?:accept|vote for|trust|take orders "
    r"from)\s+(?:a|an|any)\s+grpx(?:\s+(?:person|man|woman))?\s+as\s+(?:my|our|the|a|an)\s+(?:\w+\s+)?(?:representative|"
    r"mp|councillor|leader|minister|candidate|mayor|chair)\b"
    r"|\bno\s+grpx\s+(?:is|are|will be|gets?)\s+(?:left\s+)?(?:alive|standing|breathing|safe)\b"
    # Belonging denied: "<group> don't belong in our party" (never "... in cages", above).
    r"|\bgrpx\s+(?:people\s+)?(?:don't|dont|do not|doesn't|does not|will never|never)\s+"
    r"belong\s+(?:here|anywhere|in (?:this|our|my|the|a|any|britain|england|politics|"
    r"parliament|office|public life)|among us|with us)\b(?![^.!?]{0,40}\?)"
    # Lives not worth keeping: "no business being born", "what's the point of keeping <group>
    # alive?".
    r"|\bgrpx\b[^.!?]{0,60}?\b(?:no (?:business|right) (?:being born|existing|to exist|to be "
    r"born|to live)|should(?:n't| not| never) (?:have been|be) born)\b"
    r"|\b(?:point|use) (?:of|in) (?:\w+\s+){0,3}?keeping grpx(?:\s+people)? alive\b"
    # "Muslims belong in cages", "... should be kept in camps".
    # "Women are biologically less suited to leadership."
    r"|\bgrpx\s+(?:are|is)\s+(?:(?!not\b|never\b|no\b)\w+\s+)?(?:less suited|unsuited|not suited|"
    r"unfit|not fit|"
    r"not capable|incapable|too emotional)\s+(?:to|for|of)\b"
    r"|\bgrpx\s+(?:(?!not\b|never\b|don't\b|do not\b|dont\b)\w+\s+)?(?:belong|should be|need to be|"
    r"ought to be|must be)\s+"
    r"(?:kept\s+|locked\s+|put\s+)?(?:up\s+)?in\s+(?:a\s+|the\s+)?(?:cages?|camps?|zoos?|chains|gutters?|sewers?|"
    r"gas chambers?|ovens?|kennels?|pens?)\b"
    # "Disabled people don't deserve the same vote" (never "... don't deserve this abuse").
    r"|\bgrpx\s+(?:people\s+|folk\s+)?(?:don't|dont|do not|doesn't|does not)\s+deserve\s+"
    r"(?:the same\s+(?:vote|votes|rights|say|benefits|pay|support)|equal\s+(?:rights|votes?|pay)|"
    r"a vote|the vote|votes|a say|rights|human rights|to vote|to live|to exist|to be here|"
    r"to stand|a seat|benefits|citizenship)\b"
    # "No woman belongs in cabinet", "gays don't belong in the chamber".
    r"|\b(?:no\s+grpx\s+belongs?|grpx\s+(?:don't|do not|doesn't|does not|don't ever)\s+belong)"
    r"\s+(?:in|on)\s+(?:the\s+|our\s+|a\s+)?(?:cabinet|parliament|chamber|council|office|"
    r"politics|power|government|public life|town hall|leadership)\b"
    # Deportation is debated as policy ("the government wants to deport refugees. Shameful."):
    # the call itself, or all of them, or these.
    r"|(?:^|[.!?]\s+|\b(?:just|let's|lets|we should|we must|time to|need to)\s+)(?:ban|deport|"
    r"get rid of|kick out|round up|send back)\s+(?:all\s+|the\s+)?grpx\b"
    r"(?!(?:\s+(?:and|or)\s+grpx)*\s+(?:conversion|hate|discrimination|abuse|racism|bashing|slurs?)\b)"
    r"|\b(?:ban|deport|deporting|get rid of|kick out|kicking out|round up|rounding up|send back|"
    r"sending back|throw out|ship out)\s+(?:all\s+(?:the\s+|of the\s+)?|these\s+|those\s+|"
    r"every\s+(?:last\s+)?)grpx\b"
    r"|\b(?:see|watch|make|want)\s+(?:all\s+)?(?:the\s+|those\s+|these\s+)?grpx\s+"
    r"(?:suffer|die|burn|bleed|rot|hang|beg|starve|drown)\b"
    r"(?!\s+(?:hate|discrimination|abuse|racism))"
    r"|\bgrpx\s+(?:lives\s+|rights\s+)?(?:do not|don't|dont|doesn't|never|shouldn't)\s+matter\b"
    r"|\bgrpx\s+(?:lives|rights)\s+(?:are|is)\s+(?:worthless|meaningless|irrelevant|a joke)\b"
    r"|\bgrpx\s+(?:will never be|can never be|are not|aren't)\s+(?:equal|real|normal|"
    r"our equals|equal to us|proper)\b"
    r"|\b(?:put|send|throw|kick)\s+(?:all\s+|the\s+|those\s+)?grpx\s+(?:back\s+)?(?:in|into|"
    r"out|to)\s+(?:the\s+|a\s+)?(?:gutter|cage|camps?|kitchen|sea|bin|trash|sewer|"
    r"ovens?|gas chambers?|of (?:the|our) country)\b"
    r"|\bgrpx\s+(?:are|is)\s+(?:not|never)\s+(?:human|people|welcome|equal|normal|real|"
    r"trustworthy|to be trusted|worth|valid)\b"
    r"|\b(?:never|don't|do not|can't|cannot) trust (?:a |an |any )?grpx\b"
    r"|\b(?:nobody|no one|noone) (?:wants|likes|needs|misses) (?:any\s+)?grpx\b"
    r"|\bgrpx\s+(?:should|must|need to|needs to|have to|ought to|better)\s+(?:know|remember|"
    r"stay in|be kept in|be put in)\s+(?:their|its|her|his) place\b"
    r"|\bgrpx\s+(?:are|is)\s+(?:not|un|in no way)\s*fit\s+(?:to|for)\b"
    r"|\bgrpx\s+(?:should not|shouldn't|must not|mustn't|can't|cannot|must never|should never)"
    r"\s+be\s+(?:allowed|trusted|let|permitted)\b"
    r"|\bgrpx\s+(?:are|is)\s+(?:\w+\s+)?(?:shit|crap|shite|fucking \w+)\s*(?:people|humans|"
    r"beings|lot|folk)?\b"
    # Wanted gone: "I want <group> gone", "<group> keep showing up ... I want them all gone".
    r"|\b(?:want|wants|need|needs)\s+(?:all\s+)?(?:the\s+)?grpx(?:\s+all)?\s+(?:gone|dead|"
    r"wiped out|removed|exterminated)\b"
    r"|\bgrpx\b[^.!?]{0,80}?\b(?:want|wants|need|needs)\s+them(?:\s+all)?\s+(?:gone|dead|"
    r"wiped out|removed|exterminated)\b"
    r"|\bwish (?:all\s+)?(?:the\s+)?grpx (?:would|could|will) (?:just\s+)?(?:disappear|die|"
    r"leave|go away|vanish|drop dead|fuck off|get lost|not exist|be gone)\b"
    r"|\bgrpx\s+(?:belong|belongs)\s+(?:in|with)\s+(?:a |the )?(?:cage|gutter|bin|camps?|"
    r"kitchen|jail|prison|gas chamber|oven|ground|grave|trash|sewer)\b"
)

# What "no women should ..." goes on to deny: harm done *to* the group ("no women should have to
# put up with threats"), as opposed to a right taken from it ("no muslims should be allowed").
_HARM_DONE: Final = (
    r"(?:be|get|feel|face|fear|suffer|die|put up with|have to|live in|go through|endure|"
    r"receive|be made to|worry|expect|tolerate|accept|hear|read)\b"
    r"(?!\s+(?:allowed|permitted|let|elected|trusted|in\b|making decisions|in charge|"
    # "No <group> should ever be party leader" keeps a group out of a post.
    r"(?:an?\s+|the\s+|our\s+)?(?:\w+\s+)?(?:mp|councillor|minister|candidate|teacher|leader|chair|"
    r"mayor|president|prime minister|pm|judge|head teacher|boss|manager|officer)s?\b|"
    # "No <group> should be on the planning committee" keeps a group out of office.
    r"on (?:the |a |our |any )?(?:\w+\s+)?(?:committee|council|board|panel|bench|ballot|"
    r"shortlist|cabinet|frontbench)|part of|near|around))"
)
_NEGATED_HATE: Final = re.compile(
    r"\b(?:i|we|you|they|nobody|no one|i've|we've|i have|we have|i'd|we'd)\s+(?:do not|don't|"
    r"dont|never|would never|wouldn't|will never|won't|could never|can't|cannot|didn't|did not|"
    r"shouldn't|should not|mustn't|must not)\s+(?:\w+\s+)?(?:hated?|despised?|disliked?|"
    r"detested?|loathed?|wanted? to (?:hurt|kill|harm)|think|thought|believed?|agreed?|hurt|"
    r"harmed?|kill|killed|attack|attacked|call|called|tolerated?|wish|wished)\b"
    r"(?!.{0,30}\b(?:more than|as much as)\b)"
    r"|\b(?:i |we )?used to (?:think|believe|hate|say|assume|reckon)\b"
    # The claim named and rejected: "the idea that <group> are a danger is rubbish", "I don't
    # accept that <group> are greedy", "nobody in their right mind should believe ...", "<group>
    # are no more of a drain than the rest of us".
    r"|\bthe (?:idea|notion|claim|myth|lie|suggestion|stereotype|trope) that\b[^.!?]{0,80}?\b"
    r"(?:is|are|was)\s+(?:just\s+|utter\s+|complete\s+|total\s+|simply\s+)?(?:rubbish|nonsense|"
    r"a myth|a lie|false|wrong|bigoted|bigotry|racist|homophobic|transphobic|biphobic|sexist|"
    r"ableist|offensive|absurd|ridiculous|untrue|garbage|bollocks|a lazy stereotype)\b"
    r"|\b(?:i|we)\s+(?:do not|don't|dont|never|won't|refuse to)\s+(?:accept|buy|swallow|believe)\s+"
    r"(?:that|the idea|the claim|for a second)\b"
    r"|\bnobody in (?:their|his|her) right mind (?:(?:should|would|could) (?:believe|think|say)|"
    r"believes|thinks|says|buys)\b"
    r"|\bgrpx(?:\s+people)?\s+(?:are|is)\s+no more\s+(?:of\s+)?(?:an?\s+)?\w+(?:\s+\w+)?\s+"
    r"(?:on|to|for|than)\b"
    r"|\bnot (?:all of us|everyone|everybody)\s+(?:here\s+)?(?:thinks?|believes?|agrees?)\b"
    r"|\bgrpx\s+(?:are|is|pose)\s+no\s+(?:threat|danger|risk|problem|burden)\b"
    rf"|\b(?:grpx(?:\s+ngrpx)?|they)\s+(?:are|is|r)\s+(?:not|n't|never|no longer|in no way|"
    rf"by no means)\s+"
    rf"(?:\w+\s+)?(?:{_DEHUMAN_ALT}|{_NEGADJ_ALT}|{_INSULT_ADJ_ALT})\b"
    rf"|\b(?:grpx(?:\s+ngrpx)?|they)\s+(?:aren't|isn't|ain't)\s+(?:\w+\s+)?(?:{_DEHUMAN_ALT}|{_NEGADJ_ALT}|"
    rf"{_INSULT_ADJ_ALT})\b"
    r"|\bno (?:one|person|human|child|kid)\b\s+(?:\w+\s+){0,2}(?:should|deserves|"
    r"deserve|has to|must)\b"
    rf"|\bno (?:grpx|woman|man)\s+(?:\w+\s+){{0,2}}(?:should|deserves?|has to|have to|must)\s+"
    rf"(?:ever\s+|\w+\s+)?{_HARM_DONE}"
    r"|\bnobody (?:should|deserves|has to|must)\b"
    r"|\b(?:it's|it is|its)\s+(?:simply\s+|just\s+|completely\s+|totally\s+|plainly\s+)?(?:untrue|"
    r"not true|false|a lie|a myth)\s+that\b"
)
_STEREOTYPE: Final = (
    # What a stereotype says of a group, so that "<group> are not <it>" denies it.
    rf"(?:{_DEHUMAN_ALT}|{_NEGADJ_ALT}|{_INSULT_ADJ_ALT}|{_INSULT_NOUN_ALT}|illegals?|illegal|"
    r"emotional|hysterical|violent|aggressive|confused|incapable|unfit|faking(?: it)?|fakers?|"
    r"pretending|attention[- ]seeking|groomed|grooming|groomers?|criminals?|crooks?|terrorists?|"
    r"extremists?|predators?|paedophiles?|perverts?|pickpockets?|thieves|thief|scroungers?|"
    r"spongers?|freeloaders?|a threat|a danger|a burden|a drain|a problem|to blame|taking over|"
    r"invading|going through a phase|a phase|mentally ill|diseased|dangerous|lesser|inferior|"
    r"less human|less intelligent|less capable|unclean|lazy|greedy|stupid|frauds?|liars?|cheats?|"
    r"out to get|plotting|"
    r"infiltrating|(?:after|taking|stealing) (?:our|your|everyone's) jobs|to be feared|a menace)"
)
_STEREOTYPE_DENIED: Final = gated(
    # A stereotype denied of a group: "<group> are not too emotional to lead", "<group> aren't
    # illegal", "<group> do not control the media". The claim is listed: "<group> are not
    # welcome" or "are not real women" deny the group, not a stereotype.
    # A reply may open with the denial: "@user <group> arent parasites".
    r"(?:^|[.!;:]\s+|,\s+|@user\s+)(?:no,?\s+|and\s+)?(?:the\s+|our\s+|most\s+|local\s+)?grpx"
    r"(?:\s+grpx)*(?:\s+(?:people|persons|boys|girls|lads|kids|children|youth|teenagers|men|women|"
    r"families|folk|workers|voters|users|members|neighbours|parents|pupils|students))?"
    # "<group> lads in this town are not criminals".
    r"(?:\s+(?:in|from|round|around|across|on)\s+(?:this|our|the|my|your)\s+(?:town|area|city|"
    r"ward|street|estate|country|village|borough|school|community|neighbourhood|constituency))?\s+"
    r"(?:(?:(?:are|is|were|was)\s+(?:not|never|no longer|in no way|by no means)|aren't|arent|"
    r"isn't|isnt|weren't|wasn't|ain't)\s+(?:(?:all|just|simply|too|inherently|naturally|"
    r"automatically|any|more|somehow|secretly|being|really|born|a bunch of|some kind of|a|an)\s+)"
    rf"{{0,3}}{_STEREOTYPE}(?:\s*(?:,|or|nor|and)\s+(?:\w+\s+){{0,2}}?{_STEREOTYPE})*\b"
    r"|(?:do not|don't|dont|does not|doesn't|did not|didn't)\s+(?:secretly\s+|all\s+|really\s+)?"
    r"(?:control|run|own|rule|rig|fund|steal|want to (?:replace|take over|destroy))\b)"
)
_SOME_ARE: Final = re.compile(
    # The denial taken back: "... not all thieves, only most of them".
    r"\b(?:most of them|many of them|the majority|plenty of them|half of them|a lot of them|"
    r"(?:only|just) (?:most|some|many))\b"
)


_CLAIMED_BESIDE: Final = re.compile(
    # A second claim beside a denial takes it back: "... not a burden, they're a drain", "...
    # don't control the media, they own it".
    rf"\b(?:{_STEREOTYPE}|owns?|controls?|runs?|rules?|rigs?)\b"
)

_ENDS_IN_STEREOTYPE: Final = re.compile(rf"\b{_STEREOTYPE}$")


def _negated(marked: str) -> bool:
    """Whether the post denies or rejects hate (a stereotype denied of a group, hatred
    disowned) and says nothing beside the denial that takes it back."""
    if _SOME_ARE.search(marked):
        return False
    denied = _STEREOTYPE_DENIED.search(marked)
    if denied is not None:
        rest = marked[: denied.start()] + " " + marked[denied.end() :]
        if not (_HOSTILE.search(rest) or _CLAIMED_BESIDE.search(rest) or _MOCKERY.search(marked)):
            return True
    match = _NEGATED_HATE.search(marked)
    if match is None:
        return False
    # Where the denial holds its claim ("<group> are not a burden"), another beside it takes the
    # denial back; "not all of us think <group> are a problem" holds none, the claim follows.
    rest = marked[: match.start()] + " " + marked[match.end() :]
    return not (_ENDS_IN_STEREOTYPE.search(match.group(0)) and _CLAIMED_BESIDE.search(rest))


_REPORTED: Final = gated(
    # "Can't stop thinking about you" forbids nothing.
    # "... until you stop talking about <group>" is a threat's condition, not a rebuke.
    r"\b(?<!can't )(?<!cannot )(?<!couldn't )(?<!until you )(?<!till you )(?<!unless you )"
    r"(?:stop|quit|don't|do not|never|no one should|"
    r"nobody should|no one deserves|"
    r"nobody deserves|it's not ok(?:ay)? to|it is not ok(?:ay)? to|it's wrong to|it is wrong to|"
    r"you can't|you cannot|shouldn't|should not|why would you|how dare you|how can you|"
    r"stop people|enough of)\s+(?:\w+\s+){0,3}?(?:call|calling|say|saying|said|think|thinking|"
    # "I will never treat <group> as my equals" refuses equality; it forbids no treatment.
    r"(?:treat|treating)(?!\s+(?:\w+\s+){1,3}?as\s+(?:my\s+|our\s+|an?\s+)?(?:equals?|human|"
    r"humans|people|real|normal|british|one of us|proper)\b)|"
    r"tell|telling|talk about|talking about|refer to|referring to|describe|"
    r"describing|"
    r"use the word|use that word|using that word|tweet|tweeting|post|posting|write|writing|"
    # "Stop pretending to be one of us" accuses; it forbids no claim.
    r"spread|spreading|claim|claiming|pretend(?:ing)?(?!\s+(?:to|you)\b))\b"
    # "I will never call that thing she" misgenders; "don't say you weren't warned" warns.
    r"(?!\s+(?:that thing|it)\s+(?:she|her|he|him)\b)"
    r"(?!\s+(?:you|she|he|they) (?:weren't|wasn't|were not|was not) warned)"
    # "Without calling her a slag" (never "without some idiot calling you ...").
    r"|\bwithout (?:calling|saying|tweeting|posting|writing|using the word)\b"
    r"|\b(?:saying|calling|to say|to call|statements? like|comments? like|words like|"
    r"things like|phrases? like|slurs? like|posts? like|tweets? like|people who say|"
    r"people who think|anyone who says|anyone who thinks|those who say|if you think|"
    r"people who call|anyone who calls|those who call|"
    r"if you say|if you believe|when you say|when you said|you said|you say|they say|"
    r"he said|she said|people saying|folks saying|people claiming|claiming that|"
    r"who think that|who say that|who said|the idea that|the claim that|the view that|"
    r"the notion that|the belief that|the lie that|the myth that|told me that|told me|"
    # "Claiming women are ..." reports a claim; "fat cripple claiming expenses" does not.
    r"to claim|claim that|claims that|claiming that|(?<![\w'] )claiming|to suggest|suggesting|"
    r"to pretend|"
    r"called me|calls me|called her|called him|being called|was called|got called|"
    r"called (?:our|my|your|the|this|that) \w+|calls (?:our|my|your|the|this|that) \w+|"
    r"that said|that says|that posted|who posted|who tweeted|that tweeted|who wrote|"
    r"i keep hearing|i keep seeing|i heard|i read|i saw|received|receiving|got sent|"
    r"was sent|messages like|abuse like|replies like)\b"
)
_ABUSIVE_ACT: Final = (
    r"(?:deadnaming|misgendering|harassing|abusing|trolling|doxxing|doxing|threatening|stalking|"
    r"mass[- ]reporting|piling on|sending (?:abuse|threats|death threats|rape threats)|"
    r"(?:sexual|racist|sexist|homophobic|transphobic) (?:comments|abuse|slurs|remarks))"
)
_CONDEMNED_ACT: Final = gated(
    # Abuse named as an act and judged: "deadnaming a trans councillor is cruel", "mass-reporting
    # her account because you don't like her politics is pathetic".
    rf"\b{_ABUSIVE_ACT}\b[^.!?]{{0,80}}?\b(?:is|are|was|were)\s+(?:(?!not\b)\w+\s+)?(?:cruel|wrong|"
    r"disgusting|unacceptable|pathetic|vile|shameful|cowardly|sickening|a crime|illegal|"
    r"harassment|abuse|never ok|never okay|not ok|not okay|not banter)\b"
    # "Sexual comments about our MP don't make you edgy".
    rf"|\b{_ABUSIVE_ACT}\b[^.!?]{{0,40}}?\b(?:don't|doesn't|do not|does not) make (?:you|anyone)\b"
)
_TO_THE_ABUSERS: Final = re.compile(
    # Speaking to the people who abused her: "to the men calling her a slag: ...".
    r"^\W*to (?:the|all the|everyone|every one of the|those|you|whoever) (?:\w+\s+){0,2}?"
    r"(?:calling|"
    r"chalked|wrote|sprayed|spray-painted|painted|scrawled|left|who left it|"
    r"who called|who call|sending|who sent|who send|saying|who said|who say|posting|who posted|"
    r"leaving|who left|writing|who wrote|shouting|who shouted|yelling|who yelled)\b"
    r"[^.!?:]{0,60}?[:,\-\u2013\u2014]"
)
_CALLERS_TOLD: Final = gated(
    # Telling off whoever used the words: "people calling her a 'diversity hire' should read her
    # CV".
    r"\b(?:people|anyone|anybody|those|everyone|whoever)\s+(?:who\s+)?(?:(?:keep|are|is)\s+)?"
    r"(?:calling|call|called|calls)\s+(?:her|him|them|you|@user|(?:our|my|the) \w+)\s+(?:an?\s+)?"
    r"['\"][^'\"]{2,40}['\"]\s+(?:should|need to|needs to|ought to|must|have|has|are|is|can)\b"
)
_AGREED_AFTER: Final = gated(
    # "To the lads calling her a slag: she is one" sides with them.
    r"\b(?:you're right|you are right|are right|were right|have a point|so true|spot on|agreed|"
    r"she is one|he is one|she's one|"
    r"he's one|she deserves it|he deserves it|she deserves|he deserves|keep it up|carry on)\b"
)
_BELIEF_CRITIC: Final = gated(
    r"\bif you (?:really\s+|honestly\s+|still\s+|actually\s+)?(?:think|believe|say|feel|reckon)"
    r"\s+(?:that\s+)?grpx\b.{3,120}?\b(?:you|then you)(?:'re|'ve| are| need| should| must| have|"
    r" can| might| may)\b"
    r"|\b(?:anyone|anybody|people|those|whoever|everyone|somebody|someone)\s+(?:who|that)\s+"
    r"(?:still\s+|really\s+|honestly\s+|genuinely\s+|actually\s+)?(?:thinks?|says?|believes?|"
    r"claims?|tweets?|posts?|writes?)\s+(?:that\s+)?grpx\b.{3,120}?\s(?:is|are|needs?|should|"
    # "... haven't met our leader", "... clearly never met one".
    r"must|has|have|deserves?|can|could|will|haven't|hasn't|have never|has never|don't|doesn't|"
    r"clearly|obviously|never)\b"
)
_CONDEMN: Final = re.compile(rf"\b(?:{alternation(lexicon.CONDEMNATION_WORDS)})\b")
_LOGGED: Final = re.compile(rf"\b(?:{alternation(lexicon.LOGGING_WORDS)})\b")
# An apostrophe between letters ("can't", "you're") does not end a single-quoted quote.
_QUOTED: Final = re.compile(r"\"[^\"]{3,300}\"|(?<!\w)'(?:[^']|(?<=\w)'(?=\w)){6,300}'(?!\w)")
_NAMES_A_WORD: Final = re.compile(
    r"\b(?:words?|terms?|slurs?|phrases?|names?|labels?|call(?:s|ed|ing)?(?: \w+){0,2}?|"
    r"(?:sent|emailed|messaged|dmed|dm'd|texted) (?:me|her|him|us|them)|"
    r"(?:shout|shouts|shouting|shouted|yell|yelled|scream|screamed|chant|chanted|hissed|spat)"
    r"(?: at (?:me|her|him|us|them|@user))?)"
    r"(?: like)?(?: a| an| it| me| her| him| them| you)?\s*$"
)
_SAID_BY_SOMEONE: Final = re.compile(
    # Another person's words reported as theirs: "she said '...' at the hustings", "he told me
    # '...' and laughed" (read only before a quote of several words).
    r"\b(?:she|he|they|someone|somebody|a man|a woman|a bloke|this (?:guy|man|woman|bloke|lad)|"
    r"the (?:candidate|councillor|man|woman|bloke|guy|chair|speaker|heckler)|one of them)\s+"
    r"(?:(?:just|actually|literally|then|openly|loudly)\s+)?(?:said|says|told me|told her|"
    r"told him|told us|shouted|yelled|screamed|wrote|posted|tweeted|called out|asked me|asked her|"
    r"asked him|asked us)\s*(?:,|:)?\s*$"
    r"|\basked (?:me|us|her|him)?\s*(?:today |yesterday |once |again )?(?:if|whether)"
    r"(?: it'?s true(?: that)?)?\s*$"
)
_ENDORSED: Final = re.compile(
    # Words reported and then taken up: "... and I agree", "... lol", "... fair enough".
    r"\b(?:i agree|agree with (?:her|him|them)|fair enough|(?:she's|he's|they're) right|"
    r"(?:he's|she's|they're|he is|she is|they are) not wrong|not wrong|about time|quite right|"
    r"rightly so|hear hear|so true|"
    r"lol|lmao|lmfao|haha\w*|based|facts)\b|\U0001f602|\U0001f923|\U0001f44f|\U0001f4af"
)
_CLAIMED_TRUE: Final = gated(
    # Words recorded, then vouched for: '"... are thieves", they call that racism now? it's just
    # true'. Read beside quotes, where "lol" alone may still belong to a report.
    r"\b(?:it's|its|it is|that's|thats|that is)\s+(?:just\s+|simply\s+|only\s+)?(?:true|the truth|"
    r"facts)\b(?!\s+that\b)"
    r"|\bthey call (?:that|it|this) (?:racism|racist|sexism|sexist|hate|homophobia|homophobic|"
    r"transphobia|transphobic|bigotry|bigoted) now\b"
    r"|\b(?:the )?(?:most|more) accurate\b"
    r"|\bsaid what (?:we're|we are|everyone's|everyone is|most of us are) (?:all )?thinking\b"
    # The abuser vouched for: "... and honestly? they're not wrong", "if the cap fits".
    r"|\b(?:they're|theyre|they are|he's|hes|he is|she's|she is|whoever said it is) "
    r"(?:\w+ )?not wrong\b|\bnot wrong though\b|\bif the cap fits\b"
    r"|\bcould(?:n't| not|nt) have (?:said|put) it better\b|\bbest thing i've read\b"
    # The victim mocked, the words applauded: "boo hoo", "fair play", "vote like it".
    r"|\bboo ?hoo\b|\bdiddums\b|\bcry (?:more|harder)\b|\bfair play\b|\bvote like it\b"
    # Blaming the one abused: "... actions have consequences, sweetheart" (not "she asked for
    # it", which condemnations quote as often as abusers say it).
    r"|\bactions have consequences\b"
    r"|(?:^|[.!?]\s*)facts\W*$"
)
# "This is what our reps get": abuse shown as an example of what someone receives (never "what
# you get", the grammar of a threat). Read, like LOGGING_WORDS, only beside a quote.
_SHOWN_RECEIVED: Final = re.compile(
    r"\bwhat (?:(?!you\b|u\b)[\w']+ ){1,4}(?:gets?|got|receives?|received|deals? with|"
    r"puts? up with|(?:is|are) dealing with)\b"
    r"|\bwhat (?:i've|i have|we've|we have|she's|he's|they've) been sent\b"
    # "I get asked 'where are you really from' every canvass".
    r"|\b(?:i|we|she|he|they) (?:still |always |often |regularly )?(?:get|gets|got|keep getting|"
    r"am|is|are|was|were) (?:\w+ )?asked\b"
    r"|\bwhat (?:\w+ )?(?:landed|arrived|came in|turned up|showed up) in (?:my|her|his|our|their) "
    r"(?:dms|inbox|mentions|replies|messages|email|post)\b"
    r"|\b(?:sent|emailed|messaged|dmed|dm'd|texted|email|message|dm) (?:me|her|him|us|them)\b"
)
_RECLAIM_SELF: Final = re.compile(
    r"\b(?:i'm|im|i am|we're|we are|were|we|us|as a|as an|proud|my fellow|fellow|my|our|"
    r"me and my|me and the|i'm a|call myself|we call ourselves|reclaim|reclaiming|reclaimed)\b"
)
_POSITIVE: Final = re.compile(
    r"\b(?:love|loves|loved|lovely|wonderful|great|amazing|brilliant|fantastic|beautiful|proud|"
    r"respect|respected|admire|welcome|welcomed|support|supported|supporting|kind|smart|brave|"
    r"talented|strong|valued|valuable|equal|equality|thank|thanks|celebrate|celebrating|happy|"
    r"glad|friends?|neighbours?|neighbors?|colleagues?|family|families|dignity|rights|"
    r"protect|protected|safe|deserve|deserves|right to|free to|freedom|"
    r"better place|improve|enrich|contribute|"
    r"inspiring|inspirational|heroes|hero|awesome|"
    r"incredible|caring|generous|hard-working|hardworking|helpful|gorgeous|cool|nice|good|"
    r"best|stand with|solidarity|nothing to be ashamed of|nothing wrong with|belong here|"
    r"allies|ally|included|inclusion|accepted|valid|human|humans|"
    r"people|beings|member|members|community|communities|citizens?|"
    # Heard, or shown as those abused: "we should listen to <group>", "<group> face more abuse".
    r"listen to|listening to|hear from|lived experience|praying for|pray for|prayers for|"
    r"blessings|wisdom|"
    r"face (?:more |the most |most |daily |constant )?(?:abuse|discrimination|harassment|hate|"
    r"hatred|racism|sexism|barriers|threats|prejudice))\b"
)
_NEGATIVE_CUE: Final = re.compile(
    rf"\b(?:{_INSULT_ADJ_ALT}|{_INSULT_NOUN_ALT}|{_DEHUMAN_ALT}|{_NEGADJ_ALT}|{_VERB}|{_PART}|"
    rf"{_SLUR_ALT}|{_GENDERED_ALT}|hate|hated|hates|hating|despise|not|never|no|nobody|none|"
    r"shit\w*|"
    r"don't|dont|doesn't|doesnt|isn't|isnt|aren't|arent|won't|wont|shouldn't|shouldnt|can't|cant|"
    r"cannot|ain't|aint|less|without|back|"
    r"get out|out of (?:here|our|my|this)|kick\w* out|throw\w* out|thrown out|"
    r"ban|banned|deport|deported|die|dead|death|kill\w*|worse|worst|bad|"
    r"only|too many|so many|enough|fake|pretend|pretending|mentally|disease|sick|ill|suffer|"
    r"dumped|attack\w*|assault\w*|"
    r"problem|threat|danger|dangerous|crime|criminals?|terror\w*|rape\w*|steal\w*|"
    r"taking over|invade\w*|invasion|replace\w*|breed\w*|agenda|groom\w*|pervert\w*|"
    r"cage|gutter|sewer|camps?|kitchen|disappear|leave|go home|their own|"
    r"vanish|gone|rid|remove\w*|allowed|lot of them|nothing but|"
    # Harm wished on a group reads as praise to the words above ("people", "deserve", "good").
    r"dying|dies|died|suffer\w*|painful|illness|what (?:they|she|he|you) deserve|what's coming|"
    r"fewer of them|locked in|against a wall|walk the plank|flight out|one[- ]way tickets?|"
    r"fuck\w*\s+(?:all\s+|the\s+|those\s+|these\s+|every\s+)?(?:\w+\s+)?grpx)\b"
)
_POSITIVE_CLAIM: Final = gated(
    # Said of a group as a plain good: "<group> are allowed to stand for office", "so many
    # <group> keep our local hospital running" (the model reads "allowed", "so many" as hostile).
    r"(?:^|[.!]\s*)(?:so many\s+|many\s+|lots of\s+)?grpx(?:\s+people)?\s+(?:are|is)\s+"
    r"(?:allowed|entitled|free|welcome|able)\s+to\s+(?:stand|run|vote|serve|be elected|hold|sit)\b"
    # "We should listen to <group> about what they need."
    r"|\b(?:we|you|everyone|the council|councils|parties|politicians|we all)\s+(?:should|must|"
    r"need to|have to|ought to)\s+(?:listen to|hear from|learn from|consult|support|protect|"
    r"include|involve|stand with)\s+grpx\b"
    r"|\bgrpx(?:\s+people)?\s+keep (?:our|the|this) (?:\w+\s+)?(?:hospitals?|nhs|schools?|town|"
    r"care homes?|buses|council|city|country|economy|services|wards?)\s+(?:\w+\s+)?running\b"
)
_GROUP_SUBJECT: Final = (
    r"(?:^|[.!;:]\s+|,\s+(?:and|but)\s+|\band\s+)(?:the\s+|our\s+|all\s+|local\s+|british\s+)?"
    r"grpx(?:\s+grpx)*(?:\s+(?:people|persons|couples|kids|children|youth|women|men|members|folk|"
    r"councillors|candidates|mps|families|communities|workers|staff|colleagues|voters|lives|rights|"
    r"friends|neighbours))?\s+"
)
_AFFIRMED: Final = gated(
    # What a group is, may do or is owed, said as a plain good: "<group> are British", "<group>
    # deserve to feel safe", "<group> should be allowed to marry", "<group> keep the NHS going".
    # The model reads a bare group beside "allowed", "deserve" or "right" as hostile; the words
    # after each verb are listed, so "deserve what's coming" or "belong in a cage" never match.
    _GROUP_SUBJECT + r"(?:"
    # An attribute ends its clause ("<group> are real and ..."): "are real men" is no affirmation.
    r"(?:are|is)\s+(?:just\s+|also\s+|simply\s+|still\s+|all\s+|fully\s+)?(?:(?:people|human|"
    r"humans|human beings|real|valid|british|english|welsh|scottish|irish|european|citizens|our "
    r"neighbours|neighbours|equal|welcome here|here to stay)(?=\s*(?:[.!,;:)]|and\b|too\b|first\b|"
    r"just like\b|like (?:everyone|anyone|you|us|the rest)\b|$))|part of (?:us|our|this|the)\s+"
    r"(?:community|country|town|city|party|family|story|history|society|fabric)\b|(?:just\s+|every "
    r"bit\s+)?as\s+(?:capable|able|good|qualified|talented|british|valid|human|intelligent|clever|"
    r"skilled|important|deserving|welcome|much a part of)\s+as\b)"
    r"|(?:have\s+)?(?:always\s+)?(?:exist|existed|been here)\b"
    r"|belong\s+(?:here|everywhere|in (?:parliament|politics|government|office|public life|"
    r"power|leadership|britain|this country|our party|the party|every \w+|the (?:house|chamber|"
    r"council|cabinet|boardroom|room|conversation)))\b"
    r"|matter\b"
    r"|(?:deserve|deserves)\s+(?:to\s+(?:feel|be\s+(?:safe|heard|respected|treated|loved|included|"
    r"able|free|paid|represented|believed|seen|valued|happy|proud|listened to)|live|have|get|"
    r"marry|vote|work|access|love|exist|thrive|know|see|go|walk|travel|sleep|rest|grow up|"
    r"learn|succeed|belong|take part|participate|enjoy|play|grow old)|respect|dignity|"
    r"better|the same|equal|equality|rights|safety|protection|support|justice|care|healthcare|"
    r"a voice|a seat|a say|a fair|fair|our|love|kindness|recognition|representation|access)\b"
    r"|(?:have|has)\s+(?:every|the|a|an equal|equal|the same)\s+rights?\b"
    r"|(?:should|must|can|could)\s+(?:be\s+(?:allowed|able|free|entitled)\s+to\s+(?:marry|work|"
    r"vote|stand|wear|worship|pray|live|love|adopt|serve|stay|study|travel|use|access|play|"
    r"compete|join|speak|practise|practice|express|raise|transition|choose|run|hold|sit|be "
    r"themselves|be who|follow|get on|get into|walk|attend|enter|visit|shop|drive|ride|board|"
    r"learn|apply|rent|take part|participate|foster|give blood|donate|dance|kiss|hold hands|"
    r"come out|retire|read|watch|sign|celebrate)|have\s+the\s+(?:same\s+)?right|"
    r"be\s+paid\s+the\s+same|be\s+treated\s+"
    r"(?:equally|the same|with)|feel\s+safe|be\s+safe)\b"
    # What a group keeps going is named: "keep the banks running" is a conspiracy, not thanks.
    r"|(?:make|makes|made|keep|keeps|kept)\s+(?:this|our|the|my|every)?\s*(?:\w+\s+)?(?:country|"
    r"nation|britain|uk|nhs|hospitals?|schools?|economy|town|city|community|communities|services|"
    r"care homes?|buses|party|world|place|high street|streets|neighbourhood|village|team|workplace|"
    r"life|lives|us|everyone)\s+(?:\w+\s+)?(?:better|great|greater|stronger|richer|brighter|safer|"
    r"going|running|working|alive|special|tick)\b"
    r"|(?:have|has)\s+(?:really\s+|truly\s+|so\s+|always\s+)?(?:enriched|strengthened|improved|"
    r"shaped|built|served|helped)\s+(?:this|our|the|my)\s+(?:\w+\s+)?(?:city|town|country|"
    r"community|village|borough|area|nhs|party|council|street|neighbourhood|life|lives)\b"
    r")"
    # A ban that protects a group: "ban gay conversion therapy".
    r"|\b(?:ban|banning|outlaw|outlawing|end|ending)\s+(?:all\s+)?grpx(?:\s+(?:and|or)\s+grpx)*\s+"
    r"conversion\b"
    # A call to stand by a group: "protect <group>", "believe <group>".
    r"|(?:^|[.!]\s+)(?:please\s+|always\s+|we must\s+|we should\s+)?(?:protect|support|respect|"
    r"welcome|love|celebrate|believe|defend|stand with|listen to|trust|hire|elect|include|value|"
    r"uplift|champion|empower)\s+(?:our\s+|all\s+|the\s+)?grpx\b(?!\s+(?:\w+\s+)?from\b)"
)
_CHEER_EMOJI: Final = (
    r"fire|thumbs up sign|clapping hands sign|flexed biceps|(?:heavy black|sparkling|two|purple|"
    r"orange|yellow|green|blue|black|white|growing|beating|red) hearts?|heart hands|rainbow|"
    r"sparkles|crown|party popper|person raising both hands in celebration|smiling with smiling "
    r"eyes and three hearts|smiling with heart shaped eyes|hundred points symbol|(?:white medium|"
    r"glowing) star|handshake|waving white flag|raised fist|trophy|sports medal|first place medal"
)
_EMOJI_CHEER: Final = re.compile(
    # A group cheered with emoji and a few words: "<group> in politics 🔥🔥", "<group> are 👍".
    # Fire alone beside a group can mean burning it ("<group> 🔥🔥"): it needs "are" or "in".
    r"(?=.*\b(?:joy|pride|power|love|excellence|magic|legends|queens|heroes|ace|"
    rf"(?!fire\b)(?:{_CHEER_EMOJI})|(?:are|in \w+)(?: fire)+)\b)"
    r"(?:\s|[!.]|\b(?:grpx|ngrpx|are|is|in|at|on|of|the|our|my|all|so|we|love|joy|pride|power|proud|"
    r"about time|yes|more|real|ace|politics|parliament|office|charge|council|government|sport|"
    r"history|month|week|excellence|magic|legends|queens|rights|heroes|let's go|lets go|"
    rf"{_CHEER_EMOJI})\b)*"
)
_ASKED_TO_KNOW: Final = re.compile(
    # A question asked to learn a fact about a group ("how many <group> councillors are there?",
    # "when does an <group> get the right to work?"), not to sneer: no "why", no joke's set-up
    # ("how many ... does it take", "what do you call"), no "what is it with", no "these <group>"
    # or "ever".
    r"(?:^|[.!?]\s+)(?:(?:so|ok|okay|hi|genuine question|quick question|honest question)[,:]?\s+)?"
    r"(?:how many(?! more)|when (?:does|do|can) (?:a |an |the )?grpx (?:\w+ )?(?:get|receive|"
    r"become|qualify|gain)|where can|"
    r"do we know|does anyone know|can (?:someone|anyone) (?:explain|tell)|what(?:'s| is) the "
    r"difference between (?:a |an )?grpx and (?:a |an )?grpx|is it (?:ok|okay|right|fine) to "
    r"(?:say|call|use|write|describe|ask)|what (?:do|does) grpx (?:celebrate|mark|believe|call)|"
    # How a group gets, uses or is given a service: "can <group> get an X marker on a passport?",
    # "how do <group> fit prayer times into a working day?", "what should we avoid if <group>
    # guests keep kosher?" (never "... get free houses", "... jump the queue": below).
    r"(?:how|where|when) (?:do|does|can|should|would|could) (?:a |an |the |our |my |some )?"
    r"(?!these\b|those\b)(?:\w+\s+)?grpx(?:\s+\w+)?\s+(?:\w+\s+){0,2}?(?:get|use|access|apply|"
    r"vote|register|claim|fit|find|qualify|book|join|report|celebrate|mark|pray|observe|travel|"
    r"manage|prefer|want)\b(?!\s+(?:off|away|out of)\b)|"
    r"(?:can|do|does|will|could) (?:a |an |the |our |my |some )?(?!these\b|those\b)(?:\w+\s+)?"
    r"grpx(?:\s+\w+)?\s+(?:still\s+|usually\s+|normally\s+)?(?:get|use|access|apply|vote|"
    r"register|claim|qualify|receive|be (?:given|offered|entitled))\b(?!\s+(?:off|away|out of)\b)|"
    r"what (?:\w+\s+){0,3}?should (?:we|i) (?:\w+\s+){0,4}?(?:if|for|when|so) (?:\w+\s+){0,3}?"
    r"grpx\b|"
    r"what(?:'s| is) (?!it with|the point|wrong|the problem|up with)(?:a |an |the )?\w+"
    r"(?:,| and|\?))"
    r"(?![^?]*\b(?:does it take|ever|these|those|put up with|get off|have to|let in|still|free|"
    r"priority|special|first|best|better|more than|handouts|jump|ahead of|queue|all the|before us|"
    r"before british|over us|taxpayers?|away with|men's|ladies'?|toilets?|loos?|changing rooms?)"
    r"\b)(?![^?]*\bthe grpx')"
    r"[^?]*\?"
)
_CUSTOM: Final = (
    # What a faith, a culture or a disability is lived with: worn, kept, spoken, marked or used.
    r"turbans?|karas?|hijabs?|headscarf|headscarves|niqabs?|burqas?|kippahs?|kippot|yarmulkes?|"
    r"skullcaps?|saris?|crucifix(?:es)?|rosary|kilts?|traditional dress|"
    r"(?:sign |their own |a |an )?languages?|dialects?|bsl|asl|makaton|braille|captions|"
    r"subtitles|hearing aids?|cochlear implants?|wheelchairs?|guide dogs?|white canes?|"
    r"screen readers?|pronouns|(?:they|she|he)/(?:them|her|him)|festivals?|holy days?|"
    r"diwali|eid|ramadan|passover|hanukkah|chanukah|christmas|easter|vaisakhi|baisakhi|holi|"
    r"navratri|lent|yom kippur|rosh hashanah|shabbat|sabbath|mass|church|chapel|mosque|"
    r"synagogue|temple|gurdwara|mandir|kosher|halal|(?:\w+ )?times a day|their faith|"
    r"traditions?|customs?|new year|chromosomes?|(?:genetic |medical |lifelong )?conditions?|"
    r"diagnos[ie]s|impairments?"
)
_CUSTOM_NAMED: Final = re.compile(rf"\b(?:{_CUSTOM})\b")
_GROUP_DESCRIBED: Final = gated(
    # A plain fact about how a group lives its faith, language or customs, or where it lives,
    # which the second stage reads as hostile ("Many <group> fast during Ramadan" 0.88, "There
    # are many <group> in my town" 0.62, "I am a <group> man" 0.50). The verbs and what they
    # bear on are listed, so "<group> use the NHS for free" or "keep their women indoors" never
    # match; hostile words anywhere undo it (`_context`).
    r"(?:^|[.!;]\s+)(?:(?:many|most|some|lots of|a lot of|plenty of|all|the)\s+)?(?:\w+\s+)?grpx"
    r"(?:\s+(?:people|men|women|families|communities|children|kids|pupils|students|worshippers|"
    r"believers|colleagues|friends|neighbours))?\s+(?:(?:often|usually|traditionally|may|might|"
    r"can|sometimes|also|generally|commonly|will|tend to|each|all|still|proudly)\s+)?"
    r"(?:wear|wears|celebrate|celebrates|observe|observes|mark|marks|fast|fasts|pray|prays|"
    r"worship|worships|speak|speaks|sign|signs|use|uses|attend|attends|go to|goes to|light|"
    r"lights|practise|practises|practice|practices|have|has)\s+"
    rf"(?:[\w'/-]+\s+){{0,4}}?(?:{_CUSTOM})\b(?:\s+\d+)?"
    # ... and at most a short, plain tail: "by laughing at us" or "to hide things" is no fact.
    r"(?:\s+(?:on|in|at|for|during|as|every|each|from|with|when|called|named|and|or|most|"
    r"too)\b[^.!?;]{0,60})?\s*(?:[.!;]|$)"
    # Where a group lives: "there is a large <group> community in Bradford".
    r"|\bthere (?:is|are) (?:a |an )?(?:(?:large|big|small|growing|thriving|vibrant|sizeable|"
    r"sizable|significant|long-established|established|lively|close-knit|many|lots of|a lot of|"
    r"some|plenty of|a few|several)\s+)?grpx(?:\s+(?:people|community|communities|population|"
    r"congregation|families|residents|voters|members|councillors))?\s+(?:in|at|on|across)\b"
    # Who the writer, or someone named, is: "I am a <group> man." and nothing more.
    r"|(?:^|[.!]\s+)(?:i am|i'm|im|we are|we're|she is|she's|he is|he's|they are|they're|"
    r"my \w+ is|my \w+ are)\s+(?:a |an )?(?:proud\s+)?(?:grpx\s+)+(?:(?:man|woman|person|lad|"
    r"girl|boy|guy|bloke|mum|dad|mother|father|parent|grandmother|grandfather|wife|husband|"
    r"partner|councillor|candidate|member|voter|worker|nurse|teacher|student|people|women|men|"
    r"family|couple)\s*)?(?:[.!]|$)"
)
_THING: Final = (
    # Things, food, weather and pests people curse ("I can't stand cauliflower", "wasps are
    # evil, kill them all"); none is a word a group is called by in the lexicon.
    r"(?:laptop|printer|phone|computer|pc|tablet|wifi|wi-fi|router|internet|broadband|app|"
    r"website|software|update|keyboard|mouse|telly|tv|remote|kettle|toaster|fridge|oven|"
    r"microwave|washing machine|dishwasher|hoover|boiler|car|van|bike|bus|train|tram|"
    r"motorway|traffic|roadworks|potholes?|parking|queue|weather|rain|snow|wind|fog|heat|"
    r"humidity|heatwave|mondays?|hangover|headache|"
    r"cauliflower|broccoli|sprouts|brussels sprouts|marmite|olives|coriander|mushrooms|"
    r"anchovies|celery|beetroot|liver|tofu|pineapple on pizza|coffee|decaf|food|"
    r"film|movie|sequel|song|album|book|novel|series|sitcom|episode|ending|finale|"
    r"advert|ads|adverts|playlist|battery|batteries|charger|windows update|northern rail|"
    r"southern rail|rail|railway|trains|buses|self-checkouts?|tills?|sat ?nav|printer ink|"
    r"wasps?|mosquitoes|mosquitos|mosquito|midges|flies|spiders?|slugs?|snails?|ants|"
    r"cockroach(?:es)?|roaches|fleas|ticks|bedbugs|bed bugs|moths?|mice|mouse|rats?|"
    r"pigeons?|seagulls?|gulls?|magpies?|crows?|squirrels?|foxes|fox|weeds?|nettles|"
    r"dandelions|japanese knotweed|knotweed)s?"
)
_PEST: Final = (
    r"wasp|mosquito|midge|fly|spider|slug|snail|ant|cockroach|roach|flea|bedbug|moth|mouse|rat|"
    r"pigeon|seagull|gull|magpie|crow|squirrel|fox|weed|nettle"
)
_PESTS: Final = (
    r"wasps|mosquitoes|mosquitos|midges|flies|spiders|slugs|snails|ants|cockroaches|roaches|"
    r"fleas|bedbugs|moths|mice|rats|pigeons|seagulls|gulls|magpies|crows|squirrels|foxes|weeds|"
    r"nettles"
)
_AIMED_AT_A_THING: Final = re.compile(
    # Abuse whose object is a thing or a pest: the thing is cursed, hated or killed by name. The
    # match runs on to the clause's end, so what it says of the thing ("pigeons are vermin") is
    # not read as aimed at anyone (`_aimed_at_a_thing`).
    rf"(?:(?:^|[.!;,]\s*)(?:(?:my|this|that|the|these|those|our|all|bloody|stupid|damn|damned|"
    rf"fucking|effing|new|old)\s+){{0,3}}(?:[\w-]+\s+)?(?:{_THING})\s+(?:is|are|was|were|'s|keeps?|"
    rf"just|"
    rf"have|has|had|always|never|got|get|can|should|needs? to|must|deserves?)\b"
    rf"|\bi\s+(?:\w+\s+)?(?:hate|can't stand|cannot stand|can't bear|despise|loathe|detest|"
    rf"abhor|can't abide)\s+(?:(?:my|this|that|the|these|those|all|bloody|stupid|damn|"
    rf"fucking|new)\s+){{0,3}}(?:{_THING})\b"
    rf"|\b(?:kill|squash|swat|poison|exterminate|get rid of|nuke|burn)\s+(?:all\s+)?(?:the\s+|"
    rf"these\s+|those\s+|every\s+)?(?:(?:bloody|stupid|damn|fucking)\s+)?(?:{_THING})\b"
    # A sentence that opens on pests: "Rats in the bins again.", "every slug in my patch".
    rf"|(?:^|[.!;]\s*)(?:(?:the|these|those|all the|bloody|damn|stupid)\s+){{0,2}}(?:{_PESTS})\b"
    rf"|(?:^|[.!;]\s*)(?:every|each)\s+(?:{_PEST})\b)"
    r"[^.!?,;]*?(?=[.!?,;]|\s+(?:and|but|like|unlike|so|as|than)\b|$)"
)
_PERSON_CUE: Final = re.compile(
    # Whoever a post can be aimed at, the things' own "they", "them", "it" aside.
    r"(?<!\w)(?:you|your|yours|yourself|u|ur|ya|y'all|@user|he|she|him|her|his|hers|"
    r"people|person|guy|guys|man|men|woman|women|girl|girls|boy|boys|lady|ladies|bloke|folk|"
    r"mp|mps|minister|councillor|cllr|candidate|leader|council|party|government|politicians?|"
    # "Someone needs to get rid of them" names who acts, not who is aimed at.
    r"grpx|ngrpx|everyone|everybody|neighbours?|who|whoever|whose|"
    rf"{_INSULT_NOUN_ALT}|{_SLUR_ALT}|{_GENDERED_ALT})\b"
)


_LEADING_MENTIONS: Final = re.compile(r"^(?:\s*@user\b[\s,:]*)+")


def _aimed_at_a_thing(text: str) -> bool:
    """Whether the abuse in `text` is aimed at things or pests alone: one is cursed by name and,
    what is said of it aside, no one is named ("I can't stand cauliflower", "wasps are evil, kill
    them all"; never "... like the idiot who made it")."""
    text = _LEADING_MENTIONS.sub("", text)  # a reply's addressee is not its target
    if _AIMED_AT_A_THING.search(text) is None:
        return False
    return _PERSON_CUE.search(_AIMED_AT_A_THING.sub(" ", text)) is None


_ANSWERED: Final = re.compile(
    r"\b(?:they|them|their|theyre|they're|because|cos|coz|'cause|simple|easy|obvious\w*)\b"
)


def _asked_to_learn(marked: str) -> bool:
    """Whether a question about a group is asked to learn, with no answer about the group after
    it ("How do <group> fit prayer times into a working day? They don't, they skive" answers)."""
    match = _ASKED_TO_KNOW.search(marked)
    return match is not None and _ANSWERED.search(marked, match.end()) is None


_HOSTILE: Final = re.compile(
    # Hostility anywhere in the post undoes an affirmation ("<group> are British, deport them
    # anyway"); plain negation does not ("a right, not a favour").
    rf"\b(?:{_INSULT_ADJ_ALT}|{_INSULT_NOUN_ALT}|{_DEHUMAN_ALT}|{_NEGADJ_ALT}|{_VERB}|{_PART}|"
    rf"{_SLUR_ALT}|{_GENDERED_ALT}|hate|hated|hates|despise|shit\w*|fuck\w*|"
    r"get out|out of (?:here|our|my|this)|kick\w* out|throw\w* out|go back|sent back|send \w+ back|"
    r"ban(?!\s+grpx(?:\s+(?:and|or)\s+grpx)*\s+conversion\b)|banned|deport\w*|die|dead|death|kill\w*|worse|worst|fake|pretend\w*|mentally|sick|"
    r"problem|threat|danger\w*|crime|criminals?|terror\w*|rape\w*|steal\w*|too many|so called|"
    r"taking over|invade\w*|invasion|replace\w*|breed\w*|agenda|groom\w*|pervert\w*|slaves?|"
    r"cages?|zoo|gutter|sewer|camps?|kitchen|disappear|vanish|rid|remove\w*|rot|bullets?|"
    r"their own (?:country|countries|land|kind|people)|where they came from|what's coming|"
    r"less|lesser|inferior|evolved|primitive|backward|go home|leave|as long as|so long as|unless|"
    r"attack\w*|assault\w*|punish\w*|whip\w*|flogged|spat on|slapped|locked up|jailed|caged|"
    r"apparently|supposedly|allegedly|so-called|pfft|oh sure|yeah sure|"
    # Sent away in an idiom: "deserve to walk the plank", "allowed on the next flight out".
    r"walk the plank|(?:next|first) (?:flight|boat|plane|train|bus)|flight out|one[- ]way "
    r"tickets?)\b"
)
_MOCKERY: Final = gated(
    # Praise said with a rolled eye or a laugh is a sneer ("So proud to have a female councillor
    # 🙄"): emoji arrive here as their names.
    r"\b(?:rolling eyes|unamused|smirking|clown|rolling on the floor laughing|tears of joy|"
    r"lol|lmao|lmfao|rofl|yeah right)\b"
)
_SARCASTIC_PRAISE: Final = gated(
    # Praise of a group that opens the post, then a sneer at what they are said to bring: "Oh
    # brilliant, another <group> camp on the rec. Can't wait to see what goes missing", "Great
    # news, more <group> in the hotel. Our crime rate was looking far too low anyway". The sneer
    # is listed; praise alone, or praise and "can't wait!", is praise.
    r"^(?:@user\s+)*(?:oh\s+|aww?\s*,?\s+|wow\s*,?\s+)?(?:brilliant|lovely|wonderful|great|good|"
    r"fantastic|marvellous|great idea|yes please|thank you so much|thanks so much|how progressive|"
    r"so progressive|so brave|how brave|congratulations|"
    r"perfect|super|bravo|amazing|excellent|splendid|great news|good news|brilliant news|so glad|"
    r"so proud|truly inspiring|how lovely|how wonderful|just what we needed|yay|such a joy|"
    r"so heartwarming|how heartwarming|truly grateful|so grateful|oh absolutely|oh yes|oh look|"
    r"love (?:how|seeing|that)|amazing how|nice to see)\b[^.!?]{0,80}?\b(?:grpx|"
    # A group's place of worship or housing stands for the group: "brilliant, a gurdwara".
    r"gurdwaras?|mandirs?|asylum hotels?|refugee (?:centre|camp)s?|traveller sites?)\b"
    r".*?\b(?:can(?:'t|t|not) wait to see what (?:goes missing|gets (?:stolen|nicked|broken|"
    r"robbed|burgled)|disappears|they (?:steal|nick|break))|what could (?:possibly )?go wrong|"
    r"shall i\s*\?|(?:was|were|is|are) (?:looking|getting) (?:far |way |much )?too|far too "
    r"(?:low|quiet|safe|peaceful|clean|much use)|say goodbye to|not (?:a single|one) (?:wallet|"
    r"purse|bike|bicycle|phone|handbag|car|job|tool|valuable)s? (?:left|between)|"
    r"keep (?:my|our|your) \w+ (?:indoors|inside|locked)|lock up your|"
    r"hide your|nothing says [^.!?]{1,40}? like|run out of cheap|"
    # Common sarcasm after the praise: "we all know how that goes", "integration goals", "my
    # shed has never been so empty", "couldn't ask for better neighbours", "so wholesome".
    r"we all know how (?:that|it|this) (?:goes|ends)|(?:integration|diversity|inclusion|"
    r"multicultural\w*) goals|never been so (?:empty|quiet|bare|"
    r"light)|couldn't ask for (?:better|nicer) neighbours|so wholesome|lock up (?:the|our|my) "
    r"|model citizens?\b[^.!?]{0,30}?\b(?:we all know|sure|right|lol)|going (?:so )?"
    r"(?:wonderfully|brilliantly|swimmingly|great) (?:then|innit|isn't it)?\s*[.!]?$|"
    r"such (?:cultural )?enrichment|so enriching|(?:exactly|just) what (?:we|this town|this street|"
    r"the area|the estate) (?:needed|wanted)|nothing could possibly go wrong|book my funeral|"
    # "my wallet can't wait to meet them", "can't wait for the kids to start carrying daggers".
    r"(?:my|our|your) (?:wallet|purse|bike|car|shed|phone|handbag)s? (?:can't|cant|cannot) wait|"
    r"can(?:'t|t|not) wait for (?:the|our|my) (?:kids|children|girls|daughters|sons) to (?:start|"
    r"learn|be|get)\b|"
    r"(?:feeling|looking|getting) (?:far |way )?too safe)"
)
_SYMPATHY: Final = re.compile(
    # Good wishes the model reads as harm wished ("hope you're ok after the car accident").
    r"\b(?:get well|speedy recovery|quick recovery|feels? better|feeling better|thinking of you|"
    r"thoughts are with|glad (?:nobody|no one|you're|you are|she's|he's|everyone) (?:was |is |got "
    r")?(?:hurt|ok|okay|safe|alright|fine|home)|hope (?:you're|you are|she's|he's|she is|he is|"
    r"you|she|he) (?:ok|okay|alright|doing ok|on the mend|recovering|feels? better|gets? well)|"
    r"wishing (?:you|her|him|them) (?:well|a speedy|all the best|a quick|a safe|safe travels|"
    r"an? (?:accident[- ]?free|smooth|pleasant|good) (?:drive|journey|trip|flight))|on the mend|"
    r"condolences|sorry for your loss|sending (?:love|strength|hugs|best wishes))\b"
)
_INVITATION: Final = gated(
    # Asked along to look on ("you should come along and watch"): a public meeting, not a threat.
    r"\b(?:you should|why not|do|please|all welcome to|everyone welcome to)\s+come\s+(?:along\s+)?"
    r"(?:and\s+|to\s+)(?:watch|see (?:for yourself|it|them)|listen|join us|have a look)\b"
)
_ELECTORAL: Final = re.compile(
    # Defeat wished or promised at an election or by the party ("we're coming for you in May",
    # "hope the whips tear you a new one", "long may your lot rot in opposition").
    r"\b(?:election|elections|by-election|ballot box|ballot|polls|polling day|"
    r"(?:your|her|his|their|the) seat|majority|deselect\w*|landslide|opposition|"
    r"in may|next may|voters|every voter|the electorate|the whips?|out of the party|"
    r"lose (?:your|her|his|the) (?:seat|deposit)|question time|pmqs|manifesto|"
    r"where (?:you|she|he|they) stands?)\b"
)
_MENACE_AT_THE_POLLS: Final = re.compile(
    # An election as the setting of a threat, not its subject: "not the ballot box kind", "I
    # wouldn't go to the count if I was you", "see you at the next one 👀".
    r"\b(?:if (?:i|ah) (?:was|were|wis) (?:you|u)|not the (?:\w+ )?kind|in person|see you|"
    r"eyes|face|hearing from|the count|hustings|before the|sorted)\b"
)
_VIOLENT_ACT: Final = re.compile(
    rf"\b(?:{_VERB}|{_PART}|kill\w*|rape\w*|bullets?|guns?|knife|knives|bomb\w*|noose|mob|brick|"
    r"acid|petrol)\b"
)
_HARM_IMAGINED: Final = gated(
    # A good wish with harm left to be imagined: "safe drive home, shame if your brakes failed".
    r"\b(?:shame|pity) if\b|\bbrakes? (?:fail|fails|failed|went|go|gave out|give out)\b"
)
_RATHER_DIE: Final = gated(
    # Hyperbole about the writer's own fate: "I'd rather die than vote for you".
    r"\b(?:i'd|id|i would|we'd|we would)\s+(?:honestly\s+|genuinely\s+)?(?:rather|sooner)\s+"
    r"(?:die|be dead|eat glass|chew glass|eat my own \w+)\s+than\b"
)
_HARM_OR_HOME: Final = re.compile(
    r"\b(?:die|dies|died|dead|death|hurt|harm|blood\w*|burn\w*|hang\w*|grave|coffin|funeral|"
    r"cancer|accident|hospital|address|live|lives|kids|children|family|wife|husband)\b"
)
_ABUSIVE_WORDS: Final = re.compile(
    # Beside an election these still abuse: "see you at the count, traitor", "hope you lose your
    # seat and your life".
    rf"\b(?:{_INSULT_NOUN_ALT}|{_INSULT_ADJ_ALT}|{_DEHUMAN_ALT}|{_SLUR_ALT}|{_GENDERED_ALT}|"
    rf"{alternation(lexicon.PROFANITY)}|traitors?|life|lives)\b"
)
_SUPPORT_CALL: Final = gated(
    # A crowd called to cheer someone on ("everyone give her a follow, she's smashing it").
    r"\b(?:give (?:her|him|them|@user) a (?:follow|listen|watch|like|vote)|go (?:and )?follow "
    r"(?:her|him|them|@user)|worth a follow|show (?:her|him|them|@user) some (?:love|support)|"
    r"(?:she's|he's|they're|you're) smashing it|absolute cracker|watch (?:her|his|their) "
    r"(?:maiden )?speech)\b"
)
_FUNCTION_ONLY: Final = re.compile(
    r"^(?:\s|grpx|are|is|am|i|i'm|im|we|we're|were|a|an|the|and|too|also|just|all|of|my|our|"
    r"real|still|yes|proud|very|so|here|exist|existing|matter|matters|[.,!\"'])*$"
)
_SECOND_PERSON: Final = re.compile(r"(?<!\w)(?:you|u|ya|your|@user|y'all)\b")
_SWEAR: Final = re.compile(rf"\b(?:{alternation(lexicon.PROFANITY)})\b")
_TARGET_CUE: Final = re.compile(
    r"(?<!\w)(?:you|your|yours|yourself|u|ur|ya|y'all|@user|he|she|him|her|his|hers|they|them|"
    r"their|"
    r"these|those|people|guy|guys|man|men|woman|women|girl|girls|boy|boys|lady|bloke|mp|mps|"
    r"minister|councillor|candidate|leader|grpx|ngrpx|everyone|everybody|anyone|somebody|"
    rf"someone|y'all|{_INSULT_NOUN_ALT}|{_SLUR_ALT}|{_GENDERED_ALT})\b"
)
_INNER_NEGATION: Final = re.compile(r"\b(?:never|not|no|n't|don't|won't|wouldn't|didn't)\b|n't\b")
_NEGATED_VERB: Final = re.compile(
    r"\b(?:don't|do not|never|didn't|not)\s+(?:\w+\s+)?(?:hate|despise|detest|loathe|stand|"
    r"abhor|sick|tired)"
)
_BUT: Final = re.compile(
    # "... aren't a burden, just the ones like her" takes the denial back, as "but" does.
    r"\b(?:but|however|although|though|except|yet|just the ones|only the ones)\b"
)


@dataclass(slots=True)
class RuleResult:
    """What the rules found in one text."""

    floors: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    context: str = ""
    target: str | None = None
    dampen: float = 1.0
    masked: str = ""

    def raise_floor(self, label: str, value: float) -> None:
        if value > self.floors.get(label, 0.0):
            self.floors[label] = value


def _preceded_by_negation(text: str, start: int) -> bool:
    # Whether the match starts at a word or at the space before it, the words before it end in
    # one space ("aren't a| waste of oxygen" and "aren't a |waste of oxygen" read the same).
    before = text[max(0, start - 40) : start].rstrip() + " "
    return _NEG_BEFORE.search(before) is not None


_A_PARTY: Final = re.compile(r"\b(?:ngrpx|tories|tory)\b")
_ELECTORAL_VERB: Final = re.compile(
    # What a party suffers at the polls; "hanged at the count" is no result.
    r"\b(?:slaughter|wipe|crush|destroy|bur(?:y|ied)|annihilat|massacr|obliterat|hammer|rout|"
    r"kill|thrash|trounc|demolish|decimat|flatten|smash)\w*"
)


def _political_tail(text: str, end: int) -> bool:
    return _POLITICAL_TAIL.match(text[end : end + 60]) is not None


_HOMELANDS: Final = (
    r"pakistan|india|bangladesh|somalia|nigeria|jamaica|poland|romania|turkey|syria|iraq|iran|"
    r"afghanistan|africa|china|ghana|kenya|eritrea|sudan|albania|palestine|israel|kashmir|"
    r"(?:the\s+)?punjab|(?:the\s+)?caribbean|mecca|(?:your|their|his|her)\s+(?:own\s+)?"
    r"(?:home\s+)?(?:country|homeland|village|people)(?:\s+in\s+(?:the\s+)?\w+)?"
)
_DOG_WHISTLE: Final = re.compile(
    # One leading \b for the word-led codes: Python's re tries every branch at every position,
    # so a shared prefix halves the cost of this rule.
    r"\b(?:"
    # Coded calls for a group's removal or claims of its "replacement", which name no group.
    r"(?:remigration|kalergi|great replacement|white genocide)\b"
    r"|replacement of (?:your|our|the|their) (?:own )?(?:ngrpx|grpx|voters|people|population|"
    r"electorate|kind|race)\b"
    r"|(?:town|country|ward|area|city|village|street|estate|borough|nation)(?:'s| has| is)?\s+"
    r"(?:been|being|getting|gets|got) replaced\b"
    r"|used to be (?:english|british|white|christian)(?=\s*(?:[.!?,;]|$|once|before|and|but))"
    # "Refugee 'children' arriving with full beards": the word they are given, in scare quotes.
    r"|grpx\s+['\"](?:children|kids|teenagers|minors|families|doctors|engineers|"
    r"asylum seekers)['\"]"
    r"|grpx\b[^?!]{0,80}?\b(?:a single|any|one) normal (?:person|people|one|man|woman) left\b"
    # "If you love Pakistan that much there's flights every morning": go back where you came from.
    rf"|if you (?:love|like|miss|prefer) (?:{_HOMELANDS}) (?:that|so) much\b.{{0,40}}?"
    r"\b(?:flights?|planes?|boats?|tickets?|airport|go back|move back|go home|off you go|"
    r"fuck off|piss off|leave)\b"
    # Codes of the far right: "14/88", and words coined to sneer at a group ("Londonistan",
    # "plastic Brits").
    r"|(?:14\s*/\s*88|1488|(?<!in )14 words(?!\s+or\s+(?:fewer|less|under))|zog|"
    r"happy merchant|londonistan|eurabia|religion of pieces|"
    r"taqiyya|(?:white|demographic) replacement|(?:plastic|paper) brits?|rootless cosmopolitans?|"
    r"globalist (?:bankers?|elites?|puppets?)|soros[- ](?:funded|puppets?|stooges?|backed)|"
    r"rothschilds?'?[- ](?:funded|puppets?|stooges?|backed|owned|bankers?|money|shills?)|"
    # The "14 words" slogan itself, written out.
    r"secure the existence of (?:our|the white|white) (?:people|race)|a future for white children|"
    r"imported,? not elected|imported (?:voters|electorate)|(?:being |been |getting )?out-?bred)\b"
    r"|calls? it (?:vibrancy|enrichment)\b"
    r"|(?:brought|bringing|bring|bringing in|imported|importing|import)\b[^.!?]{0,30}?"
    r"\bthe third world\b"
    r"|(?:wants?|pushing|bring(?:ing)?|introduce|impose|imposing)\s+sharia\b"
    r"|certain\W+(?:\w+\W+){0,2}?(?:heritage|background|ancestry|tribe|persuasion)\W+nose\b"
    # Blood and belonging: "not a drop of English blood in her".
    r"|(?:not )?(?:a |an )?(?:drop|ounce) of (?:english|british|white|scottish|welsh|irish) "
    r"blood\b"
    r"|christ[- ]killers?\b"
    r"|(?:gif|meme) of (?:hitler|a swastika|swastikas|auschwitz|a gas chamber|an oven)\b"
    r"|(?:the jq|jewish question|13\s*/\s*5[02]|rahowa|whitegenocide)\b"
    r"|echo(?:es)? (?:is|are) (?:strong|loud) (?:with|in) (?:this|that|him|her|them)\b"
    # "The natives never consented to being replaced", "a minority in their own land", "sent to
    # replace us", "they're colonisers", "her family name before they got here".
    r"|(?:natives|(?:native|indigenous) (?:population|people|brits|britons|english|british))\b"
    r"[^.!?]{0,60}?\b(?:replaced|replacement|never asked|never consented|never voted for|"
    r"minority)\b"
    r"|minority in (?:their|our) own (?:land|country|town|city|nation|borough|homeland)\b"
    r"|(?:sent|brought|shipped|bussed|imported)(?: in| here)? to replace us\b"
    r"|(?:they're|they are|theyre|these are|those are) (?:\w+\s+)?(?:colonisers|colonizers|"
    r"invaders)\b"
    r"|name (?:was )?before (?:they|he|she|his family|her family|their family) (?:got|came|"
    r"arrived) here\b"
    r")"
    # The antisemitic echo "(((name)))"; "88 to <someone>" (Heil Hitler), never "£88".
    # "(((hugs)))" is a hug.
    r"|\({3}(?!\s*(?:big\s+|virtual\s+|sending\s+)?(?:hugs?|love|cuddles?)\s*\){3})[^()]{1,40}\){3}"
    r"|(?<![\w£$€.,])88\s+(?:(?:to|at)\s+(?:@user|you|her|him|them|cllr|councillor|the (?:mp|"
    r"candidate|councillor|leader)|(?:all )?(?:the )?(?:true )?patriots|the lads|"
    r"all(?=\s*(?:[.!]|$)))|brothers?|comrades?|lads)\b"
    # Quoted sneers at newcomers ("more 'enrichment' every week", "the 'new Brits'").
    r"|['\"](?:enrich(?:ment|ed|ing)|vibran(?:t|cy)|new brits?|diversity)['\"]"
)
_HATE_TROPES: Final[tuple[tuple[re.Pattern[str], str | None], ...]] = (
    # Misgendering and deadnaming: "he's a man in a dress", "I will never call that thing she",
    # "'she/her' 😂 ... he's a man", "still calling him by his real name"; the "groomer" smear.
    (
        re.compile(
            # One shared (?<!\w) for every branch: Python's re tries each branch at each position.
            r"(?<!\w)(?:"
            r"(?:he's|he is|she's|she is|you're|you are|it's|it is|that's|@user is|they're|"
            r"they are)\s+(?:just |still |only |nothing but )?a (?:man|bloke|geezer) in a "
            r"(?:dress|wig|skirt|frock)\b"
            r"|a (?:man|bloke) in a (?:dress|wig|skirt|frock) is (?:still |just |only |always )?"
            r"a (?:man|bloke)\b"
            # "Cllr Okafor is a man. It's biology"; "a biological male"; "'she'", "'the op'".
            r"|(?:is|'s) (?:a |still a |just a )?(?:man|bloke|male)\W+(?:it's|its|it is|that's|"
            r"thats) (?:just |basic |simple )?(?:biology|science|a fact|facts)\b"
            r"|(?:she's|she is|he's|he is|@user is|you're|you are|\w+ is) (?:still )?an? "
            r"biological (?:man|male|woman|female)\b"
            r"|(?<![\w'\"])['\"](?:she|her|he|him|ze|zir)['\"](?![\w'\"])"
            r"|['\"]the op['\"]"
            # "She identifies as a woman. I identify as a lamp post."
            r"|i identify as an? (?:lamp ?post|attack helicopter|cat|dog|toaster|tree|penguin|"
            r"dinosaur|unicorn|banana|potato|millionaire|wookiee?)\b"
            r"|(?:never|won't|refuse to|not going to)\s+call (?:that thing|that|it) "
            r"(?:she|her|he|him|a woman|a man)\b"
            r"|(?:she/her|he/him)\b.{0,100}\b(?:he's|he is|she's|she is|it's) a (?:man|woman|"
            r"bloke|geezer)\b"
            r"|by (?:his|her) real name\b"
            r"|groomer alert\b|ok,? groomer\b|(?:you're|you are|she's|she is|he's|he is|@user is|"
            r"they're|they are) an? (?!convicted |known |jailed |alleged )(?:\w+ )?groomers?\b"
            r"|(?:dirty|filthy|disgusting|fucking|sick|bent) (?:queers?|dykes?|fags?|trannys?|"
            r"trannies|poofs?)\b"
            r"|(?:queers?|dykes?|fags?|trannys?|trannies|poofs?)\s+(?:scum|filth|vermin|trash|"
            r"freaks?|perverts?|degenerates?|nonces?)\b"
            # "Born Steven, still Steven"; "it/its pronouns for this one, suits it"; the groomer
            # smear without the word ("safe spaces... safe to lure kids in").
            r"|born (?!(?:here|there|local|and|in|a|an|the|bred|raised)\b)(\w+),? (?:still|always|"
            r"forever|and still) \1\b"
            r"|it/its? pronouns? for (?:this|that|him|her)\b|pronouns?\b[^.!?]{0,40}\bsuits it\b"
            r"|(?:safe|easier|free|want|wants|trying|try|chance|excuse|spaces?) to lure (?:kids|"
            r"children|little ones|young people|boys|girls)\b"
            r")"
        ),
        "lgbti",
    ),
    # Apes and ape noises at a black representative ("another 🐵 elected", "🦧 ook ook"), and
    # "where are you really from".
    (
        re.compile(
            r"\book\W+ook\b|\b(?:another|more|one more|an?) (?:monkey|ape|gorilla|orangutan|"
            r"chimp)s? (?:elected|in (?:the )?(?:council|chamber|parliament|cabinet)|mp|"
            r"councillor)\b"
            r"|\bwhere (?:are|r) (?:you|u) (?:really|actually) from\b"
            # An accent put on ("*does accent*"); an ape named as the person; go back if you
            # don't like it here.
            r"|\b(?:does|doing|puts on|put on) (?:an? |the |her |his |their )?(?:\w+ )?accent\s*\*"
            r"|(?<!\w)(?:she's|he's|you're|she is|he is|you are|@user is|@user's|shes|hes|youre)\s+"
            r"(?:basically |just |nothing but |literally |like |a fucking |such )?(?:an? )?"
            r"(?:monkey|ape|gorilla|chimp|baboon|orangutan)s?\b(?!\s+(?:business|around|about|with))"
            r"|(?<!evil )\b(?:monkey|ape|gorilla|chimp|baboon|orangutan)s? in (?:a )?(?:suit|tie|"
            r"rosette|parliament|the chamber|the council)\b"
            r"|\b(?:monkey|gorilla|orangutan)(?: face)?\s+(?:monkey|gorilla|orangutan)\b"
            r"|\bif you (?:don't|dont|do not) like (?:it|this country|britain|england|the uk)"
            r"(?: here)?\b[^.!?]{0,30}?\b(?:planes?|flights?|boats?|ferries|airport|go back|"
            r"off you go|leave)\b"
            # Supremacy claimed: "the white race built civilisation", "the master race".
            r"|\b(?:white|aryan|european|nordic)\s+(?:race|man|people)\s+(?:alone\s+)?(?:built|"
            r"created|invented|gave the world|is superior|are superior|is the (?:only|greatest|"
            r"best|superior)|must survive|will rise)\b"
            r"|(?<!pc )(?<!no such thing as a )(?<!no such thing as the )"
            r"\b(?:master|superior|purer) races?\b"
        ),
        "race",
    ),
    # A pig's head at the mosque, bacon through the letterbox, "bomb-belt betty".
    (
        re.compile(
            r"\bpig'?s? heads?\b[^.!?]{0,60}\b(?:mosque|synagogue|gurdwara|temple|doorstep|door|"
            r"office)\b"
            r"|\b(?:pork|bacon|ham)\b[^.!?]{0,30}\b(?:(?:through|on) (?:the |her |his |their |"
            r"your )?(?:doorstep|letterbox)|(?:at|outside|on) (?:the |her |his |their |your |"
            r"that )?(?:new )?mosque)\b"
            r"|\bbomb[- ]?belt\b|\bsuicide vest\b|\bopposite in (?:arabic|urdu)\b"
        ),
        "religion",
    ),
    # "Being <group> is not a qualification", the line every minority candidate hears.
    (
        re.compile(
            # "... isn't a qualification and it isn't a disqualification" answers the line.
            r"\bbeing (?:an? )?grpx (?:is not|isn't|is no|ain't) (?:a |an |any )?qualification"
            r"(?!.*\bdisqualif)"
        ),
        None,
    ),
    # A disability sneered at in scare quotes: "is the new candidate a bit 'special'?".
    (
        re.compile(r"(?<![\w'\"])['\"](?:special|simple|slow|special needs)['\"](?![\w'\"])"),
        "disability",
    ),
)
_NAMES_A_DOG_WHISTLE: Final = gated(
    # "Stop whinging about racism" waves it away; it condemns nothing.
    r"\b(?:far[- ]right|(?<!not )(?<!whinging about )(?<!whining about )(?<!moaning about )"
    r"(?<!crying )racis\w*|euphemism|dog[- ]?whistles?|debunked|"
    # "It's not a conspiracy theory" and "no myth" vouch for the claim.
    r"(?<!not a )(?<!not some )(?<!no )(?<!isn't a )(?<!aint a )(?:conspirac\w*|myths?)|"
    r"fascis\w*|nazis?|hate speech|condemn\w*|oppose|reject\w*|so-called|antisemit\w*|"
    r"islamophob\w*|homophob\w*|transphob\w*|bigot\w*|reported)\b"
)


_WHISTLE_JUDGED: Final = gated(
    # What follows a dog whistle that is named to be judged: "(the great replacement) is a racist
    # conspiracy theory". Never after "not", "no" or "never": "is no myth" believes it.
    r"[^.!?]{0,30}?\b(?:is|are|was|were)\s+(?:an?\s+|the\s+)?"
    r"(?:(?!(?:not|no|never|hardly|far)\b)[\w-]+\s+){0,3}?"
    r"(?:conspiracy theor\w*|myths?|lies|lie|euphemisms?|dog[- ]?whistles?|tropes?|hoax\w*|"
    r"propaganda|racis\w*|far[- ]right|antisemit\w*|fascis\w*|hate speech|bigot\w*)\b"
)


_PILE_ON: Final = gated(
    # A call to a crowd to descend on one person ("everyone go to his post and reply 'traitor'",
    # "her phone should not stop buzzing all weekend", "mass-tag the frontbench under every post").
    r"\b(?:everyone|everybody|all of you|y'all|lads|folks|big accounts|you lot)\b[^.!?]{0,30}?"
    r"\b(?:reply|tag|mass[- ]tag|flood|"
    r"bombard|swamp|spam|rt|retweet)\b[^.!?]{0,30}?(?<!\w)(?:her|his|him|them|their|@user)\b"
    r"|\bmass[- ]tag\b|\b(?:flood|bombard|swamp|spam) (?:her|his|their) (?:mentions|replies|"
    r"inbox|phone|office|posts?)\b|\b(?:her|his|their) phone should(?:n't| not) stop\b"
    r"|\bsees? it \d[\d,]* times\b|\b(?:told|telling|tell) (?:all )?my \d+k? followers\b"
    r"|\ball hands on deck\b.{0,80}\bget in there\b|\bthe whole country hates (?:her|him)\b"
    # Descending on one person's page, phone or surgery: "swarm her comments", "dogpile him",
    # "crowd her out", "comment 'resign' on every one of his posts".
    r"|\b(?:swarm|dogpile|dog-pile|brigade|hound|besiege)\s+(?:her|his|their|@user's|\w+'s)\s+"
    r"(?:\w+\s+)?(?:comments|replies|mentions|inbox|dms|posts?|page|feed|timeline|office|"
    r"surgery|phone|email)\b"
    # "Dogpile him", "swarm her!" (bees may "swarm her garden").
    r"|\b(?:dogpile|dog-pile|brigade|hound) (?:her|him|them|@user)\b"
    r"|\bswarm (?:her|him|them|@user)(?=\s*(?:[.!?,;:]|$))"
    r"|\bcrowd (?:her|him|them) out\b"
    # Getting her out of a job is a pile-on; deselecting her is party business.
    r"|\b(?:let's|lets|let us|we'll|we will|time to) get (?:her|him|them|@user) "
    r"(?:cancelled|sacked|fired)\b"
    r"|\bon every (?:single )?(?:one of )?(?:her|his|their|@user's|\w+'s) (?:posts?|tweets?|"
    r"videos?|pictures?|photos?)\b.{0,30}\buntil\b"
    # Spreading it to ruin someone, or to their boss and neighbours.
    r"|\b(?:go viral|trending|(?:share|spread) (?:this|it) everywhere)\b[^.!?]{0,30}?"
    r"\b(?:ruin|destroy|finish|bury) (?:her|him|them)\b"
    r"|\b(?:email|e-mail|ring|call|phone|contact|write to|tag|message|dm) (?:her|his|their|them|"
    r"@user's) (?:employer|boss|workplace|landlord|day job|manager|wife|husband|partner|missus|"
    r"parents|mum|dad|kids|church|vicar|imam|headteacher|colleagues)\b"
    # Her private circle told: "the other trustees should be told what he's really like", "his
    # wife deserves to know", "the parents' whatsapp needs to see this".
    r"|\b(?:(?:her|his|their|@user's) (?:wife|husband|partner|missus|employer|boss|colleagues|"
    r"congregation|church|neighbours|neighbors|parents|kids|mum|dad)|the other trustees|"
    r"the parents'? whatsapp|the school gate) (?:\w+\s+){0,2}?(?:should|needs? to|deserves? to|"
    r"ought to|must|has to|have to) (?:be told|know (?:what|who|about|the truth|the real|this|it|"
    r"that)|see (?:this|it)|hear (?:about )?(?:this|it)|find out)\b"
    # An inbox left open to the crowd ("her DMs are open btw 👀"), never "open for casework".
    r"|\b(?:her|his|their|@user's) (?:dms|inbox|email|phone|mentions|number|replies|comments) "
    r"(?:is|are) (?:wide |still |always )?open\b"
    r"(?!\s+(?:for|to|if|on|from|until|till|monday|mon|weekdays|again))"
    # Her employer or circle left to find out: "shame if everyone at Harcourt & Lane found out".
    r"|\bshame if (?:everyone|everybody|people|anyone) at\b[^.!?]{0,40}?\b(?:found out|saw|knew|"
    r"heard|read)\b"
    r"|\bshame if (?:her|his|their|@user's) (?:boss|employer|colleagues|clients|firm|school|"
    r"church|congregation|neighbours|neighbors|parents|wife|husband|partner) (?:\w+\s+)?"
    r"(?:found out|saw|knew|heard|read)\b"
    # Civility in scare quotes, or a crowd brought in: "keep it 'polite' 😉", "@a @b @c get in
    # here", "38k followers and I'm about to introduce them all to her".
    r"|\bkeep it ['\"](?:polite|civil|respectful|nice|friendly|clean)['\"]"
    r"|(?:@user\W+){3,}[^.!?]{0,30}?\bget in (?:here|there)\b"
    r"|\bget in (?:here|there)\W+(?:lads|boys|everyone|folks|troops)\b"
    r"|\b\d+k? followers\b[^.!?]{0,40}?\b(?:introduce|send|point|sic|unleash|set)\b"
    r"|\b(?:introduce|unleash|sic|set) (?:them|my followers|my lot)(?: all)? (?:to|on) (?:her|him|"
    r"them|@user)\b"
    r"|\b(?:congregation|parents|neighbours|neighbors|colleagues|employer|boss|firm|school|"
    r"church|governors|clients) (?:\w+\s+)?(?:should|might want to|would love to|would like to|"
    r"ought to|needs? to|deserves? to) (?:hear|know|see|find out) (?:what|how|who) "
    r"(?:she|he|they)\b"
    r"|\bwonder what (?:the |her |his |their )?(?:parents|parents' whatsapp|school|congregation|"
    r"church|boss|employer|neighbours|neighbors|colleagues|governors|firm|clients)\b[^.!?]{0,30}?"
    r"\bwould (?:make of|think of|say about|say to)\b"
    r"|\b(?:emailed|contacted|messaged|rang|wrote to) (?:her|his|their) (?:firm|employer|boss|"
    r"school|work|company|church)(?:'s hr)?\b[^!?]{0,100}?\b(?:if anyone (?:else )?wants to|"
    r"anyone else fancy|join me|add (?:your|their) voice|do the same)\b"
    r"|(?:@user\W+){2,}[^!?]{0,80}?\b(?:do your thing|you know what to do|go get (?:her|him|em|"
    r"'em)|have at (?:her|him|it)|work your magic)\b"
    r"|\b(?:her|his|their)(?:'s)? (?:work |personal |private )?(?:email|e-mail|number|mobile|"
    r"address|church|school|employer|firm|column|page|account|insta|instagram|facebook|tiktok|"
    r"linkedin)(?:'s)?\b[^!?]{0,120}?\b(?:just saying|thought you'?d (?:all )?(?:like|want|"
    r"love) to know|do with that what you will)\b"
    r"|\bwho(?:'s| has) got (?:her|his|their|\w+(?: \w+)?'s) (?:mobile|number|phone number|"
    r"home address|address|personal email|private email)\b"
    r"|\bmake sure (?:her|his|their|@user's|\w+'s) (?:neighbours|neighbors|family|kids|boss|"
    r"employer|wife|husband|partner|parents)\s+(?:see|sees|know|knows|hear|hears)\b"
)


def apply_rules(marked: str, slur_targets: list[tuple[str, str]]) -> RuleResult:
    """Run every rule on `marked` (normalised text with groups replaced by `grpx`/`ngrpx`).

    `slur_targets` lists (slur, target) pairs found in the text by `features.mark_groups`.
    """
    result = RuleResult(masked=marked)
    counter, masked = _counter_speech(marked)
    result.masked = masked
    negated = _negated(marked)
    contrast = _BUT.search(marked) is not None
    scan = masked if counter else marked
    _threats(scan, result, skip=counter)
    # Personal details stay doxxing in a report (repeating them spreads them); a quoted claim
    # to know where someone lives does not threaten anyone.
    _doxxing(marked, result, threats=scan)
    _sexual(scan, result, skip=counter)
    _insults(scan, result, skip=counter)
    _pile_on(scan, result, skip=counter)
    _identity(scan, result, slur_targets, skip=counter)
    fired = any(value >= 0.5 for value in result.floors.values())
    _context(marked, result, counter=counter, negated=negated and not contrast, fired=fired)
    return result


def _context(marked: str, result: RuleResult, *, counter: bool, negated: bool, fired: bool) -> None:
    """Context that lowers the model's abuse scores; `result.context` says which applied."""
    if counter:
        result.context = "rule: counter-speech (abuse quoted or reported in order to condemn it)"
        # 0.3 or less reads as decided: never routed to the second stage (DECIDED_DAMPEN).
        result.dampen = min(result.dampen, 0.25)
    elif negated:
        result.context = "rule: negated (the abusive statement is denied or rejected)"
        result.dampen = min(result.dampen, 0.3)
    elif fired:
        return
    elif "grpx" in marked and _MOCKERY.search(marked):
        return  # praise of a group said with a sneer is no praise
    elif (
        _POSITIVE_CLAIM.search(marked) and "?" not in marked and not _INNER_NEGATION.search(marked)
    ):
        result.context = "rule: positive or neutral statement about a group"
        result.dampen = min(result.dampen, 0.3)  # decided, as a denial is
    elif "grpx" in marked and _EMOJI_CHEER.fullmatch(marked):
        result.context = "rule: a group cheered with emoji"
        result.dampen = min(result.dampen, 0.3)  # decided
    elif "?" not in marked and _AFFIRMED.search(marked) and not _HOSTILE.search(marked):
        result.context = "rule: a group affirmed (its rights, worth or belonging)"
        result.dampen = min(result.dampen, 0.3)  # decided
    elif (
        "grpx" in marked
        and _asked_to_learn(marked)
        and not _HOSTILE.search(marked)
        and not _NEGATIVE_CUE.search(marked.replace("n't", ""))
    ):
        result.context = "rule: a question asked to learn about a group"
        result.dampen = min(result.dampen, 0.3)  # decided
    elif (
        "grpx" in marked
        and "?" not in marked
        and _GROUP_DESCRIBED.search(marked)
        and not _HOSTILE.search(plain := _CUSTOM_NAMED.sub(" ", marked))
        and not _NEGATIVE_CUE.search(plain.replace("n't", ""))
    ):
        result.context = "rule: a plain fact about a group (its customs, home or members)"
        result.dampen = min(result.dampen, 0.3)  # decided
    elif "grpx" in marked and (
        _FUNCTION_ONLY.match(marked)
        or (_POSITIVE.search(marked) and not _NEGATIVE_CUE.search(marked))
    ):
        result.context = "rule: positive or neutral statement about a group"
        result.dampen = min(result.dampen, 0.35)
    elif "grpx" in marked and not _NEGATIVE_CUE.search(marked):
        result.context = "rule: a group is mentioned without any negative words"
        result.dampen = min(result.dampen, 0.7)
    elif _own_fate_only(marked):
        result.context = "rule: the writer's own 'rather die than', about a vote or a choice"
        result.dampen = min(result.dampen, 0.3)  # decided: "die" here is no one's harm
    elif (goodwill := _goodwill(marked)) is not None:
        result.context = goodwill
        result.dampen = min(result.dampen, GOODWILL_DAMPEN)
    elif _aimed_at_a_thing(marked):
        result.context = "rule: aimed at a thing or a pest, not a person"
        result.dampen = min(result.dampen, 0.3)  # decided
    elif not _TARGET_CUE.search(marked):
        if _SWEAR.search(marked):
            result.context = "rule: profanity not aimed at anyone"
            result.dampen = min(result.dampen, 0.45)
        else:
            result.context = "rule: not aimed at a person or group"
            result.dampen = min(result.dampen, 0.6)


def _own_fate_only(marked: str) -> bool:
    """Whether the post wishes only the writer's own fate ("I'd rather die than vote for you"),
    with no harm, home, group or abuse besides."""
    if "grpx" in marked or not _RATHER_DIE.search(marked):
        return False
    rest = _RATHER_DIE.sub(" ", marked)
    return not (
        _VIOLENT_ACT.search(rest) or _HARM_OR_HOME.search(rest) or _ABUSIVE_WORDS.search(rest)
    )


def _goodwill(marked: str) -> str | None:
    """Why a post no rule fired on reads as goodwill or politics, if it does: never with a group
    named, a sneer or a violent act; and politics only with no harm, home or family named."""
    if "grpx" in marked or _MOCKERY.search(marked):
        return None
    if _SYMPATHY.search(marked):
        rest = _SYMPATHY.sub(" ", marked)
        if _VIOLENT_ACT.search(rest) or _HARM_IMAGINED.search(rest):
            return None
        return "rule: sympathy or good wishes"
    if _VIOLENT_ACT.search(marked) or _HARM_OR_HOME.search(marked) or _ABUSIVE_WORDS.search(marked):
        return None
    if _ELECTORAL.search(marked) and not _MENACE_AT_THE_POLLS.search(marked):
        return "rule: an election or the party's own process, with no violence"
    if _SUPPORT_CALL.search(marked):
        return "rule: a call to support someone"
    if _INVITATION.search(marked):
        return "rule: an invitation to look on"
    return None


_HATE_QUESTIONED: Final = gated(
    # Bewildered by the hatred, not answering it: "Why do so many people hate Muslims? It makes
    # no sense" (never "... hate immigrants? Because ...").
    r"\bwhy (?:do|does|would|are) (?:so many |some |all these |these |other )?(?:people|folk|folks|"
    r"anyone|they) (?:still |even |so )?(?:hate|despise|attack|abuse|target|harass|bully|fear|"
    r"mistrust) grpx(?:\s+people)?(?:\s+so much)?\s*\?"
    r"(?!\s*(?:because|cos|coz|'cause|cause|maybe|simple|easy|obvious|look at|just look|they|"
    r"it's because|answer)\b)"
)
_WRITTEN_UP: Final = re.compile(
    r"\s*(?:scrawled|written|painted|sprayed|spray-painted|chalked|etched|keyed|daubed|stickers?|"
    r"graffiti|carved)\b"
)
_CLAIM_DENIED: Final = gated(
    r"\bgrpx(?:\s+people)?\s+(?:do not|don't|did not|didn't|are not|aren't|is not|isn't|never|"
    r"won't|will not)\s+['\"]"
)
_SAID_AFTER: Final = re.compile(
    # Matched where a quote ends ("^" would only match at the start of the post).
    r"['\"]?\W{0,3}(?:says|said|claims|claimed|reckons|tweets|tweeted|writes|wrote)\s+"
    r"(?:a |the |this |one |some )?(?:man|woman|bloke|guy|lad|person|someone|somebody|cllr|"
    r"councillor|mp|candidate|minister|account|troll)\b"
)
_PREJUDICE_LABEL: Final = (
    r"(?:an?\s+)?(?:racist|bigot|bigoted|islamophobic|islamophobe|transphobic|transphobe|"
    r"homophobic|homophobe|sexist|misogynist|xenophobic|xenophobe|far[- ]right|fascist|nazi)"
    # "He calls me a racist slur" reports abuse; the label is not the speaker's.
    r"(?!\s+(?:slurs?|names?|words?|terms?|abuse|remarks?|comments?|insults?|epithets?)\b)"
)
_LABEL_DISOWNED: Final = gated(
    # The speaker expects to be called a bigot and disowns it, so what follows is their own
    # claim, not abuse reported to condemn it: "I'll be called racist for saying this, but ...",
    # "call me islamophobic if you like, ...", "calling it racist won't stop us".
    r"\b(?:i'll|i will|i'm going to|i am going to|i'd|i would|we'll|we will|you'll|you will)\s+"
    rf"(?:\w+\s+){{0,2}}?(?:be|get)\s+(?:called|labelled|labeled|branded)\s+{_PREJUDICE_LABEL}\b"
    rf"|\bcall (?:me|us)\s+{_PREJUDICE_LABEL}\b(?=\s*(?:,|-|\.\.\.|if\b|all\b|for\b|but\b|"
    r"whatever\b|i don't care\b|idc\b))"
    rf"|\bcall(?:ing)? (?:it|this|that|me|us)\s+{_PREJUDICE_LABEL}\s+(?:won't|will not|doesn't|"
    r"does not|can't|cannot|isn't going to|is not going to)\s+(?:\w+\s+)?(?:stop|silence|"
    r"change|scare|shut)\b"
    # "I've got nothing against gays, I just ...", "I'm not racist but ...".
    r"|\b(?:i've|i have|ive) (?:got )?nothing against grpx(?:\s+people)?\W+(?:i\s+)?(?:just|but)\b"
    rf"|\bi(?:'m| am|m) not {_PREJUDICE_LABEL}\W*(?:,\s*)?but\b"
    # "It's not hate to say Cllr Okafor is a man": the label disowned before the claim.
    rf"|\b(?:it's|it is|its) not (?:hate|hateful|bigotry|{_PREJUDICE_LABEL}) to (?:say|point out|"
    r"state|notice|ask)\b"
)


def _counter_speech(text: str) -> tuple[bool, str]:
    """Whether the text quotes or reports abuse to condemn it; the text with quotes masked."""
    disowned = _LABEL_DISOWNED.search(text)
    if disowned is not None:
        # Only what follows can still condemn abuse ("..., but calling her a slut is vile").
        counter, rest = _counter_speech(text[disowned.end() :])
        return counter, text[: disowned.end()] + rest
    # A one-word quote is a sneer ("your 'husband'") unless it names a word someone used
    # ("shouted 'x' at her", "'x' scrawled on your car").
    quotes = []
    named = False
    for quote in _QUOTED.finditer(text):
        if " " in quote.group(0).strip("\"' "):
            quotes.append(quote)
        elif _NAMES_A_WORD.search(
            text[max(0, quote.start() - 40) : quote.start()]
        ) or _WRITTEN_UP.match(text, quote.end()):
            quotes.append(quote)
            named = True
    outside = _QUOTED.sub(" quotex ", text) if quotes else text
    # A record of abuse quotes a sentence; a one-word quote is a sneer ("you 'councillor'").
    recorded = any(" " in quote.group(0).strip("\"' ") for quote in quotes)
    logged = _LOGGED.search(outside) or _SHOWN_RECEIVED.search(outside)
    vouched = _CLAIMED_TRUE.search(outside)
    if quotes and not vouched and (_CONDEMN.search(outside) or ((recorded or named) and logged)):
        return True, outside
    said = any(
        " " in quote.group(0).strip("\"' ")
        and (
            _SAID_BY_SOMEONE.search(text[max(0, quote.start() - 60) : quote.start()])
            or _SAID_AFTER.match(text, quote.end())
        )
        for quote in quotes
    ) or bool(quotes and _CLAIM_DENIED.search(text))
    if said and not vouched and not _AGREED_AFTER.search(outside) and not _ENDORSED.search(outside):
        return True, outside
    belief = _BELIEF_CRITIC.search(text) or _HATE_QUESTIONED.search(text)
    if belief is not None and not _AGREED_AFTER.search(text):
        return True, f"{text[: belief.start()]} quotex {text[belief.end() :]}"
    act = _CONDEMNED_ACT.search(text) or _TO_THE_ABUSERS.search(text) or _CALLERS_TOLD.search(text)
    # Anywhere in the post: "to the men calling her a slag - you stupid cow, she's worse".
    if (
        act is not None
        and not _ABUSE_ADDRESSED_AFTER.search(text)
        and not _AGREED_AFTER.search(text)
    ):
        return True, f"{text[: act.start()]} quotex {_tail_after_clause(text[act.end() :])}"
    whistle = _DOG_WHISTLE.search(text)
    judged = whistle and _WHISTLE_JUDGED.match(text, whistle.end())
    if whistle and judged and not _AGREED_AFTER.search(text):
        return True, f"{text[: whistle.start()]} quotex {text[judged.end() :]}"
    reported = None if vouched else _REPORTED.search(text)
    if reported is not None:
        start = reported.start()
        before = text[:start]
        after = text[reported.end() :]
        if reported.group(0).startswith(
            (
                "stop",
                "quit",
                "don't",
                "do not",
                "never",
                "no one",
                "nobody",
                "it's",
                "it is",
                "you can't",
                "you cannot",
                "shouldn't",
                "should not",
                "why would",
                "how dare",
                "how can",
                "enough of",
                "without",
            )
        ):
            # "You can't post here, you stupid ..." forbids and then abuses, and "I'd never call
            # her a ..., but she's a ..." takes it back: neither is counter-speech.
            if _ABUSE_ADDRESSED_AFTER.search(after) or _TAKEN_BACK.search(after):
                return False, text
            return True, f"{before} quotex"
        # "Called me a ... logged it with the police": what someone was called or sent, beside
        # the words of a record, is a record of abuse, not abuse.
        received = reported.group(0).startswith(_RECEIVED_ABUSE) and any(
            _LOGGED.search(part) for part in (before, after)
        )
        if received or _CONDEMN.search(before) or _CONDEMN.search(after):
            return True, f"{before} quotex {_tail_after_clause(after)}"
    return False, text


_ABUSIVE_WORD: Final = rf"(?:{_INSULT_ADJ_ALT}|fucking|bloody|absolute|total|little)"
_ABUSIVE_NOUN: Final = rf"(?:{_INSULT_NOUN_ALT}|{_SLUR_ALT}|{_GENDERED_ALT})"
_ABUSE_ADDRESSED_AFTER: Final = re.compile(
    # After a clause ends, or as the post's last words with a word of abuse before the noun;
    # "don't let them call you a slut" does not address anyone with the words it condemns.
    rf"(?:[.!?,;:]|\s-)\s*(?:you|u|ya)\s+(?:{_ABUSIVE_WORD}\s+){{0,2}}{_ABUSIVE_NOUN}\b"
    rf"|\b(?:you|u|ya)\s+(?:{_ABUSIVE_WORD}\s+){{1,2}}{_ABUSIVE_NOUN}\s*[.!?]*\s*$"
)
_TAKEN_BACK: Final = re.compile(
    rf"\b(?:but|yet)\b.{{0,40}}?\b(?:you|she|he|they)(?:'re|'s| are| is)\s+(?:\w+\s+){{0,2}}"
    rf"{_ABUSIVE_NOUN}\b"
)
_RECEIVED_ABUSE: Final = (
    "call",
    "being called",
    "was called",
    "got called",
    "received",
    "receiving",
    "got sent",
    "was sent",
)


def _tail_after_clause(after: str) -> str:
    """Keep the condemning words after a reported clause ("... is hateful")."""
    match = re.search(
        r"\b(?:is|are|was|were|shows?|makes?|proves?|just|has|have|needs?|should|must)\b.*$",
        after,
    )
    return match.group(0) if match else ""


def _threats(text: str, result: RuleResult, *, skip: bool) -> None:
    """Every threat pattern, every match: a group threatened after a person still counts."""
    if skip:
        return
    noted_group = False
    for pattern, strength in (
        (_THREAT_DIRECT, 0.92),
        (_THREAT_CHAINED, 0.92),
        (_THREAT_BEATEN, 0.92),
        (_THREAT_KNOCKOUT, 0.9),
        (_THREAT_IMPERATIVE, 0.9),
        (_THREAT_PASSIVE, 0.9),
        (_THREAT_DIE, 0.85),
        (_THREAT_HOPE, 0.88),
    ):
        noted = False
        for match in pattern.finditer(text):
            obj = match.group("obj")
            # "The <party> will be slaughtered at the polls": the party names the election too.
            said_of = obj in ("them", "it", "they") or (
                _A_PARTY.search(match.group(0)) and _ELECTORAL_VERB.search(match.group(0))
            )
            if said_of and _political_tail(text, match.end()):
                continue
            if _preceded_by_negation(text, match.start()) or _INNER_NEGATION.search(match.group(0)):
                continue
            if _SENDING.match(text, match.end()):
                continue
            if pattern is _THREAT_IMPERATIVE and any(
                obj == p or obj.endswith(" " + p) for p in lexicon.POLITICAL_OBJECTS
            ):
                continue
            result.raise_floor("threat", strength)
            group = "grpx" in obj
            if group:
                result.raise_floor("identity_attack", 0.85)
            if not noted or (group and not noted_group):
                result.notes.append(f"rule: threat of violence ({match.group(0).strip()!r})")
                noted = True
                noted_group = noted_group or group
    only_good = _ONLY_GOOD.search(text)
    if only_good is not None:
        result.raise_floor("threat", 0.9)
        if "grpx" in only_good.group(0):
            result.raise_floor("identity_attack", 0.9)
        result.notes.append(f"rule: threat ({only_good.group(0).strip()!r})")
    noted = False
    for phrase in _THREAT_PHRASE.finditer(text):
        if _preceded_by_negation(text, phrase.start()) or _political_tail(text, phrase.end()):
            continue
        if _aimed_at_a_thing(text):
            break  # "Windows update can rot in hell" curses a thing
        if _TOLD_TO.search(text, 0, phrase.start()):
            continue  # "ignore the muppet who told you to go and die": reported, not said
        result.raise_floor("threat", 0.88)
        group = "grpx" in phrase.group(0)
        if group:
            result.raise_floor("identity_attack", 0.85)
        if not noted or (group and not noted_group):
            result.notes.append(f"rule: threat ({phrase.group(0).strip()!r})")
            noted = True
            noted_group = noted_group or group


def _doxxing(text: str, result: RuleResult, *, threats: str) -> None:
    phrase = (
        _DOX_REVEAL.search(text)
        or _DOX_THREAT.search(threats)
        or _DOX_WATCHED.search(text)
        or (None if _OFFICE_CONTEXT.search(text) else _DOX_PLACE.search(text))
    )
    if phrase is not None:
        result.raise_floor("doxxing", 0.9)
        result.notes.append(f"rule: doxxing ({phrase.group(0).strip()!r})")
    details = [
        (kind, m.group(0))
        for kind, pattern in (
            ("street address", _ADDRESS),
            ("postcode", _POSTCODE),
            ("phone number", _PHONE),
            ("email address", _EMAIL),
            ("number plate", _NUMBER_PLATE),
        )
        for m in pattern.finditer(text)
    ]
    if not details:
        return
    if _DOX_CONTEXT.search(text) and not _OFFICE_CONTEXT.search(text):
        kinds = ", ".join(sorted({kind for kind, _ in details}))
        result.raise_floor("doxxing", 0.9)
        result.notes.append(f"rule: doxxing (personal {kinds} with a pointer to a person)")
    elif not _OFFICE_CONTEXT.search(text):
        result.raise_floor("doxxing", 0.3)


_BIRDS: Final = gated(
    r"\b(?:blue tits?|nesting|nest ?box(?:es)?|bird ?feeders?|rspb|birdwatch\w*|birdsong)\b"
)
"""Great tits and blue tits nest in boxes: the birds ("bird" alone is also slang for a woman)."""


def _sexual(text: str, result: RuleResult, *, skip: bool) -> None:
    if skip:
        return
    match = _SEXUAL.search(text)
    if match is None or _preceded_by_negation(text, match.start()):
        return
    if _SEX_NEGATIVE.search(text) and not _SECOND_PERSON.search(text):
        return
    if _BIRDS.search(text):
        return
    result.raise_floor("sexual_harassment", 0.9)
    result.notes.append(f"rule: sexual harassment ({match.group(0).strip()!r})")


def _pile_on(text: str, result: RuleResult, *, skip: bool) -> None:
    if skip:
        return
    match = _PILE_ON.search(text)
    if (
        match is None
        or _preceded_by_negation(text, match.start())
        or re.search(r"\b(?:thank|thanks|congratulat\w*|well done|cheer\w*|support)\b", text)
    ):
        return
    result.raise_floor("abuse", 0.75)
    result.notes.append(f"rule: a call to pile on ({match.group(0).strip()!r})")


_GROUNDED_CHARGE: Final = gated(
    # A plain charge a representative answers for, with nothing abusive around it.
    r"(?:you|u|ya|@user|she|he)(?:'re|'s| are| is| r|re| were| was)?\s+(?:a|an|such a|the)?\s*"
    r"(?:liar|hypocrite)$"
)
_CHARGE_ALONE: Final = re.compile(
    r"\W*(?:(?:you|u|@user|she|he)(?:'re|'s| are| is)?\s+)?(?:a |an |such a |the |just )?"
    r"(?:liar|hypocrite|lying)\W*"
)
_GROUNDS_BEFORE: Final = re.compile(
    # "Voted against free school meals, then posted at a food bank. Hypocrite": the record first.
    r"\b(?:voted|votes|vote|said|says|told|claimed|claims|promised|pledged|hansard|record|minutes|"
    r"inquiry|photos?|receipts|manifesto|u-turn|division)\b"
)
_SELF_BEFORE: Final = re.compile(r"\b(?:i'm|i am|im|i feel like|i felt like)\s+(?:an?\s+)?$")
_GROUNDS: Final = re.compile(
    # "You're a hypocrite on climate", "a liar about the closures", "a hypocrite: campaigns on
    # green belt, then approves ...": the charge comes with its grounds, as criticism does.
    r"\s*(?::|-|\u2013|\u2014|on|about|over|when it comes to|regarding)\s+\w"
)


def _insults(text: str, result: RuleResult, *, skip: bool) -> None:
    if skip:
        return
    for pattern, strength in (
        (_INSULT_PERSON, 0.88),
        (_INSULT_ADJ, 0.8),
        (_INSULT_PHRASE, 0.85),
        (_INSULT_VOCATIVE, 0.8),
        (_STUTTER_MOCK, 0.8),
    ):
        match = pattern.search(text)
        if match is None or _preceded_by_negation(text, match.start()):
            continue
        segment = match.group(0)
        if re.search(r"\b(?:not|n't|never|no)\b", segment):
            continue
        if _GROUNDED_CHARGE.match(segment) and _GROUNDS.match(text, match.end()):
            continue
        if _CHARGE_ALONE.fullmatch(segment) and _GROUNDS_BEFORE.search(text, 0, match.start()):
            continue
        if pattern is _INSULT_PHRASE and _SELF_BEFORE.search(text, 0, match.start()):
            continue  # "I am a waste of oxygen before my first coffee"
        if _aimed_at_a_thing(text):
            return  # "my laptop is a piece of shit" insults no one
        result.raise_floor("insult", strength)
        result.notes.append(f"rule: insult aimed at a person ({segment.strip()!r})")
        return


def _names_self(text: str, slur: str) -> bool:
    """Whether the speaker names themself (or their own group) with a reclaimable slur: "us
    poofs", "as a dyke", "I'm a proud tranny", or "tranny here" ("fat dyke on a mobility scooter
    here") opening the post."""
    if slur not in lexicon.RECLAIMABLE | lexicon.RECLAIMED_BY_SELF_NAMING:
        return False
    word = re.escape(slur)
    named = re.search(
        rf"\b(?:us|we|we're|we are|i'm|im|i am|as an?|me,? an?|me and my|my fellow|call myself|"
        rf"calls? ourselves)\s+(?:(?:a|an|"
        rf"the|proud|old|fat|happy|fellow|local|big|little|camp|loud|flaming|only|freshest|realest|"
        rf"baddest|\w+-\w+)\s+){{0,3}}{word}\b(?!\s+(?:like|such as))",
        text,
    )
    # One person introducing themself: "dykes in the park here" is about others.
    introduced = not slur.endswith("s") and re.match(
        rf"\W*(?:(?:a|an|one|proud|old|fat|local|happy)\s+){{0,2}}{word}"
        rf"(?:\s+(?:on|in|with|from|of)\s+(?:[\w-]+\s+){{0,3}}?)?\s*here\b",
        text,
    )
    # The community's own events and groups named with it: "Dyke March", "Queer Night".
    event = re.search(
        rf"\b{word}\s+(?:march|marches|on bikes|night|nights|bar|collective|choir|network|social|"
        rf"disco|brunch|book club|football|five-a-side)\b",
        text,
    )
    return named is not None or bool(introduced) or event is not None


def _identity(
    text: str, result: RuleResult, slur_targets: list[tuple[str, str]], *, skip: bool
) -> None:
    if skip:
        return
    for slur, target in slur_targets:
        strong = slur in lexicon.STRONG_SLURS
        named_self = _names_self(text, slur)
        if named_self or (
            slur in lexicon.RECLAIMABLE
            and _RECLAIM_SELF.search(text)
            and not re.search(
                rf"\b(?:you|u|ya|ur|your|those|these|all|filthy|dirty|fucking|stupid)\s+{re.escape(slur)}",
                text,
            )
        ):
            result.notes.append(f"rule: reclaimed in-group use of {slur!r} (not scored as abuse)")
            # The speaker naming themself with it, and nothing hostile beside, is decided (never
            # routed to the second stage, which reads the word alone); a "we" elsewhere in the
            # post, or "we dykes will batter you", only lowers the score.
            decided = named_self and not _HOSTILE.search(
                re.sub(rf"\b{re.escape(slur)}\b", " ", text)
            )
            result.dampen = min(result.dampen, 0.3 if decided else 0.4)
            continue
        if strong:
            result.raise_floor("identity_attack", 0.9)
            result.raise_floor("insult", 0.6)
            result.target = result.target or target
            result.notes.append(f"rule: slur {slur!r} (target {target})")
        else:
            # Aimed at a person: "you (stupid) cow", "she's a cow", "call her a whore", "what a
            # cow". An article alone is not aim: "canvassing in this rain is a bitch".
            aimed = re.search(
                r"(?<!\w)(?:(?:you|u|ya|@user|she|he|(?:this|that|the|your|our) "
                r"(?:grpx|woman|girl|lady|mp|councillor|minister|candidate|leader|wife|mum|mother))"
                r"(?:'re|'s| are| is| r| were| was)?|ur|her|this|that|stupid|dumb|fat|ugly|dirty|"
                r"filthy|fucking|old|lying|silly|little|such a|what a)\s+"
                r"(?:(?:a|an|the|such a|total|complete|absolute|utter|stupid|dumb|fat|ugly|dirty|"
                rf"filthy|fucking|old|lying|silly|little)\s+){{0,2}}{re.escape(slur)}\b"
                r"|(?:^|[.!?,;:]\s*|\b(?:shut up|fuck off|piss off|oi|hey|listen|get lost|"
                rf"go away)\s*,?\s*){re.escape(slur)}\s*(?:[.!?,;:]|$)",
                text,
            )
            if aimed is not None and not _preceded_by_negation(text, aimed.start()):
                result.raise_floor("insult", 0.85)
                result.raise_floor("identity_attack", 0.55)
                result.target = result.target or target
                result.notes.append(f"rule: gendered slur {slur!r} aimed at a person")
    match = _HATE_VERB.search(text)
    if (
        match is not None
        and not _preceded_by_negation(text, match.start())
        and not _NEGATED_VERB.search(match.group(0))
    ):
        result.raise_floor("identity_attack", 0.85)
        result.notes.append(f"rule: hatred of a protected group ({match.group(0).strip()!r})")
    match = _DEROGATION.search(text)
    if (
        match is not None
        and not _preceded_by_negation(text, match.start())
        and (match.group("grp") == "grpx" or match.group("grp2") == "grpx" or "grpx" in text)
    ):
        result.raise_floor("identity_attack", 0.85)
        result.notes.append(
            f"rule: dehumanising or derogatory claim about a protected group "
            f"({match.group(0).strip()!r})"
        )
    match = _GROUP_SHOULD.search(text)
    if match is not None and not _preceded_by_negation(text, match.start()):
        result.raise_floor("identity_attack", 0.85)
        result.notes.append(
            f"rule: exclusion or denial of a protected group ({match.group(0).strip()!r})"
        )
    match = _SARCASTIC_PRAISE.search(text)
    if match is not None:
        result.raise_floor("identity_attack", 0.75)
        result.notes.append("rule: sarcastic praise of a protected group, then a sneer")
    match = _DOG_WHISTLE.search(text)
    if (
        match is not None
        and not _preceded_by_negation(text, match.start())
        and not _NAMES_A_DOG_WHISTLE.search(text)
    ):
        result.raise_floor("identity_attack", 0.75)
        result.notes.append(f"rule: coded hate, a dog whistle ({match.group(0).strip()!r})")
    for trope, trope_target in _HATE_TROPES:
        match = trope.search(text)
        if match is None or _preceded_by_negation(text, match.start()):
            continue
        if _NAMES_A_DOG_WHISTLE.search(text):
            break  # "calling her 'a man in a dress' is transphobic" names the trope to condemn it
        result.raise_floor("identity_attack", 0.8)
        result.target = result.target or trope_target
        named = f", target {trope_target}" if trope_target else ""
        result.notes.append(f"rule: a hate trope ({match.group(0).strip()!r}{named})")
        break
