"""Who said what: quotations attributed to the people who said them.

Each passage is read with its quotations replaced by placeholders, then split
into sentences. A sentence's speaker comes from a speech verb ("X said: …",
"…, says X", "…, she says", "according to X") or a caption's colon
("Chief executive Jane Smith: …"). A sentence that opens with a quotation and
names no speaker continues the speaker of the sentence before it; a passage
that opens with one continues the previous passage's speaker (a quote run over
several paragraphs). Reports, inspectorates, "it" and "they" are speakers too,
but not people: their quotations are skipped, and they stop a continuation,
so no quotation is ever pinned on a person the text does not name.
"""
import re
from dataclasses import dataclass, field

from .names import (KNOWN_ORGS, ORG_WORDS, STOPWORDS, PRONOUNS_OTHER, PRONOUNS_PERSON, find_names, role_and_org, surname,
                    strip_letters)
from .text import PLACEHOLDER_RE, frame, framed_sentences, unquote

SPEECH_VERBS = (
    "said", "says", "say", "added", "adds", "explained", "explains", "stated", "states",
    "commented", "comments", "continued", "continues", "told", "tells", "noted", "notes",
    "warned", "warns", "insisted", "insists", "argued", "argues", "acknowledged",
    "acknowledges", "admitted", "admits", "remarked", "remarks", "stressed", "stresses",
    "emphasised", "emphasises", "emphasized", "claimed", "claims", "wrote", "writes",
    "declared", "declares", "concluded", "concludes", "urged", "urges", "replied", "replies",
    "responded", "recalled", "recalls", "suggested", "suggests", "announced", "announces",
    "observed", "observes", "believes", "asked", "asks", "pointed out", "points out",
    "described", "describes", "praised", "praises", "called", "calls",
    "according to",
)
_VERB_RE = re.compile(r"\b(?:" + "|".join(v.replace(" ", r"\s+") for v in SPEECH_VERBS) + r")\b", re.I)
_QUOTE_AT_END = re.compile(r"\x00\d+\x00[\s,]*$")
_CAPTION = re.compile(r"^(?P<subj>[^\x00:]{3,120}?)\s*:\s*\x00\d+\x00")

_DASH_SIGNED = re.compile(r"^\x00\d+\x00\s*[–—-]\s*(?P<subj>[^\x00]{3,120})$")

OTHER = "other"  # a speaker that is not a person: a report, an inspectorate, "it"


@dataclass
class Person:
    name: str
    role: str = None
    organisation: str = None
    context_org: str = None  # the organisation the sentence before the first mention was about
    anaphoric: bool = False  # introduced as "its chief executive": of something just mentioned


@dataclass
class ArticleState:
    people: dict = field(default_factory=dict)  # normalised name -> Person
    order: list = field(default_factory=list)  # keys in order of first mention
    last_person: str = None  # for "he" and "she"
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
        low = " " + re.sub(r"\s+", " ", phrase.lower()) + " "
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


def better_role(old, new):
    """Keep the first role given, unless a later one says more of the same
    ("chief" then "chief executive"); "former ..." never replaces a role."""
    if not old:
        return new
    if new and old in new and len(new) > len(old) and not re.match(r"(?:former|ex-|ex)\b", new):
        return new
    return old


def name_key(name):
    return re.sub(r"\s+", " ", name.replace("’", "'")).strip().lower()


def _speaker_from_name(state, subj, mention, inverted, apposition_only=False):
    """Register the person a mention names, with role and organisation taken
    from the words just before the name and from an apposition after it."""
    pre = subj[:mention.start]
    # "The president of the Family Division, Sir Andrew McFarlane": the title is before the honorific
    pre = re.sub(r"(?:\b(?:Sir|Dame|Dr|Prof|Professor|Mr|Mrs|Ms|Miss|Mx|Cllr|Councillor|Rev|Revd)\.?\s*)+$", "", pre)
    segments = [s for s in re.split(r",", pre)]
    role = org = None
    # The title next to the name, or the one just before a comma ("Chair, Baroness X").
    anaphoric = False
    for i, seg in reversed(list(enumerate(segments))):
        if seg.strip():
            role, org = role_and_org(seg)
            if role is None and i < len(segments) - 1:
                org = None  # "After a meeting with the Family Justice Board, X said": not X's
            anaphoric = bool(re.match(r"\s*(?:its|their)\s", seg, re.I))
            break
    post = subj[mention.end:]
    if apposition_only and not post.lstrip().startswith(","):
        post = ""
    post = strip_letters(post.strip(" ,"))
    post = re.split(r"\x00|\s[–—-]\s|\b(?:who|which|adding|as|in|at a)\b\s", post)[0]
    segments = [seg.strip() for seg in post.split(",")]
    if segments[0]:
        r2, o2 = role_and_org(segments[0])
        # "X, Ofsted's National Director, Social Care, said"; "X, Chief Executive, Cafcass, said"
        for seg in segments[1:3]:
            if not re.fullmatch(r"(?:[A-Z][\w'’&-]*\s?){1,5}", seg) or seg.split()[0].lower() in STOPWORDS:
                break
            if not o2 and (seg.lower() in KNOWN_ORGS or seg.split()[-1].lower() in ORG_WORDS and len(seg.split()) > 1):
                o2 = seg
            elif r2:
                r2 = f"{r2}, {seg.lower()}"
            else:
                break
        role, org = role or r2, org or o2
    if not role and re.match(r"^[\s,]*MP\b", subj[mention.end:]):
        role = "mp"  # "Edward Leigh MP, who chairs the committee"
    key = state.add(mention.name, role, org)
    state.people[key].anaphoric = state.people[key].anaphoric or anaphoric
    return key


