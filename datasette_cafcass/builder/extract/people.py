"""Who said what: quotations attributed to the people who said them, each
person's role and organisation, and every place the article names them.

Each sentence of the reading is read with its quotations blanked out, so the
rules see only the article's own framing words ("..., says Stanley."). A
sentence's speaker comes from a speech verb ("X said: …", "…, says X", "…, she
adds", "according to X") or a caption's colon ("Chief executive X: …"). A
sentence that opens with a quotation and names no speaker continues the speaker
of the sentence before it; a passage that opens with one continues the
previous passage's speaker (a quote run over several paragraphs). Reports,
inspectorates, "it" and "they" speak too, but are not people: their quotations
are marked as the inspectorate's (findings.py reads them) or another body's,
never pinned on a person the text does not name. Reported speech ("Douglas said
the findings predated ...", "..., saying it would ...") is a quote of the
clause that follows the verb.

Every quotation's speaker is written on its Quote in the reading (its
`speaker` and `voice`), so the other extractors know whose words they read.
"""
import functools
import re
from dataclasses import dataclass, field

from .names import (AREA_NAMES, KNOWN_ORGS, ORG_WORDS, PRONOUNS_OTHER, PRONOUNS_PERSON, STOPWORDS, find_names, role_and_org,
                    strip_letters, surname)
from .reading import MASK
from .vocabulary import Match, lexicons

QUOTE_RUN = re.compile(MASK + "+")
_VERB_RE = lexicons()["speech_verbs"]
_QUOTE_AT_END = re.compile(MASK + r"+[\s,]*$")
_CAPTION = re.compile(r"^(?P<subj>[^\x00:]{3,120}?)\s*:\s*\x00+")
_DASH_SIGNED = re.compile(r"^\x00+\s*[-–—]\s*(?P<subj>[^\x00]{3,120})$")
# Verbs after which a clause is what the person said, when no quotation follows.
REPORTED = re.compile(r"^(?:said|says|saying|added|adds|adding|told|tells|explained|explains|warned|warns|"
                      r"insisted|insists|argued|argues|claimed|claims|stressed|stresses|admitted|admits|"
                      r"acknowledged|acknowledges|believes|suggested|suggests|predicted|predicts)$", re.I)
INSPECTORATE_WORDS = re.compile(r"\b(?:inspectors?|inspectorate|report|inspection|watchdog|regulator|ofsted)\b", re.I)

OTHER = "other"  # a speaker that is not a person: another body, an unresolved "it"
INSPECTORATE = "inspectorate"  # Ofsted, its inspectors, its report


@dataclass
class Person:
    name: str
    role: str = None
    organisation: str = None
    context_org: str = None  # the organisation the sentence before the first mention was about
    anaphoric: bool = False  # introduced as "its chief executive": of something just mentioned
    writers: bool = False  # introduced as "our chairman": of whoever wrote the article, unnamed


WHITESPACE = re.compile(r"\s+")


@dataclass
class State:
    people: dict = field(default_factory=dict)  # key -> Person
    order: list = field(default_factory=list)  # keys in order of first mention
    last_person: str = None  # for "he" and "she"
    last_body: str = None  # for "it" and "they": INSPECTORATE or OTHER
    context_org: str = None
    named_later: dict = field(default_factory=dict)  # surname -> full name, from the whole article

    def add(self, name, role, org):
        key = name_key(name)
        p = self.people.get(key)
        if p is None:
            p = self.people[key] = Person(name, context_org=self.context_org)
            self.order.append(key)
        p.role = better_role(p.role, role)
        p.organisation = p.organisation or org
        return key

    def by_role(self, phrase):
        """The one person named earlier whose role a definite description
        repeats ("the chief executive said")."""
        low = " " + WHITESPACE.sub(" ", phrase.lower()) + " "
        hits = {k for k in self.order if self.people[k].role
                and re.search(r"\bthe " + re.escape(self.people[k].role) + r"\b", low)}
        return hits.pop() if len(hits) == 1 else None

    def by_surname(self, word):
        word = word.lower()
        hits = [k for k in self.order if surname(self.people[k].name).lower() == word]
        if hits:
            return hits[-1]
        # "“…,” Tiotto told CYP Now." before the article gives her full name
        later = self.named_later.get(word)
        return self.add(later, None, None) if later else None


