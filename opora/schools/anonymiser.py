"""Anonymised case studies for locality meetings (§2).

What is replaced:
* every name we know from the case — the student's first name and surname, the family (the
  surname in its masculine and feminine forms), the school, the network actors and their
  contact persons, and any further names the case manager types — in the Czech declined forms
  ("Novák", "Nováka", "Novákovi", "Novákem"; "Nováková", "Novákové", "Novákovou"; "Jarda",
  "Jardovi", "Jardu"…);
* addresses (the known ones and anything that looks like "Street 12/3"), post codes;
* dates (shifted by a random number of days kept per case study, so intervals stay true),
  birth numbers, phone numbers and e-mail addresses.

What remains is checked: every capitalised word that is not at the start of a sentence and
is not a common word is reported as a *suspect* for the case manager to confirm.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

UPPER = "A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ"
LOWER = "a-záčďéěíňóřšťúůýžäöü"
WORD = re.compile(rf"(?<![\w\[])[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?(?![\w\]])")

# Endings of the Czech declension by the shape of the nominative.
CONSONANT_ENDINGS = (
    "", "a", "e", "ě", "i", "u", "y", "ovi", "em", "ové", "ů", "ům", "ech", "ích", "ách", "ami", "ům",
    "ův", "ova", "ovo", "ovy", "ových", "ovým", "ovou", "ově", "ovu",
)  # fmt: skip
A_ENDINGS = (
    "a",
    "y",
    "e",
    "ě",
    "u",
    "o",
    "ou",
    "ovi",
    "ové",
    "ů",
    "ům",
    "ách",
    "ami",
    "in",
    "ina",
    "iny",
    "inu",
    "iným",
    "iných",
)
E_ENDINGS = ("e", "ě", "i", "í", "ím", "ích", "emi", "ino", "iny", "inu")
O_ENDINGS = ("o", "a", "ovi", "em", "u", "e")
ADJ_F_ENDINGS = ("á", "é", "ou", "ých", "ým")
ADJ_M_ENDINGS = ("ý", "ého", "ému", "ém", "ým", "é", "í", "ých", "ými")
I_ENDINGS = ("í", "ího", "ímu", "ím", "ích")
# Consonant changes before -e/-ě/-i (Petra → Petře, Monika → Monice, Olga → Olze, Novák → Nováci).
SOFTEN = (("ch", "š"), ("k", "c"), ("g", "z"), ("h", "z"), ("r", "ř"), ("d", "ď"), ("t", "ť"), ("n", "ň"))
# Words that may stand capitalised in a story and are not identifying.
COMMON = {
    "Praha", "Prahy", "Praze", "Prahou", "Česko", "Česku", "Ústí", "Brno", "Brně",
    "Vánoce", "Vánocích", "Velikonoce", "Velikonocích", "Bůh", "Boha",
    "Student", "Studentka", "Škola", "Matka", "Otec", "Máma", "Táta", "Babička", "Děda",
    "Pan", "Paní", "Pane", "Slečna", "Mgr", "Bc", "Ing", "Dr", "MUDr", "PhDr", "PaedDr",
}  # fmt: skip
SCHOOL_GENERIC = {
    "základní", "střední", "odborná", "odborné", "škola", "školy", "učiliště", "gymnázium", "mateřská",
    "umělecká", "průmyslová", "obchodní", "akademie", "praktická", "speciální", "vyšší", "zš", "sš",
    "soš", "sou", "mš", "oa", "spš", "na", "v", "ve", "u", "a", "pro", "s", "se", "k", "ke", "při", "z",
    "ulice", "ul", "praha", "prahy", "příspěvková", "organizace", "p", "o", "nám",
}  # fmt: skip


def _soften(stem: str) -> list[str]:
    for hard, soft in SOFTEN:
        if stem.endswith(hard):
            return [stem[: -len(hard)] + soft]
    return []


def name_forms(name: str, *, family: bool = False) -> set[str]:
    """Declined forms of one Czech name (a single word). With family=True a surname gives the
    forms of the masculine and the feminine surname too (Novák ↔ Nováková, Černý ↔ Černá)."""
    name = name.strip()
    if len(name) < 2:
        return set()
    forms: set[str] = {name}
    low = name.lower()
    bases = {name}
    if family:
        if low.endswith("ová") and len(name) > 4:
            bases.add(name[:-3])
            masc = name[:-3]
            for suffix, alt in (("k", "ek"), ("c", "ec")):
                if masc.endswith(suffix) and len(masc) > 2 and masc[-2].lower() not in "aeiouyáéíóúůýě":
                    bases.add(masc[: -len(suffix)] + alt)
        elif low.endswith("á") and len(name) > 3:
            bases.add(name[:-1] + "ý")
        elif low.endswith("ý"):
            bases.add(name[:-1] + "á")
        elif low.endswith("a") and len(name) > 3:  # Svoboda ↔ Svobodová
            bases.add(name[:-1] + "ová")
        elif low[-1] not in "aeiouyáéíóúůýě":
            bases.add(_fleeting(name) + "ová")
    for base in bases:
        forms |= _forms_of(base)
    return forms


def _fleeting(name: str) -> str:
    """Drop the fleeting -e- of the nominative: Marek → Mark, Němec → Němc, Pavel → Pavl."""
    low = name.lower()
    if len(name) > 3 and low[-2:] in ("ek", "ec", "el") and low[-3] not in "aeiouyáéíóúůýě":
        return name[:-2] + name[-1]
    if len(name) > 3 and low[-2:] == "ěk":
        return name[:-2] + "ěk"
    return name


def _forms_of(name: str) -> set[str]:
    low = name.lower()
    out = {name}
    if low.endswith("á"):
        stem = name[:-1]
        out |= {stem + e for e in ADJ_F_ENDINGS}
    elif low.endswith("ý"):
        stem = name[:-1]
        out |= {stem + e for e in ADJ_M_ENDINGS}
    elif low.endswith("í"):
        stem = name[:-1]
        out |= {stem + e for e in I_ENDINGS}
    elif low.endswith("a"):
        stem = name[:-1]
        out |= {stem + e for e in A_ENDINGS}
        for soft in _soften(stem):
            out |= {soft + "e", soft + "i"}
        if stem.lower().endswith("k"):  # Eliška → Elišek (gen. pl.), Janička → Janiček
            out.add(stem[:-1] + "ek")
    elif low.endswith(("e", "ě")):
        stem = name[:-1]
        out |= {stem + e for e in E_ENDINGS}
    elif low.endswith("o"):
        stem = name[:-1]
        out |= {stem + e for e in O_ENDINGS}
    elif low.endswith(("u", "i", "y", "é", "ó", "ú", "ů")):
        pass  # indeclinable (Nguyen Thi, Lucy…): the nominative only
    else:
        for stem in {name, _fleeting(name)}:
            out |= {stem + e for e in CONSONANT_ENDINGS}
            for soft in _soften(stem):
                out |= {soft + "i", soft + "e", soft + "ích"}
    return {f for f in out if len(f) >= 2}


def _pattern(forms: set[str]) -> re.Pattern | None:
    forms = {f for f in forms if f}
    if not forms:
        return None
    variants = set()
    for f in forms:
        variants |= {f, f.upper()}
    alternation = "|".join(re.escape(f) for f in sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,;()\"„“]+", text or "") if w]


# --- Dates and identifiers --------------------------------------------------------------------

DATE_CZ = re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})(?!\d)")
DATE_ISO = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
BIRTH_NUMBER = re.compile(r"(?<!\d)\d{6}\s?/\s?\d{3,4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+])(?:\+420[\s-]?)?\d{3}[\s-]?\d{3}[\s-]?\d{3}(?!\d)")
POSTCODE = re.compile(rf"(?<!\d)\d{{3}} ?\d{{2}}(?=\s+[{UPPER}])")
STREET = re.compile(
    rf"(?<![\w])(?:(?:Na|U|V|Ve|K|Pod|Nad|Za|Před)\s+)?[{UPPER}][{LOWER}]+(?:\s+[{UPPER}]?[{LOWER}]+)?"
    rf"\s+\d{{1,4}}(?:/\d{{1,4}})?[a-z]?(?!\s*\.\s*\d)(?![\w/])"
)


def shift_dates(text: str, days: int) -> str:
    delta = datetime.timedelta(days=days)

    def cz(m):
        try:
            d = datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) + delta
        except ValueError:
            return m.group(0)
        return f"{d.day}. {d.month}. {d.year}"

    def iso(m):
        try:
            d = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) + delta
        except ValueError:
            return m.group(0)
        return d.isoformat()

    return DATE_ISO.sub(iso, DATE_CZ.sub(cz, text))


# --- The anonymiser -----------------------------------------------------------------------------


@dataclass
class Replacement:
    forms: set[str]
    label: str
    literal: list[str] = field(default_factory=list)  # whole phrases replaced first


@dataclass
class Result:
    text: str
    suspects: list[str]


def anonymise(text: str, replacements: list[Replacement], *, offset_days: int = 0) -> Result:
    """Replace identifiers in `text`; return the text and the words still suspected of being names."""
    out = text or ""
    # Whole phrases first (longest first: "Základní škola Na Výsluní" before "Na Výsluní").
    phrases = sorted(
        ((p, r.label) for r in replacements for p in r.literal if p and p.strip()), key=lambda x: -len(x[0])
    )
    for phrase, label in phrases:
        out = re.sub(rf"(?<![\w]){re.escape(phrase)}(?![\w])", label, out, flags=re.IGNORECASE)
    out = EMAIL.sub(_("[e-mail]"), out)
    out = BIRTH_NUMBER.sub(_("[birth number]"), out)
    out = shift_dates(out, offset_days)
    out = PHONE.sub(_("[phone]"), out)
    out = POSTCODE.sub(_("[post code]"), out)
    out = STREET.sub(lambda m: m.group(0) if _is_common(m.group(0)) else _("[address]"), out)
    for r in sorted(replacements, key=lambda r: -max((len(f) for f in r.forms), default=0)):
        pattern = _pattern(r.forms)
        if pattern is not None:
            out = pattern.sub(r.label, out)
    # "[student] [surname]" reads better as one placeholder.
    out = re.sub(r"(\[[^\]]+\])(?:\s+\[[^\]]+\])+", r"\1", out)
    return Result(text=out, suspects=suspects(out))


def _is_common(phrase: str) -> bool:
    first = phrase.split()[0]
    return first in COMMON


def suspects(text: str) -> list[str]:
    """Capitalised words not at the start of a sentence and not common: maybe names."""
    found = []
    for m in WORD.finditer(text):
        word = m.group(0)
        if word in COMMON or word in found:
            continue
        before = text[: m.start()].rstrip(" \t\"„“'(–-")
        if not before or before[-1] in ".!?:\n•" or before.endswith(("\n-", "\n*")):
            continue
        found.append(word)
    return found


def segments(text: str, words: list[str]) -> list[tuple[str, bool]]:
    """The text split into (piece, is_suspect) for highlighting in the template."""
    if not words:
        return [(text, False)]
    pattern = re.compile(
        r"(?<![\w])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w])"
    )
    out, pos = [], 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((m.group(0), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def _school_replacement(school) -> Replacement:
    tokens = [w for w in _words(school.name) if w.lower().strip(".") not in SCHOOL_GENERIC and len(w) > 2]
    forms = set()
    for t in tokens:
        forms |= name_forms(t) if t[0].isupper() else set()
    literal = [school.name]
    if school.address:
        literal.append(school.address)
    return Replacement(forms=forms, label=_("[school]"), literal=literal)


def case_replacements(case, *, extra_names: str = "") -> list[Replacement]:
    """Everything known about the case that identifies someone."""
    reps: list[Replacement] = []
    extra = [line.strip() for line in (extra_names or "").splitlines() if line.strip()]
    if case is not None:
        student = case.student
        literal = [a for a in [student.address, student.email, student.phone] if a]
        reps.append(Replacement(forms=_person_forms(student.first_name), label=_("[student]"), literal=literal))
        reps.append(Replacement(forms=_family_forms(student.last_name), label=_("[surname]")))
        if case.school_id:
            reps.append(_school_replacement(case.school))
        if student.school_id and student.school_id != case.school_id:
            reps.append(_school_replacement(student.school))
        for i, actor in enumerate(case.actors.all(), start=1):
            label = _("[actor %(n)s]") % {"n": i}
            reps.append(Replacement(forms=set(), label=label, literal=[actor.name, actor.email, actor.phone]))
            if actor.contact_person:
                reps.append(Replacement(forms=_person_forms(actor.contact_person), label=_("[name]")))
        for task in case.tasks.all():
            if task.responsible_label and task.responsible_label[:1].isupper():
                reps.append(Replacement(forms=_person_forms(task.responsible_label), label=_("[name]")))
    for name in extra:
        reps.append(Replacement(forms=_person_forms(name), label=_("[name]"), literal=[name]))
    return reps


def _person_forms(full: str) -> set[str]:
    """A person's full name: first names as given names, the last word as a family name too."""
    words = [w for w in _words(full) if w[:1].isupper() and w.strip(".") not in COMMON]
    forms: set[str] = set()
    for i, w in enumerate(words):
        forms |= name_forms(w, family=(i == len(words) - 1 and len(words) > 1))
    return forms


