"""Facts of the domain: Ofsted's grade words, judgement names and their
synonyms, Cafcass's service areas, and the other bodies Ofsted grades."""
import re

# Ofsted's grades and their rank (rank 3 has a different word in each era).
RANKS = {"outstanding": 1, "good": 2, "requires improvement": 3, "satisfactory": 3,
         "adequate": 3, "inadequate": 4}
RATING_RE = r"(?:outstanding|good|requir(?:es|ing)\s+improvement|satisfactory|adequate|inadequate)"


def rating_word(text):
    """Ofsted's word for a grade as the text writes it, normalised ("Requiring improvement")."""
    word = re.sub(r"\s+", " ", text.lower())
    return "requires improvement" if word.startswith("requir") else word

# Judgement names (normalised) and the words articles use for them.
# Order matters: longer, more specific phrases first.
JUDGEMENTS = [
    ("overall effectiveness", r"overall\s+effectiveness|overall\s+performance"),
    ("capacity to improve", r"capacity\s+(?:to|for)\s+(?:improve|improvement)"),
    ("complaints handling", r"complaints?\s+handling|handling\s+of\s+complaints|complaints"),
    ("equality and diversity", r"equality\s+and\s+diversity|diversity\s+and\s+equality"),
    ("outcomes for children", r"(?:improved\s+)?outcomes\s+for\s+children"),
    ("service user engagement", r"(?:engagement|involvement)\s+(?:with|of)\s+(?:the\s+)?services?\s+users?|service\s+user\s+(?:engagement|involvement)"),
    ("partnership working", r"partnership\s+working|partnerships?\s+with|partnership\s+work"),
    ("safeguarding", r"safeguarding"),
    ("quality of provision", r"quality\s+of\s+(?:service\s+)?provision"),
    ("ambition and prioritisation", r"ambition\s+and\s+prioriti[sz]ation"),
    ("performance management", r"performance\s+management\s+and\s+quality\s+assurance"),
    ("value for money", r"value\s+for\s+money"),
    ("experiences and progress", r"experiences\s+and\s+progress"),
    ("quality of practice", r"quality\s+of\s+(?:social\s+work\s+)?practice"),
    ("leadership", r"leadership(?:,?\s+(?:management\s+and\s+governance|and\s+(?:management|governance)))?|impact\s+of\s+(?:senior\s+)?leaders|leaders(?:hip)?\s+and\s+managers|management\s+and\s+leadership|(?:senior\s+)?leaders"),
    ("adoption", r"adoption\s+work"),
]
# "Public and private law" names two judgements at once.
LAW_RE = re.compile(r"\b(public|private)(?:\s+(?:and|&)\s+(public|private))?\s+law\b", re.I)
JUDGEMENT_RES = [(name, re.compile(r"\b(?:" + pat + r")\b", re.I)) for name, pat in JUDGEMENTS]


def judgement_names(text):
    """Judgement names the text mentions, in the order they appear."""
    found = []
    for m in LAW_RE.finditer(text):
        for g in (m.group(1), m.group(2)):
            if g:
                found.append((m.start(), g.lower() + " law"))
    taken = []
    for name, rx in JUDGEMENT_RES:
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), name))
    out = []
    for _, name in sorted(found):
        if name not in out:
            out.append(name)
    # "the experiences and progress of children in private law cases", "the quality of
    # practice in private law cases" are the private law judgement.
    if any(n.endswith(" law") for n in out):
        out = [n for n in out if n not in ("experiences and progress", "quality of practice")]
    return out


# Cafcass's service areas before 2013 were named for English regions, counties
# and cities; these are the names articles use for them.
AREA_NAMES = [
    "Greater London", "London", "North East", "North West", "South East", "South West",
    "East Midlands", "West Midlands", "East of England", "East Anglia",
    "Yorkshire and Humberside", "Yorkshire and the Humber", "Yorkshire and Humber",
    "Yorkshire & Humberside", "Yorkshire & Humber", "West Yorkshire", "South Yorkshire",
    "North Yorkshire", "Humberside", "Thames Valley", "Greater Manchester", "Merseyside",
    "Cheshire", "Lancashire", "Cumbria", "Kent", "Surrey", "Sussex", "Hampshire",
    "Isle of Wight", "Essex", "Avon", "Somerset", "Devon", "Cornwall", "Dorset", "Wiltshire",
    "Gloucestershire", "Birmingham", "Staffordshire", "Nottinghamshire", "Derbyshire",
    "Leicestershire", "Lincolnshire", "Norfolk", "Suffolk", "Cambridgeshire", "Bedfordshire",
    "Hertfordshire", "Berkshire", "Oxfordshire", "Buckinghamshire", "Northamptonshire",
    "Warwickshire", "Coventry", "Black Country", "Shropshire", "Herefordshire",
    "Worcestershire", "Teesside", "Tyne and Wear", "Northumbria", "Durham",
]
_AREA_ALT = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in sorted(AREA_NAMES, key=len, reverse=True))
# One name, or several joined ("Cheshire and Merseyside", "Avon, Somerset and Wiltshire").
# Counties join into one area ("Cheshire and Merseyside"); regions stay apart
# ("the East Midlands and Greater London" are two).
_COUNTY_ALT = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in sorted(AREA_NAMES, key=len, reverse=True)
                       if not re.search(r"North|South|East|West|Greater|Midlands|Yorkshire|Humber", a))
AREA_RE = re.compile(r"\b(?:" + _AREA_ALT + r")(?:(?:\s*,\s*|\s+(?:and|&)\s+)(?:" + _COUNTY_ALT + r"))*\b")

# Cafcass by its short or full name.
CAFCASS = r"(?:\bcafcass\b|\bchildren\s+and\s+family\s+court\s+advisory)"

# Bodies other than Cafcass that Ofsted and others grade: a grade whose clause
# is about one of them is not Cafcass's.
OTHER_BODIES = re.compile(
    r"\b(?:council|councils|local\s+authorit(?:y|ies)|schools?|children's\s+homes?|homes?|academ(?:y|ies)"
    r"|nurser(?:y|ies)|hospitals?|prisons?|trusts?|colleges?|providers?|young\s+offender|youth\s+offending"
    r"|police|probation|nhs|cqc|care\s+quality\s+commission|children's\s+services|children's\s+social\s+care|social\s+services|fostering\s+agenc(?:y|ies)|adoption\s+agenc(?:y|ies))\b",
    re.I)

# Inspectorates other than Ofsted: an inspection or grade a sentence credits to
# one of them (and not to Ofsted) is not one of Ofsted's inspections of Cafcass.
OTHER_INSPECTORATES = re.compile(
    r"\b(?:hmica|inspectorate\s+of\s+court\s+administration|hm\s+inspectorate\s+of\s+(?:probation|prisons|constabulary)|"
    r"probation\s+inspectorate|prisons\s+inspectorate|hmip|hmicfrs|cssiw|care\s+inspectorate\s+wales|estyn|"
    r"care\s+quality\s+commission|cqc|national\s+audit\s+office|public\s+accounts\s+committee|select\s+committee)\b", re.I)


def another_inspectorate(text):
    """Does the text credit the inspection or grade to another body than Ofsted?"""
    return bool(OTHER_INSPECTORATES.search(text)) and not re.search(r"\bofsted\b", text, re.I)
