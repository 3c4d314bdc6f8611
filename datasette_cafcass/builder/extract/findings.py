"""What Ofsted found (strengths, weaknesses) and told Cafcass to do
(recommendations).

A finding is one of:
  - a sentence the article credits to the inspectorate: its subject is Ofsted,
    its inspectors or its report ("Ofsted found that ...", "The report warned
    that ...", "..., Ofsted added, ...", "Cafcass was found to have ...");
  - a sentence holding a quotation the inspectorate speaks (people.py decided who);
  - an item under an introduction to findings (a heading "Summary of key
    findings", a line "Other problems include:", "because of the following."),
    list items and paragraphs alike, until a heading that is not a sub-heading
    of it or a paragraph in which someone else speaks;
  - the sentence after one of these that says so ("These include ...").
Its kind is a recommendation when it says what must be done, else a weakness or
a strength by the cue words of vocab/finding_cues.csv; a sentence that turns
("Although ... meets its obligations, it said that ... waiting too long") is two.
A finding belongs to the inspection its sentence names, else the article's own,
else the one named last; an article that speaks of no inspection has none.
"""
import re
from dataclasses import dataclass

from .people import INSPECTORATE
from .vocabulary import Match, lexicons

INTRO = re.compile(r"\b(?:key\s+findings|findings|found|strengths?|weakness(?:es)?|areas?\s+(?:for|of|requiring)\s+"
                   r"(?:further\s+)?(?:improvement|development)|what\s+needs\s+to\s+improve|recommendations?|"
                   r"recommended|problems|concerns|failings|criticisms|shortcomings|praised|highlighted|highlights|identified|"
                   r"the\s+following|what\s+inspectors\s+found|working\s+well)\b", re.I)
# A heading that opens findings: stricter than a line, which says "found" or "include" too.
HEADING_INTRO = re.compile(r"\b(?:(?:key|main|summary\s+of)\s+(?:\w+\s+)?findings|findings|strengths?|weakness(?:es)?|"
                           r"areas?\s+for\s+(?:improvement|development)|what\s+(?:[\w'-]+\s+){0,3}needs?\s+to\s+(?:do\s+to\s+)?improve|"
                           r"recommendations?|"
                           r"what\s+inspectors\s+found|what\s+is\s+working\s+well)\b", re.I)
INTRO_KIND = (("recommendation", re.compile(r"recommend|areas?\s+(?:for|of|requiring)|needs\s+to\s+improve|"
                                             r"improvements?\s+(?:needed|required)|\bactions?\b", re.I)),
              ("weakness", re.compile(r"problem|weakness|concern|failing|criticis|shortcoming|poor|gaps|deficienc", re.I)),
              ("strength", re.compile(r".", re.S)))
SUBJECT_WORDS = re.compile(r"\b(?:ofsted|inspectors?|inspectorate|inspection|report|watchdog|regulator|it|they)\b", re.I)
# "Cafcass was found to have badly handled ...": a passive at the head of the sentence
PASSIVE = re.compile(r"^\W*(?:[\w'-]+\s+){1,6}(?:was|were|is|are|had\s+been|has\s+been|have\s+been)\s+(?:also\s+)?"
                     r"found\s+(?:to|that)\b", re.I)
# "..., it claimed.": the inspectorate named after what it said
SAID_AFTER = re.compile(r",\s*(?P<who>it|they|ofsted|the\s+report|inspectors|the\s+inspectorate)\s+(?:said|says|claimed|"
                        r"claims|added|noted|found|concluded|stated|warned)\s*[.!]?\s*$", re.I)
PARENTHETICAL = re.compile(r",\s*(?:ofsted|the\s+report|inspectors|the\s+inspectorate|it)\s+(?:said|added|noted|warned|found|"
                           r"concluded|stated)\s*,|[,\"]\s*(?:said|added|stated|noted|warned)\s+(?:the\s+)?"
                           r"(?:ofsted|inspectors|inspectorate|report|watchdog|regulator)\b|\baccording\s+to\s+(?:the\s+)?"
                           r"(?:ofsted|inspectors|inspectorate|report|watchdog|regulator|inspection)\b", re.I)
