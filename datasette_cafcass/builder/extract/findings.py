"""What Ofsted found (strengths, weaknesses) and told Cafcass to do
(recommendations): bullet lists under an introducing line ("Other problems
include:", "Key findings included:") and sentences that report the
inspectorate's words ("the report warned that improvements could be made",
"the area should ensure", "inspectors did note ...")."""
import re

from .text import clean_item, plain

SOURCE = r"(?:ofsted|inspectors?|the\s+inspectorate|inspectorate|the\s+watchdog|watchdog|the\s+regulator|regulator|(?:the\s+|ofsted'?s?\s+|inspection\s+)?report|the\s+inspection|it|they)"
VERB = (r"(?:found|finds|find|noted|notes|note|said|says|praised|praises|warned|warns|criticised|criticises|"
        r"highlighted|highlights|identified|identifies|states|stated|described|describes|concluded|concludes|"
        r"reported|reports|added|adds|raised|raises|commended|recognised|recognises|observed|suggested|suggests|"
        r"acknowledged|acknowledges|recommended|recommends|urged|urges|called|calls|labelled|"
        r"labelling|describing|singled\s+out|welcomed|pointed\s+out|expressed|flagged|impressed|concerned|worried|"
        r"saw|sees|heard|uncovered|discovered|revealed|reveals|showed|shows|confirmed|confirms)")
# "inspectors did note", "Ofsted's report ... states that", "the inspectors did, however, praise"
ATTRIBUTED = re.compile(r"\b" + SOURCE + r"\b(?:\s+(?:also|did|has|have|had|however|further|was|were|is|are|not|particularly)\b,?){0,3}"
                        r"(?:[\s,]+[^.;]{0,80}?)?[\s,]+" + VERB + r"\b", re.I)
ATTRIBUTED_AFTER = re.compile(r"[,\"”]\s*(?:(?:it|the\s+(?:inspection\s+)?report|ofsted|inspectors|the\s+inspectors|the\s+inspectorate|the\s+watchdog|the\s+regulator)\s+(?:said|says|added|adds|stated|states|warned|noted|found|concluded)\b|(?:said|says|stated|states|added|adds|noted|notes|warned|warns)\s+"
                              r"(?:the\s+)?(?:ofsted|inspectors|inspectorate|watchdog|regulator|(?:inspection\s+)?report)\b)"
                              r"|\baccording\s+to\s+(?:the\s+)?(?:ofsted|inspectors|inspectorate|watchdog|regulator|(?:inspection\s+)?report)\b"
                              r"|\bofsted\s+(?:found|said|noted|added|warned)\b", re.I)
A_PERSON_SAID = re.compile(r"\b(?:chief\s+executive|chair|director|minister|spokes(?:wo)?man|spokesperson|head\s+of)\b[^.]{0,40}\b(?:said|says)\b", re.I)

RECOMMEND = re.compile(
    r"\bshould\b|\bmust\b|\bneeds?\s+to\b|\brecommend|\bimprovements?\s+(?:could|should|need|needs|can|must)\s+be\s+made|"
    r"\bactions?\s+(?:that\s+)?(?:should|to\s+be|needed|required)|\bidentified\s+(?:a\s+number\s+of\s+|several\s+|\w+\s+)?actions\b|"
    r"\bareas?\s+for\s+(?:improvement|development)\b|\bwhat\s+needs\s+to\s+improve\b|\bnext\s+steps\b|"
    r"\bensuring\b|\bensure\s+that\b", re.I)