@functools.lru_cache(maxsize=4096)  # combine() asks it of every mention's role: a few hundred distinct ones
def listed_role(role):
    """A role that names one of vocab/roles.csv's titles (chief executive, chair ...)."""
    return bool(role) and bool(lexicons()["roles"].lookup(role) or any(
        True for _ in lexicons()["roles"].finditer(role)))


FORMER_PREFIX = re.compile(r"(?:former|ex-|ex)\b")


def better_role(old, new):
    """Keep the first role given, unless a later one says more of the same
    ("chief" then "chief executive") or names a title where the first did not
    ("representative for Napo" then "vice-chair"); "former ..." never replaces a role."""
    if not old:
        return new
    if not new or FORMER_PREFIX.match(new):
        return old
    if old in new and len(new) > len(old):
        return new
    if listed_role(new) and not listed_role(old):
        return new
    return old




def name_key(name):
    return WHITESPACE.sub(" ", name.replace("’", "'")).strip().lower()


LEADING_THE = re.compile(r"^the\s+", re.I)


def canonical_org(text):
    """An organisation's canonical name (vocab/organisations.csv) when the text
    names one, else the text without a leading "the"."""
    if not text:
        return None
    orgs = lexicons()["orgs"]
    for m in orgs.finditer(text):
        rows = orgs.lookup(m.group(0))
        if rows:
            return rows[0]["name"]
    return LEADING_THE.sub("", text.strip()) or None


def implied(role_phrase):
    """(role, organisation) a title carries by itself ("Her Majesty's Chief
    Inspector" speaks for Ofsted), else (None, None)."""
    roles = lexicons()["roles"]
    for m in roles.finditer(role_phrase):
        for row in roles.lookup(m.group(0)):
            if row["organisation"]:
                return row["role"], row["organisation"]
    return None, None


PREPOSITION_AT_END = re.compile(r"\s+(?:of|for|at|with)(?:\s+the)?\s*$")


def title_of(phrase):
    """(role, organisation) of a title phrase, organisations by their canonical name."""
    role, org = implied(phrase)
    if role:
        return role, org
    role, org = role_and_org(phrase)
    if role and not org:
        # "chair of the Commons public accounts committee": a known body named in the title
        orgs = lexicons()["orgs"]
        for m in orgs.finditer(role):
            rows = orgs.lookup(m.group(0))
            if rows:
                head = PREPOSITION_AT_END.sub("", role[:m.start()].rstrip())
                return (head or None), rows[0]["name"]
    return role, canonical_org(org)


HONORIFICS_AT_END = re.compile(r"(?:\b(?:Sir|Dame|Dr|Prof|Professor|Mr|Mrs|Ms|Miss|Mx|Cllr|Councillor|Rev|Revd)\.?\s*)+$")
# Where the words after a name stop being about it: masked quote, a dash, a new clause.
NAME_END = re.compile(r"\x00|\s[-–—]\s|\b(?:who|which|adding|as|in|at a)\b\s")
WHO_LEADS = re.compile(r"^who\s+(?:now\s+|also\s+|currently\s+|has\s+|had\s+)?(chairs|chaired|heads|headed|leads|led|runs|run|ran)\s+(.+)", re.S)
WHO_LEADS_END = re.compile(r"\x00|[,;:]|\s[-–—]\s|\s(?:since|until|from|for|and|who|which|when|as|in)\s")
MP_START = re.compile(r"^[\s,]*MP\b")
ITS_OR_THEIR_START = re.compile(r"\s*(?:its|their)\s", re.I)
OUR_START = re.compile(r"\s*our\s", re.I)
CAPITALISED_WORDS = re.compile(r"(?:[A-Z][\w'&-]*\s?){1,5}")