# a word each of PARENTHETICAL's alternatives needs
_PARENTHETICAL_WORDS = ("said", "added", "noted", "warned", "found", "concluded", "stated", "according")
CONTINUES = re.compile(r"^\W*(?:these|they|this|it|the\s+report|ofsted|inspectors)\s+(?:also\s+)?(?:include|includes|"
                       r"included|found|said|noted|added|warned|recommended|praised|highlighted)\b", re.I)
TURN = re.compile(r"^(?P<a>\W*(?:although|though|while|whilst|despite)\b[^,]{8,},)\s*(?P<b>.+)$|"
                  r"^(?P<c>.{12,}?),?\s+(?:but|yet)\s+(?P<d>.{12,})$", re.I | re.S)
# Verbs that are nouns as often: a verb only when "that" follows ("the report notes that").
NOUN_LIKE = {"reports", "notes", "states", "shows", "finds", "calls", "raises", "highlights", "note", "find", "praise"}
SUBORDINATE = re.compile(r"^\W*(?:when|if|where|although|though|while|whilst|despite|because|as)\b[^,]*,\s*", re.I)
IMPERATIVE = re.compile(r"^\W*(?:ensure|improve|make\s+sure|develop|strengthen|review|increase|reduce|continue|"
                        r"address|consider)\b", re.I)
SUBHEADING_WORDS = 5


@dataclass
class Finding:
    local: object
    kind: str
    passage: dict
    start: int
    end: int
    rule: str


NOT_JUST = re.compile(r"\bnot\s+(?:just|only|merely)\b", re.I)
BOTH_KINDS = re.compile(r"\bstrengths?\s+and\s+(?:weakness(?:es)?|areas?\s+for\s+(?:development|improvement))\b", re.I)
CONTRAST_START = re.compile(r"^\W*(?:however|but|yet|nevertheless)\b", re.I)
TOO_ADJECTIVE = re.compile(r"\btoo\s+(?!much\s+to\b)[a-z]+", re.I)
# "told Cafcass to cut delays", "want the service to ...": an instruction, whoever is told
TOLD_TO = re.compile(r"\b(?:told|asked|urged|wants?|wanted|called\s+on)\s+(?!to\b)(?:[\w']+\s+){1,4}?to\s+(?!be\b)[a-z]+",
                     re.I)
# a strength's word after one of these in its clause is denied ("do not use data effectively")
NEGATION_BEFORE = re.compile(r"(?:\bnot|n't|\bnever|\bno\s+longer|\brarely|\bseldom)\b[^,;:.]{0,40}$", re.I)


def cue_kind(text, default="strength"):
    """strength, weakness or recommendation of a finding's words: a
    recommendation when it says what must be done, unless a grade comes
    first ("Front line delivery is inadequate and needs to improve urgently"
    states a failing)."""
    finding_cues = lexicons()["finding_cues"]
    cues = [(m.start(), m.rows[0]["kind"]) for m in finding_cues.finditer(text)]
    told = TOLD_TO.search(text)
    if told:
        cues = sorted(cues + [(told.start(), "recommendation")])
    first_rec = next((at for at, k in cues if k == "recommendation"), None)
    if first_rec is not None:
        graded = any(True for m in lexicons()["ratings"].finditer(text[:first_rec]))
        if not graded:
            return "recommendation"
    main = SUBORDINATE.sub("", text)
    main = NOT_JUST.sub(" ", main)  # "not just heard, but understood"
    main = BOTH_KINDS.sub(" ", main)  # "know the strengths and weaknesses of practice": neither
    kinds = [("weakness" if m.rows[0]["kind"] == "strength" and NEGATION_BEFORE.search(main, 0, m.start())
              else m.rows[0]["kind"]) for m in finding_cues.finditer(main)]
    weak, strong = kinds.count("weakness"), kinds.count("strength")
    weak += len(TOO_ADJECTIVE.findall(main))  # "too brief", "too variable"
    if CONTRAST_START.match(text):
        # a turn after what came before, most often to a failing; to a strength only when
        # its words say so and nothing against ("However, the report praised ...")
        return "strength" if strong > 0 and weak == 0 and not NEGATIVE.search(main) else "weakness"
    if weak > strong:
        return "weakness"
    if strong > weak:
        return "strength"
    return default