def _family_forms(surname: str) -> set[str]:
    forms: set[str] = set()
    for w in _words(surname):
        forms |= name_forms(w, family=True)
    return forms


def case_source(case, story: str) -> str:
    """The story followed by the case's network and the open tasks (who does what by when)."""
    parts = [story.strip()]
    if case is None:
        return parts[0]
    actors = list(case.actors.all())
    if actors:
        parts.append(_("Support network:"))
        parts += [
            f"- {a.name}" + (f" ({a.role})" if a.role else "") + (f": {a.support_kind}" if a.support_kind else "")
            for a in actors
        ]
    tasks = list(case.tasks.all())
    if tasks:
        parts.append(_("Cooperation plan:"))
        for t in tasks:
            who = t.responsible_label or (t.responsible_actor.name if t.responsible_actor_id else "")
            due = f" {t.due_date.day}. {t.due_date.month}. {t.due_date.year}" if t.due_date else ""
            parts.append(f"- {t.title}" + (f" – {who}" if who else "") + due)
    return "\n".join(parts)


def anonymise_case_story(case, story: str, *, extra_names: str = "", offset_days: int = 0) -> Result:
    return anonymise(
        case_source(case, story), case_replacements(case, extra_names=extra_names), offset_days=offset_days
    )


def known_names_remaining(case, text: str, extra_names: str = "") -> list[str]:
    """Known names (any declined form) still present in `text` (after manual edits)."""
    left = []
    for r in case_replacements(case, extra_names=extra_names):
        pattern = _pattern(r.forms)
        if pattern is not None:
            left += [m.group(0) for m in pattern.finditer(text)]
        for phrase in r.literal:
            if phrase and len(phrase) > 3 and phrase.lower() in text.lower():
                left.append(phrase)
    return left