def _speaker_from_name(state, subj, mention, apposition_only=False):
    """Register the person a mention names, with role and organisation taken
    from the words just before the name and from an apposition after it."""
    pre = subj[:mention.start]
    # "The president of the Family Division, Sir Andrew McFarlane": the title is before the honorific
    pre = HONORIFICS_AT_END.sub("", pre)
    segments = pre.split(",")
    role = org = None
    anaphoric = writers = False
    for i, seg in reversed(list(enumerate(segments))):
        if seg.strip():
            role, org = title_of(seg)
            if role is None and i < len(segments) - 1:
                org = None  # "After a meeting with the Family Justice Board, X said": not X's
            anaphoric = bool(ITS_OR_THEIR_START.match(seg))
            writers = bool(OUR_START.match(seg))
            break
    post = subj[mention.end:]
    if apposition_only and not post.lstrip().startswith(","):
        post = ""
    post = strip_letters(post.strip(" ,"))
    leads = WHO_LEADS.match(post)
    if leads:  # "X, who heads Cafcass," is a title: "head of Cafcass"
        head = "chair" if leads.group(1).startswith("chair") else "head"
        post = f"{head} of {WHO_LEADS_END.split(leads.group(2))[0]}"
    post = NAME_END.split(post)[0]
    parts = [seg.strip() for seg in post.split(",")]
    if parts[0]:
        r2, o2 = title_of(parts[0])
        # "X, Ofsted's National Director, Social Care, said"; "X, Chief Executive, Cafcass, said"
        for seg in parts[1:3]:
            if not CAPITALISED_WORDS.fullmatch(seg) or seg.split()[0].lower() in STOPWORDS:
                break
            if not o2 and (seg.lower() in KNOWN_ORGS or seg.split()[-1].lower() in ORG_WORDS and len(seg.split()) > 1):
                o2 = canonical_org(seg)
            elif r2:
                r2 = f"{r2}, {seg.lower()}"
            else:
                break
        role, org = role or r2, org or o2
    if not role and MP_START.match(subj[mention.end:]):
        role = "mp"  # "Edward Leigh MP, who chairs the committee"
    key = state.add(mention.name, role, org)
    state.people[key].anaphoric = state.people[key].anaphoric or anaphoric
    state.people[key].writers = state.people[key].writers or writers
    return key


def _body(subj):
    """A speaker that is not a person: the inspectorate's, or another body's."""
    orgs = lexicons()["orgs"]
    for m in orgs.finditer(subj):
        rows = orgs.lookup(m.group(0))
        if rows:
            return INSPECTORATE if rows[0]["kind"] == "inspectorate" else OTHER
    return INSPECTORATE if INSPECTORATE_WORDS.search(subj) else OTHER


WORD = re.compile(r"[\w'-]+")
UNNAMED_SPEAKER = re.compile(r"\b(?:an?|one)\s+(?:[\w'-]+\s+){0,3}(?:spokes(?:wo)?man|spokesperson|official|source|representative|"
                             r"manager|worker|practitioner|adviser|parent|mother|father)\b", re.I)


def _resolve(state, subj, inverted):
    """The speaker a subject phrase names: a person key, INSPECTORATE, OTHER or None."""
    subj = QUOTE_RUN.split(subj)[-1] if not inverted else QUOTE_RUN.split(subj)[0]
    subj = subj.strip(" ,.;:")
    if not subj:
        return None
    mentions = find_names(subj)
    if mentions:
        mention = mentions[0] if inverted else mentions[-1]
        return _speaker_from_name(state, subj, mention)
    words = WORD.findall(subj)
    if not words:
        return None
    by_role = state.by_role(subj)
    if by_role:
        return by_role
    if UNNAMED_SPEAKER.search(subj):
        state.last_person = None  # "A Cafcass spokeswoman said": someone unnamed; "she said" after it is not the last named
        return OTHER
    edge = (words[0] if inverted else words[-1]).lower()
    if edge in PRONOUNS_PERSON:
        return state.last_person
    if edge in PRONOUNS_OTHER:
        return state.last_body or OTHER
    for w in (words if inverted else reversed(words)):
        if w[:1].isupper():
            key = state.by_surname(w)
            if key:
                return key
    return _body(subj)


