"""Finding employees' names in a customer's praise. Pure Python: no Django.

Customers write names as they heard them: misspelled ("Ana", "Miko"), short ("Kati" for
Katariina, "Bob" for Robert), inflected in Finnish ("Annalle", "Mikolle", "Pekan") or
with a genitive ("Annas", "Lars's"). Each candidate word is reduced to the base forms
it might come from, and each base form is compared with every employee's first name,
last name and nicknames, allowing a typo or two by edit distance.

Only praise counts: the sentence that names the person must read as positive, or the
whole answer be a promoter's (9–10). A capitalised word after "thanks to", "kiitos",
"tack till", "dank an" or "gracias a" that matches nobody is kept as an unmatched
mention, so that a name we could not place is shown rather than lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    """Someone who might be named: an employee's id and names."""

    key: int
    first_name: str
    last_name: str = ""
    nicknames: tuple[str, ...] = ()
    # Wins a tie between two equally good matches (the customer's own contact).
    preferred: bool = False


@dataclass(frozen=True)
class Mention:
    """A name found in praise: as written, whom it matched (None: nobody), how surely."""

    text: str
    candidate: Candidate | None
    confidence: float
    sentence: str = field(default="", compare=False)


# Groups of names that stand for one another: formal names and their short forms.
NICKNAME_GROUPS: tuple[tuple[str, ...], ...] = (
    # Finnish
    ("katariina", "kati", "katja", "kaisa", "kaija", "katri"),
    ("aleksanteri", "aleksi", "ale", "santeri", "santtu"),
    ("johannes", "juho", "jussi", "hannes", "juha"),
    ("elisabet", "elisabeth", "lisa", "liisa", "elsa", "liisi", "lisbeth", "elise", "betty"),
    ("matti", "matias", "mattias", "matthias", "matt", "matthew", "mateo", "matteo"),
    ("jaakko", "jaska", "jacob", "jakob", "jake", "jacobo"),
    ("kristiina", "kristina", "tiina", "kirsi", "stina", "christina", "kristin"),
    ("margareta", "margaretha", "greta", "maija", "marketta", "meri", "maggie", "margit"),
    ("tapani", "tapsa", "tapio"),
    ("antero", "antti", "ante"),
    ("henrikki", "henrik", "heikki", "henri", "henry", "hank", "heinrich", "heinz"),
    ("pekka", "petri", "peter", "petter", "pete", "pietari", "per", "pedro", "peer"),
    ("mikael", "mikko", "mika", "micke", "michael", "mike", "mikke", "michel", "miguel"),
    ("juhani", "jukka", "jussi"),
    ("markus", "markku", "marko", "mark", "marcus"),
    ("susanna", "susanne", "sanna", "susa", "sanni", "susan", "sue", "susi"),
    ("johanna", "hanna", "jonna", "hanne", "joanna", "juana"),
    ("tuomas", "tuomo", "tommi", "thomas", "tom", "tommy", "tomas"),
    ("ville", "vilhelm", "wilhelm", "william", "will", "bill", "billy", "willy"),
    ("sakari", "sakke", "zacharias"),
    ("kalle", "karl", "kaarlo", "carl", "charles", "charlie", "carlos", "calle"),
    ("eeva", "eva", "eevi", "evi"),
    ("helena", "leena", "helen", "lena", "elena", "ellen", "hele"),
    ("anna", "anni", "annika", "anne", "ann", "annie", "anita", "ana"),
    ("maria", "marja", "maija", "mari", "marie", "mary", "mia"),
    ("riikka", "rebekka", "rebecca", "becky"),
    # Swedish
    ("lars", "lasse", "laurentius"),
    ("magnus", "mange", "manne"),
    ("gustav", "gustaf", "gösta", "gurra", "gustavo"),
    ("fredrik", "fredde", "frederick", "fred", "freddie", "friedrich", "fritz", "federico"),
    ("ingrid", "inga", "ingela"),
    ("birgitta", "britta", "bitte", "brita", "birgit", "brigitte"),
    ("kristoffer", "christoffer", "krille", "christopher", "chris", "kris"),
    # English
    ("robert", "rob", "bob", "bobby", "robbie", "robban", "roberto", "berto"),
    ("richard", "rick", "dick", "rich", "ricky", "ricardo"),
    ("edward", "ed", "eddie", "ted", "teddy", "eduardo", "edvard"),
    ("james", "jim", "jimmy", "jamie", "jaime", "diego"),
    ("jennifer", "jen", "jenny", "jenni"),
    ("patricia", "pat", "patty", "trish"),
    ("alexander", "alex", "sasha", "alejandro", "sandro", "alexandra", "sandra"),
    ("daniel", "dan", "danny", "dani", "taneli"),
    ("benjamin", "ben", "benny", "benji"),
    ("nicholas", "nick", "nicolas", "niklas", "klaus", "niko", "nico", "niilo"),
    ("joseph", "joe", "josef", "jose", "pepe", "sepp"),
    # German
    ("johann", "hans", "hansi", "jan"),
    ("wolfgang", "wolf", "wolfi"),
    ("gabriele", "gabi", "gabriela", "gabrielle"),
    ("stefan", "steffen", "stephan", "steve", "stephen", "esteban", "teppo"),
    # Spanish
    ("francisco", "paco", "pancho", "fran", "frank", "franz", "francis", "frans"),
    ("guadalupe", "lupe", "lupita"),
    ("dolores", "lola"),
    ("manuel", "manolo", "manu"),
    ("ignacio", "nacho"),
    ("enrique", "quique", "kike"),
    ("concepcion", "concha", "conchita"),
    ("antonio", "toni", "tony", "anton", "anthony", "antonia"),
)


