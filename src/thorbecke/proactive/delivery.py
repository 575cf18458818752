"""Telling people what they may be entitled to: for each person the screening found likely entitled to a
scheme they do not receive, one message in their front-door inbox, in Dutch and English, in plain
language: what, roughly how much, why, who delivers it and what to do next. A person is told once per
scheme, and again only when the amount changes by more than a few euros; when the rules were corrected since, the
message says so."""

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.dataset as ds
from django.db import transaction

from thorbecke.ai.own import PROACTIVE_SCREENING, public_pages
from thorbecke.proactive.models import Notice
from thorbecke.proactive.rules.schemes import MUNICIPALITY, SCHEMES, Scheme
from thorbecke.proactive.screening import MANIFEST
from thorbecke.registry.models import Organisation
from thorbecke.services.catalogue import product_pages
from thorbecke.services.citizens import citizen_key, send_messages

CHANGE = 5.0  # euros a month: a smaller change in the estimate is not worth a new message

# Why the person is likely entitled (every condition holds), and what to do next: per scheme, (nl, en).
WHY = {
    "zorgtoeslag": (
        "U bent 18 jaar of ouder, u heeft een Nederlandse zorgverzekering en uw inkomen en vermogen zijn niet te hoog.",
        "You are 18 or older, you have Dutch health insurance, and your income and savings are not too high.",
    ),
    "huurtoeslag": (
        "U huurt een zelfstandige woning, en de huur en het inkomen en vermogen van uw huishouden passen binnen "
        "de regels.",
        "You rent a self-contained home, and your rent and your household's income and savings are within the rules.",
    ),
    "kindgebonden_budget": (
        "U heeft een of meer kinderen onder de 18 en uw inkomen en vermogen zijn niet te hoog.",
        "You have one or more children under 18, and your income and savings are not too high.",
    ),
    "kinderbijslag": (
        "Er woont een kind jonger dan 18 in uw gezin en u bent in Nederland verzekerd.",
        "A child under 18 lives in your family, and you are insured in the Netherlands.",
    ),
    "aow": (
        "U heeft de AOW-leeftijd bereikt en u heeft in Nederland gewoond of gewerkt.",
        "You have reached the state pension age, and you have lived or worked in the Netherlands.",
    ),
    "kwijtschelding": (
        "Uw inkomen en vermogen zijn zo laag dat u de gemeentelijke belastingen niet (helemaal) hoeft te betalen.",
        "Your income and savings are so low that you need not pay (all of) your municipal taxes.",
    ),
}
NEXT = {
    "zorgtoeslag": (
        "Vraag zorgtoeslag aan bij Dienst Toeslagen, in Mijn toeslagen op belastingdienst.nl, met DigiD.",
        "Apply to Dienst Toeslagen, in Mijn toeslagen on belastingdienst.nl, with DigiD.",
    ),
    "huurtoeslag": (
        "Vraag huurtoeslag aan bij Dienst Toeslagen, in Mijn toeslagen op belastingdienst.nl, met DigiD.",
        "Apply to Dienst Toeslagen, in Mijn toeslagen on belastingdienst.nl, with DigiD.",
    ),
    "kindgebonden_budget": (
        "Vraag kindgebonden budget aan bij Dienst Toeslagen, in Mijn toeslagen op belastingdienst.nl, met DigiD.",
        "Apply to Dienst Toeslagen, in Mijn toeslagen on belastingdienst.nl, with DigiD.",
    ),
    "kinderbijslag": (
        "Vraag kinderbijslag aan bij de SVB, op svb.nl, met DigiD.",
        "Apply to the SVB, on svb.nl, with DigiD.",
    ),
    "aow": (
        "Vraag uw AOW aan bij de SVB, op svb.nl/aow, met DigiD.",
        "Apply for your state pension at the SVB, on svb.nl/aow, with DigiD.",
    ),
    "kwijtschelding": (
        "Vraag kwijtschelding aan bij uw gemeente, of bij het belastingkantoor dat uw aanslag stuurde.",
        "Ask your municipality, or the tax office that sent your bill, for remission.",
    ),
}

# What an estimate assumed where the government does not know (``<key>_aanname_<what>``): per variable, (nl, en).
ASSUMED = {
    "huurtoeslag_aanname_geen_servicekosten": (
        "We zijn ervan uitgegaan dat er in uw huur geen servicekosten zitten; betaalt u die wel, dan kan het bedrag "
        "hoger zijn.",
        "We assumed your rent has no service costs; if it does, the amount may be higher.",
    ),
    "kwijtschelding_aanname_vermogen_1_januari": (
        "We zijn uitgegaan van uw spaargeld en vermogen op 1 januari; bij de aanvraag telt wat u dan heeft.",
        "We assumed your savings are what they were on 1 January; your request is judged on what you have then.",
    ),
}