def _quote_at_end(text):
    """_QUOTE_AT_END.search(text), reading back from the end (the regex would try
    every character of a long blanked quotation)."""
    i = len(text)
    while i and (text[i - 1] == "," or text[i - 1].isspace()):
        i -= 1
    return i > 0 and text[i - 1] == MASK


DETERMINER_AT_END = re.compile(r"\b(?:the|a|an|its|their|these|those|his|her|our|such|new)\s+$", re.I)
SENTENCE_PUNCT = re.compile(r"[.;!?]")


def attribute(state, sentence, verbs=None):
    """(speaker, verb match) of one blanked sentence: a person key, INSPECTORATE,
    OTHER or None (no attribution). verbs: the sentence's speech verbs, from the
    reading (offsets in the sentence), else found here."""
    found = None
    # The verb nearest a quotation speaks it: "Smith said X, while Jones said: “…”"
    marks = [m.start() for m in QUOTE_RUN.finditer(sentence)]
    verbs = sorted(_VERB_RE.finditer(sentence) if verbs is None else verbs,
                   key=lambda m: min((abs(m.start() - q) for q in marks), default=0))
    for m in verbs:
        before, after = sentence[:m.start()], sentence[m.end():]
        # (both looks at the end only: a determiner is at most five letters before the trailing space)
        if DETERMINER_AT_END.search(before, max(0, len(before.rstrip()) - 6)):
            continue  # "the claims", "its notes": a noun, not a speech verb
        inverted = _quote_at_end(before) or m.group().lower().startswith("according")
        subj = SENTENCE_PUNCT.split(after)[0] if inverted else before
        who = _resolve(state, subj, inverted)
        if who in (OTHER, INSPECTORATE, None):
            found = found or (who, m)
            continue
        return who, m
    if found is None:
        m = _CAPTION.match(sentence)
        if m and find_names(m.group("subj")):
            return _resolve(state, m.group("subj"), False), None
        m = _DASH_SIGNED.match(sentence)  # a pull quote signed "– Jane Smith, chair"
        if m and find_names(m.group("subj")):
            return _resolve(state, m.group("subj"), True), None
    return found if found else (None, None)


def _full_names_by_surname(views):
    """Surname -> the one full name the article's own words (not its quotes)
    give with that surname."""
    found = {}
    for text in views:
        for m in find_names(text.replace(MASK, " ")):
            found.setdefault(surname(m.name).lower(), set()).add(m.name)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def _note_names(state, sentence):
    """Remember people a sentence names without quoting them, so that a later
    "she said" or "said Smith" can find them."""
    text = sentence.replace(MASK, " ")
    for mention in find_names(text):
        state.last_person = _speaker_from_name(state, text, mention, apposition_only=True)


BY_START = re.compile(r"^[\s,]*by\b")


def _scare_quote(text, after):
    """A quoted grade ("rated “inadequate”") or words put in someone else's
    mouth ("“dangerous” by inspectors") inside a speaker's sentence, or a title."""
    words = text.lower().strip(" .,!")
    if lexicons()["ratings"].lookup(words) or words == "not fit for purpose":
        return True
    return len(text.split()) <= 4 and bool(BY_START.match(after))


ELISION_MARK = re.compile(r"\[(?:\.\.\.|…)\]\s*")


