"""Reason texts for the demo's survey answers, in the five languages customers use.

Pure Python, no Django: `reason_text` composes a comment from an opening, one to three
sentences about concrete themes (waiting time, booking, the inspector's expertise and
friendliness, price, the report, communication, punctuality) and a closing. Every
sentence carries a detail (days, weeks, minutes, a percentage, what was inspected, a
finding, the first name of an employee of the customer's unit), so a thousand texts are
all different. Sentiment follows the score: promoters praise, passives praise and
criticise, detractors complain. Now and then a text has a typo or ends with a word of
another language, as real comments do. `short_reason` gives the terse answers that
repeat, as real ones do ("Too slow.").
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Mood = Literal["good", "mixed", "bad"]
Polarity = Literal["pos", "neg"]

THEMES = (
    "waiting",
    "booking",
    "inspector",
    "price",
    "report",
    "communication",
    "punctuality",
)
LANGUAGES = ("en", "fi", "sv", "de", "es")


@dataclass(frozen=True)
class Lexicon:
    """One language's sentences. Slots: {n} days or times (2–12), {w} weeks (2–8),
    {m} minutes (15–120), {h} hours (2–10), {pct} per cent, {eur} euros, {target} what
    was inspected, {finding} what the inspector found, {name} an employee's first name."""

    themes: Mapping[str, Mapping[Polarity, Sequence[str]]]
    # Praise of a named employee, used when the customer's unit has employees.
    named: Sequence[str]
    openings: Mapping[Mood, Sequence[str]]
    closings: Mapping[Mood, Sequence[str]]
    short: Mapping[Mood, Sequence[str]]
    # Joins criticism to praise; a sentence starting with one of `joinable` (or any
    # sentence, when it is empty) may follow a connector in lower case.
    connectors: Sequence[str]
    joinable: frozenset[str]
    targets: Sequence[str]
    findings: Sequence[str]
    thanks: str  # said in this language by a customer writing in another
    # What the comment is about: {ago} when, {site} where.
    contexts: Sequence[str] = ()
    ago: Sequence[str] = ()
    sites: Sequence[str] = ()


EN = Lexicon(
    themes={
        "waiting": {
            "pos": [
                "We got an inspection slot within {n} days, which was faster than we expected.",
                "The waiting time was short: only {n} days from the request to the visit.",
                "No long queue this time, the inspection of {target} was done within a week.",
            ],
            "neg": [
                "We had to wait {w} weeks for an inspection slot, and that is far too long.",
                "The waiting time was unacceptable: {w} weeks before anyone could come "
                "to inspect {target}.",
                "Our project was delayed because the next free slot was {w} weeks away.",
            ],
        },
        "booking": {
            "pos": [
                "Booking the inspection of {target} online took just a couple of minutes.",
                "Booking by phone was quick, and the confirmation came within {h} hours.",
                "The booking went through at once and the visit was only {n} days later.",
            ],
            "neg": [
                "Booking was a hassle: I called {n} times before anyone answered.",
                "The online booking kept failing and we had to send the same request {n} times.",
                "Nobody confirmed our booking, so for {n} days we did not know "
                "whether the visit was on.",
            ],
        },
        "inspector": {
            "pos": [
                "The inspector was very competent and explained {finding} well.",
                "Friendly and professional inspector who took the time to go through {finding}.",
                "The inspector's expertise on {target} was excellent.",
            ],
            "neg": [
                "The inspector seemed to be in a hurry and did not explain {finding} at all.",
                "The inspector could not answer basic questions about {target}.",
                "The inspector was rude to our staff, and {finding} remained unclear.",
            ],
        },
        "price": {
            "pos": [
                "The price is fair for what we get, and we compared offers from {n} companies.",
                "Reasonable price: we pay {pct} % less than with our previous provider.",
                "Good value for money compared with the {n} competitors we asked.",
            ],
            "neg": [
                "The price went up by {pct} % without any explanation.",
                "Too expensive: the invoice was {pct} % higher than the quote.",
                "The {eur} euros of travel costs on the invoice were a surprise, nobody "
                "mentioned them before.",
            ],
        },
        "report": {
            "pos": [
                "The report arrived in {n} days and was easy to read.",
                "The report on {target} was clear, with photos and a list of what to fix.",
                "We had the report after only {n} days, which helped us get the permit on time.",
            ],
            "neg": [
                "The report arrived after {w} weeks, and only after I asked for it twice.",
                "The report on {target} was hard to understand and did not say which "
                "defects are urgent.",
                "We are still waiting for the report, {w} weeks after the inspection.",
            ],
        },
        "communication": {
            "pos": [
                "Communication was excellent: we always knew when the inspector would come.",
                "Questions by email were answered within {h} hours.",
                "We got a reminder {n} days before the visit, very helpful.",
            ],
            "neg": [
                "Emails go unanswered for days; I sent {n} messages before I got a reply.",
                "Nobody told us that the visit had been moved by {n} days.",
                "The office and the inspector did not talk to each other: we had to explain "
                "everything {n} times.",
            ],
        },
        "punctuality": {
            "pos": [
                "The inspector arrived exactly on time for the inspection of {target}.",
                "Everything happened on the agreed day and at the agreed time.",
                "The inspector was on site at seven as agreed and finished within {h} hours.",
            ],
            "neg": [
                "The inspector was {m} minutes late and did not call.",
                "The visit was cancelled the same morning, and the new date was {w} weeks later.",
                "The inspector came {m} minutes late, so our staff stood around waiting.",
            ],
        },
    },
    named=[
        "{name} explained {finding} clearly and patiently.",
        "{name} really knows the regulations and answered all our questions about {target}.",
        "{name} was friendly and professional and went through {finding} carefully.",
    ],
    openings={
        "good": [
            "Excellent service.",
            "Very happy overall.",
            "Everything worked well.",
            "A good experience again.",
            "Thank you!",
            "Top service as always.",
            "Really good work.",
            "We are very satisfied.",
            "Smooth from start to finish.",
            "Nothing to complain about.",
        ],
        "mixed": [
            "Mostly good.",
            "Good, with some room for improvement.",
            "OK overall.",
            "Generally fine.",
            "Decent service.",
            "Fairly good.",
            "Good, not great.",
            "Satisfied, mostly.",
            "Some ups and downs.",
        ],
        "bad": [
            "Very disappointed.",
            "Not good this time.",
            "Frankly, we are not happy.",
            "This was a bad experience.",
            "Disappointing.",
            "Not acceptable.",
            "We expected much more.",
            "Poor service this time.",
            "Honestly, quite frustrating.",
        ],
    },
    closings={
        "good": [
            "Keep it up!",
            "We will book again.",
            "Happy to recommend you.",
            "Thanks to the whole team.",
            "Thanks, {name}!",
            "See you at the next inspection.",
            "Well done!",
            "Very professional company.",
            "Thank you for the good cooperation.",
        ],
        "mixed": [
            "Otherwise fine.",
            "Fix that and you get a 10.",
            "Hope this helps.",
            "We will probably continue anyway.",
            "Otherwise we are happy.",
            "Small things, but they matter.",
            "Please look into it.",
        ],
        "bad": [
            "We are looking at other inspection companies.",
            "Please call me.",
            "I expect better.",
            "Someone should fix this.",
            "Not what we pay for.",
            "This has happened before.",
            "Very frustrating.",
            "We will raise this at our next meeting.",
            "Please improve.",
        ],
    },
    short={
        "good": [
            "Fast and professional.",
            "All good, thanks!",
            "Report in {n} days, great.",
            "Great work, {name}!",
            "Quick and clear, thanks.",
        ],
        "mixed": [
            "OK, but the report took {w} weeks.",
            "Fine, but a bit pricey.",
            "Good inspector, slow booking.",
        ],
        "bad": [
            "Too slow.",
            "Waited {w} weeks for the report.",
            "Expensive and slow.",
            "The inspector was {m} minutes late.",
        ],
    },
    connectors=["But ", "However, ", "On the other hand, ", "Only complaint: "],
    joinable=frozenset({"The", "We", "Our", "Nobody", "Booking", "Emails", "Communication"}),
    targets=[
        "the lift",
        "the electrical installation",
        "the pressure vessels",
        "the building",
        "the crane",
        "the fire alarm system",
        "the ventilation",
    ],
    findings=[
        "the moisture findings",
        "the defects in the switchboard",
        "the pressure test results",
        "the fire safety remarks",
        "the measurement results",
        "the corrective actions needed",
        "the ventilation readings",
    ],
    contexts=[
        "We had the periodic inspection of {target} {ago}.",
        "This is about the inspection of {target} at {site}.",
        "{target} was inspected {ago}.",
    ],
    ago=[
        "last week",
        "two weeks ago",
        "last month",
        "on Monday",
        "on Tuesday",
        "on Wednesday",
        "on Thursday",
        "on Friday",
    ],
    sites=[
        "our head office",
        "our warehouse",
        "our factory",
        "our construction site",
        "our school",
        "our shopping centre",
        "our care home",
    ],
    thanks="Thanks!",
)

