"""The tables as files: CSV (UTF-8 with a byte-order mark, so Excel reads Chinese) and XLSX
(openpyxl: one sheet per table, numbers as numbers, shares as percentages)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reports.tables import Report, Table, cell_number


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return ("\ufeff" + out.getvalue()).encode()


def _value(cell):
    """What a cell holds in the sheet: a number where it is one, else its text."""
    number = cell_number(cell)
    return cell if number is None else number


def _sheet(book: Workbook, table: Table, period_line: str) -> None:
    # a sheet's name: at most 31 characters, none of []:*?/\
    sheet = book.create_sheet(title="".join(c for c in table.title if c not in "[]:*?/\\")[:31])
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([period_line])
    sheet.append(table.headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_value(cell) for cell in row])
        for cell, value in zip(sheet[sheet.max_row], row, strict=True):
            if isinstance(value, str) and value.endswith("%") and cell_number(value) is not None:
                cell.number_format = "0.0%"
    if table.note:
        sheet.append([])
        sheet.append([table.note])
    for index, header in enumerate(table.headers, start=1):
        widest = max([len(str(header)), *[len(str(row[index - 1])) for row in table.rows]])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, 2 + 1.6 * widest)


def workbook(report: Report, period_line: str, names: list[str] | None = None) -> bytes:
    """The report's tables (all, or those named) as one workbook."""
    book = Workbook()
    book.remove(book.active)
    for name in names or list(report.tables):
        _sheet(book, report.tables[name], period_line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
