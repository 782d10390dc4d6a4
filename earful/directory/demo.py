"""The demo company's directory: Aurora Inspection, a certification and inspection firm.

One country, three regions, 24 offices, ~60 employees and 12,000 customers, all drawn
from a seeded random generator so that every run builds the same company. The rows go
through the real importer, exactly as a CX lead's CSV files would.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from earful.directory.choices import Role
from earful.directory.importing import ImportReport, import_records

DOMAIN = "aurora-inspection.example"
PASSWORD = "earful-demo"  # noqa: S105 (the demo's printed, public login)

REGIONS: dict[str, list[tuple[str, int]]] = {
    # region: [(office, relative size)]
    "South": [
        ("Helsinki", 10),
        ("Espoo", 6),
        ("Vantaa", 5),
        ("Porvoo", 2),
        ("Lahti", 3),
        ("Kotka", 2),
        ("Lohja", 1),
        ("Hämeenlinna", 2),
    ],
    "West": [
        ("Turku", 6),
        ("Tampere", 8),
        ("Pori", 3),
        ("Vaasa", 3),
        ("Seinäjoki", 2),
        ("Rauma", 1),
        ("Salo", 1),
        ("Jyväskylä", 4),
    ],
    "North and East": [
        ("Oulu", 5),
        ("Kuopio", 3),
        ("Joensuu", 2),
        ("Rovaniemi", 2),
        ("Kajaani", 1),
        ("Kokkola", 1),
        ("Mikkeli", 2),
        ("Lappeenranta", 2),
    ],
}

SEGMENTS: list[tuple[str, int, float]] = [
    # segment, weight, median annual revenue (EUR) of what they buy from us
    ("Key accounts", 4, 250_000.0),
    ("Industry", 18, 40_000.0),
    ("Construction", 22, 18_000.0),
    ("Public sector", 10, 30_000.0),
    ("SME", 46, 4_000.0),
]
LANGUAGES = [("fi", 70), ("sv", 11), ("en", 11), ("de", 4), ("es", 4)]
LIFECYCLES = [("active", 82), ("at_risk", 6), ("onboarding", 5), ("prospect", 2), ("churned", 5)]

FIRST_NAMES = [
    "Aino",
    "Eero",
    "Helmi",
    "Juho",
    "Kaisa",
    "Lauri",
    "Maija",
    "Mikko",
    "Noora",
    "Otto",
    "Pirjo",
    "Sami",
    "Tiina",
    "Ville",
    "Anna",
    "Jussi",
    "Elina",
    "Antti",
    "Sanna",
    "Timo",
    "Johanna",
    "Markku",
    "Riikka",
    "Pekka",
    "Laura",
    "Heikki",
    "Katja",
    "Janne",
    "Minna",
    "Olli",
    "Sofia",
    "Henrik",
    "Linnea",
    "Erik",
]
LAST_NAMES = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Heikkilä",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Salo",
    "Laitinen",
    "Tuominen",
    "Rantanen",
    "Karjalainen",
    "Jokinen",
    "Mattila",
    "Savolainen",
    "Lindqvist",
    "Lindholm",
]
NAME_PARTS = [
    "Pohjolan",
    "Järvi",
    "Kivi",
    "Metsä",
    "Ranta",
    "Teräs",
    "Koski",
    "Valo",
    "Nord",
    "Sisu",
    "Aalto",
    "Kallio",
    "Vuori",
    "Saari",
    "Lumi",
    "Tuuli",
    "Routa",
    "Hiekka",
    "Raita",
    "Kide",
]
TRADES = [
    "Rakennus",
    "Kone",
    "Sähkö",
    "Logistiikka",
    "Elintarvike",
    "Puu",
    "Metalli",
    "Energia",
    "Kiinteistö",
    "Kuljetus",
    "Hissi",
    "Paine",
    "Lämpö",
    "Vesi",
    "Automaatio",
    "Muovi",
]
FORMS = ["Oy", "Oy", "Oy", "Ab", "Oyj", "Ky", "GmbH", "AB"]
PUBLIC_BODIES = ["kaupunki", "kunta", "hyvinvointialue", "seurakuntayhtymä"]


@dataclass
class DemoDirectory:
    units: list[dict[str, str]] = field(default_factory=list)
    employees: list[dict[str, str]] = field(default_factory=list)
    customers: list[dict[str, str]] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # role, username, who


def _slug(text: str) -> str:
    return text.lower().replace("ä", "a").replace("ö", "o").replace("å", "a").replace(" ", "-")


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def generate(
    seed: int = 2026, customers: int = 12_000, today: dt.date | None = None
) -> DemoDirectory:
    """The demo company's rows, as the importer's CSV columns would hold them."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    demo = DemoDirectory()
    used_names: set[tuple[str, str]] = set()

    def person(role: str, unit: str, title: str) -> dict[str, str]:
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if (first, last) not in used_names:
                used_names.add((first, last))
                break
        row = {
            "external_id": f"E{len(demo.employees) + 1:04d}",
            "email": f"{_slug(first)}.{_slug(last)}@{DOMAIN}",
            "first_name": first,
            "last_name": last,
            "role": role,
            "unit": unit,
            "language": "fi",
        }
        demo.employees.append(row)
        if not any(r == role for r, _, _ in demo.logins):
            demo.logins.append((role, row["email"], f"{first} {last}, {title}"))
        return row

    demo.units.append(
        {"external_id": "AUR", "name": "Aurora Inspection", "kind": "company", "parent": ""}
    )
    demo.units.append({"external_id": "FI", "name": "Finland", "kind": "country", "parent": "AUR"})
    person(Role.ADMIN, "AUR", "system administrator")
    person(Role.CX_LEAD, "AUR", "head of customer experience")
    person(Role.ANALYST, "AUR", "business analyst")
    person(Role.MANAGER, "FI", "country director")

    offices: list[tuple[str, int]] = []  # (unit external id, size)
    owners: dict[str, list[str]] = {}  # office -> front-line employee ids
    office_names: dict[str, str] = {}
    for region, region_offices in REGIONS.items():
        region_id = f"FI-{_slug(region)[:5].upper().strip('-')}"
        demo.units.append(
            {"external_id": region_id, "name": f"Region {region}", "kind": "region", "parent": "FI"}
        )
        person(Role.MANAGER, region_id, f"regional director, {region}")
        for office, size in region_offices:
            office_id = f"OF-{_slug(office)[:6].upper()}"
            demo.units.append(
                {"external_id": office_id, "name": office, "kind": "office", "parent": region_id}
            )
            offices.append((office_id, size))
            office_names[office_id] = office
            if size >= 3:  # larger offices have an office manager above the inspectors
                person(Role.MANAGER, office_id, f"office manager, {office}")
            # Bigger offices have more account managers: one to three inspectors.
            reps = [
                person(Role.FRONT_LINE, office_id, f"account manager, {office}")
                for _ in range(1 + (size >= 3) + (size >= 6))
            ]
            owners[office_id] = [r["external_id"] for r in reps]

    for n in range(1, customers + 1):
        office_id = rng.choices([o for o, _ in offices], weights=[s for _, s in offices])[0]
        segment_name, _, median = rng.choices(SEGMENTS, weights=[w for _, w, _ in SEGMENTS])[0]
        if segment_name == "Public sector":
            place = f"{rng.choice(NAME_PARTS)}{rng.choice(['n', 'lan', 'jan'])}"
            name = f"{place} {rng.choice(PUBLIC_BODIES)}"
        else:
            town = f" {office_names[office_id]}" if rng.random() < 0.3 else ""
            name = f"{rng.choice(NAME_PARTS)}{rng.choice(TRADES).lower()}{town} {rng.choice(FORMS)}"
        lifecycle = _pick(rng, LIFECYCLES)
        churned_on = ""
        if lifecycle == "churned":
            churned_on = (today - dt.timedelta(days=rng.randint(1, 720))).isoformat()
        opted_out = rng.random() < 0.03
        has_email = rng.random() > 0.04
        language = _pick(rng, LANGUAGES)
        demo.customers.append(
            {
                "external_id": f"C{n:06d}",
                "name": name,
                "email": f"contact{n}@{_slug(name.split()[0])}.example" if has_email else "",
                "phone": f"+358 40 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                "language": language,
                "segment": segment_name,
                "annual_revenue": f"{round(rng.lognormvariate(0, 0.9) * median, -1):.2f}",
                "lifecycle": lifecycle,
                "churned_on": churned_on,
                "owner": rng.choice(owners[office_id]),
                "unit": office_id,
                "survey_consent": "no" if rng.random() < 0.05 else "yes",
                "marketing_consent": "yes" if rng.random() < 0.4 else "no",
                "opted_out": "yes" if opted_out else "no",
            }
        )
    return demo


def build(*, seed: int = 2026, customers: int = 12_000) -> tuple[DemoDirectory, list[ImportReport]]:
    """Import the demo directory (idempotent: a second run changes nothing)."""
    from earful.directory import services

    demo = generate(seed=seed, customers=customers)
    reports = []
    for kind, rows in (
        ("units", demo.units),
        ("employees", demo.employees),
        ("customers", demo.customers),
    ):
        report = import_records(kind, rows, actor=None)
        if not report.ok:
            first = report.errors[0]
            raise RuntimeError(f"demo {kind} row {first.row} {first.column}: {first.reason}")
        reports.append(report)
    services.employees_set_demo_access(
        emails=[row["email"] for row in demo.employees], password=PASSWORD
    )
    return demo, reports
