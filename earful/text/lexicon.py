"""Sentiment-bearing words and the rules that bend them, VADER-style: a valence per
word, flipped by a negation just before it, raised by "very", damped before "but" and
raised after it, raised by capitals and exclamation marks.

English valences are VADER's lexicon (MIT, Hutto & Gilbert 2014), shipped as
models/lexicon_en.json by scripts/train_text_models.py. The other languages' words,
the emoji, and the "problem words" of customer service (delay, refund, waiting, on
hold: no sentiment in a dictionary, but a complaint in feedback) are written here for
this project. Finnish, German, Dutch and Swedish words are matched by prefix, so
"ystävällinen" also finds "ystävällisesti", "freundlich" "unfreundlichen".
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

MODELS = Path(__file__).resolve().parent / "models"

# Valences on VADER's scale (-4..4), for words in lower case. A trailing "*" marks a
# prefix (stem) match.
_OTHER_LANGUAGES = """
fi: hyvä* 2 hyviä 2 loista* 3 erinomai* 3 mahtava* 3 upea* 3 ihana* 3 kiva* 2 mukava* 2
    ystävälli* 2 avulia* 2 nopea* 1.5 nopeasti 1.5 tyytyväi* 2 kiito* 2 suosittel* 2
    asiantunte* 1.5 ammattitai* 2 selkeä* 1 helppo* 1.5 helposti 1.5 täydelli* 3 paras* 3
    parhai* 3 huippu* 3 onnistu* 1.5 toimiva* 1 toimi 0.5 ilahdu* 2 rakast* 3 hieno* 2.5
    huono* -2 huonosti -2 surke* -3 kamala* -3 hirveä* -3 kauhea* -3 hidas -1.5 hitaa* -1.5
    hitaasti -1.5 kallis -1.5 kallii* -1.5 pettyny* -2.5 pettymy* -2.5 pettymys -2.5
    tyytymätön -2.5 tyytymättö* -2.5 epäystävälli* -2.5 töykeä* -2.5 rikki -2 viall* -2
    myöhä* -1.5 myöhässä -1.5 ongelm* -1.5 virhe* -1.5 valitettava* -1.5 valitu* -1.5
    turhautt* -2 huolimato* -2 epäselv* -1.5 vaike* -1 ärsyttä* -2 kurja* -2 heikko* -1.5
    paska* -3 jonotta* -1 odotta* -0.5 peruttu -1.5 peruu* -1.5
    herkullis* 3 maukas* 2.5 maukka* 2.5 tunnelmalli* 2 edulli* 1.5 raikas* 1.5 siisti* 1.5
    kylmä* -1 likai* -2.5 sotku* -2 tylsä* -1.5 ylihinta* -2 törkeä* -3 epäkohtelia* -2.5
sv: bra 2 jättebra 3 utmärk* 3 fantastisk* 3 underbar* 3 toppen 3 trevlig* 2 vänlig* 2
    hjälpsam* 2 snabb* 1.5 nöjd* 2 tack 1.5 rekommender* 2 kunnig* 1.5 proffsig* 2 smidig* 1.5
    lätt* 1 perfekt* 3 bäst* 3 härlig* 2.5 grym* 2.5 älska* 3 fin* 1.5 god* 1.5 gott 1.5
    dålig* -2 dåligt -2 usel* -3 hemsk* -3 fruktansvärd* -3 förfärlig* -3 långsam* -1.5
    dyr* -1.5 besvik* -2.5 missnöjd* -2.5 otrevlig* -2.5 oförskämd* -2.5 trasig* -2
    sen -1 sent -1 försen* -1.5 problem* -1.5 fel* -1.5 tyvärr -1 krångl* -2 irriter* -2
    värdelös* -3 sämst* -3 sämre -1.5 väntat* -0.5 inställ* -1.5 klaga* -1.5
    utsökt* 3 mysig* 2 supergod* 3 smaskig* 2.5 prisvärd* 2 fräsch* 1.5 kall -1 kallt -1
    smutsig* -2.5 äcklig* -3 otrevligt -2.5 tråkig* -1.5 överpris* -2 svindyr* -2
