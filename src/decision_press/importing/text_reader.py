"""The text of a published decision page → a :class:`ParsedDecision`.

The page's blocks come in the order MOPAC's pages have them: "Key information" (labels and
values), "Executive summary", "Recommendation(s)", the "facts and advice" heading addressed
to the decision maker, numbered sections ("1. Title") and paragraphs ("1.1. Text") with
bullets, and last the "Signed decision document" line, whose next line begins with the
reference. Hand numbering is taken off and turned into nesting, so that Decision Press
numbers the record again the same way; every other character of every line is kept, in
order. Where the page's numbering skips or a line fits no block, the line is still kept
and a note says what was guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from decision_press.importing.parsed import ParsedDecision, ParsedItem, ParsedRecommendation, ParsedSection
from decision_press.importing.readers import PageText
from decision_press.importing.references import read_reference
from decision_press.settings import Settings

_HEADINGS = {
    "key information": "key",
    "executive summary": "summary",
    "summary": "summary",
    "recommendation": "recommendations",
    "recommendations": "recommendations",
    "decision": "recommendations",
    "signed decision document": "signed",
}
_FACTS = re.compile(r"facts and advice", re.IGNORECASE)
_LABEL = re.compile(
    r"^(reference code|date signed|date published|decision by|authorisation name|decision type)\s*:\s*(.*)$", re.I
)
_SECTION = re.compile(r"^(\d{1,2})\.?\s+(\S.*)$")
_PARAGRAPH = re.compile(r"^(\d{1,2})\.(\d{1,3})(?:\.\s*|\s+)(\S.*)$")
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s*(\S.*)$")
_LETTERED = re.compile(r"^(?:\(([a-z]{1,2}|[ivx]{1,5})\)|([a-z]{1,2}|[ivx]{1,5})\)|([a-z])\.\s)\s*(\S.*)$")
_BULLET = re.compile(r"^[•·▪◦●‣∙\-–*]\s*(\S.*)$")
_LEAD_IN = re.compile(r"\b(?:is|are) (?:recommended|asked) to\b.*:$", re.IGNORECASE)
_DOCUMENTS_SECTION = re.compile(r"background|supporting (?:papers|documents)|appendices", re.IGNORECASE)
_PART2 = re.compile(r"\bpart\s*(?:2|ii|two)\b|\bexempt report\b|\brestricted part\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“‘\"'(])")
_PAST_STAFF = re.compile(r"\s*\(past staff\)", re.IGNORECASE)
_MAX_SECTION_TITLE = 150
"""A numbered line longer than this is text, not a section heading."""
PREAMBLE_TITLE = "Facts and advice"
"""The section that holds facts and advice written before the page's first numbered section."""


class TextReader:
    """Reads the text of a published page in the form the seed page shows."""

    def accepts(self, page: PageText) -> bool:
        lines = {line.strip().rstrip(":").lower() for line in page.text.splitlines()}
        return bool(lines & {"key information", "executive summary", "signed decision document"}) or any(
            _FACTS.search(line) for line in lines
        )

    def read(self, page: PageText, settings: Settings) -> ParsedDecision:
        return _PageParser(page.name, settings).parse(page.text)


