"""Write N realistic, made-up articles about Ofsted's inspections of Cafcass.

    python benchmarks/make_corpus.py N OUTDIR [--seed S] [--seeds DIR]

Each article recombines passages of the seed articles (split at blank lines,
their names, places, years and grades swapped) with generated headlines,
bylines, datelines, judgements, quotes from invented people and figures, so
the build has real cleaning and extraction work to do. About one in four is an
HTML page wrapped in navigation, scripts, asides and a footer; the text files
carry the usual clutter (job-board lines, subscription boxes, related links),
and some have YAML front matter or an "Inspections shorts" round-up.

Deterministic: the same seed gives the same bytes, and article i does not
depend on N (a 1,000 corpus is the first 1,000 files of a 10,000 one).
Standard library only.
"""
import argparse
import html
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

AREAS = [
    "Greater London", "North East", "North West", "Yorkshire and the Humber",
    "West Midlands", "East Midlands", "South West", "South East", "East of England",
    "Greater Manchester", "Merseyside", "Thames Valley", "Kent and Medway",
    "Cheshire and Merseyside", "Avon and Somerset", "Lancashire and Cumbria",
]
OLD_GRADES = ["outstanding", "good", "satisfactory", "adequate", "inadequate"]
NEW_GRADES = ["outstanding", "good", "requires improvement", "inadequate"]
JUDGEMENTS = [
    "overall effectiveness", "leadership and management", "capacity to improve",
    "safeguarding", "private law practice", "public law practice",
    "the impact of leaders on practice", "equality and diversity",
    "service user engagement", "outcomes for children and young people",
]
KINDS = ["inspection", "unannounced inspection", "full inspection", "focused visit",
         "monitoring visit", "joint inspection", "national inspection"]
FIRST = ["Amara", "Ben", "Chloe", "Daniel", "Eleanor", "Farah", "Gareth", "Hannah", "Imran",
         "Joanne", "Kwame", "Lucy", "Martin", "Nadia", "Owen", "Priya", "Rachel", "Simon",
         "Tanya", "Usman", "Victoria", "William", "Yasmin", "Zoe", "Graham", "Helen", "Keith",
         "Sandra", "Trevor", "Aisha"]
LAST = ["Ashworth", "Bennett", "Chowdhury", "Davies", "Ellison", "Fairclough", "Greaves",
        "Hussain", "Iqbal", "Jenkins", "Kowalski", "Lindqvist", "McAllister", "Newbold",
        "Okafor", "Pemberton", "Quigley", "Radcliffe", "Sutherland", "Thornton", "Underwood",
        "Varley", "Whitmore", "Yeadon", "Zielinski", "Harrington", "Mistry", "Osei"]
ROLES = [
    ("chief executive", "Cafcass"), ("chair", "Cafcass"), ("head of service", "Cafcass"),
    ("director of operations", "Cafcass"), ("national director for social care", "Ofsted"),
    ("chief inspector", "Ofsted"), ("deputy director for social care", "Ofsted"),
    ("general secretary", "Napo"), ("chief executive", "Family Rights Group"),
    ("children's minister", "Department for Education"), ("chair", "the Family Justice Council"),
    ("president", "the Association of Directors of Children's Services"),
]
HONOURS = ["", "", "", " CBE", " OBE", " MBE"]
OUTLETS = ["Community Care", "Children & Young People Now", "LocalGov", "Family Law Week",
           "The Guardian", "BBC News", "Cafcass news", "Ofsted press release", "Local Government Chronicle"]
NAV = ["GLD Vacancies", "Winchester Vacancies", "Menu", "Skip to main content", "Home | News | Jobs",
       "Sign in", "Social work jobs"]