NEGATIVE = re.compile(r"\bpoor(?:ly)?\b|\bweak\b|\binadequate\b|\bnot\b|n't\b|\bfail|\bconcern|\binsufficient\b|"
                      r"\black|\binconsistent|\btoo\s+(?:long|slow|many|few|variable|high|low)\b", re.I)


def item_kind(intro, text):
    """A listed item's kind: its introduction's, unless the item plainly says
    otherwise (a failing under "strengths", an instruction anywhere)."""
    if IMPERATIVE.match(text):
        return "recommendation"
    if intro == "strength" and NEGATIVE.search(SUBORDINATE.sub("", text)):
        return "weakness"
    return intro


def intro_kind(text):
    for kind, rx in INTRO_KIND:
        if rx.search(text):
            return kind
    return "strength"


MODAL_AT_END = re.compile(r"\b(?:will|would|could|should)\s+(?:\w+\s+)?$", re.I)
CLAUSE_STOP = re.compile(r"[;:]|\.\s")
PERSON_SPEAKER_WORD = re.compile(r"\b(?:chief\s+executive|chair|director|minister|spokes\w+|head\s+of|he|she)\b", re.I)
IT_OR_THEY_AT_END = re.compile(r"\b(?:it|they)\s*$", re.I)
QUOTE_START = re.compile(r"^\W*[\"']")
THAT_WORD = re.compile(r"\s+that\b", re.I)
INSPECTORATE_SUBJECT_START = re.compile(r"^\W*(?:(?:in|however|but|also|overall)\b[^,]{0,40},\s*)?(?:the\s+)?(?:ofsted|inspectors?|"
                                        r"inspectorate|(?:ofsted'?s?\s+|inspection\s+)?report|watchdog|regulator)\b", re.I)
OFSTED_INSPECTORS_REPORT = re.compile(r"\b(?:ofsted|inspectors?|report)\b", re.I)
INSPECTORS_REPORT_INSPECTION = re.compile(r"\b(?:inspectors?|report|inspection)\b", re.I)
OFSTED_INSPECTORS_REPORT_INSPECTION = re.compile(r"\b(?:ofsted|inspectors?|report|inspection)\b", re.I)
INSPECTORATE_START = re.compile(r"^\W*(?:the\s+)?(?:inspectors?|report|inspection)\b", re.I)
COLON_THEN_TEXT = re.compile(r":\s+(?=\S)")
FINDINGS_LIST_INTRO = re.compile(r"\bkey\s+findings\b|\bbecause\s+of\s+the\s+following\b", re.I)


# How far after a verb someone's reported speech may start for the verb to introduce it ("said that ...")
INTRODUCES = 6


