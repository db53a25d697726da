"""What a page shows a reader, and which of it is still English when the page is in Spanish."""
from __future__ import annotations

import re
from html.parser import HTMLParser

#: Attributes a reader meets (screen readers read labels and titles; placeholders are seen).
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
#: Words written the same in both languages, and the service's own name.
SAME_IN_BOTH = {"wbl_match", "sector", "total", "error", "english", "español", "servsafe", "osha", "cpr", "cna",
                "h", "min", "mi", "km", "am", "pm", "a.m", "p.m", "pst", "pdt", "no", "general"}
#: The service's name as pages show it (a name, not English words to translate).
SERVICE_NAME = "WBL Match"


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping = 0
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self._in_body = True
        if tag in ("script", "style", "template"):
            self._skipping += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.texts.append(value)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button") and dict(attrs).get("value"):
            self.texts.append(dict(attrs)["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if self._in_body and not self._skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def read_texts(html: str) -> list[str]:
    """The page's text pieces in the order they appear, and the read attributes."""
    reader = _Reader()
    reader.feed(html)
    return reader.texts


def english_left(english_html: str, spanish_html: str, data: list[str]) -> list[str]:
    """The pieces of the Spanish page that are the English page's own words.

    A piece shown identically on both pages is the same text in both languages; once the data the test put
    in (names, titles, addresses) is taken out, any word of it left is English nobody translated."""
    english = set(read_texts(english_html))
    left = []
    for piece in read_texts(spanish_html):
        if piece not in english:
            continue
        rest = piece.replace(SERVICE_NAME, " ")
        for value in sorted(data, key=len, reverse=True):
            if value:
                rest = rest.replace(value, " ")
        words = [w for w in re.findall(r"[^\W\d]+(?:[.'][^\W\d]+)*", rest) if w.lower() not in SAME_IN_BOTH]
        if words:
            left.append(piece)
    return left