def _inner(passage_text, q):
    """(start, end) of a quotation's words: inside its marks, without white
    space, an editor's cut at the start or a trailing comma."""
    a, b = q.inner
    while a < b and passage_text[a].isspace():
        a += 1
    m = ELISION_MARK.match(passage_text[a:b])
    if m:
        a += m.end()
    while b > a and (passage_text[b - 1].isspace() or passage_text[b - 1] == ","):
        b -= 1
    return a, b


@dataclass
class Said:
    person: str  # key into State.people
    passage: dict
    start: int
    end: int
    rule: str
    sentence: object  # the reading's Sentence that frames it


def read_people(reading):
    """(State, [Said]) for an article; writes each quotation's speaker into the reading."""
    state = State()
    views = {}
    for p in reading.passages:
        view = list(p["text"])  # the article's own characters: names and roles are stored as written
        for q in reading.quotes[p["id"]]:
            view[q.start:q.end] = MASK * (q.end - q.start)
        views[p["id"]] = "".join(view)
    state.named_later = _full_names_by_surname(v for p, v in zip(reading.passages, views.values())
                                               if p["kind"] != "heading")
    said = []
    previous = None  # speaker of the passage before, for a quote over several paragraphs
    context = None  # the organisation the sentence before was about
    for p in reading.passages:
        pid = p["id"]
        if p["kind"] == "heading":
            previous = None
            continue
        passage_speaker, last = None, None
        for s in reading.by_passage[pid]:
            sent = views[pid][s.start:s.end]
            state.context_org = context
            verbs = [Match(a.start - s.start, a.end - s.start, sent[a.start - s.start:a.end - s.start], None)
                     for a in reading.spans(s, "SAY") if sent[a.start - s.start] != MASK]
            who, verb = attribute(state, sent, verbs)
            opens = sent.startswith(MASK)
            if who is None and opens:
                who = last if last is not None else (previous if s.pindex == 0 else None)
            if who is not None:
                last = passage_speaker = who
                if who in (INSPECTORATE, OTHER):
                    state.last_body = who
                else:
                    state.last_person = who
            else:
                _note_names(state, sent)
            context = responding_organisation(reading, s, sent)
            runs = list(QUOTE_RUN.finditer(sent))
            for run in runs:
                q = reading.quote_at(pid, s.start + run.start())
                if q is None or q.speaker is not None:
                    continue
                a, b = _inner(p["text"], q)
                if b - a < 2 or _scare_quote(p["text"][a:b], sent[run.end():]):
                    q.voice = "scare"  # "rated 'Outstanding'": words in quotation marks, nobody's speech
                    continue
                q.speaker = who
                q.voice = _voice(state, who)
                if who in (None, OTHER, INSPECTORATE):
                    continue
                said.append(Said(who, p, a, b, "quoted", s))
            # Reported speech: the clause after the verb, unless the verb attributes a quotation
            # before it (""We are delighted," said X, chief executive": what follows is who).
            if who not in (None, OTHER, INSPECTORATE) and verb is not None and not any(
                    len(r.group(0)) > 40 or r.end() <= verb.start() for r in runs):
                clause = _reported(sent, verb, p["text"], s.start)
                if clause:
                    said.append(Said(who, p, clause[0], clause[1], "reported speech", s))
        previous = passage_speaker
    _inherit_organisations(state, reading)
    return state, said


def others_speech(state, said):
    """{passage id: [(start, end)]} of what people other than the inspectorate's own
    say, in quotation marks or reported: their words are not the inspectorate's findings."""
    out = {}
    for q in said:
        if _voice(state, q.person) == "person":
            out.setdefault(q.passage["id"], []).append((q.start, q.end))
    return out


def _voice(state, who):
    if who in (None, OTHER, INSPECTORATE):
        return who or "unknown"
    person = state.people.get(who)
    if person and _inspectorate(person.organisation):
        return INSPECTORATE  # Ofsted's own people speak for it
    return "person"


