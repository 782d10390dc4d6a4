"""Common first names in Earful's languages (en, fi, sv, de, es, nl and neighbours),
folded to lower case without accents. Written for this project from general knowledge
of which names are common; a list of facts, not taken from any data set. Names that
are also everyday words ("Will", "Mark", "Rose", "Joy", "Else", "Per", "Sol") are left
out: they would be found in ordinary sentences."""

from __future__ import annotations

FIRST_NAMES = frozenset(
    """
    aaron abigail adam adrian agnes aino aleksi alex alexander alexandra alfred alice alicia
    alina alma amanda amelia amy ana andrea andreas andrew andrés angela anja anna anne anneli
    annika anni antonio antti ari arja arne arto astrid atte axel barbara ben benjamin bernd
    bettina birgit birgitta björn brian britta camila camilla carina carl carla carlos carmen
    caroline catherine charlotte chris christian christina christine christoph claudia cristina
    daan daniel daniela david diana diego dirk dolores dominik edith eduardo eeva eero eija
    eila eino elena eleonora elias elin elina elisa elisabeth elise ella ellen elsa emil emilia
    emily emma erik erika erkki esa esko esther eva fabian fatima felix fernando filip finn
    fleur florian francesca francisco frank fredrik freek frida gabriel gabriela georg george
    gerhard gonzalo greta gunilla gustav hanna hannah hannele hannu hans harri heidi heikki
    heinz helen helena helga helmut henna henri henrik hilda hugo ida ines inga ingrid irene
    irma isabel isabella isak jaakko jacob jan jana jani janne jarmo jari jasper javier jeroen
    jennifer jenni jens jesper jesús joakim joel johan johanna johannes john jonas jonathan
    jorge jose josé josefin juan juha juho jukka julia julian juliana jussi jürgen kaarina
    kai kaija kaisa kalle karin karl karoliina kasper katarina katariina kati katja katrin
    kerstin kevin kim kimmo kirsi kristian kristiina kristina laila laura lauri leena lena
    leo leon liisa lina linda lisa lotta louise lucas lucía luis luisa lukas maarit maija
    maja marcus margareta maria marie marika marina mario marja marjatta marjo markku marko
    markus marta martin martina matias matteo matti max maximilian mercedes mia michael
    michaela miguel mika mikael mikko milla minna mirja monika nadia natalia niclas niina
    niklas niko nikolai nils noah noora nora olli olivia olof oscar oskar otto outi paavo
    pablo paola patricia patrik paula pauliina pedro pekka per-olof peter petra petri philipp
    pia pieter pilar pirjo raimo rasmus raquel rebecca riikka riitta robert roberto roger
    ruben rut saara sabine sakari salla sami samuel sandra sanna santeri sara sarah satu
    sebastian seppo sergio simon simone sini sofia sofie sonja sophie stefan stefanie steffen
    susanna susanne suvi svea sven tapani tapio tarja teemu teresa terhi thomas tiina timo
    tobias tom tomas tommi toni tove tuomas tuula ulla ulrich ursula valentina valtteri
    vanessa veera veikko vera veronica veronika ville viktor viktoria vilja vilma wilhelm
    wim wouter yvonne zoe
    aapo aatu aleksanteri anneli eetu elli helmi iida jenna joonas juuso kerttu lassi leevi
    lotta nelli oona onni pihla ronja siiri tuukka veeti vesa aki harri jouni pasi petteri
    raija sirpa tuija ulla-maija
    anders bengt bo göran gunnar håkan ingemar kjell lars leif magnus mats mikael nils-erik
    stig sten ulf åsa ebba elsa-maria lisbeth maj-britt märta signe solveig ylva
    bram daan femke jeroen joost koen lieke lotte maarten niels roel ruud sander sanne
    thijs tim wouter anouk eline iris jelle jesse merel noor renske
    alba alejandro álvaro beatriz carlota lorena lucas manuel marcos mateo nerea paco rocío
    sergio verónica ximena
    jürgen klaus uwe wolfgang dieter günter jörg karsten sabrina tanja ute anke heike silke
    """.split()
)