FI = Lexicon(
    themes={
        "waiting": {
            "pos": [
                "Tarkastusaika järjestyi {n} päivässä, mikä oli odotettua nopeampaa.",
                "Odotusaika oli lyhyt: pyynnöstä käyntiin meni vain {n} päivää.",
                "Ei pitkää jonoa tällä kertaa, {target} tarkastus saatiin tehtyä viikon sisällä.",
            ],
            "neg": [
                "Tarkastusaikaa piti odottaa {w} viikkoa, ja se on aivan liian pitkä aika.",
                "Odotusaika oli kohtuuton: {w} viikkoa ennen kuin {target} tarkastukseen "
                "saatiin ketään.",
                "Projektimme viivästyi, koska seuraava vapaa aika oli vasta {w} viikon päästä.",
            ],
        },
        "booking": {
            "pos": [
                "{target} tarkastuksen varaaminen verkossa vei vain pari minuuttia.",
                "Puhelimella varaaminen oli nopeaa, ja vahvistus tuli {h} tunnin sisällä.",
                "Varaus onnistui heti, ja käynti oli jo {n} päivän päästä.",
            ],
            "neg": [
                "Ajanvaraus oli hankalaa: soitin {n} kertaa ennen kuin joku vastasi.",
                "Verkkovaraus ei toiminut, ja jouduimme lähettämään saman pyynnön {n} kertaa.",
                "Kukaan ei vahvistanut varausta, joten emme tienneet {n} päivään, "
                "tuleeko tarkastaja.",
            ],
        },
        "inspector": {
            "pos": [
                "Tarkastaja oli todella asiantunteva ja selitti {finding} hyvin.",
                "Ystävällinen ja ammattitaitoinen tarkastaja, joka otti aikaa käydä "
                "{finding} läpi.",
                "Tarkastajan osaaminen {target} osalta oli erinomaista.",
            ],
            "neg": [
                "Tarkastajalla oli kiire, ja {finding} jäivät kokonaan selittämättä.",
                "Tarkastaja ei osannut vastata peruskysymyksiin {target} tarkastuksesta.",
                "Tarkastaja oli töykeä henkilökunnallemme, ja {finding} jäivät epäselviksi.",
            ],
        },
        "price": {
            "pos": [
                "Hinta on reilu siihen nähden, mitä saamme, ja vertasimme tarjouksia {n} yhtiöltä.",
                "Kohtuullinen hinta: maksamme {pct} % vähemmän kuin edelliselle toimittajalle.",
                "Hinta-laatusuhde on hyvä verrattuna {n} kilpailijaan, joilta pyysimme tarjouksen.",
            ],
            "neg": [
                "Hinta nousi {pct} % ilman mitään perustelua.",
                "Liian kallis: lasku oli {pct} % suurempi kuin tarjous.",
                "Laskulla oli {eur} euroa matkakuluja, joista ei kerrottu etukäteen.",
            ],
        },
        "report": {
            "pos": [
                "Raportti tuli {n} päivässä ja oli helppolukuinen.",
                "{target} tarkastusraportti oli selkeä, ja siinä oli kuvat ja lista "
                "korjattavista asioista.",
                "Saimme raportin jo {n} päivän päästä, mikä auttoi saamaan luvan ajoissa.",
            ],
            "neg": [
                "Raportti tuli vasta {w} viikon päästä, ja senkin jouduin pyytämään kahdesti.",
                "{target} tarkastusraporttia oli vaikea ymmärtää, eikä siinä kerrottu, "
                "mitkä puutteet ovat kiireellisiä.",
                "Odotamme raporttia yhä, vaikka tarkastuksesta on kulunut {w} viikkoa.",
            ],
        },
        "communication": {
            "pos": [
                "Viestintä toimi erinomaisesti: tiesimme aina, milloin tarkastaja tulee.",
                "Sähköposteihin vastattiin {h} tunnin sisällä.",
                "Saimme muistutuksen {n} päivää ennen käyntiä, tosi kätevää.",
            ],
            "neg": [
                "Sähköposteihin ei vastata päiväkausiin; lähetin {n} viestiä ennen kuin "
                "sain vastauksen.",
                "Kukaan ei kertonut meille, että käyntiä oli siirretty {n} päivällä.",
                "Toimiston ja tarkastajan välinen tiedonkulku ei toiminut: jouduimme "
                "selittämään kaiken {n} kertaan.",
            ],
        },
        "punctuality": {
            "pos": [
                "Tarkastaja saapui {target} tarkastukseen täsmälleen sovittuun aikaan.",
                "Kaikki tapahtui sovittuna päivänä ja kellonaikana.",
                "Tarkastaja oli paikalla seitsemältä kuten sovittiin, ja työ valmistui "
                "{h} tunnissa.",
            ],
            "neg": [
                "Tarkastaja oli {m} minuuttia myöhässä eikä ilmoittanut siitä.",
                "Käynti peruttiin samana aamuna, ja uusi aika oli vasta {w} viikon päästä.",
                "Tarkastaja tuli {m} minuuttia myöhässä, joten henkilökuntamme joutui "
                "odottelemaan.",
            ],
        },
    },
    named=[
        "{name} selitti {finding} selkeästi ja kärsivällisesti.",
        "{name} tuntee määräykset todella hyvin ja vastasi kaikkiin kysymyksiimme "
        "{target} tarkastuksesta.",
        "{name} oli ystävällinen ja ammattitaitoinen ja kävi {finding} huolellisesti läpi.",
    ],
    openings={
        "good": [
            "Erinomaista palvelua.",
            "Olemme kaikkiaan erittäin tyytyväisiä.",
            "Kaikki toimi hyvin.",
            "Taas hyvä kokemus.",
            "Kiitos!",
            "Huippupalvelua kuten aina.",
            "Todella hyvää työtä.",
            "Olemme erittäin tyytyväisiä.",
            "Sujuvaa alusta loppuun.",
            "Ei mitään valittamista.",
        ],
        "mixed": [
            "Pääosin hyvä.",
            "Hyvä, mutta parannettavaakin on.",
            "Kokonaisuutena ok.",
            "Yleisesti ottaen ihan hyvä.",
            "Kelvollista palvelua.",
            "Ihan hyvä.",
            "Hyvä, muttei loistava.",
            "Pääosin tyytyväinen.",
            "Vaihtelevaa.",
        ],
        "bad": [
            "Todella pettynyt.",
            "Ei hyvä tällä kertaa.",
            "Suoraan sanottuna emme ole tyytyväisiä.",
            "Huono kokemus.",
            "Pettymys.",
            "Ei hyväksyttävää.",
            "Odotimme paljon enemmän.",
            "Huonoa palvelua tällä kertaa.",
            "Suoraan sanottuna turhauttavaa.",
        ],
    },
    closings={
        "good": [
            "Jatkakaa samaan malliin!",
            "Tilaamme jatkossakin.",
            "Suosittelen mielelläni.",
            "Kiitos koko tiimille.",
            "Kiitos, {name}!",
            "Nähdään seuraavassa tarkastuksessa.",
            "Hienoa työtä!",
            "Erittäin ammattimainen yritys.",
            "Kiitos hyvästä yhteistyöstä.",
        ],
        "mixed": [
            "Muuten hyvä.",
            "Korjatkaa tuo, niin saatte kympin.",
            "Toivottavasti tästä on apua.",
            "Jatkamme silti luultavasti yhteistyötä.",
            "Muuten olemme tyytyväisiä.",
            "Pieniä asioita, mutta niillä on väliä.",
            "Katsokaa asiaa, kiitos.",
        ],
        "bad": [
            "Harkitsemme muita tarkastusyhtiöitä.",
            "Soittakaa minulle.",
            "Odotan parempaa.",
            "Tämä pitäisi korjata.",
            "Tällä hinnalla odottaa enemmän.",
            "Näin on käynyt ennenkin.",
            "Todella turhauttavaa.",
            "Otamme asian esille seuraavassa palaverissa.",
            "Parantakaa tätä.",
        ],
    },
    short={
        "good": [
            "Nopeaa ja ammattitaitoista.",
            "Kaikki hyvin, kiitos!",
            "Raportti {n} päivässä, hienoa.",
            "Hyvää työtä, {name}!",
            "Nopea ja selkeä, kiitos.",
        ],
        "mixed": [
            "Ok, mutta raportti kesti {w} viikkoa.",
            "Hyvä, mutta vähän hintava.",
            "Hyvä tarkastaja, hidas ajanvaraus.",
        ],
        "bad": [
            "Liian hidasta.",
            "Raporttia piti odottaa {w} viikkoa.",
            "Kallista ja hidasta.",
            "Tarkastaja oli {m} minuuttia myöhässä.",
        ],
    },
    connectors=["Mutta ", "Toisaalta ", "Ainoa miinus: "],
    joinable=frozenset(),
    targets=[
        "hissin",
        "sähköasennusten",
        "painelaitteiden",
        "kiinteistön",
        "nosturin",
        "paloilmoitinjärjestelmän",
        "ilmanvaihdon",
    ],
    findings=[
        "kosteuslöydökset",
        "sähkökeskuksen puutteet",
        "painekokeen tulokset",
        "paloturvallisuushuomiot",
        "mittaustulokset",
        "tarvittavat korjaustoimenpiteet",
        "ilmanvaihdon mittaukset",
    ],
    contexts=[
        "{target} määräaikaistarkastus tehtiin {ago}.",
        "Kyse on {target} tarkastuksesta {site}.",
        "Meillä tehtiin {target} tarkastus {ago}.",
    ],
    ago=[
        "viime viikolla",
        "kaksi viikkoa sitten",
        "viime kuussa",
        "maanantaina",
        "tiistaina",
        "keskiviikkona",
        "torstaina",
        "perjantaina",
    ],
    sites=[
        "pääkonttorillamme",
        "varastollamme",
        "tehtaallamme",
        "työmaallamme",
        "koulullamme",
        "kauppakeskuksessamme",
        "hoivakodissamme",
    ],
    thanks="Kiitos!",
)