# Whom someone "told", before what they told them (case matters: a name is capitalised).
TOLD_WHOM = re.compile(r"\s*(?:(?:the|a)\s+)?(?:[A-Z][\w&'’.-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w&'’.-]*)*|him|her|them|us|me|"
                       r"reporters|journalists|MPs|peers|parliament|delegates|staff)(?=\s)")


def _according(sent, verb):
    """(start, end) in the sentence of what "according to X" attributes: the
    clause after X ("According to X, the board was proud.") or before it
    ("The board was proud, according to X.")."""
    before = sent[:verb.start()]
    comma = sent.find(",", verb.end())
    if not before.strip(" \"'‘“") and comma > 0:
        start, end = comma + 1, len(sent)
    elif before.rstrip().endswith(","):
        start, end = 0, len(before.rstrip()) - 1
    else:
        return None
    while start < end and sent[start].isspace():
        start += 1
    while end > start and sent[end - 1] in " .;:!?,":
        end -= 1
    return start, end


REPORTED_LEAD = re.compile(r"\s*(?:today|yesterday|last\s+\w+|on\s+\w+day)?\s*(?:that\s+|:\s*)?", re.I)
WORD_OR_QUOTE_START = re.compile(r"[\w\"'(]")


def _reported(sent, verb, text, offset):
    """(start, end) in the passage of the clause a speech verb reports, when the
    sentence quotes none of it: "Douglas said the findings predated ..."."""
    if verb.group(0).lower().startswith("according"):
        span = _according(sent, verb)
        if span is None or len(sent[span[0]:span[1]].split()) < 4 or MASK * 3 in sent[span[0]:span[1]]:
            return None
        return offset + span[0], offset + span[1]
    if not REPORTED.match(verb.group(0)):
        return None
    after = sent[verb.end():]
    if verb.group(0).lower() in ("told", "tells"):
        # who was told comes first: "told the BBC", "told MPs", "told Community Care", "told reporters"
        told = TOLD_WHOM.match(after)
        if not told:
            return None
        after = after[told.end():]
        verb_end = verb.end() + told.end()
    else:
        verb_end = verb.end()
    m = REPORTED_LEAD.match(after)
    start = verb_end + m.end()
    end = len(sent)
    while end > start and sent[end - 1] in " .;:!?":
        end -= 1
    piece = sent[start:end]
    if len(piece.split()) < 4 or MASK * 3 in piece or not WORD_OR_QUOTE_START.match(piece):
        return None
    return offset + start, offset + end


_BACK_REFERENCE = re.compile(r"\b(?:the|this|its)\s+(?:area|service|region|organisation|organization|team|office)\b")
# Titles that only an organisation has: "chief executive Anthony Douglas" in an
# article about one organisation is that organisation's chief executive.
_LEADERSHIP = re.compile(r"^(?:(?:deputy|interim|acting|joint|former|new|outgoing)\s+)?(?:chief executive|chair|chairman|"
                         r"chairwoman|chairperson|chief inspector|national director|director|spokesperson|"
                         r"spokesman|spokeswoman|head of service|president)$")


# "The council's director": a bare word for a kind of body stands for the one body of that
# kind the article names in full ("Birmingham City Council"), when it names exactly one.
_AREA_TAIL = re.compile(r"\s(?:for|of|in)\s+(?:the\s+)?")


def _serves_area(role):
    """"head of service for thames valley": a title of one of the subject's service areas."""
    return any(role[m.end():] in AREA_NAMES for m in _AREA_TAIL.finditer(role))


# Titles an inspectorate's people have; its "chief executive" or "chair" is not the one the news quotes.
_INSPECTORATE_TITLE = re.compile(r"^(?:(?:deputy|interim|acting|former|new|outgoing)\s+)?(?:chief inspector|national director|director)$")


def _inspectorate(org):
    return bool(org) and any(r["kind"] == "inspectorate" for r in lexicons()["orgs"].lookup(org))