de: gut 2 gute* 2 guter 2 super 3 toll* 2.5 hervorragend* 3 ausgezeichnet* 3 wunderbar* 3
    prima 2.5 klasse 2.5 freundlich* 2 hilfsbereit* 2 schnell* 1.5 zufrieden* 2 danke 1.5
    empfehl* 2 kompetent* 2 perfekt* 3 beste* 3 lecker* 2.5 angenehm* 2 nett* 2 liebe* 2
    schlecht* -2 furchtbar* -3 schrecklich* -3 katastroph* -3 miserabel* -3 langsam* -1.5
    teuer* -1.5 enttäusch* -2.5 unzufrieden* -2.5 unfreundlich* -2.5 unhöflich* -2.5
    kaputt* -2 defekt* -2 verspät* -1.5 problem* -1.5 fehler* -1.5 leider -1 ärger* -2
    nervig* -2 mangelhaft* -2.5 schlimm* -2.5 beschwer* -1.5 storniert -1.5 wartezeit* -1
    köstlich* 3 hervorrag* 3 empfehlenswert* 2.5 gemütlich* 2 zuvorkommend* 2.5 top 2.5
    genial* 2.5 herzlich* 2 frisch* 1 leider -1 unverschämt* -3 arrogant* -2.5 kalt -1
    lauwarm* -1.5 zäh* -1.5 überteuert* -2 dreckig* -2.5 schmutzig* -2.5 enttäuschend* -2.5
es: bueno 2 buena 2 buenos 2 buenas 2 excelente* 3 genial* 3 estupend* 3 maravillos* 3
    fantástic* 3 perfect* 3 amable* 2 atent* 2 rápid* 1.5 contento* 2 contenta* 2
    satisfech* 2 gracias 1.5 recomiend* 2 recomendable 2 encant* 3 mejor 2 delicios* 3
    agradable* 2 eficiente* 2 profesional* 1.5 fácil* 1
    malo -2 mala -2 malos -2 malas -2 pésim* -3 horrible* -3 terrible* -3 fatal -3 lento* -1.5
    lenta* -1.5 caro -1.5 cara -1.5 caros -1.5 decepcion* -2.5 insatisfech* -2.5
    maleducad* -2.5 grosero* -2.5 roto -2 rota -2 tarde -1 retras* -1.5 problema* -1.5
    error* -1.5 desgraciadamente -1.5 lamentabl* -2 queja* -1.5 peor -2.5 cancelad* -1.5
    nunca -1 esperando -0.5 rico 2 rica 2 riquísim* 3 exquisit* 3 increíble* 3 acogedor* 2
    encantador* 2.5 fresco 1 fresca 1 frío -1 fría -1 sucio* -2.5 sucia* -2.5 grosera* -2.5
    carísim* -2 decepcionante* -2.5 desagradable* -2 maravilla* 3 lujo 2
nl: goed* 2 prima 2 uitstekend* 3 geweldig* 3 fantastisch* 3 heerlijk* 3 lekker* 2.5
    vriendelijk* 2 behulpzaam* 2 snel* 1.5 tevreden* 2 bedankt 1.5 aanrad* 2 aanbevel* 2
    perfect* 3 beste 3 top 2.5 leuk* 2 fijn* 2 gezellig* 2 mooi* 2 attent* 2 vlot* 1.5
    slecht* -2 vreselijk* -3 verschrikkelijk* -3 waardeloos -3 traag -1.5 trage -1.5
    langzaam -1.5 duur -1.5 dure -1.5 teleurgesteld* -2.5 teleurstell* -2.5 ontevreden* -2.5
    onvriendelijk* -2.5 onbeleefd* -2.5 kapot* -2 laat -1 vertraag* -1.5 probleem* -1.5
    fout* -1.5 helaas -1 klacht* -1.5 jammer -1.5 matig* -1.5 smerig* -2.5 vies* -2.5
    koud -1 geannuleerd -1.5 lof 2 smaakvol* 2.5 verrukkelijk* 3 voortreffelijk* 3
    sfeervol* 2 kwaliteitsvol* 2 flexibel* 1.5 fantasievol* 2 aangenaam* 2 zalig* 3
    super* 2.5 toppie 2.5 aanrader 2.5 correct* 1 vers 1 verse 1 nadeel* -1.5
    ontgoocheld* -2.5 ontgoocheling* -2.5 spijtig* -1.5 onaangenaam* -2 lauw* -1.5
    taai* -1.5 aangebrand* -2 onbeschoft* -2.5 arrogant* -2.5 prijzig* -1 wachttijd* -1
    beperkt* -1 klein* -0.5 rommel* -2 ongeïnteresseerd* -2 stil 0.5 rustig* 1