class _PageParser:
    """One pass over the lines; each block's lines go to the handler of that block."""

    def __init__(self, source: str, settings: Settings) -> None:
        self.settings = settings
        self.parsed = ParsedDecision(source=source)
        self.block = "start"
        self._preamble = 0
        """1 once text before the first numbered section has a section of its own."""
        self._handlers: dict[str, Callable[[str], None]] = {
            "start": self._start,
            "key": self._key,
            "summary": self._summary,
            "recommendations": self._recommendation,
            "body": self._body,
            "signed": self._signed,
            "documents": self._document,
        }

    def parse(self, text: str) -> ParsedDecision:
        for raw in text.splitlines():
            line = " ".join(raw.split())
            if line and not self._heading(line):
                self._handlers[self.block](line)
        self._finish()
        return self.parsed

    # -- block headings ------------------------------------------------------------------

    def _heading(self, line: str) -> bool:
        """Switch block on a heading line; True when the line was one."""
        if self.block in ("signed", "documents"):
            return False
        name = _HEADINGS.get(line.rstrip(":").lower())
        if name is not None and not (name == "summary" and self.block == "body"):
            self.block = name
            return True
        if self.block != "body" and _FACTS.search(line) and len(line) <= _MAX_SECTION_TITLE:
            self.parsed.facts_heading = line
            self.block = "body"
            return True
        return False

    # -- the blocks ----------------------------------------------------------------------

    def _start(self, line: str) -> None:
        """Before 'Key information': the page's title, often with its reference."""
        found = read_reference(line, self.settings)
        if found and found[1]:
            self.parsed.reference, self.parsed.title = found
        elif self.parsed.title is None:
            self.parsed.title = line
        else:
            self._summary(line)

    def _key(self, line: str) -> None:
        match = _LABEL.match(line)
        if match is None:
            if line != self.parsed.title:  # newer pages repeat the title here
                self.block = "summary"
                self._summary(line)
            return
        label, value = match.group(1).lower(), match.group(2).strip()
        if not value:
            return
        if label == "reference code":
            found = read_reference(value, self.settings)
            self.parsed.reference = found[0] if found else value
        elif label in ("date signed", "date published"):
            self._date(label, value)
        elif label in ("decision by", "authorisation name"):
            self.parsed.decision_maker_name = _PAST_STAFF.sub("", value).split(",")[0].strip() or None

    def _date(self, label: str, value: str) -> None:
        for form in ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d/%m/%Y"):
            try:
                day = dt.datetime.strptime(value, form).date()
            except ValueError:
                continue
            if label == "date signed":
                self.parsed.signed = day
            else:
                self.parsed.published = day
            return
        self.parsed.notes.append(f"the page's '{label}' value '{value}' is not a date; it was left out")

    def _summary(self, line: str) -> None:
        if _LEAD_IN.search(line) or _NUMBERED.match(line):  # recommendations without a heading
            self.block = "recommendations"
            self._recommendation(line)
            return
        summary = self.parsed.summary
        bullet = _BULLET.match(line)
        if bullet is None:
            summary.append(ParsedItem(line))
        elif summary:
            summary[-1].items.append(bullet.group(1))
        else:
            summary.append(ParsedItem(None, [bullet.group(1)]))

    def _recommendation(self, line: str) -> None:
        recommendations = self.parsed.recommendations
        last = recommendations[-1] if recommendations else None
        if not recommendations and self.parsed.recommendation_intro is None and _LEAD_IN.search(line):
            self.parsed.recommendation_intro = line
        elif match := _NUMBERED.match(line):
            expected = len(recommendations) + 1
            if int(match.group(1)) != expected:
                self.parsed.notes.append(f"recommendation '{match.group(1)}.' is number {expected} in the record")
            recommendations.append(ParsedRecommendation(match.group(2)))
        elif last is not None and (match := _LETTERED.match(line)):
            last.items.append(match.group(4))
        elif last is not None and last.text.endswith((":", "—", "-")) and (match := _BULLET.match(line)):
            last.items.append(match.group(1))
        else:
            bullet = _BULLET.match(line)
            recommendations.append(ParsedRecommendation(bullet.group(1) if bullet else line))

    def _body(self, line: str) -> None:
        sections = self.parsed.sections
        on_page = len(sections) - self._preamble  # the number the page gives the current section
        paragraph = _PARAGRAPH.match(line)
        if paragraph and on_page > 0 and int(paragraph.group(1)) == on_page:
            self._numbered_paragraph(int(paragraph.group(2)), paragraph.group(3))
            return
        section = _SECTION.match(line)
        if section and int(section.group(1)) == on_page + 1 and len(line) <= _MAX_SECTION_TITLE:
            sections.append(ParsedSection(section.group(2)))
            return
        bullet = _BULLET.match(line)
        if bullet:
            self._item(bullet.group(1))
        elif _LETTERED.match(line) or _NUMBERED.match(line):
            self._item(line)  # a hand-lettered point inside a paragraph keeps its letter
        else:
            self._plain(line)

    def _current_section(self) -> ParsedSection:
        if not self.parsed.sections:
            self.parsed.sections.append(ParsedSection(PREAMBLE_TITLE))
            self._preamble = 1
            self.parsed.notes.append(
                f"text before the first numbered section became section 1, '{PREAMBLE_TITLE}'; "
                "any numbered sections of the page that follow are numbered one more in the record"
            )
        return self.parsed.sections[-1]

    def _numbered_paragraph(self, number: int, text: str) -> None:
        section = self._current_section()
        expected = sum(1 for p in section.paragraphs if p.text is not None) + 1
        if number != expected:
            here, page = len(self.parsed.sections), len(self.parsed.sections) - self._preamble
            self.parsed.notes.append(f"paragraph {page}.{number} of the page is {here}.{expected} in the record")
        section.paragraphs.append(ParsedItem(text))

    def _item(self, text: str) -> None:
        section = self._current_section()
        if not section.paragraphs:
            section.paragraphs.append(ParsedItem())
        section.paragraphs[-1].items.append(text)

    def _plain(self, line: str) -> None:
        section = self._current_section()
        last = section.paragraphs[-1] if section.paragraphs else None
        if last is not None and last.text is not None and not last.items:
            last.text += "\n\n" + line  # a second paragraph of the same numbered point
            return
        where = f"{len(self.parsed.sections)}.{sum(1 for p in section.paragraphs if p.text is not None) + 1}"
        self.parsed.notes.append(f"an unnumbered line became paragraph {where}: '{_shorten(line)}'")
        section.paragraphs.append(ParsedItem(line))

    def _signed(self, line: str) -> None:
        """The line after 'Signed decision document' begins with the reference, then the title."""
        found = read_reference(line, self.settings)
        if found is None:
            self.parsed.notes.append(f"the line after 'Signed decision document' names no known reference: '{line}'")
            self.parsed.title = self.parsed.title or line
        else:
            reference, title = found
            if self.parsed.reference and self.parsed.reference != reference:
                self.parsed.notes.append(
                    f"the page says '{self.parsed.reference}' and its signed document '{reference}'; "
                    f"'{reference}' was used"
                )
            self.parsed.reference = reference
            self.parsed.title = title or self.parsed.title
        self.block = "documents"

    def _document(self, line: str) -> None:
        """Links after the signed document: further documents of the page."""
        bullet = _BULLET.match(line)
        self.parsed.documents.append(bullet.group(1) if bullet else line)

    # -- after the last line -------------------------------------------------------------

    def _finish(self) -> None:
        documents = [
            item
            for section in self.parsed.sections
            if _DOCUMENTS_SECTION.search(section.title)
            for paragraph in section.paragraphs
            for item in paragraph.items
        ]
        self.parsed.documents[:0] = documents
        self.parsed.part2_reason = _part2_sentence(self.parsed)


def _part2_sentence(parsed: ParsedDecision) -> str | None:
    """The first sentence of the facts (else of the summary) that says there is an exempt report."""

    def texts_of(paragraphs: list[ParsedItem]) -> list[str]:
        return [text for p in paragraphs for text in (p.text or "", *p.items)]

    body = texts_of([p for s in parsed.sections for p in s.paragraphs])
    for texts in (body, texts_of(parsed.summary)):
        for text in texts:
            for sentence in _SENTENCE_END.split(text):
                if _PART2.search(sentence):
                    return sentence.strip()
    return None


def _shorten(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