_GENERIC_BODY = re.compile(r"^(?:the\s+)?(council|trust|authority|board|department|charity)$", re.I)


def _named_body(reading, noun):
    full = re.compile(r"\b(?:[A-Z][\w'’&-]*\s+){1,5}" + noun.capitalize() + r"\b")
    names = {m.group(0) for p in reading.passages for m in full.finditer(reading.plain[p["id"]])
             if not m.group(0).startswith(("The ", "A ", "This ", "Every "))}
    return names.pop() if len(names) == 1 else None


def _inherit_organisations(state, reading):
    """An organisation given as "the council" (trust, board ...) is the one the
    article names in full (_named_body). A role that points back at the
    article's subject ("head of service for the area") takes the organisation
    the article is about. A bare top title
    ("Chief executive X said") takes the organisation the sentence before was
    about ("Cafcass rejected the claims."), else the one the article is about,
    unless it was introduced as "its chief executive" after a sentence naming
    none. Otherwise the organisation stays unknown."""
    subject = None
    for person in state.people.values():
        generic = _GENERIC_BODY.match(person.organisation or "")
        if generic:
            person.organisation = _named_body(reading, generic.group(1).lower()) or person.organisation
        if not person.role or person.organisation or person.writers:
            continue
        if _BACK_REFERENCE.search(person.role) or _serves_area(person.role):
            subject = subject or subject_organisation(reading)
            person.organisation = subject
        elif _LEADERSHIP.match(person.role):
            person.organisation = person.context_org
            if _inspectorate(person.organisation) and not _INSPECTORATE_TITLE.match(person.role):
                # "Ofsted said leaders know the service well. Chief executive X said":
                # the inspected body's leader answering, not the inspectorate's
                person.organisation = None
            if not person.organisation and not person.anaphoric:
                subject = subject or subject_organisation(reading)
                person.organisation = subject


# Longest first, then alphabetical: the same pattern in every process (ORG_WORDS is a set).
_ORG_NAME_WORDS = "|".join(sorted((w.capitalize() for w in ORG_WORDS if w.isalpha()), key=lambda w: (-len(w), w)))
_ORG_PHRASE = re.compile(r"\b(?:[A-Z][\w'&-]*\s+){0,5}(?:" + _ORG_NAME_WORDS + r")\b")
# The word every _ORG_PHRASE ends with: a quick search (it starts with a letter, not \b)
# that most sentences fail, so _ORG_PHRASE is tried only where it can match.
_ORG_NAME_WORD = re.compile(r"(?:" + _ORG_NAME_WORDS + r")\b")


def first_organisation(reading, s, sentence, within=None):
    """(offset in the sentence, canonical name) of the first organisation a
    sentence names outside quotations: one of the domain's (Cafcass, Ofsted …,
    from the reading's ORG spans) or a capitalised name ending in Council,
    Board, Service …; within: look only that far in."""
    hits = organisations(reading, s, sentence, within)
    return hits[0][:2] if hits else None


def organisations(reading, s, sentence, within=None):
    """[(offset in the sentence, canonical name, kind, end offset)] of the
    organisations first_organisation() looks for, in order (kind None for a
    name not in the vocabulary)."""
    hits = [(a.start - s.start, a.value[0], a.value[1], a.end - s.start) for a in reading.spans(s, "ORG")
            if sentence[a.start - s.start] != MASK and a.data[:1].isupper()]
    text = sentence.replace(MASK, " ")
    end = within if within is not None else len(text)
    m = _ORG_PHRASE.search(text, 0, end) if _ORG_NAME_WORD.search(text, 0, end) else None
    if m and len(m.group().split()) > 1:
        hits.append((m.start(), canonical_org(m.group()), None, m.end()))
    return sorted(hits, key=lambda h: h[:2])  # by offset, then name (as min() of the pairs did)