WEAK = re.compile(
    r"\bpoor(?:ly)?\b|\bweak(?:ness|nesses)?\b|\binadequate\b|\bnot\b|n't\b|\btoo\s+\w+|\bconcerns?\b|\bvariation\b|"
    r"\bvariable\b|\blacks?\b|\blacking\b|\bfail(?:s|ed|ing|ure)?\b|\bunder-?developed\b|\bslow\b|\bproblems?\b|\bcritici|"
    r"\bwarn(?:ed|s)?\b|\binconsistent(?:ly)?\b|\binsufficient\b|\bdamning\b|\bshortcomings?\b|\bgaps?\b|\bout\s+of\s+date\b|"
    r"\binaccurate\b|\bdelays?\s+occur|\bunnecessary\b|\bdeficienc|\bdrift\b|\bvery\s+weak\b|"
    r"\bhigh\s+(?:caseloads|workloads)\b|\b(?:caseloads|workloads)\s+(?:were|are|remain(?:ed)?)\s+(?:too\s+|very\s+)?high\b|"
    r"\bwait(?:s|ed|ing)?\s+too\s+long\b|\bbacklogs?\b(?!\s+(?:of\s+\w+\s+)?(?:has|have|had)\s+been\s+(?:eradicated|cleared|reduced|tackled))", re.I)
STRONG = re.compile(
    r"\bpraised?\b|\bgood\b|\bstrong(?:ly)?\b|\beffective(?:ly)?\b|\boutstanding\b|\bimproved\b|\beradicated\b|\bexcellent\b|"
    r"\bwell\b|\bpositive\b|\bswift(?:ly)?\b|\btimely\b|\bquickly\b|\bskilled\b|\bcommended\b|\bexceptional\b|\bsensitive(?:ly)?\b|"
    r"\bpromptly\b|\binnovative\b|\bsuccessful(?:ly)?\b|\bhigh[- ]quality\b|\bcompassionate\b|\bcollaboratively\b", re.I)
SUBORDINATE = re.compile(r"^(?:when|if|where|although|though|while|whilst|despite|because|as)\b[^,]*,\s*", re.I)
CONTINUES = re.compile(r"^(?:these|they|this|it|the\s+report|ofsted)\s+(?:also\s+)?(?:include|includes|included|are|were|found|said|noted|added|warned|recommended)\b", re.I)

INTRO_RECOMMEND = re.compile(r"recommend|\bshould\b|\bmust\b|needs?\s+to|areas?\s+(?:for|of|requiring)\s+(?:further\s+)?(?:improvement|development)|"
                             r"\bactions?\b|next\s+steps|priorit|what\s+needs\s+to\s+(?:improve|happen)|to\s+improve\b|improvements?\s+(?:needed|required)", re.I)
INTRO_WEAK = re.compile(r"problem|weakness|concern|failing|criticis|shortcoming|poor|issues|gaps|deficienc|worr|warn", re.I)
INTRO_FOUND = re.compile(r"strength|found|finding|praised|positive|good|highlight|key|following|include|report|inspectors|ofsted|noted|said", re.I)


def sentence_kind(text):
    """strength, weakness or recommendation for a sentence reporting a finding."""
    t = plain(text)
    if RECOMMEND.search(t):
        return "recommendation"
    if re.match(r"^\W*(?:however|but|yet|nevertheless)\b", t, re.I):
        return "weakness"
    main = SUBORDINATE.sub("", t)
    weak, strong = len(WEAK.findall(main)), len(STRONG.findall(main))
    return "weakness" if weak > strong else "strength"


def intro_kind(text):
    t = plain(text)
    if INTRO_RECOMMEND.search(t):
        return "recommendation"
    if INTRO_WEAK.search(t):
        return "weakness"
    if INTRO_FOUND.search(t):
        return "strength"
    return None


def item_kind(intro, text):
    """A list item's kind: its introduction's, unless the item plainly says otherwise."""
    t = SUBORDINATE.sub("", plain(text))
    if intro == "strength" and re.search(r"\bpoor(?:ly)?\b|\bweak\b|\binadequate\b|\bnot\b|n't\b|\bfail|\bconcern|\binsufficient\b|\black|\binconsistent", t, re.I):
        return "weakness"
    if re.match(r"^(?:ensure|improve|make\s+sure|develop|strengthen|review|increase|reduce)\b", t, re.I):
        return "recommendation"
    return intro


