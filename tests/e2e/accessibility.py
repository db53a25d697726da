"""axe-core in the browser: a page's serious and critical accessibility violations.

The vendored ``vendor/axe.min.js`` is evaluated in the page through the browser's debugging protocol, so the
page's Content-Security-Policy stays as strict as it is for everyone (no inline script is added).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
#: The WCAG 2.1 A and AA rules, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")


@lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def violations(page) -> list[str]:
    """The page's serious and critical violations, each as ``rule (impact): where: what to fix``."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source() + "\n;true")
    found = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: "
                          "['violations']}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, "
                          "help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ': ' + "
                          "n.failureSummary)})))", TAGS)
    return [f"{v['id']} ({v['impact']}): {node}" for v in found if v["impact"] in FAILING_IMPACTS
            for node in v["nodes"]]


def assert_accessible(page, where: str) -> None:
    problems = violations(page)
    assert problems == [], f"{where} ({page.url}):\n" + "\n".join(problems)