def _resolve(state, subj, inverted):
    """The speaker a subject phrase names: a person key, OTHER, or None."""
    subj = PLACEHOLDER_RE.split(subj)[-1] if not inverted else PLACEHOLDER_RE.split(subj)[0]
    subj = subj.strip(" ,.;:")
    if not subj:
        return None
    mentions = find_names(subj)
    if mentions:
        mention = mentions[0] if inverted else mentions[-1]
        return _speaker_from_name(state, subj, mention, inverted)
    words = re.findall(r"[\w'’-]+", subj)
    if not words:
        return None
    by_role = state.by_role(subj)
    if by_role:
        return by_role
    edge = (words[0] if inverted else words[-1]).lower()
    if edge in PRONOUNS_PERSON:
        return state.last_person
    if edge in PRONOUNS_OTHER:
        return OTHER
    for w in (words if inverted else reversed(words)):
        if w[:1].isupper():
            key = state.by_surname(w)
            if key:
                return key
    return OTHER


def attribute(state, sentence):
    """Speaker of one framed sentence: person key, OTHER or None (no attribution)."""
    found = None
    # The verb nearest a quotation speaks it: "Smith said X, while Jones said: “…”"
    marks = [m.start() for m in PLACEHOLDER_RE.finditer(sentence)]
    verbs = sorted(_VERB_RE.finditer(sentence),
                   key=lambda m: min((abs(m.start() - q) for q in marks), default=0))
    for m in verbs:
        before, after = sentence[:m.start()], sentence[m.end():]
        if re.search(r"\b(?:the|a|an|its|their|these|those|his|her|our|such|new)\s+$", before, re.I):
            continue  # "the claims", "its notes": a noun, not a speech verb
        inverted = bool(_QUOTE_AT_END.search(before)) or m.group().lower().startswith("according")
        if inverted:
            subj = re.split(r"[.;!?]", after)[0]
        else:
            subj = before
        who = _resolve(state, subj, inverted)
        if who == OTHER or who is None:
            found = found or who
            continue
        return who
    if found is None:
        m = _CAPTION.match(sentence)
        if m and find_names(m.group("subj")):
            return _resolve(state, m.group("subj"), False)
        m = _DASH_SIGNED.match(sentence)  # a pull quote signed "– Jane Smith, chair"
        if m and find_names(m.group("subj")):
            return _resolve(state, m.group("subj"), True)
    return found


def _full_names_by_surname(passages):
    """Surname -> the one full name the article's own words (not its quotes)
    give with that surname."""
    found = {}
    for p in passages:
        if p["kind"] in ("brief", "heading"):
            continue
        framed, _ = frame(p["text"])
        for m in find_names(PLACEHOLDER_RE.sub(" ", framed)):
            found.setdefault(surname(m.name).lower(), set()).add(m.name)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def _note_names(state, sentence):
    """Remember people a sentence names without quoting them, so that a later
    "she said" or "said Smith" can find them."""
    text = PLACEHOLDER_RE.sub(" ", sentence)
    mentions = find_names(text)
    for mention in mentions:
        state.last_person = _speaker_from_name(state, text, mention, False, apposition_only=True)


_GRADES = {"outstanding", "good", "requires improvement", "satisfactory", "adequate", "inadequate",
           "not fit for purpose"}


def _scare_quote(text, sentence, k):
    """A quoted grade ("rated “inadequate”") or words put in someone else's
    mouth ("“dangerous” by inspectors") inside a speaker's sentence."""
    if text.lower().strip(" .,!") in _GRADES:
        return True
    after = sentence.split("\x00" + k + "\x00", 1)[1]
    return len(text.split()) <= 4 and bool(re.match(r"^[\s,]*by\b", after))


def _opens_with_quote(sentence):
    return sentence.startswith("\x00")