def _fold(word: str) -> str:
    """Lower case without accents, so "Jönsson" and "Jonsson" compare as equals."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NICKNAMES: dict[str, set[str]] = {}
for _group in NICKNAME_GROUPS:
    for _name in _group:
        _NICKNAMES.setdefault(_fold(_name), set()).update(_fold(n) for n in _group)


def nicknames_of(name: str) -> set[str]:
    """The short and long forms that stand for `name` (folded), not `name` itself."""
    folded = _fold(name)
    return _NICKNAMES.get(folded, set()) - {folded}


# Words of praise, as folded prefixes (so "helpful" also finds "helpfulness", "kiitos"
# also "kiitoksia" through "kiito"). English, Finnish, Swedish, German, Spanish.
PRAISE = (
    # en
    "helpful", "friendly", "kind", "thank", "great", "professional", "excellent",
    "amazing", "awesome", "wonderful", "fantastic", "polite", "patient", "nice",
    "brilliant", "superb", "outstanding", "lovely", "appreciat", "knowledgeable",
    "good job", "well done", "best", "perfect", "pleasant", "courteous", "quick",
    "clearly", "knows", "careful", "thorough", "expert", "competent", "reliable",
    # fi
    "avulia", "ystavalli", "kiito", "asiantunte", "mukava", "loista", "erinomai",
    "huippu", "ihana", "hyva", "kohteliai", "palvelualtti", "nopea", "ammattitai",
    "mahtava", "upea", "reipas", "kiitolli", "suosittel",
    "selkea", "karsivalli", "tuntee", "huolelli", "perusteelli", "osaava",
    # sv
    "hjalpsam", "vanlig", "tack", "trevlig", "bra", "fantastisk", "kunnig",
    "underbar", "utmarkt", "professionell", "jattebra", "toppen",
    "tydlig", "talmodig", "noggrann", "grundlig", "utan och innan",
    # de
    "hilfsbereit", "freundlich", "danke", "dank", "kompetent", "toll", "super",
    "nett", "hoflich", "wunderbar", "ausgezeichnet", "prima", "klasse", "gut",
    "geduldig", "grundlich", "sorgfaltig", "kennt", "genau",
    # es
    "amable", "servicial", "gracias", "profesional", "excelente", "genial",
    "fantastic", "atent", "simpatic", "maravillos", "buen", "estupend",
    "claridad", "paciencia", "conoce", "a fondo", "detallad",
)  # fmt: skip

# Words that undo praise right before it ("not helpful", "ei avulias", "inte trevlig").
NEGATIONS = frozenset(
    {"not", "never", "no", "ei", "eika", "inte", "aldrig", "nicht", "kein", "keine", "nunca",
     "nada", "isn't", "wasn't", "n't"}
)  # fmt: skip

# Words after which a capitalised word is taken for a name even if it matches nobody.
TRIGGERS: tuple[tuple[str, ...], ...] = (
    ("thanks", "to"),
    ("thank", "you"),
    ("thanks",),
    ("kiitos",),
    ("kiitokset",),
    ("tack", "till"),
    ("tack",),
    ("dank", "an"),
    ("danke",),
    ("gracias", "a"),
    ("gracias",),
)

# Ordinary words that look like names to a typo-tolerant eye ("Great" ~ "Greta",
# "Mark" the verb): they match a name only when spelled exactly like it.
COMMON_WORDS = frozenset(
    _fold(w)
    for w in (
        "great good best nice kind thanks thank hello dear team service staff store shop "
        "office today yesterday tomorrow monday tuesday wednesday thursday friday saturday "
        "sunday january february march april may june july august september october "
        "november december maanantai tiistai keskiviikko torstai perjantai lauantai "
        "sunnuntai måndag tisdag onsdag torsdag fredag lördag söndag montag dienstag "
        "mittwoch donnerstag freitag samstag sonntag lunes martes miércoles jueves viernes "
        "sábado domingo very really also and the but was were she he they her his you "
        "kiitos hyvä tack bra danke gut gracias muy über sehr mycket todella erittäin "
        "palvelu asiakaspalvelu kaupassa myymälä kiva mukava super toll prima klasse "
        "hola hei moi hej hallo hi thanks everything ever even here there when then "
        "mika mikä kuka joka miten mutta myös anna annoin annettu "
        # Function words of the five languages, which open many sentences.
        "the and all any our her his its was has had are not but for with this that they "
        "them then also only once ever next last many much more most some such just still "
        "every ja on oli että kun niin vain koko aina kaikki tämä hyvin sekä nyt taas ensi "
        "viime och att det den var men som med för alla allt annars inte också bara "
        "mycket även nästa vid från efter inom der die das dem des und aber alle alles "
        "auch nur viele vielen immer wieder nach schon noch ein eine einen las los del una "
        "uno con por para pero todo todos toda también siempre nada gran bien"
    ).split()
)

# Finnish case endings (and a few clitics), longest first. Stripping one may leave the
# stem with weak consonant grade ("Mikolle" → "Miko" → "Mikko").
FINNISH_ENDINGS = (
    "llekin", "ltakin", "staan", "lleen", "ssaan",
    "ille", "ilta", "iltä", "illa", "illä", "ista", "istä", "issa", "issä", "iin",
    "lle", "lta", "ltä", "lla", "llä", "sta", "stä", "ssa", "ssä", "ksi", "kin",
    "han", "hän", "hin", "sen", "seen",
    "ta", "tä", "na", "nä", "in", "ia", "iä", "ja", "jä",
    "n", "a", "ä", "t",
)  # fmt: skip

_WORD = re.compile(r"[^\W\d_]+(?:['’´][^\W\d_]+)?|['’´]", re.UNICODE)
_SENTENCE = re.compile(r"[^.!?\n;]+[.!?\n;]*")
_VOWELS = "aeiouyäöå"


def _strengthen(stem: str) -> set[str]:
    """Undo Finnish consonant gradation at the end of a stem: Miko → Mikko, Peka →
    Pekka, Heiki → Heikki, Anti → Antti, Jukalle's Juka → Jukka."""
    out: set[str] = set()
    if len(stem) >= 3 and stem[-1] in _VOWELS:
        consonant = stem[-2]
        before = stem[-3]
        if consonant in "kpt" and before != consonant:
            out.add(stem[:-2] + consonant + consonant + stem[-1])
        if consonant == "v" and before in _VOWELS:  # Aapo ~ Aavon
            out.add(stem[:-2] + "p" + stem[-1])
    return out