def attributed(text):
    t = plain(text)
    # A quotation is Ofsted's only when the text says so ("..., the report stated");
    # otherwise it is someone else talking about the inspection.
    if re.match(r"^\W*[\"“]", text) and not ATTRIBUTED_AFTER.search(t):
        return False
    if A_PERSON_SAID.search(t) and not ATTRIBUTED_AFTER.search(t):
        return False
    return bool(ATTRIBUTED.search(t) or ATTRIBUTED_AFTER.search(t))


def inside_quote(passage, offset):
    """Does a quotation opened before offset in the passage run on past it?"""
    before = plain(passage[:offset])
    return before.count('"') % 2 == 1


def read(reading):
    """Add (Local, kind, text, passage) findings to an ArticleReading."""
    default = reading.default if reading.default is not None and (reading.default.keep or reading.default.graded) else None
    intro, intro_local = None, None
    carry = None  # the inspection last named in this section
    for p in reading.passages:
        if p["kind"] == "heading":
            carry = None
            # A heading over a list: "Key findings", "What needs to improve", "Areas for development".
            hk = intro_kind(p["text"]) if (INTRO_RECOMMEND.search(p["text"]) or INTRO_WEAK.search(p["text"]) or re.search(
                r"strength|finding|positive|working\s+well|went\s+well|praised|good\s+practice|what\s+inspectors\s+found",
                p["text"], re.I)) else None
            intro, intro_local = (hk, default) if hk else (None, None)
            continue
        if p["kind"] == "list item":
            if intro and (intro_local or default or carry):
                kind = item_kind(intro, p["text"])
                reading.findings.append((intro_local or default or carry, kind, clean_item(p["text"]), p, "listed under an introduction"))
            continue
        intro = None
        if p["kind"] != "paragraph":
            continue
        items = reading.sentences.get(p["id"], [])
        previous_kind = None
        # A quoted paragraph the inspectorate's report is credited with at its end.
        if len(items) > 1 and re.match(r"^\W*[\"“]", p["text"]) and ATTRIBUTED_AFTER.search(plain(items[-1][0].text)):
            local = next((l for s, r in items for m, l in r if l is not None and not m.compare), None) \
                or default or carry
            if local is not None:
                reading.findings.append((local, sentence_kind(p["text"]), p["text"], p, "quoted paragraph credited to the report"))
            continue
        for s, resolved in items:
            named = [l for m, l in resolved if l is not None and not m.compare]
            if named:
                carry = named[-1]
            local = named[-1] if named else (default or carry)
            text = s.text
            if text.rstrip().endswith(":"):
                intro, intro_local = intro_kind(text), local
                previous_kind = None
                continue
            if local is None:
                continue
            # Inside someone's quotation: Cafcass's people talking, not Ofsted's findings.
            if inside_quote(p["text"], s.start) and not ATTRIBUTED_AFTER.search(plain(text)):
                previous_kind = None
                continue
            if attributed(text) or (default is not None and RECOMMEND.search(plain(text))
                                    and re.search(r"\bshould\s+ensure|\bmust\s+ensure|\bneeds?\s+to\s+ensure", text, re.I)):
                kind = sentence_kind(text)
                reading.findings.append((local, kind, text, p, "attributed to the inspectorate"))
                previous_kind = kind
            elif previous_kind and CONTINUES.search(plain(text)):
                reading.findings.append((local, previous_kind, text, p, "continues a finding"))
            elif previous_kind and not A_PERSON_SAID.search(plain(text)) and not re.match(r"^\W*[\"“]", text):
                # The paragraph goes on with what the inspectorate found.
                kind = sentence_kind(text)
                reading.findings.append((local, kind, text, p, "paragraph goes on"))
                previous_kind = kind
            else:
                previous_kind = None