SV = Lexicon(
    themes={
        "waiting": {
            "pos": [
                "Vi fick en besiktningstid inom {n} dagar, snabbare än vi hade väntat oss.",
                "Väntetiden var kort: bara {n} dagar från beställning till besök.",
                "Ingen lång kö den här gången, besiktningen av {target} gjordes inom en vecka.",
            ],
            "neg": [
                "Vi fick vänta {w} veckor på en besiktningstid, och det är alldeles för länge.",
                "Väntetiden var oacceptabel: {w} veckor innan någon kunde komma och "
                "besiktiga {target}.",
                "Vårt projekt försenades eftersom nästa lediga tid var först om {w} veckor.",
            ],
        },
        "booking": {
            "pos": [
                "Det tog bara ett par minuter att boka besiktningen av {target} på nätet.",
                "Det gick snabbt att boka per telefon och bekräftelsen kom inom {h} timmar.",
                "Bokningen gick direkt och besöket blev av redan efter {n} dagar.",
            ],
            "neg": [
                "Bokningen var krånglig: jag ringde {n} gånger innan någon svarade.",
                "Webbokningen fungerade inte, och vi fick skicka samma förfrågan {n} gånger.",
                "Ingen bekräftade bokningen, så i {n} dagar visste vi inte om besöket blev av.",
            ],
        },
        "inspector": {
            "pos": [
                "Inspektören var mycket kunnig och förklarade {finding} bra.",
                "Vänlig och professionell inspektör som tog sig tid att gå igenom {finding}.",
                "Inspektörens kunskaper om {target} var utmärkta.",
            ],
            "neg": [
                "Inspektören verkade ha bråttom och förklarade inte {finding} alls.",
                "Inspektören kunde inte svara på enkla frågor om {target}.",
                "Inspektören var otrevlig mot vår personal, och {finding} förblev oklara.",
            ],
        },
        "price": {
            "pos": [
                "Priset är rimligt för det vi får, och vi jämförde offerter från {n} företag.",
                "Rimligt pris: vi betalar {pct} % mindre än hos vår förra leverantör.",
                "Prisvärt jämfört med de {n} konkurrenter vi frågade.",
            ],
            "neg": [
                "Priset höjdes med {pct} % utan någon förklaring.",
                "För dyrt: fakturan var {pct} % högre än offerten.",
                "Resekostnaderna på {eur} euro på fakturan kom som en överraskning, ingen "
                "nämnde dem i förväg.",
            ],
        },
        "report": {
            "pos": [
                "Rapporten kom inom {n} dagar och var lätt att läsa.",
                "Rapporten om {target} var tydlig, med foton och en lista över vad som "
                "ska åtgärdas.",
                "Vi fick rapporten redan efter {n} dagar, vilket hjälpte oss att få "
                "tillståndet i tid.",
            ],
            "neg": [
                "Rapporten kom först efter {w} veckor, och då hade jag frågat efter den "
                "två gånger.",
                "Rapporten om {target} var svår att förstå och sa inte vilka brister som "
                "är brådskande.",
                "Vi väntar fortfarande på rapporten, {w} veckor efter besiktningen.",
            ],
        },
        "communication": {
            "pos": [
                "Kommunikationen var utmärkt: vi visste alltid när inspektören skulle komma.",
                "Frågor per e-post besvarades inom {h} timmar.",
                "Vi fick en påminnelse {n} dagar före besöket, mycket smidigt.",
            ],
            "neg": [
                "E-post blir obesvarad i flera dagar; jag skickade {n} meddelanden innan "
                "jag fick svar.",
                "Ingen berättade för oss att besöket hade flyttats {n} dagar framåt.",
                "Kontoret och inspektören pratade inte med varandra: vi fick förklara "
                "allt {n} gånger.",
            ],
        },
        "punctuality": {
            "pos": [
                "Inspektören kom precis i tid till besiktningen av {target}.",
                "Allt skedde på den överenskomna dagen och tiden.",
                "Inspektören var på plats klockan sju som avtalat och klar inom {h} timmar.",
            ],
            "neg": [
                "Inspektören var {m} minuter sen och ringde inte.",
                "Besöket ställdes in samma morgon, och den nya tiden var först om {w} veckor.",
                "Inspektören kom {m} minuter för sent, så vår personal fick stå och vänta.",
            ],
        },
    },
    named=[
        "{name} förklarade {finding} tydligt och tålmodigt.",
        "{name} kan reglerna utan och innan och svarade på alla våra frågor om {target}.",
        "{name} var vänlig och professionell och gick noggrant igenom {finding}.",
    ],
    openings={
        "good": [
            "Utmärkt service.",
            "Mycket nöjda överlag.",
            "Allt fungerade bra.",
            "En bra upplevelse igen.",
            "Tack!",
            "Toppservice som vanligt.",
            "Riktigt bra jobbat.",
            "Vi är mycket nöjda.",
            "Smidigt från början till slut.",
            "Inget att klaga på.",
        ],
        "mixed": [
            "Mestadels bra.",
            "Bra, men det finns saker att förbättra.",
            "Okej överlag.",
            "I stort sett bra.",
            "Helt godkänd service.",
            "Ganska bra.",
            "Bra, men inte toppen.",
            "Mestadels nöjd.",
            "Lite upp och ner.",
        ],
        "bad": [
            "Mycket besviken.",
            "Inte bra den här gången.",
            "Ärligt talat är vi inte nöjda.",
            "En dålig upplevelse.",
            "En besvikelse.",
            "Inte acceptabelt.",
            "Vi hade förväntat oss mycket mer.",
            "Dålig service den här gången.",
            "Ärligt talat ganska frustrerande.",
        ],
    },
    closings={
        "good": [
            "Fortsätt så!",
            "Vi bokar gärna igen.",
            "Rekommenderar er gärna.",
            "Tack till hela teamet.",
            "Tack, {name}!",
            "Vi ses vid nästa besiktning.",
            "Bra gjort!",
            "Mycket professionellt företag.",
            "Tack för ett gott samarbete.",
        ],
        "mixed": [
            "Annars bra.",
            "Fixa det så blir det en tia.",
            "Hoppas det här hjälper.",
            "Vi fortsätter nog ändå.",
            "Annars är vi nöjda.",
            "Småsaker, men de spelar roll.",
            "Titta gärna på det.",
        ],
        "bad": [
            "Vi ser oss om efter ett annat besiktningsföretag.",
            "Ring mig gärna.",
            "Jag förväntar mig bättre.",
            "Det här måste åtgärdas.",
            "Inte vad vi betalar för.",
            "Det har hänt förut.",
            "Mycket frustrerande.",
            "Vi tar upp det på nästa möte.",
            "Förbättra er, tack.",
        ],
    },
    short={
        "good": [
            "Snabbt och professionellt.",
            "Allt bra, tack!",
            "Rapporten kom på {n} dagar, toppen.",
            "Bra jobbat, {name}!",
            "Snabbt och tydligt, tack.",
        ],
        "mixed": [
            "Okej, men rapporten tog {w} veckor.",
            "Bra, men lite dyrt.",
            "Bra inspektör, krånglig bokning.",
        ],
        "bad": [
            "För långsamt.",
            "Väntade {w} veckor på rapporten.",
            "Dyrt och långsamt.",
            "Inspektören var {m} minuter sen.",
        ],
    },
    connectors=["Men ", "Det enda minuset: "],
    joinable=frozenset(),
    targets=[
        "hissen",
        "elinstallationen",
        "tryckkärlen",
        "fastigheten",
        "kranen",
        "brandlarmet",
        "ventilationen",
    ],
    findings=[
        "fuktfynden",
        "bristerna i elcentralen",
        "resultaten från tryckprovet",
        "brandskyddsanmärkningarna",
        "mätresultaten",
        "de åtgärder som behövs",
        "ventilationsmätningarna",
    ],
    contexts=[
        "Vi hade den återkommande besiktningen av {target} {ago}.",
        "Det gäller besiktningen av {target} på {site}.",
        "{target} besiktades {ago}.",
    ],
    ago=[
        "förra veckan",
        "för två veckor sedan",
        "förra månaden",
        "i måndags",
        "i tisdags",
        "i onsdags",
        "i torsdags",
        "i fredags",
    ],
    sites=[
        "vårt huvudkontor",
        "vårt lager",
        "vår fabrik",
        "vår byggarbetsplats",
        "vår skola",
        "vårt köpcentrum",
        "vårt vårdhem",
    ],
    thanks="Tack!",
)

