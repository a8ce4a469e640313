"""Text normalisation: undo the spelling tricks abuse hides behind, before any scoring.

`Normaliser.normalise` lower-cases, folds Unicode look-alikes, turns emoji into their names
(skin tones into `darkskin`/`lightskin`), replaces URLs and @handles, joins s p a c e d letters,
undoes leet (`h4te` -> `hate`), fills starred-out words (`sc*m` -> `scum`), collapses repeated
letters, mends one-letter typos of words in the abuse lexicon, and splits run-together words
(`theyarescum` -> `they are scum`). The lexicon of words worth mending is fixed; the list of
ordinary known words comes from the training corpora and ships with the model.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from upstander.classify import lexicon

_URL: Final = re.compile(r"(?:https?://|www\.)\S+|\[url\]", re.IGNORECASE)
# A handle is the whole of `@name`, `@name.bsky.social` or `@name@instance.social`; a bare
# Bluesky handle (`name.bsky.social`) is one too.
_MENTION: Final = re.compile(
    r"(?<![\w@.])@\w+(?:[.@][\w-]+)*(?<![.-])|\b[\w-]+(?:\.[\w-]+)*\.bsky\.social\b|\[user\]",
    re.IGNORECASE,
)
_RETWEET: Final = re.compile(r"^\s*rt\s+@user\s*:?\s*", re.IGNORECASE)
_SPACED: Final = re.compile(r"(?<![\w*])(?:[a-z0-9@$*][ ._\-~]){2,}[a-z0-9@$*](?![\w*])")
_TOKEN: Final = re.compile("[\\w@$*!|+#'\u2019]+(?:-[\\w@$*]+)*")
_REPEAT3: Final = re.compile(r"(.)\1{2,}")
_WS: Final = re.compile(r"\s+")
_UNIT: Final = re.compile(r"^\d+(?:st|nd|rd|th|s|am|pm|k|m|bn|ft|mph|kg|km|p|x|g)?$")
_LEET: Final[dict[str, str]] = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "i",
    "+": "t",
}
_LEET_CHARS: Final = frozenset(_LEET)
_SKIN: Final[dict[str, str]] = {
    "\U0001f3fb": " lightskin",
    "\U0001f3fc": " lightskin",
    "\U0001f3fd": " mediumskin",
    "\U0001f3fe": " darkskin",
    "\U0001f3ff": " darkskin",
}
_MAX_TOKEN: Final = 40


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# UK postcode areas: an outward code (`sk4`) or a full postcode (`sk4 1ab`) whose area is one of
# these is an address, not leet (`sk4` must not become `ska`).
POSTCODE_AREAS: Final = _words(
    "ab al b ba bb bd bh bl bn br bs bt ca cb cf ch cm co cr ct cv cw da dd de dg dh dl dn dt dy "
    "e ec eh en ex fk fy g gl gu gy ha hd hg hp hr hs hu hx ig im ip iv je ka kt kw ky l la ld le "
    "ll ln ls lu m me mk ml n ne ng nn np nr nw ol ox pa pe ph pl po pr rg rh rm s sa se sg sk sl "
    "sm sn so sp sr ss st sw sy ta td tf tn tq tr ts tw ub w wa wc wd wf wn wr ws wv yo ze"
)
_OUTWARD: Final = re.compile(r"^(?P<area>[a-z]{1,2})\d\d?$")
# Kept exactly as written: full postcodes (when the area is real), number plates ("km19 tle", not
# "kmig tle") and e-mail addresses, which the doxxing rules look for in the normalised text.
_KEEP: Final = re.compile(
    r"(?<![\w@$*])(?P<area>[a-z]{1,2})\d[a-z\d]?\s*\d[a-z]{2}(?![\w@$*])"
    r"|(?<![\w@$*])[a-z]{2}\d{2}\s?[a-z]{3}(?![\w@$*])"
    r"|\b[\w.+-]+@[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}\b"
)
_EMOJI_LETTER: Final = re.compile(
    r"^(?:negative )?(?:squared|circled|parenthesized|regional indicator symbol|fullwidth|"
    r"mathematical [a-z ]+?)(?: latin)?(?: capital| small)? letter ([a-z])$"
)


def _target_words() -> frozenset[str]:
    """Single words worth mending when misspelt: the abuse vocabulary and group names."""
    words: set[str] = set()
    sources: Iterable[Iterable[str]] = (
        lexicon.STRONG_SLURS,
        lexicon.GENDERED_SLURS,
        lexicon.INSULT_NOUNS,
        lexicon.INSULT_ADJECTIVES,
        lexicon.DEHUMANISING_NOUNS,
        lexicon.NEGATIVE_GROUP_ADJECTIVES,
        lexicon.PROFANITY,
        lexicon.VIOLENT_VERBS,
        lexicon.VIOLENT_PARTICIPLES,
        *lexicon.GROUPS.values(),
        (
            "hate",
            "hated",
            "hates",
            "kill",
            "die",
            "dead",
            "death",
            "murder",
            "despise",
            "detest",
            "loathe",
            "scum",
            "disgusting",
            "should",
            "deserve",
            "deport",
            "deported",
            "exterminate",
            "rape",
            "rapist",
            "rapists",
            "terrorist",
            "terrorists",
            "trash",
            "garbage",
            "vermin",
            "filth",
            "rubbish",
            "horrible",
            "nudes",
            "boobs",
            "pussy",
            "penis",
            "blowjob",
            "whore",
        ),
    )
    for source in sources:
        for phrase in source:
            for word in phrase.split():
                if len(word) >= 4 and word.isalpha():
                    words.add(word)
    return frozenset(words)


TARGET_WORDS: Final[frozenset[str]] = _target_words()
LEXICON_WORDS: Final[frozenset[str]] = TARGET_WORDS | frozenset(
    word
    for source in (
        lexicon.STRONG_SLURS,
        lexicon.GENDERED_SLURS,
        lexicon.PROFANITY,
        lexicon.INSULT_NOUNS,
        lexicon.POLITICAL_OBJECTS,
        lexicon.NONPROTECTED_GROUPS,
        *lexicon.GROUPS.values(),
    )
    for phrase in source
    for word in phrase.split()
)
# Common words that must never be "mended" into abuse vocabulary, whatever the corpus vocabulary.
COMMON_WORDS: Final[frozenset[str]] = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "always",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "couldn't",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "he'd",
        "he'll",
        "he's",
        "her",
        "here",
        "here's",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "how's",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "let's",
        "me",
        "more",
        "most",
        "mustn't",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "shan't",
        "she",
        "she'd",
        "she'll",
        "she's",
        "should",
        "shouldn't",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they'd",
        "they'll",
        "they're",
        "they've",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "wasn't",
        "we",
        "we'd",
        "we'll",
        "we're",
        "we've",
        "were",
        "weren't",
        "what",
        "what's",
        "when",
        "when's",
        "where",
        "where's",
        "which",
        "while",
        "who",
        "who's",
        "whom",
        "why",
        "why's",
        "with",
        "won't",
        "would",
        "wouldn't",
        "you",
        "you'd",
        "you'll",
        "you're",
        "you've",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "live",
        "lives",
        "life",
        "love",
        "like",
        "know",
        "think",
        "said",
        "say",
        "says",
        "see",
        "seen",
        "get",
        "got",
        "go",
        "going",
        "gone",
        "come",
        "came",
        "make",
        "made",
        "take",
        "took",
        "give",
        "gave",
        "want",
        "need",
        "feel",
        "felt",
        "look",
        "good",
        "great",
        "new",
        "old",
        "big",
        "small",
        "long",
        "people",
        "person",
        "man",
        "men",
        "woman",
        "women",
        "child",
        "children",
        "kid",
        "kids",
        "friend",
        "friends",
        "family",
        "home",
        "house",
        "work",
        "job",
        "time",
        "day",
        "days",
        "year",
        "years",
        "week",
        "today",
        "tonight",
        "yesterday",
        "tomorrow",
        "way",
        "thing",
        "things",
        "vote",
        "votes",
        "voted",
        "bill",
        "law",
        "policy",
        "council",
        "mp",
        "mps",
        "party",
        "government",
        "minister",
        "election",
        # The election count, never a slur with a letter too many.
        "count",
        "counts",
        "seat",
        "seats",
        "campaign",
        "country",
        "city",
        "town",
        "street",
        "school",
        "hospital",
        "nhs",
        "money",
        "tax",
        "pay",
        "paid",
        "just",
        "really",
        "still",
        "even",
        "never",
        "ever",
        "every",
        "much",
        "many",
        "well",
        "back",
        "now",
        "then",
        "here",
        "there",
        "out",
        "yes",
        "yeah",
        "ok",
        "okay",
        "right",
        "wrong",
        "true",
        "false",
        "sure",
        "thanks",
        "thank",
        "please",
        "sorry",
        "hi",
        "hello",
        "bye",
        "lol",
        "omg",
        "wow",
        "cool",
        "nice",
        "fine",
        "best",
        "better",
        "worst",
        "worse",
        "bad",
        "last",
        "first",
        "next",
        "next",
        "man",
        "word",
        "words",
        "call",
        "called",
        "calling",
        "said",
        "saying",
        "tell",
        "told",
        "ask",
        "asked",
        "talk",
        "talked",
        "speak",
        "spoke",
        "hear",
        "heard",
        "read",
        "wrote",
        "write",
        "mean",
        "means",
        "meant",
        "should",
        "would",
        "could",
        "might",
        "must",
        "will",
        "shall",
        "can",
        "may",
        "one",
        "two",
        "three",
        "four",
        "five",
        "ten",
        "hundred",
        "thousand",
        "million",
        "all",
        "any",
        "anyone",
        "anybody",
        "everyone",
        "everybody",
        "someone",
        "somebody",
        "nobody",
        "none",
        "nothing",
        "something",
        "everything",
        "anything",
        "hate",
        "hated",
        "hates",
        "trait",
        "traitor",
        "traitors",
        "part",
        "parts",
        "hat",
        "hates",
        "ate",
        "rate",
        "rates",
        "late",
        "plate",
        "grate",
        "mate",
        "bit",
        "bite",
        "bin",
        "sit",
        "site",
        "slit",
        "hung",
        "hang",
        "hunt",
        "hurt",
        "cut",
        "cute",
        "shot",
        "shut",
        "shoot",
        "gas",
        "gay",
        "fag",
        "bat",
        "bath",
        "batch",
        "pitch",
        "ditch",
        "itch",
        "witch",
        "which",
        "rich",
        "bitch",
        "bash",
        "cash",
        "crash",
        "rash",
        "ash",
        "wash",
        "dish",
        "fish",
    ]
)
_EMOJI_WORDS: Final[dict[str, str]] = {
    "hocho": "knife",
    "water pistol": "gun",
    "pistol": "gun",
    "bomb": "bomb",
    "collision symbol": "boom",
    "pile of poo": "shit",
    "monkey": "monkey",
    "gorilla": "gorilla",
    "rat": "rat",
    "pig": "pig",
    "see no evil monkey": "monkey",
}


# The only pieces of one or two letters a run-together word is split into: the corpora know "en"
# and "ts", which made "encampments" into "en camp men ts".
_SHORT_PIECES: Final = frozenset(
    {"a", "i", "an", "in", "to", "of", "is", "it", "go", "my", "we", "me", "he", "us", "up"}
    | {"on", "at", "as", "so", "no", "do", "be", "by", "or", "ok", "ur", "ya", "em", "yo", "oi"}
)

# A last piece that is an English suffix makes a derived word, never two words run together:
# "countless" is not "count less".
_SUFFIX_PIECES: Final = frozenset({"less", "ness", "ful", "fully", "ment", "ments", "ship", "hood"})


def _deletes(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _emoji_name(ch: str) -> str:
    if ch in _SKIN:
        return _SKIN[ch]
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return " "
    name = name.lower().replace("-", " ")
    letter = _EMOJI_LETTER.match(name)
    if letter is not None:
        return letter.group(1)
    if name in _EMOJI_WORDS:
        return f" {_EMOJI_WORDS[name]} "
    for noise in ("emoji modifier ", "variation selector", " face", "face with "):
        name = name.replace(noise, " " if noise.startswith(" ") else "")
    return f" {name.strip()} "


@lru_cache(maxsize=4096)
def _char_map(ch: str) -> str:
    """What one non-ASCII character becomes."""
    category = unicodedata.category(ch)
    if ch in _SKIN:
        return _SKIN[ch]
    if category in ("So", "Sk") and ord(ch) > 0x2000:
        return _emoji_name(ch)
    if category in ("Mn", "Me", "Cf") or ch == "\ufe0f":
        return ""
    if ch in "\u2018\u2019\u201b\u2032":
        return "'"
    if ch in "\u201c\u201d\u201e\u2033\u00ab\u00bb":
        return '"'
    decomposed = unicodedata.normalize("NFKD", ch)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded if folded.isascii() else ch


_SLANG: Final[dict[str, str]] = {
    "h8": "hate",
    "h8s": "hates",
    "h8ers": "haters",
    "h8te": "hate",
    "ppl": "people",
    "u": "you",
    "ur": "your",
    "r": "are",
    "gr8": "great",
    "luv": "love",
    "k1ll": "kill",
    "d1e": "die",
    "n1gga": "nigga",
    "wimmin": "women",
    "womyn": "women",
    "muzzy": "muzzie",
    # "ong" (on god) is no typo of a slur.
    "ong": "on god",
}
_DIALECT: Final[dict[str, str]] = {
    # Read before the known words (several are ordinary in the corpora): Scots, northern English
    # and London slang, so "ah'll batter ye" reads as "i'll batter you", "ima" as "i'm gonna".
    "ima": "i'm gonna",
    "imma": "i'm gonna",
    "i'ma": "i'm gonna",
    "ye": "you",
    "yer": "your",
    "youse": "you",
    "yous": "you",
    "ah'll": "i'll",
    "ahl": "i'll",
    "ahm": "i'm",
    "intae": "into",
    "tae": "to",
    "masel": "myself",
    "yersel": "yourself",
    "nae": "no",
    "dinnae": "don't",
    "cannae": "can't",
    "wouldnae": "wouldn't",
    "willnae": "won't",
}
_LEADING_ONE: Final = re.compile(r"(?:^|(?<=[.!?]\s))1(?=\s+[a-z])")


class Normaliser:
    """Normalises text. `known_words` are ordinary words that must never be "mended"."""

    def __init__(self, known_words: Iterable[str] = ()) -> None:
        self.known: frozenset[str] = frozenset(known_words) | LEXICON_WORDS | COMMON_WORDS
        self._by_delete: dict[str, str] = {}
        for word in sorted(TARGET_WORDS):
            for variant in _deletes(word):
                if variant not in self.known:
                    self._by_delete.setdefault(variant, word)
        self._wild: dict[int, list[str]] = {}
        for word in sorted(TARGET_WORDS | {w for w in lexicon.STRONG_SLURS if " " not in w}):
            self._wild.setdefault(len(word), []).append(word)
        self._cache: dict[str, str] = {}

    def normalise(self, text: str) -> str:
        """Return the normalised form of `text` (lower case, single spaces)."""
        if "&" in text:
            text = html.unescape(text)
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
            text = "".join(ch if ch.isascii() else _char_map(ch) for ch in text)
        text = text.lower()
        text = _URL.sub(" url ", text)
        text = _MENTION.sub(" @user ", text)
        text = _RETWEET.sub("", text)
        if _SPACED.search(text):
            text = _SPACED.sub(self._join_spaced, text)
        text = _LEADING_ONE.sub("i", text)
        if "@" in text or any(ch.isdigit() for ch in text):
            return _WS.sub(" ", self._tokens_around_kept(text)).strip()
        text = _TOKEN.sub(self._token, text)
        return _WS.sub(" ", text).strip()

    def _tokens_around_kept(self, text: str) -> str:
        """Normalise the tokens, leaving UK postcodes and e-mail addresses as written."""
        out: list[str] = []
        last = 0
        for match in _KEEP.finditer(text):
            area = match.group("area")
            if area is not None and area not in POSTCODE_AREAS:
                continue
            out.append(_TOKEN.sub(self._token, text[last : match.start()]))
            out.append(match.group(0))
            last = match.end()
        out.append(_TOKEN.sub(self._token, text[last:]))
        return "".join(out)

    def _join_spaced(self, match: re.Match[str]) -> str:
        raw = match.group(0)
        joined = re.sub(r"[ ._\-~]", "", raw)
        if len(joined) <= 3 and joined not in lexicon.STRONG_SLURS:
            return raw
        if joined[0] in "ia" and len(joined) > 4:
            rest = self._fix(joined[1:])
            if rest in self.known or rest in lexicon.STRONG_SLURS:
                return f"{joined[0]} {rest}"
        fixed = self._fix(joined)
        if fixed in self.known or fixed in lexicon.STRONG_SLURS:
            return fixed
        if joined.isalpha() and len(joined) <= _MAX_TOKEN:
            split = self._segment(joined)
            if split is not None:
                return split
        return raw

    def _token(self, match: re.Match[str]) -> str:
        token = match.group(0)
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        lead = ""
        trail = ""
        core = token
        while core and core[0] in "!|+#'\u2019":
            lead, core = lead + core[0], core[1:]
        while core and core[-1] in "!|+'\u2019*":
            core, trail = core[:-1], core[-1] + trail
        core = core.replace("\u2019", "'")
        fixed = self._fix(core) if core else core
        if lead.startswith("#"):
            lead = lead[1:]
        result = f"{lead.replace('#', '')}{fixed}{trail}"
        if len(self._cache) < 200_000:
            self._cache[token] = result
        return result

    def _fix(self, core: str) -> str:
        dialect = _DIALECT.get(core)
        if dialect is not None:
            return dialect
        if len(core) > _MAX_TOKEN or core in self.known or core == "@user":
            return core
        if core in _SLANG:
            return _SLANG[core]
        word = core
        outward = _OUTWARD.match(word)
        if outward is not None and outward.group("area") in POSTCODE_AREAS:
            return word
        if any(ch in _LEET_CHARS for ch in word) and not _UNIT.match(word):
            letters = sum(ch.isalpha() for ch in word)
            if letters >= 1 and (letters >= 2 or len(word) >= 3):
                word = "".join(_LEET.get(ch, ch) for ch in word)
        if "*" in word or "#" in word:
            word = self._unstar(word)
        if "-" in word and word.replace("-", "") in TARGET_WORDS:
            word = word.replace("-", "")
        if _REPEAT3.search(word):
            word = self._unrepeat(word)
        if word in self.known:
            return word
        mended = self._mend(word)
        if mended is not None:
            return mended
        if len(word) >= 8 and word.isalpha():
            split = self._segment(word)
            if split is not None:
                return split
        return word

    def _unstar(self, word: str) -> str:
        stem = word.strip("*#")
        if not stem:
            return word
        pattern = re.compile(
            "^" + re.escape(word).replace(r"\*", "[a-z]").replace(r"\#", "[a-z]") + "$"
        )
        hits = {w for w in self._wild.get(len(word), ()) if pattern.match(w)}
        if len(hits) == 1:
            return hits.pop()
        return word.replace("*", "").replace("#", "")

    def _unrepeat(self, word: str) -> str:
        double = _REPEAT3.sub(r"\1\1", word)
        if double in self.known:
            return double
        single = _REPEAT3.sub(r"\1", word)
        if single in self.known:
            return single
        collapsed = re.sub(r"(.)\1+", r"\1", word)
        if collapsed in self.known:
            return collapsed
        return double

    def _mend(self, word: str) -> str | None:
        """Mend one missing, extra or swapped letter in a word of the abuse lexicon."""
        if len(word) < 3 or not word.isalpha():
            return None
        hit = self._by_delete.get(word)
        if hit is not None and len(word) >= 3:
            return hit
        if len(word) >= 5:
            # Not the first letter: a word that only ends in a slur is another word ("spoof").
            for variant in _deletes(word)[1:]:
                if variant in TARGET_WORDS:
                    return variant
        if len(word) >= 4:
            for i in range(len(word) - 1):
                swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
                if swapped in TARGET_WORDS:
                    return swapped
        return None

    def _segment(self, word: str) -> str | None:
        """Split a run-together word into known words if one of them is abuse vocabulary."""
        n = len(word)
        best: list[list[str] | None] = [None] * (n + 1)
        best[0] = []
        for end in range(1, n + 1):
            for start in range(max(0, end - 16), end):
                prev = best[start]
                piece = word[start:end]
                if prev is None or (len(piece) < 3 and piece not in _SHORT_PIECES):
                    continue
                if piece in self.known:
                    candidate = [*prev, piece]
                    current = best[end]
                    if current is None or len(candidate) < len(current):
                        best[end] = candidate
        pieces = best[n]
        if pieces is None or len(pieces) > 5:
            return None
        if pieces[-1] in _SUFFIX_PIECES:
            return None  # a derived word ("countless", "harmless"), not two run together
        if not any(p in TARGET_WORDS or p in lexicon.STRONG_SLURS for p in pieces):
            return None
        return " ".join(pieces)