def base_forms(word: str) -> dict[str, float]:
    """What a written word may be the inflected or possessive form of, each with how far
    the guess strays from what was written (0: as written)."""
    folded = _fold(word)
    forms: dict[str, float] = {folded: 0.0}

    def add(form: str, cost: float) -> None:
        if len(form) >= 2 and cost < forms.get(form, 99.0):
            forms[form] = cost

    # Possessives: Lars's, Lars', Anna's, Annas (Swedish/German).
    for suffix in ("'s", "’s", "´s", "'", "’", "´"):
        if folded.endswith(suffix):
            add(folded[: -len(suffix)], 0.0)
    if folded.endswith("s") and len(folded) > 3:
        add(folded[:-1], 0.05)
    # Finnish case endings, then consonant gradation.
    for ending in FINNISH_ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= 2:
            stem = folded[: -len(ending)]
            add(stem, 0.05)
            for strong in _strengthen(stem):
                add(strong, 0.08)
            # Names in -i take an -e- before endings: "Heikki" → "Heikin", "Antille";
            # names in a consonant take -i-: "Lars" → "Larsille" (handled by "ille").
            if stem.endswith("e"):
                add(stem[:-1] + "i", 0.1)
                for strong in _strengthen(stem[:-1] + "i"):
                    add(strong, 0.12)
    return forms


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (a swap of neighbours counts as one edit);
    stops early once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _allowed_edits(name: str) -> int:
    if len(name) < 3:
        return 0
    return 1 if len(name) < 8 else 2


