"""Finding the sentences in which a customer voices a need or a request the company
could meet: "I wish you also offered…", "do you do…?", "it would be great if…",
"please add…". These are sales and product leads, so the sentence is kept as written.

Hand-written patterns per language: a wish, a conditional "it would be nice if", a
request verb, or a question about the offering. Regret ("I wish I had never…") and
complaints phrased as questions ("why is it late?") are not opportunities.
"""

from __future__ import annotations

import re

from earful.text.cleaning import split_sentences

_PATTERNS: dict[str, tuple[str, ...]] = {
    "en": (
        r"\bi (?:really )?wish\b(?! i\b)",
        r"\b(?:i|we)(?:'d| would)(?: really)? (?:like|love|prefer|appreciate)\b(?! it)",
        r"\bit(?:'d| would) be (?:\w+ )?(?:great|nice|good|helpful|useful|better|awesome|"
        r"lovely|handy|cool|ideal|fantastic|amazing) (?:if|to)\b",
        r"\bwould be (?:\w+ )?(?:great|nice|good|helpful|useful|better) (?:if|to)\b",
        r"\bplease (?:\w+ )?(?:add|offer|consider|bring|provide|include|stock|open|extend|"
        r"introduce|allow|make|start|keep|let)\b",
        r"\b(?:do|does|did) (?:you|they|u)(?: guys)? (?:also )?(?:do|offer|have|sell|provide|"
        r"ship|deliver|carry|stock|support|accept|plan|make|rent|install|repair|fix)\b",
        r"\b(?:can|could|will|would) (?:you|u)(?: guys)? (?:please )?(?:also )?(?:add|offer|"
        r"provide|consider|make|start|bring|introduce|extend|stock|sell|open|include|ship|"
        r"deliver|support)\b",
        r"\b(?:you|they)(?: guys)? (?:should|ought to|need to|could) (?:also |really |"
        r"definitely )?(?:add|offer|have|provide|consider|start|open|sell|stock|introduce|"
        r"bring|extend|make|include|hire|get)\b",
        r"\bwhy (?:don't|do not|doesn't|does not|can't) (?:you|they|u)(?: guys)? "
        r"(?:have|offer|sell|stock|provide|do|make|ship|deliver|accept|support)\b",
        r"\bis there (?:any|a|an) (?:way|option|possibility|chance|plan)\b",
        r"\bany (?:plans?|chance) (?:to|of|for)\b",
        r"\bare you (?:planning|going) to\b",
        r"\bif only\b",
        r"\b(?:my |one )?(?:suggestion|request|feature request|wish)(?: is| would be|:)",
        r"\bhope (?:that )?you(?:'ll| will)? (?:add|offer|bring|start|consider|open|extend)\b",
        r"\bwould (?:love|like) to see\b",
        r"\bit(?:'s| is) a (?:shame|pity) (?:that )?(?:you|there)\b",
    ),
    "fi": (
        r"\btoivo(?:isin|isimme|n|mme)\b",
        r"\bolisi(?:pa)? (?:\w+ )?(?:kiva|hienoa|mukava|hyvä|parempi|kätevää|kätevä|ihana|"
        r"upeaa|mahtavaa|tarpeen|toivottavaa)\b",
        r"\b(?:voisitte|voisitteko|voisiko|voisitko|voitteko|voiko)\b",
        r"\bkunpa\b",
        r"\b(?:teillä |teidän )?pitäisi\b",
        r"\b(?:onko|olisiko) teillä\b",
        r"\b\w+(?:tte|ttekö)ko\b",
        r"\b(?:myyttekö|tarjoatteko|teettekö|toimitatteko|korjaatteko|vuokraatteko|"
        r"asennatteko|otatteko)\b",
        r"\bsaako teiltä\b",
        r"\b(?:lisätkää|ottakaa|tuokaa|harkitkaa|tarjotkaa)\b",
        r"\behdot(?:an|amme|us|uksena)\b",
        r"\bkaipa(?:isin|isimme|an|amme)\b",
        r"\bjää(?:n|mme) kaipaamaan\b",
    ),
    "sv": (
        r"\b(?:jag|vi) önskar\b",
        r"\bönskar (?:att|mig|oss)\b",
        r"\b(?:jag|vi) skulle (?:vilja|önska|gärna)\b",
        r"\b(?:det )?(?:vore|skulle vara) (?:\w+ )?(?:bra|kul|trevligt|toppen|bättre|"
        r"smidigt|praktiskt|härligt|fint|najs|önskvärt)\b",
        r"\b(?:kan|kunde|skulle) ni (?:inte )?(?:också )?(?:erbjuda|lägga|ha|sälja|börja|"
        r"införa|ta|ordna|fixa|leverera|öppna)\b",
        r"\b(?:har|säljer|erbjuder|levererar|tar|gör|hyr|reparerar) ni\b",
        r"\bni (?:borde|bör|skulle kunna|måste)\b",
        r"\b(?:lägg|inför|erbjud) (?:gärna )?till\b|\blägg till\b",
        r"\bförslag\b",
        r"\b(?:jag|vi) saknar\b",
        r"\bhoppas (?:att )?ni\b",
        r"\bom (?:bara|ändå)\b",
    ),
    "de": (
        r"\b(?:ich|wir) (?:würde[n]? mir |würden uns )?wünsche[n]?\b",
        r"\bwünschenswert\b",
        r"\b(?:es )?wäre (?:\w+ )?(?:schön|toll|gut|super|hilfreich|besser|praktisch|"
        r"klasse|prima|wünschenswert|nett|cool)\b",
        r"\b(?:könnten|können|würden) sie (?:bitte )?(?:auch )?\w+",
        r"\b(?:könntet|könnt|würdet) ihr\b",
        r"\b(?:bieten|haben|verkaufen|liefern|machen|führen|reparieren) (?:sie|ihr) (?:auch|"
        r"eigentlich|noch)\b",
        r"\bgibt es (?:bei (?:ihnen|euch) )?(?:auch|eine möglichkeit|die möglichkeit|pläne)\b",
        r"\b(?:sie|ihr) (?:sollten|solltet|müssten|müsstet)\b",
        r"\bbitte (?:\w+ )?(?:hinzufügen|anbieten|einführen|aufnehmen|erweitern)\b",
        r"\bvorschlag\b",
        r"\b(?:ich|wir) vermisse[n]?\b",
        r"\bwenn (?:es )?(?:doch|nur)\b",
        r"\bich hätte gerne?\b",
    ),
    "es": (
        r"\bojalá\b",
        r"\b(?:me|nos) (?:gustaría|encantaría)\b",
        r"\bsería (?:\w+ )?(?:genial|bueno|estupendo|ideal|mejor|útil|fantástico|perfecto|"
        r"interesante|bonito|práctico)\b",
        r"\b(?:podrían|podríais|pueden|podéis|podrias|podrías)\b",
        r"\b(?:deberían|deberíais|tendrían que|tendríais que)\b",
        r"\b(?:ofrecen|venden|tienen|hacen|envían|reparan|aceptan|alquilan|hacéis|tenéis|"
        r"ofrecéis|vendéis) (?:también|ustedes|vosotros)\b",
        r"¿\s*(?:ofrecen|venden|tienen|hacen|envían|reparan|aceptan|alquilan|hacéis|tenéis|"
        r"ofrecéis|vendéis)\b",
        r"\bpor favor,? (?:\w+ )?(?:añadan|agreguen|ofrezcan|incluyan|pongan|abran|amplíen|"
        r"añadid|ofreced|poned)\b",
        r"\b(?:sugiero|sugerimos|sugerencia|propongo|propuesta)\b",
        r"\b(?:echo|echamos) de menos\b",
        r"\bespero que (?:\w+ )?(?:añadan|ofrezcan|incluyan|abran|pongan|amplíen)\b",
        r"\bsi (?:tan solo|solo) (?:tuvieran|ofrecieran|hubiera)\b",
    ),
    "nl": (
        r"\bik (?:wou|wilde|zou willen) dat\b",
        r"\b(?:ik|wij|we) zou(?:den)? (?:graag|het fijn vinden|willen)\b",
        r"\b(?:het )?(?:zou|zal) (?:\w+ )?(?:leuk|fijn|mooi|handig|beter|goed|prettig|"
        r"ideaal|top|gaaf) zijn\b",
        r"\b(?:kunnen|kunnen jullie|kunt u|zouden jullie|zou u)\b(?=.*\b(?:ook|toevoegen|"
        r"aanbieden|leveren|regelen|maken|openen|zorgen|bieden)\b)",
        r"\b(?:bieden|hebben|verkopen|leveren|doen|maken|repareren|verhuren) jullie (?:ook)?\b",
        r"\b(?:biedt|heeft|verkoopt|levert|doet) u (?:ook)?\b",
        r"\bjullie (?:zouden|moeten|mogen|kunnen) (?:ook|echt|eens|beter)?\b",
        r"\bvoeg(?:en)? (?:\w+ )*toe\b",
        r"\b(?:suggestie|voorstel|tip)\b",
        r"\bik mis\b",
        r"\bgraag zou ik\b",
        r"\bhopelijk (?:gaan|komen|bieden) jullie\b",
    ),
}