# Why an estimate told before has changed when the rules were corrected since: for the same period (the same data,
# so not their life) or a later one (their details may have changed too); (nl, en).
RULE_CORRECTED = {
    True: (
        "Gewijzigd: sinds ons vorige bericht hebben we een rekenregel verbeterd. Daardoor is deze schatting veranderd, "
        "niet door een verandering in uw leven.",
        "Changed: since our last message we corrected a rule we calculate with. That changed this estimate, not a "
        "change in your life.",
    ),
    False: (
        "Gewijzigd: sinds ons vorige bericht hebben we een rekenregel verbeterd; ook uw gegevens kunnen veranderd "
        "zijn.",
        "Changed: since our last message we corrected a rule we calculate with; your details may have changed too.",
    ),
}


@dataclass(frozen=True)
class Finding:
    persoon_id: int
    gemeente: str
    scheme: Scheme
    amount: float  # € a month
    huishouden_id: int = 0
    assumptions: tuple[str, ...] = ()  # the scheme's ``<key>_aanname_<what>`` variables that held


def _euros(amount: float) -> str:
    return f"€ {math.floor(amount + 0.5):,}".replace(",", ".")


def one_per_household(found: list[Finding], applicants: set[int] | None = None) -> list[Finding]:
    """A household scheme is told once per household: to its applicant when known, else to the first member
    found (the population lists the applicant first)."""
    kept, seen = [], set()
    for finding in found:
        if finding.scheme.entity == "huishouden":
            if applicants is not None and finding.persoon_id not in applicants:
                continue
            if (finding.huishouden_id, finding.scheme.key) in seen:
                continue
            seen.add((finding.huishouden_id, finding.scheme.key))
        kept.append(finding)
    return kept


def findings(results: Path) -> Iterator[list[Finding]]:
    """Per results file: who is likely entitled to what they do not receive."""
    dataset = ds.dataset(results, format="parquet")
    for fragment in dataset.get_fragments():
        table = fragment.to_table()
        found = []
        for scheme in SCHEMES:
            missing = pc.and_(table[f"{scheme.key}_recht"], pc.invert(table[f"{scheme.key}_ontvangt"]))
            columns = ["persoon_id", "huishouden_id", "gemeente", f"{scheme.key}_bedrag", f"{scheme.key}_aannames"]
            rows = table.filter(missing).select(columns)
            for persoon, huishouden, gemeente, amount, assumed in zip(
                *(c.to_pylist() for c in rows.columns), strict=True
            ):
                found.append(
                    Finding(persoon, gemeente, scheme, amount, huishouden, tuple(filter(None, assumed.split(","))))
                )
        yield one_per_household(found)


def message(
    findings: list[Finding],
    sender: str,
    links: dict[str, tuple[str, str]],
    corrected: dict[str, bool] | None = None,
    explained: tuple[str, str] = ("", ""),
) -> tuple[tuple[str, str], tuple[str, str]]:
    """One message from one delivering organisation about the schemes it delivers; `links` gives per scheme the
    front door's page for its product (nl, en), which says how to apply and where; `corrected` the schemes told
    before under rules corrected since (True: for the same period); `explained` the register's page of the screening
    (nl, en), which says how the message came about, or nothing when it is not registered."""
    corrected = corrected or {}
    names_nl = " en ".join(f.scheme.name_nl.lower() if f.scheme.key != "aow" else "AOW" for f in findings)
    names_en = " and ".join(f.scheme.name_en.lower() if f.scheme.key != "aow" else "state pension" for f in findings)
    subject = (f"U heeft misschien recht op {names_nl}", f"You may be entitled to {names_en}")
    nl, en = [], []
    for f in findings:
        yearly = f.scheme.key == "kwijtschelding"
        amount = _euros(f.amount * 12 if yearly else f.amount)
        link_nl, link_en = links.get(f.scheme.key, ("", ""))
        assumed_nl = " ".join(ASSUMED[a][0] for a in f.assumptions)
        assumed_en = " ".join(ASSUMED[a][1] for a in f.assumptions)
        changed_nl, changed_en = RULE_CORRECTED[corrected[f.scheme.key]] if f.scheme.key in corrected else ("", "")
        nl.append(
            f"{f.scheme.name_nl}: ongeveer {amount} per {'jaar' if yearly else 'maand'}.\n"
            + (f"{changed_nl}\n" if changed_nl else "")
            + (f"Aangenomen: {assumed_nl}\n" if assumed_nl else "")
            + f"Waarom: {WHY[f.scheme.key][0]}\nWie: {sender}.\nWat kunt u doen: {NEXT[f.scheme.key][0]}"
            + (f"\nAanvragen: {link_nl}" if link_nl else "")
        )
        en.append(
            f"{f.scheme.name_en}: about {amount} a {'year' if yearly else 'month'}.\n"
            + (f"{changed_en}\n" if changed_en else "")
            + (f"Assumed: {assumed_en}\n" if assumed_en else "")
            + f"Why: {WHY[f.scheme.key][1]}\nWho: {sender}.\nWhat to do: {NEXT[f.scheme.key][1]}"
            + (f"\nApply: {link_en}" if link_en else "")
        )
    intro_nl = (
        "De overheid heeft uw gegevens naast de regels gelegd. U krijgt dit nu niet, maar u heeft er "
        "waarschijnlijk wel recht op. Het bedrag is een schatting."
    )
    intro_en = (
        "The government checked the data it holds on you against the rules. You do not receive this now, "
        "but you are probably entitled to it. The amount is an estimate."
    )
    if explained[0]:
        nl.append(f"Hoe komt dit bericht tot stand? Het algoritmeregister legt uit hoe het werkt: {explained[0]}")
        en.append(f"How did this message come about? The algorithm register explains how it works: {explained[1]}")
    return subject, (intro_nl + "\n\n" + "\n\n".join(nl), intro_en + "\n\n" + "\n\n".join(en))


