"""Function words of Earful's languages, left out where only content words should count
(the discovery sketch). Written for this project; short on purpose."""

from __future__ import annotations

STOP_WORDS = frozenset(
    """
    a an the and or but if of to in on at by for with from as is are was were be been being
    it its this that these those i me my we our you your he she him her they them their
    have has had do does did not no so very just than then there here what which who whom
    would could should will can about into over after before again also too all any some
    ja tai mutta että on oli ovat olen olin ole ei se ne tämä tuo minä me te he hän sinä
    kun niin myös vain jo nyt sitten kuin mikä joka jos ollut olisi siitä sen sitä mitä
    och eller men att är var har hade inte det den de en ett jag vi ni han hon som för
    med på av till om så också bara nu då när vad
    und oder aber dass ist sind war waren hat haben nicht es der die das ein eine ich wir
    sie er mit auf von zu im in für als auch nur noch so wie was wenn den dem des
    y o pero que es son fue era ha han no el la los las un una yo nosotros ellos con por
    para de del en al como muy también solo lo se
    en of maar dat is zijn was waren heeft hebben niet het de een ik wij we jullie zij hij
    met op van te voor als ook alleen nog zo wat wanneer die er
    """.split()
)