# Regret and rhetoric that look like wishes but are complaints.
_NOT_OPPORTUNITY = re.compile(
    r"\bwish (?:i|we) (?:had|hadn't|never|didn't|could have)\b|\bi wish (?:i|we) (?:had )?"
    r"never\b|\btoivon ettei\b|\bhätte ich (?:nur )?nie\b|\bojalá (?:no|nunca) hubiera\b",
    re.IGNORECASE,
)

_COMPILED: dict[str, re.Pattern[str]] = {
    lang: re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    for lang, patterns in _PATTERNS.items()
}


def _pattern_for(language: str) -> re.Pattern[str]:
    if language in _COMPILED and language != "en":
        return re.compile(f"{_COMPILED[language].pattern}|{_COMPILED['en'].pattern}", re.I)
    if language == "en":
        return _COMPILED["en"]
    return _ALL


_ALL = re.compile("|".join(p.pattern for p in _COMPILED.values()), re.IGNORECASE)
_BY_LANGUAGE: dict[str, re.Pattern[str]] = {}

# Cheap pre-filter: a text with none of these fragments has no opportunity in any
# language, so most texts skip sentence splitting altogether.
_HINT = re.compile(
    r"wish|would|'d |please|do you|does|can you|could|should|why don|is there|any plan|"
    r"planning|if only|suggest|request|hope|love to|shame|pity|toivo|olisi|voisi|voiko|"
    r"voitte|kunpa|pitäisi|teillä|tteko|ttekö|saako|kää|ehdot|kaipa|önsk|skulle|vore|"
    r" ni\b|ni |förslag|saknar|hoppas|om bara|wünsch|wäre|könn|würd|bieten|haben sie|"
    r"ihr |gibt es|sollt|müsst|bitte|vorschlag|vermiss|wenn|hätte|ojalá|gustar|encantar|"
    r"sería|podr|pued|debe|tendr|también|ustedes|vosotros|¿|por favor|sugi|sugerenc|"
    r"propu|propong|de menos|espero|solo|wou|zou|graag|kunn|kunt|jullie|biedt|heeft u|"
    r"toe\b|suggestie|voorstel|tip\b|ik mis|hopelijk",
    re.IGNORECASE,
)


def find_opportunities(text: str, language: str) -> tuple[str, ...]:
    """The sentences of `text` (cleaned) that voice a need or request, as written, in
    order. Patterns of `language` and of English are used (customers mix); for an
    undetermined language, those of every language."""
    if not text or not _HINT.search(text):
        return ()
    pattern = _BY_LANGUAGE.get(language)
    if pattern is None:
        pattern = _BY_LANGUAGE.setdefault(language, _pattern_for(language))
    found: list[str] = []
    for sentence in split_sentences(text):
        if pattern.search(sentence) and not _NOT_OPPORTUNITY.search(sentence):
            found.append(sentence)
    return tuple(found)