def _product_links() -> dict[str, tuple[str, str]]:
    pages = product_pages([s.upl for s in SCHEMES])
    return {s.key: pages[s.upl] for s in SCHEMES if s.upl in pages}


def deliver(found: list[Finding], rules: str = "", period: str = "") -> int:
    """Send what is new to each person, one message per organisation that delivers it, from that organisation;
    returns how many people were told something new. `rules` and `period` name the screening the findings come
    from (its rules' fingerprint), so a message after a rule correction can say why the estimate changed."""
    if not found:
        return 0
    codes = {s.delivered_by for s in SCHEMES if s.delivered_by != MUNICIPALITY} | {f.gemeente.lower() for f in found}
    organisations = Organisation.objects.in_bulk(list(codes), field_name="code")
    links = _product_links()
    explained = public_pages(PROACTIVE_SCREENING)
    by_person: dict[int, list[Finding]] = {}
    for finding in found:
        by_person.setdefault(finding.persoon_id, []).append(finding)
    keys = {person: citizen_key(f"{person:09d}") for person in by_person}
    known = {(n.recipient_key, n.scheme): n for n in Notice.objects.filter(recipient_key__in=keys.values())}
    outgoing, notices = [], []
    for person, theirs in by_person.items():
        told = {f.scheme.key: known.get((keys[person], f.scheme.key)) for f in theirs}
        new = [f for f in theirs if told[f.scheme.key] is None or abs(told[f.scheme.key].amount - f.amount) > CHANGE]
        corrected = {
            f.scheme.key: bool(period) and notice.period == period
            for f in new
            if (notice := told[f.scheme.key]) is not None and notice.rules and rules and notice.rules != rules
        }
        by_sender: dict[str, list[Finding]] = {}
        for f in new:
            code = f.gemeente.lower() if f.scheme.delivered_by == MUNICIPALITY else f.scheme.delivered_by
            by_sender.setdefault(code, []).append(f)
        for code, findings_ in by_sender.items():
            sender = organisations.get(code)
            subject, body = message(findings_, sender.name if sender else "uw gemeente", links, corrected, explained)
            outgoing.append((keys[person], sender, subject, body))
        notices += [
            Notice(recipient_key=keys[person], scheme=f.scheme.key, amount=f.amount, rules=rules, period=period)
            for f in new
        ]
    people = len({key for key, *_ in outgoing})
    with transaction.atomic():
        send_messages(outgoing)
        Notice.objects.bulk_create(
            notices,
            update_conflicts=True,
            unique_fields=["recipient_key", "scheme"],
            update_fields=["amount", "sent_at", "rules", "period"],
        )
    return people


def notify(results: Path) -> int:
    """Send the messages for one screening's results; returns how many people were told something new."""
    manifest = results / MANIFEST
    fingerprint = json.loads(manifest.read_text())["fingerprint"] if manifest.exists() else {}
    rules, period = fingerprint.get("rules", ""), fingerprint.get("period", "")
    return sum(deliver(batch, rules, period) for batch in findings(results))