_RESPONSE = re.compile(r"\b(?:said|says|rejected|rejects|responded|responds|welcomed|welcomes|dismissed|"
                       r"dismisses|denied|denies|defended|defends|hit back|insisted|insists|disputed|"
                       r"disputes|accepted|accepts|acknowledged|argued|argues|countered|replied|warned|warns|"
                       r"cautioned|criticised|criticises|criticized|claimed|claims|urged|urges|stressed)\b")


def responding_organisation(reading, s, sentence):
    """The organisation a sentence has answering, named at its start ("However,
    Cafcass said the claims were wrong.", "Cafcass welcomed the news."): the next
    person given only a title ("Chief executive X said") speaks for it."""
    found = organisations(reading, s, sentence, within=100)
    if not found or found[0][0] > 40:
        return None
    at, org, _, end = found[0]
    if sentence.startswith(("'s", "'"), end):
        return None  # "X, Ofsted's national director, said": the body of another's title, not one answering
    if not _RESPONSE.search(sentence, at, at + len(org) + 60):
        return None
    return org


def subject_organisation(reading):
    """The organisation the article is about: the first one its opening
    paragraph names ("Family courts body Cafcass has received ..."), outside
    quotations; where that is an inspectorate reporting on another body, the
    body it inspects, named in the same sentence ("Ofsted has rated Cafcass
    outstanding") or in the headline ("Ofsted report on Cafcass published")."""
    for p in reading.passages:
        if p["kind"] != "paragraph":
            continue
        for s in reading.by_passage[p["id"]]:
            found = organisations(reading, s, reading.masked[p["id"]][s.start:s.end])
            if found:
                if found[0][2] != "inspectorate":
                    return found[0][1]
                inspected = [name for _, name, kind, _ in found if kind != "inspectorate"]
                return (inspected or _headline_bodies(reading) or [found[0][1]])[0]
        if len(p["text"].split()) > 12:
            return None  # a real opening paragraph that names none
    return None


def _headline_bodies(reading):
    """The organisations the article's headline names other than inspectorates."""
    orgs = lexicons()["orgs"]
    return [m.rows[0]["name"] for m in orgs.finditer(reading.article.get("title") or "")
            if m.rows[0]["kind"] != "inspectorate"]


def mentions(reading, state, keys):
    """(key, passage, start, end, rule) for each place the article's own words
    name one of the people in keys: the full name, or the surname alone when no
    other of them shares it."""
    by_surname = {}
    for k in keys:
        by_surname.setdefault(surname(state.people[k].name).lower(), []).append(k)
    out = []
    full = [(k, state.people[k].name.replace("’", "'")) for k in keys]
    alone = [(ks[0], surname(state.people[ks[0]].name).replace("’", "'")) for ks in by_surname.values() if len(ks) == 1]
    for p in reading.passages:
        text = reading.masked[p["id"]]
        taken = []
        for k, name in full:
            for a, b in _whole_words(text, name):
                taken.append((a, b))
                out.append((k, p, a, b, "full name"))
        for k, name in alone:
            for a, b in _whole_words(text, name):
                if not any(x <= a < y for x, y in taken):
                    out.append((k, p, a, b, "surname"))
    out.sort(key=lambda x: (x[1]["seq"], x[2]))
    return out


_WORD_OR_DASH = re.compile(r"[\w-]")


def _whole_words(text, words):
    r"""(start, end) of each place text has words, not inside a longer word (or
    hyphenated), left to right, none overlapping: what
    re.finditer(r"(?<![\w-])" + re.escape(words) + r"(?![\w-])", text) finds,
    without compiling a pattern for every name of every article."""
    out, i, n = [], 0, len(words)
    if not n:
        return out
    while True:
        a = text.find(words, i)
        if a < 0:
            return out
        b = a + n
        if (a == 0 or not _WORD_OR_DASH.match(text, a - 1)) and not _WORD_OR_DASH.match(text, b):
            out.append((a, b))
            i = b
        else:
            i = a + 1
