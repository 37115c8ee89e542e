"""The journal's figures for authors, on its public 刊物宗旨 page (the `[[journal-figures]]`
marker, at the page's end when its text does not place it).

What authors ask before submitting: the acceptance rate and the median days to a first
decision over the last twelve months, the median days from acceptance to publication over the
same months, and the articles published in the last whole year. The publish build writes the
page, so the figures are as fresh as the last build, and the page says the day they were
computed. A figure with nothing behind it yet (a new journal) is left out, not shown as 0.
"""

from core.clock import journal_today
from journal.guidance import guidance_marker
from reports.content import content
from reports.figures import Period, figures

MARKER = "[[journal-figures]]"


def _lines(lang: str) -> list[str]:
    today = journal_today()
    found = figures(Period.last_twelve_months())
    last_year = today.year - 1
    articles = content(Period.year(last_year)).articles
    rate = found.acceptance_rate
    first = found.durations["to_first_decision"].median
    waiting = found.durations["acceptance_to_publication"].median
    zh = lang != "en"
    lines = []
    if rate is not None:
        lines.append(f"录用率：{rate:.0%}" if zh else f"Acceptance rate: {rate:.0%}")
    if first is not None:
        lines.append(f"投稿至首次决定：中位数 {first:.0f} 天" if zh else
                     f"Submission to first decision: median {first:.0f} days")
    if waiting is not None:
        lines.append(f"录用至出版：中位数 {waiting:.0f} 天" if zh else
                     f"Acceptance to publication: median {waiting:.0f} days")
    if articles:
        lines.append(f"{last_year} 年发文量：{articles} 篇" if zh else
                     f"Articles published in {last_year}: {articles}")
    return lines


@guidance_marker(MARKER, page="aims")
def journal_figures(lang: str) -> str:
    """The figures as Markdown in `lang` ("zh" or "en"), with the day they were computed."""
    lines = _lines(lang)
    if not lines:
        return ""
    day = journal_today().isoformat()
    if lang == "en":
        head = (f"### The journal in figures\n\nComputed on {day}; rates and days over the "
                f"last twelve months.\n")
    else:
        head = f"### 本刊统计\n\n统计日期：{day}；比例与天数按最近12个月计算。\n"
    return head + "\n" + "\n".join(f"- {line}" for line in lines)