"""

# Emoji and the valence their usual meaning carries.
EMOJI = {
    "😀": 2.5, "😃": 2.5, "😄": 2.5, "😁": 2.5, "😊": 2.5, "🙂": 1.5, "😍": 3.0, "🥰": 3.0,
    "😘": 2.5, "👍": 2.0, "👏": 2.0, "🙌": 2.5, "❤": 3.0, "❤️": 3.0, "💕": 3.0, "💯": 2.5,
    "🎉": 2.5, "✨": 1.5, "⭐": 2.0, "🌟": 2.5, "🤩": 3.0, "😎": 1.5, "🙏": 1.5, "😂": 1.0,
    "🤣": 1.0, "😉": 1.5, "👌": 2.0, "💪": 1.5, "😇": 2.0, "☺": 2.0, "☺️": 2.0, "🥳": 3.0,
    "😞": -2.0, "😟": -2.0, "😠": -3.0, "😡": -3.0, "🤬": -3.5, "😢": -2.0, "😭": -2.5,
    "😤": -2.5, "😩": -2.5, "😫": -2.5, "🙁": -1.5, "☹": -2.0, "☹️": -2.0, "😒": -2.0,
    "😑": -1.0, "😐": -0.5, "👎": -2.5, "💩": -2.5, "😕": -1.5, "😖": -2.0, "😣": -2.0,
    "🤮": -3.0, "🤢": -2.5, "😓": -1.5, "😔": -1.5, "😬": -1.0, "🙄": -2.0, "💔": -2.5,
    "😱": -1.5, "😨": -1.5, "😰": -2.0,
}  # fmt: skip

_ENGLISH_NEGATIONS = (
    "not no never none nobody nothing neither nor nowhere cannot cant can't dont don't "
    "doesnt doesn't didnt didn't isnt isn't wasnt wasn't arent aren't werent weren't "
    "wont won't wouldnt wouldn't shouldnt shouldn't couldnt couldn't hasnt hasn't havent "
    "haven't hadnt hadn't aint ain't without lack lacks lacking"
)
# Per language, since one language's negation is another's "and" (Finnish "en", Dutch
# "en"). English negations count in every language: customers mix.
NEGATIONS_BY_LANGUAGE = {
    lang: frozenset(f"{_ENGLISH_NEGATIONS} {words}".split())
    for lang, words in {
        "en": "",
        "fi": "ei en et emme ette eivät eikä ilman",
        "sv": "inte ej aldrig ingen inget inga utan",
        "de": "nicht kein keine keinen keinem keiner nie niemals nichts ohne",
        "es": "no nunca nada ningún ninguna ninguno ni sin tampoco",
        "nl": "niet geen nooit niets zonder noch",
    }.items()
}
NEGATIONS = NEGATIONS_BY_LANGUAGE["en"]
BOOSTERS = {
    **dict.fromkeys(
        "very really so extremely absolutely totally completely super incredibly highly "
        "truly most especially remarkably quite damn fucking "
        "todella erittäin tosi hyvin aivan superi tosi-i "
        "mycket väldigt jätte riktigt otroligt helt "
        "sehr echt wirklich total extrem absolut besonders äußerst ganz "
        "muy realmente súper totalmente extremadamente bastante "
        "heel erg zeer echt enorm ontzettend super".split(),
        0.293,
    ),
    **dict.fromkeys(
        "slightly somewhat barely hardly kind sort little bit marginally "
        "hieman vähän melko aika lite ganska något etwas ziemlich wenig "
        "algo poco bastante beetje nogal vrij".split(),
        -0.293,
    ),
}
CONTRASTS = frozenset("but however yet mutta kuitenkin men dock aber jedoch pero maar".split())

# Words of complaint in customer feedback that a general lexicon scores as neutral.
PROBLEM_WORDS = frozenset(
    """
    delay delayed delays delaying late later cancel cancelled canceled cancellation
    cancellations cancelling wait waiting waited hold holding hours hrs hour minutes mins
    days weeks lost missing broken stuck refund refunds rebook rebooked rebooking
    charged overcharged charge fee fees error errors issue issues problem problems fail
    failed fails failure complaint complain complained complaining unacceptable
    disappointed disappointing useless ignored ignoring unanswered nobody anyone still
    again yet ever why seriously unable cant can't couldn't wont won't didn't doesn't
    worst terrible horrible awful rude poor slow broken dirty wrong never nothing
    myöhässä myöhästyi odotus odotin jonotin peruttiin hukassa rikki ongelma virhe
    försenad försenat väntade väntat inställd borttappad trasig problem fel klagomål
    verspätet verspätung gewartet wartezeit storniert verloren kaputt problem fehler
    retraso retrasado esperando esperé cancelado perdido roto problema error queja
    vertraging vertraagd gewacht geannuleerd kwijt kapot probleem fout klacht
    """.split()
)

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[!?]|[^\w\s]", re.UNICODE)


def tokenise(text: str) -> list[str]:
    """Words (apostrophes kept inside them), "!" and "?" and single symbols (emoji)."""
    return _TOKEN.findall(text)


# English words that are other words elsewhere ("die", "war", "hell", "gift" in German,
# "bad" in Swedish): in a text of another language English words count only if they
# are at least five letters long and not one of these.
_FALSE_FRIENDS = frozenset("gift gifts brand hell mist fast kind also bald blank super".split())


@lru_cache(maxsize=1)
def _parsed() -> tuple[dict[str, float], dict[str, tuple[dict[str, float], dict[str, float]]]]:
    english: dict[str, float] = {}
    path = MODELS / "lexicon_en.json"
    if path.exists():
        english.update(json.loads(path.read_text(encoding="utf-8")))
    others: dict[str, tuple[dict[str, float], dict[str, float]]] = {}
    language = ""
    for line in _OTHER_LANGUAGES.split("\n"):
        if ":" in line[:4]:
            language, line = line.split(":", 1)
            others[language] = ({}, {})
        exact, stems = others.get(language, ({}, {}))
        parts = line.split()
        for word, value in zip(parts[::2], parts[1::2], strict=True):
            if word.endswith("*"):
                stems[word[:-1]] = float(value)
            else:
                exact[word] = float(value)
    return english, others


@lru_cache(maxsize=32)
def load_lexicon(language: str = "en") -> tuple[dict[str, float], dict[str, float]]:
    """(exact words → valence, stems → valence) for texts in `language`: VADER's
    English lexicon (if it has been built into models/) for English; for another
    language its own words first, then English words that cannot be mistaken for its
    own (customers mix in "great", "thanks"); the emoji for all."""
    english, others = _parsed()
    own_exact, own_stems = others.get(language, ({}, {}))
    if language in ("en", "und"):
        exact = dict(english)
    else:
        exact = {w: v for w, v in english.items() if len(w) >= 5 and w not in _FALSE_FRIENDS}
        exact.update(own_exact)
    exact.update(EMOJI)
    return exact, dict(own_stems)


def _valence(word: str, exact: dict[str, float], stems: dict[str, float]) -> float:
    value = exact.get(word)
    if value is not None:
        return value
    if len(word) >= 4 and stems:
        for cut in range(min(len(word), 14), 2, -1):
            value = stems.get(word[:cut])
            if value is not None:
                return value
    return 0.0


LEXICON_FEATURES = (
    "compound",
    "positive",
    "negative",
    "positive_words",
    "negative_words",
    "negation",
    "question",
    "exclamation",
    "problem_words",
    "thanks_with_problem",
    "after_contrast",
    "length",
    "no_sentiment",
)


def score_tokens(tokens: Sequence[str], language: str = "en") -> list[float]:
    """The lexicon features of one text's tokens, named in LEXICON_FEATURES."""
    exact, stems = load_lexicon(language)
    negations = NEGATIONS_BY_LANGUAGE.get(language, NEGATIONS)
    lowered = [t.lower() for t in tokens]
    sentiments: list[float] = []
    positive_words = negative_words = problems = 0
    negation = question = exclamation = 0
    thanks = False
    contrast_at = -1
    for i, (token, word) in enumerate(zip(tokens, lowered, strict=True)):
        if word == "?":
            question += 1
            sentiments.append(0.0)
            continue
        if word == "!":
            exclamation += 1
            sentiments.append(0.0)
            continue
        if word in CONTRASTS:
            contrast_at = len(sentiments)
        if word in negations:
            negation = 1
        if word in PROBLEM_WORDS:
            problems += 1
        if word.startswith(("thank", "thx", "kiito", "tack", "dank", "gracias", "bedankt")):
            thanks = True
        value = _valence(word, exact, stems)
        if value == 0.0:
            sentiments.append(0.0)
            continue
        if token.isupper() and len(token) > 1 and not all(t.isupper() for t in tokens):
            value += 0.733 if value > 0 else -0.733
        # Boosters and negations within the three words before.
        for back in (1, 2, 3):
            j = i - back
            if j < 0:
                break
            prev = lowered[j]
            boost = BOOSTERS.get(prev)
            if boost is not None:
                scale = (1.0, 0.95, 0.9)[back - 1]
                value += boost * scale if value > 0 else -boost * scale
            if prev in negations:
                value *= -0.74
                break
        if value > 0:
            positive_words += 1
        elif value < 0:
            negative_words += 1
        sentiments.append(value)
    after_contrast = 0.0
    if contrast_at >= 0:
        for k in range(len(sentiments)):
            sentiments[k] *= 0.5 if k < contrast_at else 1.5
        after_contrast = sum(sentiments[contrast_at:])
    total = sum(sentiments)
    if total:
        emphasis = min(exclamation, 4) * 0.292
        total += emphasis if total > 0 else -emphasis
    compound = total / math.sqrt(total * total + 15.0)
    positive = sum(s for s in sentiments if s > 0)
    negative = -sum(s for s in sentiments if s < 0)
    return [
        compound,
        math.log1p(positive),
        math.log1p(negative),
        math.log1p(positive_words),
        math.log1p(negative_words),
        float(negation),
        float(question > 0),
        math.log1p(exclamation),
        math.log1p(problems),
        float(thanks and problems > 0),
        after_contrast / math.sqrt(after_contrast * after_contrast + 15.0),
        math.log1p(len(tokens)) / 5.0,
        float(positive_words == 0 and negative_words == 0),
    ]