FOOTERS = [
    ["What do you think? Join the debate on CareSpace",
     "Keep up to date with the latest developments in social care. Sign up to our daily and weekly emails",
     "Related Articles", "Cafcass rejects Ofsted verdict on its performance",
     "More from Community Care", "Comments are closed."],
    ["CYP Now Digital membership",
     "  • Latest digital issues\n  • Latest online articles\n  • Archive of more than 60,000 articles",
     "From £15 / month", "Subscribe"],
    ["Share this article", "Related stories", "Ofsted to change how it inspects children's services"],
    ["© 2024 Local Government Chronicle. All rights reserved."],
]
SHORTS = [
    ("YOUTH JUSTICE", "HM Inspectorate of Prisons found that a young offender institution had made "
     "{adj} progress since its last visit, with {n} children held at the time of the inspection."),
    ("SCHOOLS", "Of the {n} local areas inspected by Ofsted and the Care Quality Commission since "
     "{y}, {m} were required to submit a written statement of action."),
    ("HEALTH", "The Care Quality Commission rated a children's mental health service {grade} after "
     "inspectors found waiting times of up to {m} weeks."),
    ("PROBATION", "HM Inspectorate of Probation said a probation service in the {area} was "
     "{grade}, citing caseloads of {m} cases per officer."),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

# Names in the seeds, swapped for invented ones so people vary.
SEED_NAMES = re.compile(r"Anthony Douglas|Jacky Tiotto|Yvette Stanley|Carole Goodman|"
                        r"Baroness Tyler of Enfield|Jo Stephenson|Lottie Winson|Stanley|Tiotto|Douglas")
SEED_AREAS = re.compile(r"Greater London|North East")
# Grade words where they are a grade (after "judged", "rated", "as", or in quotes).
GRADE_WORDS = re.compile(r"(?:(?<=judged )|(?<=rated )|(?<=as )|(?<=grading of )|(?<=[“‘\"]))"
                         r"(outstanding|good|inadequate|satisfactory|requires improvement)\b")
YEARS = re.compile(r"\b20(0[7-9]|1\d|2[0-5])\b")
# Seed blocks that are site furniture rather than article text.
FURNITURE = re.compile(r"Subscribe|From £|Related Articles|Comments are closed|Join the debate|"
                       r"Sign up|More from|membership|Vacancies|https?://|^[A-Z ]+$")


def seed_passages(folder):
    """(paragraphs, bullet lists, quotes) from the seed articles, split at blank lines."""
    paras, lists, quotes = [], [], []
    for path in sorted(Path(folder).glob("*")):
        if path.suffix.lower() not in (".txt", ".html", ".htm"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text)]
        for b in blocks[1:]:  # the first block is the headline
            flat = b.strip()
            if len(flat) < 60 or FURNITURE.search(flat) or FURNITURE.search(flat.split("\n")[0]):
                continue
            if "•" in flat:
                lists.append(flat)
            elif flat.startswith(("“", '"')):
                quotes.append(flat)
            else:
                paras.append(flat)
    if not paras:
        raise SystemExit(f"make_corpus: no usable passages in {folder}")
    return paras, lists or [paras[0]], quotes or [paras[0]]