DE = Lexicon(
    themes={
        "waiting": {
            "pos": [
                "Wir haben innerhalb von {n} Tagen einen Prüftermin bekommen, schneller "
                "als erwartet.",
                "Die Wartezeit war kurz: nur {n} Tage von der Anfrage bis zum Besuch.",
                "Diesmal keine lange Warteschlange, die Prüfung {target} war innerhalb "
                "einer Woche erledigt.",
            ],
            "neg": [
                "Wir mussten {w} Wochen auf einen Prüftermin warten, und das ist viel zu lang.",
                "Die Wartezeit war inakzeptabel: {w} Wochen, bis jemand die Prüfung "
                "{target} übernehmen konnte.",
                "Unser Projekt hat sich verzögert, weil der nächste freie Termin erst in "
                "{w} Wochen war.",
            ],
        },
        "booking": {
            "pos": [
                "Die Online-Buchung für die Prüfung {target} hat nur ein paar Minuten gedauert.",
                "Die Buchung per Telefon ging schnell, und die Bestätigung kam innerhalb von "
                "{h} Stunden.",
                "Die Terminbuchung klappte sofort, und der Besuch fand schon nach {n} Tagen statt.",
            ],
            "neg": [
                "Die Terminbuchung war mühsam: Ich habe {n}-mal angerufen, bis jemand "
                "abgenommen hat.",
                "Die Online-Buchung hat nicht funktioniert, wir mussten dieselbe Anfrage "
                "{n}-mal schicken.",
                "Niemand hat die Buchung bestätigt, daher wussten wir {n} Tage lang nicht, "
                "ob der Besuch stattfindet.",
            ],
        },
        "inspector": {
            "pos": [
                "Der Prüfer war sehr kompetent und hat {finding} gut erklärt.",
                "Ein freundlicher und professioneller Prüfer, der sich Zeit genommen hat, "
                "{finding} mit uns durchzugehen.",
                "Das Fachwissen des Prüfers bei der Prüfung {target} war hervorragend.",
            ],
            "neg": [
                "Der Prüfer hatte es offenbar eilig und hat {finding} überhaupt nicht erklärt.",
                "Der Prüfer konnte einfache Fragen zur Prüfung {target} nicht beantworten.",
                "Der Prüfer war unfreundlich zu unseren Mitarbeitern, und {finding} "
                "blieben unklar.",
            ],
        },
        "price": {
            "pos": [
                "Der Preis ist fair für das, was wir bekommen, und wir haben Angebote von "
                "{n} Firmen verglichen.",
                "Ein angemessener Preis: Wir zahlen {pct} % weniger als bei unserem "
                "früheren Anbieter.",
                "Gutes Preis-Leistungs-Verhältnis im Vergleich zu den {n} Wettbewerbern, die "
                "wir angefragt haben.",
            ],
            "neg": [
                "Der Preis ist ohne jede Erklärung um {pct} % gestiegen.",
                "Zu teuer: Die Rechnung war {pct} % höher als das Angebot.",
                "Die Reisekosten von {eur} Euro auf der Rechnung waren eine Überraschung, "
                "niemand hatte sie vorher erwähnt.",
            ],
        },
        "report": {
            "pos": [
                "Der Bericht kam innerhalb von {n} Tagen und war leicht verständlich.",
                "Der Bericht zur Prüfung {target} war klar, mit Fotos und einer Liste der "
                "zu behebenden Mängel.",
                "Wir hatten den Bericht schon nach {n} Tagen und haben so die Genehmigung "
                "rechtzeitig bekommen.",
            ],
            "neg": [
                "Der Bericht kam erst nach {w} Wochen, und auch nur, weil ich zweimal "
                "nachgefragt habe.",
                "Der Bericht zur Prüfung {target} war schwer verständlich und sagte nicht, "
                "welche Mängel dringend sind.",
                "Wir warten immer noch auf den Bericht, {w} Wochen nach der Prüfung.",
            ],
        },
        "communication": {
            "pos": [
                "Die Kommunikation war ausgezeichnet: Wir wussten immer, wann der Prüfer kommt.",
                "Fragen per E-Mail wurden innerhalb von {h} Stunden beantwortet.",
                "Wir haben {n} Tage vor dem Besuch eine Erinnerung bekommen, sehr hilfreich.",
            ],
            "neg": [
                "E-Mails bleiben tagelang unbeantwortet; ich habe {n} Nachrichten "
                "geschickt, bis eine Antwort kam.",
                "Niemand hat uns gesagt, dass der Besuch um {n} Tage verschoben wurde.",
                "Die Abstimmung zwischen Büro und Prüfer hat nicht funktioniert: Wir "
                "mussten alles {n}-mal erklären.",
            ],
        },
        "punctuality": {
            "pos": [
                "Der Prüfer war zur Prüfung {target} auf die Minute pünktlich.",
                "Alles fand am vereinbarten Tag zur vereinbarten Zeit statt.",
                "Der Prüfer war wie vereinbart um sieben Uhr vor Ort und nach {h} Stunden fertig.",
            ],
            "neg": [
                "Der Prüfer kam {m} Minuten zu spät und hat nicht angerufen.",
                "Der Besuch wurde am selben Morgen abgesagt, und der neue Termin war erst "
                "in {w} Wochen.",
                "Der Prüfer kam {m} Minuten zu spät, und unsere Mitarbeiter mussten warten.",
            ],
        },
    },
    named=[
        "{name} hat uns {finding} klar und geduldig erklärt.",
        "{name} kennt die Vorschriften genau und hat alle unsere Fragen zur Prüfung "
        "{target} beantwortet.",
        "{name} war freundlich und professionell und ist {finding} gründlich mit uns "
        "durchgegangen.",
    ],
    openings={
        "good": [
            "Hervorragender Service.",
            "Insgesamt sehr zufrieden.",
            "Alles hat gut funktioniert.",
            "Wieder eine gute Erfahrung.",
            "Vielen Dank!",
            "Top-Service wie immer.",
            "Wirklich gute Arbeit.",
            "Wir sind sehr zufrieden.",
            "Reibungslos von Anfang bis Ende.",
            "Nichts zu beanstanden.",
        ],
        "mixed": [
            "Größtenteils gut.",
            "Gut, aber mit Luft nach oben.",
            "Insgesamt in Ordnung.",
            "Im Großen und Ganzen gut.",
            "Ordentlicher Service.",
            "Ziemlich gut.",
            "Gut, aber nicht großartig.",
            "Größtenteils zufrieden.",
            "Mal so, mal so.",
        ],
        "bad": [
            "Sehr enttäuscht.",
            "Diesmal nicht gut.",
            "Ehrlich gesagt sind wir nicht zufrieden.",
            "Eine schlechte Erfahrung.",
            "Enttäuschend.",
            "Nicht akzeptabel.",
            "Wir hatten viel mehr erwartet.",
            "Diesmal schlechter Service.",
            "Ehrlich gesagt ziemlich frustrierend.",
        ],
    },
    closings={
        "good": [
            "Weiter so!",
            "Wir buchen gerne wieder.",
            "Wir empfehlen Sie gerne weiter.",
            "Danke an das ganze Team.",
            "Danke, {name}!",
            "Bis zur nächsten Prüfung.",
            "Gut gemacht!",
            "Ein sehr professionelles Unternehmen.",
            "Danke für die gute Zusammenarbeit.",
        ],
        "mixed": [
            "Ansonsten gut.",
            "Wenn das besser wird, gibt es eine 10.",
            "Ich hoffe, das hilft.",
            "Wir bleiben wohl trotzdem dabei.",
            "Sonst sind wir zufrieden.",
            "Kleinigkeiten, aber sie zählen.",
            "Bitte schauen Sie sich das an.",
        ],
        "bad": [
            "Wir sehen uns nach einem anderen Prüfunternehmen um.",
            "Bitte rufen Sie mich an.",
            "Ich erwarte mehr.",
            "Das muss sich ändern.",
            "Dafür zahlen wir nicht.",
            "Das ist nicht das erste Mal.",
            "Sehr frustrierend.",
            "Wir sprechen das beim nächsten Termin an.",
            "Bitte verbessern Sie das.",
        ],
    },
    short={
        "good": [
            "Schnell und professionell.",
            "Alles gut, danke!",
            "Bericht nach {n} Tagen, super.",
            "Gute Arbeit, {name}!",
            "Schnell und verständlich, danke.",
        ],
        "mixed": [
            "Okay, aber der Bericht hat {w} Wochen gedauert.",
            "Gut, aber etwas teuer.",
            "Guter Prüfer, aber die Buchung ist umständlich.",
        ],
        "bad": [
            "Zu langsam.",
            "{w} Wochen auf den Bericht gewartet.",
            "Teuer und langsam.",
            "Der Prüfer kam {m} Minuten zu spät.",
        ],
    },
    # German nouns keep their capital; only articles and pronouns may follow "Aber".
    connectors=["Aber "],
    joinable=frozenset({"Der", "Die", "Das", "Wir", "Unser", "Niemand"}),
    targets=[
        "des Aufzugs",
        "der Elektroanlage",
        "der Druckbehälter",
        "des Gebäudes",
        "des Krans",
        "der Brandmeldeanlage",
        "der Lüftungsanlage",
    ],
    findings=[
        "die Feuchtigkeitsbefunde",
        "die Mängel im Schaltschrank",
        "die Ergebnisse der Druckprüfung",
        "die Brandschutzhinweise",
        "die Messergebnisse",
        "die nötigen Korrekturmaßnahmen",
        "die Messwerte der Lüftung",
    ],
    contexts=[
        "Die wiederkehrende Prüfung {target} war {ago}.",
        "Es geht um die Prüfung {target} {site}.",
        "Bei uns wurde {ago} die Prüfung {target} durchgeführt.",
    ],
    ago=[
        "letzte Woche",
        "vor zwei Wochen",
        "letzten Monat",
        "am Montag",
        "am Dienstag",
        "am Mittwoch",
        "am Donnerstag",
        "am Freitag",
    ],
    sites=[
        "in unserer Zentrale",
        "in unserem Lager",
        "in unserem Werk",
        "auf unserer Baustelle",
        "in unserer Schule",
        "in unserem Einkaufszentrum",
        "in unserem Pflegeheim",
    ],
    thanks="Danke!",
)