class Findings:
    def __init__(self, reading, insp, grades, others=None):
        self.r, self.insp = reading, insp
        self.others = others or {}  # people.others_speech(): what others say, by passage
        self.found = []
        self.carry = None

    def _others_words(self, pid, start, end):
        """Are the words at [start, end) (a verb, an attribution) part of what someone
        other than the inspectorate says, or what introduces it ("X said the report showed ...")?"""
        return any(start < b and a < end or 0 <= a - end <= INTRODUCES for a, b in self.others.get(pid, ()))

    def _local(self, s):
        """The inspection a sentence's finding belongs to: the one it names,
        else the article's own or the last named; None when it speaks only of
        one that cannot be placed ("previously inspected in 2006")."""
        named, elsewhere = [], False
        for m in self.insp.mentions(s):
            if m.compare or (m.prior and m.year is None):
                continue
            local = self.insp.resolve(m)
            if local is not None and not isinstance(local, list):
                named.append(local)
            elif m.years or m.prior:
                elsewhere = True
        if named:
            self.carry = named[-1]
            return named[-1]
        if elsewhere:
            return None
        local = self.insp.own or self.carry
        # "In 2009 Ofsted found four of the first five areas ... inadequate": another time's
        years = {int(d.value.date[:4]) for d in self.r.spans(s, "DATE") if d.value.precision in ("year", "month", "day")
                 and not d.value.month_only}
        if local is not None and local.year is not None and years and local.year not in years:
            return None
        if local is not None and local.year is None and years and any(
                m.plural for m in self.insp.mentions(s)):
            return None
        return local

    def add(self, local, s, kind, rule, start=None, end=None):
        if local is None:
            return
        a = s.start if start is None else start
        b = s.end if end is None else end
        text = s.passage["text"]
        while b > a and text[b - 1] in " :;,":
            b -= 1
        while a < b and text[a] in " -•*·":
            a += 1
        if len(text[a:b].split()) < 4:
            return  # a label ("Court Reports"), not a finding
        self.found.append(Finding(local, kind, s.passage, a, b, rule))

    def add_turning(self, local, s, rule, default=None):
        """A sentence that turns from praise to criticism is two findings."""
        text = self.r.plain_text(s)
        m = TURN.match(text)
        if m:
            first, second = (m.span("a"), m.span("b")) if m.group("a") else (m.span("c"), m.span("d"))
            k1, k2 = cue_kind(text[first[0]:first[1]]), cue_kind(text[second[0]:second[1]], "weakness")
            if k1 != k2:
                self.add(local, s, k1, rule, s.start + first[0], s.start + first[1])
                self.add(local, s, k2, rule, s.start + second[0], s.start + second[1])
                return k2
        kind = cue_kind(text, default or "strength")
        self.add(local, s, kind, rule)
        return kind

    def attributed(self, s):
        """Does the article credit this sentence to the inspectorate?"""
        r = self.r
        pid = s.passage["id"]
        text = r.plain_text(s)
        aside = PARENTHETICAL.search(text) if r.may_say(s, _PARENTHETICAL_WORDS) else None
        if aside and not self._others_words(pid, s.start + aside.start(), s.start + aside.end()) or (
                r.may_say(s, ("found",)) and PASSIVE.search(text) and not QUOTE_START.match(text)):
            return True
        after = SAID_AFTER.search(text)
        if after and (after.group("who").lower() not in ("it", "they") or self._last_inspectorate(s)):
            return True
        for verb in r.spans(s, "FV"):
            pos = verb.start
            m = Match(verb.start - s.start, verb.end - s.start, verb.data, None)
            if r.voice(pid, pos) is not None:
                continue  # a verb inside a quotation
            if self._others_words(pid, verb.start, verb.end):
                continue  # "Douglas said the report showed ...": his words about the report
            if text[m.end():].strip() == ":":
                continue  # "X, Ofsted's national director, said:": it introduces a quotation, says nothing itself
            if m.group(0).lower() in NOUN_LIKE and not THAT_WORD.match(text[m.end():m.end() + 6]):
                continue  # "Cafcass reports on service areas": a noun
            whole = r.masked[pid][s.start:pos]
            subject = CLAUSE_STOP.split(whole)[-1]
            if MODAL_AT_END.search(subject):
                continue
            # the inspectorate is the verb's subject: named just before it, or opening the sentence
            # ("The report, Ofsted's Inspection of ..., concluded"), not inside another phrase
            # ("X examines Ofsted's method ... and raises")
            if not (SUBJECT_WORDS.search(" ".join(subject.split()[-6:]))
                    or INSPECTORATE_SUBJECT_START.match(whole)):
                continue
            if PERSON_SPEAKER_WORD.search(subject) \
                    and not OFSTED_INSPECTORS_REPORT.search(subject):
                continue
            orgs = [a.value for a in r.spans(pid, "ORG", s.start, pos)]
            if orgs and not any(k == "inspectorate" for _, k in orgs) and not INSPECTORS_REPORT_INSPECTION.search(whole):
                continue
            if IT_OR_THEY_AT_END.search(subject.strip(" ,")) and not OFSTED_INSPECTORS_REPORT_INSPECTION.search(subject):
                if not self._last_inspectorate(s):
                    continue
            return True
        return False

    def _person_speaks(self, s):
        return any(q.voice == "person" for q in self.r.quotes_in(s) if s.start <= q.start)

    def _last_inspectorate(self, s):
        """Is "it" or "they" here the inspectorate: the sentence before is credited
        to it, names it, or opens with its inspectors or report?"""
        prev = self.r.previous(s)
        return prev is not None and (self.attributed_cache.get(prev.index) or
                                     any(a.value[1] == "inspectorate" for a in self.r.spans(prev, "ORG")) or
                                     bool(INSPECTORATE_START.match(self.r.plain_text(prev))))

    def quoted_inspectorate(self, s):
        return any(q.voice == INSPECTORATE for q in self.r.quotes_in(s))

    def read(self):
        r = self.r
        self.attributed_cache = {}
        zone = None  # (kind, local, paragraphs too: else list items only)
        passages = r.passages
        for n, p in enumerate(passages):
            sentences = r.by_passage[p["id"]]
            if p["kind"] == "heading":
                text = p["text"]
                if HEADING_INTRO.search(text):
                    local = self.insp.own or self.carry
                    zone = (intro_kind(text), local, True)
                elif zone and zone[2] and len(text.split()) <= SUBHEADING_WORDS:
                    pass  # a sub-heading of the findings ("Quality assurance")
                else:
                    zone = None
                for s in sentences:
                    self._local(s)
                continue
            if p["kind"] == "list item":
                if zone and zone[1] is not None:
                    s = sentences[0] if sentences else None
                    if s is not None:
                        text = r.plain[p["id"]]
                        kind = item_kind(zone[0], text)
                        self.add(zone[1], s, kind, "listed under an introduction", s.start, sentences[-1].end)
                continue
            if zone and not zone[2]:
                zone = None  # a list's introduction covers its items only
            previous_kind = None
            for s in sentences:
                local = self._local(s)
                text = r.plain_text(s)
                someone_else = self._person_speaks(s)
                if someone_else and not self.quoted_inspectorate(s):
                    zone, previous_kind = None, None
                    continue
                if text.rstrip().endswith(":") and INTRO.search(text):
                    following = passages[n + 1]["kind"] if n + 1 < len(passages) else None
                    last = s is sentences[-1]
                    zone = (intro_kind(text), local, not (last and following == "list item"))
                    previous_kind = None
                    continue
                if r.may_say(s, ("findings", "following")) and FINDINGS_LIST_INTRO.search(text) and \
                        text.rstrip().endswith((".", ":")):
                    zone = ("strength", local, True)
                    continue
                colon = COLON_THEN_TEXT.search(text)
                if colon and INTRO.search(text[:colon.start()]) and local is not None and not self._person_speaks(s):
                    # "... repeated many of the reports' criticisms of private law: inadequate assessment of ..."
                    a = s.start + colon.end()
                    self.add(local, s, intro_kind(text[:colon.start()]) if intro_kind(text[:colon.start()]) != "strength"
                             else cue_kind(text[colon.end():]), "listed after a colon", a, s.end)
                    continue
                if self.attributed(s) or self.quoted_inspectorate(s):
                    self.attributed_cache[s.index] = True
                    if self.insp.mentions(s) and all(m.future or m.generic for m in self.insp.mentions(s)):
                        continue
                    previous_kind = self.add_turning(local, s, "credited to the inspectorate")
                elif zone and zone[1] is not None:
                    self.add_turning(zone[1], s, "under an introduction to findings", zone[0])
                elif previous_kind and CONTINUES.search(text):
                    # "These include ensuring ...": the actions it goes on to list
                    kind = previous_kind if previous_kind == "recommendation" else cue_kind(text, previous_kind)
                    self.add(local, s, kind, "continues a finding")
                else:
                    previous_kind = None
        return self.found