class Article:
    """One made-up article's parts, drawn from a seeded random generator."""

    def __init__(self, rng, seeds):
        self.rng = rng
        self.year = rng.randint(2007, 2025)
        self.national = self.year >= 2013 and rng.random() < 0.7 or rng.random() < 0.15
        self.area = None if self.national else rng.choice(AREAS)
        self.subject = "Cafcass" if self.national else f"Cafcass in the {self.area}" \
            if self.area.startswith(("North", "South", "East", "West")) else f"Cafcass in {self.area}"
        scale = NEW_GRADES if self.year >= 2013 else OLD_GRADES
        self.grade = rng.choice(scale)
        self.scale = scale
        self.kind = rng.choice(KINDS)
        self.month = rng.randrange(12)
        self.day = rng.randint(1, 28)
        pub_month = (self.month + rng.randint(1, 3)) % 12
        self.pub_year = self.year + (1 if pub_month < self.month else 0)
        self.published = (min(self.pub_year, 2025), pub_month + 1, rng.randint(1, 28))
        self.people = [self.person() for _ in range(rng.randint(1, 3))]
        self.outlet = rng.choice(OUTLETS)
        self.author = self.name() if rng.random() < 0.7 else None
        self.seeds = seeds

    def name(self):
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def person(self):
        role, org = self.rng.choice(ROLES)
        return self.name() + self.rng.choice(HONOURS), role, org

    def other_grade(self):
        return self.rng.choice(self.scale)

    def swap(self, text):
        """A seed passage retold about this article's subject, people, years and grades."""
        text = SEED_NAMES.sub(lambda m: self.rng.choice(self.people)[0].replace(" CBE", "").replace(" OBE", "")
                              .replace(" MBE", ""), text)
        if self.area:
            text = SEED_AREAS.sub(self.area, text)
        text = YEARS.sub(lambda m: str(max(2007, min(2025, self.year + self.rng.randint(-4, 1)))), text)
        return GRADE_WORDS.sub(lambda m: self.other_grade() if self.rng.random() < 0.5 else m.group(0), text)

    def headline(self):
        g, s = self.grade, self.subject
        return self.rng.choice([
            f"Ofsted rates {s} ‘{g}’",
            f"{s} judged {g} by Ofsted",
            f"Ofsted finds {s} {g} after {self.kind}",
            f"{s} receives ‘{g}’ rating from inspectors",
            f"Inspectors say {s} is {g}",
        ])

    def lead(self):
        when = f"{MONTHS[self.month]} {self.year}"
        kind = f"{'an' if self.kind[0] in 'aeiou' else 'a'} {self.kind}"
        return self.rng.choice([
            f"Ofsted has judged {self.subject} to be {self.grade} following {kind} in {when}, "
            f"the watchdog said in a report published this week.",
            f"The family courts body {self.subject} has been rated “{self.grade}” by Ofsted after "
            f"{kind} carried out between {self.day} and {self.day + self.rng.randint(3, 20)} "
            f"{MONTHS[self.month]} {self.year}.",
            f"{self.subject} provides {'an' if self.grade[0] in 'aeiou' else 'a'} {self.grade} service "
            f"to children and families, according to an Ofsted report on {kind} published in "
            f"{MONTHS[self.published[1] - 1]} {self.published[0]}.",
        ])

    def judgements(self):
        picks = self.rng.sample(JUDGEMENTS[1:], self.rng.randint(1, 3))
        parts = [f"{j} was judged {self.other_grade()}" for j in picks]
        text = "Inspectors found that " + ", while ".join(parts) + "."
        if self.rng.random() < 0.5:
            text += f" Overall effectiveness was rated {self.grade}."
        return text

    def quote(self):
        name, role, org = self.rng.choice(self.people)
        words = self.swap(self.rng.choice(self.seeds[2])).strip("“”\"")
        words = words.split("”")[0].strip().rstrip(",") + "."
        words = words.replace("..", ".").replace("?.", "?").replace("!.", "!")
        return self.rng.choice([
            f"{org} {role} {name} said: “{words}”",
            f"{name}, {role} of {org}, said: “{words}”",
            f"“{words}” said {name}, {org}'s {role}.",
        ])

    def figures(self):
        r = self.rng
        options = [
            f"Cafcass worked with {r.randint(90, 150)},{r.randint(100, 999)} children in {self.year}/{(self.year + 1) % 100:02d}.",
            f"The service area received {r.randint(200, 1400)} care applications in {MONTHS[self.month]} {self.year}, "
            f"the highest ever recorded for the month.",
            f"Average caseloads stood at {r.randint(18, 45)} cases per family court adviser, and "
            f"{r.randint(5, 95)} per cent of reports were filed on time.",
            f"The cost of sickness fell from £{r.randint(2, 6)}.{r.randint(0, 9)}m to £{r.randint(1, 2)}.{r.randint(0, 9)}m.",
            f"Inspectors looked at {r.randint(40, 220)} case files and spoke to {r.randint(10, 90)} children and families.",
            f"There were {r.randint(1, 40)} local authorities and {r.randint(2, 30)} courts in the area.",
        ]
        return " ".join(r.sample(options, r.randint(1, 3)))

    def paragraphs(self):
        """[(kind, text)] of the article body, kind 'p', 'ul' or 'h'."""
        r, (paras, lists) = self.rng, self.seeds[:2]
        body = [("p", self.lead()), ("p", self.judgements())]
        body += [("p", self.swap(p)) for p in r.sample(paras, r.randint(1, 3))]
        if r.random() < 0.6:
            body.append(("p", r.choice(["Key findings included:", "Ofsted’s inspectors also found the following:",
                                        "Other problems include:"])))
            body.append(("ul", self.swap(r.choice(lists))))
        for _ in range(r.randint(1, 3)):
            body.append(("p", self.quote()))
        body.append(("p", self.figures()))
        if r.random() < 0.3:
            body.append(("h", r.choice(["What happens next", "Background", "Inspection history"])))
        body += [("p", self.swap(p)) for p in r.sample(paras, r.randint(1, 3))]
        return body

    def shorts(self):
        r = self.rng
        items = []
        for sector, text in r.sample(SHORTS, r.randint(2, 4)):
            items.append((sector, text.format(adj=r.choice(["good", "slow", "little"]), n=r.randint(20, 150),
                                              m=r.randint(5, 60), y=r.randint(2014, 2020),
                                              grade=r.choice(NEW_GRADES), area=r.choice(AREAS))))
        return items