ES = Lexicon(
    themes={
        "waiting": {
            "pos": [
                "Conseguimos fecha para la inspección en {n} días, más rápido de lo que "
                "esperábamos.",
                "La espera fue corta: solo {n} días desde la solicitud hasta la visita.",
                "Esta vez no hubo largas esperas, la inspección {target} se hizo en menos "
                "de una semana.",
            ],
            "neg": [
                "Tuvimos que esperar {w} semanas para conseguir fecha, y eso es demasiado.",
                "El tiempo de espera fue inaceptable: {w} semanas hasta que alguien pudo "
                "venir a hacer la inspección {target}.",
                "Nuestro proyecto se retrasó porque la siguiente fecha libre era dentro de "
                "{w} semanas.",
            ],
        },
        "booking": {
            "pos": [
                "Reservar por internet la inspección {target} fue cuestión de un par de minutos.",
                "Reservar por teléfono fue rápido y la confirmación llegó en menos de {h} horas.",
                "La reserva se hizo al momento y la visita fue solo {n} días después.",
            ],
            "neg": [
                "Reservar fue un lío: llamé {n} veces antes de que alguien contestara.",
                "La reserva por internet no funcionaba y tuvimos que enviar la misma "
                "solicitud {n} veces.",
                "Nadie confirmó la reserva, así que durante {n} días no supimos si la "
                "visita seguía en pie.",
            ],
        },
        "inspector": {
            "pos": [
                "El inspector era muy competente y explicó bien {finding}.",
                "Un inspector amable y profesional, que se tomó el tiempo de repasar "
                "{finding} con nosotros.",
                "Los conocimientos del inspector sobre la inspección {target} fueron excelentes.",
            ],
            "neg": [
                "El inspector parecía tener prisa y no explicó {finding} en absoluto.",
                "El inspector no supo responder a preguntas básicas sobre la inspección {target}.",
                "El inspector fue maleducado con nuestro personal y {finding} quedaron "
                "sin aclarar.",
            ],
        },
        "price": {
            "pos": [
                "El precio es justo para lo que recibimos, y comparamos ofertas de {n} empresas.",
                "Un precio razonable: pagamos un {pct} % menos que con nuestro proveedor anterior.",
                "Buena relación calidad-precio comparada con las {n} empresas de la "
                "competencia que consultamos.",
            ],
            "neg": [
                "El precio subió un {pct} % sin ninguna explicación.",
                "Demasiado caro: la factura fue un {pct} % más alta que el presupuesto.",
                "Los {eur} euros de gastos de desplazamiento de la factura fueron una "
                "sorpresa, nadie los mencionó antes.",
            ],
        },
        "report": {
            "pos": [
                "El informe llegó en {n} días y era fácil de leer.",
                "El informe de la inspección {target} era claro, con fotos y una lista de "
                "lo que hay que corregir.",
                "Recibimos el informe a los {n} días, lo que nos ayudó a obtener el "
                "permiso a tiempo.",
            ],
            "neg": [
                "El informe llegó después de {w} semanas, y solo después de reclamarlo dos veces.",
                "El informe de la inspección {target} era difícil de entender y no decía "
                "qué defectos son urgentes.",
                "Seguimos esperando el informe, {w} semanas después de la inspección.",
            ],
        },
        "communication": {
            "pos": [
                "La comunicación fue excelente: siempre sabíamos cuándo vendría el inspector.",
                "Las preguntas por correo se respondían en menos de {h} horas.",
                "Recibimos un recordatorio {n} días antes de la visita, muy útil.",
            ],
            "neg": [
                "Los correos quedan sin respuesta durante días; envié {n} mensajes antes "
                "de recibir respuesta.",
                "Nadie nos avisó de que la visita se había retrasado {n} días.",
                "La comunicación entre la oficina y el inspector no funcionó: tuvimos que "
                "explicarlo todo {n} veces.",
            ],
        },
        "punctuality": {
            "pos": [
                "El inspector llegó puntual a la inspección {target}.",
                "Todo se hizo el día y a la hora acordados.",
                "El inspector estaba allí a las siete, como acordamos, y terminó en {h} horas.",
            ],
            "neg": [
                "El inspector llegó {m} minutos tarde y no avisó.",
                "La visita se canceló esa misma mañana y la nueva fecha fue {w} semanas después.",
                "El inspector llegó con {m} minutos de retraso y nuestro personal tuvo "
                "que esperar.",
            ],
        },
    },
    named=[
        "{name} nos explicó {finding} con claridad y paciencia.",
        "{name} conoce muy bien la normativa y respondió a todas nuestras preguntas "
        "sobre la inspección {target}.",
        "{name} fue amable y profesional y revisó {finding} a fondo con nosotros.",
    ],
    openings={
        "good": [
            "Servicio excelente.",
            "Muy contentos en general.",
            "Todo funcionó bien.",
            "Otra vez una buena experiencia.",
            "¡Gracias!",
            "Un servicio de primera, como siempre.",
            "Muy buen trabajo.",
            "Estamos muy satisfechos.",
            "Todo fluido de principio a fin.",
            "Nada que objetar.",
        ],
        "mixed": [
            "En general, bien.",
            "Bien, aunque hay cosas que mejorar.",
            "Correcto en general.",
            "Bastante bien.",
            "Un servicio aceptable.",
            "Bastante correcto.",
            "Bien, pero sin más.",
            "Satisfechos en general.",
            "Con altibajos.",
        ],
        "bad": [
            "Muy decepcionados.",
            "Esta vez no fue bien.",
            "Sinceramente, no estamos contentos.",
            "Una mala experiencia.",
            "Decepcionante.",
            "No es aceptable.",
            "Esperábamos mucho más.",
            "Esta vez, un mal servicio.",
            "Sinceramente, bastante frustrante.",
        ],
    },
    closings={
        "good": [
            "¡Sigan así!",
            "Volveremos a contar con ustedes.",
            "Les recomiendo con gusto.",
            "Gracias a todo el equipo.",
            "¡Gracias, {name}!",
            "Nos vemos en la próxima inspección.",
            "¡Bien hecho!",
            "Una empresa muy profesional.",
            "Gracias por la buena colaboración.",
        ],
        "mixed": [
            "Por lo demás, bien.",
            "Si mejoran eso, les doy un 10.",
            "Espero que esto les ayude.",
            "Aun así, seguiremos con ustedes.",
            "Por lo demás, estamos contentos.",
            "Son detalles, pero importan.",
            "Por favor, revísenlo.",
        ],
        "bad": [
            "Estamos buscando otra empresa de inspección.",
            "Llámenme, por favor.",
            "Espero algo mejor.",
            "Esto hay que arreglarlo.",
            "No es lo que pagamos.",
            "No es la primera vez.",
            "Muy frustrante.",
            "Lo comentaremos en la próxima reunión.",
            "Por favor, mejoren esto.",
        ],
    },
    short={
        "good": [
            "Rápido y profesional.",
            "Todo bien, ¡gracias!",
            "Informe en {n} días, genial.",
            "¡Buen trabajo, {name}!",
            "Rápido y claro, gracias.",
        ],
        "mixed": [
            "Bien, pero el informe tardó {w} semanas.",
            "Bien, aunque algo caro.",
            "Buen inspector, pero la reserva es complicada.",
        ],
        "bad": [
            "Demasiado lento.",
            "Esperamos {w} semanas el informe.",
            "Caro y lento.",
            "El inspector llegó {m} minutos tarde.",
        ],
    },
    connectors=["Pero ", "Eso sí, ", "Lo único: "],
    joinable=frozenset(),
    targets=[
        "del ascensor",
        "de la instalación eléctrica",
        "de los recipientes a presión",
        "del edificio",
        "de la grúa",
        "del sistema de alarma contra incendios",
        "de la ventilación",
    ],
    findings=[
        "los hallazgos de humedad",
        "los defectos del cuadro eléctrico",
        "los resultados de la prueba de presión",
        "las observaciones de seguridad contra incendios",
        "los resultados de las mediciones",
        "las medidas correctivas necesarias",
        "las mediciones de la ventilación",
    ],
    contexts=[
        "La inspección periódica {target} fue {ago}.",
        "Se trata de la inspección {target} en {site}.",
        "Nos hicieron la inspección {target} {ago}.",
    ],
    ago=[
        "la semana pasada",
        "hace dos semanas",
        "el mes pasado",
        "el lunes",
        "el martes",
        "el miércoles",
        "el jueves",
        "el viernes",
    ],
    sites=[
        "nuestra sede",
        "nuestro almacén",
        "nuestra fábrica",
        "nuestra obra",
        "nuestro colegio",
        "nuestro centro comercial",
        "nuestra residencia de mayores",
    ],
    thanks="¡Gracias!",
)