def article_quotes(article, passages):
    """(people in this article keyed by normalised name, quote dicts with 'person' key)."""
    state = ArticleState()
    state.named_later = _full_names_by_surname(passages)
    quotes = []
    previous = None  # speaker of the passage before, for a quote over several paragraphs
    context = None  # the organisation the sentence before was about
    for p in passages:
        if p["kind"] in ("brief", "heading"):
            previous = None
            continue
        framed, spans = frame(p["text"])
        passage_speaker = None
        last = None
        for i, sent in enumerate(framed_sentences(framed)):
            state.context_org = context
            who = attribute(state, sent)
            if who is None and _opens_with_quote(sent):
                who = last if last is not None else (previous if i == 0 else None)
            if who is not None:
                last = passage_speaker = who
                if who != OTHER:
                    state.last_person = who
            else:
                _note_names(state, sent)
            context = responding_organisation(sent)
            if who in (None, OTHER):
                continue
            for k in PLACEHOLDER_RE.findall(sent):
                s, e = spans[int(k)]
                text = unquote(p["text"][s:e])
                if text and not _scare_quote(text, sent, k):
                    quotes.append({"person": who, "article_id": p["article_id"],
                                   "passage_id": p["id"], "text": text})
        previous = passage_speaker
    _inherit_organisations(state, article, passages)
    return state, quotes


_BACK_REFERENCE = re.compile(r"\b(?:the|this|its)\s+(?:area|service|region|organisation|organization|team|office)\b")


# Titles that only an organisation has: "chief executive Anthony Douglas" in an
# article about one organisation is that organisation's chief executive.
_LEADERSHIP = re.compile(r"^(?:(?:deputy|interim|acting|joint|former|new)\s+)?(?:chief executive|chair|chairman|"
                         r"chairwoman|chairperson|chief inspector|national director|director|spokesperson|"
                         r"spokesman|spokeswoman|head of service|president)$")


def _inherit_organisations(state, article, passages):
    """A role that points back at the article's subject ("head of service for
    the area") takes the organisation the article is about. A bare top title ("Chief executive X said") takes the
    organisation the sentence before was about ("Cafcass rejected the
    claims."), else the one the article is about, unless it was introduced as
    "its chief executive" after a sentence naming none. Otherwise the
    organisation stays unknown."""
    subject = None
    for person in state.people.values():
        if not person.role or person.organisation:
            continue
        if _BACK_REFERENCE.search(person.role):
            subject = subject or subject_organisation(article, passages)
            person.organisation = subject
        elif _LEADERSHIP.match(person.role):
            person.organisation = person.context_org
            if not person.organisation and not person.anaphoric:
                subject = subject or subject_organisation(article, passages)
                person.organisation = subject


_ORG_PHRASE = re.compile(r"\b(?:[A-Z][\w'’&-]*\s+){0,5}(?:" + "|".join(
    sorted((w.capitalize() for w in ORG_WORDS if w.isalpha()), key=len, reverse=True)) + r")\b")


def first_organisation(sentence):
    """The first organisation a sentence names: one of the domain's (Cafcass,
    Ofsted …) or a capitalised name ending in Council, Board, Service …"""
    text = PLACEHOLDER_RE.sub(" ", sentence)
    hits = []
    for m in re.finditer(r"\b[A-Z][\w'’]*", text):
        word = re.sub(r"['’]s?$", "", m.group())
        if word.lower() in KNOWN_ORGS:
            hits.append((m.start(), word))
            break
    m = _ORG_PHRASE.search(text)
    if m and len(m.group().split()) > 1:
        hits.append((m.start(), m.group()))
    return min(hits)[1] if hits else None


_RESPONSE = re.compile(r"\b(?:said|says|rejected|rejects|responded|responds|welcomed|welcomes|dismissed|"
                       r"dismisses|denied|denies|defended|defends|hit back|insisted|insists|disputed|"
                       r"disputes|accepted|accepts|acknowledged|argued|argues|countered|replied)\b")


def responding_organisation(sentence):
    """The organisation a sentence has answering ("However, Cafcass said the
    claims were wrong.", "Cafcass rejected the findings."): the next person
    given only a title ("Chief executive X said") speaks for it."""
    org = first_organisation(sentence)
    if not org:
        return None
    text = PLACEHOLDER_RE.sub(" ", sentence)
    at = text.find(org)
    if at < 0 or at > 40 or not _RESPONSE.search(text[at + len(org):at + len(org) + 60]):
        return None
    return org


def subject_organisation(article, passages):
    """The organisation the article is about: the first one its opening
    paragraph names ("Family courts body Cafcass has received ...", "Cafcass
    welcomes the publication of Ofsted's report"), outside quotations."""
    for p in passages:
        if p["kind"] != "paragraph":
            continue
        framed, _ = frame(p["text"])
        org = first_organisation(framed)
        if org:
            return org
        if len(framed.split()) > 12:
            return None  # a real opening paragraph that names none
    return None
