"""The statistical model: a logistic regression per label over hashed n-grams, without pickle.

The artefact is two files in `upstander/classify/artefacts/`: `builtin.npz` (weights as float16,
intercepts, thresholds; loaded with `allow_pickle=False`) and `builtin.json` (format version,
label order, the known-words list used by normalisation, training facts).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from upstander.classify.features import Hashed
from upstander.classify.types import LABELS

ARTEFACT_DIR: Final = Path(__file__).resolve().parent / "artefacts"
FORMAT: Final = 1
VERSION: Final = "1.1.11"
"""The scorer's code: raised when the rules or how the stages combine change what a post scores,
so a stored score names the code that gave it (the `+hash` parts name the artefacts). 1.1.0:
records of abuse ("called me a ..., logged it") read as reports; "open season on", "string him
up" are threats; harm wished on a group is not praise; a one-word sneer quote is no report;
slurs' ordinary senses (drainage dykes, a fag break), nesting great tits, "shoot you a message"
and "without calling her a ..." are not abuse. 1.1.1: "you can't post here, you stupid ..."
forbids and then abuses, so it is no counter-speech; "not all of us think ..." denies what
follows; a quote someone was sent, beside "contact form", "been suspended", "reported" and other
words of a record, is a report; "wishing her a long painful illness" is a threat; "I will never
accept a <group> as my representative" is identity hate; a denial taken back ("but she's a
..."), "... claiming expenses" and "can't stop thinking" are no counter-speech; "no woman
belongs in cabinet" is exclusion. 1.1.2: dog whistles ("remigration", "the great replacement",
"if you love Pakistan that much there's flights ...", "this ward used to be English") are coded
identity hate, unless the post names them to condemn them; "shame if something happened to your
family", "let's see if you still feel safe" and "funny things happen to councillors who ..." are
veiled threats; a place "full of <group>. Vile.", "no wonder the borough is broke, it's run by
<group>" and "<group> on our estate are a disgrace" are identity hate; "<group> are allowed to
stand for office" and "so many <group> keep our hospital running" are positive statements;
innuendo ("... as long as she does it bent over the desk", "makes me hard", "still would") is
sexual harassment; a call to a crowd to descend on one person ("her phone should not stop
buzzing", "mass-tag her under every post") is abuse; "look at this deranged subhuman ..." is an
insult. 1.1.3: praise of a group said with an eye-roll or a laugh ("so proud to have a female
councillor 🙄") is not read as praise; "wont", "aint" and other negations without their
apostrophe count as negative words; "stop pretending to be one of us" accuses and condemns no
claim; a charge with its grounds ("a hypocrite on climate: ...") is criticism, not an insult; a
mention (@user) is a person to the insult and aim rules; "spoof" is not mended into a slur;
"swarm her comments", "crowd him out", "email her employer", "make sure his neighbours see this"
and "let's get her cancelled" are pile-ons; "deserves a slow painful death", "hope her chemo
fails", "keels over", "karma in the form of a bus", "hope a mob finds him", "rot in hell" and
"going to make your life hell" are threats; a speaker naming themself with a reclaimed slur ("us
poofs in the LGBT+ branch", "tranny here (my word)") slurs no one; far-right codes
("(((name)))", "14/88", "88 to you", "Londonistan", "plastic Brits", "imported, not elected", a
quoted "'enrichment'", "brought the third world", "wants sharia", "a certain... heritage 👃",
"Christ killers", "not a drop of English blood") are coded identity hate; "slept her way to the
top", "on her knees for the nomination", "her 'assets'", the beach photos asked for again and a
child's photo with heart eyes and "how old is she now?" are sexual harassment; "we're keeping a
list", "people have disappeared for less", "I know which car is yours", "we know your routine",
"don't say you weren't warned", "your missus is a creature of habit" and "accidents happen to
people who ..." are veiled threats; misgendering ("he's a man in a dress", "by his real name"),
the "groomer" smear, "queer scum", ape taunts ("🦧 ook ook", "another 🐵 elected"), "where are you
really from" and "being <group> is not a qualification" are hate tropes; "no <group> should be
on the planning committee" or "near our kids" is exclusion, not a denial; abuse named as an act
and judged ("deadnaming a trans councillor is cruel") or answered ("to the men calling her a
slag: would you talk to your sister like that?") is counter-speech; "your days are numbered,
we'll vote you out" or "... as our MP" is an election, not a threat. 1.1.4: a home told by
landmarks ("her flat's above the vape shop on Church St"), a what3words square, a number plate
or a private email beside a pointer to a person, and a child or partner watched ("spotted his
kids at the soft play") are doxxing; an inbox left open to the crowd ("her DMs are open btw
👀"), a partner, employer or congregation told, "keep it 'polite' 😉", mass-tags with "get in
here" and followers brought in are pile-ons; illness wished back, "RIP in advance", a beating
missed or bet on, "shame the surgery went well", "quitting life", a route to vary, "asking for a
few friends", "and I don't mean at the election" and "not scared of prison" are threats; abuse
asked as a question ("can you count past ten?", "was it the lobotomy?", "what is the point of
you?", "buy you a personality", the sex offenders register) and a condition or stammer mocked
are insults; a deadname ("born Steven, still Steven"), "it/its pronouns ... suits it", the lure
smear, a put-on accent, an ape named as the person, "if you don't like it here there's planes",
a pig's head or bacon at a mosque or letterbox, "bomb-belt" and "the opposite in Arabic" are
hate tropes; codes ("13/52", "the JQ", "rahowa", "88 to all", "the echo is strong with this
one", natives replaced, "a minority in their own land", "they're colonisers", a family name
"before they got here") are coded identity hate; "with the rest off", "her bending over" and
"see her in a bikini" are sexual harassment; a quote called "the oldest lie" and its callers
told off ("people calling her a '...' should read her CV") are counter-speech; eleven more
slurs; sympathy, an election or the party's process, and a call to support someone, with no
violence, insult or group named, lower the model's score (GOODWILL_DAMPEN). 1.1.5: a dog
whistle named and judged ("the great replacement is a racist conspiracy theory") is
counter-speech, while "not a conspiracy theory" and "no myth" vouch for it; "wishing him an
accident-free drive" is a good wish; "you should come along and watch" invites. 1.1.6: a
bigot label disowned in advance ("I'll be called racist for saying this, but ...", "calling it
racist won't stop us") is no counter-speech, though a condemnation after it still is; a good
wish with harm left to the imagination ("shame if your brakes failed") lowers nothing; a group
after "for being" or "against" is not what "... is disgusting" judges; "people who say ...
haven't met her" rebuts, "... are spot on" agrees; "she said '...'" reports unless the writer
takes the words up; "I'd rather die than vote for you" is the writer's own fate. 1.1.7: a slur
someone shouted, abuse that "landed in my DMs", the people who shouted it addressed and a slur
named as "an ethnic slur" are records of abuse; a quote vouched for ("it's just true", "they're
not wrong", "if the cap fits", "couldn't have said it better", "Facts.") is no counter-speech;
"(((hugs)))" and "14 words or fewer" are no codes, while the 14 words written out and
"Rothschild puppet" are; people "lined up against a wall" are threatened, a team beaten "in the
rematch" is not; a group denied "the same vote" or "rights" is attacked; "a man in a dress is
still a man" misgenders; replies left "open 👀" and "shame if everyone at <firm> found out"
are pile-ons; "I get asked '...'" and "a man asked me '...'" record abuse received; "put you
through the window", "a good hiding", "her card's marked" threaten; Scots and slang
("ah'll batter ye", "ima", "ong") are read as plain English before the rules; "it's not hate
to say" disowns the label; "<person> is a man. It's biology", "a biological male", "'she'" and
"'the op'" misgender; children seen "at the school gate" are doxxing; a Hitler gif is coded
hate; "<group> belong in cages" excludes; "why do so many people hate <group>?" with no answer
after it is counter-speech; "we should listen to <group>" is a positive statement; abuse quoted
into a record ("passed to police", "case note, verbatim", "CCTV ... footage") is a report unless
mocked or applauded ("boo hoo", "fair play"); "I've got nothing against <group>, I just ..."
disowns the label; "liar" or "hypocrite" after the record is criticism; contempt by comparison
("the brains of a garden gnome") insults; harm wished by euphemism ("gutted he's pulled
through", an obituary toasted) threatens; a woman rated or put in a "bikini edition" is
harassed; a crowd pointed at her congregation, parents' WhatsApp or accounts is a pile-on; a
claim quoted to be asked about ("asked me if '...'"), denied ("<group> do not '...'") or
mocked ("'...,' says man who") is counter-speech; scare-quoted "'children'" and "'special'",
"a single normal person left", "less suited to leadership" and "I identify as a lamp post"
attack a group; a slur shouted or scrawled, then reported, is a record; "her" is never "he r"
to the insult rules; a threat someone "told you to" carry out is reported, not made. 1.1.8: a
group affirmed (what it is, may do, is owed, where it belongs: "<group> should be allowed to
marry", "protect <group>"), cheered with emoji, or asked about to learn a fact is decided not
abusive unless hostility is anywhere in the post; "human rubbish", "no <group> should be party
leader", supremacy, a group sent back or "dumped on our area" attack it, while deportation
debated as policy and "ban gay conversion therapy" do not; "Dyke March" is reclaimed use; a
run-together word splits only into real pieces ("encampments"). 1.1.9: a stereotype denied of a
group ("<group> are not too emotional to lead", "<group> don't control the media") is a negation
unless another claim stands beside it ("..., they own it", "only most of them"); praise that
opens a post about a group and a listed sneer after it ("can't wait to see what goes missing")
is identity hate; a group allowed or owed an everyday thing ("to board a train", "to walk home")
is affirmed, one sent away in an idiom ("walk the plank", "the next flight out") is not; a quote
called biphobic, xenophobic, "not funny" or "not a joke" is counter-speech; more nationalities
are groups (Afghans, Syrians, Kurds, Albanians, Ukrainians ...); equality or respect refused to a
group ("never treat <group> as our equals"), a group wanted gone, "why are <group> so <word>?" and
"they're just liars" said of a group are hate; "people who call <group> disgusting should be
ashamed" denounces it; faggots "for the fire" and a "tranny" at the mechanic's are homonyms; a
speaker naming themself with a reclaimed word, nothing hostile beside, is decided; "<group>
disgust me", "not as intelligent as everyone else", "never contributed anything good" and "lovely
before <group> moved in" are hate, "it's untrue that ..." denies; "countless" is one word.
1.1.10: a plain fact about how a group lives its faith, language or customs ("many <group> fast
during Ramadan"), where it lives ("there is a large <group> community in Bradford") or who someone
is ("I am a <group> man.") is decided not abusive unless hostility is anywhere in the post; abuse
aimed at a thing or a pest alone ("I can't stand cauliflower", "wasps are evil, kill them all",
"my laptop is a piece of shit") is decided not abusive while no person is named beside it;
neighbours told they have "a week to leave", "had better move out before their windows go
through", "are going to regret moving here" or are "getting a kicking if ..." are threatened;
more praise opens sarcasm ("such a joy", "oh look", "love how") and more sneers close it ("we all
know how that goes", "never been so empty", "integration goals"); "<group> have dragged this
town down", "are ruining this country", "contribute nothing", "don't belong in our party", "no
business being born" and "the point of keeping <group> alive" are hate (asked back with "?" to
rebut, they are not); people with Down's syndrome are a group; a question asked to learn how a
group gets or uses a service ("can <group> get an X marker on a passport?") is decided, unless
loaded ("free", "jump the queue", the ladies') or answered about the group after it; harm
planned is threatened when the victim is sought first ("find one of those <group> ... and beat
her"), a weapon is taken to a person or a group's place ("my shotgun to the refugee centre",
"to your house with a crowbar"), a van driven into a crowd, a group's shop fire-bombed or
"attacked on Sunday while they're inside", acid thrown "in your face", or "you won't make it to
Christmas"; "until you stop talking about ..." is a threat's condition, not counter-speech, and
"kill the lights" threatens no one; a claim named and rejected ("the idea that <group> are a
danger is rubbish", "I don't accept that ...", "no more of a drain than the rest of us", "used to
reckon") is a negation; sarcastic praise may open a reply ("@user great idea housing more
<group> ...") and a reply cursing a thing ("@user Windows update can rot in hell") is not aimed
at its addressee; "we'll be there with petrol", "give the <group> a kicking" and "when I'm done
with you" threaten; "human litter" and "rot" said of a group dehumanise it.
1.1.11: a beating promised to a person's body ("smash ur face in", "punch your teeth"), to its end
("beat every <x> in this town to a pulp", "senseless") or a knock-out ("I'll knock him out", never
"knock them out of the cup" or "with her singing"), a weapon "with his name on it" and one brought
"outside your office" or "at his door" are threatened; a party "slaughtered at the polls" or
"wiped out in this seat" is an election (a party "hanged at the count" is not); a stereotype denied
in a reply ("@user <group> arent parasites"), of local people ("<group> lads in this town are not
criminals") or by "nobody in their right mind thinks" is a negation; faggots of hazel for a hedge,
Offa's Dyke and a "tranny van" are homonyms; "my wallet can't wait to meet them" and "can't
wait for the kids to start carrying daggers" sneer, and a gurdwara or an asylum hotel stands for
its group in sarcastic praise."""
TRAINING_SEED: Final = 20261125

FloatArray = npt.NDArray[np.float32]


@dataclass(slots=True)
class LinearModel:
    """Weights (features x labels), intercepts and per-label thresholds on raw probabilities."""

    weights: FloatArray
    intercepts: FloatArray
    thresholds: dict[str, float]
    known_words: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    digest: str = ""

    def predict(self, features: Hashed) -> FloatArray:
        """Raw probabilities, shape (n_texts, n_labels), in `LABELS` order."""
        logits = features.dot(self.weights) + self.intercepts
        out: FloatArray = (1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))).astype(np.float32)
        return out

    def save(self, directory: Path = ARTEFACT_DIR, name: str = "builtin") -> None:
        directory.mkdir(parents=True, exist_ok=True)
        thresholds = np.array([self.thresholds[label] for label in LABELS], dtype=np.float32)
        np.savez_compressed(
            directory / f"{name}.npz",
            weights=self.weights.astype(np.float16),
            intercepts=self.intercepts.astype(np.float32),
            thresholds=thresholds,
        )
        info = {
            "format": FORMAT,
            "version": VERSION,
            "labels": list(LABELS),
            "known_words": sorted(self.known_words),
            "meta": self.meta,
        }
        (directory / f"{name}.json").write_text(
            json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path = ARTEFACT_DIR, name: str = "builtin") -> LinearModel:
        npz_path = directory / f"{name}.npz"
        json_path = directory / f"{name}.json"
        info_raw = json_path.read_bytes()
        info = json.loads(info_raw)
        if info.get("format") != FORMAT or info.get("labels") != list(LABELS):
            raise ValueError(f"{json_path} is not a format-{FORMAT} model with labels {LABELS}")
        with np.load(npz_path, allow_pickle=False) as arrays:
            stored = np.ascontiguousarray(arrays["weights"])
            intercepts = np.asarray(arrays["intercepts"], dtype=np.float32)
            stored_thresholds = np.asarray(arrays["thresholds"], dtype=np.float32)
        # The version stamp hashes the content (not the zip file, whose timestamps vary).
        digest = hashlib.sha256(
            stored.tobytes() + intercepts.tobytes() + stored_thresholds.tobytes() + info_raw
        ).hexdigest()[:12]
        weights = stored.astype(np.float32)
        thresholds = stored_thresholds.tolist()
        return cls(
            weights=weights,
            intercepts=intercepts,
            thresholds=dict(zip(LABELS, (float(t) for t in thresholds), strict=True)),
            known_words=list(info.get("known_words", [])),
            meta=dict(info.get("meta", {})),
            digest=digest,
        )
