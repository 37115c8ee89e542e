"""A table's chart as SVG, drawn on the server with pygal from the table's own rows: no script,
no font or style from elsewhere, printable, and the same in the page and in the PDF.

Each point carries its value in the SVG (pygal writes it as the point's `desc` with class
`value`), so a test (or a screen reader) reads the series back from the file.
"""

import pygal
from lxml import etree
from pygal.style import Style

from reports.tables import Table, cell_number

STYLE = Style(
    background="white", plot_background="white", foreground="#222", foreground_strong="#111",
    foreground_subtle="#666", opacity=".85", opacity_hover=".95",
    colors=("#1f5f99", "#d9822b", "#3a9a5b", "#8e44ad", "#c0392b"),
    font_family='"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
    label_font_size=11, major_label_font_size=11, legend_font_size=11, title_font_size=13,
    value_font_size=10, tooltip_font_size=11)
KINDS = {"bar": pygal.Bar, "hbar": pygal.HorizontalBar, "line": pygal.Line,
         "funnel": pygal.HorizontalBar}
MAX_POINTS = 12  # horizontal bars: the first rows (the tables are ordered, most first)


def chart_svg(table: Table, width: int = 640) -> str | None:
    """The table's chart (None when it has none or no rows)."""
    if not table.charted:
        return None
    spec = table.chart
    rows = table.rows[:MAX_POINTS] if spec.kind in ("hbar", "funnel") else table.rows
    many = len(rows) > 8
    chart = KINDS[spec.kind](
        width=width, height=max(260, 28 * len(rows) + 120) if spec.kind != "line" else 320,
        style=STYLE, js=(), disable_xml_declaration=True, explicit_size=True,
        show_legend=len(spec.series) > 1, legend_at_bottom=True, print_values=not many,
        x_label_rotation=45 if many and spec.kind in ("bar", "line") else 0,
        truncate_label=-1, show_minor_x_labels=True, title=table.title,
        no_data_text="—", margin=12)
    if spec.kind in ("hbar", "funnel"):
        rows = rows[::-1]  # pygal draws the first bar at the bottom: read top-down like the table
    chart.x_labels = [str(row[spec.label]) for row in rows]
    values = {column: [cell_number(row[column]) for row in rows] for column in spec.series}
    for column in spec.series:
        chart.add(str(table.headers[column]), values[column])
    highest = max((v for vs in values.values() for v in vs if v is not None), default=0)
    if all(float(v).is_integer() for vs in values.values() for v in vs if v is not None) \
            and highest <= 10:
        chart.y_labels = list(range(0, int(highest) + 1))  # counts: no 0.1 steps
    tree = chart.render_tree()
    for script in list(tree.iter("script")):  # pygal's own config script: nothing runs here
        script.getparent().remove(script)
    return etree.tostring(tree, encoding="unicode")