LEXICONS: dict[str, Lexicon] = {"en": EN, "fi": FI, "sv": SV, "de": DE, "es": ES}

# Who adds a word of another language: Finland's Swedish speakers thank in Finnish,
# Finnish speakers in English, the others in Finnish (they work in Finland).
FOREIGN_THANKS = {"fi": "en", "sv": "fi", "en": "fi", "de": "fi", "es": "fi"}

TYPO_RATE = 0.06
MIXED_LANGUAGE_RATE = 0.05


def mood_of(score: int) -> Mood:
    """Promoters praise, passives praise and criticise, detractors complain."""
    if score >= 9:
        return "good"
    return "mixed" if score >= 7 else "bad"


def _fill(template: str, lexicon: Lexicon, rng: random.Random, names: Sequence[str]) -> str:
    text = template.format(
        n=rng.randint(2, 12),
        w=rng.randint(2, 8),
        m=rng.choice(range(15, 125, 5)),
        pct=rng.randint(5, 35),
        target=rng.choice(lexicon.targets),
        finding=rng.choice(lexicon.findings),
        name=rng.choice(names) if names else "",
        h=rng.randint(2, 10),
        eur=rng.choice(range(60, 400, 20)),
        ago=rng.choice(lexicon.ago) if lexicon.ago else "",
        site=rng.choice(lexicon.sites) if lexicon.sites else "",
    )
    return text[:1].upper() + text[1:]