@dataclass(frozen=True)
class _Name:
    folded: str
    candidate: Candidate
    weight: float  # 1.0 first or last name, 0.9 a nickname
    is_last: bool


def _names(candidates: Iterable[Candidate]) -> list[_Name]:
    out: list[_Name] = []
    for c in candidates:
        seen: set[str] = set()
        for part in c.first_name.split():
            seen.add(_fold(part))
            out.append(_Name(_fold(part), c, 1.0, False))
        for part in c.last_name.split():
            if _fold(part) not in seen:
                seen.add(_fold(part))
                out.append(_Name(_fold(part), c, 0.95, True))
        extra = set(map(_fold, c.nicknames))
        for part in c.first_name.split():
            extra |= nicknames_of(part)
        for nick in sorted(extra - seen):
            out.append(_Name(nick, c, 0.85, False))
    return out


def _score_word(
    word: str, names: Sequence[_Name], *, strict: bool, opening: bool = False
) -> dict[int, tuple[float, _Name]]:
    """How well `word` names each candidate (by key): best confidence and name. A typo
    is forgiven only in a real name or a long nickname, and at a sentence's `opening`
    (where any word is capitalised) only in a real name."""
    best: dict[int, tuple[float, _Name]] = {}
    for form, cost in base_forms(word).items():
        for name in names:
            if abs(len(form) - len(name.folded)) > 2:
                continue
            if form == name.folded:
                confidence = name.weight - cost
            elif (
                strict
                # Typos seldom hit the first letter; "Alles" is no "Kalle".
                or form[0] != name.folded[0]
                # A sentence's first word is capitalised anyway: no guessing at forms.
                or (opening and cost > 0)
                or (name.weight < 0.9 and (opening or len(name.folded) < 5))
            ):
                continue
            else:
                limit = _allowed_edits(name.folded)
                distance = edit_distance(form, name.folded, limit)
                if distance > limit or len(form) < 3:
                    continue
                confidence = name.weight - cost - 0.15 * distance
            key = name.candidate.key
            if confidence > best.get(key, (0.0, name))[0]:
                best[key] = (round(confidence, 3), name)
    return best