def dateline(a):
    y, m, d = a.published
    return a.rng.choice([f"{d} {MONTHS[m - 1]} {y}", f"{WEEKDAYS[a.rng.randrange(5)]}, {MONTHS[m - 1]} {d}, {y}"])


def as_text(a):
    r = a.rng
    out = []
    front = r.random() < 0.2
    headline = a.headline()
    if front:
        y, m, d = a.published
        out.append(f"---\ntitle: \"{headline}\"\noutlet: {a.outlet}\npublished: {y}-{m:02d}-{d:02d}\n---")
    elif r.random() < 0.3:
        out.append(r.choice(NAV))
    out.append(headline)
    if a.author and r.random() < 0.8:
        out.append(r.choice([f"By {a.author}", a.author]))
    if not front and r.random() < 0.6:
        out.append(dateline(a))
    for kind, text in a.paragraphs():
        out.append(text.upper() if kind == "h" else text)
    if r.random() < 0.1:
        out.append("INSPECTIONS SHORTS")
        for sector, text in a.shorts():
            out.append(f"{sector}\n{text}")
    if a.author and r.random() < 0.2:
        out.append(a.author)
    if r.random() < 0.6:
        out += r.choice(FOOTERS)
    return "\n\n".join(out) + "\n"


def as_html(a):
    e = html.escape
    headline = a.headline()
    y, m, d = a.published
    slug = re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")
    body = []
    for kind, text in a.paragraphs():
        if kind == "ul":
            items = [re.sub(r"^\s*•\s*", "", ln) for ln in text.split("\n") if ln.strip()]
            body.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>")
        elif kind == "h":
            body.append(f"<h2>{e(text)}</h2>")
        else:
            body.append(f"<p>{e(text)}</p>")
    byline = f'<p class="byline">By {e(a.author)}</p>' if a.author else ""
    author_meta = f'<meta name="author" content="{e(a.author)}">' if a.author else ""
    nav = "".join(f'<li><a href="/{x.lower()}">{x}</a></li>' for x in ["Home", "News", "Jobs", "Events", "Subscribe"])
    related = "".join(f"<li><a href='/n/{i}'>{e(t)}</a></li>" for i, t in enumerate(
        ["Cafcass defends itself after damning report by MPs", "Ofsted to change Cafcass inspections"]))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(headline)} | {e(a.outlet)}</title>
<meta property="og:site_name" content="{e(a.outlet)}">
<meta property="og:title" content="{e(headline)}">
{author_meta}
<link rel="canonical" href="https://news.example.org/{y}/{m:02d}/{slug}">
<style>body {{ font-family: sans-serif; }} .byline {{ color: #555; }}</style>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body>
<header><div class="logo">{e(a.outlet)}</div><nav><ul>{nav}</ul></nav>
<form action="/search"><input name="q" placeholder="Search"><button>Go</button></form></header>
<!-- advert slot -->
<main>
<article>
<h1>{e(headline)}</h1>
{byline}
<time datetime="{y}-{m:02d}-{d:02d}">{d} {MONTHS[m - 1]} {y}</time>
{chr(10).join(body)}
</article>
<aside><h3>Related articles</h3><ul>{related}</ul></aside>
</main>
<footer><p>© {y} {e(a.outlet)}. All rights reserved.</p><ul><li><a href="/privacy">Privacy</a></li><li><a href="/cookies">Cookies</a></li></ul></footer>
<script src="https://cdn.example.org/analytics.js"></script>
</body>
</html>
"""


def make_corpus(n, outdir, seed=0, seeds_folder=ROOT / "seeds"):
    """Write n articles into outdir; returns the list of paths written."""
    seeds = seed_passages(seeds_folder)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        a = Article(rng, seeds)
        is_html = rng.random() < 0.25
        text = as_html(a) if is_html else as_text(a)
        path = outdir / f"{i:06d}_{rng.getrandbits(32):08x}.{'html' if is_html else 'txt'}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("outdir", help="folder to write them into (created if missing)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--seeds", default=str(ROOT / "seeds"), help="folder of seed articles (default: seeds/)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if not Path(args.seeds).is_dir():
        parser.error(f"--seeds {args.seeds}: not a folder")
    paths = make_corpus(args.n, args.outdir, args.seed, args.seeds)
    size = sum(p.stat().st_size for p in paths)
    html_count = sum(p.suffix == ".html" for p in paths)
    print(f"{len(paths)} articles ({html_count} HTML, {len(paths) - html_count} text), "
          f"{size / 1e6:.1f} MB in {args.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