def _sentence(
    theme: str,
    polarity: Polarity,
    lexicon: Lexicon,
    rng: random.Random,
    names: Sequence[str],
) -> str:
    templates = list(lexicon.themes[theme][polarity])
    if theme == "inspector" and polarity == "pos" and names and rng.random() < 0.6:
        templates = list(lexicon.named)
    return _fill(rng.choice(templates), lexicon, rng, names)


def _usable(templates: Sequence[str], names: Sequence[str]) -> list[str]:
    return [t for t in templates if names or "{name}" not in t]


def _join_criticism(sentence: str, lexicon: Lexicon, rng: random.Random) -> str:
    """Lead criticism with "But …" where the language and the first word allow it."""
    first = sentence.split(" ", 1)[0]
    if rng.random() < 0.4 or (lexicon.joinable and first not in lexicon.joinable):
        return sentence
    if not first[:1].isupper() or first.isupper():  # "I", a number: leave it alone
        return sentence
    return rng.choice(lexicon.connectors) + sentence[0].lower() + sentence[1:]


def _typo(text: str, rng: random.Random) -> str:
    """Swap two letters inside one longer word, as a hurried typist does."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    word = words[i]
    j = rng.randint(1, len(word) - 3)
    words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    return " ".join(words)


def _themes(rng: random.Random, weights: Mapping[str, float] | None, count: int) -> list[str]:
    """`count` different themes, more often the heavier ones."""
    pool = {theme: (weights or {}).get(theme, 1.0) for theme in THEMES}
    chosen: list[str] = []
    while len(chosen) < count:
        themes = [t for t in THEMES if t not in chosen and pool[t] > 0]
        if not themes:
            break
        chosen.append(rng.choices(themes, weights=[pool[t] for t in themes])[0])
    return chosen


def reason_text(
    *,
    language: str,
    score: int,
    rng: random.Random,
    names: Sequence[str] = (),
    complaints: Mapping[str, float] | None = None,
    praise: Mapping[str, float] | None = None,
) -> str:
    """A customer's reason for `score`, in `language`. `names` are first names of the
    employees the customer deals with; `complaints` and `praise` weigh the themes (an
    office with long waiting times gets more complaints about waiting)."""
    lexicon = LEXICONS[language]
    mood = mood_of(score)
    opening = rng.choice(lexicon.openings[mood]) if rng.random() < 0.55 else ""
    context = ""
    if lexicon.contexts and rng.random() < 0.4:
        context = _fill(rng.choice(lexicon.contexts), lexicon, rng, names)
    parts: list[str] = []
    if mood == "good":
        for theme in _themes(rng, praise, rng.choice([1, 2, 2, 3])):
            parts.append(_sentence(theme, "pos", lexicon, rng, names))
    elif mood == "mixed":
        good = _themes(rng, praise, rng.choice([1, 1, 2]))
        for theme in good:
            parts.append(_sentence(theme, "pos", lexicon, rng, names))
        weights = {t: w for t, w in (complaints or {t: 1.0 for t in THEMES}).items()}
        for theme in good:
            weights[theme] = 0.0
        bad = _themes(rng, weights, 1)
        for theme in bad:
            parts.append(
                _join_criticism(_sentence(theme, "neg", lexicon, rng, names), lexicon, rng)
            )
    else:
        bad = _themes(rng, complaints, rng.choice([1, 2, 2, 3]))
        if score >= 5 and rng.random() < 0.35:
            # A fair-minded detractor: one good word, then the problems.
            good_theme = rng.choice([t for t in THEMES if t not in bad])
            parts.append(_sentence(good_theme, "pos", lexicon, rng, names))
            parts.append(
                _join_criticism(_sentence(bad[0], "neg", lexicon, rng, names), lexicon, rng)
            )
            bad = bad[1:]
        for theme in bad:
            parts.append(_sentence(theme, "neg", lexicon, rng, names))
    closing = ""
    if rng.random() < 0.45:
        closing = _fill(rng.choice(_usable(lexicon.closings[mood], names)), lexicon, rng, names)
    if len(parts) == 1:
        # A lone sentence gets a frame: one-liners are what `short_reason` is for.
        if not (opening or context):
            context = _fill(rng.choice(lexicon.contexts), lexicon, rng, names)
        if not closing:
            closing = _fill(rng.choice(_usable(lexicon.closings[mood], names)), lexicon, rng, names)
    text = " ".join(part for part in [opening, context, *parts, closing] if part)
    if mood == "good" and rng.random() < MIXED_LANGUAGE_RATE:
        text += " " + LEXICONS[FOREIGN_THANKS[language]].thanks
    if rng.random() < TYPO_RATE:
        text = _typo(text, rng)
    return text


def short_reason(
    *, language: str, score: int, rng: random.Random, names: Sequence[str] = ()
) -> str:
    """A terse answer of a few words, like "Too slow." (these repeat, as real ones do)."""
    lexicon = LEXICONS[language]
    templates = _usable(lexicon.short[mood_of(score)], names)
    return _fill(rng.choice(templates), lexicon, rng, names)