def _is_praise(words: Sequence[str]) -> bool:
    """A positive word not within two words after a negation ("not helpful", "ei ollut
    avulias", "nicht sehr freundlich" are no praise)."""
    for i, word in enumerate(words):
        if word in NEGATIONS or not any(word.startswith(p) for p in PRAISE if " " not in p):
            continue
        if not any(w in NEGATIONS for w in words[max(0, i - 2) : i]):
            return True
    joined = " ".join(words)
    return any(p in joined for p in PRAISE if " " in p)


def _after_trigger(folded: Sequence[str], index: int) -> bool:
    for trigger in TRIGGERS:
        start = index - len(trigger)
        if start >= 0 and tuple(folded[start:index]) == trigger:
            return True
    return False


def find_mentions(
    text: str, candidates: Sequence[Candidate], *, score: int | None = None
) -> list[Mention]:
    """The people the praise in `text` names, best match first within each sentence,
    each person once. A promoter's answer (`score` 9–10) counts as praise throughout."""
    names = _names(candidates)
    lower_writer = not any(ch.isupper() for ch in text)
    found: dict[str, Mention] = {}  # by candidate key, or by folded text when unmatched

    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        tokens = [t for t in _WORD.findall(sentence) if t not in "'’´"]
        folded = [_fold(t) for t in tokens]
        if not tokens or not (_is_praise(folded) or (score is not None and score >= 9)):
            continue
        i = 0
        while i < len(tokens):
            token = tokens[i]
            capitalised = token[0].isupper()
            if len(token) < 3 or not (capitalised or lower_writer):
                i += 1
                continue
            common = folded[i] in COMMON_WORDS or any(
                f in COMMON_WORDS for f, c in base_forms(token).items() if c == 0.0
            )
            scored = _score_word(token, names, strict=common, opening=i == 0)
            if i == 0 and not scored:
                i += 1  # a capitalised word opening a sentence, matching nobody
                continue
            mention_text = token
            used = 1
            # "Anna Virtanen": a following last name settles who is meant.
            if scored and i + 1 < len(tokens) and tokens[i + 1][:1].isupper():
                following = _score_word(
                    tokens[i + 1], [n for n in names if n.is_last], strict=False
                )
                both = set(scored) & set(following)
                if both:
                    scored = {k: (min(1.0, scored[k][0] + 0.05), scored[k][1]) for k in both}
                    mention_text = f"{token} {tokens[i + 1]}"
                    used = 2
            if scored:
                top = max(conf for conf, _ in scored.values())
                best = [k for k, (conf, _) in scored.items() if conf == top]
                if len(best) > 1:
                    preferred = [k for k in best if scored[k][1].candidate.preferred]
                    best = preferred if len(preferred) == 1 else best
                if len(best) == 1:
                    candidate = scored[best[0]][1].candidate
                    key = f"employee:{candidate.key}"
                    if key not in found or found[key].confidence < top:
                        found[key] = Mention(mention_text, candidate, top, sentence)
                else:
                    # Two colleagues fit equally well: keep the name, guess at nobody.
                    key = f"name:{_fold(mention_text)}"
                    found.setdefault(key, Mention(mention_text, None, round(top / 2, 3), sentence))
            elif capitalised and _after_trigger(folded, i) and not common:
                key = f"name:{folded[i]}"
                found.setdefault(key, Mention(token, None, 0.0, sentence))
            i += used
    # Two keys may hold the same words (an unmatched "Anna" and a matched one).
    unique: dict[str, Mention] = {}
    for mention in sorted(found.values(), key=lambda m: m.candidate is None):
        unique.setdefault(_fold(mention.text), mention)
    return list(unique.values())
