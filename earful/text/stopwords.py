"""Function words of Earful's languages (lower case), and the filler of feedback and
social media ("rt", "amp", "thanks" says nothing about a theme): left out where only
content words should count (the discovery sketch, the discovered themes' labels).
Written for this project."""

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
) | frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't
    do does doesn't doing don't down during each few for from further had hadn't has hasn't
    have haven't having he he'd he'll he's her here here's hers herself him himself his how
    how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's me more most
    mustn't my myself no nor not now of off on once only or other ought our ours ourselves
    out over own same shan't she she'd she'll she's should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they they'd they'll
    they're they've this those through to too under until up very was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's which while who who's
    whom why why's will with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves im ive dont cant wont didnt doesnt isnt wasnt thats youre get got
    gets one would could also really still even much many well way back go going went us
    u ur rt amp via lol pls please thanks thank thx ok okay yes yeah hi hello dear
    ja ei on oli ovat olla ole olen olet olemme olette olisi ollut se ne he me te hän minä
    sinä mä sä mun sun meidän teidän heidän tämä tuo nämä nuo joka jotka mikä mitä kuin
    kun jos että mutta tai vai niin myös vain jo vielä nyt sitten siis koska vaikka kanssa
    ilman ennen jälkeen aina kaikki mitään jotain hyvin tosi aika sen sitä siitä siihen
    sillä siinä tässä täällä siellä minun sinun hänen meille teille heille minulle kiitos
    och att det som en ett är var har hade inte jag du han hon vi ni de den detta dessa
    men eller för på med till av om från så när då nu här där också bara mycket kan ska
    skulle vill blir blev varit min mitt mina din ditt dina sin sitt sina vår vårt våra
    er ert era deras dem honom henne oss mig dig sig hur vad vilken vilket vilka tack
    der die das ein eine einer eines einem einen und oder aber nicht ist sind war waren
    bin bist sein hat haben hatte ich du er sie es wir ihr mich dich sich mir dir ihm uns
    euch mein meine dein deine sehr auch nur noch schon mit von zu zum zur auf aus bei für
    nach über um wie was wer wo wenn dass als auch so da hier dort den dem des im am vom
    ins danke kein keine man wird wurde werden
    el la los las un una unos unas y o pero no es son era fue ser estar está están estoy
    he ha han hay yo tú él ella nosotros vosotros ellos ellas me te se nos os le les lo
    mi mis tu tus su sus de del al a en con por para sin sobre entre que qué como cómo
    cuando donde muy más menos también solo ya todo toda todos todas este esta esto estos
    estas ese esa eso gracias
    de het een en of maar niet is zijn was waren ben bent heeft hebben had ik jij je hij
    zij ze wij we jullie u mij mijn jouw zijn haar ons onze hun hen dit dat deze die er
    hier daar met van voor naar op in uit aan bij over om te tot als dan ook nog al wel
    zo heel erg zeer veel wat wie waar hoe wanneer omdat want dus geen bedankt
    """.split()
)
